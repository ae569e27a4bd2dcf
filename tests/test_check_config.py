"""`flask --app wsgi check-config`: every unsafe setting and every account with the demo
password, printed at once, exit 1."""

from __future__ import annotations

import contextvars

import pytest
from flask import Flask
from werkzeug.security import generate_password_hash

from marketplace.extensions import db as _db
from marketplace.models import Role
from marketplace.ops.commands import DEMO_PASSWORD
from tests.factories import make_user
from tests.production import SafeProduction

SAFE = {name: getattr(SafeProduction, name) for name in (
    "SECRET_KEY", "SITE_URL", "RATELIMIT_STORAGE_URI", "JOB_QUEUE_URL", "ZARINPAL_MERCHANT_ID",
    "ZARINPAL_API_URL", "ZARINPAL_STARTPAY_URL", "ALLOW_SQLITE_IN_PRODUCTION", "BANK_SHEBA",
    "BANK_ACCOUNT_HOLDER", "SMS_PROVIDER", "KAVENEGAR_API_KEY", "KAVENEGAR_SENDER")}


def _check_config(app: Flask) -> tuple[int, str]:
    _db.session.commit()
    runner = app.test_cli_runner()
    # Outside the test session's app context, or the command would run in that app.
    result = contextvars.Context().run(runner.invoke, args=["check-config"])
    return result.exit_code, result.output


@pytest.fixture
def safe_settings(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in SAFE.items():
        monkeypatch.setitem(app.config, name, value)


def test_the_demo_password_is_the_one_demo_seeds() -> None:
    from demo.seed import DEMO_PASSWORD as SEEDED

    assert DEMO_PASSWORD == SEEDED


def test_safe_settings_and_no_demo_password_pass(app: Flask, db: object,
                                                 safe_settings: None) -> None:
    make_user(Role.ADMIN)
    code, output = _check_config(app)
    assert code == 0, output
    assert "FAIL" not in output


def test_accounts_with_the_demo_password_are_refused(app: Flask, db: object,
                                                     safe_settings: None) -> None:
    demo_hash = generate_password_hash(DEMO_PASSWORD)
    admin = make_user(Role.ADMIN, password_hash=demo_hash)
    # Salted differently but the same password: found by its hash, not by a shared one.
    driver = make_user(Role.DRIVER, password_hash=generate_password_hash(DEMO_PASSWORD))
    make_user(Role.BUYER, password_hash=demo_hash, is_active_account=False)
    honest = make_user(Role.STAFF)
    code, output = _check_config(app)
    assert code == 1
    assert admin.email in output and driver.email in output
    assert output.count("demo password") == 2
    assert honest.email not in output


def test_every_unsafe_setting_is_printed_at_once(app: Flask, db: object,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    make_user(Role.ADMIN, password_hash=generate_password_hash(DEMO_PASSWORD))
    for name, value in {"SECRET_KEY": "x", "SITE_URL": "", "RATELIMIT_STORAGE_URI": "memory://",
                        "JOB_QUEUE_URL": "memory://", "ZARINPAL_MERCHANT_ID": "",
                        "ZARINPAL_API_URL": "https://sandbox.zarinpal.com/pg/v4/payment",
                        "ZARINPAL_STARTPAY_URL": "https://sandbox.zarinpal.com/pg/StartPay",
                        }.items():
        monkeypatch.setitem(app.config, name, value)
    code, output = _check_config(app)
    assert code == 1
    for name in ("SECRET_KEY", "SITE_URL", "RATELIMIT_STORAGE_URI", "JOB_QUEUE_URL",
                 "ZARINPAL_MERCHANT_ID", "ZARINPAL_API_URL", "ZARINPAL_STARTPAY_URL",
                 "demo password"):
        assert name in output, name


@pytest.mark.parametrize("sheba", ["", "IR220000000000000000000001", "IR820540102680020817909003"])
def test_bank_transfer_needs_a_real_account(app: Flask, db: object, safe_settings: None,
                                            monkeypatch: pytest.MonkeyPatch, sheba: str) -> None:
    monkeypatch.setitem(app.config, "BANK_SHEBA", sheba)
    code, output = _check_config(app)
    assert code == 1 and "BANK_SHEBA" in output
    monkeypatch.setitem(app.config, "BANK_TRANSFER_ENABLED", False)  # no transfer offered
    code, output = _check_config(app)
    assert code == 0, output
