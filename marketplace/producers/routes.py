"""The dashboard: what is owed now, what was paid, and what waits for the driver."""

from __future__ import annotations

from flask import render_template

from marketplace import ledger
from marketplace.ledger import earnings
from marketplace.producers import bp
from marketplace.producers.common import me
from marketplace.text.persian import current_jalali_month, tehran_today


@bp.route("/")
def dashboard() -> str:
    driver = me()
    accounts = ledger.balances_for_driver(driver.id)
    return render_template(
        "producers/dashboard.html",
        driver=driver,
        accounts=accounts,
        total_owed=sum(a.balance_rials for a in accounts if a.balance_rials > 0),
        figures=earnings.figures(driver.id, tehran_today()),
        month=current_jalali_month(tehran_today()),
    )
