"""What search engines and price-comparison sites read: sitemaps, the Google Merchant feed
and Torob's. Rows are streamed (`yield_per`), so a catalogue of 100,000 products is never
in memory at once; the views write each row as it comes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Row, func, select

from marketplace.extensions import db
from marketplace.models import Centre, Craft, Driver, Photo, Product, ProductStatus, Trainee

# The sitemap protocol's limit of URLs in one file.
SITEMAP_URLS = 50_000
BATCH = 1000


def _cover_id() -> Any:
    """The id of a product's cover photo (the chosen one, else the first), per row."""
    return (
        select(Photo.id).where(Photo.product_id == Product.id)
        .order_by(Photo.is_cover.desc(), Photo.position, Photo.id)
        .limit(1).correlate(Product).scalar_subquery()
    )


def _stream(statement: Any) -> Iterator[Row]:
    yield from db.session.execute(statement.execution_options(yield_per=BATCH))


def product_rows() -> Iterator[Row]:
    """Every listed product (sold out too, marked so) with its craft and cover photo."""
    statement = (
        select(Product.id, Product.code, Product.slug, Product.title_fa,
               Product.description_fa, Product.price_rials, Product.stock,
               Craft.name_fa.label("craft"), Photo.digest, Photo.sizes, Photo.has_alpha)
        .join(Craft, Craft.id == Product.craft_id)
        .outerjoin(Photo, Photo.id == _cover_id())
        .where(Product.status == ProductStatus.LISTED, Product.price_rials > 0)
        .order_by(Product.id)
    )
    return _stream(statement)


def product_sitemap_count() -> int:
    """How many product sitemaps the index lists (at least one, perhaps empty)."""
    listed = db.session.scalar(
        select(func.count(Product.id)).where(Product.status == ProductStatus.LISTED))
    return max(1, -(-listed // SITEMAP_URLS))


def sitemap_products(page: int) -> Iterator[Row]:
    """(id, slug, updated_at) of the listed products of one sitemap page (from 1)."""
    return _stream(
        select(Product.id, Product.slug, Product.updated_at)
        .where(Product.status == ProductStatus.LISTED)
        .order_by(Product.id).offset((page - 1) * SITEMAP_URLS).limit(SITEMAP_URLS)
    )


def public_places() -> dict[str, list[Any]]:
    """Centres (by slug), crafts (by code), makers who chose to show their story, and
    sellers whose shop page is public (by slug)."""
    return {
        "sellers": list(db.session.scalars(
            select(Driver.slug).where(Driver.has_public_page).order_by(Driver.id))),
        "centres": list(db.session.scalars(select(Centre.slug).order_by(Centre.id))),
        "crafts": list(db.session.scalars(select(Craft.code).order_by(Craft.id))),
        "makers": list(db.session.scalars(
            select(Trainee.id).where(Trainee.show_story.is_(True)).order_by(Trainee.id))),
    }
