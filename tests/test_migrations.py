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
