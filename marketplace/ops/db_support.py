"""Database connection settings that the ORM cannot express.

Imported once by `create_app`; the listener is global so that engines made
outside the app (benchmarks, concurrency tests) get the same settings.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection: Any, connection_record: Any) -> None:
    """SQLite ignores foreign keys unless asked; WAL lets readers run beside a writer."""
    module = type(dbapi_connection).__module__
    if not module.startswith("sqlite3"):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA journal_mode")
    if cursor.fetchone()[0] not in ("memory",):
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()



# Objects that migrations create by hand (the full-text index) and the ORM does not model.
UNMODELLED_PREFIXES = ("product_search",)


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Alembic filter: leave hand-made search tables and indexes out of comparisons.

    An index or column is left out when its table or its own name is unmodelled: the
    PostgreSQL full-text column and its index live on `products`.
    """
    table = name if type_ == "table" else getattr(getattr(obj, "table", None), "name", "")
    own = name if type_ in ("index", "column") else ""
    return not any((n or "").startswith(UNMODELLED_PREFIXES) for n in (table, own))
