"""Whole-database checks of the invariants in DESIGN.md (`flask --app wsgi check-integrity`).

Each check is one or two aggregate queries, so it runs in seconds on 100,000 products.
A violation is a sentence naming the rows, for a person to investigate.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import and_, func, select
from sqlalchemy.orm import InstrumentedAttribute, aliased
from sqlalchemy.sql import Subquery

from marketplace.extensions import db
from marketplace.media import storage
from marketplace.media.pipeline import PENDING, expected_sizes, master_keys, variant_key
from marketplace.models import (
    Centre,
    EntryKind,
    LedgerEntry,
    LineStatus,
    Order,
    OrderLine,
    Payment,
    PaymentState,
    Payout,
    Photo,
    Product,
    ProductMaker,
    Purchase,
    PurchaseShare,
    Refund,
    ReturnPhoto,
    ReturnRequest,
    ReturnStatus,
    Review,
    ReviewPhoto,
    StockAdjustment,
    Trainee,
)
from marketplace.models.base import utcnow
from marketplace.models.orders import UNIT_IS_SOLD

# A product photo's job normally runs within seconds; an upload kept longer than this
# means no worker runs, or its job failed for good (the admin's jobs page says which).
PENDING_GRACE = timedelta(hours=1)


def _ids(rows: list) -> str:
    shown = ", ".join(str(r[0]) for r in rows[:20])
    return shown + (f" … ({len(rows)} in all)" if len(rows) > 20 else "")


def units_sold() -> Subquery:
    """(product_id, n): the units each product lost to orders for good.

    The one place that says which order lines took stock and kept it; a step that
    puts an ordered unit back on the shelf (a cancelled line, an expired payment, a
    return received back) must be subtracted here, exactly as it adds to the stock.
    """
    received_back = (
        select(ReturnRequest.id)
        .where(ReturnRequest.line_id == OrderLine.id, ReturnRequest.status == ReturnStatus.RECEIVED)
        .exists()
    )
    # A returned line still holds its unit until the item is received back.
    kept = UNIT_IS_SOLD | ((OrderLine.status == LineStatus.RETURNED) & ~received_back)
    return (
        select(OrderLine.product_id, func.sum(OrderLine.quantity).label("n"))
        .join(Order, Order.id == OrderLine.order_id)
        .where(kept)
        .group_by(OrderLine.product_id)
        .subquery()
    )


def _per_product(column: InstrumentedAttribute[int]) -> Subquery:
    return (
        select(column.class_.product_id, func.sum(column).label("n"))
        .group_by(column.class_.product_id)
        .subquery()
    )


def _found(*findings: tuple[str, list]) -> list[str]:
    """The message of each finding that has rows, followed by the rows' ids."""
    return [f"{what} {_ids(rows)}" for what, rows in findings if rows]


def check_stock() -> list[str]:
    """No unit is invented or lost: stock = units bought + units added − written off −
    units sold.

    Products with no purchase on record (opening stock) are not compared.
    """
    bought, adjusted, sold = (
        _per_product(Purchase.quantity), _per_product(StockAdjustment.delta), units_sold()
    )
    expected = (
        bought.c.n + func.coalesce(adjusted.c.n, 0) - func.coalesce(sold.c.n, 0)
    )
    rows = db.session.execute(
        select(Product.id)
        .join(bought, bought.c.product_id == Product.id)
        .outerjoin(adjusted, adjusted.c.product_id == Product.id)
        .outerjoin(sold, sold.c.product_id == Product.id)
        .where(Product.stock != expected)
        .order_by(Product.id)
    ).all()
    negative = db.session.execute(select(Product.id).where(Product.stock < 0)).all()
    problems = []
    if rows:
        problems.append(
            "stock differs from purchases + adjustments − sales for products " + _ids(rows)
        )
    if negative:
        problems.append(f"negative stock for products {_ids(negative)}")
    return problems


def check_maker_shares() -> list[str]:
    rows = db.session.execute(
        select(ProductMaker.product_id)
        .group_by(ProductMaker.product_id)
        .having(func.sum(ProductMaker.share_pct) != 100)
    ).all()
    purchases = db.session.execute(
        select(PurchaseShare.purchase_id)
        .join(Purchase, Purchase.id == PurchaseShare.purchase_id)
        .group_by(PurchaseShare.purchase_id, Purchase.total_rials)
        .having(
            (func.sum(PurchaseShare.share_pct) != 100)
            | (func.sum(PurchaseShare.amount_rials) != Purchase.total_rials)
        )
    ).all()
    return _found(
        ("maker shares do not add up to 100% for products", rows),
        ("purchase shares do not add up for purchases", purchases),
    )


