from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from marketplace.auth import bp, phone
from marketplace.auth.forms import (
    LoginForm,
    PasswordChangeForm,
    PhoneForm,
    RegisterForm,
    ResetPasswordForm,
    ResetRequestForm,
)
from marketplace.catalogue import favourites
from marketplace.extensions import limiter
from marketplace.models import Role, User
from marketplace.people import accounts, throttle
from marketplace.text.persian import MessageNumber
from marketplace.web import devices
from marketplace.web.auth_support import close_session, open_session
from marketplace.web.redirects import safe_path
from marketplace.web.templating import digits

AUTH_LIMIT = "5 per minute"
# A staff or admin sign-in waiting for its code (auth/two_factor.py): who, and since when.
PENDING_KEY = "pending_2fa"

View = TypeVar("View", bound=Callable[..., object])


def home_for(role: str) -> str:
    if role in (Role.ADMIN, Role.STAFF):
        return url_for("admin.index")
    if role == Role.DRIVER:
        return url_for("producers.dashboard")
    return url_for("shop.home")


def finish_sign_in(user: User, *, remember: bool, next_path: str | None) -> Response:
    """Open the session, mark this browser as one that knows the account, and go on.
    The hearts she gave as a guest become her account's (the fresh session drops them)."""
    guest_favourites = session.get(favourites.SESSION_KEY)
    open_session(user, remember=remember)
    if guest_favourites:
        favourites.merge(user.id, guest_favourites)
    if user.email:  # the known-device cookie counts e-mail sign-ins
        devices.remember(user.email)
    flash(_("Welcome, %(name)s.", name=user.full_name or digits(user.phone)), "success")
    if user.needs_second_factor and not user.has_second_factor:
        return redirect(url_for("auth.two_factor_setup"))
    return redirect(safe_path(next_path) or home_for(user.role))


def slowed_down(template: str, seconds: int, **context: object) -> Response:
    """The answer to a try that came too soon after many failures: not a lockout, a wait
    (Retry-After says how long), and the same whether or not the account exists."""
    response = current_app.make_response((render_template(
        template, wait=MessageNumber(seconds), **context), 429))
    response.headers["Retry-After"] = str(seconds)
    return response


def _limited_per_address_and_account(account_key: Callable[[], str]) -> Callable[[View], View]:
    """AUTH_LIMIT on a view's POSTs per client address and, separately, per target account
    (`account_key`): one address cannot try many accounts, nor many addresses one account."""

    def decorate(view: View) -> View:
        view = limiter.limit(AUTH_LIMIT, methods=["POST"], key_func=account_key)(view)
        return limiter.limit(AUTH_LIMIT, methods=["POST"])(view)

    return decorate


def _email_key() -> str:
    """The account a form names by e-mail. Prefixed, so that it never shares a counter with
    the address limit, even when it falls back to the address for a form without e-mail."""
    email = accounts.normalize_email(request.form.get("email") or "")[:254]
    return "account:" + (email or request.remote_addr or "-")


def _reset_link_key() -> str:
    """The account a reset link belongs to; a broken link counts against the address."""
    user_id = accounts.reset_token_user_id((request.view_args or {}).get("token", ""))
    return f"account:{user_id}" if user_id else "account:" + (request.remote_addr or "-")


def start_second_factor(user: User, *, remember: bool, next_path: str | None) -> Response:
    """Staff and admin have proved the first factor (password or phone code): on to the
    code from their app. No other way into their account skips this step."""
    session[PENDING_KEY] = {"user": user.id, "remember": remember,
                            "next": safe_path(next_path), "at": int(time.time())}
    return redirect(url_for("auth.two_factor"))


def after_first_factor(user: User, *, remember: bool, next_path: str | None) -> Response:
    if user.needs_second_factor and user.has_second_factor:
        return start_second_factor(user, remember=remember, next_path=next_path)
    return finish_sign_in(user, remember=remember, next_path=next_path)


