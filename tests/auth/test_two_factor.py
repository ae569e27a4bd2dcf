"""Finding 5: staff and admin need a second factor (TOTP, or a one-time recovery code)."""

from __future__ import annotations

import re

import pyotp
import pytest
from sqlalchemy import select

from marketplace.auth.two_factor import ENROLLING_KEY
from marketplace.models import AuditLog, RecoveryCode, User
from marketplace.people import sessions, two_factor
from tests import factories as f
from tests.factories import PASSWORD
from tests.visible_text import english_page_leaks, persian_page_leaks


def _password_step(client, user) -> None:
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/login/code"


@pytest.mark.parametrize("role", ["staff", "admin"])
def test_a_password_alone_does_not_open_the_back_office(client, db, role) -> None:
    user = f.make_user(role)
    db.session.commit()
    _password_step(client, user)
    assert client.get("/admin/").status_code == 302  # not signed in yet
    wrong = client.post("/login/code", data={"code": "000000"})
    assert wrong.status_code == 200 and "is-invalid" in wrong.get_data(as_text=True)
    right = client.post("/login/code", data={"code": f.totp_code()})
    assert right.headers["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_persian_digits_are_accepted_and_a_code_works_only_once(app, client, db) -> None:
    user = f.make_user("admin")
    db.session.commit()
    code = f.totp_code()
    _password_step(client, user)
    persian = code.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert client.post("/login/code", data={"code": persian}).status_code == 302
    other = app.test_client()
    _password_step(other, user)
    assert other.post("/login/code", data={"code": code}).status_code == 200  # replayed


def test_drivers_and_buyers_sign_in_with_a_password(client, db) -> None:
    for role in ("driver", "buyer"):
        user = f.make_user(role)
        db.session.commit()
        response = client.post("/login", data={"email": user.email, "password": PASSWORD})
        assert response.headers["Location"] != "/login/code"
        assert client.get("/account/two-step").status_code == 404
        client.post("/logout")


def test_the_code_step_expires_and_needs_the_password_first(client, db) -> None:
    assert client.get("/login/code").headers["Location"].startswith("/login")
    user = f.make_user("staff")
    db.session.commit()
    _password_step(client, user)
    with client.session_transaction() as session:
        session["pending_2fa"]["at"] -= 301
        session.modified = True
    response = client.post("/login/code", data={"code": f.totp_code()})
    assert response.status_code == 302 and response.headers["Location"] == "/login"


def test_wrong_codes_slow_down(client, db) -> None:
    user = f.make_user("staff")
    db.session.commit()
    _password_step(client, user)
    statuses = [client.post("/login/code", data={"code": "123456"}).status_code
                for _ in range(6)]
    assert statuses == [200] * 5 + [429]


def _enrol(client, user) -> list[str]:
    """Sign in without a second factor, and turn it on from the setup page."""
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/account/two-step"
    assert client.get("/admin/").headers["Location"] == "/account/two-step"
    page = client.get("/account/two-step")
    html = page.get_data(as_text=True)
    assert "<svg" in html and "no-store" in page.headers["Cache-Control"]
    with client.session_transaction() as session:
        secret = session[ENROLLING_KEY]
    assert " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)) in html  # by hand
    assert client.post("/account/two-step", data={"code": "000000"}).status_code == 200
    done = client.post("/account/two-step", data={"code": pyotp.TOTP(secret).now()})
    codes = re.findall(r"<code>([a-z0-9-]{19})</code>", done.get_data(as_text=True))
    assert len(codes) == 10
    return codes


def test_enrolment_then_a_recovery_code_works_once(app, client, db) -> None:
    user = f.make_user("staff", totp_enabled_at=None)
    db.session.commit()
    elsewhere = app.test_client()
    elsewhere.post("/login", data={"email": user.email, "password": PASSWORD})
    codes = _enrol(client, user)
    assert client.get("/admin/").status_code == 200
    # The session that began on the password alone has ended.
    assert elsewhere.get("/account/sessions").status_code == 302
    stored = db.session.scalars(select(RecoveryCode.code_hash)).all()
    assert len(stored) == 10 and not set(stored) & {c.replace("-", "") for c in codes}
    first = app.test_client()
    _password_step(first, user)
    assert first.post("/login/code", data={"code": codes[0].upper()}).status_code == 302
    assert first.get("/admin/").status_code == 200
    again = app.test_client()
    _password_step(again, user)
    assert again.post("/login/code", data={"code": codes[0]}).status_code == 200
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "user.recovery_code"))


def test_the_admin_resets_a_users_second_factor(app, client, db, login_as) -> None:
    staff = f.make_user("staff")
    db.session.commit()
    browser = app.test_client()
    f.sign_in(browser, staff)
    login_as(f.make_user("admin"))
    assert client.post(f"/admin/users/{staff.id}/two-step").status_code == 302
    db.session.expire_all()
    staff = db.session.get(User, staff.id)
    assert staff.totp_secret is None and not staff.has_second_factor
    assert sessions.active(staff) == []
    assert browser.get("/admin/").status_code == 302
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "user.reset_2fa"))
    assert entry.entity_id == staff.id
    assert two_factor.unused_codes(staff) == 0


def test_staff_cannot_reset_anyones_second_factor(client, db, login_as) -> None:
    login_as(f.make_user("staff"))
    other = f.make_user("staff")
    db.session.commit()
    assert client.post(f"/admin/users/{other.id}/two-step").status_code == 404


def test_the_code_page_is_all_in_one_language(client, db) -> None:
    """The walk cannot reach this page (it needs a password first): read it here."""
    user = f.make_user("staff")
    db.session.commit()
    _password_step(client, user)
    fa = client.get("/login/code").get_data(as_text=True)
    assert persian_page_leaks(fa) == []
    client.post("/login/code", data={"code": "123"})
    assert persian_page_leaks(client.post("/login/code", data={"code": "1"}).get_data(
        as_text=True)) == []
    with client.session_transaction() as session:
        session["lang"] = "en"
    assert english_page_leaks(client.get("/login/code").get_data(as_text=True), set()) == []
