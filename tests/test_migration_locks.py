"""No new migration stops the shop: squawk over the SQL each one sends to PostgreSQL.

Each revision's offline SQL is rendered through migrations/env.py exactly as
`flask db upgrade --sql <down>:<revision>` would (PostgreSQL dialect, no server needed)
and linted by squawk (PyPI `squawk-cli`, pinned in requirements-test.txt). A finding fails
the test with the revision, the statement, squawk's reason and what to do instead; the
method is in docs/scaling.md, "Migrations that do not stop the shop", and the helpers that
do it right are in migrations/online.py. The migrations below ran before this rule, on
empty or small tables, and are not linted.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command, op
from alembic.operations import Operations
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask
from sqlalchemy import create_engine, event, inspect, text

from config import TestingConfig
from marketplace import create_app
from migrations import online
from tests.scratch import scratch_database

ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS = ROOT / "migrations"
SQUAWK = shutil.which("squawk", path=str(Path(sys.executable).parent)) or shutil.which("squawk")
PG_VERSION = "15"  # the production server (docs/scaling.md)

GRANDFATHERED = {
    "0001": "the initial schema, created on an empty database",
    "0002": "the search index, built when the catalogue had a few hundred products",
    "0003": "four listing indexes on products, built when it had a few hundred rows",
    "0004": "ledger triggers (no table rewrite), before the first payout",
    "0005": "the catalogue version row: one new table",
    "0006": "a stored tsvector column on products, rewritten at a few hundred rows",
    "0007": "a CHECK on order events, added before the shop took orders",
    "0008": "order life columns and tables, before the shop took orders",
    "0009": "return photos: one new table",
    "0201": "search relevance (synonyms, trigram index) on the demo-sized catalogue",
    "0301": "stock adjustments: a new table and a backfill of a demo-sized catalogue",
    "0302": "the audit log's centre column, on a log of a few hundred rows",
}
# squawk rules about style rather than locks, or about steps people decide on purpose.
EXCLUDED_RULES = {
    "prefer-bigint-over-int": "ids are integer on purpose: every id converter is bounded to int4",
    "prefer-bigint-over-smallint": "as above",
    "prefer-identity": "SQLAlchemy's Integer primary keys render SERIAL; a new table is empty",
    "prefer-text-field": "String(n) carries the form's limit; changing it is changing-column-type",
    "prefer-timestamptz": "times are naive UTC by design (docs/architecture.md)",
    "prefer-robust-stmts": "a transactional migration rolls back whole; the concurrent helpers "
                           "drop a half-built index first, so they can run again",
    "ban-drop-column": "dropping is the contract step, for the release that reads it no more",
    "ban-drop-table": "as above",
    "ban-drop-constraint": "as above; set_not_null drops its own temporary check",
    "ban-drop-not-null": "instant (no scan, no rewrite); the code that writes NULL ships with it",
}
# What to write instead, by squawk rule: the helpers of migrations/online.py.
FIXES = {
    "require-concurrent-index-creation":
        "migrations.online.create_index_concurrently(name, table, columns)",
    "require-concurrent-index-deletion": "migrations.online.drop_index_concurrently(name, table)",
    "ban-concurrent-index-creation-in-transaction":
        "the helpers of migrations/online.py run CONCURRENTLY in an autocommit block",
    "adding-required-field": "add the column nullable (or with a constant server_default), "
                             "backfill it in batches, then migrations.online.set_not_null(table, "
                             "column) in a later migration",
    "adding-not-nullable-field": "migrations.online.set_not_null(table, column)",
    "adding-field-with-default": "add the column without a volatile default, backfill in "
                                 "batches, then ALTER COLUMN ... SET DEFAULT",
    "adding-serial-primary-key-field": "a new table, filled in batches, then swapped in",
    "changing-column-type": "expand and contract: a new column of the new type, written by both "
                            "releases, backfilled in batches; the old one dropped later",
    "constraint-missing-not-valid": "migrations.online.add_check_not_valid(...) or "
                                    "add_foreign_key_not_valid(...)",
    "adding-foreign-key-constraint": "migrations.online.add_foreign_key_not_valid(...)",
    "disallowed-unique-constraint": "create_index_concurrently(..., unique=True), then "
                                    "ADD CONSTRAINT name UNIQUE USING INDEX name",
    "renaming-column": "expand and contract: add the new name, write both, drop the old later",
    "renaming-table": "expand and contract: a new table or a view, the old one dropped later",
    "require-lock-timeout": "migrations/env.py sets lock_timeout; do not RESET it",
    "require-statement-timeout": "migrations/env.py sets statement_timeout; do not RESET it",
}
DOC = 'docs/scaling.md, "Migrations that do not stop the shop"'


def _offline_app() -> Flask:
    """The app on a PostgreSQL URL that is never connected to: offline SQL only."""

    class Offline(TestingConfig):
        SQLALCHEMY_DATABASE_URI = "postgresql+psycopg://offline@127.0.0.1:1/offline"

    return create_app(Offline)


def _scripts() -> ScriptDirectory:
    return ScriptDirectory(str(MIGRATIONS))


def render(revision: str) -> str:
    """The SQL `flask db upgrade --sql <down>:<revision>` prints for PostgreSQL."""
    script = _scripts().get_revision(revision)
    down = script.down_revision
    down = (down[0] if isinstance(down, tuple) else down) or "base"
    app = _offline_app()
    with app.app_context():
        config = app.extensions["migrate"].migrate.get_config(str(MIGRATIONS))
        config.output_buffer = io.StringIO()
        command.upgrade(config, f"{down}:{revision}", sql=True)
        return config.output_buffer.getvalue()


def squawk(sql: str, name: str) -> list[dict]:
    """squawk's findings on `sql`, those of EXCLUDED_RULES left out."""
    if SQUAWK is None:
        pytest.skip("squawk is missing (pip install -r requirements-test.txt)")
    run = subprocess.run(
        [SQUAWK, "--pg-version", PG_VERSION, "--reporter", "json", "--stdin-filepath", name,
         "--exclude", ",".join(EXCLUDED_RULES)],
        input=sql, capture_output=True, text=True, check=False, timeout=60,
    )
    assert run.stdout.strip().startswith("["), run.stdout + run.stderr
    return json.loads(run.stdout)


