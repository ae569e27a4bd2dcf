"""Stock: every change is one atomic conditional UPDATE of the product's row
(`stock = stock + n`, or `stock = stock - n WHERE stock >= n`), never a number read
earlier and written back, so it never goes below zero nor drifts however many
checkouts, purchases and adjustments run at once, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Mapping

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, update

from marketplace.catalogue import alerts, version
from marketplace.extensions import db
from marketplace.models import Product, ProductStatus


class InsufficientStock(Exception):
    """Some products had fewer units than asked; `.product_ids` says which."""

    def __init__(self, product_ids: list[int]) -> None:
        super().__init__(f"insufficient stock for products {product_ids}")
        self.product_ids = product_ids
        self.message = _l("Sorry, some items sold out meanwhile.")


def _move(product_id: int, delta: int, *conditions: ColumnElement[bool],
          sold: int = 0) -> int | None:
    """Add `delta` (negative: take) to one product's stock where `conditions` hold, and
    `sold` to its units-sold counter; the stock afterwards, or None when no row matched.
    Reports the move to the catalogue version, and a return from sold out to whoever asked
to hear of it (`alerts`), inside the caller's transaction."""
    counted = {"sold_count": Product.sold_count + sold} if sold else {}
    after = db.session.execute(
        update(Product)
        .where(Product.id == product_id, *conditions)
        .values(stock=Product.stock + delta, **counted)
        .returning(Product.stock)
        .execution_options(synchronize_session=False, **version.STOCK_UPDATE)
    ).scalar_one_or_none()
    if after is not None:
        version.stock_moved(db.session, product_id, after - delta, after)
        if after > 0 >= after - delta:  # back from sold out: "tell me when it is back"
            alerts.stock_returned(product_id)
    return after


def _positive(quantity: int) -> None:
    if quantity < 1:
        raise ValueError("quantities must be positive")


def take_stock(quantities: Mapping[int, int]) -> None:
    """Take `quantities[product_id]` units of each listed product, inside the caller's
    transaction (the caller commits or rolls back).

    Products are updated in primary-key order, so two carts naming the same items in
    opposite orders take their row locks in the same order and cannot deadlock.
    Raises InsufficientStock naming every product that fell short; the caller must
    then roll back, which undoes any units already taken here.
    """
    short = []
    for product_id in sorted(quantities):
        qty = quantities[product_id]
        _positive(qty)
        # The best-selling counter moves in the same conditional update: no extra
        # statement or lock, and never counted per request.
        if _move(product_id, -qty, Product.stock >= qty, Product.status == ProductStatus.LISTED,
                 sold=qty) is None:
            short.append(product_id)
    if short:
        raise InsufficientStock(short)


def add_stock(product_id: int, quantity: int) -> int | None:
    """Put `quantity` units on the shelf (a purchase, units added by hand, a cancelled
    line, an expired payment, a return received back); inside the caller's
    transaction. The stock afterwards (None for no such product)."""
    _positive(quantity)
    return _move(product_id, quantity)


# The older name, kept for the order code that puts units back.
return_stock = add_stock


def write_off(product_id: int, quantity: int) -> int | None:
    """Take `quantity` units off the shelf whatever the listing's status (damaged,
    lost, given as a sample); inside the caller's transaction. The stock afterwards,
    or None when there are fewer units than that (nothing is changed)."""
    _positive(quantity)
    return _move(product_id, -quantity, Product.stock >= quantity)
