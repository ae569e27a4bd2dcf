"""Security headers on every response, for every route in the URL map."""

from __future__ import annotations

import re

import pytest

from marketplace.web.httpcache import PUBLIC_ENDPOINTS
from tests.factories import sign_in
from tests.test_fuzz_routes import world as fuzz_world
from tests.urlmap import concrete_url, rules


@pytest.mark.parametrize(("rule", "endpoint"), rules("GET"))
def test_headers_on_every_route(client, rule: str, endpoint: str) -> None:
    response = client.get(concrete_url(rule))  # a 404 for a missing object is fine
    csp = response.headers.get("Content-Security-Policy", "")
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp
    for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
        assert directive in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"]
    assert "Strict-Transport-Security" not in response.headers  # only in production


def test_no_inline_scripts_or_styles_on_the_home_page(client) -> None:
    html = client.get("/").get_data(as_text=True)
    assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)", html)
    assert " style=" not in html


def test_staff_session_expires_when_idle(app, client, login_as) -> None:
    from datetime import timedelta

    from tests import factories as f

    staff = f.make_user("staff")
    login_as(staff)
    assert client.get("/admin/").status_code == 200
    with client.session_transaction() as session:
        session["last_seen"] = session["last_seen"] - timedelta(hours=5).total_seconds()
    response = client.get("/admin/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_production_adds_hsts() -> None:
    import contextvars

    from marketplace import create_app
    from tests.production import SafeProduction

    client = create_app(SafeProduction).test_client()
    response = contextvars.Context().run(client.get, "/static/css/site.css")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def _signed_in_as(app, users: dict, rule: str) -> object:
    client = app.test_client()
    role = "driver" if rule.startswith("/producers") else (
        "admin" if rule.startswith("/admin") else "buyer")
    sign_in(client, users[role])  # the admin with her code
    return client


@pytest.mark.parametrize(("rule", "endpoint"), rules("GET"))
def test_only_the_storefront_may_be_cached(app, db, rule: str, endpoint: str) -> None:
    """Finding 10: every page but the anonymous storefront says no-store (orders, invoices,
    the back office, the account, the cart, checkout, sign-in with its CSRF token)."""
    users, ids = fuzz_world()
    url = concrete_url(rule, ids)
    signed_in = _signed_in_as(app, users, rule).get(url)
    said = signed_in.headers.get("Cache-Control", "")
    assert "no-store" in said and "public" not in said, (url, signed_in.status_code)
    assert "xkey" not in signed_in.headers
    anonymous = app.test_client().get(url)
    said = anonymous.headers.get("Cache-Control", "")
    if anonymous.status_code == 200:  # a storefront 404 is nobody's to keep either
        assert ("no-store" in said) == (endpoint not in PUBLIC_ENDPOINTS), (url, said)
    if "public" in said:  # only the storefront, and only as anyone sees it
        assert endpoint in PUBLIC_ENDPOINTS and "Set-Cookie" not in anonymous.headers, url
