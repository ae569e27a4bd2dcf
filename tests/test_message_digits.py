"""Numbers in refusals are in the reader's digits: «۸» on a Persian page, «8» on an English
one (the password policy, wtforms' length and range checks, the shop's own limits)."""

from __future__ import annotations

import re

import pytest
from flask import request, session
from flask_babel import refresh

from marketplace.auth.forms import RegisterForm
from marketplace.people.accounts import password_problem
from marketplace.producers.forms import MakerRow

ASCII_DIGIT = re.compile(r"[0-9]")


def _set_language(client, locale: str) -> None:
    with client.session_transaction() as session:
        session["lang"] = locale


@pytest.mark.parametrize(("locale", "eight", "long"), [("fa", "۸", "۲۰۰"), ("en", "8", "200")])
def test_registration_refusals_in_the_pages_digits(client, db, locale, eight, long) -> None:
    _set_language(client, locale)
    errors = ""
    for name, password in (("س" * 201, "a long enough phrase"), ("سارا", "short")):
        page = client.post("/register", data={
            "full_name": name, "email": "sara@example.com", "password": password,
            "confirm": password,
        }).get_data(as_text=True)
        errors += " ".join(re.findall(r'class="invalid-feedback d-block">([^<]+)<', page))
    assert eight in errors and long in errors
    if locale == "fa":
        assert not ASCII_DIGIT.search(errors), errors


@pytest.mark.parametrize(("locale", "digits"), [("fa", "۱۰۰"), ("en", "100")])
def test_wtforms_limits_in_the_readers_digits(app, locale, digits) -> None:
    with app.test_request_context("/", method="POST", data={"share_pct": "250"}):
        session["lang"] = locale
        refresh()
        row = MakerRow(request.form)
        row.trainee_id.choices = []
        row.validate()
        assert digits in str(row.share_pct.errors[0])
        form = RegisterForm(meta={"csrf": False}, data={"full_name": "x" * 201})
        form.validate()
        message = str(form.full_name.errors[0])
        assert ("۲۰۰" if locale == "fa" else "200") in message
        assert ("۲۰۱" if locale == "fa" else "201") in message  # what she typed, counted
        assert str(password_problem("short")).count("۸" if locale == "fa" else "8") == 1
