"""Finding 4: signing out ends the session on the server, not only in this browser."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from marketplace.models import UserSession
from marketplace.models.base import utcnow
from marketplace.people import sessions
from marketplace.programme import people
from tests import factories as f
from tests.factories import PASSWORD


def _copy(app, client, *names: str):
    """Another browser holding copies of `client`'s cookies (a stolen or shared cookie)."""
    thief = app.test_client()
    for name in names:
        cookie = client.get_cookie(name)
        assert cookie is not None, name
        thief.set_cookie(name, cookie.value)
    return thief


def _records(user) -> list[UserSession]:
    return list(f.db.session.scalars(
        select(UserSession).where(UserSession.user_id == user.id).order_by(UserSession.id)))


def test_a_session_cookie_copied_before_sign_out_is_dead_after(app, client, db, login_as):
    login_as(f.make_user("driver"))
    copied = _copy(app, client, "session")
    assert copied.get("/producers/").status_code == 200  # the copy works while signed in
    client.post("/logout")
    response = copied.get("/producers/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_remember_cookie_rotates_on_use_and_the_old_one_fails(app, client, db):
    user = f.make_user("driver")
    db.session.commit()
    f.sign_in(client, user, remember="y")
    old = client.get_cookie("remember_token").value
    restarted = _copy(app, client, "remember_token")  # the browser restarted: no session
    assert restarted.get("/producers/").status_code == 200
    new = restarted.get_cookie("remember_token").value
    assert new != old
    assert len(_records(user)) == 1  # the same session, with a new key
    stolen = _copy(app, client, "remember_token")  # a copy of the old cookie
    assert stolen.get("/producers/").status_code == 302
    assert restarted.get("/producers/").status_code == 200  # the owner is still in


def test_remember_me_lasts_thirty_days(app, client, db):
    user = f.make_user("buyer")
    db.session.commit()
    f.sign_in(client, user, remember="y")
    cookie = client.get_cookie("remember_token")
    assert timedelta(days=29) < cookie.expires - cookie.expires.now(cookie.expires.tzinfo) \
        <= timedelta(days=30)
    db.session.execute(update(UserSession).values(renewed_at=utcnow() - timedelta(days=30)))
    db.session.commit()
    assert _copy(app, client, "remember_token").get("/account/password").status_code == 302


def test_a_password_change_ends_every_other_session(app, client, db, login_as):
    user = login_as(f.make_user("buyer"))
    other = app.test_client()
    f.sign_in(other, user)
    assert client.post("/account/password", data={
        "current_password": PASSWORD, "new_password": "new long phrase",
        "confirm": "new long phrase"}).status_code == 302
    assert other.get("/account/password").status_code == 302
    assert client.get("/account/password").status_code == 200
    assert len(sessions.active(user)) == 1


def test_deactivation_ends_the_session_even_if_reactivated(app, client, db, login_as):
    user = login_as(f.make_user("driver"))
    admin = f.make_user("admin")
    db.session.commit()
    people.set_active(user, False, actor=admin)
    people.set_active(user, True, actor=admin)
    response = client.get("/producers/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_sessions_page_lists_each_device_in_persian(app, client, db, login_as):
    user = login_as(f.make_user("buyer"))
    phone = app.test_client()
    phone.environ_base.update({
        "REMOTE_ADDR": "10.1.2.3",
        "HTTP_USER_AGENT": "Mozilla/5.0 (Linux; Android 14) Chrome/130.0 Mobile Safari/537.36"})
    f.sign_in(phone, user)
    html = client.get("/account/sessions").get_data(as_text=True)
    assert "کروم روی اندروید" in html and "10.1.2.3" in html
    assert "همین دستگاه" in html  # this browser's own row
    assert "۱۴۰۵" in html  # Jalali year, Persian digits


def test_a_user_ends_one_of_her_sessions(app, client, db, login_as):
    user = login_as(f.make_user("buyer"))
    phone = app.test_client()
    f.sign_in(phone, user)
    phone_session = _records(user)[-1]
    assert client.post(f"/account/sessions/{phone_session.id}/end").status_code == 302
    assert phone.get("/account/password").status_code == 302
    assert client.get("/account/password").status_code == 200


def test_another_users_session_cannot_be_ended(app, client, db, login_as):
    login_as(f.make_user("buyer"))
    victim = f.make_user("buyer")
    db.session.commit()
    browser = app.test_client()
    f.sign_in(browser, victim)
    victims = _records(victim)[-1]
    assert client.post(f"/account/sessions/{victims.id}/end").status_code == 404
    assert client.post("/account/sessions/999999/end").status_code == 404
    assert browser.get("/account/password").status_code == 200


def test_sign_out_everywhere(app, client, db, login_as):
    user = login_as(f.make_user("buyer"))
    laptop = app.test_client()
    f.sign_in(laptop, user)
    response = client.post("/account/sessions/end-all")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert client.get("/account/password").status_code == 302
    assert laptop.get("/account/password").status_code == 302
    assert sessions.active(user) == []


def test_last_seen_is_written_at_most_once_a_minute(app, client, db, login_as):
    user = login_as(f.make_user("buyer"))
    record = _records(user)[0]
    seen = record.last_seen_at
    client.get("/account/password")
    db.session.expire_all()
    assert _records(user)[0].last_seen_at == seen
    earlier = utcnow() - timedelta(minutes=2)
    db.session.execute(update(UserSession).values(last_seen_at=earlier))
    db.session.commit()
    client.get("/account/password")
    db.session.expire_all()
    assert _records(user)[0].last_seen_at > earlier + timedelta(minutes=1)


def test_only_a_hash_of_the_key_is_stored(client, db, login_as):
    user = login_as(f.make_user("buyer"))
    with client.session_transaction() as session:
        key = session["_user_id"]
    record = _records(user)[0]
    assert key not in record.key_hash and len(record.key_hash) == 64
