"""Returns: within 7 days of delivery a buyer asks to return a delivered line; staff or
the line's driver accept (the line becomes returned and its stock comes back) or refuse,
with a reason either way.

- `request_return(line, reason, now=None) -> ReturnRequest`
- `decide_return(request, accept, reason, actor, now=None) -> ReturnRequest`
- `can_request_return(line, now=None) -> bool` (for showing the form)

Refunding the money is a person's job (bank transfer back to the buyer); the
decision is recorded here and in the order's history.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from marketplace.catalogue.inventory import return_stock
from marketplace.extensions import db
from marketplace.models import (
    LineStatus,
    Order,
    OrderEvent,
    OrderLine,
    OrderNote,
    ReturnRequest,
    ReturnStatus,
    User,
)
from marketplace.models.base import utcnow
from marketplace.orders import OrderError

RETURN_WINDOW = timedelta(days=7)


class ReturnError(OrderError):
    """A return that cannot be filed or decided."""


def delivered_at(line: OrderLine) -> datetime | None:
    """When this line was delivered: its own event (from the order's history, which the
    order page has loaded already), else the order's delivery time."""
    times = [e.created_at for e in line.order.events
             if e.line_id == line.id and e.status == LineStatus.DELIVERED]
    return max(times) if times else line.order.delivered_at


def can_request_return(line: OrderLine, now: datetime | None = None) -> bool:
    if line.status != LineStatus.DELIVERED:
        return False
    when = delivered_at(line)
    return when is not None and (now or utcnow()) - when <= RETURN_WINDOW


def request_return(line: OrderLine, reason: str, now: datetime | None = None) -> ReturnRequest:
    """File the buyer's request; one per line (the database holds that too)."""
    now = now or utcnow()
    reason = (reason or "").strip()
    if not reason:
        raise ReturnError(_l("Tell us why you want to return it."))
    if line.status != LineStatus.DELIVERED:
        raise ReturnError(_l("Only a delivered item can be returned."))
    if not can_request_return(line, now):
        raise ReturnError(_l("The 7 days for returning this item have passed."))
    if db.session.scalar(select(ReturnRequest.id).where(ReturnRequest.line_id == line.id)):
        raise ReturnError(_l("A return was already requested for this item."))
    request = ReturnRequest(line_id=line.id, reason=reason, created_at=now)
    db.session.add(request)
    line.order.events.append(OrderEvent(
        line_id=line.id, status=OrderNote.RETURN_REQUESTED, note=reason[:300], created_at=now,
    ))
    db.session.commit()
    return request


def decide_return(
    request: ReturnRequest,
    accept: bool,
    reason: str,
    actor: User,
    now: datetime | None = None,
) -> ReturnRequest:
    """Accept (line returned, stock back) or refuse, once, with a reason."""
    now = now or utcnow()
    reason = (reason or "").strip()
    if not reason:
        raise ReturnError(_l("Give a reason for the decision."))
    if request.status != ReturnStatus.REQUESTED:
        raise ReturnError(_l("This return was already decided."))
    line = request.line
    request.status = ReturnStatus.ACCEPTED if accept else ReturnStatus.REFUSED
    request.decision_reason = reason[:300]
    request.decided_by_id = actor.id
    request.decided_at = now
    if accept:
        line.status = LineStatus.RETURNED
        return_stock(line.product_id, line.quantity)
    line.order.events.append(OrderEvent(
        line_id=line.id, actor_id=actor.id, created_at=now, note=reason[:300],
        status=LineStatus.RETURNED if accept else OrderNote.RETURN_REFUSED,
    ))
    db.session.commit()
    return request


def returnable_lines(order: Order) -> list[OrderLine]:
    """The lines of `order` a return can still be asked for (one request a line)."""
    line_ids = [ln.id for ln in order.lines]
    requested = set(db.session.scalars(
        select(ReturnRequest.line_id).where(ReturnRequest.line_id.in_(line_ids))
    ))
    return [ln for ln in order.lines if ln.id not in requested and can_request_return(ln)]
