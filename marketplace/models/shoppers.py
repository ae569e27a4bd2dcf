"""What a shopper keeps for herself: favourite products and "tell me when it is back"."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.extensions import db
from marketplace.models.base import one_of, utcnow
from marketplace.models.system import Channel


class Favourite(db.Model):
    """A product a signed-in buyer marked with the heart (a guest's live in her session)."""

    __tablename__ = "favourites"
    __table_args__ = (UniqueConstraint("user_id", "product_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class StockAlert(db.Model):
    """A request to hear, once, when a sold-out product is back: `sent_at` is set in the
    transaction that queued the message, so a later restock finds nothing to send."""

    __tablename__ = "stock_alerts"
    __table_args__ = (
        one_of("channel", Channel),
        # The one index the restock reads: the unsent requests of one product.
        Index("ix_stock_alerts_product_id", "product_id", "sent_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    channel: Mapped[str] = mapped_column(String(10))
    recipient: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
