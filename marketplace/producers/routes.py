from __future__ import annotations

from flask import render_template
from flask_login import current_user

from .. import ledger
from . import bp


@bp.route("/")
def dashboard() -> str:
    driver = current_user.driver
    accounts = ledger.balances_for_driver(driver.id)
    return render_template(
        "producers/dashboard.html",
        driver=driver,
        accounts=accounts,
        total_owed=sum(a.balance_rials for a in accounts if a.balance_rials > 0),
    )
