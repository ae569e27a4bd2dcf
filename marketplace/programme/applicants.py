"""Applicants: who asks to join, screening by her neighbourhood's centre, admission (she
becomes a trainee), and the waiting list of a centre still being built.

The neighbourhood rule of DESIGN.md holds here as for trainees: an applicant belongs to
her own neighbourhood, is screened by staff of its centre and admitted only there.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, or_, select, update

from marketplace.extensions import db
from marketplace.models import (
    Applicant,
    ApplicantSource,
    ApplicantStatus,
    Centre,
    CentreStatus,
    OfficeKind,
    PartnerOffice,
    Trainee,
    User,
)
from marketplace.models.base import utcnow
from marketplace.notifications.outbox import queue_sms
from marketplace.people import audit
from marketplace.programme import ProgrammeError, refusing_duplicates
from marketplace.programme.trainees import check_neighbourhood

DUPLICATE = _l("An applicant with this national code is already on the list.")
ALREADY_TRAINEE = _l("A trainee with this national code is already registered.")
ALREADY_ADMITTED = _l("She has already been admitted.")
# Kept out of the audit log: personal data; the log only says who was added where.
OPENING_TOPIC = "applicant.centre_open"


@dataclass
class ApplicantData:
    """What staff type about an applicant (already validated and normalised)."""

    given_name: str
    family_name: str
    national_code: str
    phone: str | None
    neighbourhood_id: int
    head_of_household: bool
    household_document: str | None
    craft_id: int | None
    source: str
    office_id: int | None
    applied_on: date


def centre_of(neighbourhood_id: int) -> Centre | None:
    """Her neighbourhood's centre: the active one, else one being built or planned (she
    waits on its list), else None (she waits on the neighbourhood's)."""
    rank = {CentreStatus.ACTIVE: 0, CentreStatus.UNDER_CONSTRUCTION: 1,
            CentreStatus.PLANNED: 2}
    centres = db.session.scalars(
        select(Centre).where(Centre.neighbourhood_id == neighbourhood_id,
                             Centre.status != CentreStatus.CLOSED).order_by(Centre.id)
    ).all()
    return min(centres, key=lambda c: rank[c.status], default=None)


def _check(data: ApplicantData) -> None:
    if data.source not in ApplicantSource.values():
        raise ProgrammeError(_l("Choose who sent her."), "source")
    office = db.session.get(PartnerOffice, data.office_id) if data.office_id else None
    if data.office_id and office is None:
        raise ProgrammeError(_l("Choose an office from the list."), "office_id")
    if office is not None and office.kind != data.source:
        raise ProgrammeError(_l("This office is not of the kind chosen as her source."),
                             "office_id")
    if office is None and data.source in ApplicantSource.FROM_OFFICE:
        raise ProgrammeError(_l("Name the office or council that sent her."), "office_id")
    if data.head_of_household and not (data.household_document or office):
        raise ProgrammeError(
            _l("Record the document that shows she heads her household, or the office "
               "that referred her."), "household_document")
    taken = select(Applicant.id).where(Applicant.national_code == data.national_code)
    if db.session.scalar(taken.limit(1)) is not None:
        raise ProgrammeError(DUPLICATE, "national_code")
    trainee = select(Trainee.id).where(Trainee.national_code == data.national_code)
    if db.session.scalar(trainee.limit(1)) is not None:
        raise ProgrammeError(ALREADY_TRAINEE, "national_code")


def add_applicant(data: ApplicantData, *, actor: User, scope: set[int] | None) -> Applicant:
    """Put her on the list of her neighbourhood's centre. Staff add only applicants of
    their own centres' neighbourhoods (`scope`: their centre ids; None for admins)."""
    if scope is not None and not db.session.scalar(
        select(Centre.id).where(Centre.id.in_(scope),
                                Centre.neighbourhood_id == data.neighbourhood_id).limit(1)
    ):
        raise ProgrammeError(
            _l("Your centres admit only people of their own neighbourhoods."),
            "neighbourhood_id")
    _check(data)
    centre = centre_of(data.neighbourhood_id)
    applicant = Applicant(**{f.name: getattr(data, f.name) for f in fields(data)})
    applicant.centre_id = centre.id if centre is not None else None
    db.session.add(applicant)
    with refusing_duplicates(DUPLICATE, "national_code"):
        db.session.flush()
        audit.record(actor, "applicant.create", applicant, {
            "neighbourhood_id": data.neighbourhood_id, "centre_id": applicant.centre_id,
            "source": data.source, "office_id": data.office_id,
        })
        db.session.commit()
    return applicant


def screen(applicant: Applicant, *, eligible: bool, reason: str | None, actor: User) -> Applicant:
    """Record the screening: eligible, or not eligible with the reason said."""
    if applicant.status == ApplicantStatus.ADMITTED:
        raise ProgrammeError(ALREADY_ADMITTED)
    if not eligible and not reason:
        raise ProgrammeError(_l("Say why she is not eligible."), "reason")
    status = ApplicantStatus.ELIGIBLE if eligible else ApplicantStatus.NOT_ELIGIBLE
    audit.record(actor, "applicant.screen", applicant, {
        "status": [applicant.status, status], "reason": None if eligible else reason,
    })
    applicant.status = status
    applicant.reason = None if eligible else reason
    db.session.commit()
    return applicant


def admit(applicant: Applicant, centre: Centre, *, actor: User, today: date) -> Trainee:
    """Make her a trainee of `centre` with her own data, in one transaction.

    Only an active centre of her own neighbourhood admits her. The status moves by a
    conditional UPDATE, so a second submit (or a second desk) finds her admitted and
    creates no second trainee.
    """
    if applicant.status == ApplicantStatus.ADMITTED:
        raise ProgrammeError(ALREADY_ADMITTED)
    if applicant.status == ApplicantStatus.NOT_ELIGIBLE:
        raise ProgrammeError(_l("She was screened as not eligible; screen her again first."))
    check_neighbourhood(centre, applicant.neighbourhood_id)
    if centre.status != CentreStatus.ACTIVE:
        raise ProgrammeError(
            _l("%(centre)s is not open yet; she waits on its list.", centre=centre.name_fa),
            "centre_id")
    if db.session.scalar(select(Trainee.id).where(
            Trainee.national_code == applicant.national_code).limit(1)) is not None:
        raise ProgrammeError(ALREADY_TRAINEE)
    trainee = Trainee(
        given_name=applicant.given_name, family_name=applicant.family_name,
        national_code=applicant.national_code, phone=applicant.phone,
        neighbourhood_id=applicant.neighbourhood_id, centre_id=centre.id, joined_on=today,
    )
    db.session.add(trainee)
    with refusing_duplicates(ALREADY_ADMITTED):
        db.session.flush()
        moved = db.session.execute(
            update(Applicant)
            .where(Applicant.id == applicant.id, Applicant.status != ApplicantStatus.ADMITTED)
            .values(status=ApplicantStatus.ADMITTED, trainee_id=trainee.id,
                    centre_id=centre.id, reason=None)
            .execution_options(synchronize_session=False)
        ).rowcount
        if moved != 1:
            db.session.rollback()
            raise ProgrammeError(ALREADY_ADMITTED)
        audit.record(actor, "applicant.admit", applicant, {
            "centre_id": centre.id, "trainee_id": trainee.id,
        })
        audit.record(actor, "trainee.create", trainee, {"centre_id": centre.id,
                                                        "applicant_id": applicant.id})
        db.session.commit()
    db.session.refresh(applicant)
    return trainee


def _waiting_for(centre: Centre) -> Select:
    """Applicants still waiting whom `centre` serves: on its list, or of its neighbourhood
    with no centre named yet."""
    return select(Applicant).where(
        Applicant.status.in_(ApplicantStatus.WAITING),
        or_(Applicant.centre_id == centre.id,
            (Applicant.centre_id.is_(None))
            & (Applicant.neighbourhood_id == centre.neighbourhood_id)),
    )


def waiting_list(centre: Centre) -> Select:
    """Who waits for `centre` to open, first come first."""
    return _waiting_for(centre).order_by(Applicant.applied_on, Applicant.id)


def tell_waiting(centre: Centre) -> int:
    """Queue one SMS to each applicant waiting for `centre`, now that it is open: in the
    caller's transaction, and once each (her `told_open_at` is set with it). The count."""
    told = 0
    now = utcnow()
    for applicant in db.session.scalars(_waiting_for(centre).where(
            Applicant.told_open_at.is_(None))):
        applicant.centre_id = centre.id
        applicant.told_open_at = now
        if queue_sms(applicant.phone, str(_l(
            "Rooyesh: %(centre)s is open. Come to the centre to register for its "
            "workshops.", centre=centre.name_fa)), OPENING_TOPIC):
            told += 1
    return told


def applicant_query(neighbourhood_ids: set[int] | None, *, status: str | None = None) -> Select:
    """The applicants a user may list (None: all), newest first."""
    query = select(Applicant).order_by(Applicant.applied_on.desc(), Applicant.id.desc())
    if neighbourhood_ids is not None:
        query = query.where(Applicant.neighbourhood_id.in_(neighbourhood_ids))
    if status:
        query = query.where(Applicant.status == status)
    return query


def neighbourhoods_of(centre_ids: set[int] | None) -> set[int] | None:
    """The neighbourhoods of these centres (None stays None: all)."""
    if centre_ids is None:
        return None
    return set(db.session.scalars(
        select(Centre.neighbourhood_id).where(Centre.id.in_(centre_ids))))


def add_office(*, kind: str, name: str, neighbourhood_id: int, contact: str | None,
               actor: User) -> PartnerOffice:
    """A facilitation office or social council, named once per kind."""
    if kind not in OfficeKind.values():
        raise ProgrammeError(_l("Choose the kind of office."), "kind")
    taken = _l("An office of this kind with this name is already recorded.")
    if db.session.scalar(select(func.count()).select_from(PartnerOffice).where(
            PartnerOffice.kind == kind, PartnerOffice.name == name)):
        raise ProgrammeError(taken, "name")
    office = PartnerOffice(kind=kind, name=name, neighbourhood_id=neighbourhood_id,
                           contact=contact or None)
    db.session.add(office)
    with refusing_duplicates(taken, "name"):
        db.session.flush()
        audit.record(actor, "office.create", office, {"kind": kind, "name": name})
        db.session.commit()
    return office
