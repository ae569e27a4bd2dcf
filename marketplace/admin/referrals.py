"""Referrals in and out, their status, and the loans that follow."""

from __future__ import annotations

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
    LoanForm,
    LoanStatusForm,
    ReferralForm,
    ReferralStatusForm,
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
from marketplace.models import Loan, PartnerOffice, Referral, Trainee
from marketplace.programme import ProgrammeError
from marketplace.programme import referrals as service
from marketplace.text.persian import tehran_today
from marketplace.web.access import in_centres_or_404
from marketplace.web.choices import centre_choices, office_choices
from marketplace.web.filters import dated, paged


@bp.route("/referrals")
def referrals() -> str:
    ids = scope()
    query = (
        select(Referral)
        .options(joinedload(Referral.centre), joinedload(Referral.trainee))
        .order_by(Referral.referred_on.desc(), Referral.id.desc())
    )
    if ids is not None:
        query = query.where(Referral.centre_id.in_(ids))
    query, dates = dated(query, Referral.referred_on)
    return render_template("admin/referrals.html", page=paged(query, PER_PAGE), dates=dates)


def _trainee_choices() -> list[SelectChoice]:
    ids = scope()
    query = select(Trainee).order_by(Trainee.given_name, Trainee.family_name)
    if ids is not None:
        query = query.where(Trainee.centre_id.in_(ids))
    return [SelectChoice(0, _("— an applicant not yet registered —"))] + [
        SelectChoice(t.id, t.full_name) for t in db.session.scalars(query)
    ]


@bp.route("/referrals/new", methods=["GET", "POST"])
def referral_new() -> str | Response:
    form = ReferralForm()
    form.centre_id.choices = centre_choices(my_centres())
    form.trainee_id.choices = _trainee_choices()
    form.office_id.choices = office_choices(_("— none —"))
    if form.validate_on_submit():
        centre = centre_or_404(form.centre_id.data)
        trainee = (
            in_centres_or_404(Trainee, form.trainee_id.data, scope())
            if form.trainee_id.data else None
        )
        try:
            referral = service.record_referral(
                centre=centre, direction=form.direction.data, partner=form.partner.data,
                trainee=trainee, applicant_name=form.applicant_name.data or None,
                referred_on=form.referred_on.data, note=form.note.data, actor=current_user,
                office=db.session.get(PartnerOffice, form.office_id.data or 0),
            )
        except ProgrammeError as err:
            apply_error(form, err)
        else:
            return redirect(url_for("admin.referral", referral_id=referral.id))
    elif not form.is_submitted():
        form.referred_on.data = tehran_today()
    return render_template("admin/referral_form.html", form=form)


def _referral_or_404(referral_id: int) -> Referral:
    referral = in_centres_or_404(Referral, referral_id, scope())
    db.session.scalars(
        select(Referral).where(Referral.id == referral.id).options(selectinload(Referral.loans))
    ).all()
    return referral


def _referral_page(referral: Referral, bound: dict[str, FlaskForm] | None = None) -> str:
    bound = bound or {}
    status = bound.get("status") or ReferralStatusForm(formdata=None, status=referral.status)
    loan = bound.get("loan") or LoanForm(formdata=None)
    loan_forms = {
        ln.id: bound.get(f"loan{ln.id}") or LoanStatusForm(
            formdata=None, prefix=f"l{ln.id}", status=ln.status, decided_on=ln.decided_on)
        for ln in referral.loans
    }
    return render_template(
        "admin/referral.html", referral=referral, status=status, loan=loan, loan_forms=loan_forms
    )


@bp.route("/referrals/<int:referral_id>")
def referral(referral_id: int) -> str:
    return _referral_page(_referral_or_404(referral_id))


@bp.route("/referrals/<int:referral_id>/status", methods=["POST"])
def referral_status(referral_id: int) -> str | Response:
    referral = _referral_or_404(referral_id)
    form = ReferralStatusForm()
    if form.validate_on_submit():
        service.set_referral_status(referral, form.status.data, actor=current_user)
        flash(_("Saved."), "success")
        return redirect(url_for("admin.referral", referral_id=referral.id))
    return _referral_page(referral, {"status": form})


@bp.route("/referrals/<int:referral_id>/loans", methods=["POST"])
def referral_loan(referral_id: int) -> str | Response:
    referral = _referral_or_404(referral_id)
    form = LoanForm()
    if form.validate_on_submit():
        try:
            service.record_loan(
                referral, amount_rials=form.amount.data, status=form.status.data,
                decided_on=form.decided_on.data, actor=current_user,
            )
        except ProgrammeError as err:
            apply_error(form, err)
        else:
            flash(_("The loan is recorded."), "success")
            return redirect(url_for("admin.referral", referral_id=referral.id))
    return _referral_page(referral, {"loan": form})


@bp.route("/loans/<int:loan_id>/status", methods=["POST"])
def loan_status(loan_id: int) -> str | Response:
    loan = via_centre_or_404(Loan, loan_id, lambda ln: ln.referral.centre_id)
    form = LoanStatusForm(prefix=f"l{loan.id}")
    if form.validate_on_submit():
        service.set_loan_status(
            loan, form.status.data, decided_on=form.decided_on.data, actor=current_user
        )
        return redirect(url_for("admin.referral", referral_id=loan.referral_id))
    return _referral_page(_referral_or_404(loan.referral_id), {f"loan{loan.id}": form})
