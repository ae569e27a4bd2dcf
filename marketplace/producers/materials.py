"""Materials supplied to trainees, for an item or a course."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from marketplace.extensions import db
from marketplace.ledger import materials
from marketplace.producers import bp
from marketplace.producers.common import (
    course_choices,
    me,
    product_choices,
    put_error,
    trainee_choices,
)
from marketplace.producers.forms import MaterialForm
from marketplace.text.persian import tehran_today


@bp.route("/materials")
def materials_index() -> str:
    return render_template("producers/materials.html", issues=materials.issues_for(me().id))


@bp.route("/materials/new", methods=["GET", "POST"])
def new_material() -> str | Response:
    driver = me()
    form = MaterialForm()
    form.trainee_id.choices = trainee_choices(driver, blank=_("— (for a course)"))
    form.course_id.choices = course_choices(driver, blank=_("— (for a trainee)"))
    form.product_id.choices = product_choices(driver, blank=_("— (not for one item)"))
    if not form.is_submitted():
        form.issued_on.data = tehran_today()
    if form.validate_on_submit():
        try:
            materials.record_issue(
                driver, description=form.description.data, quantity=form.quantity.data,
                unit=form.unit.data, cost_rials=form.cost.data, issued_on=form.issued_on.data,
                trainee_id=form.trainee_id.data, course_id=form.course_id.data,
                product_id=form.product_id.data, actor=current_user,
            )
        except materials.MaterialError as err:
            db.session.rollback()
            put_error(form, err.field, err.message, "description")
        else:
            flash(_("Materials recorded."), "success")
            return redirect(url_for("producers.materials_index"))
    return render_template("producers/material_form.html", form=form)
