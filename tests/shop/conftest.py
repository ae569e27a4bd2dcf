"""Catalogue and search fixtures: listed products with makers, and a SQL query counter."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event

from marketplace.catalogue import search
from marketplace.extensions import db
from marketplace.models import Product, ProductStatus
from tests.factories import make_photo, make_product

BASE_TIME = datetime(2026, 1, 1, 12, 0, 0)


def listed_product(**kw: Any) -> Product:
    """A listed, in-stock product with a listing date and a fresh search index entry."""
    n = kw.pop("n", 0)
    photos = kw.pop("photos", 1)
    kw.setdefault("status", ProductStatus.LISTED)
    kw.setdefault("listed_at", BASE_TIME + timedelta(minutes=n))
    product = make_product(**kw)
    for position in range(photos):
        make_photo(product=product, position=position)
    search.refresh(product)
    db.session.flush()
    return product


class QueryCounter:
    def __init__(self) -> None:
        self.statements: list[str] = []

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries(app: Any) -> Callable[[], Any]:
    """`with count_queries() as counter:` counts the SQL statements sent meanwhile."""

    @contextmanager
    def counting() -> Iterator[QueryCounter]:
        counter = QueryCounter()

        def before(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
            counter.statements.append(statement)

        engine = db.engine
        event.listen(engine, "before_cursor_execute", before)
        try:
            yield counter
        finally:
            event.remove(engine, "before_cursor_execute", before)

    return counting
