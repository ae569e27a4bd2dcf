"""Whole-page cache for anonymous visitors of the storefront.

A page is cached per worker, keyed by its full URL and language, and valid while the
catalogue version is unchanged. The version is one row (`catalogue_version`) whose token
is replaced in the same transaction as any write to a table a public page shows, so a
reader that sees the new token also sees the new data: invalidation is exact, on every
host, with no TTL guessing. A TTL (PAGE_CACHE_SECONDS) still bounds the age of an entry,
because the home page's programme figures come from tables outside the catalogue.

Reading the version must cost less than the page: SQLite is read in place (4 us); on
PostgreSQL a round trip per hit took a tenth of the bare-Flask reference's throughput,
so each process LISTENs and the writer's transaction NOTIFYs the new token at commit.

A stock change that leaves every product card as it was (5 -> 4 units: cards only say
"sold out" or "only 1 left") changes a second token instead, which only product pages
key on: an order then re-renders product pages, not every list.

Only visitors whose session holds nothing personal are served from it (no cart, no
sign-in, no flash message). The one per-visitor part of those pages, the CSRF token in the
header's language form and the add-to-cart form, is rendered as a placeholder and filled
in for each response. Responses carry a weak ETag, so a browser revalidating gets a 304.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from collections import OrderedDict
from contextlib import suppress
from dataclasses import dataclass
from typing import Any, NamedTuple

from flask import Flask, current_app, g, has_app_context, request, session
from flask_login import COOKIE_NAME as DEFAULT_REMEMBER_COOKIE
from flask_wtf.csrf import generate_csrf
from sqlalchemy import Connection, event, text
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction, UOWTransaction
from werkzeug.wrappers import Response

from .extensions import db

# Tables whose rows appear on a public page; a write to any of them changes the version.
PUBLIC_TABLES = frozenset(
    {
        "products", "product_makers", "photos", "centres", "centre_crafts", "crafts",
        "neighbourhoods", "trainees", "drivers", "driver_centres",
    }
)
# Tables no cached page reads (or only through the TTL-bounded home figures). Every table
# must be in one set or the other; a test keeps the two complete.
PRIVATE_TABLES = frozenset(
    {
        "users", "staff_centres", "orders", "order_lines", "order_events", "payments",
        "return_requests", "purchases", "purchase_shares", "payouts", "ledger_entries",
        "material_issues", "courses", "enrollments", "certificates", "referrals", "loans",
        "outbox", "audit_log", "catalogue_version",
    }
)
CACHED_ENDPOINTS = frozenset(
    {
        "shop.home", "shop.products", "shop.product", "shop.centres", "shop.centre",
        "shop.maker", "shop.search_page",
    }
)
# Session keys that say nothing about the visitor beyond her language.
ANONYMOUS_SESSION_KEYS = frozenset({"lang", "csrf_token", "_permanent"})
CSRF_PLACEHOLDER = "rooyesh-csrf-placeholder-3f9c1e"
_PLACEHOLDER_BYTES = CSRF_PLACEHOLDER.encode()
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


# --- The store: one per worker process ---------------------------------------------------


@dataclass(frozen=True)
class Entry:
    body: bytes  # UTF-8, with CSRF_PLACEHOLDER where the visitor's token goes
    etag: str
    stored_at: float


class PageStore:
    """An LRU of rendered pages bounded in bytes, emptied when the version changes."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[tuple[Any, ...], Entry] = OrderedDict()
        self._bytes = 0
        self._version: int | None = None
        self._lock = threading.Lock()  # gthread workers share one store

    def get(self, version: int, key: tuple[Any, ...], max_age: float) -> Entry | None:
        with self._lock:
            if version != self._version:
                self._reset(version)
                return None
            entry = self._entries.get(key)
            if entry is None:
                return None
            if time.monotonic() - entry.stored_at > max_age:
                self._drop(key)
                return None
            self._entries.move_to_end(key)
            return entry

    def put(self, version: int, key: tuple[Any, ...], body: bytes) -> Entry:
        digest = hashlib.blake2b(body, digest_size=12, key=version.to_bytes(8)).hexdigest()
        entry = Entry(body, f'W/"{digest}"', time.monotonic())
        size = len(body)
        with self._lock:
            if version != self._version:
                self._reset(version)
            if size > self.max_bytes:
                return entry
            if key in self._entries:
                self._drop(key)
            self._entries[key] = entry
            self._bytes += size
            while self._bytes > self.max_bytes:
                self._drop(next(iter(self._entries)))
        return entry

    def clear(self) -> None:
        with self._lock:
            self._reset(None)

    def __len__(self) -> int:
        return len(self._entries)

    def _reset(self, version: int | None) -> None:
        self._entries.clear()
        self._bytes = 0
        self._version = version

    def _drop(self, key: tuple[Any, ...]) -> None:
        self._bytes -= len(self._entries.pop(key).body)


