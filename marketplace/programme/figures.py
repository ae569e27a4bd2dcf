"""The programme's published totals (its baseline) beside what this system counted itself.

The programme trained people for years before this shop existed, and published its totals
(SEED.md: 1,500 trained, 400 employed, …). The admin records such totals with their source,
for the whole programme or one centre, for all years so far or one Jalali year. Pages show
a published total and the system's own count side by side and never add them: nobody
knows how far the two overlap.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import ScalarSelect, func, select

from marketplace.extensions import db
from marketplace.models import (
    Centre,
    CentreStatus,
    Driver,
    Enrollment,
    FigureMetric,
    Loan,
    LoanStatus,
    Partner,
    ProgrammeFigure,
    Referral,
    User,
)
from marketplace.people import audit
from marketplace.programme import ProgrammeError
from marketplace.programme.impact import Headline, cached, headline
from marketplace.text.persian import MessageNumber, MessageYear, jalali_year_of, tehran_today

# The CHECK's bounds: a year before 1300 or after 1500 is a typing mistake, most often a
# Gregorian year typed as Jalali.
FIRST_JYEAR, LAST_JYEAR = 1300, 1500
MAX_COUNT = 2**31 - 1  # the column is a 32-bit integer on PostgreSQL
# Counts of what exists now, not of events since a day.
STOCK_METRICS = (
    FigureMetric.DRIVERS, FigureMetric.CENTRES_ACTIVE, FigureMetric.CENTRES_UNDER_CONSTRUCTION,
)


@dataclass
class FigureData:
    """What the admin's form gives: one published total and where it was published."""

    metric: str
    value: int
    value_high: int | None
    centre_id: int | None
    jyear: int | None
    source: str


def _check(data: FigureData, exclude_id: int | None = None) -> None:
    if data.metric not in FigureMetric.values():
        raise ProgrammeError(_l("Choose what the figure counts."), "metric")
    if data.value < 0:
        raise ProgrammeError(_l("A count cannot be negative."), "value")
    for name in ("value", "value_high"):
        if (getattr(data, name) or 0) > MAX_COUNT:
            raise ProgrammeError(_l("This number is too large for a count."), name)
    if data.value_high is not None and data.value_high <= data.value:
        raise ProgrammeError(
            _l("The upper end of a range must be more than %(low)s.",
               low=MessageNumber(data.value)), "value_high")
    if data.jyear is not None:
        this_year = jalali_year_of(tehran_today())
        if not FIRST_JYEAR <= data.jyear <= LAST_JYEAR:
            raise ProgrammeError(
                _l("Enter the Jalali year, such as %(year)s.", year=MessageYear(this_year)),
                "jyear")
        if data.jyear > this_year:
            raise ProgrammeError(_l("A published total cannot be for a year to come."), "jyear")
    if not data.source.strip():
        raise ProgrammeError(_l("Say where the figure was published."), "source")
    if data.centre_id is not None and db.session.get(Centre, data.centre_id) is None:
        raise ProgrammeError(_l("Choose a centre."), "centre_id")
    twin = select(ProgrammeFigure.id).where(
        ProgrammeFigure.metric == data.metric,
        ProgrammeFigure.centre_id.is_(None) if data.centre_id is None
        else ProgrammeFigure.centre_id == data.centre_id,
        ProgrammeFigure.jyear.is_(None) if data.jyear is None
        else ProgrammeFigure.jyear == data.jyear,
    )
    if exclude_id is not None:
        twin = twin.where(ProgrammeFigure.id != exclude_id)
    if db.session.scalar(twin.limit(1)) is not None:
        raise ProgrammeError(
            _l("This figure is already recorded for that centre and year; edit it instead."),
            "metric")


def _values(data: FigureData) -> dict[str, object]:
    return {f.name: getattr(data, f.name) for f in fields(data)}


def record_figure(data: FigureData, *, actor: User) -> ProgrammeFigure:
    """A published total, recorded (and audited) by `actor`."""
    _check(data)
    figure = ProgrammeFigure(**_values(data), recorded_by_id=actor.id)
    db.session.add(figure)
    db.session.flush()
    audit.record(actor, "figure.create", figure, _values(data))
    db.session.commit()
    return figure


def update_figure(figure: ProgrammeFigure, data: FigureData, *, actor: User) -> ProgrammeFigure:
    """Correct a published total; the audit log keeps what it said before."""
    _check(data, exclude_id=figure.id)
    changes = {}
    for name, new in _values(data).items():
        old = getattr(figure, name)
        if old != new:
            changes[name] = [old, new]
            setattr(figure, name, new)
    if changes:
        audit.record(actor, "figure.edit", figure, changes)
    db.session.commit()
    return figure


def delete_figure(figure: ProgrammeFigure, *, actor: User) -> None:
    """Remove a total recorded by mistake; the audit log keeps what it said."""
    audit.record(actor, "figure.delete", figure, _values(_data_of(figure)))
    db.session.delete(figure)
    db.session.commit()


def _data_of(figure: ProgrammeFigure) -> FigureData:
    return FigureData(**{f.name: getattr(figure, f.name) for f in fields(FigureData)})