def explain(revision: str, sql: str, findings: list[dict]) -> str:
    """One paragraph a finding, for the engineer who wrote the migration."""
    lines = sql.splitlines()
    path = _scripts().get_revision(revision).path
    out = []
    for found in findings:
        statement = lines[found["line"]].strip() if found["line"] < len(lines) else ""
        out.append(
            f"{Path(path).relative_to(ROOT)}: {found['rule_name']}: {found['message']}\n"
            f"    statement: {statement[:200]}\n"
            f"    do instead: {FIXES.get(found['rule_name'], found.get('help') or DOC)}")
    return "\n".join(out)


def test_grandfathered_revisions_exist() -> None:
    revisions = {script.revision for script in _scripts().walk_revisions()}
    assert set(GRANDFATHERED) <= revisions, set(GRANDFATHERED) - revisions


def test_new_migrations_take_no_long_lock() -> None:
    """Every migration after 0009 passes squawk. Write yours with migrations/online.py."""
    problems = []
    for script in _scripts().walk_revisions():
        if script.revision in GRANDFATHERED:
            continue
        try:
            sql = render(script.revision)
        except Exception as error:  # any failure is the engineer's to read
            problems.append(f"{Path(script.path).relative_to(ROOT)}: cannot be rendered with "
                            f"`flask db upgrade --sql` ({error!r}). A migration must not read "
                            "the database to choose its DDL: branch on "
                            "op.get_context().dialect.name instead.")
            continue
        findings = squawk(sql, f"{script.revision}.sql")
        if findings:
            problems.append(explain(script.revision, sql, findings))
    assert not problems, (
        f"These migrations would stop the shop on a populated table ({DOC}):\n\n"
        + "\n\n".join(problems))


def test_env_sets_the_timeouts_before_each_run() -> None:
    sql = render("0009")
    before = sql[: sql.index("BEGIN;")]
    for statement in online.timeout_statements():
        assert statement + ";" in before
    # transaction_per_migration: one migration's locks are not held while the next runs.
    assert sql.count("BEGIN;") == sql.count("COMMIT;") == 1


def _ops_sql(operations: Callable[[], None]) -> str:
    """The offline PostgreSQL SQL of `operations` as one migration, after env.py's SETs."""
    buffer = io.StringIO()
    context = MigrationContext.configure(
        dialect_name="postgresql",
        opts={"as_sql": True, "output_buffer": buffer, "literal_binds": True,
              "transaction_per_migration": True})
    for statement in online.timeout_statements():
        buffer.write(statement + ";\n\n")
    with Operations.context(context), context.begin_transaction(_per_migration=True):
        operations()
    return buffer.getvalue()


