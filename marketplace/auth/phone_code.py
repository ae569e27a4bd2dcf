"""Phone sign-in, second step: the code from the SMS, and asking for another one.

Staff and admin go on to their app's code after it (auth/two_factor.py): a phone code is
a first factor, like a password, never a way around the second."""

from __future__ import annotations

from flask import flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from marketplace.auth import bp, phone
from marketplace.auth.forms import PhoneCodeForm
from marketplace.auth.routes import AUTH_LIMIT, after_first_factor, home_for, slowed_down
from marketplace.extensions import limiter
from marketplace.people import accounts, phone_codes, throttle


def _start_again() -> Response:
    session.pop(phone.PHONE_PENDING_KEY, None)
    flash(_("Enter your mobile number again to get a new code."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/login/phone", methods=["GET", "POST"])
@limiter.limit(AUTH_LIMIT, methods=["POST"])
def phone_code() -> str | Response:
    if current_user.is_authenticated:
        return redirect(home_for(current_user.role))
    pending = phone.pending()
    if pending is None:
        return _start_again()
    form = PhoneCodeForm()
    number = pending["phone"]
    if form.validate_on_submit():
        # Across codes too: five wrong codes a code, and then a growing wait per number.
        key = "phone:" + number
        wait = throttle.wait_seconds(key)
        if wait:
            return slowed_down("auth/phone_code.html", wait, form=form, phone=number)
        try:
            phone_codes.check_code(number, form.code.data)
            user = accounts.user_for_phone(number, consent=pending.get("consent", False))
        except phone_codes.PhoneCodeError as error:
            throttle.failed(key)
            form.code.errors.append(str(error.message))
        except accounts.AccountError as error:
            form.code.errors.append(str(error.message))
        else:
            throttle.succeeded(key)
            session.pop(phone.PHONE_PENDING_KEY, None)
            return after_first_factor(user, remember=pending.get("remember", False),
                                      next_path=pending.get("next"))
    return render_template("auth/phone_code.html", form=form, phone=number)


@bp.route("/login/phone/again", methods=["POST"])
@limiter.limit(AUTH_LIMIT)
def phone_code_again() -> Response:
    pending = phone.pending()
    if pending is None:
        return _start_again()
    try:
        phone.send_to(pending["phone"], pending)
    except phone_codes.PhoneCodeError as error:
        flash(str(error.message), "warning")
    else:
        flash(_("A new code is on its way."), "success")
    return redirect(url_for("auth.phone_code"))
