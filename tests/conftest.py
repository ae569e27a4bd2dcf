"""Fixtures: the app on SQLite (always) and PostgreSQL (when TEST_DATABASE_URL is set).

Every test that uses `app` runs once per backend. The schema is built by the real
migrations once per backend and session; tests are isolated by emptying all
tables after each one (services commit, so a rolled-back outer transaction
would not isolate them).
"""

from __future__ import annotations

import contextvars
import os
from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text

from config import TestingConfig
from marketplace import create_app
from marketplace.extensions import db as _db

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])


def _pg_url() -> str:
    url = os.environ["TEST_DATABASE_URL"]
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


class IsolatedClient(FlaskClient):
    """Runs each request outside the test's app context, as a server would.

    Otherwise the request would reuse the test's context and its `g`, so the
    signed-in user and the locale would leak from one request to the next.
    Test data must be committed before a request can see it. A streamed body (the feeds)
    is read inside that context too, as a server reads it before the request ends.
    """

    def open(self, *args: object, **kwargs: object) -> object:
        kwargs.setdefault("buffered", True)
        return contextvars.Context().run(super().open, *args, **kwargs)


@pytest.fixture(scope="session", params=BACKENDS)
def app(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Flask]:
    backend = request.param
    workdir = tmp_path_factory.mktemp(backend)
    # A file, not :memory:, so that concurrency tests can open their own connections.
    uri = f"sqlite:///{workdir / 'test.db'}" if backend == "sqlite" else _pg_url()

    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = uri
        UPLOAD_FOLDER = workdir / "uploads"

    application = create_app(Config)
    application.test_client_class = IsolatedClient
    with application.app_context():
        if backend == "postgresql":
            with _db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
        from flask_migrate import upgrade

        upgrade()
        yield application
        _db.session.remove()
        _db.engine.dispose()


@pytest.fixture(scope="session")
def s3_server() -> Iterator[object]:
    """An S3-compatible server on loopback (moto), checking signatures: tests/s3_server.py."""
    from tests.s3_server import start

    server = start()
    yield server
    server.stop()


@pytest.fixture
def s3_photos(app: Flask, s3_server: object, monkeypatch: pytest.MonkeyPatch) -> object:
    """The app's photo store switched to a fresh bucket on the S3 server for one test."""
    from marketplace.media import storage

    store = storage.from_config({**app.config, **s3_server.settings(s3_server.new_bucket())})
    monkeypatch.setitem(app.extensions, "photo_storage", store)
    return store


def _empty_all_tables() -> None:
    _db.session.rollback()
    tables = [t.name for t in reversed(_db.metadata.sorted_tables)]
    if _db.engine.dialect.name == "postgresql":
        _db.session.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
    else:
        for name in tables:
            _db.session.execute(text(f"DELETE FROM {name}"))
    _db.session.commit()


@pytest.fixture
def db(app: Flask) -> Iterator[object]:
    """The database, emptied after the test."""
    yield _db
    _db.session.remove()
    _empty_all_tables()
    _db.session.remove()


@pytest.fixture
def client(app: Flask, db: object) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def login_as(client: FlaskClient) -> Callable[..., object]:
    """Sign the test client in as a user (made by the factories, password known), with
    the code step for staff and admin."""
    from tests.factories import sign_in as post_sign_in

    def sign_in(user: object) -> object:
        _db.session.commit()
        response = post_sign_in(client, user)
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return user

    return sign_in
