"""Reading the catalogue for the storefront: listed products, centres, crafts and makers.

Every function here returns what a public page may show. Makers in particular
only ever leave this module as `PublicMaker`, which carries what each trainee
consented to and nothing else (no family name, phone, address or national code).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flask import abort
from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload, selectinload

from marketplace.extensions import db
from marketplace.models import (
    Centre,
    CentreStatus,
    Craft,
    Photo,
    Product,
    ProductMaker,
    ProductStatus,
    Trainee,
)


def card_options() -> tuple[object, ...]:
    """What a product card reads, loaded in a fixed number of queries."""
    return (
        joinedload(Product.centre),
        joinedload(Product.craft),
        selectinload(Product.photos),
    )


def listed(in_stock: bool = True) -> Select:
    """Products the public may see, with what their cards need."""
    query = select(Product).where(Product.status == ProductStatus.LISTED)
    if in_stock:
        query = query.where(Product.stock > 0)
    return query.options(*card_options())


def newest_first(query: Select) -> Select:
    return query.order_by(Product.listed_at.desc(), Product.id.desc())


def featured_products(limit: int = 8) -> Sequence[Product]:
    query = newest_first(listed().where(Product.featured))
    return db.session.scalars(query.limit(limit)).unique().all()


def newest_products(limit: int = 8) -> Sequence[Product]:
    return db.session.scalars(newest_first(listed()).limit(limit)).unique().all()


def all_crafts() -> Sequence[Craft]:
    return db.session.scalars(select(Craft).order_by(Craft.id)).all()


def active_centres() -> Sequence[Centre]:
    return db.session.scalars(
        select(Centre)
        .where(Centre.status == CentreStatus.ACTIVE)
        .options(joinedload(Centre.neighbourhood))
        .order_by(Centre.id)
    ).all()


# Active first, then the ones being built, then planned and closed.
_STATUS_ORDER = (
    CentreStatus.ACTIVE, CentreStatus.UNDER_CONSTRUCTION, CentreStatus.PLANNED, CentreStatus.CLOSED
)


def all_centres() -> list[Centre]:
    """Every centre with its neighbourhood and crafts, active ones first."""
    centres = db.session.scalars(
        select(Centre)
        .options(joinedload(Centre.neighbourhood), selectinload(Centre.crafts))
        .order_by(Centre.id)
    ).unique().all()
    return sorted(centres, key=lambda c: _STATUS_ORDER.index(c.status))


def centre_or_404(slug: str) -> Centre:
    return db.first_or_404(
        select(Centre)
        .where(Centre.slug == slug)
        .options(joinedload(Centre.neighbourhood), selectinload(Centre.crafts))
    )


def centre_products(centre: Centre, limit: int = 12) -> Sequence[Product]:
    query = newest_first(listed().where(Product.centre_id == centre.id))
    return db.session.scalars(query.limit(limit)).unique().all()


def listed_product_or_404(product_id: int) -> Product:
    """A product the public may see: listed (sold-out ones still show, marked so)."""
    return db.first_or_404(
        select(Product)
        .where(Product.id == product_id, Product.status == ProductStatus.LISTED)
        .options(
            joinedload(Product.centre).joinedload(Centre.neighbourhood),
            joinedload(Product.craft),
            joinedload(Product.driver),
            selectinload(Product.photos),
            selectinload(Product.makers)
            .joinedload(ProductMaker.trainee)
            .joinedload(Trainee.centre),
        )
    )


def cover_photo(product: Product) -> Photo | None:
    """The chosen cover, else the first photo, else None."""
    for photo in product.photos:
        if photo.is_cover:
            return photo
    return product.photos[0] if product.photos else None


# Crafts where the knots and the weave are what a buyer looks at: their photos zoom.
ZOOM_CRAFTS = frozenset({"carpet", "kilim", "tableau"})


def zooms(product: Product) -> bool:
    """Whether the product page offers a zoom into the large photo."""
    return product.craft.code in ZOOM_CRAFTS


def gallery_photos(product: Product) -> list[Photo]:
    """The cover first, then the others in their order."""
    cover = cover_photo(product)
    return [cover, *(p for p in product.photos if p is not cover)] if cover else []


# --- makers, as far as each consented -------------------------------------------


@dataclass(frozen=True)
class PublicMaker:
    """What a public page may say about a maker: only what she consented to.

    `given_name` is None unless she agreed to show it; `story_id` is her id
    only when her story is public (the /makers/<id> page exists then).
    """

    given_name: str | None
    centre: Centre
    story_id: int | None
    share_pct: int = 100


def public_maker(trainee: Trainee, share_pct: int = 100) -> PublicMaker:
    return PublicMaker(
        given_name=trainee.given_name if trainee.show_given_name else None,
        centre=trainee.centre,
        story_id=trainee.id if trainee.show_story else None,
        share_pct=share_pct,
    )


def public_makers(product: Product) -> list[PublicMaker]:
    return [public_maker(m.trainee, m.share_pct) for m in product.makers]


def maker_or_404(trainee_id: int) -> Trainee:
    """A trainee whose story is public; anyone else is a 404, as if she did not exist."""
    trainee = db.session.scalar(
        select(Trainee)
        .where(Trainee.id == trainee_id)
        .options(joinedload(Trainee.centre).joinedload(Centre.neighbourhood))
    )
    if trainee is None or not trainee.show_story:
        abort(404)
    return trainee


def maker_products(trainee: Trainee, limit: int = 12) -> Sequence[Product]:
    made = select(ProductMaker.product_id).where(ProductMaker.trainee_id == trainee.id)
    query = newest_first(listed().where(Product.id.in_(made)))
    return db.session.scalars(query.limit(limit)).unique().all()


# --- the fair-price breakdown ---------------------------------------------------


@dataclass(frozen=True)
class FairPrice:
    """Where one unit's price goes: the makers' wages, materials, and the rest."""

    price_rials: int
    wage_rials: int
    materials_rials: int
    rest_rials: int
    wage_pct: int
    materials_pct: int
    rest_pct: int


def fair_price(product: Product) -> FairPrice | None:
    """The breakdown shown on the product page; None when there is nothing to show.

    Percentages are whole numbers rounded down for wages and materials, and the
    rest takes what is left, so the three always add up to 100.
    """
    price = product.price_rials or 0
    if price <= 0 or (product.unit_wage_rials or 0) + (product.unit_materials_rials or 0) <= 0:
        return None
    wage = min(product.unit_wage_rials or 0, price)
    materials = min(product.unit_materials_rials or 0, price - wage)
    wage_pct = wage * 100 // price
    materials_pct = materials * 100 // price
    return FairPrice(
        price_rials=price,
        wage_rials=wage,
        materials_rials=materials,
        rest_rials=price - wage - materials,
        wage_pct=wage_pct,
        materials_pct=materials_pct,
        rest_pct=100 - wage_pct - materials_pct,
    )
