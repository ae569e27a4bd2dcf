"""The catalogue version: a token that changes in the same transaction as any write to a
table a public page shows, so a reader that sees the new token also sees the new data.

The version is one row (`catalogue_version`) whose token is replaced at commit by any
session that wrote a public table. Reading it must cost less than a cached page: SQLite is
read in place (4 us); on PostgreSQL each process LISTENs and the writer's transaction
NOTIFYs the new token at commit.

A stock change that leaves every product card as it was (5 -> 4 units: cards only say
"sold out" or "only 1 left") changes a second token instead, which only product pages
key on: an order then re-renders product pages, not every list.

The page cache (`web/pagecache.py`) keys on it.
"""

from __future__ import annotations

import secrets
import threading
from contextlib import suppress
from typing import Any, NamedTuple

from flask import Flask, current_app, has_app_context
from sqlalchemy import Connection, event, text
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction, UOWTransaction

from marketplace.extensions import db

# Tables whose rows appear on a public page; a write to any of them changes the version.
PUBLIC_TABLES = frozenset(
    {
        "products", "product_makers", "photos", "centres", "centre_crafts", "crafts",
        "neighbourhoods", "trainees", "drivers", "driver_centres", "search_synonyms",
        "search_words",
    }
)
# Tables no cached page reads (or only through the TTL-bounded home figures). Every table
# must be in one set or the other; a test keeps the two complete.
PRIVATE_TABLES = frozenset(
    {
        "users", "staff_centres", "orders", "order_lines", "order_events", "payments",
        "return_requests", "purchases", "purchase_shares", "payouts", "ledger_entries",
        "material_issues", "courses", "enrollments", "certificates", "referrals", "loans",
        "outbox", "audit_log", "catalogue_version", "refunds", "stock_adjustments", "return_photos",
        "programme_figures", "failed_jobs", "user_sessions", "recovery_codes", "sign_in_delays",
        "applicants", "partner_offices",
    }
)
_CHANGED = "catalogue_changed"  # session.info: CATALOGUE or STOCK, the wider one wins
_WRITTEN = "catalogue_written"
# The rows of catalogue_version: what every cached page keys on, and what product pages
# alone also key on (their exact stock).
CATALOGUE, STOCK = 1, 2
# An UPDATE of products that changes nothing but stock, and reports it (inventory.py).
STOCK_UPDATE = {"catalogue_stock_update": True}
_UPSERT = (
    "INSERT INTO catalogue_version (id, token) VALUES (:row, :token) "
    "ON CONFLICT (id) DO UPDATE SET token = excluded.token"
)
_UPSERT_AND_NOTIFY = (
    "WITH bumped AS (INSERT INTO catalogue_version (id, token) VALUES (:row, :token) "
    "ON CONFLICT (id) DO UPDATE SET token = excluded.token RETURNING id, token) "
    "SELECT pg_notify('catalogue_version', id || ':' || token) FROM bumped"
)
_READ = "SELECT id, token FROM catalogue_version"


class Version(NamedTuple):
    catalogue: int
    stock: int


def _version_of(rows: Any) -> Version:
    tokens = dict(rows)
    return Version(tokens.get(CATALOGUE, 0), tokens.get(STOCK, 0))


# --- The version: changed in the writer's own transaction --------------------------------


def _mark(session: Session, row: int) -> None:
    session.info[_CHANGED] = min(row, session.info.get(_CHANGED, row))


def _mark_if_public(session: Session, table_name: str | None) -> None:
    if table_name in PUBLIC_TABLES:
        _mark(session, CATALOGUE)


def stock_moved(session: Session, before: int, after: int) -> None:
    """Record a stock change made by a STOCK_UPDATE statement. Cards show only whether
    a product is sold out, has 1 left or more, so only a move between those changes
    every page; any other changes the product pages alone."""
    _mark(session, CATALOGUE if min(before, 2) != min(after, 2) else STOCK)


@event.listens_for(Session, "before_flush")
def _watch_flush(session: Session, flush_context: UOWTransaction, instances: Any) -> None:
    for obj in (*session.new, *session.dirty, *session.deleted):
        table = getattr(obj, "__table__", None)
        _mark_if_public(session, getattr(table, "name", None))
        if session.info.get(_CHANGED) == CATALOGUE:
            return


@event.listens_for(Session, "do_orm_execute")
def _watch_statement(state: ORMExecuteState) -> None:
    # Bulk UPDATE/DELETE/INSERT statements (stock taken at checkout) skip the flush.
    if state.execution_options.get("catalogue_stock_update"):
        return  # the caller reports what the stock did (stock_moved)
    if state.is_update or state.is_delete or state.is_insert:
        table = getattr(state.statement, "table", None)
        _mark_if_public(state.session, getattr(table, "name", None))


@event.listens_for(Session, "before_commit")
def _bump_on_commit(session: Session) -> None:
    session.flush()  # objects still pending are written (and watched) first
    row = session.info.pop(_CHANGED, None)
    if row is not None:
        token, bind = secrets.randbits(62), session.get_bind()
        session.execute(*_bump_statement(bind.dialect.name, row, token))
        session.info[_WRITTEN] = (bind, row, token)


