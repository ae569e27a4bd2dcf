"""Whole-page cache for anonymous visitors of the storefront.

A page is cached per worker, keyed by its full URL and language, and valid while the
catalogue version (`catalogue/version.py`) is unchanged: invalidation is exact, on every
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
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app, g, request, session
from flask_login import COOKIE_NAME as DEFAULT_REMEMBER_COOKIE
from flask_wtf.csrf import generate_csrf
from werkzeug.wrappers import Response

from marketplace.catalogue.version import current_version
from marketplace.web import httpcache
from marketplace.web.httpcache import KEY_HEADER
from marketplace.web.i18n import select_locale

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


# --- The store: one per worker process ---------------------------------------------------


@dataclass(frozen=True)
class Entry:
    body: bytes  # UTF-8, with CSRF_PLACEHOLDER where the visitor's token goes
    etag: str
    stored_at: float
    keys: str = ""  # the page's surrogate keys (web/httpcache.py)


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

    def put(self, version: int, key: tuple[Any, ...], body: bytes, keys: str = "") -> Entry:
        digest = hashlib.blake2b(body, digest_size=12, key=version.to_bytes(8)).hexdigest()
        entry = Entry(body, f'W/"{digest}"', time.monotonic(), keys)
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
    return url, select_locale()


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
    entry = _store().put(version, key, response.get_data(), httpcache.page_keys())
    return _respond(response, entry)


def _respond(response: Response, entry: Entry) -> Response:
    response.headers["ETag"] = entry.etag
    if entry.keys:
        response.headers[KEY_HEADER] = entry.keys  # for a shared cache in front of this one
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
    if app.config["PAGE_CACHE_SECONDS"] > 0:
        app.before_request(serve_cached)
        app.after_request(store_rendered)
