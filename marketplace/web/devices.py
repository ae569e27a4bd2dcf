"""The known-device cookie (OWASP's "device cookie"): a browser that signed in to an
account before carries a signed note saying so, and its sign-in tries for that account
are counted on their own, so a stranger guessing the password slows down only strangers.

The cookie holds a random device id and, for up to MAX_ACCOUNTS accounts, a keyed digest
of the e-mail (never the address itself); it is signed, so it cannot be forged or edited.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from flask import after_this_request, current_app, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.wrappers import Response

from marketplace.people import accounts

COOKIE = "rooyesh_device"
SALT = "known-device"
MAX_AGE_DAYS = 365
MAX_ACCOUNTS = 5


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=SALT)


def _digest(email: str) -> str:
    key = str(current_app.secret_key).encode()
    return hmac.new(key, accounts.normalize_email(email).encode(),
                    hashlib.sha256).hexdigest()[:20]


def _read() -> dict | None:
    raw = request.cookies.get(COOKIE)
    if not raw:
        return None
    try:
        data = _serializer().loads(raw, max_age=MAX_AGE_DAYS * 86400)
    except BadSignature:
        return None
    ok = isinstance(data, dict) and isinstance(data.get("n"), str) and isinstance(
        data.get("a"), list)
    return data if ok else None


def throttle_key(email: str) -> str:
    """The key sign-in tries for `email` are counted under from this browser: its own
    when it signed in to that account before, else the account's (shared by strangers)."""
    data = _read()
    digest = _digest(email)
    if data and digest in data["a"]:
        return f"device:{data['n']}:{digest}"
    return "account:" + accounts.normalize_email(email)


def remember(email: str) -> None:
    """After a sign-in, note on this response that the browser knows `email`'s account."""
    data = _read() or {"n": secrets.token_urlsafe(16), "a": []}
    digest = _digest(email)
    known = [*[d for d in data["a"] if d != digest][-(MAX_ACCOUNTS - 1):], digest]
    value = _serializer().dumps({"n": data["n"], "a": known})
    config = current_app.config

    @after_this_request
    def set_cookie(response: Response) -> Response:
        response.set_cookie(
            COOKIE, value, max_age=MAX_AGE_DAYS * 86400, httponly=True,
            secure=bool(config.get("SESSION_COOKIE_SECURE")), samesite="Lax",
        )
        return response


# A user agent as its owner would name the device, most specific token first.
_BROWSERS = (("Edg/", _l("Edge")), ("OPR/", _l("Opera")), ("Firefox/", _l("Firefox")),
             ("Chrome/", _l("Chrome")), ("Chromium/", _l("Chrome")),
             ("Safari/", _l("Safari")))
_SYSTEMS = (("Android", _l("Android")), ("iPhone", _l("iPhone")), ("iPad", _l("iPad")),
            ("Windows", _l("Windows")), ("Mac OS X", _l("Mac")), ("Linux", _l("Linux")))


def describe(user_agent: str) -> str:
    """"Chrome on Android", in the page's language; «—» parts that cannot be told."""
    browser = next((name for token, name in _BROWSERS if token in user_agent), None)
    system = next((name for token, name in _SYSTEMS if token in user_agent), None)
    if browser and system:
        return _("%(browser)s on %(system)s", browser=browser, system=system)
    return str(browser or system or _("Unknown device"))
