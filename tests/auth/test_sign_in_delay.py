"""Finding 5: wrong passwords slow an account's sign-in down; they never lock its owner out,
and a device she signed in with before is not slowed down at all."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from marketplace.models import SignInDelay
from marketplace.models.base import utcnow
from marketplace.people import throttle
from tests import factories as f
from tests.factories import PASSWORD


def _from(app, address: str):
    browser = app.test_client()
    browser.environ_base["REMOTE_ADDR"] = address
    return browser


def _guess(app, email: str, tries: int) -> list[int]:
    """Wrong passwords for `email`, each from its own address (no per-address limit)."""
    return [_from(app, f"10.9.0.{i}").post("/login", data={
        "email": email, "password": f"guess-{i}-wrong"}).status_code for i in range(tries)]


def test_delays_double_after_the_free_tries() -> None:
    assert [throttle.delay_for(n) for n in range(4, 9)] == [0, 1, 2, 4, 8]
    assert throttle.delay_for(100) == 2 ** throttle.MAX_DOUBLINGS


def test_nine_guesses_then_the_owner_on_her_known_device_signs_in(rate_limited_app, db):
    owner = f.make_user("buyer")
    db.session.commit()
    phone = _from(rate_limited_app, "10.0.0.7")
    assert phone.post("/login", data={"email": owner.email, "password": PASSWORD}
                      ).status_code == 302  # she signed in from her phone before
    phone.post("/logout")
    # The first five are refused; later ones wait (429) for as long as the delay says.
    statuses = _guess(rate_limited_app, owner.email, 9)
    assert statuses[:5] == [200] * 5 and set(statuses) <= {200, 429}
    assert phone.post("/login", data={"email": owner.email, "password": PASSWORD}
                      ).status_code == 302
    assert phone.get("/account/password").status_code == 200


def test_a_new_device_is_asked_to_wait_with_a_persian_message(rate_limited_app, db):
    owner = f.make_user("buyer")
    db.session.commit()
    _guess(rate_limited_app, owner.email, 9)
    laptop = _from(rate_limited_app, "10.0.0.8")
    response = laptop.post("/login", data={"email": owner.email, "password": PASSWORD})
    assert response.status_code == 429
    # Retry-After: at least the delay (Flask-Limiter may raise it to its own window's end).
    assert int(response.headers["Retry-After"]) >= throttle.wait_seconds(
        "account:" + owner.email) > 0
    assert "ثانیه صبر کنید" in response.get_data(as_text=True)
    assert laptop.get("/account/password").status_code == 302  # not signed in
    # Waiting out the delay is all it takes: then the right password works.
    db.session.execute(update(SignInDelay).values(last_failure_at=utcnow() - timedelta(
        seconds=throttle.delay_for(9) + 1)))
    db.session.commit()
    assert laptop.post("/login", data={"email": owner.email, "password": PASSWORD}
                       ).status_code == 302


def test_tries_while_waiting_are_not_counted(app, db) -> None:
    key = "account:someone@example.test"
    with app.test_request_context():
        for _ in range(throttle.FREE_FAILURES + 1):
            throttle.failed(key)
        assert throttle.wait_seconds(key) > 0
        before = throttle.failures(key)
        client = app.test_client()
        client.post("/login", data={"email": "someone@example.test", "password": "x" * 9})
        assert throttle.failures(key) == before


@pytest.mark.parametrize("known", [True, False])
def test_an_unknown_account_is_slowed_down_the_same(app, db, known) -> None:
    """No telling which e-mails have accounts from how the wait behaves."""
    email = f.make_user("buyer").email if known else "nobody-here@example.test"
    db.session.commit()
    statuses = _guess(app, email, throttle.FREE_FAILURES + 1)
    assert statuses == [200] * throttle.FREE_FAILURES + [429]


def test_a_forged_device_cookie_counts_as_a_stranger(app, db) -> None:
    owner = f.make_user("buyer")
    db.session.commit()
    _guess(app, owner.email, throttle.FREE_FAILURES + 1)
    forger = _from(app, "10.0.0.9")
    forger.set_cookie("rooyesh_device", "eyJuIjoieCIsImEiOltdfQ.forged.sig")
    assert forger.post("/login", data={"email": owner.email, "password": PASSWORD}
                       ).status_code == 429


def test_the_right_answer_forgets_the_failures(client, db) -> None:
    for role in ("buyer", "admin"):  # the admin's sign-in stops at the code step
        user = f.make_user(role)
        db.session.commit()
        key = "account:" + user.email
        for _ in range(3):
            client.post("/login", data={"email": user.email, "password": "wrong-wrong"})
        assert throttle.failures(key) == 3
        client.post("/login", data={"email": user.email, "password": PASSWORD})
        db.session.expire_all()
        assert throttle.failures(key) == 0
        client.post("/logout")
