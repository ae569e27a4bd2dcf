"""Balances are never stored: they are the sum of a trainee's ledger entries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from marketplace.extensions import db
from marketplace.models import LedgerEntry, Trainee


def balance(driver_id: int, trainee_id: int) -> int:
    """What the driver owes the trainee now, in Rials (negative after an advance)."""
    total = db.session.scalar(
        select(func.coalesce(func.sum(LedgerEntry.amount_rials), 0)).where(
            LedgerEntry.driver_id == driver_id, LedgerEntry.trainee_id == trainee_id
        )
    )
    return int(total)


@dataclass(frozen=True)
class Account:
    trainee: Trainee
    balance_rials: int
    owed_rials: int  # everything ever credited to her (purchases, reversed payouts)
    paid_rials: int  # everything ever debited (payouts, advances, reversed purchases)


def balances_for_driver(driver_id: int) -> list[Account]:
    """Every trainee this driver has an account with, largest balance first."""
    positive = func.sum(
        db.case((LedgerEntry.amount_rials > 0, LedgerEntry.amount_rials), else_=0)
    )
    negative = func.sum(
        db.case((LedgerEntry.amount_rials < 0, -LedgerEntry.amount_rials), else_=0)
    )
    rows = db.session.execute(
        select(Trainee, func.sum(LedgerEntry.amount_rials), positive, negative)
        .join(LedgerEntry, LedgerEntry.trainee_id == Trainee.id)
        .where(LedgerEntry.driver_id == driver_id)
        .group_by(Trainee.id)
        .order_by(func.sum(LedgerEntry.amount_rials).desc(), Trainee.id)
        .options(joinedload(Trainee.centre))
    ).all()
    return [Account(t, int(b), int(o), int(p)) for t, b, o, p in rows]


def entries_for(driver_id: int, trainee_id: int) -> Sequence[LedgerEntry]:
    return db.session.scalars(
        select(LedgerEntry)
        .where(LedgerEntry.driver_id == driver_id, LedgerEntry.trainee_id == trainee_id)
        .order_by(LedgerEntry.occurred_on, LedgerEntry.id)
    ).all()
