"""WTForms glue for the Persian normaliser, money parser and Iranian identifiers.

Forms use these instead of plain StringField so that every stored string is
normalised the same way and every amount is int Rials, without each form
repeating the logic.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from flask import current_app, g
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from wtforms import Field, IntegerField, StringField, TextAreaField, validators
from wtforms.form import BaseForm
from wtforms.validators import Email, StopValidation, ValidationError
from wtforms.widgets import TextInput

from marketplace.text import validators as iran
from marketplace.text.money import DEFAULT_MAX_RIALS, UNITS, AmountError, parse_amount
from marketplace.text.persian import (
    DateProblem,
    MessageNumber,
    format_date_input,
    normalize,
    parse_date,
    to_persian_digits,
)
from marketplace.web.i18n import current_locale

Filter = Callable[[Any], Any]

__all__ = [
    "AmountField",
    "DateField",
    "DateInput",
    "EmailAddress",
    "IranMobile",
    "Length",
    "NationalCode",
    "NormalizedStringField",
    "NormalizedTextAreaField",
    "NumberField",
    "NumberRange",
    "PostalCode",
    "normalize_filter",
    "normalize_line_filter",
]


def normalize_filter(value: Any) -> Any:
    """WTForms filter: normalise strings (keeping newlines), pass None and non-strings through."""
    return normalize(value) if isinstance(value, str) else value


def normalize_line_filter(value: Any) -> Any:
    """Like `normalize_filter` for single-line fields: newlines become spaces."""
    return normalize(value, multiline=False) if isinstance(value, str) else value


class NormalizedStringField(StringField):
    """A StringField whose data is always `normalize`d (single line)."""

    def __init__(self, *args: Any, filters: Sequence[Filter] = (), **kwargs: Any) -> None:
        super().__init__(*args, filters=(normalize_line_filter, *filters), **kwargs)


class NormalizedTextAreaField(TextAreaField):
    """A TextAreaField whose data is always `normalize`d, keeping paragraphs."""

    def __init__(self, *args: Any, filters: Sequence[Filter] = (), **kwargs: Any) -> None:
        super().__init__(*args, filters=(normalize_filter, *filters), **kwargs)


class _Canonical:
    """Validator that checks an identifier and stores its canonical form in field.data.

    Empty data is left to Optional/DataRequired, so the field can be optional.
    """

    check: Callable[[str | None], str]

    def __init__(self, message: str | None = None) -> None:
        self.message = message

    def __call__(self, form: BaseForm, field: Field) -> None:
        if field.data is None or field.data == "":
            return
        try:
            field.data = type(self).check(field.data)
        except iran.ValidationProblem as problem:
            raise ValidationError(str(self.message or problem.message)) from problem


class NationalCode(_Canonical):
    """WTForms validator for an Iranian national code; data becomes 10 ASCII digits."""

    check = staticmethod(iran.national_code)


class IranMobile(_Canonical):
    """WTForms validator for an Iranian mobile number; data becomes '09xxxxxxxxx'."""

    check = staticmethod(iran.mobile)


class PostalCode(_Canonical):
    """WTForms validator for an Iranian postal code; data becomes 10 ASCII digits."""

    check = staticmethod(iran.postal_code)


class AmountField(StringField):
    """A money input typed in Rials or Toman; `data` is int Rials or None.

    Empty input gives None: pair with InputRequired (not DataRequired, which
    would treat an allowed 0 as missing) or Optional. A parse error is shown
    next to the field and the user's own text is rendered back for fixing.
    """

    def __init__(
        self,
        label: str | None = None,
        validators: Sequence[Callable[..., Any]] | None = None,
        *,
        unit: str = "rial",
        allow_zero: bool = False,
        max_rials: int = DEFAULT_MAX_RIALS,
        **kwargs: Any,
    ) -> None:
        if unit not in UNITS:
            raise ValueError(f"unit must be one of {UNITS}, not {unit!r}")
        # Digits read left to right even on an RTL page; phones show a number pad.
        render_kw = {"inputmode": "numeric", "dir": "ltr", "autocomplete": "off"}
        render_kw.update(kwargs.pop("render_kw", None) or {})
        super().__init__(label, validators, render_kw=render_kw, **kwargs)
        self.unit = unit
        self.allow_zero = allow_zero
        self.max_rials = max_rials

    def process_data(self, value: Any) -> None:
        """Accept defaults and object data as int Rials (or None)."""
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
            raise ValueError(_l("Not a valid amount."))
        self.data = value

    def process_formdata(self, valuelist: list[Any]) -> None:
        """Parse the typed text; WTForms turns the ValueError into a field error."""
        if not valuelist or not str(valuelist[0]).strip():
            # Spaces are no amount: InputRequired (which reads raw_data) must see it missing.
            self.raw_data = [""]
            self.data = None
            return
        try:
            self.data = parse_amount(
                str(valuelist[0]),
                unit=self.unit,
                allow_zero=self.allow_zero,
                max_rials=self.max_rials,
            )
        except AmountError as err:
            self.data = None
            raise ValueError(str(err.message)) from err

    def _value(self) -> str:
        """The user's text after an error, else the amount in the field's unit, ASCII digits."""
        if self.raw_data and (self.process_errors or self.data is None):
            return str(self.raw_data[0])
        if self.data is None:
            return ""
        if self.unit == "rial":
            return str(self.data)
        toman, tenth = divmod(abs(self.data), 10)
        sign = "-" if self.data < 0 else ""
        # Not a whole Toman (should not happen): show it exactly, so it is not silently rounded.
        return f"{sign}{toman}.{tenth}" if tenth else f"{sign}{toman}"


class DateInput(TextInput):
    """A text input for a day, never `type="date"`: a browser's picker is Gregorian and
    reads a Jalali year as the year 1405 CE. In fa it carries `data-jdp`, which the
    vendored Jalali picker (static/js/jalali-date.js) attaches to; typing works without it.
    """

    def __call__(self, field: Field, **kwargs: Any) -> Markup:
        fa = current_locale().startswith("fa")
        kwargs.setdefault("inputmode", "numeric")
        kwargs.setdefault("dir", "ltr")
        kwargs.setdefault("autocomplete", "off")
        kwargs.setdefault("placeholder", to_persian_digits("1405/09/09") if fa else "2026-11-30")
        if fa:
            kwargs.setdefault("data-jdp", "")
            # base.html loads the picker only on pages that rendered one of these.
            g.date_picker_needed = True
        return super().__call__(field, **kwargs)


class DateField(Field):
    """A calendar day: typed in Jalali in fa (۱۴۰۵/۰۹/۰۹, 1405-9-9), ISO Gregorian in en;
    `data` is a `datetime.date` (ISO in the database) or None.

    A Gregorian year typed on the Persian page (or a Jalali one on the English page) and
    a day that does not exist are refused next to the field, with the typed text kept.
    Empty input gives None: pair with DataRequired or Optional.
    """

    widget = DateInput()

    def process_data(self, value: Any) -> None:
        self.data = value if isinstance(value, date) else None

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist or not str(valuelist[0]).strip():
            self.raw_data = [""]
            self.data = None
            return
        try:
            self.data = parse_date(str(valuelist[0]), current_locale())
        except DateProblem as problem:
            self.data = None
            raise ValueError(str(problem.message)) from problem

    def pre_validate(self, form: BaseForm) -> None:
        """Keep the refusal of what was typed: DataRequired would replace it by "required"."""
        if self.process_errors:
            raise StopValidation

    def _value(self) -> str:
        if self.raw_data and (self.process_errors or self.data is None):
            return str(self.raw_data[0])
        return format_date_input(self.data, current_locale())


# A count grouped in thousands with the ASCII or the Persian (U+066C) separator.
_GROUPED = re.compile(r"[0-9]{1,3}([,\u066c])[0-9]{3}(?:\1[0-9]{3})*", re.ASCII)


class NumberField(IntegerField):
    """A whole number typed in ASCII, Persian or Arabic digits; `data` is an int or None.

    A text box with a number pad, not `type=number`: browsers refuse Persian digits there
    (the box posts empty), so a buyer typing «۳» would get an error she cannot see.
    """

    widget = TextInput()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        render_kw = {"inputmode": "numeric", "dir": "ltr", "autocomplete": "off"}
        render_kw.update(kwargs.pop("render_kw", None) or {})
        super().__init__(*args, render_kw=render_kw, **kwargs)

    def process_formdata(self, valuelist: list[Any]) -> None:
        """Fold the digits to ASCII and drop stray spaces, marks and thousands separators
        («۱٬۵۰۰», "1,500": a count copied from a report) before reading it."""
        folded = [normalize(str(v), multiline=False).replace(" ", "") for v in valuelist]
        # Only separators between groups of three: "12,5" (a decimal comma) stays refused.
        super().process_formdata([
            re.sub(r"[,\u066c]", "", v) if _GROUPED.fullmatch(v) else v for v in folded
        ])


class EmailAddress(Email):
    """An e-mail address (no DNS look-up). Outside production the `.test` domain of the
    demo accounts is accepted too; email-validator refuses it as a special-use name."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message, check_deliverability=False)

    def __call__(self, form: BaseForm, field: Field) -> None:
        self.test_environment = current_app.config["CONFIG_NAME"] != "production"
        super().__call__(form, field)


