from __future__ import annotations

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from .. import accounts
from ..extensions import limiter
from ..models import Role, User
from . import bp
from .forms import LoginForm, PasswordChangeForm, RegisterForm

# Kept across sign-in: the visitor's cart and language are not secrets to rotate.
CARRIED_SESSION_KEYS = ("cart", "lang")
AUTH_LIMIT = "5 per minute"


def _safe_next(target: str | None) -> str | None:
    """Only same-site paths, so `?next=` cannot send people to another site."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None


def _home_for(role: str) -> str:
    if role in (Role.ADMIN, Role.STAFF):
        return url_for("admin.index")
    if role == Role.DRIVER:
        return url_for("producers.dashboard")
    return url_for("shop.home")


def _start_session(user: User, remember: bool = False) -> None:
    """Sign in on a fresh session (no fixation), keeping the cart and language."""
    carried = {k: session[k] for k in CARRIED_SESSION_KEYS if k in session}
    session.clear()
    session.update(carried)
    login_user(user, remember=remember)


def _email_key() -> str:
    return (request.form.get("email") or "").strip().lower() or request.remote_addr or "-"


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(AUTH_LIMIT, methods=["POST"])
@limiter.limit(AUTH_LIMIT, methods=["POST"], key_func=_email_key)
def login() -> str | Response:
    if current_user.is_authenticated:
        return redirect(_home_for(current_user.role))
    form = LoginForm()
    if form.validate_on_submit():
        user = accounts.authenticate(form.email.data, form.password.data)
        if user is None:
            form.password.errors.append(_("The e-mail or password is not right."))
        else:
            _start_session(user, remember=form.remember.data)
            flash(_("Welcome, %(name)s.", name=user.full_name), "success")
            return redirect(_safe_next(request.args.get("next")) or _home_for(user.role))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout() -> Response:
    logout_user()
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
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
            user = accounts.register_buyer(
                email=form.email.data,
                full_name=form.full_name.data,
                password=form.password.data,
                phone=form.phone.data or None,
            )
        except accounts.AccountError as error:
            getattr(form, error.field).errors.append(str(error.message))
        else:
            _start_session(user)
            flash(_("Your account is ready."), "success")
            return redirect(url_for("shop.home"))
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
            flash(_("Your password has been changed."), "success")
            return redirect(_home_for(current_user.role))
    return render_template("auth/password.html", form=form)