# Per address only: per account, failures slow down (people/throttle.py), never lock.
@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(AUTH_LIMIT, methods=["POST"])
def login() -> str | Response:
    """The mobile number first (auth/phone.py); e-mail and password on `?via=email`, and
    for any POST that carries an e-mail."""
    if current_user.is_authenticated:
        return redirect(home_for(current_user.role))
    if request.method == "POST" and "email" not in request.form:
        return phone.ask_for_code()
    if request.method == "GET" and request.args.get("via") != "email":
        return phone.phone_page(PhoneForm())
    form = LoginForm()
    if form.validate_on_submit():
        key = devices.throttle_key(form.email.data)
        wait = throttle.wait_seconds(key)
        if wait:
            return slowed_down("auth/login.html", wait, form=form)
        user = accounts.authenticate(form.email.data, form.password.data)
        if user is None:
            throttle.failed(key)
            form.password.errors.append(_("The e-mail or password is not right."))
        else:
            throttle.succeeded(key)
            return after_first_factor(user, remember=bool(form.remember.data),
                                      next_path=request.args.get("next"))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout() -> Response:
    close_session()
    flash(_("You have signed out."), "info")
    return redirect(url_for("shop.home"))


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(AUTH_LIMIT, methods=["POST"])
def register() -> str | Response:
    if current_user.is_authenticated:
        return redirect(url_for("shop.home"))
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            accounts.register_buyer(
                email=form.email.data,
                full_name=form.full_name.data,
                password=form.password.data,
                phone=form.phone.data or None,
            )
        except accounts.AccountError as error:
            getattr(form, error.field).errors.append(str(error.message))
        else:
            # The same answer whether the e-mail was new or taken (its owner got an e-mail):
            # so no sign-in here; a new buyer signs in with the password she just chose.
            flash(_("Thank you. We have sent a message to your e-mail address; "
                    "sign in with your e-mail and password."), "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/register.html", form=form)


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
@limiter.limit(AUTH_LIMIT, methods=["POST"])  # it checks the current password: no guessing
def change_password() -> str | Response:
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            accounts.change_password(
                current_user, form.current_password.data, form.new_password.data
            )
        except accounts.AccountError as error:
            getattr(form, error.field).errors.append(str(error.message))
        else:
            # Every session of the account has ended; this browser gets a new one.
            open_session(current_user._get_current_object())
            flash(_("Your password has been changed."), "success")
            return redirect(home_for(current_user.role))
    return render_template("auth/password.html", form=form)


def _reset_link(token: str) -> str:
    """The absolute address of a reset link. From SITE_URL when it is set, so that a forged
    Host header cannot make the shop e-mail a link (and its token) to another site."""
    site = str(current_app.config.get("SITE_URL") or "").rstrip("/")
    if site:
        return site + url_for("auth.reset_password", token=token)
    return url_for("auth.reset_password", token=token, _external=True)


@bp.route("/password/reset", methods=["GET", "POST"])
@_limited_per_address_and_account(_email_key)
def reset_request() -> str | Response:
    form = ResetRequestForm()
    if form.validate_on_submit():
        accounts.send_password_reset(form.email.data, _reset_link)
        # The same answer whether or not the account exists: no list of customers for free.
        flash(_("If an account exists for this e-mail address, we have sent it a link "
                "to choose a new password."), "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset_request.html", form=form)


def _no_store(page: str) -> Response:
    """A reset link page: its address holds the token, so keep it out of caches and out of
    the Referer header of anything the page loads or links to."""
    response = current_app.make_response(page)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@_limited_per_address_and_account(_reset_link_key)
def reset_password(token: str) -> Response:
    user = accounts.user_for_reset_token(token)
    if user is None:
        return _no_store(render_template("auth/reset_invalid.html"))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            accounts.reset_password(user, form.new_password.data)
        except accounts.AccountError as error:
            getattr(form, error.field).errors.append(str(error.message))
        else:
            # No sign-in here (the next sign-in proves the new password); every session of
            # the account has ended, and whoever was signed in on this browser is out.
            close_session(keep_cart=True)
            flash(_("Your password has been changed. Sign in with the new one."), "success")
            return redirect(url_for("auth.login"))
    return _no_store(render_template("auth/reset_password.html", form=form))
