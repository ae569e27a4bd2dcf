"""Courses and enrollments: create, enroll, complete or drop, employment, certificates."""

from __future__ import annotations

from collections.abc import Callable

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
    CertificateForm,
    CompletionForm,
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
from marketplace.models import Certificate, Course, Enrollment, EnrollmentStatus, Trainee
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


def _course_page(course: Course, bound: dict[str, FlaskForm] | None = None) -> str:
    """The course with a form per enrollment; `bound` keeps a refused form's errors."""
    bound = bound or {}
    enrolled = {e.trainee_id for e in course.enrollments}
    enroll = bound.get("enroll") or EnrollForm(formdata=None, enrolled_on=tehran_today())
    enroll.trainee_id.choices = _candidates(course, enrolled)
    rows = []
    for e in sorted(course.enrollments, key=lambda e: e.id):
        p = f"e{e.id}"
        rows.append({
            "enrollment": e,
            "status": bound.get(f"status{e.id}") or CompletionForm(
                formdata=None, prefix=p, completed_on=e.completed_on or tehran_today(),
                status=e.status if e.status != EnrollmentStatus.ENROLLED else None),
            "employment": bound.get(f"employment{e.id}") or EmploymentForm(
                formdata=None, prefix=p, employed=e.employed_after, note=e.employment_note),
            "certificate": bound.get(f"certificate{e.id}") or CertificateForm(
                formdata=None, prefix=p, issued_on=tehran_today()),
        })
    certificates = db.session.scalars(
        select(Certificate).where(Certificate.course_id == course.id).order_by(Certificate.id)
    ).all()
    return render_template(
        "admin/course.html", course=course, rows=rows, enroll=enroll,
        certificates={c.trainee_id: c for c in certificates},
    )


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
    return _course_page(course, {"enroll": form})


def _enrollment_action(
    enrollment_id: int, form_class: type[FlaskForm], key: str,
    act: Callable[[Enrollment, FlaskForm], None],
) -> str | Response:
    """One row's form on the course page: act, or show the page again with its errors."""
    e = _enrollment_or_404(enrollment_id)
    form = form_class(prefix=f"e{e.id}")
    if form.validate_on_submit():
        try:
            act(e, form)
        except ProgrammeError as err:
            apply_error(form, err)
        else:
            return redirect(url_for("admin.course", course_id=e.course_id))
    return _course_page(_course_or_404(e.course_id), {f"{key}{e.id}": form})


@bp.route("/enrollments/<int:enrollment_id>/status", methods=["POST"])
def enrollment_status(enrollment_id: int) -> str | Response:
    def act(e: Enrollment, form: CompletionForm) -> None:
        if form.status.data == EnrollmentStatus.DROPPED:
            service.drop(e, actor=current_user)
        elif form.completed_on.data is None:
            raise ProgrammeError(_("Enter the date she completed it."), "completed_on")
        else:
            service.complete(e, on=form.completed_on.data, actor=current_user)

    return _enrollment_action(enrollment_id, CompletionForm, "status", act)


@bp.route("/enrollments/<int:enrollment_id>/employment", methods=["POST"])
def enrollment_employment(enrollment_id: int) -> str | Response:
    def act(e: Enrollment, form: EmploymentForm) -> None:
        service.record_employment(
            e, employed=form.employed.data, note=form.note.data, actor=current_user
        )

    return _enrollment_action(enrollment_id, EmploymentForm, "employment", act)


@bp.route("/enrollments/<int:enrollment_id>/certificate", methods=["POST"])
def enrollment_certificate(enrollment_id: int) -> str | Response:
    def act(e: Enrollment, form: CertificateForm) -> None:
        service.record_certificate(
            e, number=form.number.data, issued_on=form.issued_on.data, actor=current_user
        )
        flash(_("The certificate is recorded."), "success")

    return _enrollment_action(enrollment_id, CertificateForm, "certificate", act)
