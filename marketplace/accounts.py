"""Accounts: registration, authentication and passwords. No request objects here."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from .extensions import db
from .models import Role, User
from .models.base import utcnow

MIN_PASSWORD = 8
MAX_PASSWORD = 128
# Werkzeug's current default; older hashes are upgraded when their owner signs in.
CURRENT_HASH_PREFIX = "scrypt:"

# The most common passwords, from public breach lists.
COMMON_PASSWORDS = frozenset(
    """
    123456 123456789 12345678 password qwerty123 qwerty 1234567890 1234567 111111 123123
    abc123 password1 iloveyou 000000 00000000 11111111 12341234 qwertyuiop 1q2w3e4r 1qaz2wsx
    aa123456 princess admin123 password123 welcome letmein monkey dragon football baseball
    sunshine master superman 987654321 asdfghjk asdf1234 zxcvbnm 88888888 66666666 q1w2e3r4
    iran1234 tehran123 mashhad123 09123456789 123456789a
    """.split()
)


class AccountError(ValueError):
    """A refused account change; `.field` names the form field, `.message` says why."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(str(message))
        self.field = field
        self.message = message


def password_problem(password: str) -> str | None:
    """Why `password` is not acceptable, or None. Length and commonness only (no
    composition rules, as NIST SP 800-63B and ASVS advise)."""
    if len(password) < MIN_PASSWORD:
        return _l("Use at least %(n)d characters.", n=MIN_PASSWORD)
    if len(password) > MAX_PASSWORD:
        return _l("Use at most %(n)d characters.", n=MAX_PASSWORD)
    if password.lower() in COMMON_PASSWORDS:
        return _l("This password is too common; choose another.")
    return None


def normalize_email(email: str) -> str:
    return email.strip().lower()


def find_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalize_email(email)))


def register_buyer(*, email: str, full_name: str, password: str, phone: str | None) -> User:
    """Create a buyer account; raises AccountError for a taken e-mail or a weak password."""
    problem = password_problem(password)
    if problem:
        raise AccountError("password", problem)
    if find_by_email(email) is not None:
        raise AccountError("email", _l("An account with this e-mail already exists."))
    user = User(email=normalize_email(email), full_name=full_name, phone=phone, role=Role.BUYER)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    return user


def authenticate(email: str, password: str) -> User | None:
    """The active user with these credentials, or None. Upgrades an old hash."""
    user = find_by_email(email)
    if user is None or not user.is_active or not user.check_password(password):
        return None
    if not user.password_hash.startswith(CURRENT_HASH_PREFIX):
        user.password_hash = generate_password_hash(password)
    user.last_login_at = utcnow()
    db.session.commit()
    return user


def change_password(user: User, current: str, new: str) -> None:
    if not user.check_password(current):
        raise AccountError("current_password", _l("The current password is not right."))
    problem = password_problem(new)
    if problem:
        raise AccountError("new_password", problem)
    user.set_password(new)
    db.session.commit()