@event.listens_for(Session, "after_commit")
def _tell_this_process(session: Session) -> None:
    # This process's own pages change at once; other processes hear of it by NOTIFY.
    written = session.info.pop(_WRITTEN, None)
    if written is not None and has_app_context() and written[0] is db.engine:
        _reader().written(written[1], written[2])


@event.listens_for(Session, "after_transaction_end")
def _forget_at_the_end(session: Session, transaction: SessionTransaction) -> None:
    # A rolled-back transaction's writes are gone; a savepoint's end leaves the outer one's.
    if transaction.parent is None:
        session.info.pop(_CHANGED, None)
        session.info.pop(_WRITTEN, None)


def _bump_statement(dialect: str, row: int, token: int) -> tuple[Any, dict[str, int]]:
    """An upsert, so emptying the table (tests, restores) never breaks a writer. The
    token is random, not a counter: a counter restarted by an emptied table could come
    back to a value an old cache entry was stored under. PostgreSQL also announces it
    (NOTIFY is sent at commit, in commit order) to every worker's listener."""
    sql = _UPSERT_AND_NOTIFY if dialect == "postgresql" else _UPSERT
    return text(sql), {"row": row, "token": token}


def bump_now(connection: Connection) -> int:
    """A new version at once, for a change the ORM does not see (a restored backup)."""
    token = secrets.randbits(62)
    connection.execute(*_bump_statement(connection.dialect.name, CATALOGUE, token))
    return token


def current_version() -> Version:
    """The version as the latest commit left it."""
    return _reader().read()


class VersionReader:
    """SQLite: reads the version on a connection each thread keeps for this one query.

    A cache hit costs little more than this read (4 us); taking a pooled connection for
    it (checkout, ping, reset) costs 5 to 8 times the query itself. The connection is out
    of the pool and reads outside any transaction, so each read sees the latest commit.
    """

    def __init__(self) -> None:
        self._local = threading.local()

    def read(self) -> Version:
        dbapi_error = db.engine.dialect.loaded_dbapi.Error
        local = self._local
        for attempt in range(2):
            connection = getattr(local, "connection", None) or self._connect(local)
            try:
                return _fetch_version(connection)
            except dbapi_error:
                local.connection = None  # a broken connection: reconnect once
                with suppress(dbapi_error):
                    connection.close()
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def written(self, row: int, token: int) -> None:
        """Each read goes to the database anyway."""

    @staticmethod
    def _connect(local: threading.local) -> Any:
        local.connection = _connection_of_its_own()
        return local.connection


class VersionListener:
    """PostgreSQL: the version without a round trip. One connection per process LISTENs;
    each read takes whatever notifications have arrived (a non-blocking socket read) and
    keeps the last token announced. On loopback a commit's NOTIFY arrives well under a
    millisecond after it; this process's own commits apply at once (`written`).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()  # gthread workers share the one connection
        self._connection: Any = None
        self._version = Version(0, 0)

    def read(self) -> Version:
        dbapi_error = db.engine.dialect.loaded_dbapi.Error
        with self._lock:
            try:
                self._listen() if self._connection is None else self._drain()
            except dbapi_error:
                self._close()  # dropped (a database restart): listen afresh, once
                self._listen()
            return self._version

    def written(self, row: int, token: int) -> None:
        with self._lock:
            self._apply(row, token)

    def _apply(self, row: int, token: int) -> None:
        if row == CATALOGUE:
            self._version = self._version._replace(catalogue=token)
        else:
            self._version = self._version._replace(stock=token)

    def _listen(self) -> None:
        direct = current_app.config.get("PAGE_CACHE_LISTEN_URL")
        if direct:
            # PgBouncer in transaction mode drops LISTEN: listen on PostgreSQL itself.
            import psycopg

            connection = psycopg.connect(direct, autocommit=True)
        else:
            connection = _connection_of_its_own()
            connection.autocommit = True
        self._connection = connection
        connection.execute("LISTEN catalogue_version")
        # Read after LISTEN, so no change can fall between the two.
        self._version = _fetch_version(connection)

    def _drain(self) -> None:
        pgconn = self._connection.pgconn
        pgconn.consume_input()
        while (note := pgconn.notifies()) is not None:
            row, _, token = note.extra.partition(b":")  # libpq gives bytes
            self._apply(int(row), int(token))

    def _close(self) -> None:
        connection, self._connection = self._connection, None
        with suppress(Exception):
            connection.close()


def _connection_of_its_own() -> Any:
    """A driver connection from the engine (its connect-time settings applied) that
    never goes back to the pool: closing it closes it."""
    pooled = db.engine.raw_connection()
    connection = pooled.driver_connection
    pooled.detach()
    return connection


def _fetch_version(connection: Any) -> Version:
    cursor = connection.cursor()
    try:
        cursor.execute(_READ)
        return _version_of(cursor.fetchall())
    finally:
        cursor.close()


def _reader() -> VersionReader | VersionListener:
    return current_app.extensions["catalogue_version"]


def init_app(app: Flask) -> None:
    """Each process reads the version its own way: in place (SQLite) or by LISTEN."""
    listens = app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgres")
    app.extensions["catalogue_version"] = VersionListener() if listens else VersionReader()
