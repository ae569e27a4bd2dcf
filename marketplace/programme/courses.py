"""Courses, enrollments, completion, employment after the course and TVTO certificates."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.models import (
    Centre,
    Certificate,
    Course,
    Craft,
    Driver,
    Enrollment,
    EnrollmentStatus,
    Trainee,
    User,
    driver_centres,
)
from marketplace.people import audit
from marketplace.programme import ProgrammeError, refusing_duplicates


def drivers_of(centre_ids: set[int] | None) -> list[Driver]:
    """Active drivers working with any of these centres (None: all)."""
    query = select(Driver).where(Driver.is_active).order_by(Driver.name_fa)
    if centre_ids is not None:
        query = query.where(
            Driver.id.in_(
                select(driver_centres.c.driver_id).where(
                    driver_centres.c.centre_id.in_(centre_ids)
                )
            )
        )
    return list(db.session.scalars(query))


def create_course(
    *,
    centre: Centre,
    craft_id: int,
    driver_id: int,
    title_fa: str,
    starts_on: date,
    ends_on: date | None,
    actor: User,
) -> Course:
    """A course of one craft at one centre, taught by a driver who works with that centre."""
    driver = db.session.get(Driver, driver_id)
    if driver is None or centre not in driver.centres:
        raise ProgrammeError(_l("Choose a driver who works with this centre."), field="driver_id")
    if db.session.get(Craft, craft_id) is None:
        raise ProgrammeError(_l("Choose a craft."), field="craft_id")
    if ends_on is not None and ends_on < starts_on:
        raise ProgrammeError(_l("The course cannot end before it starts."), field="ends_on")
    course = Course(
        centre=centre,
        craft_id=craft_id,
        driver=driver,
        title_fa=title_fa,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    db.session.add(course)
    db.session.commit()
    return course


def enroll(course: Course, trainee: Trainee, *, on: date, actor: User) -> Enrollment:
    """Enroll a trainee of the course's own centre, once."""
    if trainee.centre_id != course.centre_id:
        raise ProgrammeError(_l("Only trainees of this centre can join its courses."), "trainee_id")
    exists = db.session.scalar(
        select(Enrollment.id).where(
            Enrollment.course_id == course.id, Enrollment.trainee_id == trainee.id
        )
    )
    if exists is not None:
        raise ProgrammeError(_l("She is already enrolled in this course."), "trainee_id")
    enrollment = Enrollment(course=course, trainee=trainee, enrolled_on=on)
    db.session.add(enrollment)
    with refusing_duplicates(_l("She is already enrolled in this course."), "trainee_id"):
        audit.record(actor, "enrollment.create", enrollment, {
            "trainee_id": trainee.id, "course_id": course.id, "enrolled_on": on,
        })
        db.session.commit()
    return enrollment


# What can be recorded on an enrollment, as the course page offers it.
COMPLETE, DROP, EMPLOYMENT, CERTIFICATE = "complete", "drop", "employment", "certificate"


def actions_for(enrollment: Enrollment, *, certified: bool) -> list[str]:
    """The steps open to this enrollment: the status moves allowed from where it is, and
    employment and a certificate once she has completed (one certificate a course)."""
    moves = EnrollmentStatus.TRANSITIONS[enrollment.status]
    actions = [name for name, to in ((COMPLETE, EnrollmentStatus.COMPLETED),
                                     (DROP, EnrollmentStatus.DROPPED)) if to in moves]
    if enrollment.status == EnrollmentStatus.COMPLETED:
        actions = [EMPLOYMENT, *([] if certified else [CERTIFICATE]), *actions]
    return actions


_ALREADY = {
    EnrollmentStatus.COMPLETED: _l("She is already recorded as having completed the course."),
    EnrollmentStatus.DROPPED: _l("She is already recorded as having left the course."),
}


def _move(enrollment: Enrollment, to: EnrollmentStatus) -> None:
    """Refuse a move the status does not allow (a form sent twice, an old page)."""
    if to not in EnrollmentStatus.TRANSITIONS[enrollment.status]:
        raise ProgrammeError(_ALREADY[to])


def complete(enrollment: Enrollment, *, on: date, actor: User) -> Enrollment:
    """Mark a course finished for her (on `on`): from enrolled, or after a drop."""
    _move(enrollment, EnrollmentStatus.COMPLETED)
    if on < enrollment.enrolled_on:
        raise ProgrammeError(_l("She cannot finish before she enrolled."), "completed_on")
    audit.record(actor, "enrollment.status", enrollment, {
        "status": [enrollment.status, EnrollmentStatus.COMPLETED],
        "completed_on": [enrollment.completed_on, on],
    })
    enrollment.status = EnrollmentStatus.COMPLETED
    enrollment.completed_on = on
    db.session.commit()
    return enrollment


def drop(enrollment: Enrollment, *, actor: User) -> Enrollment:
    """She left the course; employment after it no longer applies."""
    _move(enrollment, EnrollmentStatus.DROPPED)
    audit.record(actor, "enrollment.status", enrollment, {
        "status": [enrollment.status, EnrollmentStatus.DROPPED],
        "employed_after": [enrollment.employed_after, False],
    })
    enrollment.status = EnrollmentStatus.DROPPED
    enrollment.completed_on = None
    enrollment.employed_after = False
    db.session.commit()
    return enrollment


def record_employment(
    enrollment: Enrollment, *, employed: bool, note: str | None, actor: User
) -> Enrollment:
    """Employed or running a business after the course: only for those who completed it."""
    if enrollment.status != EnrollmentStatus.COMPLETED:
        raise ProgrammeError(_l("Record employment after she completes the course."), "employed")
    audit.record(actor, "enrollment.employment", enrollment, {
        "employed_after": [enrollment.employed_after, employed],
        "employment_note": [enrollment.employment_note, note or None],
    })
    enrollment.employed_after = employed
    enrollment.employment_note = note or None
    db.session.commit()
    return enrollment


def record_certificate(
    enrollment: Enrollment, *, number: str, issued_on: date, actor: User
) -> Certificate:
    """A TVTO skill certificate for a course she completed; the number is unique
    nationally."""
    if enrollment.status != EnrollmentStatus.COMPLETED:
        raise ProgrammeError(_l("Record the certificate after she completes the course."),
                             "number")
    taken = db.session.scalar(select(Certificate.id).where(Certificate.number == number))
    if taken is not None:
        raise ProgrammeError(_l("This certificate number is already recorded."), "number")
    certificate = Certificate(
        trainee=enrollment.trainee,
        course=enrollment.course,
        craft_id=enrollment.course.craft_id,
        number=number,
        issued_on=issued_on,
    )
    db.session.add(certificate)
    with refusing_duplicates(_l("This certificate number is already recorded."), "number"):
        audit.record(actor, "certificate.create", certificate, {
            "trainee_id": enrollment.trainee_id, "number": number, "issued_on": issued_on,
        })
        db.session.commit()
    return certificate
