"""Accounts: registration, authentication and passwords. No request objects here."""

from __future__ import annotations

import functools
import hashlib
import hmac
import secrets
from collections.abc import Callable

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from marketplace.errors import DomainError
from marketplace.extensions import db
from marketplace.models import Role, User
from marketplace.models.base import utcnow
from marketplace.notifications.outbox import queue_email
from marketplace.people import audit, sessions
from marketplace.text import persian

MIN_PASSWORD = 8
MAX_PASSWORD = 128
# Its own salt, so no other token signed with SECRET_KEY (session, CSRF) can pass for one.
RESET_LINK_SALT = "password-reset"
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


class AccountError(DomainError):
    """A refused account change."""


def password_problem(password: str) -> str | None:
    """Why `password` is not acceptable, or None. Length and commonness only (no
    composition rules, as NIST SP 800-63B and ASVS advise)."""
    if len(password) < MIN_PASSWORD:
        return _l("Use at least %(n)s characters.", n=persian.MessageNumber(MIN_PASSWORD))
    if len(password) > MAX_PASSWORD:
        return _l("Use at most %(n)s characters.", n=persian.MessageNumber(MAX_PASSWORD))
    if password.lower() in COMMON_PASSWORDS:
        return _l("This password is too common; choose another.")
    return None


def normalize_email(email: str) -> str:
    return email.strip().lower()


def find_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalize_email(email)))


def register_buyer(*, email: str, full_name: str, password: str, phone: str | None) -> None:
    """Create a buyer account, or, when the e-mail already has one, tell its owner by
    e-mail; the caller cannot tell which happened (no list of customers for strangers).
    Raises AccountError for a weak password, whoever asks. Both ways hash the password."""
    problem = password_problem(password)
    if problem:
        raise AccountError(problem, "password")
    existing = find_by_email(email)
    candidate = User(email=normalize_email(email), full_name=full_name, phone=phone,
                     role=Role.BUYER)
    candidate.set_password(password)
    owner = existing or candidate
    locale = _locale_of(owner)
    with force_locale(locale):
        if existing is None:
            db.session.add(candidate)
            audit.record(candidate, "user.register", candidate, {"role": Role.BUYER})
            subject = _("Your Rooyesh account is ready")
            body = _("Hello %(name)s,\n\nYour account at the Rooyesh shop is ready. "
                     "Sign in with this e-mail address and the password you chose.",
                     name=candidate.full_name)
        else:
            subject = _("Someone tried to register with your e-mail")
            body = _("Hello %(name)s,\n\nSomeone tried to create a Rooyesh account with "
                     "this e-mail address, which already has one. If it was you, sign in, "
                     "or choose a new password from the sign-in page. Otherwise ignore "
                     "this e-mail: nothing has changed.", name=existing.full_name)
        queue_email(owner.email, subject, body, "account_registered")
    db.session.commit()


def find_by_phone(phone: str) -> User | None:
    """The account whose proven mobile number is `phone` ('09…')."""
    return db.session.scalar(select(User).where(User.phone == phone,
                                                User.phone_verified_at.is_not(None)))


def user_for_phone(phone: str, *, consent: bool) -> User:
    """The account a just-proven number signs in to: its own, or a new buyer account when
    the number is new and the terms were accepted. Committed. A number typed at
    registration but never proven is not its owner's key: anyone may type any number."""
    user = find_by_phone(phone)
    now = utcnow()
    if user is None:
        if not consent:
            raise AccountError(_l("To create your account, accept the terms of use."),
                               "consent")
        user = User(email=None, full_name="", phone=phone, phone_verified_at=now,
                    terms_accepted_at=now, role=Role.BUYER)
        user.set_password(secrets.token_urlsafe(32))  # no password until she sets one
        try:
            with db.session.begin_nested():
                db.session.add(user)
                audit.record(user, "user.register", user, {"role": Role.BUYER, "via": "phone"})
        except IntegrityError:  # the same number signed up a moment ago in another tab
            user = find_by_phone(phone)
            if user is None:
                raise
    if not user.is_active:
        db.session.rollback()
        raise AccountError(_l("This account has been closed."), "code")
    user.last_login_at = now
    db.session.commit()
    return user


def rename(user: User, full_name: str) -> None:
    """Her name as she wants it on orders (a phone sign-up starts without one)."""
    if full_name != user.full_name:
        audit.record(user, "user.rename", user, {"full_name": [user.full_name, full_name]})
        user.full_name = full_name
    db.session.commit()


def _locale_of(user: User) -> str:
    config = current_app.config
    return user.locale if user.locale in config["LANGUAGES"] else config["BABEL_DEFAULT_LOCALE"]


@functools.cache
def _dummy_hash() -> str:
    """A hash of nothing anyone knows, made as costly as a real one: an unknown e-mail
    takes as long to refuse as a wrong password (no account discovery by timing)."""
    return generate_password_hash(secrets.token_urlsafe(16))


