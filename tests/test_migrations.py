"""The migrations build exactly the schema the models describe, on each backend."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from marketplace.db_support import include_object
from marketplace.extensions import db


def test_models_match_migrations(app) -> None:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={"compare_type": True, "include_object": include_object},
        )
        diff = compare_metadata(context, db.metadata)
    assert diff == []


def test_single_head(app) -> None:
    from alembic.script import ScriptDirectory
    from flask_migrate import Migrate

    config = app.extensions["migrate"].migrate.get_config()
    assert isinstance(app.extensions["migrate"].migrate, Migrate)
    assert len(ScriptDirectory.from_config(config).get_heads()) == 1