def all_figures() -> list[ProgrammeFigure]:
    """Every recorded total: the programme's first, then by centre, metric and year."""
    rows = db.session.scalars(select(ProgrammeFigure).order_by(ProgrammeFigure.id)).all()
    order = FigureMetric.values()
    return sorted(rows, key=lambda f: (f.centre_id is not None, f.centre_id or 0,
                                       order.index(f.metric), f.jyear or 0))


# --- Beside what the system counted ------------------------------------------------------


@dataclass(frozen=True)
class Published:
    """A published total as plain values (pages may keep it beyond the session)."""

    value: int
    value_high: int | None
    source: str


@dataclass(frozen=True)
class Counted:
    """What this system holds: `value`, counted from the first record on `since` (None for
    a count of what exists now, such as the drivers)."""

    value: int
    since: date | None


@dataclass(frozen=True)
class FigurePair:
    metric: str
    published: Published | None
    counted: Counted

    @property
    def is_stock(self) -> bool:
        """A count of what exists today (drivers, centres), not of events since a day."""
        return self.metric in STOCK_METRICS


def programme_totals() -> dict[str, Published]:
    """The whole programme's totals for all years so far, by metric (the headline ones;
    a centre's or a year's total is not the programme's and is left to the report)."""
    rows = db.session.scalars(select(ProgrammeFigure).where(
        ProgrammeFigure.centre_id.is_(None), ProgrammeFigure.jyear.is_(None)))
    return {f.metric: Published(f.value, f.value_high, f.source) for f in rows}


def _count(model: type, *where: object) -> ScalarSelect:
    return select(func.count()).select_from(model).where(*where).scalar_subquery()


def _relief_loans() -> tuple[object, ...]:
    return (Loan.status == LoanStatus.PAID, Loan.partner == Partner.RELIEF_COMMITTEE)


def counted(headline: Headline) -> dict[str, Counted]:
    """The system's own count of each metric, in one round trip beside `headline` (the
    home page's, whose trained and employed counts are the same definitions)."""
    relief_first = (
        select(func.min(func.coalesce(Loan.decided_on, Referral.referred_on)))
        .join(Referral, Referral.id == Loan.referral_id).where(*_relief_loans())
    )
    row = db.session.execute(select(
        select(func.min(Enrollment.enrolled_on)).scalar_subquery(),
        select(func.min(Enrollment.completed_on)).where(Enrollment.employed_after)
        .scalar_subquery(),
        _count(Loan, *_relief_loans()),
        relief_first.scalar_subquery(),
        _count(Driver, Driver.is_active),
        _count(Centre, Centre.status == CentreStatus.ACTIVE),
        _count(Centre, Centre.status == CentreStatus.UNDER_CONSTRUCTION),
    )).one()
    first_trained, first_employed, loans, first_loan, drivers, active, building = row
    return {
        FigureMetric.TRAINED: Counted(headline.trained, first_trained),
        FigureMetric.EMPLOYED: Counted(headline.employed, first_employed),
        FigureMetric.RELIEF_LOANS: Counted(int(loans), first_loan),
        FigureMetric.DRIVERS: Counted(int(drivers), None),
        FigureMetric.CENTRES_ACTIVE: Counted(int(active), None),
        FigureMetric.CENTRES_UNDER_CONSTRUCTION: Counted(int(building), None),
    }


def pairs(headline: Headline) -> dict[str, FigurePair]:
    """Each metric's published total (if any) and the system's own count, by metric."""
    published = programme_totals()
    return {
        metric: FigurePair(metric, published.get(metric), count)
        for metric, count in counted(headline).items()
    }


def cached_pairs(max_age: float) -> tuple[Headline, dict[str, FigurePair]]:
    """The home page's figures: the headline and the pairs, reused for `max_age` seconds."""
    def compute() -> tuple[Headline, dict[str, FigurePair]]:
        figures = headline()
        return figures, pairs(figures)

    return cached("pairs", compute, max_age)


@dataclass(frozen=True)
class Building:
    """Centres under construction: the programme's number, and the ones whose place is
    known because the admin recorded them."""

    published: Published | None
    known: list[Centre]

    @property
    def unnamed(self) -> int:
        """How many of the published number have no record here yet (never below zero)."""
        if self.published is None:
            return 0
        return max(self.published.value - len(self.known), 0)


def under_construction(pairs: dict[str, FigurePair] | None = None) -> Building:
    """The centres being built; `pairs` (the home page's cached figures) saves reading the
    published number again."""
    if pairs is None:
        published = programme_totals().get(FigureMetric.CENTRES_UNDER_CONSTRUCTION)
    else:
        published = pairs[FigureMetric.CENTRES_UNDER_CONSTRUCTION].published
    known = db.session.scalars(
        select(Centre).where(Centre.status == CentreStatus.UNDER_CONSTRUCTION)
        .order_by(Centre.planned_opening_on.is_(None), Centre.planned_opening_on, Centre.id)
    ).all()
    return Building(published, list(known))