def authenticate(email: str, password: str) -> User | None:
    """The active user with these credentials, or None. Upgrades an old hash. The password
    is checked against a hash every time, even for an unknown or deactivated account."""
    user = find_by_email(email)
    matches = check_password_hash(user.password_hash if user else _dummy_hash(), password)
    if user is None or not user.is_active or not matches:
        return None
    if not user.password_hash.startswith(CURRENT_HASH_PREFIX):
        user.password_hash = generate_password_hash(password)
    user.last_login_at = utcnow()
    db.session.commit()
    return user


def active_accounts_with_password(password: str) -> list[User]:
    """The active accounts whose password is `password`, found by checking hashes (an
    e-mail says nothing about a password). Each distinct hash is checked once: accounts
    seeded together share one, and every check costs as much as a sign-in."""
    users = db.session.scalars(
        select(User).where(User.is_active_account.is_(True)).order_by(User.id)
    ).all()
    matches: dict[str, bool] = {}
    found = []
    for user in users:
        if user.password_hash not in matches:
            matches[user.password_hash] = check_password_hash(user.password_hash, password)
        if matches[user.password_hash]:
            found.append(user)
    return found


def _replace_password(user: User, new: str) -> None:
    """Set `new` if the policy accepts it and end every session of the user (not
    committed: the caller's own, if any, starts afresh); else AccountError."""
    problem = password_problem(new)
    if problem:
        raise AccountError(problem, "new_password")
    user.set_password(new)
    sessions.revoke_all(user)


def change_password(user: User, current: str, new: str) -> None:
    if not user.check_password(current):
        raise AccountError(_l("The current password is not right."), "current_password")
    _replace_password(user, new)
    audit.record(user, "user.change_password", user)
    db.session.commit()


# Self-service reset: a signed, timed link by e-mail. Nothing is stored server-side; the
# token carries a digest of the account's state, so it dies when that state changes.


def _reset_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=RESET_LINK_SALT)


def _account_state(user: User) -> str:
    """A keyed digest of what a reset link must not outlive: the password hash (so the link
    works once and dies with any other password change), the e-mail, the last sign-in and
    the active flag. Keyed, because the token is readable: it must not expose the hash."""
    state = f"{user.password_hash}|{user.email}|{user.last_login_at}|{user.is_active_account}"
    key = str(current_app.secret_key).encode()
    return hmac.new(key, state.encode(), hashlib.sha256).hexdigest()[:32]


def password_reset_token(user: User) -> str:
    return _reset_serializer().dumps({"user": user.id, "state": _account_state(user)})


def _reset_claims(token: str) -> tuple[int, str] | None:
    """(user id, state digest) of a genuine, unexpired token, or None."""
    max_age = current_app.config["PASSWORD_RESET_MAX_AGE"]
    try:
        payload = _reset_serializer().loads(token, max_age=int(max_age.total_seconds()))
    except BadSignature:  # also SignatureExpired, its subclass
        return None
    return payload["user"], payload["state"]


def reset_token_user_id(token: str) -> int | None:
    """Whose account an unexpired token names, without reading the database (for the rate
    limit's key); `user_for_reset_token` says whether it may still be used."""
    claims = _reset_claims(token)
    return claims[0] if claims else None


def user_for_reset_token(token: str) -> User | None:
    """The active user this token may reset, or None when it is forged, expired, already
    used (the password changed since) or its account was deactivated."""
    claims = _reset_claims(token)
    if claims is None:
        return None
    user = db.session.get(User, claims[0])
    if user is None or not user.is_active:
        return None
    if not hmac.compare_digest(claims[1], _account_state(user)):
        return None
    return user


def send_password_reset(email: str, link_for: Callable[[str], str]) -> None:
    """Queue a reset link (`link_for(token)`) for the active account with this e-mail.

    Nothing happens for an unknown or deactivated address, and the caller learns nothing
    either way, so the page cannot tell strangers which addresses have accounts.
    """
    user = find_by_email(email)
    if user is None or not user.is_active:
        return
    config = current_app.config
    locale = _locale_of(user)
    minutes = int(config["PASSWORD_RESET_MAX_AGE"].total_seconds() // 60)
    with force_locale(locale):
        body = _(
            "Hello %(name)s,\n\n"
            "Someone, hopefully you, asked to reset the password of your Rooyesh account. "
            "To choose a new password, open this link within %(minutes)s minutes:\n\n"
            "%(link)s\n\n"
            "The link works once. If you did not ask for it, ignore this e-mail: "
            "your password stays as it is.",
            name=user.full_name, minutes=persian.format_number(minutes, locale),
            link=link_for(password_reset_token(user)),
        )
        queue_email(user.email, _("Choose a new Rooyesh password"), body, "password_reset")
    db.session.commit()


def reset_password(user: User, new: str) -> None:
    """Set a new password through an e-mailed link: holding the link proves the mailbox.
    The new hash invalidates the link itself and every other one sent before."""
    _replace_password(user, new)
    audit.record(user, "user.reset_password", user, {"via": "email"})
    db.session.commit()
