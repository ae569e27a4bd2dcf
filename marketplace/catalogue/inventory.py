"""Stock: taken with one atomic conditional UPDATE per product, so it never goes below
zero however many checkouts run at once, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Mapping

from flask_babel import lazy_gettext as _l
from sqlalchemy import update

from marketplace.catalogue import version
from marketplace.extensions import db
from marketplace.models import Product, ProductStatus


class InsufficientStock(Exception):
    """Some products had fewer units than asked; `.product_ids` says which."""

    def __init__(self, product_ids: list[int]) -> None:
        super().__init__(f"insufficient stock for products {product_ids}")
        self.product_ids = product_ids
        self.message = _l("Sorry, some items sold out meanwhile.")


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
        if qty < 1:
            raise ValueError("quantities must be positive")
        left = db.session.execute(
            update(Product)
            .where(
                Product.id == product_id,
                Product.stock >= qty,
                Product.status == ProductStatus.LISTED,
            )
            # The best-selling counter moves in the same conditional update: no extra
            # statement or lock, and never counted per request.
            .values(stock=Product.stock - qty, sold_count=Product.sold_count + qty)
            .returning(Product.stock)
            .execution_options(synchronize_session=False, **version.STOCK_UPDATE)
        ).scalar_one_or_none()
        if left is None:
            short.append(product_id)
        else:
            version.stock_moved(db.session, left + qty, left)
    if short:
        raise InsufficientStock(short)


def return_stock(product_id: int, quantity: int) -> None:
    """Put units back (a cancelled line, an expired payment, an accepted return);
    inside the caller's transaction."""
    if quantity < 1:
        raise ValueError("quantity must be positive")
    now = db.session.execute(
        update(Product)
        .where(Product.id == product_id)
        .values(stock=Product.stock + quantity)
        .returning(Product.stock)
        .execution_options(synchronize_session=False, **version.STOCK_UPDATE)
    ).scalar_one_or_none()
    if now is not None:
        version.stock_moved(db.session, now - quantity, now)
