"""Registering and editing trainees, under the programme's neighbourhood rule."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select

from marketplace.extensions import db
from marketplace.models import (
    Centre,
    CentreStatus,
    Course,
    Enrollment,
    Neighbourhood,
    Trainee,
    User,
)
from marketplace.people import audit
from marketplace.programme import ProgrammeError, commit_or_refuse, refusing_duplicates
from marketplace.text.persian import search_key

CONSENT_FIELDS = ("show_given_name", "show_photo", "show_story")
# Kept out of the audit log: it is personal data, the log only says it changed.
PRIVATE_FIELDS = ("national_code", "phone", "family_name")


@dataclass
class TraineeData:
    """What a staff member types about a trainee (already validated and normalised)."""

    given_name: str
    family_name: str
    national_code: str
    phone: str | None
    neighbourhood_id: int
    centre_id: int
    joined_on: date
    show_given_name: bool = False
    show_photo: bool = False
    show_story: bool = False
    story_fa: str | None = None
    story_en: str | None = None


def check_neighbourhood(centre: Centre, neighbourhood_id: int) -> None:
    """The programme's rule: a centre admits only people of its own neighbourhood.

    The refusal names the centre that serves her neighbourhood, so staff can
    send her there.
    """
    if centre.neighbourhood_id == neighbourhood_id:
        return
    home = db.session.scalar(
        select(Centre)
        .where(Centre.neighbourhood_id == neighbourhood_id, Centre.status == CentreStatus.ACTIVE)
        .order_by(Centre.id)
        .limit(1)
    )
    if home is not None:
        raise ProgrammeError(
            _l(
                "%(centre)s admits only people of its own neighbourhood. "
                "She can register at %(home)s, the centre of her neighbourhood.",
                centre=centre.name_fa,
                home=home.name_fa,
            ),
            field="neighbourhood_id",
        )
    hood = db.session.get(Neighbourhood, neighbourhood_id)
    raise ProgrammeError(
        _l(
            "%(centre)s admits only people of its own neighbourhood, "
            "and no centre serves %(hood)s yet.",
            centre=centre.name_fa,
            hood=hood.name_fa if hood else "?",
        ),
        field="neighbourhood_id",
    )


DUPLICATE = _l("A trainee with this national code is already registered.")


def _check_unique(national_code: str, exclude_id: int | None = None) -> None:
    query = select(Trainee.id).where(Trainee.national_code == national_code)
    if exclude_id is not None:
        query = query.where(Trainee.id != exclude_id)
    if db.session.scalar(query.limit(1)) is not None:
        raise ProgrammeError(DUPLICATE, field="national_code")


def _commit_or_duplicate() -> None:
    commit_or_refuse(DUPLICATE, field="national_code")


def _centre(centre_id: int) -> Centre:
    centre = db.session.get(Centre, centre_id)
    if centre is None:
        raise ProgrammeError(_l("Choose a centre."), field="centre_id")
    return centre


def register_trainee(data: TraineeData, *, actor: User, today: date) -> Trainee:
    """Register a trainee at her neighbourhood's centre; refuses others and duplicates."""
    check_neighbourhood(_centre(data.centre_id), data.neighbourhood_id)
    _check_unique(data.national_code)
    trainee = Trainee(**{f.name: getattr(data, f.name) for f in fields(data)})
    if any(getattr(data, name) for name in CONSENT_FIELDS):
        trainee.consent_recorded_on = today
    db.session.add(trainee)
    with refusing_duplicates(DUPLICATE, "national_code"):
        db.session.flush()  # the id, for the audit row
        audit.record(actor, "trainee.create", trainee, {
            "centre_id": trainee.centre_id,
            **{name: getattr(trainee, name) for name in CONSENT_FIELDS},
        })
        db.session.commit()
    return trainee


def update_trainee(trainee: Trainee, data: TraineeData, *, actor: User, today: date) -> Trainee:
    """Edit a trainee; a change to any consent flag is dated and logged on its own."""
    check_neighbourhood(_centre(data.centre_id), data.neighbourhood_id)
    _check_unique(data.national_code, exclude_id=trainee.id)
    changes: dict[str, object] = {}
    consent: dict[str, object] = {}
    for f in fields(data):
        old, new = getattr(trainee, f.name), getattr(data, f.name)
        if old == new:
            continue
        setattr(trainee, f.name, new)
        if f.name in CONSENT_FIELDS:
            consent[f.name] = [old, new]
        else:
            changes[f.name] = "changed" if f.name in PRIVATE_FIELDS else [old, new]
    if consent:
        trainee.consent_recorded_on = today
        audit.record(actor, "trainee.consent", trainee, consent)
    if changes:
        audit.record(actor, "trainee.edit", trainee, changes)
    _commit_or_duplicate()
    return trainee


def trainee_query(
    centre_ids: set[int] | None,
    *,
    q: str = "",
    centre_id: int | None = None,
    craft_id: int | None = None,
    employed: bool | None = None,
) -> Select:
    """The trainees a staff member may list, filtered; newest first.

    The name search folds Persian spelling variants (persian.search_key) on
    both sides, which SQL cannot do, so names are matched in Python over the
    scoped ids and names only: two narrow queries whatever the page size.
    """
    query = select(Trainee).order_by(Trainee.id.desc())
    if centre_ids is not None:
        query = query.where(Trainee.centre_id.in_(centre_ids))
    if centre_id is not None:
        query = query.where(Trainee.centre_id == centre_id)
    if craft_id is not None:
        query = query.where(
            Trainee.id.in_(
                select(Enrollment.trainee_id)
                .join(Course, Course.id == Enrollment.course_id)
                .where(Course.craft_id == craft_id)
            )
        )
    if employed is not None:
        hired = select(Enrollment.trainee_id).where(Enrollment.employed_after)
        query = query.where(Trainee.id.in_(hired) if employed else Trainee.id.not_in(hired))
    key = search_key(q)
    if key:
        query = query.where(Trainee.id.in_(_matching_ids(query, key)))
    return query


def _matching_ids(query: Select, key: str) -> list[int]:
    rows = db.session.execute(
        query.with_only_columns(
            Trainee.id, Trainee.given_name, Trainee.family_name, Trainee.national_code
        )
    ).all()
    terms = key.split()
    found = []
    for ident, given, family, code in rows:
        text = search_key(f"{given} {family}")
        if all(t in text for t in terms) or (key.isdigit() and code.startswith(key)):
            found.append(ident)
    return found
