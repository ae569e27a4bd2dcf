"""Self-service password reset: an e-mailed, signed, timed, single-use link, rate-limited."""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest
from itsdangerous import URLSafeTimedSerializer
from itsdangerous.timed import TimestampSigner
from sqlalchemy import select

from marketplace.models import AuditLog, OutboxMessage, User
from marketplace.people import accounts
from tests import factories as f
from tests.factories import PASSWORD

NEW = "a brand new phrase"


def _request(client, email: str, **kwargs):
    return client.post("/password/reset", data={"email": email}, **kwargs)


def _mails(db) -> list[OutboxMessage]:
    db.session.expire_all()
    return db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.topic == "password_reset")
    ).all()


def _mailed_link(db) -> str:
    (message,) = _mails(db)
    return re.search(r"\S+/password/reset/\S+", message.body).group(0)


def _set(client, link: str, password: str = NEW, confirm: str | None = None):
    return client.post(link, data={"new_password": password, "confirm": confirm or password})


def _signs_in(client, email: str, password: str) -> bool:
    response = client.post("/login", data={"email": email, "password": password})
    client.post("/logout")
    return response.status_code == 302


def _is_invalid_page(response) -> bool:
    html = response.get_data(as_text=True)
    return response.status_code == 200 and 'href="/password/reset"' in html and (
        'name="new_password"' not in html)


def _token_signed_ago(user: User, seconds: int, monkeypatch: pytest.MonkeyPatch) -> str:
    """A genuine token, as if it had been e-mailed `seconds` ago."""
    with monkeypatch.context() as patch:
        patch.setattr(TimestampSigner, "get_timestamp", lambda self: int(time.time()) - seconds)
        return accounts.password_reset_token(user)


def test_sign_in_page_links_to_the_reset_form(client) -> None:
    assert 'href="/password/reset"' in client.get("/login?via=email").get_data(as_text=True)
    form = client.get("/password/reset").get_data(as_text=True)
    assert 'for="email"' in form and 'dir="rtl"' in form


def test_known_and_unknown_addresses_get_the_same_answer(client, db) -> None:
    user = f.make_user("buyer", email="sara@example.test", full_name="سارا")
    db.session.commit()
    known = _request(client, "  SARA@example.test ")
    known_page = client.get(known.headers["Location"]).get_data(as_text=True)
    unknown = _request(client, "nobody@example.test")
    unknown_page = client.get(unknown.headers["Location"]).get_data(as_text=True)

    assert known.status_code == unknown.status_code == 302
    assert known.headers["Location"] == unknown.headers["Location"] == "/login"
    assert known_page == unknown_page
    (mail,) = _mails(db)  # only the real account got one
    assert (mail.channel, mail.recipient, mail.status) == ("email", user.email, "pending")
    assert "سارا" in mail.body and "۶۰" in mail.body  # her name; 60 minutes, Persian digits
    assert re.search(r"http://localhost/password/reset/[\w.-]+", mail.body)


def test_deactivated_account_gets_no_link(client, db) -> None:
    user = f.make_user("buyer", is_active_account=False)
    db.session.commit()
    assert _request(client, user.email).status_code == 302
    assert _mails(db) == []


def test_link_sets_the_password_once_and_only_once(client, db) -> None:
    user = f.make_user("buyer")
    db.session.commit()
    _request(client, user.email)
    link = _mailed_link(db)

    page = client.get(link)
    assert 'name="new_password"' in page.get_data(as_text=True)
    assert "no-store" in page.headers["Cache-Control"]
    assert page.headers["Referrer-Policy"] == "no-referrer"
    done = _set(client, link)
    assert done.status_code == 302 and done.headers["Location"] == "/login"

    assert _signs_in(client, user.email, NEW)
    assert not _signs_in(client, user.email, PASSWORD)
    assert _is_invalid_page(client.get(link))
    again = _set(client, link, "yet another phrase")
    assert _is_invalid_page(again)
    db.session.expire_all()
    assert db.session.get(User, user.id).check_password(NEW)
    (entry,) = db.session.scalars(select(AuditLog)).all()
    assert (entry.action, entry.actor_id, entry.entity_id) == (
        "user.reset_password", user.id, user.id)


def test_link_dies_when_its_owner_signs_in_or_changes_the_password(
        client, db, login_as) -> None:
    user = f.make_user("buyer")
    db.session.commit()
    _request(client, user.email)
    first = _mailed_link(db)
    login_as(user)  # she remembered it after all
    assert _is_invalid_page(client.get(first))

    db.session.refresh(user)
    second = f"/password/reset/{accounts.password_reset_token(user)}"
    assert not _is_invalid_page(client.get(second))
    client.post("/account/password", data={
        "current_password": PASSWORD, "new_password": NEW, "confirm": NEW})
    assert _is_invalid_page(client.get(second))


