"""Shared data for the drivers' workspace tests: two drivers with their own centres,
trainees, items, ledger entries and order lines, plus users of every other role."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date

import pytest
from hypothesis import HealthCheck, settings

from marketplace import ledger
from marketplace.ledger import MakerShare
from marketplace.models import Role
from tests import factories as f

# Few examples locally, more in CI (CI=1 is set by most runners), or choose one with
# PRODUCERS_HYPOTHESIS_PROFILE=producers-dev|producers-ci.
settings.register_profile(
    "producers-dev", max_examples=30, deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile(
    "producers-ci", max_examples=200, deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
PROFILE = os.environ.get("PRODUCERS_HYPOTHESIS_PROFILE") or (
    "producers-ci" if os.environ.get("CI") else "producers-dev"
)

DAY = date(2026, 11, 1)  # 10 Aban 1405


@dataclass
class Side:
    """One driver's world."""

    user: object
    driver: object
    centre: object
    trainee: object
    other_trainee: object
    product: object
    purchase: object
    entry: object
    line: object


def make_side(db) -> Side:
    centre = f.make_centre()
    driver = f.make_driver(centres=[centre])
    user = f.make_user(Role.DRIVER, driver=driver)
    trainee = f.make_trainee(centre=centre)
    other = f.make_trainee(centre=centre)
    product = f.make_product(driver=driver, centre=centre, stock=0, status="draft")
    db.session.commit()
    purchase = ledger.record_purchase(
        driver, product=product, quantity=3, total_rials=9_000_000,
        makers=[MakerShare(trainee.id, 100)], purchased_on=DAY,
    )
    entry = purchase_entry(db, purchase.id)
    line = f.make_order_line(product=product, order=f.make_order(status="paid"))
    db.session.commit()
    return Side(user, driver, centre, trainee, other, product, purchase, entry, line)


def purchase_entry(db, purchase_id):
    from sqlalchemy import select

    from marketplace.models import LedgerEntry

    return db.session.scalar(select(LedgerEntry).where(LedgerEntry.purchase_id == purchase_id))


@pytest.fixture
def mine(db) -> Side:
    return make_side(db)


@pytest.fixture
def theirs(db) -> Side:
    return make_side(db)


@pytest.fixture
def count_queries(app):
    """A callable that runs `fn()` and returns how many SQL statements it sent."""
    from sqlalchemy import event

    from marketplace.extensions import db as _db

    def count(fn) -> int:
        seen = []

        def before(*_args) -> None:
            seen.append(1)

        engine = _db.engine
        event.listen(engine, "before_cursor_execute", before)
        try:
            fn()
        finally:
            event.remove(engine, "before_cursor_execute", before)
        return len(seen)

    return count
