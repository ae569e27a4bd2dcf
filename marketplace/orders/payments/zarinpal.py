"""ZarinPal, following its REST v4 flow:

1. `start(order)`: POST {ZARINPAL_API_URL}/request.json {merchant_id, amount (Rials),
   callback_url, description, metadata} → data.code 100 and data.authority; the
   authority is stored on the pending Payment and the buyer goes to
   {ZARINPAL_STARTPAY_URL}/{authority}.
2. The gateway sends her back to the callback with ?Authority=..&Status=OK|NOK.
3. `verify(authority, status)`: POST {API_URL}/verify.json {merchant_id, amount,
   authority} → code 100 (paid now) or 101 (verified before), with ref_id and card_pan.
   Whatever `Status` says: anyone who knows an Authority can call the callback, so only
   the gateway decides. Unverified, the payment is closed only when
   {API_URL}/inquiry.json says FAILED or REVERSED; otherwise it stays pending (the buyer
   may still be paying) until the order's payment time runs out.

The payment is marked paid by `UPDATE payments SET state='paid' WHERE id=? AND
state='pending'` and the order by `... WHERE status='pending_payment'`: whichever of
several racing callbacks wins, the order is paid once. A callback for an order that is
no longer awaiting payment is not verified (ZarinPal returns unverified money to the
buyer by itself); if money was verified and the order expired meanwhile, the payment is
marked failed with "REFUND" in its failure_reason and logged as an error.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from marketplace.extensions import db
from marketplace.models import Order, OrderEvent, OrderStatus, Payment, PaymentState
from marketplace.models import PaymentProvider as ProviderCode
from marketplace.models.base import utcnow
from marketplace.orders import notify
from marketplace.orders.payments import PaymentError, PaymentProvider, pending_payment

log = logging.getLogger(__name__)

TIMEOUT_SECONDS = 10
# verify.json: the amount differs from the one the payment was requested for.
WRONG_AMOUNT = -50
# inquiry.json statuses of a payment that can no longer be paid.
GATEWAY_FAILED = ("FAILED", "REVERSED")


@dataclass
class CallbackResult:
    """What happened to a callback. `outcome` is one of: paid, already_paid, cancelled,
    late (order expired or cancelled), duplicate (order paid by another attempt),
    wrong_amount, failed, unknown, gateway_error."""

    outcome: str
    order: Order | None = None
    detail: str = ""


class ZarinPal(PaymentProvider):
    code = ProviderCode.ZARINPAL

    def __init__(self, callback_url: str | None = None) -> None:
        config = current_app.config
        self.merchant_id = config.get("ZARINPAL_MERCHANT_ID", "")
        self.api_url = str(config.get("ZARINPAL_API_URL", "")).rstrip("/")
        if not self.api_url.startswith(("https://", "http://")):
            # urlopen would also read file: URLs; only a web gateway is acceptable here.
            raise ValueError("ZARINPAL_API_URL must be an http(s) URL")
        self.startpay_url = str(config.get("ZARINPAL_STARTPAY_URL", "")).rstrip("/")
        self.callback_url = (
            callback_url
            or config.get("ZARINPAL_CALLBACK_URL")
            or str(config.get("SITE_URL", "")).rstrip("/") + "/payments/zarinpal/callback"
        )

    def _post(self, endpoint: str, payload: dict) -> dict:
        """POST JSON and return the `data` object; PaymentError on any failure."""
        request = urllib.request.Request(  # noqa: S310 (the URL is configuration)
            f"{self.api_url}/{endpoint}",
            data=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json", "Accept": "application/json"},
            method="POST",
        )
        try:
            # Safe: the scheme was checked to be http(s) in __init__.
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310  # nosec B310
                body = json.loads(response.read().decode() or "{}")
        except urllib.error.HTTPError as error:  # v4 answers refusals with 4xx and a JSON body
            try:
                body = json.loads(error.read().decode() or "{}")
            except ValueError:
                raise PaymentError(f"gateway HTTP {error.code}") from error
        except (OSError, ValueError) as error:
            raise PaymentError(f"gateway unreachable: {error}") from error
        data = body.get("data") if isinstance(body, dict) else None
        if isinstance(data, dict) and "code" in data:
            return data
        errors = body.get("errors") if isinstance(body, dict) else None
        if isinstance(errors, dict) and "code" in errors:
            return {"code": errors["code"], "message": errors.get("message", "")}
        raise PaymentError("gateway answered without a code")

    def start(self, order: Order) -> str | None:
        """Ask for an authority for the order's pending payment; the StartPay URL."""
        if order.status != OrderStatus.PENDING_PAYMENT:
            raise PaymentError("this order is not awaiting online payment")
        payment = pending_payment(order)
        if payment is None or payment.authority:  # each attempt its own row and authority
            payment = Payment(order=order, provider=self.code, amount_rials=order.total_rials)
            db.session.add(payment)
        data = self._post("request.json", {
            "merchant_id": self.merchant_id,
            "amount": payment.amount_rials,
            "callback_url": self.callback_url,
            "description": f"Rooyesh order {order.code}",
            "metadata": {k: v for k, v in (("mobile", order.contact_phone),
                                            ("email", order.contact_email)) if v},
        })
        if data.get("code") != 100 or not data.get("authority"):
            db.session.rollback()
            raise PaymentError(f"gateway refused the request: {data.get('code')}")
        payment.authority = str(data["authority"])[:64]
        db.session.commit()
        return f"{self.startpay_url}/{payment.authority}"

    def verify(self, authority: str, status: str) -> CallbackResult:
        """Handle the callback: verify with the gateway and pay once, or say why not."""
        payment = db.session.scalar(
            select(Payment).where(
                Payment.provider == self.code, Payment.authority == (authority or "")[:64]
            )
        ) if authority else None
        if payment is None:
            log.warning("ZarinPal callback for unknown authority %r", (authority or "")[:64])
            return CallbackResult("unknown")
        order = payment.order
        if payment.state == PaymentState.PAID:
            return CallbackResult("already_paid", order)
        if order.status != OrderStatus.PENDING_PAYMENT:
            db.session.refresh(payment)  # a racing callback may have just paid it
            if payment.state == PaymentState.PAID:
                return CallbackResult("already_paid", order)
            reason = f"late callback: order {order.status}; not verified, gateway returns it"
            log.warning("ZarinPal %s for order %s: %s", authority, order.code, reason)
            _close(payment, PaymentState.FAILED, reason, also_closed=True)
            closed = order.status in (OrderStatus.EXPIRED, OrderStatus.CANCELLED)
            return CallbackResult("late" if closed else "duplicate", order)
        if payment.state != PaymentState.PENDING:
            return CallbackResult("failed", order, payment.failure_reason or "")
        if payment.amount_rials != order.total_rials:
            log.error("ZarinPal amount %s differs from order %s total %s", payment.amount_rials,
                      order.code, order.total_rials)
            _close(payment, PaymentState.FAILED, "amount differs from the order total")
            return CallbackResult("wrong_amount", order)
        try:
            data = self._post("verify.json", {"merchant_id": self.merchant_id,
                                              "amount": payment.amount_rials,
                                              "authority": payment.authority})
        except PaymentError as error:
            log.error("ZarinPal verify failed for %s: %s", order.code, error)
            db.session.rollback()
            return CallbackResult("gateway_error", order)
        code = data.get("code")
        if code == WRONG_AMOUNT:
            log.warning("ZarinPal verify refused %s for %s", code, order.code)
            _close(payment, PaymentState.FAILED, f"gateway code {code}: {data.get('message', '')}")
            return CallbackResult("wrong_amount", order)
        if code not in (100, 101):
            return self._not_paid(payment, status, code)
        return _mark_paid(payment, order, str(data.get("ref_id") or ""),
                          str(data.get("card_pan") or "")[:20] or None)

    def _not_paid(self, payment: Payment, status: str, code: object) -> CallbackResult:
        """The gateway did not verify the payment. Close it only when the gateway's inquiry
        says it failed for good: anyone can call the callback with a known Authority, and
        the buyer may still be at her bank, about to pay."""
        try:
            state = self._post("inquiry.json", {"merchant_id": self.merchant_id,
                                                "authority": payment.authority}).get("status")
        except PaymentError as error:
            log.warning("ZarinPal inquiry failed for %s: %s", payment.authority, error)
            state = None
        outcome = "failed" if status == "OK" else "cancelled"
        log.warning("ZarinPal verify %s, inquiry %s for %s (Status=%s)", code, state,
                    payment.authority, (status or "")[:10])
        if state in GATEWAY_FAILED:
            _close(payment, PaymentState.FAILED if status == "OK" else PaymentState.CANCELLED,
                   f"gateway code {code}, inquiry {state}")
        else:
            db.session.rollback()  # still payable: leave it pending for the buyer's own return
        return CallbackResult(outcome, payment.order)


