"""The rows under a product: more by its makers, from its seller, from its centre.

Each row shows only what a list would (listed, in stock), never the product itself,
and each is one query plus the photos' (whatever the number of makers or products).
A maker gets a row only when she consented to her given name being shown: a row is a
collection of one person's work, so an anonymous maker stays unconnected to her others.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, select

from marketplace.catalogue.queries import (
    PublicMaker,
    card_options,
    listed,
    newest_first,
    public_maker,
)
from marketplace.extensions import db
from marketplace.models import Product, ProductMaker, ProductStatus

ROW_LIMIT = 8


@dataclass(frozen=True)
class MakerRow:
    """One named maker's other work for sale; `maker.story_id` links to her page."""

    maker: PublicMaker
    products: list[Product]


def more_by_makers(product: Product, limit: int = ROW_LIMIT) -> list[MakerRow]:
    """A row per maker of `product` who shows her name, in the product's maker order;
    makers with nothing else for sale get no row."""
    named = [m.trainee for m in product.makers if m.trainee.show_given_name]
    if not named:
        return []
    # Newest first within each maker, cut at `limit` per maker in SQL (a window), so one
    # prolific maker costs no more than a new one.
    rank = func.row_number().over(
        partition_by=ProductMaker.trainee_id,
        order_by=(Product.listed_at.desc(), Product.id.desc()),
    ).label("rank")
    ranked = (
        select(ProductMaker.trainee_id, ProductMaker.product_id, rank)
        .join(Product, Product.id == ProductMaker.product_id)
        .where(
            ProductMaker.trainee_id.in_([t.id for t in named]),
            Product.id != product.id,
            Product.status == ProductStatus.LISTED,
            Product.stock > 0,
        )
        .subquery()
    )
    rows = db.session.execute(
        select(ranked.c.trainee_id, Product)
        .join(ranked, ranked.c.product_id == Product.id)
        .where(ranked.c.rank <= limit)
        .order_by(ranked.c.trainee_id, ranked.c.rank)
        .options(*card_options())
    ).all()
    by_maker: dict[int, list[Product]] = {}
    for trainee_id, item in rows:
        by_maker.setdefault(trainee_id, []).append(item)
    return [MakerRow(public_maker(t), by_maker[t.id]) for t in named if t.id in by_maker]


def more_from_seller(
    product: Product, exclude: Collection[int] = (), limit: int = ROW_LIMIT
) -> Sequence[Product]:
    """The seller's newest other products (none when her shop page is hidden: the row's
    link would go nowhere), without those in `exclude`."""
    if not product.driver.has_public_page:
        return []
    return _others(product, Product.driver_id == product.driver_id, exclude, limit)


def more_from_centre(
    product: Product, exclude: Collection[int] = (), limit: int = ROW_LIMIT
) -> Sequence[Product]:
    """The centre's newest other products, without those in `exclude` (already shown
    in a row above, so no card appears twice on the page)."""
    return _others(product, Product.centre_id == product.centre_id, exclude, limit)


def _others(product: Product, condition: ColumnElement[bool], exclude: Collection[int],
            limit: int) -> Sequence[Product]:
    query = listed().where(condition, Product.id.not_in({product.id, *exclude}))
    return db.session.scalars(newest_first(query).limit(limit)).unique().all()
