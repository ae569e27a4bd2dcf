"""One-time sign-in codes sent by SMS: six digits, good for two minutes and five tries.

Only an HMAC of the code (keyed with SECRET_KEY, bound to the number) is stored, so the
table cannot be read back into codes; six digits would fall to a plain hash at once.
A number may ask again after RESEND_SECONDS and at most PER_NUMBER_PER_HOUR times an
hour; one client address at most PER_ADDRESS_PER_HOUR times, whatever numbers it names:
an SMS costs money and a stranger must not be able to flood someone's phone.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from marketplace.errors import DomainError
from marketplace.extensions import db
from marketplace.models import PhoneCode
from marketplace.models.base import utcnow
from marketplace.notifications.outbox import queue_sms
from marketplace.text import persian

DIGITS = 6
LIFETIME = timedelta(minutes=2)
TRIES = 5
RESEND_SECONDS = 60
PER_NUMBER_PER_HOUR = 5
PER_ADDRESS_PER_HOUR = 20
HOUR = timedelta(hours=1)


class PhoneCodeError(DomainError):
    """A refused code request or a code that does not sign in."""

    def __init__(self, message: object, field: str | None = None, *, wait: int = 0) -> None:
        super().__init__(message, field)
        self.wait = wait  # seconds until a new code may be asked for (0: not a wait)


def _digest(key: str, value: str) -> str:
    secret = str(current_app.secret_key).encode()
    return hmac.new(secret, f"{key}|{value}".encode(), hashlib.sha256).hexdigest()


def _code_hash(phone: str, code: str) -> str:
    return _digest("phone-code:" + phone, code)


def _count_since(column: object, value: str, since: datetime) -> int:
    return db.session.scalar(select(func.count(PhoneCode.id)).where(
        column == value, PhoneCode.created_at > since)) or 0


def _check_rate(phone: str, address_hash: str, now: datetime) -> None:
    last = db.session.scalar(select(func.max(PhoneCode.created_at))
                             .where(PhoneCode.phone == phone))
    if last is not None and (now - last).total_seconds() < RESEND_SECONDS:
        wait = RESEND_SECONDS - int((now - last).total_seconds())
        raise PhoneCodeError(_l("A code was sent a moment ago. You can ask for a new one "
                                "in %(seconds)s seconds.",
                                seconds=persian.MessageNumber(wait)), "phone", wait=wait)
    if (_count_since(PhoneCode.phone, phone, now - HOUR) >= PER_NUMBER_PER_HOUR
            or _count_since(PhoneCode.address_hash, address_hash, now - HOUR)
            >= PER_ADDRESS_PER_HOUR):
        raise PhoneCodeError(_l("Too many codes were asked for. Try again in an hour, or "
                                "sign in with your e-mail."), "phone",
                             wait=int(HOUR.total_seconds()))


def send_code(phone: str, address: str, *, now: datetime | None = None) -> None:
    """Queue a new code by SMS to `phone` ('09…', already validated) for a client at
    `address`, or raise PhoneCodeError when it asks too often. Any earlier code of the
    number stops working. Committed."""
    now = now or utcnow()
    address_hash = _digest("phone-code-address", address)
    _check_rate(phone, address_hash, now)
    code = f"{secrets.randbelow(10 ** DIGITS):0{DIGITS}d}"
    db.session.execute(update(PhoneCode).where(PhoneCode.phone == phone,
                                               PhoneCode.used_at.is_(None))
                       .values(used_at=now).execution_options(synchronize_session=False))
    db.session.add(PhoneCode(phone=phone, code_hash=_code_hash(phone, code),
                             address_hash=address_hash, created_at=now,
                             expires_at=now + LIFETIME))
    # The code in Latin digits: every phone's keyboard and autofill reads them.
    queue_sms(phone, _("Rooyesh sign-in code: %(code)s\nIt works for 2 minutes. "
                       "Do not give it to anyone.", code=code), "sign_in_code")
    db.session.commit()


def check_code(phone: str, code: str, *, now: datetime | None = None) -> None:
    """Use up the live code of `phone` if `code` is it; else count the try and raise
    PhoneCodeError (wrong, expired, or out of tries). Committed either way."""
    now = now or utcnow()
    row = db.session.scalar(select(PhoneCode).where(
        PhoneCode.phone == phone, PhoneCode.used_at.is_(None))
        .order_by(PhoneCode.id.desc()).limit(1))
    if row is None or row.expires_at <= now:
        raise PhoneCodeError(_l("This code has expired. Ask for a new one."), "code")
    # The try is counted by a conditional UPDATE before the comparison: parallel guesses
    # cannot get more than TRIES between them.
    counted = db.session.execute(
        update(PhoneCode).where(PhoneCode.id == row.id, PhoneCode.attempts < TRIES,
                                PhoneCode.used_at.is_(None))
        .values(attempts=PhoneCode.attempts + 1)
        .execution_options(synchronize_session=False)).rowcount
    db.session.commit()
    if not counted:
        raise PhoneCodeError(_l("Too many wrong codes. Ask for a new one."), "code")
    if not hmac.compare_digest(row.code_hash, _code_hash(phone, code.strip())):
        db.session.refresh(row)
        left = TRIES - row.attempts
        if left <= 0:
            raise PhoneCodeError(_l("Too many wrong codes. Ask for a new one."), "code")
        raise PhoneCodeError(_l("This code is not right. %(n)s tries left.",
                                n=persian.MessageNumber(left)), "code")
    used = db.session.execute(
        update(PhoneCode).where(PhoneCode.id == row.id, PhoneCode.used_at.is_(None))
        .values(used_at=now).execution_options(synchronize_session=False)).rowcount
    db.session.commit()
    if not used:  # a parallel request used it first
        raise PhoneCodeError(_l("This code has expired. Ask for a new one."), "code")
