"""Flask-Login wiring: loading the signed-in user and where to send strangers."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from .extensions import db, login_manager
from .models import User


def init_login(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    if not user_id.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    return user if user is not None and user.is_active else None
