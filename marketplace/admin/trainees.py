"""Trainees: register (the neighbourhood rule), edit with consent, list with search."""

from __future__ import annotations

from dataclasses import fields

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from marketplace.admin import bp
from marketplace.admin.forms import TraineeFilterForm, TraineeForm, apply_error
from marketplace.admin.routes import PER_PAGE, my_centres, neighbourhood_choices, scope
from marketplace.extensions import db
from marketplace.models import Centre, Certificate, Course, Enrollment, Referral, Trainee
from marketplace.programme import ProgrammeError
from marketplace.programme.trainees import (
    TraineeData,
    register_trainee,
    trainee_query,
    update_trainee,
)
from marketplace.text.persian import tehran_today
from marketplace.web.access import in_centres_or_404
from marketplace.web.choices import centre_choices, craft_choices
from marketplace.web.filters import dated, paged


@bp.route("/trainees")
def trainees() -> str:
    form = TraineeFilterForm(request.args)
    form.centre_id.choices = [SelectChoice(0, _("All my centres")), *centre_choices(my_centres())]
    form.craft_id.choices = [SelectChoice(0, _("Any craft")), *craft_choices()]
    form.validate()
    employed = {"yes": True, "no": False}.get(form.employed.data or "")
    query = trainee_query(
        scope(),
        q=form.q.data or "",
        centre_id=_chosen(form.centre_id),
        craft_id=_chosen(form.craft_id),
        employed=employed,
    ).options(joinedload(Trainee.centre), joinedload(Trainee.neighbourhood))
    query, form = dated(query, Trainee.joined_on, form)
    return render_template("admin/trainees.html", form=form, page=paged(query, PER_PAGE))


def _chosen(field: object) -> int | None:
    """A filter's id, or None for "all" and for a value that is not among the choices."""
    return None if field.errors else (field.data or None)


def _form(trainee: Trainee | None = None) -> tuple[TraineeForm, Centre | None]:
    """The form, and the centre when the user works at only one: then she never picks it
    (whatever is posted, it is that one). A new trainee's neighbourhood starts as the
    centre's own, the programme's rule, so staff change it only for the exception."""
    form = TraineeForm(obj=trainee)
    centres = my_centres()
    fixed = centres[0] if len(centres) == 1 else None
    form.centre_id.choices = centre_choices(centres)
    form.neighbourhood_id.choices = neighbourhood_choices()
    if fixed is not None:
        form.centre_id.data = fixed.id
    if trainee is None and request.method == "GET":
        form.joined_on.data = tehran_today()
        if centres:
            form.neighbourhood_id.data = (fixed or centres[0]).neighbourhood_id
    return form, fixed


def _data(form: TraineeForm) -> TraineeData:
    values = {f.name: form[f.name].data for f in fields(TraineeData)}
    for name in ("phone", "story_fa", "story_en"):
        values[name] = values[name] or None
    return TraineeData(**values)


@bp.route("/trainees/new", methods=["GET", "POST"])
def trainee_new() -> str | Response:
    form, fixed = _form()
    if form.validate_on_submit():
        try:
            trainee = register_trainee(_data(form), actor=current_user, today=tehran_today())
        except ProgrammeError as err:
            apply_error(form, err)
        else:
            flash(_("%(name)s is registered.", name=trainee.full_name), "success")
            return redirect(url_for("admin.trainee_edit", trainee_id=trainee.id))
    return render_template("admin/trainee_form.html", form=form, trainee=None, fixed=fixed,
                           enrollments=[], certificates=[], referrals=[])


@bp.route("/trainees/<int:trainee_id>", methods=["GET", "POST"])
def trainee_edit(trainee_id: int) -> str | Response:
    trainee = in_centres_or_404(Trainee, trainee_id, scope())
    form, fixed = _form(trainee)
    if form.validate_on_submit():
        try:
            update_trainee(trainee, _data(form), actor=current_user, today=tehran_today())
        except ProgrammeError as err:
            db.session.rollback()
            apply_error(form, err)
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("admin.trainee_edit", trainee_id=trainee.id))
    return render_template(
        "admin/trainee_form.html", form=form, trainee=trainee, fixed=fixed,
        **_record(trainee),
    )


def _record(trainee: Trainee) -> dict[str, list]:
    """Her courses, certificates and referrals, shown under the form."""
    return {
        "enrollments": db.session.scalars(
            select(Enrollment).where(Enrollment.trainee_id == trainee.id)
            .options(joinedload(Enrollment.course).joinedload(Course.craft))
            .order_by(Enrollment.enrolled_on)
        ).all(),
        "certificates": db.session.scalars(
            select(Certificate).where(Certificate.trainee_id == trainee.id)
            .options(joinedload(Certificate.craft)).order_by(Certificate.issued_on)
        ).all(),
        "referrals": db.session.scalars(
            select(Referral).where(Referral.trainee_id == trainee.id)
            .order_by(Referral.referred_on)
        ).all(),
    }
