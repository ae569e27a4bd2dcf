"""Payments: ZarinPal against a fake gateway on 127.0.0.1, and bank transfers."""

from __future__ import annotations

import threading
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.models import Order, OrderEvent, OutboxMessage, Payment
from marketplace.models.base import utcnow
from marketplace.ops.integrity import check_orders
from marketplace.orders.checkout import CheckoutDetails, place_order
from marketplace.orders.expiry import expire_orders
from marketplace.orders.payments import PaymentError
from marketplace.orders.payments.offline import confirm_bank_transfer, submit_reference
from marketplace.orders.payments.zarinpal import ZarinPal, _mark_paid
from tests.factories import make_user
from tests.orders.conftest import MOBILE, listed, place, stock_of


def _order(provider: str = "zarinpal", stock: int = 1) -> Order:
    product = listed(stock=stock)
    db.session.commit()
    details = CheckoutDetails(contact_name="خریدار", contact_phone=MOBILE,
                              delivery_method="pickup", payment_provider=provider)
    return place_order(details, {product.id: 1}, buyer=None)


def _started(gateway) -> tuple[Order, str]:
    order = _order()
    url = ZarinPal(callback_url="http://shop.test/payments/zarinpal/callback").start(order)
    authority = url.rsplit("/", 1)[1]
    assert url.startswith("https://sandbox.zarinpal.com/pg/StartPay/")
    return order, authority


def _paid_events(order_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(OrderEvent).where(
        OrderEvent.order_id == order_id, OrderEvent.status == "paid"))


def _reload(order: Order) -> Order:
    db.session.expire_all()
    return db.session.get(Order, order.id)


def test_checkout_redirects_to_gateway_and_callback_pays(client, db, gateway) -> None:
    product = listed(stock=1, price_rials=30_000_000)
    db.session.commit()
    client.post("/cart/add", data={"product_id": product.id})
    response = place(client, payment_provider="zarinpal", delivery_method="pickup")
    assert response.status_code == 302
    location = response.headers["Location"]
    assert "/StartPay/A" in location
    path, body = gateway.calls[0]
    assert path.endswith("/pg/v4/payment/request.json")
    assert body["amount"] == 30_000_000 and body["merchant_id"] == "test-merchant"
    assert urlsplit(body["callback_url"]).path == "/payments/zarinpal/callback"
    authority = location.rsplit("/", 1)[1]
    order = db.session.scalar(select(Order))
    assert order.status == "pending_payment" and order.expires_at is not None
    back = client.get(f"/payments/zarinpal/callback?Authority={authority}&Status=OK")
    assert back.status_code == 302 and back.headers["Location"].endswith(f"/orders/{order.code}")
    order = _reload(order)
    payment = order.payments[0]
    assert (order.status, payment.state) == ("paid", "paid")
    assert payment.provider_ref and payment.card_pan_masked == "502229******5995"
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage).where(
        OutboxMessage.topic == "order_paid")) == 1


def test_cancel_at_gateway_keeps_order_waiting_and_can_retry(app, db, gateway) -> None:
    order, authority = _started(gateway)
    gateway.at_bank[authority] = "FAILED"
    result = ZarinPal().verify(authority, "NOK")
    assert result.outcome == "cancelled"
    order = _reload(order)
    assert order.status == "pending_payment" and order.payments[0].state == "cancelled"
    assert [path.rsplit("/", 1)[1] for path, _ in gateway.calls[1:]] == [
        "verify.json", "inquiry.json"]  # the gateway, not the Status, said so
    retry = ZarinPal().start(order).rsplit("/", 1)[1]  # a new attempt, a new authority
    spare = ZarinPal().start(order).rsplit("/", 1)[1]  # e.g. a second tab
    assert len({authority, retry, spare}) == 3
    assert ZarinPal().verify(retry, "OK").outcome == "paid"
    assert ZarinPal().verify(spare, "OK").outcome == "duplicate"  # not verified, not taken
    order = _reload(order)
    assert order.status == "paid"
    assert sorted(p.state for p in order.payments) == ["cancelled", "failed", "paid"]
    assert sum(path.endswith("verify.json") for path, _ in gateway.calls) == 2


