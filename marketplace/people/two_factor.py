"""A second factor for staff and admin: TOTP (RFC 6238, any authenticator app) and ten
one-time recovery codes. No request objects here.

The TOTP secret is stored as the authenticator has it (the server must compute codes);
recovery codes only as SHA-256 (80 random bits each, so a hash cannot be reversed by
trying them all). A code is accepted once: the step it belongs to is recorded and only a
later step passes, through a conditional UPDATE, so two workers cannot both accept it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, datetime

import pyotp
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, or_, select, update

from marketplace.errors import DomainError
from marketplace.extensions import db
from marketplace.models import RecoveryCode, User
from marketplace.models.base import utcnow
from marketplace.people import audit, sessions
from marketplace.text import persian

ISSUER = "Rooyesh"
RECOVERY_CODES = 10
# No 0/o, 1/l/i: the codes are read off paper.
_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_CODE_LENGTH = 16


class TwoFactorError(DomainError):
    """A refused enrolment (a wrong confirmation code)."""


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def _clean(code: str) -> str:
    """What was typed, with Persian digits folded, spaces and dashes dropped, lower case."""
    return "".join(ch for ch in persian.normalize(code or "") if ch.isalnum()).lower()


def _matching_step(secret: str, code: str) -> int | None:
    """The time step (this one or a neighbour, for clock drift) whose code this is."""
    totp = pyotp.TOTP(secret)
    now = totp.timecode(datetime.now(UTC))
    for step in (now, now - 1, now + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _hash(code: str) -> str:
    return hashlib.sha256(_clean(code).encode()).hexdigest()


def _new_codes(user: User) -> list[str]:
    """Replace the user's recovery codes with RECOVERY_CODES new ones (not committed)."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(_CODE_LENGTH))
        codes.append("-".join(raw[i:i + 4] for i in range(0, _CODE_LENGTH, 4)))
        db.session.add(RecoveryCode(user_id=user.id, code_hash=_hash(raw)))
    return codes


def enable(user: User, secret: str, code: str) -> list[str]:
    """Turn TOTP on with `secret` once `code` proves the app has it; return the recovery
    codes (to show once). Every other session of the user ends: it began on a password
    alone. TwoFactorError for a wrong code; nothing is written then."""
    cleaned = _clean(code)
    step = _matching_step(secret, cleaned) if cleaned.isdigit() else None
    if step is None:
        raise TwoFactorError(_l("This code is not right. Type the six digits the app "
                                "shows now."), "code")
    user.totp_secret, user.totp_enabled_at, user.totp_last_step = secret, utcnow(), step
    codes = _new_codes(user)
    sessions.revoke_all(user, keep=user.current_session)
    audit.record(user, "user.enable_2fa", user)
    db.session.commit()
    return codes


def verify(user: User, code: str) -> bool:
    """Whether `code` (the app's six digits, or an unused recovery code) passes for the
    user; a passing code is used up (committed)."""
    cleaned = _clean(code)
    if not user.totp_secret or not cleaned:
        return False
    if cleaned.isdigit():
        step = _matching_step(user.totp_secret, cleaned)
        accepted = step is not None and db.session.execute(
            update(User).where(User.id == user.id, or_(User.totp_last_step.is_(None),
                                                       User.totp_last_step < step))
            .values(totp_last_step=step).execution_options(synchronize_session=False)
        ).rowcount == 1
    else:
        accepted = db.session.execute(
            update(RecoveryCode)
            .where(RecoveryCode.user_id == user.id, RecoveryCode.code_hash == _hash(cleaned),
                   RecoveryCode.used_at.is_(None))
            .values(used_at=utcnow()).execution_options(synchronize_session=False)
        ).rowcount == 1
        if accepted:
            audit.record(user, "user.recovery_code", user, {"left": unused_codes(user)})
    db.session.commit()
    return accepted


def unused_codes(user: User) -> int:
    return len(db.session.scalars(select(RecoveryCode.id).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))).all())


def reset(user: User, *, actor: User) -> None:
    """The admin's reset (a lost phone and no codes left): TOTP off, recovery codes gone,
    every session ended; the user enrols again at her next sign-in. Audited."""
    user.totp_secret = user.totp_enabled_at = user.totp_last_step = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    sessions.revoke_all(user)
    audit.record(actor, "user.reset_2fa", user)
    db.session.commit()
