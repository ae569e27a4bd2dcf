"""Moving orders and their lines through their statuses, with an append-only history.

API (each function validates, writes OrderEvent rows, and commits once):

- `set_line_status(line, new_status, *, actor, tracking_number=None, note=None)`:
  a driver moves one of her lines: open → preparing → shipped (post; tracking number
  required) / ready_for_pickup (pick-up) → delivered. Lines of an order still awaiting
  online payment, or cancelled/expired, do not move.
- `cancel_line(line, *, actor, reason)`: cancels an open or preparing line and returns
  its stock; when no live line is left the order is cancelled (and its pending payment).
- `cancel_order(order, *, actor, reason)`: cancels every cancellable line at once.
- `cancel_by_buyer(order, *, actor, reason)`: the buyer's own cancellation, allowed while
  no line has left (shipped, ready, delivered).
- `collect(order, code, *, actor, centre_ids)`: centre staff hand a pick-up order over
  against the buyer's pick-up code.
- `move_order(order, new_status, *, actor, note=None)`: the order itself (used by
  payments and expiry; commits nothing, the caller does).

A paid order that loses a line owes its price back, and cancelled whole its shipping
too (`refunds.owe_*`); pay on delivery is received when the last line is delivered or
collected. Every step tells the buyer (`notify`) and writes the audit log.

The order follows its lines (`follow_lines`): all live lines delivered → delivered,
all shipped or delivered → shipped, all ready or delivered → ready_for_pickup, any line
under way → preparing, none left → cancelled. A move the order's TRANSITIONS do not
allow directly (placed → shipped) passes through preparing, recorded as two events.
All transitions come from `OrderStatus.TRANSITIONS` / `LineStatus.TRANSITIONS`.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable
from datetime import datetime
from functools import wraps
from typing import ParamSpec, TypeVar

from flask_babel import lazy_gettext as _l
from sqlalchemy import update

from marketplace.catalogue.inventory import return_stock
from marketplace.extensions import db
from marketplace.models import (
    DeliveryMethod,
    LineStatus,
    Order,
    OrderEvent,
    OrderLine,
    OrderNote,
    OrderStatus,
    PaymentProvider,
    PaymentState,
    RefundReason,
    User,
)
from marketplace.models.base import utcnow
from marketplace.orders import OrderError, notify, refunds
from marketplace.people import audit
from marketplace.text.persian import normalize

P = ParamSpec("P")
R = TypeVar("R")

FROZEN_ORDER = {OrderStatus.PENDING_PAYMENT, OrderStatus.CANCELLED, OrderStatus.EXPIRED}
# Lines that have left the driver: the buyer can no longer cancel the order herself.
GONE = {LineStatus.SHIPPED, LineStatus.READY_FOR_PICKUP, LineStatus.DELIVERED,
        LineStatus.RETURNED}


class StatusError(OrderError):
    """A move that is not allowed."""


def atomic(operation: Callable[P, R]) -> Callable[P, R]:
    """Roll back on refusal, so the lock and any half-made change go with it."""

    @wraps(operation)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return operation(*args, **kwargs)
        except Exception:
            db.session.rollback()
            raise

    return run


def lock_order(order: Order) -> None:
    """Serialise changes to one order: a no-op UPDATE takes its row lock (PostgreSQL) or
    the write lock (SQLite), then the order and its lines are re-read, so two drivers
    moving two lines at once cannot both decide from a stale picture."""
    db.session.execute(
        update(Order).where(Order.id == order.id).values(status=Order.status)
        .execution_options(synchronize_session=False)
    )
    for line in list(order.lines):
        db.session.expire(line)
    db.session.expire(order)


def _event(order: Order, status: str, actor: User | None, now: datetime,
           line: OrderLine | None = None, note: str | None = None) -> None:
    order.events.append(OrderEvent(
        status=status, line_id=line.id if line is not None else None,
        actor_id=actor.id if actor is not None else None,
        note=(note or None) and note[:300], created_at=now,
    ))


def move_order(order: Order, new_status: str, *, actor: User | None,
               note: str | None = None, now: datetime | None = None) -> None:
    """Set the order's status (through preparing if needed) and record it; no commit."""
    now = now or utcnow()
    if new_status == order.status:
        return
    allowed = OrderStatus.TRANSITIONS[order.status]
    if new_status not in allowed:
        via = OrderStatus.PREPARING
        if via in allowed and new_status in OrderStatus.TRANSITIONS[via]:
            order.status = via
            _event(order, via, actor, now)
        else:
            raise StatusError(_l("This order cannot move from %(old)s to %(new)s.",
                                 old=order.status, new=new_status))
    audit.record(actor, "order.status", order, {"status": [order.status, new_status]})
    order.status = new_status
    _event(order, new_status, actor, now, note=note)
    if new_status == OrderStatus.DELIVERED:
        order.delivered_at = now
        _collect_cash(order, actor, now)