def test_a_forged_nok_for_a_paid_payment_still_pays(app, db, gateway) -> None:
    """Finding 11: a Status=NOK the gateway contradicts is a lie (or a lost OK)."""
    order, authority = _started(gateway)
    assert ZarinPal().verify(authority, "NOK").outcome == "paid"
    order = _reload(order)
    assert (order.status, order.payments[0].state) == ("paid", "paid")


@pytest.mark.parametrize("status", ["NOK", "OK", ""])
def test_a_forged_callback_while_the_buyer_pays_changes_nothing(app, db, gateway,
                                                                status: str) -> None:
    """Finding 11: whoever knows the Authority calls the callback while the buyer is still
    at her bank; her own OK afterwards is verified and pays."""
    order, authority = _started(gateway)
    gateway.at_bank[authority] = "IN_BANK"
    assert ZarinPal().verify(authority, status).outcome in ("cancelled", "failed")
    order = _reload(order)
    assert (order.status, order.payments[0].state) == ("pending_payment", "pending")
    gateway.at_bank[authority] = "PAID"
    assert ZarinPal().verify(authority, "OK").outcome == "paid"
    assert _reload(order).status == "paid"


def test_a_gateway_that_refuses_then_says_failed_closes_the_payment(app, db, gateway) -> None:
    order, authority = _started(gateway)
    gateway.at_bank[authority] = "FAILED"
    assert ZarinPal().verify(authority, "OK").outcome == "failed"
    assert _reload(order).payments[0].state == "failed"


def test_double_callback_pays_once(app, db, gateway) -> None:
    order, authority = _started(gateway)
    assert ZarinPal().verify(authority, "OK").outcome == "paid"
    assert ZarinPal().verify(authority, "OK").outcome == "already_paid"
    assert _paid_events(order.id) == 1


def test_five_concurrent_callbacks_pay_once(app, db, gateway) -> None:
    order, authority = _started(gateway)
    barrier = threading.Barrier(5)
    outcomes: list[str] = []

    def callback() -> None:
        with app.app_context():
            barrier.wait()
            try:
                outcomes.append(ZarinPal().verify(authority, "OK").outcome)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=callback) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(outcomes) == ["already_paid"] * 4 + ["paid"], outcomes
    assert _paid_events(order.id) == 1
    paid = db.session.scalars(select(Payment).where(Payment.state == "paid")).all()
    assert len(paid) == 1 and _reload(order).status == "paid"
    assert check_orders() == []


def test_wrong_amount_at_gateway_is_refused(app, db, gateway) -> None:
    order, authority = _started(gateway)
    gateway.amounts[authority] -= 10_000  # the gateway holds another amount for this token
    result = ZarinPal().verify(authority, "OK")
    assert result.outcome == "wrong_amount"
    order = _reload(order)
    assert order.status == "pending_payment" and order.payments[0].state == "failed"
    assert "-50" in order.payments[0].failure_reason


def test_payment_amount_differing_from_order_total_is_refused(app, db, gateway) -> None:
    order, authority = _started(gateway)
    order.payments[0].amount_rials = 10
    db.session.commit()
    assert ZarinPal().verify(authority, "OK").outcome == "wrong_amount"
    assert not any(path.endswith("verify.json") for path, _ in gateway.calls)
    assert _reload(order).status == "pending_payment"


def test_unknown_authority_gets_a_clear_page(client, db, gateway) -> None:
    client.post("/language", data={"lang": "en"})
    response = client.get("/payments/zarinpal/callback?Authority=A999&Status=OK")
    assert response.status_code == 404
    assert "We do not know this payment" in response.get_data(as_text=True)
    assert client.get("/payments/zarinpal/callback").status_code == 404
    assert db.session.scalar(select(func.count()).select_from(Payment)) == 0


def test_late_callback_after_expiry_is_refused_without_verifying(app, db, gateway) -> None:
    order, authority = _started(gateway)
    product_id = order.lines[0].product_id
    assert expire_orders(utcnow() + timedelta(hours=2)) == 1
    assert stock_of(product_id) == 1
    result = ZarinPal().verify(authority, "OK")
    assert result.outcome == "late"
    assert not any(path.endswith("verify.json") for path, _ in gateway.calls)
    order = _reload(order)
    assert order.status == "expired" and order.payments[0].state == "failed"
    assert "late callback" in order.payments[0].failure_reason