# --- The request hooks -------------------------------------------------------------------


def _store() -> PageStore:
    return current_app.extensions["page_cache"]


def _reader() -> VersionReader | VersionListener:
    return current_app.extensions["page_cache_version"]


def _page_key() -> tuple[Any, ...]:
    """The page's URL as the client asked for it (host and query included: links and
    JSON-LD on the page are absolute), and the visitor's language. Built from the WSGI
    environ: request.url decodes and re-quotes it, a tenth of a cache hit."""
    environ = request.environ
    url = (
        f"{environ['wsgi.url_scheme']}://{environ.get('HTTP_HOST', '')}"
        f"{environ.get('SCRIPT_NAME', '')}{environ.get('PATH_INFO', '')}"
        f"?{environ.get('QUERY_STRING', '')}"
    )
    lang = session.get("lang")
    config = current_app.config
    return url, lang if lang in config["LANGUAGES"] else config["BABEL_DEFAULT_LOCALE"]


def _cacheable_request() -> bool:
    if request.method not in ("GET", "HEAD") or request.endpoint not in CACHED_ENDPOINTS:
        return False
    remember = current_app.config.get("REMEMBER_COOKIE_NAME", DEFAULT_REMEMBER_COOKIE)
    if remember in request.cookies:
        return False
    return set(session.keys()) <= ANONYMOUS_SESSION_KEYS


def serve_cached() -> Response | None:
    """before_request: answer from the cache, or arrange for the page to be stored."""
    if not _cacheable_request():
        return None
    version = current_version()
    key = _page_key()
    if request.endpoint == "shop.product":  # the one page that shows the exact stock
        key += (version.stock,)
    entry = _store().get(version.catalogue, key, current_app.config["PAGE_CACHE_SECONDS"])
    if entry is None:
        g.page_cache = (version.catalogue, key)
        g.csrf_token = CSRF_PLACEHOLDER  # Flask-WTF's per-request token, read by forms
        return None
    return _respond(Response(mimetype="text/html"), entry)  # charset: utf-8, Flask's default


def store_rendered(response: Response) -> Response:
    """after_request: keep a freshly rendered page, then give it the visitor's token."""
    pending = g.pop("page_cache", None)
    if pending is None:
        return response
    g.pop("csrf_token", None)
    if (
        response.status_code != 200
        or response.mimetype != "text/html"
        or response.direct_passthrough
        or session.modified  # the view wrote something personal after all
    ):
        response.set_data(_with_visitor_token(response.get_data()))
        return response
    version, key = pending
    entry = _store().put(version, key, response.get_data())
    return _respond(response, entry)


def _respond(response: Response, entry: Entry) -> Response:
    response.headers["ETag"] = entry.etag
    # private: the page holds the visitor's CSRF token; no-cache: revalidate every time.
    # (Flask adds "Vary: Cookie" itself: the session was read to choose this page.)
    response.headers["Cache-Control"] = "private, no-cache"
    if entry.etag in request.headers.get("If-None-Match", ""):
        response.status_code = 304
        response.set_data(b"")
        return response
    response.set_data(_with_visitor_token(entry.body))
    return response


def _with_visitor_token(body: bytes) -> bytes:
    # Only a page with a form gets a token (and so a session cookie).
    if _PLACEHOLDER_BYTES not in body:
        return body
    return body.replace(_PLACEHOLDER_BYTES, generate_csrf().encode())


def init_app(app: Flask) -> None:
    app.extensions["page_cache"] = PageStore(app.config["PAGE_CACHE_MAX_BYTES"])
    listens = app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgres")
    app.extensions["page_cache_version"] = VersionListener() if listens else VersionReader()
    if app.config["PAGE_CACHE_SECONDS"] > 0:
        app.before_request(serve_cached)
        app.after_request(store_rendered)
