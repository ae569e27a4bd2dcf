"""Flask-Login wiring: loading the signed-in user and where to send strangers."""

from __future__ import annotations

import hmac

from flask import Flask
from flask_babel import lazy_gettext as _l

from marketplace.extensions import db, login_manager
from marketplace.models import User


def init_login(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """The active user a session or remember-me cookie names (`User.get_id`), provided
    her password is still the one she signed in with."""
    user_id, _, fingerprint = session_id.partition("-")
    if not user_id.isdigit() or not fingerprint:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.is_active:
        return None
    return user if hmac.compare_digest(fingerprint, user.session_fingerprint()) else None