def test_paid_after_expiry_is_recorded_for_refund(app, db, gateway) -> None:
    order, _ = _started(gateway)
    expire_orders(utcnow() + timedelta(hours=2))
    order = _reload(order)
    payment = db.session.get(Payment, order.payments[0].id)
    payment.state = "pending"  # as if the callback had read it before expiry ran
    db.session.commit()
    assert _mark_paid(payment, order, "777", None).outcome == "late"
    payment = _reload(order).payments[0]
    assert payment.state == "failed" and payment.provider_ref == "777"
    assert "REFUND" in payment.failure_reason


def test_bank_transfer_reference_and_confirmation(client, db) -> None:
    staff = make_user(role="staff")
    order = _order("bank_transfer")
    assert order.status == "placed"
    response = client.post(f"/orders/{order.code}/bank-reference",
                           data={"reference": "۱۲۳۴-۵۶۷۸۹"})
    assert response.status_code == 302
    payment = _reload(order).payments[0]
    assert payment.provider_ref == "123456789" and payment.state == "pending"
    confirm_bank_transfer(payment, staff)
    order = _reload(order)
    assert (order.status, order.payments[0].state) == ("paid", "paid")
    assert order.payments[0].confirmed_by_id == staff.id
    with pytest.raises(PaymentError):
        confirm_bank_transfer(order.payments[0], staff)
    assert _paid_events(order.id) == 1


def test_bank_reference_cannot_be_reused(app, db) -> None:
    first, second = _order("bank_transfer"), _order("bank_transfer")
    submit_reference(first.payments[0], "55667788")
    with pytest.raises(PaymentError):
        submit_reference(second.payments[0], "55667788")
    with pytest.raises(PaymentError):
        confirm_bank_transfer(_reload(second).payments[0], make_user(role="staff"))


def test_callback_pages_over_http(client, db, gateway) -> None:
    client.post("/language", data={"lang": "en"})
    order, authority = _started(gateway)
    url = f"/payments/zarinpal/callback?Authority={authority}&Status="
    first = client.get(url + "OK", follow_redirects=True).get_data(as_text=True)
    assert "Your payment was received" in first
    again = client.get(url + "OK", follow_redirects=True).get_data(as_text=True)
    assert "already received" in again
    assert _paid_events(order.id) == 1


def test_cancelled_callback_over_http(client, db, gateway) -> None:
    client.post("/language", data={"lang": "en"})
    order, authority = _started(gateway)
    gateway.at_bank[authority] = "FAILED"
    page = client.get(f"/payments/zarinpal/callback?Authority={authority}&Status=NOK",
                      follow_redirects=True).get_data(as_text=True)
    assert "The payment was cancelled" in page and f"/orders/{order.code}/pay" in page


def _unreachable() -> str:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/pg/v4/payment"


def test_gateway_down_at_verify_keeps_payment_pending(client, app, db, gateway) -> None:
    client.post("/language", data={"lang": "en"})
    order, authority = _started(gateway)
    app.config["ZARINPAL_API_URL"] = _unreachable()
    response = client.get(f"/payments/zarinpal/callback?Authority={authority}&Status=OK")
    assert response.status_code == 200
    assert "Check again" in response.get_data(as_text=True)
    order = _reload(order)
    assert order.status == "pending_payment" and order.payments[0].state == "pending"


def test_gateway_down_at_checkout_still_places_the_order(client, app, db, gateway) -> None:
    app.config["ZARINPAL_API_URL"] = _unreachable()
    product = listed(stock=1)
    db.session.commit()
    client.post("/cart/add", data={"product_id": product.id})
    response = place(client, payment_provider="zarinpal")
    order = db.session.scalar(select(Order))
    assert response.headers["Location"].endswith(f"/orders/{order.code}")
    assert order.status == "pending_payment" and stock_of(product.id) == 0
