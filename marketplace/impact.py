"""The programme's impact in figures, computed from the database.

The home page and the admin impact report read the same functions, so the
two can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from .extensions import db
from .models import (
    Certificate,
    Enrollment,
    EnrollmentStatus,
    EntryKind,
    LedgerEntry,
    LineStatus,
    Loan,
    LoanStatus,
    OrderLine,
    Trainee,
)

PAYOUT_KINDS = (EntryKind.PAYOUT, EntryKind.ADVANCE)


@dataclass(frozen=True)
class Headline:
    trained: int
    completed: int
    employed: int
    certificates: int
    loans: int
    wages_paid_rials: int
    sales_rials: int


def wages_paid_rials(*filters: object) -> int:
    """Wages paid to makers: payouts and advances, less any that were reversed."""
    paid = db.session.scalar(
        select(func.coalesce(-func.sum(LedgerEntry.amount_rials), 0)).where(
            LedgerEntry.kind.in_(PAYOUT_KINDS), *filters
        )
    )
    original = aliased(LedgerEntry)
    reversed_ = db.session.scalar(
        select(func.coalesce(func.sum(LedgerEntry.amount_rials), 0))
        .join(original, LedgerEntry.reverses_id == original.id)
        .where(LedgerEntry.kind == EntryKind.REVERSAL, original.kind.in_(PAYOUT_KINDS), *filters)
    )
    return int(paid) - int(reversed_)


def headline() -> Headline:
    """The figures on the home page."""
    enrolled = select(Enrollment.trainee_id)
    trained = db.session.scalar(
        select(func.count()).select_from(Trainee).where(Trainee.id.in_(enrolled))
    )
    completed = db.session.scalar(
        select(func.count(func.distinct(Enrollment.trainee_id))).where(
            Enrollment.status == EnrollmentStatus.COMPLETED
        )
    )
    employed = db.session.scalar(
        select(func.count(func.distinct(Enrollment.trainee_id))).where(Enrollment.employed_after)
    )
    certificates = db.session.scalar(select(func.count()).select_from(Certificate))
    loans = db.session.scalar(
        select(func.count()).select_from(Loan).where(Loan.status == LoanStatus.PAID)
    )
    sales = db.session.scalar(
        select(func.coalesce(func.sum(OrderLine.line_total_rials), 0)).where(
            OrderLine.status.not_in((LineStatus.CANCELLED, LineStatus.RETURNED))
        )
    )
    return Headline(
        trained=trained or 0,
        completed=completed or 0,
        employed=employed or 0,
        certificates=certificates or 0,
        loans=loans or 0,
        wages_paid_rials=wages_paid_rials(),
        sales_rials=int(sales or 0),
    )
