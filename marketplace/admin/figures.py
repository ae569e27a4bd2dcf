"""The programme's published totals (admins only): list, record, correct, remove.

Admins only, like the impact report they feed: these are the municipality's own claims
about the whole programme, and a centre's staff see only their centre.
"""

from __future__ import annotations

from dataclasses import fields

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from marketplace.admin import bp
from marketplace.admin.forms import ActionForm, FigureForm, apply_error
from marketplace.admin.routes import admin_only
from marketplace.extensions import db
from marketplace.models import Centre, ProgrammeFigure
from marketplace.programme import ProgrammeError
from marketplace.programme import figures as service
from marketplace.text.persian import jalali_year_of, tehran_today
from marketplace.web.choices import centre_choices

WHOLE_PROGRAMME = 0  # the centre select's value for "the whole programme"


def _form(**kwargs: object) -> FigureForm:
    form = FigureForm(**kwargs)
    centres = db.session.scalars(select(Centre).order_by(Centre.id))
    form.centre_id.choices = [
        SelectChoice(WHOLE_PROGRAMME, _l("The whole programme")), *centre_choices(centres)
    ]
    return form


def _data(form: FigureForm) -> service.FigureData:
    values = {f.name: form[f.name].data for f in fields(service.FigureData)}
    values["centre_id"] = values["centre_id"] or None
    return service.FigureData(**values)


@bp.route("/figures")
def figures() -> str:
    admin_only()
    return render_template("admin/figures.html", figures=service.all_figures(),
                           action=ActionForm())


@bp.route("/figures/new", methods=["GET", "POST"])
def figure_new() -> str | Response:
    admin_only()
    form = _form()
    if form.validate_on_submit():
        try:
            service.record_figure(_data(form), actor=current_user)
        except ProgrammeError as err:
            apply_error(form, err)
        else:
            flash(_("The figure is recorded."), "success")
            return redirect(url_for("admin.figures"))
    return render_template("admin/figure_form.html", form=form, figure=None,
                           this_year=jalali_year_of(tehran_today()))


@bp.route("/figures/<int:figure_id>", methods=["GET", "POST"])
def figure_edit(figure_id: int) -> str | Response:
    admin_only()
    figure = db.get_or_404(ProgrammeFigure, figure_id)
    form = _form(obj=figure)
    if not form.is_submitted():
        form.centre_id.data = figure.centre_id or WHOLE_PROGRAMME
    if form.validate_on_submit():
        try:
            service.update_figure(figure, _data(form), actor=current_user)
        except ProgrammeError as err:
            db.session.rollback()
            apply_error(form, err)
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("admin.figures"))
    return render_template("admin/figure_form.html", form=form, figure=figure,
                           action=ActionForm(), this_year=jalali_year_of(tehran_today()))


@bp.route("/figures/<int:figure_id>/delete", methods=["POST"])
def figure_delete(figure_id: int) -> Response:
    admin_only()
    figure = db.get_or_404(ProgrammeFigure, figure_id)
    if ActionForm().validate_on_submit():
        service.delete_figure(figure, actor=current_user)
        flash(_("The figure is removed."), "success")
    return redirect(url_for("admin.figures"))
