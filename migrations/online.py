"""Schema changes that keep the shop open while they run, for migrations from 0010 on.

On PostgreSQL a plain CREATE INDEX blocks every write to the table until it is built, and
ALTER TABLE takes an ACCESS EXCLUSIVE lock that queues every read behind it: on a table of
a million order lines, minutes with the shop closed. These helpers do the same work the way
that does not stop it (docs/scaling.md, "Migrations that do not stop the shop"), and do the
plain thing on SQLite, where a migration runs on one machine with the shop stopped anyway.
tests/test_migration_locks.py refuses a new migration that does it the blocking way.

    from migrations.online import create_index_concurrently

    def upgrade():
        create_index_concurrently("ix_orders_phone", "orders", ["phone"])

The timeouts are set by env.py for every migration on PostgreSQL: a statement that waits
longer than LOCK_TIMEOUT for its lock gives up (and the migration with it) instead of
queueing the shop's queries behind it; one that runs longer than STATEMENT_TIMEOUT is
stopped. Building an index concurrently may take longer, and blocks nobody: the helpers
lift the statement timeout for it alone.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

LOCK_TIMEOUT = os.environ.get("MIGRATION_LOCK_TIMEOUT", "5s")
STATEMENT_TIMEOUT = os.environ.get("MIGRATION_STATEMENT_TIMEOUT", "60s")


def timeout_statements() -> tuple[str, ...]:
    """The SET statements env.py runs before the migrations on PostgreSQL."""
    return (f"SET lock_timeout = '{LOCK_TIMEOUT}'",
            f"SET statement_timeout = '{STATEMENT_TIMEOUT}'")


def _postgresql() -> bool:
    return op.get_context().dialect.name == "postgresql"


def _outside_a_transaction(*statements: str, unbounded: bool = True) -> None:
    """Run `statements` in autocommit, each its own transaction, so no lock outlives its
    statement; `unbounded` lifts the statement timeout for work that blocks nobody."""
    with op.get_context().autocommit_block():
        if unbounded:
            op.execute("SET statement_timeout = 0")
        for statement in statements:
            op.execute(statement)
        if unbounded:
            op.execute(f"SET statement_timeout = '{STATEMENT_TIMEOUT}'")


def create_index_concurrently(name: str, table: str, columns: Sequence[str], *,
                              unique: bool = False, where: str | None = None) -> None:
    """CREATE INDEX CONCURRENTLY on PostgreSQL (writes go on while it is built), outside the
    migration's transaction, as PostgreSQL requires. A build that failed half-way leaves an
    invalid index of that name; it is dropped first, so the migration can simply be run
    again."""
    if not _postgresql():
        op.create_index(name, table, list(columns), unique=unique,
                        sqlite_where=None if where is None else sa.text(where))
        return
    quoted = ", ".join(op.get_context().impl.dialect.identifier_preparer.quote(c)
                       for c in columns)
    _outside_a_transaction(
        f"DROP INDEX CONCURRENTLY IF EXISTS {name}",
        f"CREATE {'UNIQUE ' if unique else ''}INDEX CONCURRENTLY {name} ON {table} ({quoted})"
        + (f" WHERE {where}" if where else ""),
    )


def drop_index_concurrently(name: str, table: str) -> None:
    """DROP INDEX CONCURRENTLY on PostgreSQL: no lock that waits for running queries."""
    if not _postgresql():
        op.drop_index(name, table_name=table)
        return
    _outside_a_transaction(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")


def add_check_not_valid(name: str, table: str, condition: str) -> None:
    """A CHECK that holds for new rows at once and is proved for the old ones without
    blocking: added NOT VALID (a moment's lock, no scan), then validated in its own
    transaction (a scan that lets reads and writes go on)."""
    if not _postgresql():
        with op.batch_alter_table(table) as batch:
            batch.create_check_constraint(name, sa.text(condition))
        return
    _outside_a_transaction(
        f"ALTER TABLE {table} ADD CONSTRAINT {name} CHECK ({condition}) NOT VALID",
        f"ALTER TABLE {table} VALIDATE CONSTRAINT {name}",
    )


def add_foreign_key_not_valid(name: str, table: str, columns: Sequence[str],
                              referred: str, referred_columns: Sequence[str], *,
                              ondelete: str | None = None) -> None:
    """A foreign key added NOT VALID and validated in its own transaction, so neither table
    is locked against writes while the existing rows are checked."""
    if not _postgresql():
        with op.batch_alter_table(table) as batch:
            batch.create_foreign_key(name, referred, list(columns), list(referred_columns),
                                     ondelete=ondelete)
        return
    action = f" ON DELETE {ondelete}" if ondelete else ""
    _outside_a_transaction(
        f"ALTER TABLE {table} ADD CONSTRAINT {name} FOREIGN KEY ({', '.join(columns)}) "
        f"REFERENCES {referred} ({', '.join(referred_columns)}){action} NOT VALID",
        f"ALTER TABLE {table} VALIDATE CONSTRAINT {name}",
    )


def set_not_null(table: str, column: str) -> None:
    """NOT NULL on a filled column without the full-table scan under an exclusive lock:
    a validated CHECK (column IS NOT NULL) lets PostgreSQL skip the scan; the check is
    dropped once the column itself says it."""
    if not _postgresql():
        with op.batch_alter_table(table) as batch:
            batch.alter_column(column, nullable=False)
        return
    check = f"ck_{table}_{column}_not_null"
    add_check_not_valid(check, table, f"{column} IS NOT NULL")
    # Instant once the check is valid: under the statement timeout, like any other DDL.
    _outside_a_transaction(
        f"ALTER TABLE {table} ALTER COLUMN {column} SET NOT NULL",
        f"ALTER TABLE {table} DROP CONSTRAINT {check}",
        unbounded=False,
    )
