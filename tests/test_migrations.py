"""The migrations build exactly the schema the models describe, on each backend."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from marketplace.extensions import db
from marketplace.ops.db_support import include_object
from tests.scratch import scratch_database


def test_models_match_migrations(app) -> None:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={"compare_type": True, "include_object": include_object},
        )
        diff = compare_metadata(context, db.metadata)
    assert diff == []


# pytest-alembic's built-in checks, on a scratch database of each backend.
from pytest_alembic.tests import (  # noqa: E402
    test_model_definitions_match_ddl,
    test_single_head_revision,
    test_up_down_consistency,
    test_upgrade,
)

__all__ = [
    "test_model_definitions_match_ddl", "test_single_head_revision", "test_up_down_consistency",
    "test_upgrade",
]


@pytest.fixture
def alembic_config() -> dict:
    return {"file": "migrations/alembic.ini", "script_location": "migrations"}


@pytest.fixture
def alembic_engine(app, tmp_path):
    engine = create_engine(
        scratch_database(app.config["SQLALCHEMY_DATABASE_URI"], "alembic", tmp_path)
    )
    yield engine
    engine.dispose()


def test_0013_keeps_one_photo_of_each_image_and_its_cover(alembic_runner, alembic_engine) -> None:
    """Repeats stored before the unique index (finding 13) are removed, not refused."""
    from sqlalchemy import text

    alembic_runner.migrate_up_to("0016")
    a, b = "a" * 64, "b" * 64
    rows = [(1, 7, a, False), (2, 7, a, True), (3, 7, b, False), (4, 8, a, False)]
    with alembic_engine.connect() as conn:
        # Rows without their products, for this test only: foreign keys off.
        if conn.dialect.name == "postgresql":
            conn.execute(text("SET LOCAL session_replication_role = replica"))
        else:  # before SQLite's transaction begins, or the pragma does nothing
            conn.connection.driver_connection.execute("PRAGMA foreign_keys = OFF")
        for ident, product, digest, cover in rows:
            conn.execute(text(
                "INSERT INTO photos (id, product_id, digest, width, height, has_alpha, sizes,"
                " position, is_cover, created_at) VALUES (:i, :p, :d, 1, 1, false, '320',"
                " 0, :c, CURRENT_TIMESTAMP)"), {"i": ident, "p": product, "d": digest, "c": cover})
        conn.commit()
    alembic_runner.migrate_up_one()
    with alembic_engine.connect() as conn:
        kept = conn.execute(text("SELECT id, is_cover FROM photos ORDER BY id")).all()
    assert [(i, bool(c)) for i, c in kept] == [(1, True), (3, False), (4, False)]
