"""Applicants: the list, adding one, screening and admission, a centre's waiting list, and
the facilitation offices and social councils (admins) that send them."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from marketplace.admin import bp
from marketplace.admin.forms import (
    AdmitForm,
    ApplicantFilterForm,
    ApplicantForm,
    OfficeForm,
    ScreenForm,
    apply_error,
)
from marketplace.admin.routes import (
    PER_PAGE,
    admin_only,
    centre_or_404,
    my_centres,
    neighbourhood_choices,
    scope,
)
from marketplace.extensions import db
from marketplace.models import Applicant, CentreStatus, PartnerOffice
from marketplace.programme import ProgrammeError
from marketplace.programme import applicants as service
from marketplace.text.persian import tehran_today
from marketplace.web.choices import craft_choices, office_choices
from marketplace.web.filters import dated, paged


def _hoods() -> set[int] | None:
    return service.neighbourhoods_of(scope())


def _applicant_or_404(applicant_id: int) -> Applicant:
    """An applicant of the user's centres' neighbourhoods (any, for admins)."""
    applicant = db.session.get(Applicant, applicant_id)
    hoods = _hoods()
    if applicant is None or (hoods is not None and applicant.neighbourhood_id not in hoods):
        abort(404)
    return applicant


@bp.route("/applicants")
def applicants() -> str:
    form = ApplicantFilterForm(request.args)
    form.validate()
    query = service.applicant_query(
        _hoods(), status=None if form.status.errors else form.status.data or None,
    ).options(joinedload(Applicant.neighbourhood), joinedload(Applicant.centre))
    query, form = dated(query, Applicant.applied_on, form)
    building = [c for c in my_centres() if c.status != CentreStatus.ACTIVE]
    return render_template("admin/applicants.html", form=form, page=paged(query, PER_PAGE),
                           building=building)


def _form() -> ApplicantForm:
    form = ApplicantForm()
    hoods = _hoods()
    form.neighbourhood_id.choices = [
        c for c in neighbourhood_choices() if hoods is None or c.value in hoods
    ]
    form.craft_id.choices = [SelectChoice(0, _("Not said yet")),
                             *craft_choices()]
    form.office_id.choices = office_choices(_("— none —"))
    return form


@bp.route("/applicants/new", methods=["GET", "POST"])
def applicant_new() -> str | Response:
    form = _form()
    if form.validate_on_submit():
        data = service.ApplicantData(
            given_name=form.given_name.data, family_name=form.family_name.data,
            national_code=form.national_code.data, phone=form.phone.data or None,
            neighbourhood_id=form.neighbourhood_id.data,
            head_of_household=form.head_of_household.data,
            household_document=form.household_document.data or None,
            craft_id=form.craft_id.data or None, source=form.source.data,
            office_id=form.office_id.data or None, applied_on=form.applied_on.data,
        )
        try:
            applicant = service.add_applicant(data, actor=current_user, scope=scope())
        except ProgrammeError as err:
            apply_error(form, err)
        else:
            flash(_("%(name)s is on the list.", name=applicant.full_name), "success")
            return redirect(url_for("admin.applicant", applicant_id=applicant.id))
    elif not form.is_submitted():
        form.applied_on.data = tehran_today()
    return render_template("admin/applicant_form.html", form=form)


def _page(applicant: Applicant, screen: ScreenForm | None = None,
          admit: AdmitForm | None = None) -> str:
    admit = admit or AdmitForm(formdata=None)
    admit.centre_id.choices = _admit_choices()
    return render_template("admin/applicant.html", applicant=applicant,
                           screen=screen or ScreenForm(formdata=None), admit=admit)


def _admit_choices() -> list[SelectChoice]:
    """The user's open centres, after an empty choice (nothing preselected)."""
    open_centres = [c for c in my_centres() if c.status == CentreStatus.ACTIVE]
    return [SelectChoice(0, _("Choose…")), *(SelectChoice(c.id, c.name_fa)
                                             for c in open_centres)]


@bp.route("/applicants/<int:applicant_id>")
def applicant(applicant_id: int) -> str:
    return _page(_applicant_or_404(applicant_id))


@bp.route("/applicants/<int:applicant_id>/screen", methods=["POST"])
def applicant_screen(applicant_id: int) -> str | Response:
    applicant = _applicant_or_404(applicant_id)
    form = ScreenForm()
    if form.validate_on_submit():
        try:
            service.screen(applicant, eligible=form.decision.data == "eligible",
                           reason=form.reason.data or None, actor=current_user)
        except ProgrammeError as err:
            db.session.rollback()
            apply_error(form, err)
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("admin.applicant", applicant_id=applicant.id))
    return _page(applicant, screen=form)


@bp.route("/applicants/<int:applicant_id>/admit", methods=["POST"])
def applicant_admit(applicant_id: int) -> str | Response:
    applicant = _applicant_or_404(applicant_id)
    form = AdmitForm()
    form.centre_id.choices = _admit_choices()
    if form.validate_on_submit():
        try:
            trainee = service.admit(applicant, centre_or_404(form.centre_id.data),
                                    actor=current_user, today=tehran_today())
        except ProgrammeError as err:
            db.session.rollback()
            apply_error(form, err)
        else:
            flash(_("%(name)s is admitted as a trainee.", name=trainee.full_name), "success")
            return redirect(url_for("admin.trainee_edit", trainee_id=trainee.id))
    return _page(applicant, admit=form)


@bp.route("/centres/<int:centre_id>/waiting")
def waiting_list(centre_id: int) -> str:
    centre = centre_or_404(centre_id)
    query = service.waiting_list(centre).options(joinedload(Applicant.craft))
    return render_template("admin/waiting_list.html", centre=centre,
                           page=paged(query, PER_PAGE))


@bp.route("/offices")
def offices() -> str:
    admin_only()
    query = (select(PartnerOffice).options(joinedload(PartnerOffice.neighbourhood))
             .order_by(PartnerOffice.kind, PartnerOffice.name))
    return render_template("admin/offices.html", page=paged(query, PER_PAGE))


@bp.route("/offices/new", methods=["GET", "POST"])
def office_new() -> str | Response:
    admin_only()
    form = OfficeForm()
    form.neighbourhood_id.choices = neighbourhood_choices()
    if form.validate_on_submit():
        try:
            service.add_office(kind=form.kind.data, name=form.name.data,
                               neighbourhood_id=form.neighbourhood_id.data,
                               contact=form.contact.data, actor=current_user)
        except ProgrammeError as err:
            apply_error(form, err)
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("admin.offices"))
    return render_template("admin/office_form.html", form=form)

