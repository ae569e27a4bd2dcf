"""Forms of the buyer's account page: her name and her saved addresses."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField
from wtforms.validators import DataRequired, Length

from marketplace.web.choices import province_choices
from marketplace.web.fields import NormalizedStringField, NormalizedTextAreaField, PostalCode
from marketplace.web.i18n import current_locale


class NameForm(FlaskForm):
    full_name = NormalizedStringField(
        _l("Full name"), validators=[DataRequired(), Length(max=200)],
        render_kw={"autocomplete": "name"})


class AddressForm(FlaskForm):
    province_code = SelectField(_l("Province"), validators=[DataRequired()])
    city = NormalizedStringField(_l("City"), validators=[DataRequired(), Length(max=100)])
    address = NormalizedTextAreaField(
        _l("Address"), validators=[DataRequired(), Length(max=500)],
        render_kw={"rows": 3, "autocomplete": "street-address"})
    postal_code = StringField(
        _l("Postal code"), validators=[DataRequired(), PostalCode()],
        render_kw={"inputmode": "numeric", "dir": "ltr", "autocomplete": "postal-code"})
    is_default = BooleanField(_l("Use it by default at checkout"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.province_code.choices = [("", _l("Choose a province")),
                                      *province_choices(current_locale())]