def _collect_cash(order: Order, actor: User | None, now: datetime) -> None:
    """Pay on delivery: the money is in hand once the last line is delivered or collected;
    who took it, when and how much is the payment's own record."""
    for payment in order.payments:
        if payment.provider == PaymentProvider.COD and payment.state == PaymentState.PENDING:
            payment.state = PaymentState.PAID
            payment.paid_at = now
            payment.confirmed_by_id = actor.id if actor is not None else None
            _event(order, OrderNote.PAYMENT_RECEIVED, actor, now,
                   note=str(payment.amount_rials))
            audit.record(actor, "payment.received", payment,
                         {"state": [PaymentState.PENDING, PaymentState.PAID],
                          "amount_rials": payment.amount_rials})
            notify.order_paid(order)


def derived_status(order: Order) -> str:
    """What the order's status should be, given its lines."""
    live = [ln.status for ln in order.lines if ln.status != LineStatus.CANCELLED]
    if not live:
        return OrderStatus.CANCELLED
    done = {LineStatus.DELIVERED, LineStatus.RETURNED}
    if all(s in done for s in live):
        return OrderStatus.DELIVERED
    if all(s in done | {LineStatus.SHIPPED} for s in live):
        return OrderStatus.SHIPPED
    if all(s in done | {LineStatus.READY_FOR_PICKUP} for s in live):
        return OrderStatus.READY_FOR_PICKUP
    if any(s != LineStatus.OPEN for s in live):
        return OrderStatus.PREPARING
    return order.status


def follow_lines(order: Order, *, actor: User | None, now: datetime | None = None) -> None:
    """Bring the order's status in line with its lines; no commit."""
    target = derived_status(order)
    if target == order.status:
        return
    move_order(order, target, actor=actor, now=now)
    if target == OrderStatus.CANCELLED:
        for payment in order.payments:
            if payment.state == PaymentState.PENDING:  # an unpaid online payment is voided
                payment.state = PaymentState.CANCELLED
        refunds.owe_rest(order, actor, now or utcnow())  # money in hand goes back


@atomic
def set_line_status(
    line: OrderLine,
    new_status: str,
    *,
    actor: User | None,
    tracking_number: str | None = None,
    note: str | None = None,
    delivered_at: datetime | None = None,
    now: datetime | None = None,
) -> OrderLine:
    """Move one line forward (not to cancelled: use cancel_line), then the order; commit.

    `delivered_at` is when a posted line reached the buyer, if not now (the driver heard
    of it by phone): it starts the 7 days for a return."""
    now = now or utcnow()
    order = line.order
    lock_order(order)
    if new_status == LineStatus.CANCELLED:
        raise StatusError(_l("Use cancel to cancel a line."))
    if new_status not in LineStatus.TRANSITIONS[line.status]:
        raise StatusError(_l("This item cannot move from %(old)s to %(new)s.",
                             old=line.status, new=new_status))
    if order.status in FROZEN_ORDER:
        raise StatusError(_l("This order is not payable or not yet paid; its items wait."))
    post = order.delivery_method == DeliveryMethod.POST
    if new_status == LineStatus.SHIPPED:
        if not post:
            raise StatusError(_l("A pick-up order is made ready, not shipped."))
        tracking_number = (tracking_number or "").strip()
        if not tracking_number:
            raise StatusError(_l("Enter the post tracking number."))
        line.tracking_number = tracking_number[:40]
    if new_status == LineStatus.READY_FOR_PICKUP and post:
        raise StatusError(_l("A posted order is shipped, not made ready for pick-up."))
    if new_status == LineStatus.DELIVERED and not post:
        raise StatusError(_l("A pick-up order is handed over at the centre with its code."))
    when = now
    if new_status == LineStatus.DELIVERED and delivered_at is not None:
        if delivered_at > now:
            raise StatusError(_l("The day of delivery cannot be in the future."))
        shipped = [e.created_at for e in order.events
                   if e.line_id == line.id and e.status == LineStatus.SHIPPED]
        if shipped and delivered_at < min(shipped).replace(hour=0, minute=0, second=0):
            raise StatusError(_l("The day of delivery cannot be before it was posted."))
        when = delivered_at
    if new_status == LineStatus.READY_FOR_PICKUP and not order.pickup_code:
        order.pickup_code = f"{secrets.randbelow(10**6):06d}"
    _move_line(line, new_status, actor, when, note=note)
    follow_lines(order, actor=actor, now=now)
    db.session.commit()
    return line


def _move_line(line: OrderLine, new_status: str, actor: User | None, when: datetime,
               note: str | None = None) -> None:
    """Set one line's status, with its history, audit entry and the buyer's message."""
    audit.record(actor, "order_line.status", line, {"status": [line.status, new_status]})
    line.status = new_status
    _event(line.order, new_status, actor, when, line=line, note=note)
    if new_status in (LineStatus.SHIPPED, LineStatus.READY_FOR_PICKUP):
        notify.line_sent(line.order, line)
    elif new_status == LineStatus.DELIVERED:
        notify.line_delivered(line.order, line)


