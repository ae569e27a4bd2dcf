"""The programme's impact in figures, computed from the database.

The home page and the admin impact report read the same functions, so the
two can never disagree.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import ScalarSelect, Select, func, select
from sqlalchemy.orm import aliased

from marketplace.extensions import db
from marketplace.models import (
    Applicant,
    ApplicantSource,
    ApplicantStatus,
    Certificate,
    Course,
    Enrollment,
    EnrollmentStatus,
    EntryKind,
    LedgerEntry,
    Loan,
    LoanStatus,
    Order,
    OrderLine,
    Product,
    Referral,
    Trainee,
)
from marketplace.models.orders import LINE_IS_SALE
from marketplace.text.persian import jalali_year_of, to_tehran
from marketplace.text.spreadsheet import SafeWriter

PAYOUT_KINDS = (EntryKind.PAYOUT, EntryKind.ADVANCE)


@dataclass(frozen=True)
class Headline:
    trained: int
    completed: int
    employed: int
    certificates: int
    loans: int
    wages_paid_rials: int | None  # None: nothing recorded yet
    sales_rials: int | None


def _wage_movements(*columns: Any) -> Select:
    """Wages paid to makers, one signed row per ledger entry: each payout or advance
    (positive), and each reversal of one (negative). Every wage figure sums these rows,
    so "paid less reversed" has one definition."""
    original = aliased(LedgerEntry)
    return (
        select(*columns, (-LedgerEntry.amount_rials).label("paid_rials"))
        .outerjoin(original, LedgerEntry.reverses_id == original.id)
        .where(
            LedgerEntry.kind.in_(PAYOUT_KINDS)
            | ((LedgerEntry.kind == EntryKind.REVERSAL) & original.kind.in_(PAYOUT_KINDS))
        )
    )


def _wages_paid(*filters: object) -> ScalarSelect:
    """SQL for the wages paid to makers (net of reversals) in the entries `filters` pick;
    NULL when there is no such entry (a payout and its reversal are a real zero)."""
    rows = _wage_movements().where(*filters).subquery()
    return select(func.sum(rows.c.paid_rials)).scalar_subquery()


def wages_paid_rials(*filters: object) -> int | None:
    """Wages paid to makers: payouts and advances, less any that were reversed; None when
    none was recorded."""
    return _int_or_none(db.session.scalar(select(_wages_paid(*filters))))


def _int_or_none(value: object) -> int | None:
    return None if value is None else int(value)  # type: ignore[call-overload]


def headline() -> Headline:
    """The figures on the home page, in one round trip (the home page is the busiest)."""
    distinct_trainees = func.count(func.distinct(Enrollment.trainee_id))
    row = db.session.execute(
        select(
            select(func.count())
            .select_from(Trainee)
            .where(Trainee.id.in_(select(Enrollment.trainee_id)))
            .scalar_subquery(),
            select(distinct_trainees)
            .where(Enrollment.status == EnrollmentStatus.COMPLETED)
            .scalar_subquery(),
            select(distinct_trainees).where(Enrollment.employed_after).scalar_subquery(),
            select(func.count()).select_from(Certificate).scalar_subquery(),
            select(func.count())
            .select_from(Loan)
            .where(Loan.status == LoanStatus.PAID)
            .scalar_subquery(),
            _wages_paid(),
            select(func.sum(OrderLine.line_total_rials))
            .where(LINE_IS_SALE)
            .scalar_subquery(),
        )
    ).one()
    *counts, wages, sales = row
    trained, completed, employed, certificates, loans = (int(v or 0) for v in counts)
    return Headline(
        trained=trained,
        completed=completed,
        employed=employed,
        certificates=certificates,
        loans=loans,
        wages_paid_rials=_int_or_none(wages),
        sales_rials=_int_or_none(sales),
    )


_recent: dict[tuple[str, str], tuple[float, Any]] = {}
T = TypeVar("T")


def cached(name: str, compute: Callable[[], T], max_age: float) -> T:
    """compute(), reused for `max_age` seconds: the home page is the busiest page and its
    sums scan the whole ledger. Each process keeps its own copy, so nothing has to be
    shared between hosts; the figures lag the database by at most `max_age`. `compute`
    must return plain values, not rows of a session that ends with the request."""
    if max_age <= 0:
        return compute()
    key, now = (str(db.engine.url), name), time.monotonic()
    recent = _recent.get(key)
    if recent is None or now - recent[0] >= max_age:
        recent = _recent[key] = (now, compute())
    return recent[1]


def cached_headline(max_age: float) -> Headline:
    """headline(), reused for `max_age` seconds (see `cached`)."""
    return cached("headline", headline, max_age)


# --- Breakdowns for the admin report: per centre, per craft, per Jalali year --------------


@dataclass
class Figures:
    """One row of the impact report. Trainees are counted once per row, so rows of a
    breakdown may add up to more than the headline (a trainee in two crafts). Counts start
    at zero (nothing counted is a real ۰); sums of money stay None until something is
    recorded, and are shown as «—»."""

    trained: int = 0
    completed: int = 0
    employed: int = 0
    certificates: int = 0
    referrals: int = 0
    loans: int = 0
    loans_rials: int | None = None
    wages_paid_rials: int | None = None
    sales_rials: int | None = None


FIGURE_FIELDS = tuple(Figures.__dataclass_fields__)
def _fill(table: dict[Any, Figures], name: str, rows: Iterable[tuple[Any, Any]]) -> None:
    for key, value in rows:
        if key is None:
            continue
        figures = table.setdefault(key, Figures())
        setattr(figures, name, (getattr(figures, name) or 0) + int(value or 0))


def _enrollment_counts(table: dict[Any, Figures], key: Any, join: tuple) -> None:
    """trained / completed / employed: distinct trainees per `key`."""
    base = select(key, func.count(func.distinct(Enrollment.trainee_id))).join(*join)
    for name, cond in (
        ("trained", None),
        ("completed", Enrollment.status == EnrollmentStatus.COMPLETED),
        ("employed", Enrollment.employed_after),
    ):
        query = base if cond is None else base.where(cond)
        _fill(table, name, db.session.execute(query.group_by(key)).all())


def by_centre() -> dict[int, Figures]:
    """Figures per centre id (trainees by their centre; sales by the line's centre)."""
    table: dict[int, Figures] = {}
    _enrollment_counts(table, Trainee.centre_id, (Trainee, Trainee.id == Enrollment.trainee_id))
    _fill(table, "certificates", db.session.execute(
        select(Trainee.centre_id, func.count(Certificate.id))
        .join(Trainee, Trainee.id == Certificate.trainee_id).group_by(Trainee.centre_id)
    ).all())
    _fill(table, "referrals", db.session.execute(
        select(Referral.centre_id, func.count(Referral.id)).group_by(Referral.centre_id)
    ).all())
    paid_loans = (
        select(Referral.centre_id, func.count(Loan.id), func.sum(Loan.amount_rials))
        .join(Referral, Referral.id == Loan.referral_id)
        .where(Loan.status == LoanStatus.PAID).group_by(Referral.centre_id)
    )
    for centre_id, count, amount in db.session.execute(paid_loans).all():
        _fill(table, "loans", [(centre_id, count)])
        _fill(table, "loans_rials", [(centre_id, amount)])
    _fill(table, "wages_paid_rials", _wages_by_centre())
    _fill(table, "sales_rials", db.session.execute(
        select(OrderLine.centre_id, func.sum(OrderLine.line_total_rials))
        .where(LINE_IS_SALE).group_by(OrderLine.centre_id)
    ).all())
    return table


def _wages_by_centre() -> list[tuple[int, int]]:
    """The same sum as `wages_paid_rials`, grouped by the trainee's centre."""
    rows = _wage_movements(Trainee.centre_id).join(
        Trainee, Trainee.id == LedgerEntry.trainee_id
    ).subquery()
    return [
        (centre_id, int(total or 0))
        for centre_id, total in db.session.execute(
            select(rows.c.centre_id, func.sum(rows.c.paid_rials)).group_by(rows.c.centre_id)
        ).all()
    ]


def by_craft() -> dict[int, Figures]:
    """Figures per craft id: courses of the craft, its certificates and its sales.

    Referrals, loans and wages belong to a person, not a craft: counted zero, their sums «—».
    """
    table: dict[int, Figures] = {}
    _enrollment_counts(table, Course.craft_id, (Course, Course.id == Enrollment.course_id))
    _fill(table, "certificates", db.session.execute(
        select(Certificate.craft_id, func.count(Certificate.id)).group_by(Certificate.craft_id)
    ).all())
    _fill(table, "sales_rials", db.session.execute(
        select(Product.craft_id, func.sum(OrderLine.line_total_rials))
        .join(Product, Product.id == OrderLine.product_id)
        .where(LINE_IS_SALE).group_by(Product.craft_id)
    ).all())
    return table


def by_year() -> dict[int, Figures]:
    """Figures per Jalali year of the event: enrolment, completion, certificate, referral,
    loan decision, wage payment, order. Dates are bucketed in Python (SQL has no Jalali)."""
    table: dict[int, Figures] = {}

    def bucket(name: str, rows: Iterable[tuple[Any, Any]], distinct: bool = False) -> None:
        seen: set[tuple[int, Any]] = set()
        out: list[tuple[int, Any]] = []
        for when, value in rows:
            if when is None:
                continue
            year = jalali_year_of(to_tehran(when) if isinstance(when, datetime) else when)
            if distinct:
                if (year, value) in seen:
                    continue
                seen.add((year, value))
                value = 1
            out.append((year, value))
        _fill(table, name, out)

    rows = db.session.execute(select(Enrollment.enrolled_on, Enrollment.trainee_id)).all()
    bucket("trained", rows, distinct=True)
    done = select(Enrollment.completed_on, Enrollment.trainee_id).where(
        Enrollment.status == EnrollmentStatus.COMPLETED
    )
    bucket("completed", db.session.execute(done).all(), distinct=True)
    bucket("employed", db.session.execute(done.where(Enrollment.employed_after)).all(), True)
    bucket("certificates", db.session.execute(select(Certificate.issued_on, 1)).all())
    bucket("referrals", db.session.execute(select(Referral.referred_on, 1)).all())
    loans = db.session.execute(
        select(func.coalesce(Loan.decided_on, Referral.referred_on), Loan.amount_rials)
        .join(Referral, Referral.id == Loan.referral_id).where(Loan.status == LoanStatus.PAID)
    ).all()
    bucket("loans", [(d, 1) for d, _ in loans])
    bucket("loans_rials", loans)
    bucket("wages_paid_rials", db.session.execute(_wage_movements(LedgerEntry.occurred_on)).all())
    bucket("sales_rials", db.session.execute(
        select(Order.created_at, OrderLine.line_total_rials)
        .join(Order, Order.id == OrderLine.order_id).where(LINE_IS_SALE)
    ).all())
    return table


@dataclass(frozen=True)
class SourceCount:
    source: str
    applicants: int
    admitted: int


def by_source() -> list[SourceCount]:
    """Applicants and admissions per source (who sent her), every source listed, in SQL."""
    admitted = func.count().filter(Applicant.status == ApplicantStatus.ADMITTED)
    rows = {
        source: (total, took)
        for source, total, took in db.session.execute(
            select(Applicant.source, func.count(), admitted).group_by(Applicant.source)
        )
    }
    return [SourceCount(s, *rows.get(s, (0, 0))) for s in ApplicantSource.values()]


def report_csv(sections: Iterable[tuple[str, Iterable[tuple[str, Figures]]]]) -> str:
    """The report's tables as one CSV (sections one after another), amounts in Rials;
    column names are the field names, stable for spreadsheets and scripts."""
    out = io.StringIO()
    writer = SafeWriter(out)
    writer.writerow(["breakdown", "key", *FIGURE_FIELDS])
    for section, rows in sections:
        for label, figures in rows:
            writer.writerow([section, label, *(getattr(figures, f) for f in FIGURE_FIELDS)])
    return out.getvalue()
