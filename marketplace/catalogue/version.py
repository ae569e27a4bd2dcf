"""What a commit changed on the public pages: the surrogate keys (web/httpcache.py) of
every page that shows a row it wrote, purged from the shared cache after the commit.

Session hooks watch each flush and each bulk statement; a write to a public table names
the pages that show the row (`product-<id>`, `craft-<code>`, `centre-<slug>`,
`maker-<id>`, `driver-<id>`, `list`, or `shop`, every page, when no narrower key says it). After the
commit, and only then, the keys go to the app's purger (`app.extensions[PURGE]`: a job,
ops/jobs.py), so a purge never runs ahead of the data it is for; a rolled-back
transaction purges nothing.

A stock change that leaves every product card as it was (5 -> 4 units: cards only say
"sold out" or "only 1 left") names the product's pages alone: an order then refreshes
the pages that show the product, not every list. Nothing here writes to the database,
so orders on different products share no row.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from flask import current_app, has_app_context
from sqlalchemy import event, inspect
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction, UOWTransaction

from marketplace.models import Centre, Review

log = logging.getLogger(__name__)

# Tables whose rows appear on a public page; a write to any of them purges pages.
PUBLIC_TABLES = frozenset(
    {
        "products", "product_makers", "photos", "centres", "centre_crafts", "crafts",
        "neighbourhoods", "trainees", "drivers", "driver_centres", "search_synonyms",
        "search_words", "reviews", "review_photos",
    }
)
# Tables no cached page reads (or only through the home figures, which s-maxage bounds).
# Every table must be in one set or the other; a test keeps the two complete.
PRIVATE_TABLES = frozenset(
    {
        "users", "staff_centres", "orders", "order_lines", "order_events", "payments",
        "return_requests", "purchases", "purchase_shares", "payouts", "ledger_entries",
        "material_issues", "courses", "enrollments", "certificates", "referrals", "loans",
        "outbox", "audit_log", "refunds", "stock_adjustments", "return_photos",
        "programme_figures", "failed_jobs", "user_sessions", "recovery_codes", "sign_in_delays",
        "favourites", "stock_alerts", "phone_codes", "saved_addresses", "review_votes",
        "applicants", "partner_offices",
    }
)
# app.extensions: the callable that purges keys from the shared cache after a commit
# (ops/jobs.py queues a job for it); absent (no shared cache), nothing is purged.
PURGE = "http_cache_purge"
EVERY_PAGE = "shop"  # a change with no narrower key purges every page (httpcache.EVERY_PAGE)
LISTS = "list"  # which products a list, the search or the home page shows, and in what order
# Public tables whose rows every page may show, or none in particular: their keys.
_KEYS_OF_TABLE = {"search_synonyms": {LISTS}, "search_words": {LISTS}}
_KEYS = "purge_keys"  # session.info: the keys this transaction's writes name
# An UPDATE of products that changes nothing but stock, and reports it (inventory.py).
STOCK_UPDATE = {"catalogue_stock_update": True}


def stock_moved(session: Session, product_id: int, before: int, after: int) -> None:
    """Record a stock change made by a STOCK_UPDATE statement. Pages that show the
    product (its page, every card of it) are purged; lists too when its card changed
    (sold out, or only 1 left: the in-stock filter and the card's line)."""
    card_moved = min(before, 2) != min(after, 2)
    _purge_later(session, {f"product-{product_id}", *((LISTS,) if card_moved else ())})


def product_pages_changed(session: Session, product_id: int) -> None:
    """Record a write (made with STOCK_UPDATE) that only the product's own page shows,
    such as a review's helpful count: cards and lists stay cached."""
    _purge_later(session, {f"product-{product_id}"})


def _purge_later(session: Session, keys: Iterable[str]) -> None:
    session.info.setdefault(_KEYS, set()).update(keys)


def _keys_of(session: Session, obj: Any) -> set[str]:
    """The surrogate keys of the pages that show `obj` (a new, changed or deleted row of
    a public table), named as the views and the card macro name them."""
    table = getattr(getattr(obj, "__table__", None), "name", None)
    if table == "products":
        centre = session.get(Centre, obj.centre_id) if obj.centre_id else None
        return {f"product-{obj.id}", LISTS, *_slug_keys("centre", centre),
                *(f"driver-{d}" for d in _values(obj, "driver_id"))}
    if table == "drivers":  # her shop page, and each product page that names her
        return {f"driver-{obj.id}"}
    if table == "review_photos":
        review = session.get(Review, obj.review_id)
        return {f"product-{review.product_id}"} if review is not None else {EVERY_PAGE}
    if table in ("photos", "product_makers", "reviews"):
        keys = {f"product-{obj.product_id}"}
        return keys | ({f"maker-{obj.trainee_id}"} if table == "product_makers" else set())
    if table == "trainees":
        return {f"maker-{obj.id}"}
    if table == "centres":
        return {LISTS, *_slug_keys("centre", obj)}
    if table == "crafts":
        return {LISTS, *(f"craft-{code}" for code in _values(obj, "code"))}
    return set(_KEYS_OF_TABLE.get(table, {EVERY_PAGE})) if table in PUBLIC_TABLES else set()


def _slug_keys(kind: str, obj: Any) -> set[str]:
    return {f"{kind}-{slug}" for slug in _values(obj, "slug")} if obj is not None else set()


def _values(obj: Any, attribute: str) -> set[str]:
    """The attribute as it is and as it was before this flush (a renamed slug's old pages
    must go too)."""
    history = inspect(obj).attrs[attribute].history
    return {v for v in (*history.unchanged, *history.added, *history.deleted) if v}


@event.listens_for(Session, "after_flush")
def _watch_flush(session: Session, flush_context: UOWTransaction) -> None:
    # After the flush, not before: new rows have their ids (the lists still say what was
    # new, changed or deleted, and each attribute's history what it was).
    for obj in (*session.new, *session.dirty, *session.deleted):
        keys = _keys_of(session, obj)
        if keys:
            _purge_later(session, keys)


@event.listens_for(Session, "do_orm_execute")
def _watch_statement(state: ORMExecuteState) -> None:
    # Bulk UPDATE/DELETE/INSERT statements (stock taken at checkout) skip the flush.
    if state.execution_options.get("catalogue_stock_update"):
        return  # the caller reports what the stock did (stock_moved)
    if state.is_update or state.is_delete or state.is_insert:
        table = getattr(getattr(state.statement, "table", None), "name", None)
        if table in PUBLIC_TABLES:  # which rows is not known here: every page
            _purge_later(state.session, _KEYS_OF_TABLE.get(table, {EVERY_PAGE}))


@event.listens_for(Session, "after_commit")
def _purge_after_commit(session: Session) -> None:
    keys = session.info.pop(_KEYS, None)
    if keys:
        purge(keys)


@event.listens_for(Session, "after_transaction_end")
def _forget_at_the_end(session: Session, transaction: SessionTransaction) -> None:
    # A rolled-back transaction's writes are gone; a savepoint's end leaves the outer one's.
    if transaction.parent is None:
        session.info.pop(_KEYS, None)


def purge(keys: Iterable[str]) -> None:
    """Hand `keys` to the app's purger, if it has a shared cache (also for a change the
    ORM does not see: a restored backup purges EVERY_PAGE)."""
    purger = current_app.extensions.get(PURGE) if has_app_context() else None
    if purger is None:
        return
    try:
        purger(sorted(keys))
    except Exception:  # the queue is down: the commit stands; s-maxage bounds the rest
        log.exception("Could not queue the purge of %s", sorted(keys))