def check_ledger() -> list[str]:
    """Every purchase share and payout has its entry; reversals mirror their original;
    no balance is below zero without an advance on that account."""
    problems = []
    missing_share = db.session.execute(
        select(PurchaseShare.purchase_id)
        .join(Purchase, Purchase.id == PurchaseShare.purchase_id)
        .outerjoin(
            LedgerEntry,
            and_(
                LedgerEntry.purchase_id == PurchaseShare.purchase_id,
                LedgerEntry.trainee_id == PurchaseShare.trainee_id,
                LedgerEntry.kind == EntryKind.PURCHASE,
                LedgerEntry.amount_rials == PurchaseShare.amount_rials,
                LedgerEntry.driver_id == Purchase.driver_id,
            ),
        )
        .where(PurchaseShare.amount_rials > 0, LedgerEntry.id.is_(None))
    ).all()
    if missing_share:
        problems.append(f"purchase shares without a matching ledger entry: {_ids(missing_share)}")
    payout_entries = (
        select(LedgerEntry.payout_id, func.count().label("n"), func.sum(LedgerEntry.amount_rials)
               .label("total"))
        .where(LedgerEntry.kind.in_((EntryKind.PAYOUT, EntryKind.ADVANCE)))
        .group_by(LedgerEntry.payout_id)
        .subquery()
    )
    bad_payouts = db.session.execute(
        select(Payout.id)
        .outerjoin(payout_entries, payout_entries.c.payout_id == Payout.id)
        .where(
            (payout_entries.c.n.is_(None))
            | (payout_entries.c.n != 1)
            | (payout_entries.c.total != -Payout.amount_rials)
        )
    ).all()
    if bad_payouts:
        problems.append(f"payouts without exactly one matching entry: {_ids(bad_payouts)}")
    original = aliased(LedgerEntry)
    bad_reversals = db.session.execute(
        select(LedgerEntry.id)
        .join(original, original.id == LedgerEntry.reverses_id)
        .where(
            (LedgerEntry.amount_rials != -original.amount_rials)
            | (LedgerEntry.trainee_id != original.trainee_id)
            | (LedgerEntry.driver_id != original.driver_id)
            | (original.kind == EntryKind.REVERSAL)
        )
    ).all()
    if bad_reversals:
        problems.append(f"reversals that do not mirror their original: {_ids(bad_reversals)}")
    has_advance = func.sum(
        db.case((LedgerEntry.kind == EntryKind.ADVANCE, 1), else_=0)
    )
    negative = db.session.execute(
        select(LedgerEntry.trainee_id, LedgerEntry.driver_id)
        .group_by(LedgerEntry.driver_id, LedgerEntry.trainee_id)
        .having((func.sum(LedgerEntry.amount_rials) < 0) & (has_advance == 0))
    ).all()
    if negative:
        problems.append(f"balances below zero with no advance, trainees {_ids(negative)}")
    return problems


def check_orders() -> list[str]:
    problems = []
    bad_totals = db.session.execute(
        select(Order.id)
        .join(OrderLine, OrderLine.order_id == Order.id)
        .group_by(Order.id, Order.subtotal_rials)
        .having(func.sum(OrderLine.line_total_rials) != Order.subtotal_rials)
    ).all()
    if bad_totals:
        problems.append(f"order subtotals that differ from their lines: {_ids(bad_totals)}")
    paid = (
        select(Payment.order_id, func.count().label("n"), func.sum(Payment.amount_rials)
               .label("total"))
        .where(Payment.state == PaymentState.PAID)
        .group_by(Payment.order_id)
        .subquery()
    )
    overpaid = db.session.execute(
        select(Order.id)
        .join(paid, paid.c.order_id == Order.id)
        .where((paid.c.n > 1) | (paid.c.total != Order.total_rials))
    ).all()
    if overpaid:
        problems.append(f"orders paid more than once or for another amount: {_ids(overpaid)}")
    return problems


def check_refunds() -> list[str]:
    """Refunds never exceed what was paid; each is for a line of its own order."""
    paid = (
        select(Payment.order_id, func.sum(Payment.amount_rials).label("total"))
        .where(Payment.state == PaymentState.PAID).group_by(Payment.order_id).subquery()
    )
    owed = (
        select(Refund.order_id, func.sum(Refund.amount_rials).label("total"))
        .group_by(Refund.order_id).subquery()
    )
    over = db.session.execute(
        select(owed.c.order_id).outerjoin(paid, paid.c.order_id == owed.c.order_id)
        .where(owed.c.total > func.coalesce(paid.c.total, 0)).order_by(owed.c.order_id)
    ).all()
    stray = db.session.execute(
        select(Refund.id).join(OrderLine, OrderLine.id == Refund.line_id)
        .where(OrderLine.order_id != Refund.order_id)
    ).all()
    return _found(
        ("refunds above what was paid, orders", over),
        ("refunds for a line of another order:", stray),
    )


def check_returns() -> list[str]:
    """A returned line has an accepted (or received) return, and the other way round; an
    item received back is in stock again, so its line no longer counts as sold."""
    taken_back = (ReturnStatus.ACCEPTED, ReturnStatus.RECEIVED)
    unexplained = db.session.execute(
        select(OrderLine.id)
        .outerjoin(ReturnRequest, ReturnRequest.line_id == OrderLine.id)
        .where(OrderLine.status == LineStatus.RETURNED,
               (ReturnRequest.id.is_(None)) | ReturnRequest.status.not_in(taken_back))
    ).all()
    undone = db.session.execute(
        select(ReturnRequest.id).join(OrderLine, OrderLine.id == ReturnRequest.line_id)
        .where(ReturnRequest.status.in_(taken_back), OrderLine.status != LineStatus.RETURNED)
    ).all()
    return _found(
        ("returned lines without an accepted return:", unexplained),
        ("accepted returns whose line still counts as sold:", undone),
    )


