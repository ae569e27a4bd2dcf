"""Locale choice: Persian by default, English on request, remembered in a cookie of its
own (a session set before it still counts)."""

from __future__ import annotations

from flask import current_app, has_request_context, request, session
from flask_babel import get_locale

LOCALE_SESSION_KEY = "lang"
LOCALE_COOKIE = "lang"
LOCALE_COOKIE_AGE = 365 * 24 * 3600


def select_locale() -> str:
    """The visitor's chosen language, else the configured default (fa)."""
    if has_request_context():
        languages = current_app.config["LANGUAGES"]
        for chosen in (request.cookies.get(LOCALE_COOKIE), session.get(LOCALE_SESSION_KEY)):
            if chosen in languages:
                return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def current_locale() -> str:
    """'fa' or 'en' for the current request ('fa' outside one)."""
    if not has_request_context():
        return current_app.config.get("BABEL_DEFAULT_LOCALE", "fa")
    return str(get_locale() or "fa")


def text_direction(locale: str) -> str:
    return "rtl" if locale in ("fa", "ar") else "ltr"
