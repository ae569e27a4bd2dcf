"""The wage ledger: what drivers owe and pay their trainees, and materials supplied.

Append-only: nothing here is edited or deleted; a mistake is corrected by a
reversing `LedgerEntry`. A trainee's balance with a driver is the sum of their
entries (positive: owed to her; negative: paid to her).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.extensions import db
from marketplace.models.base import Choice, one_of, utcnow

if TYPE_CHECKING:
    from marketplace.models.catalogue import Product
    from marketplace.models.people import Driver, User
    from marketplace.models.programme import Centre, Course, Trainee


class PayoutMethod(Choice):
    CASH = "cash"
    CARD_TO_CARD = "card_to_card"
    BANK_TRANSFER = "bank_transfer"



class EntryKind(Choice):
    PURCHASE = "purchase"
    PAYOUT = "payout"
    ADVANCE = "advance"
    REVERSAL = "reversal"



class Purchase(db.Model):
    """A driver buys `quantity` units of a product from its maker(s)."""

    __tablename__ = "purchases"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("total_rials >= 0", name="total_non_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    driver_id: Mapped[int] = mapped_column(ForeignKey("drivers.id"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), index=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("centres.id"), index=True)
    quantity: Mapped[int]
    total_rials: Mapped[int] = mapped_column(BigInteger)
    purchased_on: Mapped[date]
    note: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    checked_in_at: Mapped[datetime | None]
    checked_in_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    driver: Mapped[Driver] = relationship()
    product: Mapped[Product] = relationship()
    centre: Mapped[Centre] = relationship()
    shares: Mapped[list[PurchaseShare]] = relationship(
        back_populates="purchase", order_by="PurchaseShare.trainee_id"
    )
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])


class PurchaseShare(db.Model):
    """One maker's part of a purchase: her share and the Rials owed to her."""

    __tablename__ = "purchase_shares"
    __table_args__ = (
        CheckConstraint("share_pct BETWEEN 1 AND 100", name="share_range"),
        CheckConstraint("amount_rials >= 0", name="amount_non_negative"),
    )

    purchase_id: Mapped[int] = mapped_column(ForeignKey("purchases.id"), primary_key=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("trainees.id"), primary_key=True, index=True)
    share_pct: Mapped[int]
    amount_rials: Mapped[int] = mapped_column(BigInteger)

    purchase: Mapped[Purchase] = relationship(back_populates="shares")
    trainee: Mapped[Trainee] = relationship()


class Payout(db.Model):
    """A wage payment (دستمزد) from a driver to a trainee."""

    __tablename__ = "payouts"
    __table_args__ = (
        one_of("method", PayoutMethod),
        CheckConstraint("amount_rials > 0", name="amount_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    driver_id: Mapped[int] = mapped_column(ForeignKey("drivers.id"), index=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("trainees.id"), index=True)
    amount_rials: Mapped[int] = mapped_column(BigInteger)
    method: Mapped[str] = mapped_column(String(20))
    reference: Mapped[str | None] = mapped_column(String(100))
    paid_on: Mapped[date]
    is_advance: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    driver: Mapped[Driver] = relationship()
    trainee: Mapped[Trainee] = relationship()


class LedgerEntry(db.Model):
    """One append-only line of a driver's account with a trainee."""

    __tablename__ = "ledger_entries"
    __table_args__ = (
        one_of("kind", EntryKind),
        CheckConstraint("amount_rials <> 0", name="amount_non_zero"),
        CheckConstraint(
            "(kind = 'purchase' AND amount_rials > 0 AND purchase_id IS NOT NULL)"
            " OR (kind IN ('payout', 'advance') AND amount_rials < 0 AND payout_id IS NOT NULL)"
            " OR (kind = 'reversal' AND reverses_id IS NOT NULL)",
            name="kind_consistent",
        ),
        Index("ix_ledger_entries_account", "driver_id", "trainee_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    driver_id: Mapped[int] = mapped_column(ForeignKey("drivers.id"))
    trainee_id: Mapped[int] = mapped_column(ForeignKey("trainees.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    amount_rials: Mapped[int] = mapped_column(BigInteger)
    purchase_id: Mapped[int | None] = mapped_column(ForeignKey("purchases.id"), index=True)
    payout_id: Mapped[int | None] = mapped_column(ForeignKey("payouts.id"), index=True)
    # An entry can be reversed once; the unique key makes a second reversal impossible.
    reverses_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_entries.id"), unique=True)
    occurred_on: Mapped[date]
    note: Mapped[str | None] = mapped_column(String(300))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    trainee: Mapped[Trainee] = relationship()
    purchase: Mapped[Purchase | None] = relationship()
    payout: Mapped[Payout | None] = relationship()
    reverses: Mapped[LedgerEntry | None] = relationship(remote_side=[id])


class MaterialIssue(db.Model):
    """Raw materials a driver supplied, free to the trainee, for an item or a course."""

    __tablename__ = "material_issues"
    __table_args__ = (
        CheckConstraint("cost_rials >= 0", name="cost_non_negative"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint(
            "trainee_id IS NOT NULL OR course_id IS NOT NULL", name="has_recipient"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    driver_id: Mapped[int] = mapped_column(ForeignKey("drivers.id"), index=True)
    trainee_id: Mapped[int | None] = mapped_column(ForeignKey("trainees.id"), index=True)
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id"), index=True)
    course_id: Mapped[int | None] = mapped_column(ForeignKey("courses.id"))
    description: Mapped[str] = mapped_column(String(300))
    quantity: Mapped[int]
    unit: Mapped[str] = mapped_column(String(30))
    cost_rials: Mapped[int] = mapped_column(BigInteger)
    issued_on: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    trainee: Mapped[Trainee | None] = relationship()
    product: Mapped[Product | None] = relationship()
    course: Mapped[Course | None] = relationship()


class AppendOnlyError(RuntimeError):
    """Ledger rows are never changed: correct a mistake with a reversal entry."""


def _refuse_change(mapper: object, connection: object, target: object) -> None:
    raise AppendOnlyError(f"{type(target).__name__} rows are append-only; record a reversal")


# The ORM guard, on every backend; PostgreSQL also has a trigger (see migrations).
for _model in (LedgerEntry, Payout, PurchaseShare):
    event.listen(_model, "before_update", _refuse_change)
    event.listen(_model, "before_delete", _refuse_change)
