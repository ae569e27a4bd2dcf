"""The order desk's queries: every order for the admin, and for centre staff the orders
with a line at one of their centres; filtered, searched and paged by the view."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import joinedload, selectinload

from marketplace.extensions import db
from marketplace.models import (
    DeliveryMethod,
    Order,
    OrderLine,
    OrderStatus,
    PaymentProvider,
    ReturnRequest,
    User,
)
from marketplace.models.base import within_days
from marketplace.orders.codes import canonical
from marketplace.text.persian import normalize


@dataclass
class DeskFilter:
    """What the desk was asked to show; values not allowed are ignored, not errors."""

    status: str = ""
    delivery: str = ""
    payment: str = ""
    centre_id: int | None = None
    driver_id: int | None = None
    since: date | None = None
    until: date | None = None
    q: str = ""


def in_scope(query: Select, centre_ids: set[int] | None) -> Select:
    """`query` (over orders, or joined to them) kept to orders with a line at one of the
    centres; None: every order."""
    if centre_ids is None:
        return query
    return query.where(
        Order.id.in_(select(OrderLine.order_id).where(OrderLine.centre_id.in_(centre_ids)))
    )


def desk_query(wanted: DeskFilter, centre_ids: set[int] | None) -> Select:
    """Orders newest first, as `wanted` and the user's centres (None: all) allow."""
    query = in_scope(select(Order).options(selectinload(Order.lines)), centre_ids)
    if wanted.status in OrderStatus.values():
        query = query.where(Order.status == wanted.status)
    if wanted.delivery in DeliveryMethod.values():
        query = query.where(Order.delivery_method == wanted.delivery)
    if wanted.payment in PaymentProvider.values():
        query = query.where(Order.payment_provider == wanted.payment)
    line_filters = []
    if wanted.centre_id:
        line_filters.append(OrderLine.centre_id == wanted.centre_id)
    if wanted.driver_id:
        line_filters.append(OrderLine.driver_id == wanted.driver_id)
    if line_filters:
        query = query.where(Order.id.in_(select(OrderLine.order_id).where(*line_filters)))
    query = query.where(*within_days(Order.created_at, wanted.since, wanted.until))
    if wanted.q:
        query = query.where(_matching(wanted.q))
    return query.order_by(Order.created_at.desc(), Order.id.desc())


def _matching(typed: str) -> object:
    """An order code (as read out), a phone number (any digits) or part of the name."""
    text = normalize(typed, multiline=False)
    code = canonical(text)
    digits = re.sub(r"\D", "", text, flags=re.ASCII)
    conditions = [Order.contact_name.contains(text, autoescape=True)]
    if code:
        conditions.append(Order.code == code)
    if len(digits) >= 4:
        conditions.append(Order.contact_phone.contains(digits, autoescape=True))
    return or_(*conditions)


def desk_order_or_none(order_id: int, centre_ids: set[int] | None) -> Order | None:
    """One order with what its desk page shows, if the user's centres reach it."""
    query = in_scope(select(Order).where(Order.id == order_id), centre_ids).options(
        selectinload(Order.lines).joinedload(OrderLine.centre),
        selectinload(Order.lines).joinedload(OrderLine.driver),
        selectinload(Order.events),
        selectinload(Order.payments),
        selectinload(Order.refunds),
        joinedload(Order.pickup_centre),
    )
    return db.session.scalar(query)


def return_requests(order: Order) -> dict[int, ReturnRequest]:
    """The order's return requests by line id."""
    rows = db.session.scalars(select(ReturnRequest).where(
        ReturnRequest.line_id.in_([ln.id for ln in order.lines])))
    return {r.line_id: r for r in rows}


def actor_names(order: Order) -> dict[int, str]:
    """Who did each step of the order's history, by user id (name, else e-mail)."""
    ids = {e.actor_id for e in order.events if e.actor_id}
    if not ids:
        return {}
    return {u.id: u.full_name or u.email for u in db.session.scalars(
        select(User).where(User.id.in_(ids)))}
