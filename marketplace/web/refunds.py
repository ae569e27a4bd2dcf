"""Settling a refund from a screen: the form and its handling, shared by the drivers'
workspace (their own lines) and the back office (every refund)."""

from __future__ import annotations

from flask import flash
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.validators import DataRequired, Optional

from marketplace.extensions import db
from marketplace.models import Refund, User
from marketplace.orders import refunds
from marketplace.web.fields import DateField, Length, NormalizedStringField
from marketplace.web.labels import choices


class RefundForm(FlaskForm):
    """How a refund due was paid back."""

    method = SelectField(_l("Paid back by"), choices=lambda: choices("refund_method"),
                         validators=[DataRequired()])
    reference = NormalizedStringField(_l("Reference (transfer or card)"),
                                      validators=[Optional(), Length(max=64)])
    refunded_on = DateField(_l("Paid back on"), validators=[DataRequired()])


def settle_from_form(refund: Refund, actor: User) -> bool:
    """Validate the posted RefundForm and settle `refund`; flash the outcome either way."""
    form = RefundForm()
    if not form.validate_on_submit():
        flash(_("Say how and when the money was paid back."), "error")
        return False
    try:
        refunds.settle(refund, actor=actor, method=form.method.data,
                       reference=form.reference.data or "", refunded_on=form.refunded_on.data)
    except refunds.RefundError as err:
        db.session.rollback()
        flash(str(err.message), "error")
        return False
    flash(_("The refund is recorded and the buyer is told."), "success")
    return True
