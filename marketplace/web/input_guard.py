"""Input no view should ever see, refused in one place before any view runs.

- A NUL character anywhere in the path, the query or a form (PostgreSQL refuses it in
  text, so it would reach a view only to crash a query) is a 400.
- Integers from the URL, the query (`request.args.get(..., type=int)`, which
  Flask-SQLAlchemy's `paginate` uses for `?page=`) and forms are bounded to PostgreSQL's
  `integer`: every id column is one, and a page number past it would overflow OFFSET.
  An id beyond it is no object (404); a page number beyond it is the first page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, abort, request
from flask.wrappers import Request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.routing import IntegerConverter

MAX_INT = 2**31 - 1


class BoundedIntConverter(IntegerConverter):
    """`<int:…>` that matches only values an `integer` column can hold (else 404)."""

    def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_INT)
        super().__init__(map, *args, **kwargs)


class BoundedArgs(ImmutableMultiDict):
    """Query and form values whose `get(..., type=int)` refuses numbers out of range, as it
    refuses non-numbers: by returning the default."""

    def get(self, key: Any, default: Any = None, type: Callable | None = None) -> Any:
        value = super().get(key, default, type)
        if type is int and isinstance(value, int) and abs(value) > MAX_INT:
            return default
        return value


def page_number() -> int:
    """`?page=` as a positive page number; the first page when it is missing or absurd."""
    return max(1, request.args.get("page", 1, type=int) or 1)


class GuardedRequest(Request):
    parameter_storage_class = BoundedArgs


def _has_nul(values: Any) -> bool:
    return any("\x00" in key or any("\x00" in v for v in values.getlist(key)) for key in values)


def refuse_nul() -> None:
    """Abort with 400 when a NUL appears in the path, the query or a form field (names
    included) or an uploaded file's name."""
    if "\x00" in request.path or _has_nul(request.args):
        abort(400)
    if request.method in ("POST", "PUT", "PATCH") and (
        _has_nul(request.form)
        or any("\x00" in (upload.filename or "") for upload in request.files.values())
    ):
        abort(400)


def init_url_map(app: Flask) -> None:
    """Before any blueprint is registered: rules pick their converters when added."""
    app.request_class = GuardedRequest
    app.url_map.converters["int"] = BoundedIntConverter


def init_app(app: Flask) -> None:
    # First of all before_request hooks, so the page cache and sign-in never see it either.
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_nul)
