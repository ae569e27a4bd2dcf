"""Flask-Login wiring: server-side sessions (people/sessions.py) behind the cookies.

Flask-Login keeps `User.get_id()` in the session cookie and the remember-me cookie; that
id is the random key of a `UserSession` row, so the loader's one indexed read decides
whether the browser is still signed in. A remember-me cookie that brings a browser back
is rotated: the row gets a new key and the old cookie is dead.
"""

from __future__ import annotations

import contextlib

from flask import Flask, request, session
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user, user_loaded_from_cookie

from marketplace.extensions import login_manager
from marketplace.models import User
from marketplace.people import sessions

# Kept across sign-in and sign-out: the visitor's cart and language are not secrets.
CARRIED_SESSION_KEYS = ("cart", "lang")


def init_login(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"
    app.config["REMEMBER_COOKIE_DURATION"] = sessions.LIFETIME
    user_loaded_from_cookie.connect(_rotate_remembered, app)


@login_manager.user_loader
def load_user(key: str) -> User | None:
    """The active user whose live session has this key (`User.get_id`)."""
    return sessions.load(key)


def _rotate_remembered(app: Flask, user: User) -> None:
    """A remember-me cookie just signed the browser in again: give its session a new key,
    sent back as a new remember-me cookie, so a copy of the old one no longer works."""
    if sessions.rotate(user) is not None:
        login_user(user, remember=True, fresh=False)


def _client() -> dict[str, str]:
    return {"ip": request.remote_addr or "", "user_agent": request.user_agent.string}


def _fresh_session() -> None:
    """Drop everything in the session (and any sign-in) but the cart and language."""
    carried = {k: session[k] for k in CARRIED_SESSION_KEYS if k in session}
    session.clear()
    session.update(carried)


def open_session(user: User, *, remember: bool = False) -> None:
    """Sign in on a fresh session (no fixation) with its own server-side record."""
    _fresh_session()
    sessions.start(user, **_client())
    login_user(user, remember=remember)


def close_session(*, keep_cart: bool = False) -> None:
    """Sign this browser out: its record is ended, so a copy of its cookies is dead too.
    The language stays; the cart only when asked (a shared computer's next user should
    not find it)."""
    if current_user.is_authenticated and current_user.current_session is not None:
        # Already ended elsewhere (SessionNotFound): signing out is all that is left.
        with contextlib.suppress(sessions.SessionNotFound):
            sessions.end(current_user, current_user.current_session.id)
    _fresh_session()
    if not keep_cart:
        session.pop("cart", None)
    logout_user()  # after the clear, which would drop its note to delete a remember-me cookie


def track_session() -> None:
    """Note the session's last use (written at most once a minute)."""
    if current_user.is_authenticated and current_user.current_session is not None:
        sessions.touch(current_user.current_session, **_client())
