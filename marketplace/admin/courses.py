"""Courses and enrollments: create, enroll, complete or drop, employment, certificates."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from marketplace.admin import bp
from marketplace.admin.forms import (
    ActionForm,
    CertificateForm,
    CompleteForm,
    CourseForm,
    EmploymentForm,
    EnrollForm,
    apply_error,
)
from marketplace.admin.routes import (
    PER_PAGE,
    centre_or_404,
    my_centres,
    scope,
    via_centre_or_404,
)
from marketplace.extensions import db
from marketplace.models import Certificate, Course, Enrollment, Trainee
from marketplace.programme import ProgrammeError
from marketplace.programme import courses as service
from marketplace.text.persian import tehran_today
from marketplace.web.access import in_centres_or_404
from marketplace.web.choices import centre_choices, craft_choices
from marketplace.web.filters import dated, paged


@bp.route("/courses")
def courses() -> str:
    ids = scope()
    query = (
        select(Course)
        .options(joinedload(Course.centre), joinedload(Course.craft), joinedload(Course.driver),
                 selectinload(Course.enrollments))
        .order_by(Course.starts_on.desc(), Course.id.desc())
    )
    if ids is not None:
        query = query.where(Course.centre_id.in_(ids))
    query, dates = dated(query, Course.starts_on)
    return render_template("admin/courses.html", page=paged(query, PER_PAGE), dates=dates)


@bp.route("/courses/new", methods=["GET", "POST"])
def course_new() -> str | Response:
    form = CourseForm()
    form.centre_id.choices = centre_choices(my_centres())
    form.craft_id.choices = craft_choices()
    form.driver_id.choices = [SelectChoice(d.id, d.name_fa) for d in service.drivers_of(scope())]
    if form.validate_on_submit():
        centre = centre_or_404(form.centre_id.data)
        try:
            course = service.create_course(
                centre=centre, craft_id=form.craft_id.data, driver_id=form.driver_id.data,
                title_fa=form.title_fa.data, starts_on=form.starts_on.data,
                ends_on=form.ends_on.data, actor=current_user,
            )
        except ProgrammeError as err:
            apply_error(form, err)
        else:
            return redirect(url_for("admin.course", course_id=course.id))
    elif not form.is_submitted():
        form.starts_on.data = tehran_today()
    return render_template("admin/course_form.html", form=form)


@dataclass
class Row:
    """One enrollment on the course page: its certificate, the steps open to it (each a
    small form in the row's menu), and which step to show open (one refused)."""

    enrollment: Enrollment
    certificate: Certificate | None
    forms: dict[str, FlaskForm]
    opened: str | None = None


def _prefix(e: Enrollment, action: str) -> str:
    """Each step's fields have their own names and ids, though a row holds several."""
    return f"{action}-{e.id}"


def _blank_form(e: Enrollment, action: str) -> FlaskForm:
    """The action's form as first shown: nothing in it records anything until it is sent."""
    p = _prefix(e, action)
    if action == service.COMPLETE:
        return CompleteForm(formdata=None, prefix=p, completed_on=tehran_today())
    if action == service.EMPLOYMENT:
        return EmploymentForm(formdata=None, prefix=p, employed=e.employed_after,
                              note=e.employment_note)
    if action == service.CERTIFICATE:
        return CertificateForm(formdata=None, prefix=p, issued_on=tehran_today())
    return ActionForm(formdata=None, prefix=p)


def _course_page(course: Course, refused: tuple[int, str, FlaskForm] | None = None) -> str:
    """The course and its enrollments, a row each; `refused` is (enrollment id, action,
    form) of a form sent back with its errors, or ("enroll" for the enroll form)."""
    enrolled = {e.trainee_id for e in course.enrollments}
    enroll = (refused[2] if refused and refused[1] == "enroll"
              else EnrollForm(formdata=None, enrolled_on=tehran_today()))
    enroll.trainee_id.choices = _candidates(course, enrolled)
    certificates = {c.trainee_id: c for c in db.session.scalars(
        select(Certificate).where(Certificate.course_id == course.id))}
    rows = []
    for e in sorted(course.enrollments, key=lambda e: e.id):
        certificate = certificates.get(e.trainee_id)
        row = Row(e, certificate, {
            action: _blank_form(e, action)
            for action in service.actions_for(e, certified=certificate is not None)
        })
        if refused and refused[0] == e.id and refused[1] in row.forms:
            row.forms[refused[1]], row.opened = refused[2], refused[1]
        rows.append(row)
    if refused and refused[1] != "enroll" and not any(r.opened for r in rows):
        for message in _errors_of(refused[2]):  # the step is no longer open: say why
            flash(message, "error")
    return render_template("admin/course.html", course=course, rows=rows, enroll=enroll)


def _errors_of(form: FlaskForm) -> list[str]:
    return [str(m) for m in form.form_errors] + [
        str(m) for field in form for m in field.errors]


def _candidates(course: Course, enrolled: set[int]) -> list[SelectChoice]:
    trainees = db.session.scalars(
        select(Trainee).where(Trainee.centre_id == course.centre_id).order_by(Trainee.given_name)
    )
    return [SelectChoice(t.id, t.full_name) for t in trainees if t.id not in enrolled]


def _course_or_404(course_id: int) -> Course:
    course = in_centres_or_404(Course, course_id, scope())
    db.session.scalars(  # load enrollments and trainees in one query
        select(Course).where(Course.id == course.id).options(
            selectinload(Course.enrollments).joinedload(Enrollment.trainee)
        )
    ).all()
    return course


def _enrollment_or_404(enrollment_id: int) -> Enrollment:
    return via_centre_or_404(Enrollment, enrollment_id, lambda e: e.course.centre_id)


@bp.route("/courses/<int:course_id>")
def course(course_id: int) -> str:
    return _course_page(_course_or_404(course_id))


@bp.route("/courses/<int:course_id>/enroll", methods=["POST"])
def course_enroll(course_id: int) -> str | Response:
    course = _course_or_404(course_id)
    form = EnrollForm()
    form.trainee_id.choices = _candidates(course, {e.trainee_id for e in course.enrollments})
    if form.validate_on_submit():
        trainee = in_centres_or_404(Trainee, form.trainee_id.data, {course.centre_id})
        try:
            service.enroll(course, trainee, on=form.enrolled_on.data, actor=current_user)
        except ProgrammeError as err:
            apply_error(form, err)
        else:
            flash(_("%(name)s is enrolled.", name=trainee.full_name), "success")
            return redirect(url_for("admin.course", course_id=course.id))
    return _course_page(course, (0, "enroll", form))


def _complete(e: Enrollment, form: CompleteForm) -> str:
    service.complete(e, on=form.completed_on.data, actor=current_user)
    return _("%(name)s completed the course.", name=e.trainee.full_name)


def _drop(e: Enrollment, form: ActionForm) -> str:
    service.drop(e, actor=current_user)
    return _("%(name)s is recorded as having left the course.", name=e.trainee.full_name)


def _employment(e: Enrollment, form: EmploymentForm) -> str:
    service.record_employment(e, employed=form.employed.data, note=form.note.data,
                              actor=current_user)
    return _("Saved.")


def _certificate(e: Enrollment, form: CertificateForm) -> str:
    service.record_certificate(e, number=form.number.data, issued_on=form.issued_on.data,
                               actor=current_user)
    return _("The certificate is recorded.")


# Each step of the row's menu: its form and what it does (returning what to tell).
STEPS: dict[str, tuple[type[FlaskForm], Callable[[Enrollment, Any], str]]] = {
    service.COMPLETE: (CompleteForm, _complete),
    service.DROP: (ActionForm, _drop),
    service.EMPLOYMENT: (EmploymentForm, _employment),
    service.CERTIFICATE: (CertificateForm, _certificate),
}


@bp.route("/enrollments/<int:enrollment_id>/<any(complete, drop, employment, certificate):action>",
          methods=["POST"])
def enrollment_action(enrollment_id: int, action: str) -> str | Response:
    """One step from a row's menu: do it, or show the course again with that form open and
    its errors. A step not open to the enrollment (an old page) is refused the same way."""
    e = _enrollment_or_404(enrollment_id)
    form_class, act = STEPS[action]
    form = form_class(prefix=_prefix(e, action))
    if form.validate_on_submit():
        try:
            message = act(e, form)
        except ProgrammeError as err:
            db.session.rollback()
            apply_error(form, err)
        else:
            flash(message, "success")
            return redirect(url_for("admin.course", course_id=e.course_id))
    return _course_page(_course_or_404(e.course_id), (e.id, action, form))
