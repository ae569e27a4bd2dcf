"""A trainee's statement with one driver for a period: opening balance, each entry
with its running balance, closing balance. Derived from the ledger, never stored."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from marketplace.extensions import db
from marketplace.models import LedgerEntry, Purchase
from marketplace.text.persian import jalali_month_bounds


@dataclass(frozen=True)
class StatementRow:
    entry: LedgerEntry
    running_rials: int

    @property
    def credit_rials(self) -> int:
        """Owed to her by this entry (purchases, reversed payouts)."""
        return max(self.entry.amount_rials, 0)

    @property
    def debit_rials(self) -> int:
        """Paid to her (or taken back) by this entry."""
        return max(-self.entry.amount_rials, 0)


@dataclass(frozen=True)
class Statement:
    driver_id: int
    trainee_id: int
    start: date  # first day of the period
    end: date  # first day after it
    opening_rials: int
    rows: Sequence[StatementRow]

    @property
    def credits_rials(self) -> int:
        return sum(r.credit_rials for r in self.rows)

    @property
    def debits_rials(self) -> int:
        return sum(r.debit_rials for r in self.rows)

    @property
    def closing_rials(self) -> int:
        return self.opening_rials + self.credits_rials - self.debits_rials


def has_account(driver_id: int, trainee_id: int) -> bool:
    """Whether the driver has ever recorded anything with this trainee."""
    return db.session.scalar(
        select(LedgerEntry.id)
        .where(LedgerEntry.driver_id == driver_id, LedgerEntry.trainee_id == trainee_id)
        .limit(1)
    ) is not None


def statement(driver_id: int, trainee_id: int, start: date, end: date) -> Statement:
    """Entries with `start <= occurred_on < end`, in the order they happened."""
    account = (LedgerEntry.driver_id == driver_id, LedgerEntry.trainee_id == trainee_id)
    opening = int(
        db.session.scalar(
            select(func.coalesce(func.sum(LedgerEntry.amount_rials), 0)).where(
                *account, LedgerEntry.occurred_on < start
            )
        )
    )
    entries = db.session.scalars(
        select(LedgerEntry)
        .where(*account, LedgerEntry.occurred_on >= start, LedgerEntry.occurred_on < end)
        .options(
            joinedload(LedgerEntry.purchase).joinedload(Purchase.product),
            joinedload(LedgerEntry.payout),
            joinedload(LedgerEntry.reverses),
        )
        .order_by(LedgerEntry.occurred_on, LedgerEntry.id)
    ).all()
    rows, running = [], opening
    for entry in entries:
        running += entry.amount_rials
        rows.append(StatementRow(entry, running))
    return Statement(driver_id, trainee_id, start, end, opening, rows)


def month_statement(driver_id: int, trainee_id: int, jyear: int, jmonth: int) -> Statement:
    """The statement for one Jalali month."""
    start, end = jalali_month_bounds(jyear, jmonth)
    return statement(driver_id, trainee_id, start, end)
