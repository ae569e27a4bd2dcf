"""The application factory, configuration and the base page."""

from __future__ import annotations

import contextvars

import pytest

from config import ConfigError, ProductionConfig, production_problems
from marketplace import create_app
from tests.production import SafeProduction


def test_production_refuses_to_start_without_secret_key() -> None:
    class NoKey(ProductionConfig):
        SECRET_KEY = None
        SQLALCHEMY_DATABASE_URI = "postgresql+psycopg://x@localhost/x"

    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app(NoKey)


def test_production_refuses_sqlite_unless_allowed() -> None:
    class Sqlite(SafeProduction):
        SQLALCHEMY_DATABASE_URI = "sqlite:///x.db"
        ALLOW_SQLITE_IN_PRODUCTION = False

    with pytest.raises(ConfigError, match="PostgreSQL"):
        create_app(Sqlite)

    class Allowed(Sqlite):
        ALLOW_SQLITE_IN_PRODUCTION = True

    assert create_app(Allowed).config["SESSION_COOKIE_SECURE"] is True


def test_production_is_known_by_its_name_not_by_a_header_setting() -> None:
    class NoHsts(ProductionConfig):  # e.g. HSTS left to nginx: still production
        HSTS = False
        SECRET_KEY = None
        SQLALCHEMY_DATABASE_URI = "postgresql+psycopg://x@localhost/x"

    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app(NoHsts)


UNSAFE = {
    "SECRET_KEY": ("x", "k" * 31),
    "SITE_URL": ("", "http://shop.rooyesh.test", "https://"),
    "RATELIMIT_STORAGE_URI": ("memory://",),
    "ZARINPAL_MERCHANT_ID": ("", "  "),
    "ZARINPAL_API_URL": ("https://sandbox.zarinpal.com/pg/v4/payment", "",
                         "http://payment.zarinpal.com/pg/v4/payment"),
    "ZARINPAL_STARTPAY_URL": ("https://sandbox.zarinpal.com/pg/StartPay", ""),
    # No account, the development example, a wrong check digit, not Iranian, too short.
    "BANK_SHEBA": ("", "IR220000000000000000000001", "IR820540102680020817909003",
                   "DE89370400440532013000", "IR82054010268002081790900"),
    "BANK_ACCOUNT_HOLDER": ("", "  "),
}


@pytest.mark.parametrize(("name", "value"),
                         [(name, value) for name, values in UNSAFE.items() for value in values])
def test_production_refuses_each_unsafe_setting(name: str, value: str) -> None:
    unsafe = type("Unsafe", (SafeProduction,), {name: value})
    with pytest.raises(ConfigError, match=name):
        create_app(unsafe)


def test_production_names_every_problem_at_once() -> None:
    unsafe = type("Unsafe", (SafeProduction,), {name: values[0] for name, values in UNSAFE.items()})
    with pytest.raises(ConfigError) as refused:
        create_app(unsafe)
    for name in UNSAFE:
        assert name in refused.value.message
    assert refused.value.exit_code == 1  # `flask …` prints it and exits 1, no traceback


def test_a_safe_production_configuration_starts() -> None:
    app = create_app(SafeProduction)
    assert production_problems(app.config) == []
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_without_bank_transfer_no_account_is_needed() -> None:
    no_bank = type("NoBank", (SafeProduction,), {
        "BANK_TRANSFER_ENABLED": False, "BANK_SHEBA": "", "BANK_ACCOUNT_HOLDER": ""})
    assert production_problems(create_app(no_bank).config) == []


def test_unknown_config_name_is_an_error() -> None:
    with pytest.raises(ConfigError):
        create_app("staging")


def test_production_refuses_seed_demo() -> None:
    runner = create_app(SafeProduction).test_cli_runner()
    # Outside the test session's app context, or the command would run in that app.
    result = contextvars.Context().run(runner.invoke, args=["seed-demo"])
    assert result.exit_code != 0
    assert "refused" in result.output


def test_home_page_is_persian_rtl_with_vazirmatn(client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<html lang="fa" dir="rtl">' in html
    assert "bootstrap.rtl.min.css" in html
    assert "Vazirmatn-Variable.woff2" in html
    css = client.get("/static/css/site.css").get_data(as_text=True)
    assert "Vazirmatn" in css


def test_language_switch_to_english_persists(client) -> None:
    response = client.post("/language", data={"lang": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="en" dir="ltr">' in html
    assert "bootstrap.min.css" in html


def test_language_switch_ignores_foreign_redirects(client) -> None:
    response = client.post("/language", data={"lang": "en", "next": "//evil.example/"})
    assert response.headers["Location"] == "/"


def test_unknown_page_is_a_friendly_404(client) -> None:
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert 'dir="rtl"' in response.get_data(as_text=True)


def test_oversized_request_gets_a_friendly_413(app, db) -> None:
    from config import TestingConfig

    class Small(TestingConfig):
        SQLALCHEMY_DATABASE_URI = app.config["SQLALCHEMY_DATABASE_URI"]
        MAX_CONTENT_LENGTH = 1024

    client = create_app(Small).test_client()
    response = contextvars.Context().run(
        client.post, "/register", data={"full_name": "x" * 5000}
    )
    assert response.status_code == 413
    assert 'dir="rtl"' in response.get_data(as_text=True)


def test_behind_a_proxy_the_client_address_comes_from_it() -> None:
    from flask import request

    class Proxied(SafeProduction):
        TRUSTED_PROXIES = 1

    app = create_app(Proxied)
    seen = {}

    @app.get("/whoami")
    def whoami() -> str:
        seen["addr"], seen["scheme"] = request.remote_addr, request.scheme
        return ""

    contextvars.Context().run(
        app.test_client().get, "/whoami",
        headers={"X-Forwarded-For": "5.6.7.8", "X-Forwarded-Proto": "https"},
    )
    assert seen == {"addr": "5.6.7.8", "scheme": "https"}
