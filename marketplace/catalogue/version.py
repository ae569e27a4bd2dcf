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

import logging
import secrets
import threading
from contextlib import suppress
from typing import Any, NamedTuple

from flask import Flask, current_app, has_app_context
from sqlalchemy import Connection, event, inspect, text
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction, UOWTransaction

from marketplace.extensions import db
from marketplace.models import Centre

log = logging.getLogger(__name__)

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
    }
)
_CHANGED = "catalogue_changed"  # session.info: CATALOGUE or STOCK, the wider one wins
_KEYS = "purge_keys"  # session.info: the surrogate keys (web/httpcache.py) this one changes
# app.extensions: the callable that purges keys from the shared cache after a commit
# (ops/jobs.py queues a job for it); absent, nothing is purged.
PURGE = "http_cache_purge"
EVERY_PAGE = "shop"  # a change with no narrower key purges every page (httpcache.EVERY_PAGE)
LISTS = "list"  # which products a list, the search or the home page shows, and in what order
# Public tables whose rows every page may show, or none in particular: no narrower key.
_KEYS_OF_TABLE = {"search_synonyms": {LISTS}, "search_words": {LISTS}}
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


def stock_moved(session: Session, product_id: int, before: int, after: int) -> None:
    """Record a stock change made by a STOCK_UPDATE statement. Cards show only whether
    a product is sold out, has 1 left or more, so only a move between those changes
    every page; any other changes the product pages alone. Pages that show the product
    (its page, every card of it) are purged either way; lists too when its card moved
    (the in-stock filter)."""
    card_moved = min(before, 2) != min(after, 2)
    _mark(session, CATALOGUE if card_moved else STOCK)
    _purge_later(session, {f"product-{product_id}", *((LISTS,) if card_moved else ())})


def _purge_later(session: Session, keys: set[str]) -> None:
    session.info.setdefault(_KEYS, set()).update(keys)


def _keys_of(session: Session, obj: Any) -> set[str]:
    """The surrogate keys of the pages that show `obj` (a new, changed or deleted row of
    a public table), named as the views and the card macro name them."""
    table = getattr(getattr(obj, "__table__", None), "name", None)
    if table == "products":
        centre = session.get(Centre, obj.centre_id) if obj.centre_id else None
        return {f"product-{obj.id}", LISTS, *_slug_keys("centre", centre)}
    if table in ("photos", "product_makers"):
        keys = {f"product-{obj.product_id}"}
        return keys | ({f"maker-{obj.trainee_id}"} if table == "product_makers" else set())
    if table == "trainees":
        return {f"maker-{obj.id}"}
    if table == "centres":
        return {LISTS, *_slug_keys("centre", obj)}
    if table == "crafts":
        return {LISTS, *(f"craft-{code}" for code in _values(obj, "code"))}
    return _KEYS_OF_TABLE.get(table, {EVERY_PAGE}) if table in PUBLIC_TABLES else set()


def _slug_keys(kind: str, obj: Any) -> set[str]:
    return {f"{kind}-{slug}" for slug in _values(obj, "slug")} if obj is not None else set()


def _values(obj: Any, attribute: str) -> set[str]:
    """The attribute as it is and as it was before this flush (a renamed slug's old pages
    must go too)."""
    history = inspect(obj).attrs[attribute].history
    return {v for v in (*history.unchanged, *history.added, *history.deleted) if v}


@event.listens_for(Session, "before_flush")
def _watch_flush(session: Session, flush_context: UOWTransaction, instances: Any) -> None:
    for obj in (*session.new, *session.dirty, *session.deleted):
        table = getattr(obj, "__table__", None)
        _mark_if_public(session, getattr(table, "name", None))
        if session.info.get(_CHANGED) == CATALOGUE:
            return


@event.listens_for(Session, "after_flush")
def _keys_of_flush(session: Session, flush_context: UOWTransaction) -> None:
    # After the flush, not before: new rows have their ids (the lists still say what was
    # new, changed or deleted, and each attribute's history what it was).
    for obj in (*session.new, *session.dirty, *session.deleted):
        keys = _keys_of(session, obj)
        if keys:
            _purge_later(session, keys)


@event.listens_for(Session, "do_orm_execute")
def _watch_statement(state: ORMExecuteState) -> None:
    # Bulk UPDATE/DELETE/INSERT statements (stock taken at checkout) skip the flush.
    if state.execution_options.get("catalogue_stock_update"):
        return  # the caller reports what the stock did (stock_moved)
    if state.is_update or state.is_delete or state.is_insert:
        table = getattr(getattr(state.statement, "table", None), "name", None)
        _mark_if_public(state.session, table)
        if table in PUBLIC_TABLES:  # which rows is not known here: every page
            _purge_later(state.session, _KEYS_OF_TABLE.get(table, {EVERY_PAGE}))


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
    keys = session.info.pop(_KEYS, None)
    purge = current_app.extensions.get(PURGE) if keys and has_app_context() else None
    if purge is not None:
        try:
            purge(sorted(keys))
        except Exception:  # the queue is down: the commit stands; s-maxage bounds the rest
            log.exception("Could not queue the purge of %s", sorted(keys))


@event.listens_for(Session, "after_transaction_end")
def _forget_at_the_end(session: Session, transaction: SessionTransaction) -> None:
    # A rolled-back transaction's writes are gone; a savepoint's end leaves the outer one's.
    if transaction.parent is None:
        session.info.pop(_CHANGED, None)
        session.info.pop(_WRITTEN, None)
        session.info.pop(_KEYS, None)


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
