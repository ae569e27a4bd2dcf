"""Server-side sessions: one row per signed-in browser, so that signing out ends it.

The browser holds a random key (in Flask's signed session cookie and, with "keep me
signed in", the remember-me cookie); the table holds its SHA-256. Each request reads one
row by that unique hash. Signing out, "sign out everywhere", a new password and
deactivation set `revoked_at`, and the copied cookie is dead at its next request.
No request objects here: the caller passes the browser's address and user agent.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from marketplace.errors import DomainError
from marketplace.extensions import db
from marketplace.models import User, UserSession
from marketplace.models.base import utcnow

# A key lives this long from when it was issued (remember-me rotates it on use).
LIFETIME = timedelta(days=30)
# `last_seen_at` is written at most this often: not a write per request.
SEEN_EVERY = timedelta(minutes=1)
USER_AGENT_CHARS = 200
IP_CHARS = 45


class SessionNotFound(DomainError):
    """No live session of this user with that id (another user's is the same: 404)."""


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _clean(text: str, limit: int) -> str:
    """A header value fit for a column: printable, bounded (PostgreSQL refuses NUL)."""
    return "".join(c for c in text if c.isprintable())[:limit]


def start(user: User, *, ip: str, user_agent: str) -> str:
    """Open a session for `user` (committed) and return its key, also set on the user
    (`current_session_key`, which `User.get_id` returns for Flask-Login)."""
    key = secrets.token_urlsafe(32)
    record = UserSession(key_hash=_hash(key), user_id=user.id, ip=_clean(ip, IP_CHARS),
                         user_agent=_clean(user_agent, USER_AGENT_CHARS))
    db.session.add(record)
    db.session.commit()
    user.current_session, user.current_session_key = record, key
    return key


def _live(record: UserSession, now: datetime) -> bool:
    return record.revoked_at is None and now - record.renewed_at < LIFETIME


def load(key: str) -> User | None:
    """The active user whose live session has this key, with `current_session` set; one
    read by a unique index."""
    row = db.session.execute(
        select(UserSession, User).join(User, User.id == UserSession.user_id)
        .where(UserSession.key_hash == _hash(key))
    ).first()
    if row is None:
        return None
    record, user = row
    if not _live(record, utcnow()) or not user.is_active:
        return None
    user.current_session, user.current_session_key = record, key
    return user


def rotate(user: User) -> str | None:
    """Give the user's current session a new key (committed) and return it; the old key
    is dead from now on. None when another request rotated it first (the old key then
    no longer matches): that request's browser carries on with the new one."""
    record, old = user.current_session, user.current_session_key
    key = secrets.token_urlsafe(32)
    changed = db.session.execute(
        update(UserSession)
        .where(UserSession.id == record.id, UserSession.key_hash == _hash(old),
               UserSession.revoked_at.is_(None))
        .values(key_hash=_hash(key), renewed_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    if not changed:
        return None
    user.current_session_key = key
    return key


def touch(record: UserSession, *, ip: str, user_agent: str) -> None:
    """Note that the session was used (at most every SEEN_EVERY, so not on every request)."""
    now = utcnow()
    if now - record.last_seen_at < SEEN_EVERY:
        return
    db.session.execute(
        update(UserSession).where(UserSession.id == record.id)
        .values(last_seen_at=now, ip=_clean(ip, IP_CHARS),
                user_agent=_clean(user_agent, USER_AGENT_CHARS))
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def active(user: User) -> list[UserSession]:
    """The user's live sessions, the most recently used first."""
    since = utcnow() - LIFETIME
    return list(db.session.scalars(
        select(UserSession)
        .where(UserSession.user_id == user.id, UserSession.revoked_at.is_(None),
               UserSession.renewed_at > since)
        .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc())
    ))


def end(user: User, session_id: int) -> None:
    """End one of the user's own sessions (committed); SessionNotFound for anyone else's,
    or one already ended."""
    ended = db.session.execute(
        update(UserSession)
        .where(UserSession.id == session_id, UserSession.user_id == user.id,
               UserSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    if not ended:
        db.session.rollback()
        raise SessionNotFound(_l("This session has already ended."))
    db.session.commit()


def revoke_all(user: User, *, keep: UserSession | None = None) -> None:
    """End every session of the user but `keep`, in the caller's transaction (not
    committed): a new password, a deactivation, "sign out everywhere"."""
    live = [UserSession.user_id == user.id, UserSession.revoked_at.is_(None)]
    if keep is not None:
        live.append(UserSession.id != keep.id)
    db.session.execute(
        update(UserSession).where(*live).values(revoked_at=utcnow())
        .execution_options(synchronize_session=False)
    )


def end_all(user: User) -> None:
    """"Sign out everywhere": every session of the user ends (committed)."""
    revoke_all(user)
    db.session.commit()
