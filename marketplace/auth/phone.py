"""Phone sign-in, first step: the number, a code sent to it by SMS (people/phone_codes.py).
The `/login` view calls here for its mobile-number form; auth/phone_code.py takes the code."""

from __future__ import annotations

import time

from flask import current_app, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response

from marketplace.auth.forms import PhoneForm
from marketplace.people import phone_codes
from marketplace.web.redirects import safe_path

# The number a code was sent to on this browser, the consent, and where to go after.
PHONE_PENDING_KEY = "pending_phone"
# How long the code page waits for its number's code (the code itself lives 2 minutes).
PENDING_SECONDS = 600


def phone_page(form: PhoneForm, status: int = 200, wait: int = 0) -> Response:
    response = current_app.make_response(
        (render_template("auth/login_phone.html", form=form), status))
    if wait:
        response.headers["Retry-After"] = str(wait)
    return response


def send_to(phone: str, pending: dict) -> None:
    """Send a code to `phone` (PhoneCodeError when too soon) and remember what follows."""
    phone_codes.send_code(phone, request.remote_addr or "-")
    session[PHONE_PENDING_KEY] = {**pending, "phone": phone, "at": int(time.time())}


def ask_for_code() -> Response:
    """POST of the number: send a code and go to the code page, or show why not."""
    form = PhoneForm()
    if not form.validate_on_submit():
        return phone_page(form)
    try:
        send_to(form.phone.data, {"consent": bool(form.consent.data),
                                  "remember": bool(form.remember.data),
                                  "next": safe_path(request.args.get("next"))})
    except phone_codes.PhoneCodeError as error:
        form.phone.errors.append(str(error.message))
        return phone_page(form, 429, error.wait)
    return redirect(url_for("auth.phone_code"))


def pending() -> dict | None:
    """What the first step left on this browser, while it is fresh."""
    found = session.get(PHONE_PENDING_KEY)
    if not isinstance(found, dict) or time.time() - found.get("at", 0) > PENDING_SECONDS:
        return None
    return found
