"""What drivers list: products, their makers and photos."""

from __future__ import annotations

from datetime import datetime
from enum import nonmember
from typing import TYPE_CHECKING

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.extensions import db
from marketplace.models.base import Choice, HasVariants, one_of, utcnow

if TYPE_CHECKING:
    from marketplace.models.people import Driver, User
    from marketplace.models.programme import Centre, Craft, Trainee


class ProductStatus(Choice):
    DRAFT = "draft"
    LISTED = "listed"
    ARCHIVED = "archived"
    # Allowed moves; publishing has further conditions (photo, price, makers).
    TRANSITIONS = nonmember({
        DRAFT: {LISTED, ARCHIVED},
        LISTED: {DRAFT, ARCHIVED},
        ARCHIVED: {DRAFT},
    })


class AdjustmentReason(Choice):
    """Why a driver changed stock by hand: units added, or units written off for a reason."""

    ADDED = "added"
    DAMAGED = "damaged"
    LOST = "lost"
    SAMPLE = "sample"  # given away as a sample, a gift or to an exhibition
    COUNT = "count"  # a stock count found fewer than recorded
    OTHER = "other"


# Colours a shopper filters by: (code, the Persian word as drivers write it, English). Each
# is a bit of Product.colour_mask (its position here), so counting a colour over 100,000
# products tests a bit of an indexed integer instead of two LIKEs on free text a row.
COLOURS = (
    ("red", "قرمز", "red"), ("lacquer", "لاکی", "lacquer red"), ("navy", "سرمه‌ای", "navy"),
    ("cream", "کرم", "cream"), ("blue", "آبی", "blue"), ("turquoise", "فیروزه‌ای", "turquoise"),
    ("green", "سبز", "green"), ("brown", "قهوه‌ای", "brown"), ("black", "مشکی", "black"),
    ("white", "سفید", "white"), ("gold", "طلایی", "gold"), ("beige", "بژ", "beige"),
)
COLOUR_BITS = {code: 1 << i for i, (code, _fa, _en) in enumerate(COLOURS)}


def colour_mask(colours_fa: str | None, colours_en: str | None) -> int:
    """The bits of every colour named in the driver's words, in either language."""
    fa, en = colours_fa or "", (colours_en or "").lower()
    return sum(COLOUR_BITS[code] for code, word_fa, word_en in COLOURS
               if word_fa in fa or word_en in en)


class Product(db.Model):
    """One item kind a driver sells; `stock` units of it are on hand."""

    __tablename__ = "products"
    __table_args__ = (
        one_of("status", ProductStatus),
        CheckConstraint("price_rials IS NULL OR price_rials >= 0", name="price_non_negative"),
        CheckConstraint("stock >= 0", name="stock_non_negative"),
        CheckConstraint("unit_wage_rials >= 0", name="wage_non_negative"),
        CheckConstraint("unit_materials_rials >= 0", name="materials_non_negative"),
        CheckConstraint("sold_count >= 0", name="sold_non_negative"),
        CheckConstraint(
            "status <> 'listed' OR price_rials IS NOT NULL", name="listed_has_price"
        ),
        # The storefront's list: listed products, newest first or by price.
        Index("ix_products_listing_newest", "status", "listed_at", "id"),
        Index("ix_products_listing_price", "status", "price_rials", "id"),
        # The same for a craft or a centre filter (migration 0003).
        Index("ix_products_craft_listing_newest", "craft_id", "status", "listed_at", "id"),
        Index("ix_products_craft_listing_price", "craft_id", "status", "price_rials", "id"),
        Index("ix_products_centre_listing_newest", "centre_id", "status", "listed_at", "id"),
        Index("ix_products_centre_listing_price", "centre_id", "status", "price_rials", "id"),
        # Best-selling first (migration 0201).
        Index("ix_products_listing_popular", "status", "sold_count", "id"),
        # Everything the facet counts read, so they scan this index and not the wide rows
        # (migration 0016). colour_mask leads because nothing seeks by it: a planner never
        # takes this index for the lists' seeks and sorts, which have their own.
        Index("ix_products_facets", "colour_mask", "status", "stock", "craft_id", "centre_id",
              "price_rials", "width_cm", "length_cm", "knots_per_sq_cm"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    slug: Mapped[str] = mapped_column(String(120))
    driver_id: Mapped[int] = mapped_column(ForeignKey("drivers.id"), index=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("centres.id"), index=True)
    craft_id: Mapped[int] = mapped_column(ForeignKey("crafts.id"), index=True)
    title_fa: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str | None] = mapped_column(String(200))
    description_fa: Mapped[str | None] = mapped_column(Text)
    description_en: Mapped[str | None] = mapped_column(Text)
    price_rials: Mapped[int | None] = mapped_column(BigInteger)
    stock: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(10), default=ProductStatus.DRAFT)
    featured: Mapped[bool] = mapped_column(default=False)
    # Craft attributes; all optional because a wallet has no knot density.
    width_cm: Mapped[int | None]
    length_cm: Mapped[int | None]
    knots_per_sq_cm: Mapped[int | None]
    weight_g: Mapped[int | None]
    materials_fa: Mapped[str | None] = mapped_column(String(300))
    materials_en: Mapped[str | None] = mapped_column(String(300))
    colours_fa: Mapped[str | None] = mapped_column(String(300))
    colours_en: Mapped[str | None] = mapped_column(String(300))
    colour_mask: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Per unit, from the latest purchase and materials: the public fair-price breakdown.
    unit_wage_rials: Mapped[int] = mapped_column(BigInteger, default=0)
    unit_materials_rials: Mapped[int] = mapped_column(BigInteger, default=0)
    # Normalised (persian.search_key) titles, description, craft and centre: what search reads.
    search_text: Mapped[str] = mapped_column(Text, default="")
    # The title's words and joined word pairs, and their stems, space-padded: what ranking
    # reads to tell a title word from a description word (catalogue.search.index).
    search_title: Mapped[str] = mapped_column(Text, default="", server_default="")
    search_stems: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Units sold, raised by checkout's own stock update: the best-selling order.
    sold_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Visible reviews and the sum of their stars, kept by conditional UPDATEs in the
    # review's own transaction (orders/reviews.py), so a card's average costs no query.
    review_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    rating_sum: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    listed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    driver: Mapped[Driver] = relationship()
    centre: Mapped[Centre] = relationship()
    craft: Mapped[Craft] = relationship()
    makers: Mapped[list[ProductMaker]] = relationship(
        back_populates="product", cascade="all, delete-orphan", order_by="ProductMaker.trainee_id"
    )
    photos: Mapped[list[Photo]] = relationship(
        back_populates="product", order_by="Photo.position, Photo.id"
    )

    @property
    def rating_average(self) -> float | None:
        """The mean of its visible reviews' stars, or None before the first."""
        return self.rating_sum / self.review_count if self.review_count else None


