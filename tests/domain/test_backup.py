"""Backups taken while orders are being written restore into a sound database."""

from __future__ import annotations

import contextvars
import threading
from datetime import date

from sqlalchemy import func, select, text

from config import TestingConfig
from marketplace import create_app, ledger
from marketplace.extensions import db as _db
from marketplace.ledger import MakerShare
from marketplace.models import LedgerEntry, Order, Product
from marketplace.ops import integrity
from marketplace.ops.backup import backup, restore
from tests import factories as f
from tests.scratch import scratch_database


def test_backup_while_writing_then_restore(app, db, tmp_path) -> None:
    centre = f.make_centre()
    driver = f.make_driver(centres=[centre])
    maker = f.make_trainee(centre=centre)
    product = f.make_product(driver=driver, centre=centre, stock=0, status="listed")
    db.session.commit()
    ledger.record_purchase(driver, product=product, quantity=2, total_rials=500_000,
                           makers=[MakerShare(maker.id, 100)], purchased_on=date(2026, 1, 1))
    centre_id = centre.id
    stop = threading.Event()

    def write_orders() -> None:
        with app.app_context():
            n = 0
            while not stop.is_set() and n < 200:
                f.make_order(pickup_centre=_db.session.get(type(centre), centre_id))
                _db.session.commit()
                n += 1
            _db.session.remove()

    writer = threading.Thread(target=contextvars.Context().run, args=(write_orders,))
    writer.start()
    try:
        path = backup(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path / "shop.backup")
    finally:
        stop.set()
        writer.join()
    assert path.stat().st_size > 0

    target_url = scratch_database(app.config["SQLALCHEMY_DATABASE_URI"], "restored", tmp_path)
    backed_up_version = _db.session.scalar(text("SELECT token FROM catalogue_version WHERE id = 1"))
    _db.session.rollback()
    restore(target_url, path)

    class Restored(TestingConfig):
        SQLALCHEMY_DATABASE_URI = target_url

    restored = create_app(Restored)

    def inspect() -> tuple[dict, int, int, int]:
        with restored.app_context():
            counts = (
                _db.session.scalar(select(func.count()).select_from(Product)),
                _db.session.scalar(select(func.count()).select_from(LedgerEntry)),
                _db.session.scalar(select(func.count()).select_from(Order)),
            )
            problems = integrity.run_all()
            version = _db.session.scalar(text("SELECT token FROM catalogue_version WHERE id = 1"))
            assert version not in (None, backed_up_version)  # workers' page caches renew
            _db.session.remove()
            _db.engine.dispose()
            return problems, *counts

    problems, products, entries, orders = contextvars.Context().run(inspect)
    assert all(not p for p in problems.values()), problems
    assert (products, entries) == (1, 1)
    assert 0 <= orders <= 200
