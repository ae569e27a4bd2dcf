"""Payments without a gateway: cash (or card reader) on delivery, and bank transfer."""

from __future__ import annotations

import re
from dataclasses import dataclass

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
from marketplace.text.validators import ValidationProblem, sheba


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


@dataclass(frozen=True)
class BankAccount:
    """The programme's account for transfers, as the order page shows it."""

    holder: str
    sheba: str  # IR and 24 digits
    bank: str
    example: bool  # the development account: shown as an example, nobody's real one

    @property
    def sheba_grouped(self) -> str:
        """In fours, as printed on a bank card: IR22 0000 0000 …; easier to read out."""
        return " ".join(self.sheba[i : i + 4] for i in range(0, len(self.sheba), 4))


def bank_transfer_offered() -> bool:
    """Whether buyers may choose bank transfer: it is on, and an account is configured."""
    return bool(current_app.config.get("BANK_TRANSFER_ENABLED")) and bank_account() is not None


def bank_account() -> BankAccount | None:
    """Where to transfer to, from BANK_SHEBA, BANK_ACCOUNT_HOLDER and BANK_NAME; None when
    no valid account is configured (production refuses to start that way)."""
    config = current_app.config
    try:
        number = sheba(config.get("BANK_SHEBA"))
    except ValidationProblem:
        return None
    return BankAccount(
        holder=normalize(config.get("BANK_ACCOUNT_HOLDER") or "", multiline=False),
        sheba=number,
        bank=normalize(config.get("BANK_NAME") or "", multiline=False),
        example=number == config.get("EXAMPLE_SHEBA"),
    )


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