@event.listens_for(Product, "before_insert")
@event.listens_for(Product, "before_update")
def _keep_colour_mask(_mapper: object, _connection: object, product: Product) -> None:
    # Whatever changed the colours (the listing form, an import, the demo), the mask follows.
    product.colour_mask = colour_mask(product.colours_fa, product.colours_en)


class ProductMaker(db.Model):
    """A trainee who made (part of) a product, with her share in percent."""

    __tablename__ = "product_makers"
    __table_args__ = (CheckConstraint("share_pct BETWEEN 1 AND 100", name="share_range"),)

    product_id: Mapped[int] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), primary_key=True
    )
    trainee_id: Mapped[int] = mapped_column(ForeignKey("trainees.id"), primary_key=True, index=True)
    share_pct: Mapped[int]

    product: Mapped[Product] = relationship(back_populates="makers")
    trainee: Mapped[Trainee] = relationship()


class Photo(HasVariants, db.Model):
    """A product photo; files are named by `digest`, variants listed in `sizes`."""

    __tablename__ = "photos"
    __table_args__ = (
        CheckConstraint("width > 0 AND height > 0", name="dimensions_positive"),
        Index("ix_photos_product_position", "product_id", "position"),
        # A product shows an image once, even when two uploads of it race.
        Index("uq_photos_product_id_digest", "product_id", "digest", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    digest: Mapped[str] = mapped_column(String(64), index=True)
    width: Mapped[int]
    height: Mapped[int]
    has_alpha: Mapped[bool] = mapped_column(default=False)
    sizes: Mapped[str] = mapped_column(String(40))  # e.g. "320,800,1600"
    alt_fa: Mapped[str | None] = mapped_column(String(300))
    alt_en: Mapped[str | None] = mapped_column(String(300))
    position: Mapped[int] = mapped_column(default=0)
    is_cover: Mapped[bool] = mapped_column(default=False)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    product: Mapped[Product] = relationship(back_populates="photos")
    uploaded_by: Mapped[User | None] = relationship()



class StockAdjustment(db.Model):
    """A stock change made by hand on the listing page (append-only): units added
    (`delta` > 0, reason `added`) or written off (`delta` < 0, any other reason)."""

    __tablename__ = "stock_adjustments"
    __table_args__ = (
        one_of("reason", AdjustmentReason),
        CheckConstraint(
            "(reason = 'added' AND delta > 0) OR (reason <> 'added' AND delta < 0)",
            name="delta_matches_reason",
        ),
        Index("ix_stock_adjustments_product_id", "product_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    driver_id: Mapped[int] = mapped_column(ForeignKey("drivers.id"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    delta: Mapped[int]
    reason: Mapped[str] = mapped_column(String(10))
    note: Mapped[str | None] = mapped_column(String(300))
    stock_after: Mapped[int]  # what the conditional UPDATE returned: the history reads it
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    actor: Mapped[User | None] = relationship()


class SearchSynonym(db.Model):
    """Words a search for `word` also looks for (the admin's table, read at query time).

    Both sides are stored as `persian.search_key` gives them; `alternatives` is a list
    separated by "،" or ",", each one a word or a phrase.
    """

    __tablename__ = "search_synonyms"

    id: Mapped[int] = mapped_column(primary_key=True)
    word: Mapped[str] = mapped_column(String(100), unique=True)
    alternatives: Mapped[str] = mapped_column(String(500))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class SearchWord(db.Model):
    """A word that occurs in some product's search text: where typo correction looks."""

    __tablename__ = "search_words"

    word: Mapped[str] = mapped_column(String(60), primary_key=True)