class Length(validators.Length):
    """wtforms' Length (and its `maxlength` on the input), saying its limits in the
    reader's digits: wtforms formats them with %d, in ASCII whatever the language."""

    def __call__(self, form: BaseForm, field: Field) -> None:
        length = len(field.data) if field.data else 0
        if length >= self.min and (self.max == -1 or length <= self.max):
            return
        if self.message is not None:
            raise ValidationError(self.message)
        n = {"low": MessageNumber(self.min), "high": MessageNumber(self.max),
             "length": MessageNumber(length)}
        if self.max == -1:
            raise ValidationError(_l("Enter at least %(low)s characters.", **n))
        if self.min == -1:
            raise ValidationError(_l("Enter at most %(high)s characters (this is %(length)s).",
                                     **n))
        raise ValidationError(_l("Enter from %(low)s to %(high)s characters.", **n))


class NumberRange(validators.NumberRange):
    """wtforms' NumberRange for whole numbers, saying its limits in the reader's digits."""

    def __call__(self, form: BaseForm, field: Field) -> None:
        data = field.data
        if data is not None and (self.min is None or data >= self.min) and (
                self.max is None or data <= self.max):
            return
        if self.message is not None:
            raise ValidationError(self.message)
        n = {"low": MessageNumber(self.min or 0), "high": MessageNumber(self.max or 0)}
        if self.max is None:
            raise ValidationError(_l("Enter a number no less than %(low)s.", **n))
        if self.min is None:
            raise ValidationError(_l("Enter a number no greater than %(high)s.", **n))
        raise ValidationError(_l("Enter a number from %(low)s to %(high)s.", **n))
