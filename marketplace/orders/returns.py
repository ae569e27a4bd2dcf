"""Returns: within 7 days of delivery a buyer asks to return a delivered line; staff or
the line's driver accept or refuse, with a reason either way.

- `request_return(line, reason, now=None) -> ReturnRequest`
- `decide_return(request, accept, reason, actor, now=None)`: accepted, the line is
  returned and its price is owed back (a refund due, `refunds`); refused, nothing moves.
- `receive_back(request, actor, now=None)`: the item reached the driver and is in stock
  again. Stock comes back here, not at acceptance: a promised parcel is not a piece on
  the shelf.
- `can_request_return(line, now=None) -> bool` (for showing the form)

Each move claims the request with a conditional UPDATE on its old status, under the
order's lock, so two clicks do one thing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import BinaryIO

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from marketplace.catalogue.inventory import return_stock
from marketplace.extensions import db
from marketplace.media import photos as media_photos
from marketplace.media.pipeline import ImageRejected, ProcessedImage
from marketplace.models import (
    LineStatus,
    Order,
    OrderEvent,
    OrderLine,
    OrderNote,
    RefundReason,
    ReturnPhoto,
    ReturnRequest,
    ReturnStatus,
    User,
)
from marketplace.models.base import utcnow
from marketplace.orders import OrderError, notify, refunds
from marketplace.orders.status import atomic, lock_order
from marketplace.people import audit
from marketplace.text.persian import MessageNumber

RETURN_WINDOW = timedelta(days=7)
MAX_PHOTOS = 3


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


def request_return(line: OrderLine, reason: str, now: datetime | None = None,
                   photos: Sequence[BinaryIO] = ()) -> ReturnRequest:
    """File the buyer's request, with up to three photos; one per line (the database holds
    that too). A refused photo refuses the request and leaves no file behind. The photos
    stay private (no public URL): only the order's staff and driver see them, through
    the app."""
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
    if len(photos) > MAX_PHOTOS:
        raise ReturnError(_l("Send at most %(n)s photos.", n=MessageNumber(MAX_PHOTOS)))
    processed: list[ProcessedImage] = []
    try:
        for stream in photos:
            processed.append(media_photos.process(stream, public=False))
        request = ReturnRequest(line_id=line.id, reason=reason, created_at=now, photos=[
            ReturnPhoto(digest=p.digest, width=p.width, height=p.height, created_at=now,
                        sizes=",".join(str(s) for s in sorted({v.size for v in p.variants})))
            for p in processed
        ])
        db.session.add(request)
        line.order.events.append(OrderEvent(
            line_id=line.id, status=OrderNote.RETURN_REQUESTED, note=reason[:300],
            created_at=now,
        ))
        db.session.commit()
    except ImageRejected as rejected:
        db.session.rollback()
        media_photos.discard(processed)
        raise ReturnError(rejected.message) from rejected
    except BaseException:
        db.session.rollback()
        media_photos.discard(processed)
        raise
    return request


@atomic
def decide_return(
    request: ReturnRequest,
    accept: bool,
    reason: str,
    actor: User,
    now: datetime | None = None,
) -> ReturnRequest:
    """Accept (the line no longer counts as sold, and its price is owed back) or refuse,
    once, with a reason. The item is back in stock only when it arrives (`receive_back`)."""
    now = now or utcnow()
    reason = (reason or "").strip()
    if not reason:
        raise ReturnError(_l("Give a reason for the decision."))
    line = request.line
    lock_order(line.order)
    new = ReturnStatus.ACCEPTED if accept else ReturnStatus.REFUSED
    _claim(request, ReturnStatus.REQUESTED, new, _l("This return was already decided."),
           decision_reason=reason[:300], decided_by_id=actor.id, decided_at=now)
    if accept:
        audit.record(actor, "order_line.status", line,
                     {"status": [line.status, LineStatus.RETURNED], "reason": reason})
        line.status = LineStatus.RETURNED
        refunds.owe_for_line(line, RefundReason.RETURNED, actor, now)
    line.order.events.append(OrderEvent(
        line_id=line.id, actor_id=actor.id, created_at=now, note=reason[:300],
        status=OrderNote.RETURN_ACCEPTED if accept else OrderNote.RETURN_REFUSED,
    ))
    audit.record(actor, "return.decided", request, {"status": [ReturnStatus.REQUESTED, new]})
    notify.return_decided(request)
    db.session.commit()
    return request


@atomic
def receive_back(request: ReturnRequest, actor: User, now: datetime | None = None) -> ReturnRequest:
    """The returned item reached the driver: it goes back into stock, once."""
    now = now or utcnow()
    line = request.line
    lock_order(line.order)
    _claim(request, ReturnStatus.ACCEPTED, ReturnStatus.RECEIVED,
           _l("This return is not waiting for the item, or it was already received."),
           received_by_id=actor.id, received_at=now)
    return_stock(line.product_id, line.quantity)
    line.order.events.append(OrderEvent(
        line_id=line.id, actor_id=actor.id, created_at=now, status=OrderNote.RETURN_RECEIVED,
    ))
    audit.record(actor, "return.received", request,
                 {"status": [ReturnStatus.ACCEPTED, ReturnStatus.RECEIVED],
                  "quantity": line.quantity})
    db.session.commit()
    return request


def _claim(request: ReturnRequest, old: str, new: str, refusal: object, **values: object) -> None:
    """Move the request from `old` to `new` with a conditional UPDATE: of two clicks (or two
    drivers' screens) only one wins, and the other is refused with `refusal`."""
    if new not in ReturnStatus.TRANSITIONS[old]:
        raise ValueError(f"a return does not move from {old} to {new}")
    claimed = db.session.execute(
        update(ReturnRequest)
        .where(ReturnRequest.id == request.id, ReturnRequest.status == old)
        .values(status=new, **values)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        raise ReturnError(refusal)
    db.session.refresh(request)


def photo_and_line(photo_id: int) -> tuple[ReturnPhoto, OrderLine] | None:
    """A return photo with the order line it is about (for the views' access checks)."""
    row = db.session.execute(
        select(ReturnPhoto, OrderLine)
        .join(ReturnRequest, ReturnRequest.id == ReturnPhoto.request_id)
        .join(OrderLine, OrderLine.id == ReturnRequest.line_id)
        .where(ReturnPhoto.id == photo_id)
    ).first()
    return None if row is None else (row[0], row[1])


def returnable_lines(order: Order) -> list[OrderLine]:
    """The lines of `order` a return can still be asked for (one request a line)."""
    line_ids = [ln.id for ln in order.lines]
    requested = set(db.session.scalars(
        select(ReturnRequest.line_id).where(ReturnRequest.line_id.in_(line_ids))
    ))
    return [ln for ln in order.lines if ln.id not in requested and can_request_return(ln)]
