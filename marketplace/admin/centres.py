"""Centres (admins only): create, edit, change status; the yearly target of new centres."""

from __future__ import annotations

from dataclasses import fields

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from marketplace.admin import bp
from marketplace.admin.forms import (
    NEW_NEIGHBOURHOOD,
    CentreForm,
    CentreStatusForm,
    NewCentreForm,
    apply_error,
)
from marketplace.admin.routes import admin_only, neighbourhood_choices
from marketplace.extensions import db
from marketplace.models import Centre
from marketplace.programme import ProgrammeError
from marketplace.programme import centres as service
from marketplace.text.persian import tehran_today


@bp.route("/centres")
def centres() -> str:
    admin_only()
    rows = db.session.scalars(
        select(Centre).options(joinedload(Centre.neighbourhood)).order_by(Centre.id)
    ).all()
    return render_template(
        "admin/centres.html", centres=rows, years=service.opened_per_year(tehran_today()),
        target=service.YEARLY_TARGET,
    )


def _data(form: CentreForm) -> tuple[service.CentreData, service.NewNeighbourhood | None]:
    """The centre, and the new neighbourhood when «a new neighbourhood» was chosen. Raises
    ProgrammeError when the two halves of the neighbourhood question disagree."""
    values = {f.name: form[f.name].data for f in fields(service.CentreData)}
    for name in ("address_fa", "address_en"):
        values[name] = values[name] or None
    names = (form.new_neighbourhood_fa.data, form.new_neighbourhood_en.data)
    new = None
    if values["neighbourhood_id"] == NEW_NEIGHBOURHOOD:
        values["neighbourhood_id"] = None
        for field, name in zip(("new_neighbourhood_fa", "new_neighbourhood_en"), names,
                               strict=True):
            if not name:
                raise ProgrammeError(_l("Name the new neighbourhood."), field)
        new = service.NewNeighbourhood(*names)
    elif any(names):
        raise ProgrammeError(
            _l("You chose a neighbourhood from the list: clear the new name, or choose "
               "«a new neighbourhood»."), "new_neighbourhood_fa")
    return service.CentreData(**values), new


def _with_choices(form: CentreForm) -> CentreForm:
    form.neighbourhood_id.choices = [
        *neighbourhood_choices(),
        SelectChoice(NEW_NEIGHBOURHOOD, _l("A new neighbourhood (name it below)")),
    ]
    return form


@bp.route("/centres/new", methods=["GET", "POST"])
def centre_new() -> str | Response:
    admin_only()
    form = _with_choices(NewCentreForm())
    if form.validate_on_submit():
        try:
            data, new = _data(form)
            centre = service.create_centre(data, actor=current_user, status=form.status.data,
                                           new_neighbourhood=new)
        except ProgrammeError as err:
            apply_error(form, err)
        else:
            flash(_("The centre is created."), "success")
            return redirect(url_for("admin.centre_edit", centre_id=centre.id))
    return render_template("admin/centre_form.html", form=form, centre=None, status=None)


@bp.route("/centres/<int:centre_id>", methods=["GET", "POST"])
def centre_edit(centre_id: int) -> str | Response:
    admin_only()
    centre = db.get_or_404(Centre, centre_id)
    form = _with_choices(CentreForm(obj=centre))
    status = CentreStatusForm(formdata=None, status=centre.status, on=tehran_today())
    if form.validate_on_submit():
        try:
            data, new = _data(form)
            service.update_centre(centre, data, actor=current_user, new_neighbourhood=new)
        except ProgrammeError as err:
            db.session.rollback()
            apply_error(form, err)
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("admin.centre_edit", centre_id=centre.id))
    return render_template("admin/centre_form.html", form=form, centre=centre, status=status)


@bp.route("/centres/<int:centre_id>/status", methods=["POST"])
def centre_status(centre_id: int) -> str | Response:
    admin_only()
    centre = db.get_or_404(Centre, centre_id)
    status = CentreStatusForm()
    if status.validate_on_submit():
        service.change_status(centre, status.status.data, on=status.on.data, actor=current_user)
        flash(_("Saved."), "success")
        return redirect(url_for("admin.centre_edit", centre_id=centre.id))
    form = _with_choices(CentreForm(formdata=None, obj=centre))
    return render_template("admin/centre_form.html", form=form, centre=centre, status=status)
