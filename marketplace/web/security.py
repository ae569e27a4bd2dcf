"""Response headers and session rules that apply to every request."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import Flask, abort, current_app, flash, redirect, request, session, url_for
from flask.sessions import SecureCookieSessionInterface
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from marketplace.extensions import csrf
from marketplace.web import auth_support

LAST_SEEN_KEY = "last_seen"
IDLE_LIMITED_ROLES = ("staff", "admin")
View = TypeVar("View", bound=Callable[..., Any])


def content_security_policy(config: dict, media_origin: str = "") -> str:
    """No inline script or style anywhere; forms may also post on to the payment gateway;
    photos may come from the photo store's own host (a bucket or a CDN)."""
    gateway = urlsplit(config.get("ZARINPAL_STARTPAY_URL") or "")
    form_targets = "'self'" + (f" {gateway.scheme}://{gateway.netloc}" if gateway.netloc else "")
    return "; ".join(
        (
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:" + (f" {media_origin}" if media_origin else ""),
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            f"form-action {form_targets}",
        )
    )


def security_headers(config: dict, media_origin: str = "") -> tuple[tuple[str, str], ...]:
    headers = [
        ("Content-Security-Policy", content_security_policy(config, media_origin)),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ("X-Frame-Options", "DENY"),
        ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
    ]
    if config.get("HSTS"):
        headers.append(("Strict-Transport-Security", "max-age=31536000; includeSubDomains"))
    return tuple(headers)


def set_security_headers(response: Response) -> Response:
    """Adds each header the view has not set itself. Built once per app and added in one
    pass: a cached page costs little more than this, and a setdefault per header scans
    the whole header list each time. (Cache-Control: web/httpcache.py.)"""
    present = {name.lower() for name, _ in response.headers}
    for name, value in current_app.extensions["security_headers"]:
        if name.lower() not in present:
            response.headers.add(name, value)
    return response


def same_site_request() -> bool:
    """Whether a POST comes from one of our own pages: its Origin (every current browser
    sends it with a form POST), else its Referer, names this host. A cross-site form
    carries the other site's origin (or "null"), so it fails."""
    source = request.headers.get("Origin") or request.headers.get("Referer")
    if not source:
        return False
    parts = urlsplit(source)
    return f"{parts.scheme}://{parts.netloc}" == request.host_url.rstrip("/")


def same_site_only(view: View) -> View:
    """For the anonymous POSTs of pages a shared cache keeps (add to cart, the language
    switch): they carry no per-visitor CSRF token, so Flask-WTF's check is exempted for
    them (`csrf.exempt`) and replaced by this one, on top of the SameSite=Lax cookies that
    a cross-site POST does not carry. Off with the rest of CSRF (WTF_CSRF_ENABLED)."""

    @wraps(view)
    def checked(*args: Any, **kwargs: Any) -> Any:
        if current_app.config.get("WTF_CSRF_ENABLED", True) and not same_site_request():
            abort(400)
        return view(*args, **kwargs)

    return csrf.exempt(checked)  # type: ignore[return-value]


def expire_idle_staff() -> Response | None:
    """Staff and admin sessions end after STAFF_IDLE_TIMEOUT without a request."""
    if not current_user.is_authenticated or current_user.role not in IDLE_LIMITED_ROLES:
        return None
    now = datetime.now(UTC).timestamp()
    last_seen = session.get(LAST_SEEN_KEY)
    limit = current_app.config["STAFF_IDLE_TIMEOUT"].total_seconds()
    if last_seen is not None and now - float(last_seen) > limit:
        auth_support.close_session()
        flash(_("You were signed out after a period of inactivity."), "info")
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    session[LAST_SEEN_KEY] = now
    return None


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions with the signing serializer built once per key set,
    not twice per request: building it was a tenth of a cached page's time."""

    _cached: tuple[tuple[Any, ...], Any] | None = None

    def get_signing_serializer(self, app: Flask) -> Any:
        keys = (app.secret_key, *(app.config["SECRET_KEY_FALLBACKS"] or ()))
        cached = self._cached
        if cached is None or cached[0] != keys:
            cached = self._cached = (keys, super().get_signing_serializer(app))
        return cached[1]


def init_app(app: Flask) -> None:
    app.session_interface = SessionInterface()
    app.extensions["security_headers"] = security_headers(
        app.config, app.extensions["photo_storage"].public_origin()
    )
    app.after_request(set_security_headers)
    # After the NUL guard (registered earlier): the user agent is stored.
    app.before_request(auth_support.track_session)
    app.before_request(expire_idle_staff)
