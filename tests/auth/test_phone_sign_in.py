"""Sign-in with a mobile number: a six-digit code by SMS (issue 18)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from marketplace.models import Channel, OutboxMessage, PhoneCode, Role, User
from marketplace.models.base import utcnow
from marketplace.people import accounts, phone_codes
from tests import factories as f
from tests.visible_text import english_page_leaks, persian_page_leaks

PHONE = "09121234567"


def _last_code(phone: str = PHONE) -> str:
    """The code in the last SMS queued to `phone` (the outbox keeps the text sent)."""
    body = f.db.session.scalars(select(OutboxMessage.body).where(
        OutboxMessage.channel == Channel.SMS, OutboxMessage.recipient == phone)
        .order_by(OutboxMessage.id.desc())).first()
    return re.search(r"\d{6}", body).group()


def _ask(client, phone: str = PHONE, **data):
    return client.post("/login", data={"phone": phone, "consent": "y", **data})


def test_the_login_page_offers_the_phone_first_and_e_mail_on_a_tab(client) -> None:
    page = client.get("/login").get_data(as_text=True)
    assert 'name="phone"' in page and 'name="password"' not in page
    assert "ورود با ایمیل" in page and 'href="/login?via=email"' in page


@pytest.mark.parametrize("typed", ["۰۹۱۲۱۲۳۴۵۶۷", "+989121234567", "00989121234567",
                                   "9121234567", "٠٩١٢١٢٣٤٥٦٧", "0912 123 4567"])
def test_persian_digits_and_international_forms_are_one_number(client, db, typed) -> None:
    assert _ask(client, typed).headers["Location"] == "/login/phone"
    assert db.session.scalar(select(PhoneCode.phone)) == PHONE


def test_a_new_number_becomes_a_buyer_with_her_consent(client, db) -> None:
    _ask(client)
    code = _last_code()
    response = client.post("/login/phone", data={"code": code})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    user = db.session.scalar(select(User).where(User.phone == PHONE))
    assert user.role == Role.BUYER and user.email is None
    assert user.phone_verified_at is not None and user.terms_accepted_at is not None
    assert client.get("/account").status_code == 200  # signed in
    # The same number later signs in to the same account.
    client.post("/logout")
    _wait_out_resend(db)
    _ask(client)
    client.post("/login/phone", data={"code": _last_code()})
    assert db.session.scalar(select(func.count(User.id))) == 1


def test_without_consent_nothing_is_sent(client, db) -> None:
    page = client.post("/login", data={"phone": PHONE}).get_data(as_text=True)
    assert "شرایط" in page and "is-invalid" in page
    assert db.session.scalar(select(func.count(PhoneCode.id))) == 0


def test_a_new_number_without_consent_makes_no_account(app, db) -> None:
    with pytest.raises(accounts.AccountError):
        accounts.user_for_phone(PHONE, consent=False)
    assert db.session.scalar(select(func.count(User.id))) == 0


def test_the_code_is_stored_hashed_never_as_typed(client, db) -> None:
    _ask(client)
    code = _last_code()
    row = db.session.scalar(select(PhoneCode))
    assert code not in row.code_hash and len(row.code_hash) == 64
    assert row.expires_at - row.created_at == timedelta(minutes=2)


def test_five_wrong_codes_and_the_right_one_no_longer_works(client, db) -> None:
    _ask(client)
    code = _last_code()
    wrong = "000000" if code != "000000" else "111111"
    for left in "۴۳۲۱":
        page = client.post("/login/phone", data={"code": wrong}).get_data(as_text=True)
        assert "درست نیست" in page and f"{left} بار دیگر" in page
    page = client.post("/login/phone", data={"code": wrong}).get_data(as_text=True)
    assert "کد تازه" in page  # out of tries
    response = client.post("/login/phone", data={"code": code})
    assert response.status_code in (200, 429)
    assert db.session.scalar(select(func.count(User.id))) == 0


def test_a_code_expires_after_two_minutes(app, db, monkeypatch) -> None:
    now = utcnow()
    phone_codes.send_code(PHONE, "198.51.100.1", now=now)
    code = _last_code()
    with pytest.raises(phone_codes.PhoneCodeError) as refused:
        phone_codes.check_code(PHONE, code, now=now + timedelta(minutes=2, seconds=1))
    assert "منقضی" in str(refused.value)
    phone_codes.check_code(PHONE, code, now=now + timedelta(minutes=1, seconds=59))


def test_expiry_through_the_pages_with_a_frozen_clock(client, db, monkeypatch) -> None:
    frozen = utcnow()
    monkeypatch.setattr(phone_codes, "utcnow", lambda: frozen)
    _ask(client)
    code = _last_code()
    frozen += timedelta(minutes=2)
    page = client.post("/login/phone", data={"code": code}).get_data(as_text=True)
    assert "منقضی" in page
    assert db.session.scalar(select(func.count(User.id))) == 0


def _wait_out_resend(db) -> None:
    """Move every code's time back past the resend wait."""
    for row in db.session.scalars(select(PhoneCode)):
        row.created_at -= timedelta(seconds=phone_codes.RESEND_SECONDS)
    db.session.commit()


