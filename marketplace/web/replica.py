"""The storefront's public pages read a streaming replica; everything else the primary.

With `REPLICA_DATABASE_URL` set (a hot standby of `DATABASE_URL`, PostgreSQL), a GET of a
page a shared cache may keep (`httpcache.PUBLIC_ENDPOINTS`: home, lists, product, centre,
maker, search, the feeds) marks `db.session` to send its plain SELECTs to the replica
(`extensions.RoutingSession`); the first write or FOR UPDATE of the request goes to the
primary and pins the rest there. The cart, checkout, account, orders, every back-office
page and every POST never touch the replica, so stock is always decided on the primary.
The signed-in user is loaded from the primary before the mark (a revoked session is
refused at once).

Read-your-writes: after any POST the response carries a `wrote_lsn` cookie, the
primary's WAL insert position once her request committed (`pg_current_wal_insert_lsn()`,
past her commit record). Her next public pages read the replica only once
`pg_last_wal_replay_lsn()` there has passed it; the cookie lives for the lag limit, after
which a replica still short of it counts as lagging anyway.

Lag and failure: each worker measures the replica every `REPLICA_CHECK_SECONDS` (the
primary's WAL position against the replica's replay position; when it is behind, the age
of its last replayed transaction) and reads from the primary while the replica is more
than `REPLICA_MAX_LAG_SECONDS` behind, is not a standby, or cannot be reached; a failed
connection (at the measure or when the request takes its connection) leaves it alone for
`REPLICA_RETRY_SECONDS`. Without the setting nothing here runs.
"""

from __future__ import annotations

import logging
import math
import threading
import time

import sqlalchemy as sa
from flask import Flask, current_app, request
from flask_login import current_user
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wrappers import Response

import config as config_module
from marketplace.extensions import READ_ENGINE, db
from marketplace.web import httpcache

EXTENSION = "read_replica"
COOKIE = "wrote_lsn"
# Pages the same for every visitor, so they may be a second or two behind; photos and
# static files read no table.
READ_ENDPOINTS = httpcache.PUBLIC_ENDPOINTS - {"static", "shop.media"}
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# The largest LSN: what a POST leaves when the primary could not say its position, so her
# reads stay on the primary until the cookie expires.
NEVER_REPLAYED = (1 << 64) - 1
CONNECT_TIMEOUT_SECONDS = 2

_WRITE_POSITION = sa.text("SELECT pg_current_wal_insert_lsn()::text")
_PRIMARY_POSITION = sa.text("SELECT pg_current_wal_lsn()::text")
_REPLAYED = sa.text("SELECT pg_last_wal_replay_lsn()::text")
_REPLICA_STATE = sa.text(
    "SELECT pg_last_wal_replay_lsn()::text,"
    " EXTRACT(EPOCH FROM clock_timestamp() - pg_last_xact_replay_timestamp())"
)
_log = logging.getLogger(__name__)


def lsn_number(lsn: str | None) -> int | None:
    """PostgreSQL's `16/B374D848` as one number (None for NULL or anything else)."""
    high, slash, low = (lsn or "").partition("/")
    try:
        return (int(high, 16) << 32) | int(low, 16) if slash else None
    except ValueError:
        return None