def test_expired_link_is_refused(client, db, monkeypatch) -> None:
    user = f.make_user("buyer")
    db.session.commit()
    assert not _is_invalid_page(client.get(
        f"/password/reset/{_token_signed_ago(user, 59 * 60, monkeypatch)}"))
    stale = _token_signed_ago(user, 61 * 60, monkeypatch)
    assert _is_invalid_page(client.get(f"/password/reset/{stale}"))
    assert _is_invalid_page(_set(client, f"/password/reset/{stale}"))

    # The lifetime comes from the configuration.
    monkeypatch.setitem(client.application.config, "PASSWORD_RESET_MAX_AGE",
                        timedelta(minutes=5))
    recent = _token_signed_ago(user, 6 * 60, monkeypatch)
    assert _is_invalid_page(client.get(f"/password/reset/{recent}"))
    db.session.expire_all()
    assert db.session.get(User, user.id).check_password(PASSWORD)


def test_a_link_resets_only_its_own_account(client, db, app) -> None:
    alice, bob = f.make_user("buyer"), f.make_user("buyer")
    db.session.commit()
    token = accounts.password_reset_token(alice)
    # Alice's signature on a payload naming Bob.
    _, timestamp, signature = token.rsplit(".", 2)
    bobs_payload = URLSafeTimedSerializer("any key").dump_payload({"user": bob.id})
    forged = f"{bobs_payload.decode()}.{timestamp}.{signature}"
    # Signed with the right key for another purpose.
    other_salt = URLSafeTimedSerializer(app.secret_key, salt="another-purpose").dumps(
        {"user": bob.id})
    for bad in (forged, other_salt, token[:-2] + "xx", "1"):
        assert _is_invalid_page(_set(client, f"/password/reset/{bad}")), bad

    assert _set(client, f"/password/reset/{token}").status_code == 302
    db.session.expire_all()
    assert db.session.get(User, alice.id).check_password(NEW)
    assert db.session.get(User, bob.id).check_password(PASSWORD)


@pytest.mark.parametrize(
    ("password", "confirm"),
    [("12345678", "12345678"), ("short", "short"), ("x" * 129, "x" * 129),
     (NEW, NEW + "!"), ("", "")],
    ids=["common", "short", "too-long", "mismatched", "empty"],
)
def test_weak_or_mismatched_password_changes_nothing(client, db, password, confirm) -> None:
    user = f.make_user("buyer")
    db.session.commit()
    token = accounts.password_reset_token(user)
    response = _set(client, f"/password/reset/{token}", password, confirm)
    assert response.status_code == 200
    assert "is-invalid" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, user.id).check_password(PASSWORD)
    assert db.session.scalars(select(AuditLog)).all() == []
    assert not _is_invalid_page(client.get(f"/password/reset/{token}"))  # still usable


def test_reset_signs_this_browser_out_and_keeps_the_cart(client, db) -> None:
    someone, user = f.make_user("buyer"), f.make_user("buyer")
    db.session.commit()
    client.post("/login", data={"email": someone.email, "password": PASSWORD, "remember": "y"})
    with client.session_transaction() as session:
        session["cart"] = {"1": 2}
    link = f"/password/reset/{accounts.password_reset_token(user)}"
    assert _set(client, link).status_code == 302
    with client.session_transaction() as session:
        assert "_user_id" not in session and session["cart"] == {"1": 2}
    assert client.get_cookie("remember_token") is None
    assert client.get("/account/password").status_code == 302


def test_link_uses_site_url_not_the_requests_host(client, db, monkeypatch) -> None:
    user = f.make_user("buyer")
    db.session.commit()
    monkeypatch.setitem(client.application.config, "SITE_URL", "https://shop.example/")
    _request(client, user.email, base_url="http://evil.example")
    assert _mailed_link(db).startswith("https://shop.example/password/reset/")


def test_rapid_reset_requests_from_one_address_are_limited(rate_limited_app) -> None:
    client = rate_limited_app.test_client()
    statuses = [_request(client, f"a{i}@example.test").status_code for i in range(25)]
    assert statuses[:5] == [302] * 5 and 429 in statuses


def test_rapid_reset_requests_for_one_account_are_limited(rate_limited_app, db) -> None:
    user = f.make_user("buyer")
    db.session.commit()
    client = rate_limited_app.test_client()
    statuses = [
        _request(client, user.email, environ_base={"REMOTE_ADDR": f"10.0.0.{i}"}).status_code
        for i in range(25)
    ]
    assert statuses[:5] == [302] * 5 and 429 in statuses
    assert len(_mails(db)) == 5  # her mailbox is not flooded either


def test_rapid_new_password_attempts_from_one_address_are_limited(rate_limited_app, db) -> None:
    user = f.make_user("buyer")
    db.session.commit()
    client = rate_limited_app.test_client()
    link = f"/password/reset/{accounts.password_reset_token(user)}"
    statuses = [_set(client, link, "weak", "weak").status_code for _ in range(25)]
    assert statuses[:5] == [200] * 5 and 429 in statuses


def test_rapid_new_password_attempts_for_one_account_are_limited(rate_limited_app, db) -> None:
    user = f.make_user("buyer")
    db.session.commit()
    client = rate_limited_app.test_client()
    link = f"/password/reset/{accounts.password_reset_token(user)}"
    statuses = [
        client.post(link, data={"new_password": "weak", "confirm": "weak"},
                    environ_base={"REMOTE_ADDR": f"10.0.1.{i}"}).status_code
        for i in range(25)
    ]
    assert statuses[:5] == [200] * 5 and 429 in statuses
