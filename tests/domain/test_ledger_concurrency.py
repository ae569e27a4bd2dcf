"""Two payouts of the whole balance at the same moment: exactly one is paid."""

from __future__ import annotations

import contextvars
import threading
from datetime import date

from marketplace import ledger
from marketplace.extensions import db as _db
from marketplace.ledger import MakerShare
from marketplace.models import Driver
from tests import factories as f


def test_concurrent_payouts_never_pay_twice(app, db) -> None:
    centre = f.make_centre()
    driver = f.make_driver(centres=[centre])
    maker = f.make_trainee(centre=centre)
    product = f.make_product(driver=driver, centre=centre, stock=0)
    db.session.commit()
    ledger.record_purchase(driver, product=product, quantity=1, total_rials=1_000_000,
                           makers=[MakerShare(maker.id, 100)], purchased_on=date(2026, 1, 1))
    driver_id, maker_id = driver.id, maker.id
    start = threading.Barrier(4)
    outcomes: list[str] = []

    def pay() -> None:
        with app.app_context():
            me = _db.session.get(Driver, driver_id)
            start.wait()
            try:
                ledger.record_payout(me, trainee_id=maker_id, amount_rials=1_000_000,
                                     method="cash", paid_on=date(2026, 1, 2))
                outcomes.append("paid")
            except ledger.OverPayment:
                _db.session.rollback()
                outcomes.append("refused")
            finally:
                _db.session.remove()

    threads = [threading.Thread(target=contextvars.Context().run, args=(pay,)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(outcomes) == ["paid", "refused", "refused", "refused"]
    assert ledger.balance(driver_id, maker_id) == 0