def check_reviews() -> list[str]:
    """A product's stored review count and sum of stars are those of its visible reviews
    (the cards' average reads them, not the reviews)."""
    visible = (
        select(Review.product_id, func.count(Review.id).label("n"),
               func.sum(Review.stars).label("stars"))
        .where(Review.hidden_at.is_(None)).group_by(Review.product_id).subquery()
    )
    rows = db.session.execute(
        select(Product.id).outerjoin(visible, visible.c.product_id == Product.id)
        .where((Product.review_count != func.coalesce(visible.c.n, 0))
               | (Product.rating_sum != func.coalesce(visible.c.stars, 0)))
    ).all()
    return _found(("products whose review count or stars differ from their reviews:", rows))


def check_people() -> list[str]:
    rows = db.session.execute(
        select(Trainee.id)
        .join(Centre, Centre.id == Trainee.centre_id)
        .where(Centre.neighbourhood_id != Trainee.neighbourhood_id)
    ).all()
    return [f"trainees outside their centre's neighbourhood: {_ids(rows)}"] if rows else []


def _missing_files(rows: list, stored: set[str], public: bool) -> tuple[list, list[str]]:
    """(ids of rows lacking a file, the keys they lack): each row's variants (WebP and, for
    a product photo, its JPEG or PNG fallback) at every size it lists (a product photo:
    every size its dimensions give), and its master."""
    ids, lacking = [], []
    for row in rows:
        fallbacks = (("png" if row.has_alpha else "jpg"),) if public else ()
        sizes = expected_sizes(row.width, row.height) if public else row.sizes.split(",")
        wanted = [variant_key(row.digest, int(size), ext, public=public)
                  for size in sizes if size for ext in ("webp", *fallbacks)]
        gone = [key for key in wanted if key not in stored]
        if not stored.intersection(master_keys(row.digest)):
            gone.append(f"{master_keys(row.digest)[0][:-4]}.* (master)")
        if gone:
            ids.append((row.id,))
            lacking.extend(gone)
    return ids, lacking


def _pending(rows: list, stored: set[str]) -> tuple[list, list]:
    """(rows whose upload waits for its job, and for less than PENDING_GRACE; rows that
    waited longer): the first are not yet complete, the second are a problem."""
    waiting = {key.rpartition("/")[2].partition(".")[0]
               for key in stored if key.startswith(PENDING)}
    since = utcnow() - PENDING_GRACE
    fresh = [r for r in rows if r.digest in waiting and r.created_at > since]
    stale = [(r.id,) for r in rows if r.digest in waiting and r.created_at <= since]
    return fresh, stale


def check_photos() -> list[str]:
    """Every photo row (a product's, a return's, a review's) has its files in the photo
    store: one listing of the store, not a request a file, so it also runs against a
    bucket. A product photo whose job has not run yet is not complete and not a problem,
    unless its upload has waited longer than PENDING_GRACE."""
    store = storage.current()
    stored = set(store.keys(storage.PUBLIC)) | set(store.keys(storage.PRIVATE))
    photo_rows = db.session.execute(
        select(Photo.id, Photo.digest, Photo.width, Photo.height, Photo.sizes, Photo.has_alpha,
               Photo.created_at).order_by(Photo.id)
    ).all()
    fresh, stale = _pending(photo_rows, stored)
    problems = [f"photos whose variants are still to be made after an hour: {_ids(stale)}"
                ] if stale else []
    for what, rows, public in (
        ("photos", [r for r in photo_rows if r not in fresh], True),
        ("return photos", db.session.execute(
            select(ReturnPhoto.id, ReturnPhoto.digest, ReturnPhoto.sizes).order_by(ReturnPhoto.id)
        ).all(), False),
        ("review photos", db.session.execute(
            select(ReviewPhoto.id, ReviewPhoto.digest, ReviewPhoto.width, ReviewPhoto.height,
                   ReviewPhoto.sizes, ReviewPhoto.has_alpha).order_by(ReviewPhoto.id)
        ).all(), True),
    ):
        ids, lacking = _missing_files(rows, stored, public)
        if ids:
            shown = ", ".join(lacking[:10]) + (" …" if len(lacking) > 10 else "")
            problems.append(f"{what} with files missing from the photo store: {_ids(ids)} "
                            f"(missing: {shown})")
    return problems


CHECKS: dict[str, Callable[[], list[str]]] = {
    "stock": check_stock,
    "maker shares": check_maker_shares,
    "ledger": check_ledger,
    "orders": check_orders,
    "refunds": check_refunds,
    "returns": check_returns,
    "reviews": check_reviews,
    "neighbourhoods": check_people,
    "photo files": check_photos,
}


def run_all() -> dict[str, list[str]]:
    """Every check's violations, by check name (empty lists when all is well)."""
    return {name: check() for name, check in CHECKS.items()}
