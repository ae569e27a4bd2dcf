"""Response headers and session rules that apply to every request."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlsplit

from flask import Flask, current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user
from werkzeug.wrappers import Response

LAST_SEEN_KEY = "last_seen"
IDLE_LIMITED_ROLES = ("staff", "admin")


def content_security_policy(config: dict) -> str:
    """No inline script or style anywhere; forms may also post on to the payment gateway."""
    gateway = urlsplit(config.get("ZARINPAL_STARTPAY_URL") or "")
    form_targets = "'self'" + (f" {gateway.scheme}://{gateway.netloc}" if gateway.netloc else "")
    return "; ".join(
        (
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            f"form-action {form_targets}",
        )
    )


def set_security_headers(response: Response) -> Response:
    config = current_app.config
    headers = response.headers
    headers.setdefault("Content-Security-Policy", content_security_policy(config))
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if config.get("HSTS"):
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response


def expire_idle_staff() -> Response | None:
    """Staff and admin sessions end after STAFF_IDLE_TIMEOUT without a request."""
    if not current_user.is_authenticated or current_user.role not in IDLE_LIMITED_ROLES:
        return None
    now = datetime.now(UTC).timestamp()
    last_seen = session.get(LAST_SEEN_KEY)
    limit = current_app.config["STAFF_IDLE_TIMEOUT"].total_seconds()
    if last_seen is not None and now - float(last_seen) > limit:
        logout_user()
        session.clear()
        flash(_("You were signed out after a period of inactivity."), "info")
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    session[LAST_SEEN_KEY] = now
    return None


def init_app(app: Flask) -> None:
    app.after_request(set_security_headers)
    app.before_request(expire_idle_staff)
