"""Refunds: money owed back to a buyer, recorded on its own and settled once.

A cancelled line of a paid order, a paid order cancelled whole (its shipping fee too) and
an accepted return each owe a refund (`owe_*`, no commit: the caller's transaction). The
admin, or the driver for her own lines, settles it (`settle`): method, reference and the
day it was paid, with a conditional UPDATE so a double click settles once. A refund never
edits the payment it pays back, and the makers' wages already earned are not taken back:
the programme pays makers when the driver buys the piece.
"""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, select, update

from marketplace.extensions import db
from marketplace.models import (
    Order,
    OrderEvent,
    OrderLine,
    OrderNote,
    PaymentState,
    Refund,
    RefundMethod,
    RefundReason,
    RefundStatus,
    User,
)
from marketplace.models.base import utcnow
from marketplace.orders import OrderError, notify
from marketplace.people import audit
from marketplace.text.persian import tehran_today


class RefundError(OrderError):
    """A refund that cannot be settled as asked."""


def paid_rials(order: Order) -> int:
    """What the buyer has paid for this order (payments received, never edited)."""
    return sum(p.amount_rials for p in order.payments if p.state == PaymentState.PAID)


def owed_rials(order: Order) -> int:
    """What is already owed back or refunded for this order."""
    return int(db.session.scalar(
        select(func.coalesce(func.sum(Refund.amount_rials), 0)).where(Refund.order_id == order.id)
    ) or 0)


def _owe(order: Order, amount: int, reason: str, actor: User | None, now: datetime,
         line: OrderLine | None = None) -> Refund | None:
    amount = min(amount, paid_rials(order) - owed_rials(order))  # never more than was paid
    if amount <= 0:
        return None
    refund = Refund(order_id=order.id, line_id=line.id if line is not None else None,
                    reason=reason, amount_rials=amount, created_at=now,
                    created_by_id=actor.id if actor is not None else None)
    db.session.add(refund)
    db.session.flush()
    order.events.append(OrderEvent(
        status=OrderNote.REFUND_DUE, line_id=refund.line_id, created_at=now,
        actor_id=refund.created_by_id, note=str(amount),
    ))
    audit.record(actor, "refund.due", refund, {"amount_rials": amount, "reason": reason})
    return refund


def owe_for_line(line: OrderLine, reason: str, actor: User | None, now: datetime) -> None:
    """A cancelled or returned line of a paid order: its price is owed back; no commit."""
    _owe(line.order, line.line_total_rials, reason, actor, now, line=line)


def owe_rest(order: Order, actor: User | None, now: datetime) -> None:
    """A paid order cancelled whole: whatever is not yet owed (the shipping fee) too."""
    _owe(order, paid_rials(order), RefundReason.CANCELLED, actor, now)


def settle(
    refund: Refund,
    *,
    actor: User,
    method: str,
    reference: str,
    refunded_on: date,
    now: datetime | None = None,
) -> Refund:
    """Record that the money went back: once, with how and when; the buyer is told."""
    now = now or utcnow()
    reference = (reference or "").strip()[:64]
    if method not in RefundMethod.values():
        raise RefundError(_l("Choose how the money was paid back."), "method")
    if method != RefundMethod.CASH and not reference:
        raise RefundError(_l("Enter the reference of the transfer."), "reference")
    if refunded_on > tehran_today():
        raise RefundError(_l("The day of the refund cannot be in the future."), "refunded_on")
    if refunded_on < refund.created_at.date():
        raise RefundError(_l("The refund cannot be paid before it was due."), "refunded_on")
    claimed = db.session.execute(
        update(Refund)
        .where(Refund.id == refund.id, Refund.status == RefundStatus.DUE)
        .values(status=RefundStatus.REFUNDED, method=method, reference=reference or None,
                refunded_on=refunded_on, refunded_by_id=actor.id, settled_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        db.session.rollback()
        raise RefundError(_l("This refund was already recorded."))
    db.session.refresh(refund)
    refund.order.events.append(OrderEvent(
        status=OrderNote.REFUNDED, line_id=refund.line_id, actor_id=actor.id, created_at=now,
        note=f"{method} {reference}".strip(),
    ))
    audit.record(actor, "refund.settled", refund, {
        "status": [RefundStatus.DUE, RefundStatus.REFUNDED], "method": method,
        "reference": reference, "refunded_on": refunded_on,
    })
    notify.refunded(refund)
    db.session.commit()
    return refund


def refunds_query(*, status: str | None = None, driver_id: int | None = None) -> Select:
    """Refunds newest first; a driver's are those of her own lines."""
    query = select(Refund).order_by(Refund.status != RefundStatus.DUE, Refund.id.desc())
    if status in RefundStatus.values():
        query = query.where(Refund.status == status)
    if driver_id is not None:
        query = query.join(OrderLine, OrderLine.id == Refund.line_id).where(
            OrderLine.driver_id == driver_id
        )
    return query
