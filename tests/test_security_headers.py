"""Security headers on every response, for every route in the URL map."""

from __future__ import annotations

import re

import pytest

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

    from config import ProductionConfig
    from marketplace import create_app

    class Prod(ProductionConfig):
        SECRET_KEY = "k" * 32
        SQLALCHEMY_DATABASE_URI = "sqlite://"
        ALLOW_SQLITE_IN_PRODUCTION = True

    client = create_app(Prod).test_client()
    response = contextvars.Context().run(client.get, "/static/css/site.css")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
