"""The dashboard: what is owed now, what was paid, and what waits for the driver."""

from __future__ import annotations

from flask import render_template

from .. import earnings, ledger
from ..persian import current_jalali_month
from . import bp
from .common import me, today


@bp.route("/")
def dashboard() -> str:
    driver = me()
    accounts = ledger.balances_for_driver(driver.id)
    return render_template(
        "producers/dashboard.html",
        driver=driver,
        accounts=accounts,
        total_owed=sum(a.balance_rials for a in accounts if a.balance_rials > 0),
        figures=earnings.figures(driver.id, today()),
        month=current_jalali_month(today()),
    )
