"""Line and order statuses, cancellation, returns and expiry."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.models import Order, OrderEvent, OutboxMessage
from marketplace.models.base import utcnow
from marketplace.orders import returns, status
from marketplace.orders.checkout import CheckoutDetails, place_order
from marketplace.orders.expiry import expire_orders
from tests.factories import make_user
from tests.orders.conftest import MOBILE, listed, stock_of

POST = {"delivery_method": "post", "province_code": "tehran", "city": "تهران",
        "address": "خیابان ولیعصر", "postal_code": "1134567891"}


def _order(*products, provider: str = "cod", **delivery) -> Order:
    db.session.commit()
    details = CheckoutDetails(contact_name="خریدار", contact_phone=MOBILE,
                              payment_provider=provider,
                              **({"delivery_method": "pickup"} | delivery))
    return place_order(details, {p.id: 1 for p in products}, buyer=None)


def test_order_follows_its_lines_through_preparing(app, db) -> None:
    driver = make_user(role="driver")
    order = _order(listed(), listed(), **POST)
    first, second = order.lines
    status.set_line_status(first, "preparing", actor=driver)
    assert order.status == "preparing"
    with pytest.raises(status.StatusError):
        status.set_line_status(first, "shipped", actor=driver)  # no tracking number
    with pytest.raises(status.StatusError):
        status.set_line_status(first, "ready_for_pickup", actor=driver)  # a posted order
    status.set_line_status(first, "shipped", actor=driver, tracking_number="TRK1")
    assert order.status == "preparing"  # one line still open
    status.set_line_status(second, "shipped", actor=driver, tracking_number="TRK2")
    assert order.status == "shipped"
    status.set_line_status(first, "delivered", actor=driver)
    status.set_line_status(second, "delivered", actor=driver)
    assert order.status == "delivered" and order.delivered_at is not None
    assert order.payments[0].state == "paid"  # cash collected on delivery
    shipped_sms = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.topic == "order_shipped")).all()
    assert any("TRK1" in m.body for m in shipped_sms)
    with pytest.raises(status.StatusError):
        status.set_line_status(first, "preparing", actor=driver)  # no way back


def test_placed_to_ready_passes_through_preparing(app, db) -> None:
    order = _order(listed())
    status.set_line_status(order.lines[0], "ready_for_pickup", actor=None)
    events = [e.status for e in order.events if e.line_id is None]
    assert events == ["placed", "preparing", "ready_for_pickup"]


def test_unpaid_online_order_lines_wait(app, db) -> None:
    order = _order(listed(), provider="zarinpal")
    with pytest.raises(status.StatusError):
        status.set_line_status(order.lines[0], "preparing", actor=None)


def test_cancel_line_returns_stock_and_cancels_the_order(app, db) -> None:
    a, b = listed(stock=2), listed(stock=2)
    order = _order(a, b)
    with pytest.raises(status.StatusError):
        status.cancel_line(order.lines[0], actor=None, reason=" ")
    status.cancel_line(order.lines[0], actor=None, reason="out of wool")
    assert stock_of(a.id) == 2 and order.status == "placed"
    status.cancel_line(order.lines[1], actor=None, reason="buyer asked")
    order = db.session.get(Order, order.id)
    assert order.status == "cancelled" and order.payments[0].state == "cancelled"
    assert stock_of(b.id) == 2
    with pytest.raises(status.StatusError):
        status.cancel_line(order.lines[1], actor=None, reason="again")
    assert stock_of(b.id) == 2


def test_cancel_order(app, db) -> None:
    a = listed(stock=1)
    order = _order(a)
    status.cancel_order(order, actor=None, reason="changed my mind")
    assert order.status == "cancelled" and stock_of(a.id) == 1


def _delivered(now=None):
    order = _order(listed(stock=1))
    line = order.lines[0]
    status.set_line_status(line, "ready_for_pickup", actor=None, now=now)
    status.collect(order, order.pickup_code, actor=make_user(role="staff"), centre_ids=None,
                   now=now)
    return line


def test_return_accepted_owes_the_price_and_restocks_only_when_received(app, db) -> None:
    line = _delivered()
    staff = make_user(role="staff")
    assert line.order.payments[0].state == "paid"  # cash taken at the hand-over
    request = returns.request_return(line, "اندازه مناسب نبود")
    with pytest.raises(returns.ReturnError):
        returns.request_return(line, "again")
    returns.decide_return(request, True, "accepted, in good condition", staff)
    assert line.status == "returned" and stock_of(line.product_id) == 0  # still in the post
    (refund,) = line.order.refunds
    assert (refund.line_id, refund.amount_rials, refund.status) == (
        line.id, line.line_total_rials, "due")
    with pytest.raises(returns.ReturnError):
        returns.decide_return(request, False, "changed", staff)
    returns.receive_back(request, staff)
    assert request.status == "received" and stock_of(line.product_id) == 1
    with pytest.raises(returns.ReturnError):
        returns.receive_back(request, staff)  # a second click puts nothing back
    assert stock_of(line.product_id) == 1


def test_pickup_is_collected_only_with_the_buyers_code(app, db) -> None:
    order = _order(listed(stock=1))
    status.set_line_status(order.lines[0], "ready_for_pickup", actor=None)
    assert order.pickup_code and len(order.pickup_code) == 6
    sms = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.topic == "order_shipped")).one()
    from marketplace.text.persian import to_persian_digits

    assert to_persian_digits(order.pickup_code) in sms.body
    staff = make_user(role="staff")
    db.session.commit()  # a refused hand-over rolls back whatever was not committed
    with pytest.raises(status.StatusError):
        status.collect(order, "000000" if order.pickup_code != "000000" else "111111",
                       actor=staff, centre_ids=None)
    with pytest.raises(status.StatusError):  # another centre's staff
        status.collect(order, order.pickup_code, actor=staff, centre_ids={-1})
    assert order.lines[0].status == "ready_for_pickup"
    status.collect(order, order.pickup_code, actor=staff, centre_ids={order.lines[0].centre_id})
    assert order.status == "delivered" and order.payments[0].state == "paid"
    assert order.payments[0].confirmed_by_id == staff.id
    assert "payment_received" in [e.status for e in order.events]


def test_return_refused_keeps_stock(app, db) -> None:
    line = _delivered()
    request = returns.request_return(line, "رنگ")
    returns.decide_return(request, False, "used", make_user(role="staff"))
    assert request.status == "refused" and line.status == "delivered"
    assert stock_of(line.product_id) == 0


def test_return_window_is_seven_days(app, db) -> None:
    line = _delivered(now=utcnow() - timedelta(days=8))
    assert not returns.can_request_return(line)
    with pytest.raises(returns.ReturnError):
        returns.request_return(line, "late")
    fresh = _delivered(now=utcnow() - timedelta(days=6))
    assert returns.can_request_return(fresh)
    undelivered = _order(listed()).lines[0]
    with pytest.raises(returns.ReturnError):
        returns.request_return(undelivered, "not yet")


def test_expiry_returns_stock_once(app, db) -> None:
    product = listed(stock=2)
    online = _order(product, provider="zarinpal")
    _order(product)  # a cash order never expires
    assert stock_of(product.id) == 0
    assert expire_orders(utcnow()) == 0  # not yet due
    later = utcnow() + app.config["ONLINE_PAYMENT_TTL"] + timedelta(minutes=1)
    assert expire_orders(later) == 1
    assert expire_orders(later) == 0  # idempotent
    assert stock_of(product.id) == 1
    online = db.session.get(Order, online.id)
    assert online.status == "expired" and online.payments[0].state == "cancelled"
    assert online.lines[0].status == "cancelled"
    assert db.session.scalar(select(func.count()).select_from(OrderEvent).where(
        OrderEvent.status == "expired")) == 1


def test_expire_orders_command(app, db) -> None:
    product = listed(stock=1)
    order = _order(product, provider="zarinpal")
    order.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["expire-orders"])
    assert "Expired 1" in result.output
    assert stock_of(product.id) == 1


def test_cancelling_a_paid_order_records_a_refund_due(app, db) -> None:
    order = _order(listed(), provider="bank_transfer")
    payment = order.payments[0]
    payment.state, payment.provider_ref = "paid", "998877"
    order.status = "paid"
    db.session.commit()
    status.cancel_order(order, actor=None, reason="out of stock after all")
    events = [e.status for e in order.events]
    assert events.count("refund_due") == 1 and "cancelled" in events
    assert order.payments[0].state == "paid"  # the record of money received stays
    assert sum(r.amount_rials for r in order.refunds) == order.total_rials