def _close(payment: Payment, state: str, reason: str, ref: str | None = None,
           also_closed: bool = False) -> None:
    """Move a still-pending (or, with also_closed, any unpaid) payment to `state` with a
    reason, and commit. A paid payment is never touched."""
    values = {"state": state, "failure_reason": reason[:300]}
    if ref:
        values["provider_ref"] = ref
    allowed = [PaymentState.PENDING] + ([PaymentState.CANCELLED, PaymentState.FAILED]
                                        if also_closed else [])
    db.session.execute(
        update(Payment)
        .where(Payment.id == payment.id, Payment.state.in_(allowed))
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def _mark_paid(payment: Payment, order: Order, ref_id: str, pan: str | None) -> CallbackResult:
    now: datetime = utcnow()
    try:
        won = db.session.execute(
            update(Payment)
            .where(Payment.id == payment.id, Payment.state == PaymentState.PENDING)
            .values(state=PaymentState.PAID, provider_ref=ref_id or None, paid_at=now,
                    card_pan_masked=pan)
            .execution_options(synchronize_session=False)
        ).rowcount
        if won != 1:
            db.session.rollback()
            db.session.refresh(payment)
            paid = payment.state == PaymentState.PAID
            return CallbackResult("already_paid" if paid else "failed", order)
        moved = db.session.execute(
            update(Order)
            .where(Order.id == order.id, Order.status == OrderStatus.PENDING_PAYMENT)
            .values(status=OrderStatus.PAID)
            .execution_options(synchronize_session=False)
        ).rowcount
    except IntegrityError:
        db.session.rollback()
        log.error("ZarinPal ref_id %s already recorded (order %s)", ref_id, order.code)
        return CallbackResult("failed", order)
    if moved != 1:  # the order expired or was cancelled between the check and now
        db.session.rollback()
        log.error("REFUND needed: ZarinPal ref %s paid order %s after it closed", ref_id,
                  order.code)
        _close(payment, PaymentState.FAILED, f"REFUND: paid (ref {ref_id}) after the order closed",
               ref_id or None)
        return CallbackResult("late", order)
    db.session.add(OrderEvent(order_id=order.id, status=OrderStatus.PAID, created_at=now,
                              note=f"ZarinPal {ref_id}"))
    db.session.refresh(order)
    notify.order_paid(order)
    db.session.commit()
    return CallbackResult("paid", order)
