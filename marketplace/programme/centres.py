"""Centres: creation, editing, status changes, and the yearly target of new centres."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.models import Centre, CentreStatus, Neighbourhood, Trainee, User
from marketplace.people import audit
from marketplace.programme import (
    ProgrammeError,
    applicants,
    commit_or_refuse,
    refusing_duplicates,
)
from marketplace.text.persian import jalali_year_of

# The programme's target: at least four new centres each Jalali year (SEED.md).
YEARLY_TARGET = 4


@dataclass
class CentreData:
    slug: str
    name_fa: str
    name_en: str
    neighbourhood_id: int | None  # None: the new neighbourhood given beside it
    address_fa: str | None = None
    address_en: str | None = None
    planned_opening_on: date | None = None


@dataclass(frozen=True)
class NewNeighbourhood:
    """A neighbourhood added from the centre's form (a centre being built is often in one
    the programme has not worked in yet)."""

    name_fa: str
    name_en: str


NEIGHBOURHOOD_EXISTS = _l("This neighbourhood is already in the list; choose it there.")


SLUG_TAKEN = _l("This short name is already taken.")


STAYS_PUT = _l("Its trainees belong to its neighbourhood; it cannot move.")


def _has_trainees(centre: Centre) -> bool:
    return db.session.scalar(
        select(Trainee.id).where(Trainee.centre_id == centre.id).limit(1)
    ) is not None


def _commit_or_taken() -> None:
    commit_or_refuse(SLUG_TAKEN, "slug")


def _check_slug(slug: str, exclude_id: int | None = None) -> None:
    query = select(Centre.id).where(Centre.slug == slug)
    if exclude_id is not None:
        query = query.where(Centre.id != exclude_id)
    if db.session.scalar(query) is not None:
        raise ProgrammeError(SLUG_TAKEN, "slug")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower(), flags=re.ASCII).strip("-")[:80]


def _add_neighbourhood(data: CentreData, new: NewNeighbourhood | None) -> dict[str, str]:
    """Add `new` and point `data` at it (in the caller's transaction); the audit note."""
    if new is None:
        if data.neighbourhood_id is None or db.session.get(
            Neighbourhood, data.neighbourhood_id
        ) is None:
            raise ProgrammeError(_l("Choose the neighbourhood, or name a new one."),
                                 "neighbourhood_id")
        return {}
    slug = _slug(new.name_en) or _slug(data.slug)
    if not slug:
        raise ProgrammeError(_l("Write the neighbourhood's name in English letters."),
                             "new_neighbourhood_en")
    taken = select(Neighbourhood.id).where(
        (Neighbourhood.slug == slug) | (Neighbourhood.name_fa == new.name_fa)
    )
    if db.session.scalar(taken.limit(1)) is not None:
        raise ProgrammeError(NEIGHBOURHOOD_EXISTS, "new_neighbourhood_fa")
    hood = Neighbourhood(slug=slug, name_fa=new.name_fa, name_en=new.name_en)
    db.session.add(hood)
    with refusing_duplicates(NEIGHBOURHOOD_EXISTS, "new_neighbourhood_fa"):
        db.session.flush()
    data.neighbourhood_id = hood.id
    return {"neighbourhood": new.name_fa}


def create_centre(
    data: CentreData, *, actor: User, status: str = CentreStatus.PLANNED,
    new_neighbourhood: NewNeighbourhood | None = None,
) -> Centre:
    """A new centre, planned or under construction until its status is changed (its
    opening is that change, with its day); in a new neighbourhood when one is given."""
    if status not in (CentreStatus.PLANNED, CentreStatus.UNDER_CONSTRUCTION):
        raise ProgrammeError(_l("A new centre is planned or under construction."), "status")
    _check_slug(data.slug)
    note = _add_neighbourhood(data, new_neighbourhood)
    centre = Centre(**{f.name: getattr(data, f.name) for f in fields(data)})
    centre.status = status
    db.session.add(centre)
    with refusing_duplicates(SLUG_TAKEN, "slug"):
        db.session.flush()
        audit.record(actor, "centre.create", centre, {
            **{f.name: getattr(data, f.name) for f in fields(data)}, "status": status, **note,
        })
        db.session.commit()
    return centre


def update_centre(
    centre: Centre, data: CentreData, *, actor: User,
    new_neighbourhood: NewNeighbourhood | None = None,
) -> Centre:
    """Edit a centre's names, address and planned opening. Moving it to another
    neighbourhood is refused once it has trainees (they belong to the old neighbourhood;
    the database agrees)."""
    _check_slug(data.slug, exclude_id=centre.id)
    moving = new_neighbourhood is not None or data.neighbourhood_id != centre.neighbourhood_id
    if moving and _has_trainees(centre):
        raise ProgrammeError(STAYS_PUT, "neighbourhood_id")
    note = _add_neighbourhood(data, new_neighbourhood)
    changes: dict[str, object] = {**note}
    for f in fields(data):
        old, new = getattr(centre, f.name), getattr(data, f.name)
        if old != new:
            changes[f.name] = [old, new]
            setattr(centre, f.name, new)
    if changes:
        audit.record(actor, "centre.edit", centre, changes)
    _commit_or_taken()
    return centre


def change_status(centre: Centre, status: str, *, on: date, actor: User) -> Centre:
    """Move a centre to `status` on `on`; the first time it becomes active is its opening.

    Becoming active tells its waiting applicants by SMS, in this transaction (once each).
    """
    if status not in CentreStatus.values():
        raise ProgrammeError(_l("Choose a status."), "status")
    old = centre.status
    centre.status = status
    centre.status_changed_on = on
    if status == CentreStatus.ACTIVE and centre.opened_on is None:
        centre.opened_on = on
    audit.record(actor, "centre.status", centre, {"status": [old, status], "on": on})
    if status == CentreStatus.ACTIVE:
        applicants.tell_waiting(centre)
    db.session.commit()
    return centre


@dataclass(frozen=True)
class YearCount:
    jyear: int
    opened: int
    target: int = YEARLY_TARGET

    @property
    def met(self) -> bool:
        return self.opened >= self.target


def opened_per_year(today: date) -> list[YearCount]:
    """Centres opened in each Jalali year, from the first opening to this year."""
    dates = db.session.scalars(select(Centre.opened_on).where(Centre.opened_on.is_not(None)))
    counts: dict[int, int] = {}
    for d in dates:
        year = jalali_year_of(d)
        counts[year] = counts.get(year, 0) + 1
    this_year = jalali_year_of(today)
    first = min(counts, default=this_year)
    last = max(this_year, *counts) if counts else this_year
    return [YearCount(y, counts.get(y, 0)) for y in range(first, last + 1)]
