"""Payments without a gateway: cash (or card reader) on delivery, and bank transfer."""

from __future__ import annotations

import re

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from marketplace.extensions import db
from marketplace.models import (
    Order,
    OrderEvent,
    OrderNote,
    OrderStatus,
    Payment,
    PaymentState,
    User,
)
from marketplace.models import PaymentProvider as ProviderCode
from marketplace.models.base import utcnow
from marketplace.orders import notify
from marketplace.orders.payments import PaymentError, PaymentProvider
from marketplace.text.persian import normalize


class CashOnDelivery(PaymentProvider):
    """Paid to the courier or at the centre; recorded when the order is delivered."""

    code = ProviderCode.COD

    def start(self, order: Order) -> str | None:
        return None


class BankTransfer(PaymentProvider):
    """The buyer transfers, then gives the reference number; staff confirm it."""

    code = ProviderCode.BANK_TRANSFER

    def start(self, order: Order) -> str | None:
        return None


def bank_account() -> dict[str, str]:
    """Where to transfer to, from BANK_ACCOUNT in the configuration."""
    return current_app.config.get("BANK_ACCOUNT") or {
        "holder": "سازمان بازآفرینی شهری مشهد - روییش",
        "sheba": "IR000000000000000000000000",
        "bank": "",
    }


def submit_reference(payment: Payment, reference: str) -> Payment:
    """Record the bank's reference number the buyer typed; staff check it later."""
    ref = re.sub(r"[\s-]", "", normalize(reference or "", multiline=False))
    if not re.fullmatch(r"[0-9A-Za-z]{4,40}", ref, re.ASCII):
        raise PaymentError(_l("Enter the reference number on your bank receipt."))
    if payment.provider != ProviderCode.BANK_TRANSFER or payment.state != PaymentState.PENDING:
        raise PaymentError(_l("This order is not waiting for a bank transfer."))
    try:
        payment.provider_ref = ref
        db.session.flush()  # UNIQUE (provider, provider_ref): a reused reference fails here
        payment.order.events.append(OrderEvent(status=OrderNote.TRANSFER_REPORTED, note=ref))
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise PaymentError(_l("This reference number was already used.")) from None
    return payment


def confirm_bank_transfer(payment: Payment, actor: User) -> Payment:
    """Staff saw the money arrive: the payment is paid (once) and the order follows."""
    if payment.provider != ProviderCode.BANK_TRANSFER:
        raise PaymentError(_l("This is not a bank transfer."))
    if not payment.provider_ref:
        raise PaymentError(_l("The buyer has not given a reference number yet."))
    if payment.order.status in (OrderStatus.CANCELLED, OrderStatus.EXPIRED):
        raise PaymentError(_l("This order is closed; refund the transfer instead."))
    now = utcnow()
    claimed = db.session.execute(
        update(Payment)
        .where(Payment.id == payment.id, Payment.state == PaymentState.PENDING)
        .values(state=PaymentState.PAID, paid_at=now, confirmed_by_id=actor.id)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        db.session.rollback()
        raise PaymentError(_l("This payment was already confirmed or closed."))
    order = db.session.scalar(
        select(Order).where(Order.id == payment.order_id).execution_options(
            populate_existing=True)
    )
    if OrderStatus.PAID in OrderStatus.TRANSITIONS[order.status]:
        order.status = OrderStatus.PAID
    order.events.append(OrderEvent(status=OrderStatus.PAID, actor_id=actor.id, created_at=now,
                                   note=payment.provider_ref))
    notify.order_paid(order)
    db.session.commit()
    db.session.refresh(payment)
    return payment
