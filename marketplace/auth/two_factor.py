"""Two-step sign-in for staff and admin: the code after the password, and enrolment."""

from __future__ import annotations

import time

from flask import abort, current_app, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from marketplace.auth import bp
from marketplace.auth.forms import CodeForm, EnrolForm
from marketplace.auth.routes import AUTH_LIMIT, PENDING_KEY, finish_sign_in, slowed_down
from marketplace.extensions import db, limiter
from marketplace.media.labels import qr_svg
from marketplace.models import User
from marketplace.people import throttle
from marketplace.people import two_factor as totp

# The password step is good for this long; then the password is asked again.
PENDING_SECONDS = 300
# The key being enrolled, until its first code proves the app has it.
ENROLLING_KEY = "totp_enrolling"


def _no_store(page: str) -> Response:
    """A page with a secret on it (a key, recovery codes): keep it out of every cache."""
    response = current_app.make_response(page)
    response.headers["Cache-Control"] = "no-store"
    return response


def _pending_user() -> tuple[User, dict] | None:
    """The staff or admin account whose password was just given on this browser."""
    pending = session.get(PENDING_KEY)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        return None
    user = db.session.get(User, pending.get("user"))
    if user is None or not user.is_active or not user.has_second_factor:
        return None
    return user, pending


@bp.route("/login/code", methods=["GET", "POST"])
@limiter.limit(AUTH_LIMIT, methods=["POST"])
def two_factor() -> str | Response:
    found = _pending_user()
    if found is None:
        session.pop(PENDING_KEY, None)
        flash(_("Sign in again with your e-mail and password."), "info")
        return redirect(url_for("auth.login"))
    user, pending = found
    form = CodeForm()
    if form.validate_on_submit():
        key = f"totp:{user.id}"
        wait = throttle.wait_seconds(key)
        if wait:
            return slowed_down("auth/two_factor.html", wait, form=form)
        if totp.verify(user, form.code.data):
            throttle.succeeded(key)
            return finish_sign_in(user, remember=pending.get("remember", False),
                                  next_path=pending.get("next"))
        throttle.failed(key)
        form.code.errors.append(_("This code is not right, or it was already used."))
    return render_template("auth/two_factor.html", form=form)


@bp.route("/account/two-step", methods=["GET", "POST"])
@login_required
@limiter.limit(AUTH_LIMIT, methods=["POST"])
def two_factor_setup() -> str | Response:
    """Staff and admin turn on two-step sign-in (before the back office opens to them)."""
    user = current_user._get_current_object()
    if not user.needs_second_factor:
        abort(404)
    if user.has_second_factor:
        return render_template("auth/two_factor_on.html",
                               codes_left=totp.unused_codes(user))
    secret = session.get(ENROLLING_KEY) or totp.new_secret()
    session[ENROLLING_KEY] = secret
    form = EnrolForm()
    if form.validate_on_submit():
        try:
            codes = totp.enable(user, secret, form.code.data)
        except totp.TwoFactorError as error:
            form.code.errors.append(str(error.message))
        else:
            session.pop(ENROLLING_KEY, None)
            return _no_store(render_template("auth/recovery_codes.html", codes=codes))
    qr = qr_svg(totp.provisioning_uri(user, secret), title=_("QR code for the app"))
    grouped = " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))
    return _no_store(render_template("auth/two_factor_setup.html", form=form, qr=qr,
                                     secret=grouped))