class ReadReplica:
    """One worker's view of the replica: its engine, and whether to read from it now."""

    def __init__(self, engine: Engine, primary: Engine, *, max_lag: float,
                 check_every: float, retry_after: float) -> None:
        self.engine = engine
        self.primary = primary
        self.max_lag = max_lag
        self.check_every = check_every
        self.retry_after = retry_after
        self.replayed = 0  # the replica's replay position at the last measure
        self.lag: float | None = None  # seconds behind at the last measure; None: unusable
        self._next_check = 0.0
        self._lock = threading.Lock()

    @property
    def cookie_seconds(self) -> int:
        """How long a writer's own reads wait for the replica: past that, a replica that
        has not replayed her write is over the lag limit, and not read at all."""
        return math.ceil(self.max_lag + self.check_every) + 1

    def usable(self) -> bool:
        """Close enough behind the primary to serve public pages (measured at most every
        `check_every` seconds per worker)."""
        if time.monotonic() >= self._next_check and self._lock.acquire(blocking=False):
            try:
                self._measure()
            finally:
                self._lock.release()
        return self._within_limit

    @property
    def _within_limit(self) -> bool:
        return self.lag is not None and self.lag <= self.max_lag

    def _measure(self) -> None:
        try:
            with self.primary.connect() as connection:
                primary = lsn_number(connection.scalar(_PRIMARY_POSITION)) or 0
            with self.engine.connect() as connection:
                replayed_text, age = connection.execute(_REPLICA_STATE).one()
        except SQLAlchemyError as error:
            self.mark_down(error)
            return
        replayed = lsn_number(replayed_text)
        if replayed is None:  # not in recovery: a primary, or promoted after a failover
            self._set(None, "is not a standby", self.retry_after)
            return
        self.replayed = replayed
        # Caught up, or as old as the last transaction it replayed (an upper bound).
        lag = 0.0 if replayed >= primary else (math.inf if age is None else float(age))
        self._set(lag, f"is {lag:.1f} s behind", self.check_every)

    def mark_down(self, error: Exception) -> None:
        """Not reachable: read from the primary, and try again after `retry_after`."""
        self._set(None, f"cannot be reached ({type(error).__name__})", self.retry_after)

    def _set(self, lag: float | None, state: str, wait: float) -> None:
        was_usable = self._within_limit
        self.lag = lag
        self._next_check = time.monotonic() + wait
        if was_usable and not self._within_limit:
            _log.warning("Read replica %s: reading from the primary", state)

    def has_replayed(self, position: int, connection: Connection) -> bool:
        """The replica shows everything up to `position` (asked again if not yet known)."""
        if self.replayed < position:
            self.replayed = lsn_number(connection.scalar(_REPLAYED)) or 0
        return self.replayed >= position


def _own_write() -> tuple[bool, int | None]:
    """(a cookie says she wrote, the primary's position then; None if unreadable)."""
    value = request.cookies.get(COOKIE)
    if value is None:
        return False, None
    try:
        return True, int(value, 16)
    except ValueError:
        return True, None


def read_from_replica() -> None:
    """before_request, after the sign-in hooks: mark a public page's reads for the replica."""
    replica: ReadReplica | None = current_app.extensions.get(EXTENSION)
    if (replica is None or request.method not in ("GET", "HEAD")
            or request.endpoint not in READ_ENDPOINTS):
        return
    wrote, position = _own_write()
    if wrote and position is None:
        return
    _ = current_user.is_authenticated  # her session row read from the primary, not a copy
    if not replica.usable():
        return
    try:
        connection = db.session.connection(bind_arguments={"bind": replica.engine})
        if wrote and not replica.has_replayed(position, connection):
            return  # her own write is not there yet
    except SQLAlchemyError as error:
        db.session.rollback()
        replica.mark_down(error)
        return
    db.session.info[READ_ENGINE] = replica.engine


def remember_own_write(response: Response) -> Response:
    """after_request of a POST (any unsafe method): note where the primary's WAL stood."""
    replica: ReadReplica | None = current_app.extensions.get(EXTENSION)
    if replica is None or request.method in SAFE_METHODS:
        return response
    try:
        with db.engine.connect() as connection:
            position = lsn_number(connection.scalar(_WRITE_POSITION))
    except SQLAlchemyError:
        position = None
    config = current_app.config
    response.set_cookie(
        COOKIE, format(position if position is not None else NEVER_REPLAYED, "x"),
        max_age=replica.cookie_seconds, httponly=True, samesite="Lax",
        secure=bool(config.get("SESSION_COOKIE_SECURE")))
    return response


def init_app(app: Flask) -> None:
    """Only with REPLICA_DATABASE_URL; after the sign-in hooks (security.init_app)."""
    url = app.config.get("REPLICA_DATABASE_URL")
    if not url:
        return
    with app.app_context():
        primary = db.engine
    if primary.dialect.name != "postgresql" or not url.startswith("postgresql"):
        raise config_module.ConfigError(
            "REPLICA_DATABASE_URL needs PostgreSQL, as DATABASE_URL must then be: a "
            "replica streams the primary's WAL.")
    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    options["connect_args"] = {"connect_timeout": CONNECT_TIMEOUT_SECONDS,
                               **options.get("connect_args", {})}
    app.extensions[EXTENSION] = ReadReplica(
        sa.create_engine(url, **options), primary,
        max_lag=float(app.config["REPLICA_MAX_LAG_SECONDS"]),
        check_every=float(app.config["REPLICA_CHECK_SECONDS"]),
        retry_after=float(app.config["REPLICA_RETRY_SECONDS"]))
    app.before_request(read_from_replica)
    app.after_request(remember_own_write)
