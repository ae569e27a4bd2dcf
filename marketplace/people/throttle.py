"""Slowing down password (and TOTP code) guessing without locking anyone out.

After FREE_FAILURES failed tries for one key (an account's e-mail, a known device, a
TOTP sign-in), each further try must wait 2^k seconds after the last failure (k = the
failures beyond the free ones, at most MAX_DOUBLINGS): a guesser gets a few tries an
hour, while the owner is merely delayed, and not at all from a device she signed in
from before (its own key; web/devices.py). Tries refused for waiting are not counted,
so waiting out the delay is all it takes. The counts live in the database, shared by
every worker; a quiet day forgets them.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from sqlalchemy import case, delete, select, update
from sqlalchemy.exc import IntegrityError

from marketplace.extensions import db
from marketplace.models import SignInDelay
from marketplace.models.base import utcnow

FREE_FAILURES = 5
MAX_DOUBLINGS = 10  # the longest wait: 2^10 s, about 17 minutes
FORGET_AFTER = timedelta(days=1)


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def delay_for(failures: int) -> int:
    """Seconds to wait after the last failure, given how many there were."""
    if failures < FREE_FAILURES:
        return 0
    return 2 ** min(failures - FREE_FAILURES, MAX_DOUBLINGS)


def wait_seconds(key: str) -> int:
    """How long this key must still wait before its next try (0: it may try now)."""
    row = db.session.get(SignInDelay, _hash(key))
    if row is None:
        return 0
    elapsed = (utcnow() - row.last_failure_at).total_seconds()
    if elapsed >= FORGET_AFTER.total_seconds():
        return 0
    return max(0, int(delay_for(row.failures) - elapsed + 0.999))


def failed(key: str) -> None:
    """Count a failed try (committed): one conditional UPDATE, so concurrent failures
    from many workers all count; a count older than FORGET_AFTER starts again at 1."""
    now = utcnow()
    digest = _hash(key)
    stale = SignInDelay.last_failure_at < now - FORGET_AFTER
    bump = (update(SignInDelay).where(SignInDelay.key_hash == digest)
            .values(failures=case((stale, 1), else_=SignInDelay.failures + 1),
                    last_failure_at=now)
            .execution_options(synchronize_session=False))
    if not db.session.execute(bump).rowcount:
        try:
            with db.session.begin_nested():
                db.session.add(SignInDelay(key_hash=digest, failures=1, last_failure_at=now))
        except IntegrityError:  # another worker inserted it first: count on its row
            db.session.execute(bump)
    db.session.commit()


def succeeded(key: str) -> None:
    """The right answer: forget this key's failures (committed)."""
    db.session.execute(delete(SignInDelay).where(SignInDelay.key_hash == _hash(key)))
    db.session.commit()


def failures(key: str) -> int:
    """How many failures are counted for this key (for tests and the admin's eyes)."""
    return db.session.scalar(
        select(SignInDelay.failures).where(SignInDelay.key_hash == _hash(key))) or 0
