"""A driver settles refunds of her own lines; another driver's refund is 404."""

from __future__ import annotations

from marketplace.extensions import db
from marketplace.models import Refund
from marketplace.text.persian import format_date_input, tehran_today
from tests import factories as f


def _refund(driver_user) -> Refund:
    product = f.make_product(driver=driver_user.driver, status="listed")
    line = f.make_order_line(product=product, status="cancelled")
    f.make_payment(order=line.order, state="paid", amount_rials=line.line_total_rials)
    refund = Refund(order=line.order, line=line, reason="cancelled",
                    amount_rials=line.line_total_rials)
    db.session.add(refund)
    db.session.commit()
    return refund


def test_a_driver_settles_her_own_refund(client, db, login_as) -> None:
    driver = f.make_user("driver")
    refund = _refund(driver)
    login_as(driver)
    assert refund.order.code in client.get("/producers/refunds").get_data(as_text=True)
    client.post(f"/producers/refunds/{refund.id}/settle", data={
        "method": "cash", "reference": "", "refunded_on": format_date_input(tehran_today(), "fa")})
    db.session.expire_all()
    assert db.session.get(Refund, refund.id).status == "refunded"


def test_another_drivers_refund_is_404(client, db, login_as) -> None:
    refund = _refund(f.make_user("driver"))
    login_as(f.make_user("driver"))
    assert refund.order.code not in client.get("/producers/refunds").get_data(as_text=True)
    response = client.post(f"/producers/refunds/{refund.id}/settle", data={
        "method": "cash", "refunded_on": format_date_input(tehran_today(), "fa")})
    assert response.status_code == 404
