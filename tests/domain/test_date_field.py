"""Dates in Jalali, in and out: `persian.parse_date` and `fields.DateField` in both locales."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask
from flask_babel import Babel, force_locale
from werkzeug.datastructures import MultiDict
from wtforms import Form
from wtforms.validators import DataRequired, Optional

from marketplace.text.persian import DateProblem, format_date_input, parse_date
from marketplace.web.fields import DateField


@pytest.fixture(autouse=True)
def _english_refusals():
    """Refusals read in English, whatever context an earlier test of the run left pushed."""
    bare = Flask(__name__)
    Babel(bare)
    with bare.test_request_context(), force_locale("en"):
        yield


class DayForm(Form):
    on = DateField("On", [DataRequired()])
    until = DateField("Until", [Optional()])


@pytest.mark.parametrize("typed", [
    "۱۴۰۵/۰۹/۰۹", "1405/9/9", "1405-9-9", "١٤٠٥/٠٩/٠٩", " 1405 / 09 / 09 ", "1405.09.09",
])
def test_fa_takes_a_jalali_day_in_any_digits_and_separators(typed):
    assert parse_date(typed, "fa") == date(2026, 11, 30)


def test_leap_years_follow_the_jalali_calendar():
    assert parse_date("1403/12/30", "fa") == date(2025, 3, 20)  # 1403 is a leap year
    with pytest.raises(DateProblem, match="no such day"):
        parse_date("1405/12/30", "fa")
    with pytest.raises(DateProblem, match="no such day"):
        parse_date("1405/12/31", "fa")
    with pytest.raises(DateProblem, match="no such day"):
        parse_date("1405/13/01", "fa")


@pytest.mark.parametrize("typed", ["2026/12/01", "2026-11-30", "۲۰۲۶/۱۲/۰۱"])
def test_fa_refuses_a_gregorian_year_saying_so(typed):
    with pytest.raises(DateProblem, match="is a Gregorian year"):
        parse_date(typed, "fa")


@pytest.mark.parametrize("typed", ["9/9/1405", "14050909", "فردا", "1405/9", "05/09/09"])
def test_fa_refuses_what_is_not_year_month_day(typed):
    with pytest.raises(DateProblem, match="year/month/day"):
        parse_date(typed, "fa")


def test_fa_refuses_a_year_outside_the_records():
    with pytest.raises(DateProblem, match="Check the year"):
        parse_date("1250/01/01", "fa")


def test_en_keeps_gregorian_and_refuses_a_jalali_year():
    assert parse_date("2026-11-30", "en") == date(2026, 11, 30)
    assert parse_date("2026/1/2", "en") == date(2026, 1, 2)
    with pytest.raises(DateProblem, match="is a Persian"):
        parse_date("1405-09-09", "en")  # the bug of the issue: saved as the year 1405 CE
    with pytest.raises(DateProblem, match="no such day"):
        parse_date("2026-02-30", "en")


def test_a_stored_day_is_shown_back_in_the_form_calendar():
    assert format_date_input(date(2026, 11, 30), "fa") == "۱۴۰۵/۰۹/۰۹"
    assert format_date_input(date(2026, 11, 30), "en") == "2026-11-30"
    assert format_date_input(None, "fa") == ""


def _form(app, locale, **data):
    with app.test_request_context(), force_locale(locale):
        form = DayForm(MultiDict(data))
        return form, form.validate(), str(form.on()), str(form.until())


def test_field_round_trip_in_persian(app):
    form, ok, _, _ = _form(app, "fa", on="۱۴۰۵/۰۹/۰۹")
    assert ok and form.on.data == date(2026, 11, 30) and form.until.data is None
    with app.test_request_context(), force_locale("fa"):
        shown = DayForm(data={"on": form.on.data})
        assert shown.on._value() == "۱۴۰۵/۰۹/۰۹"
        assert 'value="۱۴۰۵/۰۹/۰۹"' in str(shown.on())


def test_field_renders_a_text_input_the_picker_attaches_to(app):
    _, _, html, _ = _form(app, "fa", on="1405/9/9")
    assert 'type="text"' in html and 'type="date"' not in html
    for attr in ('inputmode="numeric"', 'dir="ltr"', 'autocomplete="off"',
                 'placeholder="۱۴۰۵/۰۹/۰۹"', "data-jdp"):
        assert attr in html
    _, _, html, _ = _form(app, "en", on="2026-11-30")
    assert 'type="text"' in html and 'placeholder="2026-11-30"' in html
    assert "data-jdp" not in html  # the picker is Jalali: English keeps a plain field


def test_field_refusal_is_in_persian_and_keeps_what_was_typed(app):
    with app.test_request_context(), force_locale("fa"):
        form = DayForm(MultiDict({"on": "2026/12/01", "until": "1405/12/31"}))
        assert not form.validate()
        assert form.on.data is None
        assert [str(e) for e in form.on.errors] == [
            "سال ۲۰۲۶ میلادی است؛ تاریخ را شمسی بنویسید، مثلاً ۱۴۰۵/۰۹/۰۹."]
        assert "تقویم" in str(form.until.errors[0])
        assert 'value="2026/12/01"' in str(form.on())


def test_field_in_english(app):
    form, ok, _, _ = _form(app, "en", on="2026-11-30", until="")
    assert ok and form.on.data == date(2026, 11, 30) and form.until.data is None
    form, ok, _, _ = _form(app, "en", on="1405/09/09")
    assert not ok and "1405 is a Persian (solar) year" in str(form.on.errors[0])


def test_empty_is_missing(app):
    form, ok, _, _ = _form(app, "fa", on="  ")
    assert not ok and form.on.data is None