@atomic
def collect(
    order: Order,
    pickup_code: str,
    *,
    actor: User,
    centre_ids: set[int] | None,
    now: datetime | None = None,
) -> list[OrderLine]:
    """Hand a pick-up order over at the centre: every line ready there is collected once
    the buyer's pick-up code matches. `centre_ids` are the staff's centres (None: any)."""
    now = now or utcnow()
    lock_order(order)
    lines = [ln for ln in order.lines if ln.status == LineStatus.READY_FOR_PICKUP
             and (centre_ids is None or ln.centre_id in centre_ids)]
    if not lines:
        raise StatusError(_l("Nothing of this order is waiting to be collected here."))
    typed = normalize(pickup_code or "", multiline=False).replace(" ", "")
    # compare_digest refuses str with non-ASCII characters (a TypeError, a 500): compare bytes.
    if not order.pickup_code or not hmac.compare_digest(typed.encode(),
                                                        order.pickup_code.encode()):
        raise StatusError(_l("The pick-up code is not right. Ask the buyer for the code "
                             "in her SMS or on her order page."))
    for line in lines:
        _move_line(line, LineStatus.DELIVERED, actor, now, note="collected")
    follow_lines(order, actor=actor, now=now)
    db.session.commit()
    return lines


def _cancel(line: OrderLine, actor: User | None, reason: str, now: datetime) -> None:
    if LineStatus.CANCELLED not in LineStatus.TRANSITIONS[line.status]:
        raise StatusError(_l("This item can no longer be cancelled."))
    return_stock(line.product_id, line.quantity)
    audit.record(actor, "order_line.status", line,
                 {"status": [line.status, LineStatus.CANCELLED], "reason": reason})
    line.status = LineStatus.CANCELLED
    line.cancel_reason = reason[:300]
    _event(line.order, LineStatus.CANCELLED, actor, now, line=line, note=reason)
    refunds.owe_for_line(line, RefundReason.CANCELLED, actor, now)


@atomic
def cancel_line(
    line: OrderLine, *, actor: User | None, reason: str, now: datetime | None = None
) -> OrderLine:
    """Cancel one line and return its stock; the order follows; commit."""
    now = now or utcnow()
    if not (reason or "").strip():
        raise StatusError(_l("Say why the item is cancelled."))
    lock_order(line.order)
    if line.order.status in (OrderStatus.CANCELLED, OrderStatus.EXPIRED):
        raise StatusError(_l("This order is already closed."))
    _cancel(line, actor, reason.strip(), now)
    follow_lines(line.order, actor=actor, now=now)
    if line.order.status == OrderStatus.CANCELLED:
        notify.order_cancelled(line.order)
    else:
        notify.line_cancelled(line.order, line, reason.strip())
    db.session.commit()
    return line


@atomic
def cancel_order(
    order: Order, *, actor: User | None, reason: str, now: datetime | None = None
) -> Order:
    """Cancel every line that can still be cancelled; refuses if any line is under way."""
    now = now or utcnow()
    if not (reason or "").strip():
        raise StatusError(_l("Say why the order is cancelled."))
    lock_order(order)
    if OrderStatus.CANCELLED not in OrderStatus.TRANSITIONS[order.status]:
        raise StatusError(_l("This order can no longer be cancelled."))
    _cancel_all(order, actor, reason.strip(), now)
    db.session.commit()
    return order


def _cancel_all(order: Order, actor: User | None, reason: str, now: datetime) -> None:
    for line in order.lines:
        if line.status != LineStatus.CANCELLED:
            _cancel(line, actor, reason, now)
    follow_lines(order, actor=actor, now=now)
    notify.order_cancelled(order)


def buyer_can_cancel(order: Order) -> bool:
    """The buyer may cancel while nothing has left: no line shipped, ready or delivered."""
    open_order = OrderStatus.CANCELLED in OrderStatus.TRANSITIONS[order.status]
    return open_order and not any(ln.status in GONE for ln in order.lines)


@atomic
def cancel_by_buyer(
    order: Order, *, actor: User | None, reason: str, now: datetime | None = None
) -> Order:
    """The buyer's own cancellation (signed in, or holding the order's private link):
    stock comes back, an unpaid online payment is voided, money paid is owed back."""
    now = now or utcnow()
    lock_order(order)
    if not buyer_can_cancel(order):
        raise StatusError(_l("Part of this order has already left, so it can no longer be "
                             "cancelled here. You can ask to return it once it arrives."))
    _cancel_all(order, actor, (reason or "").strip() or "cancelled by the buyer", now)
    db.session.commit()
    return order
