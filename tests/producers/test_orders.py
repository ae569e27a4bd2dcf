"""Fulfilment of the driver's own order lines, through orders/status.py."""

from __future__ import annotations

from sqlalchemy import select

from marketplace.extensions import db as _db
from marketplace.models import Order, OrderEvent, OrderLine, Product
from tests import factories as f


def _line(line_id: int) -> OrderLine:
    _db.session.expire_all()
    return _db.session.get(OrderLine, line_id)


def test_only_my_lines_and_their_buyers_are_shown(client, login_as, db, mine, theirs) -> None:
    theirs.line.order.contact_name = "خریدار دیگر"
    mine.line.order.contact_name = "خریدار من"
    db.session.commit()
    login_as(mine.user)
    html = client.get("/producers/orders").get_data(as_text=True)
    assert "خریدار من" in html and mine.line.title_fa in html
    assert "خریدار دیگر" not in html and theirs.line.title_fa not in html


def test_a_pickup_line_is_prepared_then_made_ready(client, login_as, mine) -> None:
    login_as(mine.user)
    base = f"/producers/orders/lines/{mine.line.id}"
    assert client.post(base + "/preparing").status_code == 302
    assert _line(mine.line.id).status == "preparing"
    client.post(base + "/shipped", data={"tracking_number": "123"})  # pick-up: refused
    assert _line(mine.line.id).status == "preparing"
    client.post(base + "/ready")
    line = _line(mine.line.id)
    assert line.status == "ready_for_pickup"
    assert line.order.status == "ready_for_pickup"
    assert _db.session.scalars(select(OrderEvent).where(OrderEvent.line_id == line.id)).all()


def test_shipping_needs_a_tracking_number(client, login_as, db, mine) -> None:
    order = f.make_order(status="paid", delivery_method="post", pickup_centre=None,
                         postal_code="9188888888", address="مشهد، خیابان امام رضا")
    line = f.make_order_line(product=mine.product, order=order)
    db.session.commit()
    login_as(mine.user)
    html = client.get("/producers/orders").get_data(as_text=True)
    assert "خیابان امام رضا" in html
    client.post(f"/producers/orders/lines/{line.id}/shipped", data={"tracking_number": ""})
    assert _line(line.id).status == "open"
    client.post(f"/producers/orders/lines/{line.id}/shipped",
                data={"tracking_number": "ABC123"})
    assert _line(line.id).status == "shipped"
    assert _line(line.id).tracking_number == "ABC123"


def test_cancelling_a_line_needs_a_reason_and_returns_stock(client, login_as, mine) -> None:
    login_as(mine.user)
    before = mine.product.stock
    url = f"/producers/orders/lines/{mine.line.id}/cancel"
    client.post(url, data={"reason": ""})
    assert _line(mine.line.id).status == "open"
    client.post(url, data={"reason": "پارگی در بافت"})
    line = _line(mine.line.id)
    assert line.status == "cancelled" and line.cancel_reason == "پارگی در بافت"
    assert _db.session.get(Product, mine.product.id).stock == before + 1
    assert _db.session.get(Order, line.order_id).status == "cancelled"
