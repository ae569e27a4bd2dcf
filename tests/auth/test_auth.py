"""Sign-in, sign-out, registration, passwords and their limits."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from config import TestingConfig
from marketplace import create_app
from marketplace.models import OutboxMessage, User
from marketplace.people import accounts
from tests import factories as f
from tests.factories import PASSWORD
from tests.urlmap import concrete_url


def test_login_page_renders_with_labels(client) -> None:
    html = client.get("/login?via=email").get_data(as_text=True)
    assert 'for="email"' in html and 'for="password"' in html
    assert 'for="phone"' in client.get("/login").get_data(as_text=True)  # the phone first


def test_sign_in_and_out(client, db) -> None:
    user = f.make_user("buyer")
    db.session.commit()
    response = client.post("/login", data={"email": user.email.upper(), "password": PASSWORD})
    assert response.status_code == 302
    assert "Set-Cookie" in response.headers
    assert client.post("/logout").status_code == 302
    assert client.get("/account/password").status_code == 302  # signed out


def test_sign_out_also_ends_keep_me_signed_in(client, db) -> None:
    user = f.make_user("buyer")
    db.session.commit()
    client.post("/login", data={"email": user.email, "password": PASSWORD, "remember": "y"})
    assert client.get_cookie("remember_token") is not None
    client.post("/logout")
    assert client.get_cookie("remember_token") is None
    assert client.get("/account/password").status_code == 302


def test_wrong_password_is_refused_without_saying_which(client, db) -> None:
    user = f.make_user("buyer")
    db.session.commit()
    response = client.post("/login", data={"email": user.email, "password": "nope-nope"})
    assert response.status_code == 200
    assert "is-invalid" in response.get_data(as_text=True)


def test_deactivated_user_cannot_sign_in(client, db) -> None:
    user = f.make_user("buyer", is_active_account=False)
    db.session.commit()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("role", "home"), [("admin", "/admin/"), ("staff", "/admin/"), ("driver", "/producers/"),
                       ("buyer", "/")],
)
def test_sign_in_lands_on_the_roles_home(client, db, role, home) -> None:
    user = f.make_user(role)
    db.session.commit()
    response = f.sign_in(client, user)  # staff and admin by way of their code
    assert response.headers["Location"] == home


def test_next_parameter_only_to_this_site(client, db) -> None:
    user = f.make_user("buyer")
    db.session.commit()
    data = {"email": user.email, "password": PASSWORD}
    assert client.post("/login?next=//evil.example/x", data=data).headers["Location"] == "/"


def test_sign_in_starts_a_new_session_keeping_the_cart(client, db) -> None:
    user = f.make_user("buyer")
    db.session.commit()
    with client.session_transaction() as session:
        session["cart"] = {"1": 2}
        session["planted"] = "attacker"
    client.post("/login", data={"email": user.email, "password": PASSWORD})
    with client.session_transaction() as session:
        assert session["cart"] == {"1": 2} and "planted" not in session


def test_register_a_buyer(client, db) -> None:
    response = client.post("/register", data={
        "full_name": "سارا  احمدي", "email": "Sara@Example.com", "phone": "۰۹۱۲۱۲۳۴۵۶۷",
        "password": "a long enough phrase", "confirm": "a long enough phrase",
    })
    assert response.status_code == 302
    user = db.session.query(User).filter_by(email="sara@example.com").one()
    assert user.role == "buyer" and user.phone == "09121234567"
    assert user.full_name == "سارا احمدی"  # normalised: Arabic yeh, double space
    assert user.password_hash.startswith("scrypt:")


@pytest.mark.parametrize(
    ("password", "ok"),
    [("short", False), ("12345678", False), ("password", False), ("x" * 129, False),
     ("x" * 128, True), ("همه‌چیز خوب است", True)],
)
def test_password_policy(password, ok) -> None:
    assert (accounts.password_problem(password) is None) is ok


def test_register_refuses_a_weak_password(client, db) -> None:
    weak = client.post("/register", data={"full_name": "x", "phone": "", "email": "n@example.com",
                                          "password": "12345678", "confirm": "12345678"})
    assert weak.status_code == 200
    assert db.session.query(User).count() == 0


def _outbox(db) -> list[OutboxMessage]:
    db.session.expire_all()
    return db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()


def test_register_answers_the_same_for_a_taken_email(app, db) -> None:
    """Finding 6: the page cannot tell whether an address has an account; its owner is
    told by e-mail instead, and no second account is made."""
    existing = f.make_user("buyer", email="sara@example.com")  # .test fails the syntax check
    db.session.commit()
    base = {"full_name": "x", "phone": "", "password": "a long enough phrase",
            "confirm": "a long enough phrase"}
    taken = app.test_client().post("/register", data={**base, "email": existing.email.upper()})
    fresh = app.test_client().post("/register", data={**base, "email": "new@example.com"})
    assert taken.status_code == fresh.status_code == 302
    assert taken.headers["Location"] == fresh.headers["Location"]
    assert [c.split("=")[0] for c in taken.headers.getlist("Set-Cookie")] == [
        c.split("=")[0] for c in fresh.headers.getlist("Set-Cookie")]
    assert db.session.query(User).count() == 2
    mail = _outbox(db)
    assert [m.recipient for m in mail] == [existing.email, "new@example.com"]
    assert mail[0].body != mail[1].body


def test_sign_in_checks_a_hash_even_for_an_unknown_account(client, db, monkeypatch) -> None:
    """Finding 6: an unknown or deactivated e-mail costs the same password hash as a real
    one, so the time taken does not say which addresses have accounts."""
    checked: list[str] = []
    real = accounts.check_password_hash

    def spy(pwhash: str, password: str) -> bool:
        checked.append(pwhash)
        return real(pwhash, password)

    monkeypatch.setattr(accounts, "check_password_hash", spy)
    inactive = f.make_user("buyer", is_active_account=False)
    db.session.commit()
    for email in ("nobody@example.com", inactive.email):
        assert client.post("/login", data={"email": email, "password": PASSWORD}).status_code == 200
    assert len(checked) == 2 and checked[1] == inactive.password_hash
    assert checked[0].startswith(accounts.CURRENT_HASH_PREFIX)  # the dummy, at full cost


def test_weaker_hash_is_upgraded_at_sign_in(client, db) -> None:
    user = f.make_user("buyer", password_hash=generate_password_hash(PASSWORD, "pbkdf2:sha256"))
    db.session.commit()
    client.post("/login", data={"email": user.email, "password": PASSWORD})
    db.session.expire_all()
    assert db.session.get(User, user.id).password_hash.startswith("scrypt:")


def test_password_change(client, db, login_as) -> None:
    user = login_as(f.make_user("buyer"))
    bad = client.post("/account/password", data={
        "current_password": "wrong", "new_password": "new long phrase",
        "confirm": "new long phrase"})
    assert bad.status_code == 200
    good = client.post("/account/password", data={
        "current_password": PASSWORD, "new_password": "new long phrase",
        "confirm": "new long phrase"})
    assert good.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).check_password("new long phrase")


NEW = {"current_password": PASSWORD, "new_password": "new long phrase",
       "confirm": "new long phrase"}


def _signed_in(app, user, **extra):
    browser = app.test_client()
    f.sign_in(browser, user, **extra)
    assert browser.get("/account/password").status_code == 200
    return browser


def test_a_new_password_signs_out_every_other_browser(app, client, db, login_as) -> None:
    user = login_as(f.make_user("buyer"))
    laptop = _signed_in(app, user)
    phone = _signed_in(app, user, remember="y")
    phone.delete_cookie("session")  # the browser restarted: only keep-me-signed-in is left
    assert phone.get("/account/password").status_code == 200
    assert client.post("/account/password", data=NEW).status_code == 302
    assert client.get("/account/password").status_code == 200  # this browser stays in
    assert laptop.get("/account/password").status_code == 302
    assert phone.get("/account/password").status_code == 302


def test_an_admin_reset_signs_the_user_out(app, db) -> None:
    from marketplace.programme import people

    user = f.make_user("driver")
    admin = f.make_user("admin")
    db.session.commit()
    browser = _signed_in(app, user)
    people.reset_password(user, actor=admin)
    db.session.commit()
    assert browser.get("/account/password").status_code == 302


def test_a_session_key_of_no_live_session_is_not_signed_in(client, db) -> None:
    user = f.make_user("buyer")
    db.session.commit()
    for stale in (str(user.id), f"{user.id}-", f"{user.id}-0000", "x" * 43):
        with client.session_transaction() as session:
            session["_user_id"] = stale
        assert client.get("/account/password").status_code == 302


def test_rapid_sign_in_attempts_are_rate_limited(rate_limited_app) -> None:
    client = rate_limited_app.test_client()
    statuses = [
        client.post("/login", data={"email": f"a{i}@example.test", "password": "wrong-pass"})
        .status_code
        for i in range(25)
    ]
    assert 429 in statuses and statuses[:5] == [200] * 5


def test_csrf_token_required_when_enabled(app, db) -> None:
    class Csrf(TestingConfig):
        SQLALCHEMY_DATABASE_URI = app.config["SQLALCHEMY_DATABASE_URI"]
        WTF_CSRF_ENABLED = True

    protected = create_app(Csrf)
    client = protected.test_client()
    for rule in protected.url_map.iter_rules():
        unsafe = rule.methods - {"GET", "HEAD", "OPTIONS"}
        if not unsafe or rule.endpoint == "static":
            continue
        path = concrete_url(rule.rule)
        for method in unsafe:
            response = client.open(path, method=method, data={})
            assert response.status_code == 400, (rule.rule, method)
