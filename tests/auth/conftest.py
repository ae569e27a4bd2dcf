"""Fixtures for the sign-in and password tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from config import TestingConfig
from marketplace import create_app
from marketplace.extensions import db as _db
from marketplace.extensions import limiter


@pytest.fixture
def rate_limited_app(app: Flask, db: object) -> Iterator[Flask]:
    """An app with the rate limits on (tests run without them), over the same database.

    The Limiter is one object that every `create_app` re-binds, and binding this app turns
    it on for all of them: it is switched back afterwards, or every later test would share
    one five-a-minute sign-in budget.
    """

    class Limited(TestingConfig):
        SQLALCHEMY_DATABASE_URI = app.config["SQLALCHEMY_DATABASE_URI"]
        RATELIMIT_ENABLED = True

    was_enabled = limiter.enabled
    limited = create_app(Limited)
    yield limited
    limiter.enabled = was_enabled
    with limited.app_context():
        _db.engine.dispose()