BLOCKING = {
    "require-concurrent-index-creation":
        lambda: op.create_index("ix_orders_phone", "orders", ["phone"]),
    "adding-required-field":
        lambda: op.add_column("orders", sa.Column("note", sa.Text(), nullable=False)),
    "adding-field-with-default": lambda: op.add_column(
        "orders", sa.Column("token", sa.Text(), server_default=sa.text("gen_random_uuid()"))),
    "changing-column-type": lambda: op.alter_column("orders", "phone", type_=sa.Text()),
    "adding-not-nullable-field": lambda: op.alter_column("orders", "phone", nullable=False),
    "adding-foreign-key-constraint":
        lambda: op.create_foreign_key("fk_orders_x", "orders", "users", ["x"], ["id"]),
    "constraint-missing-not-valid":
        lambda: op.create_check_constraint("ck_orders_x", "orders", "x > 0"),
    "disallowed-unique-constraint":
        lambda: op.create_unique_constraint("uq_orders_x", "orders", ["x"]),
    "renaming-column":
        lambda: op.alter_column("orders", "phone", new_column_name="telephone"),
}


@pytest.mark.parametrize("rule", list(BLOCKING))
def test_the_check_refuses_what_would_stop_the_shop(rule: str) -> None:
    sql = _ops_sql(BLOCKING[rule])
    assert rule in {found["rule_name"] for found in squawk(sql, "blocking.sql")}, sql


def _the_safe_way() -> None:
    online.create_index_concurrently("ix_orders_phone", "orders", ["phone", "id"],
                                     where="phone IS NOT NULL")
    online.drop_index_concurrently("ix_orders_old", "orders")
    online.add_check_not_valid("ck_orders_total", "orders", "total_rials >= 0")
    online.add_foreign_key_not_valid("fk_orders_x", "orders", ["x"], "users", ["id"])
    online.set_not_null("orders", "phone")


def test_the_helpers_pass_the_check() -> None:
    sql = _ops_sql(_the_safe_way)
    assert "CREATE INDEX CONCURRENTLY ix_orders_phone" in sql
    assert squawk(sql, "helpers.sql") == [], sql


def test_the_helpers_change_a_filled_table(app, tmp_path) -> None:
    """On each backend: the index, the checks, the foreign key and NOT NULL are really there,
    on a table that already has rows; on PostgreSQL the index is valid."""
    engine = create_engine(scratch_database(app.config["SQLALCHEMY_DATABASE_URI"], "online",
                                            tmp_path))
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE users (id INTEGER PRIMARY KEY)"))
        conn.execute(text("CREATE TABLE orders (id INTEGER PRIMARY KEY, phone VARCHAR(20), "
                          "total_rials BIGINT, x INTEGER)"))
        conn.execute(text("INSERT INTO users (id) VALUES (1)"))
        conn.execute(text("INSERT INTO orders (id, phone, total_rials, x) VALUES "
                          "(1, '0915', 10, 1), (2, '0912', 20, 1)"))
        conn.execute(text("CREATE INDEX ix_orders_old ON orders (x)"))
    with engine.connect() as conn:
        context = MigrationContext.configure(conn)
        with Operations.context(context), context.begin_transaction():
            _the_safe_way()
        conn.commit()
    found = inspect(engine)
    assert {i["name"] for i in found.get_indexes("orders")} == {"ix_orders_phone"}
    assert not next(c for c in found.get_columns("orders") if c["name"] == "phone")["nullable"]
    assert "ck_orders_total" in {c["name"] for c in found.get_check_constraints("orders")}
    assert [fk["referred_table"] for fk in found.get_foreign_keys("orders")] == ["users"]
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            assert conn.scalar(text("SELECT indisvalid FROM pg_index WHERE indexrelid = "
                                    "'ix_orders_phone'::regclass"))
            assert conn.scalar(text("SELECT count(*) FROM pg_constraint WHERE NOT "
                                    "convalidated AND conrelid = 'orders'::regclass")) == 0
    engine.dispose()


def test_migrations_run_with_the_timeouts(app, tmp_path) -> None:
    """A real upgrade through env.py sets lock_timeout and statement_timeout on PostgreSQL
    before its first migration (and nothing of the kind on SQLite)."""
    url = scratch_database(app.config["SQLALCHEMY_DATABASE_URI"], "timeouts", tmp_path)

    class Scratch(TestingConfig):
        SQLALCHEMY_DATABASE_URI = url

    scratch = create_app(Scratch)
    sent: list[str] = []
    with scratch.app_context():
        from flask_migrate import upgrade

        from marketplace.extensions import db

        event.listen(db.engine, "before_cursor_execute",
                     lambda conn, cursor, statement, *args: sent.append(statement))
        upgrade(directory=str(MIGRATIONS), revision="0001")
        db.engine.dispose()
    sets = [s for s in sent if s.startswith("SET ")]
    expected = list(online.timeout_statements()) if url.startswith("postgresql") else []
    assert sets == expected
    if expected:
        assert sent.index(expected[0]) < next(i for i, s in enumerate(sent)
                                              if "CREATE TABLE" in s)
