"""Locale choice: Persian by default, English on request, remembered in the session."""

from __future__ import annotations

from flask import current_app, has_request_context, session
from flask_babel import get_locale

LOCALE_SESSION_KEY = "lang"


def select_locale() -> str:
    """The visitor's chosen language, else the configured default (fa)."""
    chosen = session.get(LOCALE_SESSION_KEY) if has_request_context() else None
    if chosen in current_app.config["LANGUAGES"]:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def current_locale() -> str:
    """'fa' or 'en' for the current request ('fa' outside one)."""
    if not has_request_context():
        return current_app.config.get("BABEL_DEFAULT_LOCALE", "fa")
    return str(get_locale() or "fa")


def text_direction(locale: str) -> str:
    return "rtl" if locale in ("fa", "ar") else "ltr"
