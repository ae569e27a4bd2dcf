"""Buyers' reviews of what was delivered to them, their photos, the seller's answer and
the "helpful" votes. Nothing is deleted: staff hide a review with a reason."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.extensions import db
from marketplace.models.base import HasVariants, utcnow

if TYPE_CHECKING:
    from marketplace.models.catalogue import Product
    from marketplace.models.orders import OrderLine


class Review(db.Model):
    """One review per delivered order line. `author_name` is what the page shows (given
    name and initial, kept when written), never the buyer's family name or phone."""

    __tablename__ = "reviews"
    __table_args__ = (
        CheckConstraint("stars BETWEEN 1 AND 5", name="stars_range"),
        CheckConstraint("helpful_count >= 0", name="helpful_not_negative"),
        CheckConstraint("hidden_at IS NULL OR hidden_reason IS NOT NULL", name="hidden_has_reason"),
        Index("ix_reviews_product_id_created_at", "product_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    line_id: Mapped[int] = mapped_column(ForeignKey("order_lines.id"), unique=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    buyer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    author_name: Mapped[str] = mapped_column(String(60))
    stars: Mapped[int]
    body: Mapped[str] = mapped_column(Text)
    helpful_count: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    answer: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None]
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    hidden_at: Mapped[datetime | None]
    hidden_reason: Mapped[str | None] = mapped_column(String(300))
    hidden_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    line: Mapped[OrderLine] = relationship()
    product: Mapped[Product] = relationship()
    photos: Mapped[list[ReviewPhoto]] = relationship(order_by="ReviewPhoto.id")


class ReviewPhoto(HasVariants, db.Model):
    """A photo with a review (through the photo pipeline: metadata stripped, public)."""

    __tablename__ = "review_photos"
    __table_args__ = (CheckConstraint("width > 0 AND height > 0", name="dimensions_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"), index=True)
    digest: Mapped[str] = mapped_column(String(64))
    width: Mapped[int]
    height: Mapped[int]
    has_alpha: Mapped[bool] = mapped_column(default=False)
    sizes: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ReviewVote(db.Model):
    """A "helpful" vote: once per signed-in user, or per session for a guest."""

    __tablename__ = "review_votes"
    __table_args__ = (
        CheckConstraint("(user_id IS NULL) <> (session_key IS NULL)", name="one_voter"),
        UniqueConstraint("review_id", "user_id", name="uq_review_votes_user"),
        UniqueConstraint("review_id", "session_key", name="uq_review_votes_session"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    session_key: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