def test_a_new_code_waits_a_minute_and_at_most_five_an_hour(client, db) -> None:
    _ask(client)
    again = client.post("/login/phone/again", follow_redirects=True).get_data(as_text=True)
    assert "ثانیه" in again
    assert db.session.scalar(select(func.count(PhoneCode.id))) == 1
    for _ in range(4):
        _wait_out_resend(db)
        assert _ask(client).status_code == 302
    _wait_out_resend(db)
    refused = _ask(client)
    assert refused.status_code == 429 and "Retry-After" in refused.headers
    assert db.session.scalar(select(func.count(PhoneCode.id))) == 5
    # The older code stopped working when a new one was sent.
    assert db.session.scalar(select(func.count(PhoneCode.id))
                             .where(PhoneCode.used_at.is_(None))) == 1


def test_one_address_cannot_flood_many_numbers(app, db) -> None:
    for n in range(phone_codes.PER_ADDRESS_PER_HOUR):
        phone_codes.send_code(f"0912{n:07d}", "198.51.100.7")
    with pytest.raises(phone_codes.PhoneCodeError):
        phone_codes.send_code("09350000000", "198.51.100.7")
    phone_codes.send_code("09350000000", "198.51.100.8")  # another address may


def test_a_resent_code_replaces_the_first(client, db) -> None:
    _ask(client)
    first = _last_code()
    _wait_out_resend(db)
    client.post("/login/phone/again")
    second = _last_code()
    if first != second:
        page = client.post("/login/phone", data={"code": first}).get_data(as_text=True)
        assert "is-invalid" in page
    assert client.post("/login/phone", data={"code": second}).status_code == 302


@pytest.mark.parametrize("role", ["staff", "admin"])
def test_staff_and_admin_still_need_their_app_code(client, db, role) -> None:
    user = f.make_user(role, phone=PHONE, phone_verified_at=utcnow())
    db.session.commit()
    _ask(client)
    response = client.post("/login/phone", data={"code": _last_code()})
    assert response.headers["Location"] == "/login/code"
    assert client.get("/admin/").status_code == 302  # not signed in yet
    assert client.post("/login/code", data={"code": f.totp_code()}).headers[
        "Location"] == "/admin/"
    assert user.role == role


def test_staff_without_an_app_go_to_set_it_up_first(client, db) -> None:
    f.make_user("staff", phone=PHONE, phone_verified_at=utcnow(), totp_enabled_at=None,
                totp_secret=None)
    db.session.commit()
    _ask(client)
    response = client.post("/login/phone", data={"code": _last_code()})
    assert response.headers["Location"] == "/account/two-step"
    assert client.get("/admin/").status_code in (302, 403, 404)


def test_a_number_typed_at_registration_is_not_a_key(client, db) -> None:
    """Anyone may type anyone's number on the registration form: only a proven number
    leads to an account."""
    squatter = f.make_user("buyer", phone=PHONE)
    db.session.commit()
    _ask(client)
    client.post("/login/phone", data={"code": _last_code()})
    mine = db.session.scalar(select(User).where(User.phone_verified_at.is_not(None)))
    assert mine is not None and mine.id != squatter.id


def test_the_code_page_without_a_number_goes_back(client) -> None:
    assert client.get("/login/phone").headers["Location"] == "/login"


def test_the_code_page_speaks_one_language(client, db) -> None:
    _ask(client)
    assert persian_page_leaks(client.get("/login/phone").get_data(as_text=True)) == []
    wrong = client.post("/login/phone", data={"code": "12"}).get_data(as_text=True)
    assert persian_page_leaks(wrong) == []
    with client.session_transaction() as session:
        session["lang"] = "en"
    assert english_page_leaks(client.get("/login/phone").get_data(as_text=True), set()) == []
