"""Reading the catalogue for the storefront: listed products, centres and crafts."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from .extensions import db
from .models import Centre, CentreStatus, Craft, Product, ProductStatus


def _listed() -> object:
    return (
        select(Product)
        .where(Product.status == ProductStatus.LISTED, Product.stock > 0)
        .options(
            joinedload(Product.centre),
            joinedload(Product.craft),
            selectinload(Product.photos),
        )
    )


def featured_products(limit: int = 8) -> Sequence[Product]:
    query = _listed().where(Product.featured).order_by(Product.listed_at.desc(), Product.id.desc())
    return db.session.scalars(query.limit(limit)).unique().all()


def newest_products(limit: int = 8) -> Sequence[Product]:
    query = _listed().order_by(Product.listed_at.desc(), Product.id.desc())
    return db.session.scalars(query.limit(limit)).unique().all()


def all_crafts() -> Sequence[Craft]:
    return db.session.scalars(select(Craft).order_by(Craft.id)).all()


def active_centres() -> Sequence[Centre]:
    return db.session.scalars(
        select(Centre)
        .where(Centre.status == CentreStatus.ACTIVE)
        .options(joinedload(Centre.neighbourhood))
        .order_by(Centre.id)
    ).all()


def listed_product_or_404(product_id: int) -> Product:
    """A product the public may see: listed (sold-out ones still show, marked so)."""
    return db.first_or_404(
        select(Product)
        .where(Product.id == product_id, Product.status == ProductStatus.LISTED)
        .options(
            joinedload(Product.centre),
            joinedload(Product.craft),
            selectinload(Product.photos),
        )
    )


def cover_photo(product: Product) -> object | None:
    """The chosen cover, else the first photo, else None."""
    for photo in product.photos:
        if photo.is_cover:
            return photo
    return product.photos[0] if product.photos else None
