"""Shared column helpers for the models."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

from sqlalchemy import CheckConstraint, ColumnElement, DateTime

from marketplace.text.persian import tehran_day_start


def utcnow() -> datetime:
    """Naive UTC now: the database stores UTC and the templates convert for display."""
    return datetime.now(UTC).replace(tzinfo=None)


class HasVariants:
    """A row of an image the pipeline stored: `sizes` lists its variants' widths."""

    sizes: str

    @property
    def size_list(self) -> list[int]:
        return [int(s) for s in self.sizes.split(",") if s]


class Choice(StrEnum):
    """A stored code (a status, a kind): a string column whose CHECK allows exactly the
    members (`one_of`). Members compare equal to their strings, so rows read back as
    plain strings still match them."""

    @classmethod
    def values(cls) -> tuple[str, ...]:
        return tuple(member.value for member in cls)


def one_of(column: str, values: Iterable[str], name: str | None = None) -> CheckConstraint:
    """A CHECK that a string status column holds one of the allowed values."""
    allowed = ", ".join(f"'{v}'" for v in values)
    return CheckConstraint(f"{column} IN ({allowed})", name=name or f"{column}_allowed")


def within_days(
    column: ColumnElement, since: date | None, until: date | None
) -> list[ColumnElement[bool]]:
    """Conditions keeping `column` between two days, both included (None: open-ended).

    A calendar day is a Tehran day: for a moment column (naive UTC) it runs from that
    day's start in Tehran to the next day's; a date column is compared as it is.
    """
    moments = isinstance(column.type, DateTime)
    bound = tehran_day_start if moments else (lambda day: day)
    conditions = []
    if since is not None:
        conditions.append(column >= bound(since))
    if until is not None:
        conditions.append(column < bound(until + timedelta(days=1)) if moments
                          else column <= until)
    return conditions
