"""An order's whole life in the domain: delivered, collected, cancelled by the buyer,
returned and received back, refunded; each on SQLite and PostgreSQL, with races."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.models import Order, OutboxMessage, Refund, ReturnRequest
from marketplace.models.base import utcnow
from marketplace.ops import integrity
from marketplace.orders import codes, refunds, returns, status
from marketplace.orders.checkout import CheckoutDetails, place_order
from marketplace.text.persian import tehran_today
from tests.factories import make_user
from tests.orders.conftest import MOBILE, listed, stock_of

POST = {"delivery_method": "post", "province_code": "tehran", "city": "تهران",
        "address": "خیابان ولیعصر", "postal_code": "1134567891"}


def _order(*products, provider: str = "cod", **delivery) -> Order:
    db.session.commit()
    details = CheckoutDetails(contact_name="خریدار", contact_phone=MOBILE,
                              payment_provider=provider, **(POST | delivery))
    return place_order(details, {p.id: 1 for p in products}, buyer=None)


def _paid(order: Order) -> Order:
    """As if the gateway had verified the payment (the callback's own tests cover that)."""
    order.payments[0].state, order.payments[0].paid_at = "paid", utcnow()
    order.status = "paid"
    db.session.commit()
    return order


def _topics() -> list[str]:
    return list(db.session.scalars(select(OutboxMessage.topic).order_by(OutboxMessage.id)))


def _sound() -> None:
    problems = integrity.run_all()
    assert all(not p for p in problems.values()), problems


def test_buyer_cancels_an_unpaid_order_and_nothing_is_due(app, db) -> None:
    product = listed(stock=1)
    order = _order(product)
    assert status.buyer_can_cancel(order)
    status.cancel_by_buyer(order, actor=None, reason="")
    assert order.status == "cancelled" and stock_of(product.id) == 1
    assert order.refunds == [] and "order_cancelled" in _topics()
    _sound()


def test_buyer_cancels_a_paid_order_and_is_refunded_once(app, db) -> None:
    a, b = listed(stock=1), listed(stock=1)
    order = _paid(_order(a, b, provider="zarinpal"))
    status.cancel_by_buyer(order, actor=None, reason="دیگر لازم ندارم")
    assert (stock_of(a.id), stock_of(b.id)) == (1, 1)
    assert order.payments[0].state == "paid"  # the payment record is never edited
    assert sum(r.amount_rials for r in order.refunds) == order.total_rials
    assert {r.status for r in order.refunds} == {"due"}
    admin = make_user(role="admin")
    db.session.commit()
    first = order.refunds[0]
    with pytest.raises(refunds.RefundError):
        refunds.settle(first, actor=admin, method="card_to_card", reference="",
                       refunded_on=tehran_today())  # a transfer needs its reference
    with pytest.raises(refunds.RefundError):
        refunds.settle(first, actor=admin, method="card_to_card", reference="123456",
                       refunded_on=tehran_today() + timedelta(days=1))
    refunds.settle(first, actor=admin, method="card_to_card", reference="123456",
                   refunded_on=tehran_today())
    assert first.status == "refunded" and first.refunded_by_id == admin.id
    assert "refunded" in _topics()
    with pytest.raises(refunds.RefundError):
        refunds.settle(first, actor=admin, method="cash", reference="",
                       refunded_on=tehran_today())
    _sound()


def test_buyer_cannot_cancel_once_a_line_has_left(app, db) -> None:
    order = _order(listed(), listed())
    status.set_line_status(order.lines[0], "shipped", actor=None, tracking_number="TRK")
    assert not status.buyer_can_cancel(order)
    with pytest.raises(status.StatusError):
        status.cancel_by_buyer(order, actor=None, reason="")
    assert order.status == "preparing" and order.lines[1].status == "open"


def test_a_driver_cancelling_one_paid_line_owes_that_line_and_tells_the_buyer(app, db) -> None:
    order = _paid(_order(listed(price_rials=10_000_000), listed(price_rials=30_000_000),
                         provider="zarinpal"))
    line = order.lines[1]
    status.cancel_line(line, actor=None, reason="آسیب دید")
    (refund,) = order.refunds
    assert (refund.line_id, refund.amount_rials) == (line.id, 30_000_000)
    assert order.status == "paid" and "order_cancelled" in _topics()
    _sound()


def test_delivery_day_may_be_earlier_but_not_in_the_future(app, db) -> None:
    order = _order(listed())
    line = order.lines[0]
    status.set_line_status(line, "shipped", actor=None, tracking_number="TRK",
                           now=utcnow() - timedelta(days=5))
    with pytest.raises(status.StatusError):
        status.set_line_status(line, "delivered", actor=None,
                               delivered_at=utcnow() + timedelta(days=1))
    with pytest.raises(status.StatusError):  # before it was posted
        status.set_line_status(line, "delivered", actor=None,
                               delivered_at=utcnow() - timedelta(days=9))
    status.set_line_status(line, "delivered", actor=None,
                           delivered_at=utcnow() - timedelta(days=4))
    assert returns.can_request_return(line)  # 4 days ago: within 7
    assert not returns.can_request_return(line, now=utcnow() + timedelta(days=4))
    assert order.payments[0].state == "paid" and "order_delivered" in _topics()


def test_makers_hear_of_a_sale_only_when_it_is_paid(app, db) -> None:
    from tests.orders.conftest import with_maker

    product = with_maker(listed(), phone="09151112233")
    order = _order(product)
    assert "maker_sold" not in _topics()
    status.set_line_status(order.lines[0], "shipped", actor=None, tracking_number="T1")
    status.set_line_status(order.lines[0], "delivered", actor=None)
    assert _topics().count("maker_sold") == 1  # cash in hand at delivery


def test_order_codes_read_out_over_the_phone() -> None:
    code = codes.new_order_code()
    assert len(code.replace("-", "")) == 14 and code.startswith("RY-")
    assert codes.canonical(code.lower()) == code
    assert codes.canonical(" ".join(code.split("-"))) == code
    persian = code.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert codes.canonical(persian) == code
    assert codes.canonical("ry-oooo-iiii-llll") == "RY-0000-1111-1111"
    assert codes.canonical("abcdefghijklmnopqrst") == "abcdefghijklmnopqrst"  # old codes
    for bad in ("", "RY-1234", "RY-UUUU-1111-1111", "x" * 200, "RY-1234-5678-9ABC-D"):
        assert codes.canonical(bad) is None
    assert len({codes.new_order_code() for _ in range(2000)}) == 2000


def _race(app, work, n: int = 6) -> list[str]:
    """Run `work()` in n threads at once, each with its own session; outcome per thread."""
    barrier, outcomes, lock = threading.Barrier(n), [], threading.Lock()

    def run() -> None:
        with app.app_context():
            barrier.wait()
            try:
                work()
                result = "ok"
            except (returns.ReturnError, refunds.RefundError, status.StatusError):
                result = "refused"
            except Exception as error:  # anything else is a bug the test must show
                result = f"error: {error!r}"
            finally:
                db.session.remove()
            with lock:
                outcomes.append(result)

    threads = [threading.Thread(target=run) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return outcomes


def _returned_request(product) -> int:
    order = _order(product)
    line = order.lines[0]
    status.set_line_status(line, "shipped", actor=None, tracking_number="TRK")
    status.set_line_status(line, "delivered", actor=None)
    return returns.request_return(line, "اندازه").id


def test_concurrent_accepts_receipts_and_settlements_each_happen_once(app, db) -> None:
    product = listed(stock=3)
    request_id = _returned_request(product)
    staff = make_user(role="staff")
    db.session.commit()
    staff_id, stock_before = staff.id, stock_of(product.id)

    def accept() -> None:
        req = db.session.get(ReturnRequest, request_id)
        returns.decide_return(req, True, "پذیرفته", db.session.get(type(staff), staff_id))

    assert sorted(_race(app, accept)) == ["ok"] + ["refused"] * 5
    assert db.session.scalar(select(func.count()).select_from(Refund)) == 1

    def receive() -> None:
        req = db.session.get(ReturnRequest, request_id)
        returns.receive_back(req, db.session.get(type(staff), staff_id))

    assert sorted(_race(app, receive)) == ["ok"] + ["refused"] * 5
    assert stock_of(product.id) == stock_before + 1  # back once, not six times

    refund_id = db.session.scalar(select(Refund.id))

    def settle() -> None:
        refunds.settle(db.session.get(Refund, refund_id),
                       actor=db.session.get(type(staff), staff_id), method="cash",
                       reference="", refunded_on=tehran_today())

    assert sorted(_race(app, settle)) == ["ok"] + ["refused"] * 5
    db.session.expire_all()
    assert db.session.get(Refund, refund_id).status == "refunded"
    _sound()
