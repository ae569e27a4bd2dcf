"""Every writer of stock against checkouts, in threads with their own connections
(SQLite and PostgreSQL): purchases, units added, write-offs. Nothing is lost or
invented, and check-integrity passes afterwards."""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Callable
from datetime import date

import pytest

from marketplace import ledger
from marketplace.catalogue import listings
from marketplace.catalogue.inventory import InsufficientStock
from marketplace.extensions import db as _db
from marketplace.ledger import MakerShare
from marketplace.models import Driver, Product, StockAdjustment
from marketplace.ops import integrity
from marketplace.orders.checkout import CheckoutDetails, place_order
from tests import factories as f
from tests.orders.conftest import MOBILE, stock_of

DAY = date(2026, 1, 1)


def _bought(db, units: int) -> tuple[int, int, int]:
    """A listed product whose `units` came from a purchase: (product, driver, maker) ids."""
    centre = f.make_centre()
    driver = f.make_driver(centres=[centre])
    maker = f.make_trainee(centre=centre)
    product = f.make_product(driver=driver, centre=centre, stock=0, status="listed")
    db.session.commit()
    ledger.record_purchase(driver, product=product, quantity=units, total_rials=units * 1000,
                           makers=[MakerShare(maker.id, 100)], purchased_on=DAY)
    return product.id, driver.id, maker.id


def _checkout(product_id: int) -> str:
    details = CheckoutDetails(contact_name="خریدار", contact_phone=MOBILE,
                              delivery_method="pickup", payment_provider="cod")
    try:
        place_order(details, {product_id: 1}, buyer=None)
    except InsufficientStock:
        return "short"
    return "sold"


def _purchase(product_id: int, driver_id: int, maker_id: int, units: int) -> str:
    ledger.record_purchase(
        _db.session.get(Driver, driver_id), product=_db.session.get(Product, product_id),
        quantity=units, total_rials=units * 1000, makers=[MakerShare(maker_id, 100)],
        purchased_on=DAY,
    )
    return "bought"


def _adjust(product_id: int, quantity: int, reason: str) -> str:
    try:
        listings.adjust_stock(_db.session.get(Product, product_id), quantity=quantity,
                              reason=reason, note="شمارش انبار")
    except listings.ListingError:
        return "refused"
    return reason


def _together(app, *jobs: Callable[[], str]) -> list[str]:
    """Run every job at once, each in its own thread, app context and connection."""
    start = threading.Barrier(len(jobs))
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(job: Callable[[], str]) -> None:
        with app.app_context():
            start.wait()
            try:
                outcome = job()
            except Exception as error:  # reported in the assertion, not lost in a thread
                outcome = f"error: {error!r}"
            finally:
                _db.session.remove()
            with lock:
                outcomes.append(outcome)

    threads = [threading.Thread(target=contextvars.Context().run, args=(run, job))
               for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return sorted(outcomes)


def _meanwhile(
    app, product_id: int, first: Callable[[], object], job: Callable[[Product], str]
) -> str:
    """`first` runs in another thread and commits after `job`'s request has loaded the
    product but before it writes: the interleaving that lost a sale."""
    outcome: list[str] = []

    def later() -> None:
        with app.app_context():
            try:
                first()
            finally:
                _db.session.remove()

    def request() -> None:
        with app.app_context():
            try:
                product = _db.session.get(Product, product_id)
                assert product.stock is not None  # read, as the view does
                worker = threading.Thread(target=contextvars.Context().run, args=(later,))
                worker.start()
                worker.join(timeout=60)
                outcome.append(job(product))
            finally:
                _db.session.remove()

    thread = threading.Thread(target=contextvars.Context().run, args=(request,))
    thread.start()
    thread.join(timeout=120)
    return outcome[0]


def _sound() -> None:
    problems = integrity.run_all()
    assert all(not p for p in problems.values()), problems


def test_a_checkout_during_a_purchase_is_not_lost(app, db) -> None:
    """The issue's reproduction: stock 5, one sold meanwhile, a purchase of 3 → 7."""
    product_id, driver_id, maker_id = _bought(db, 5)

    def buy_three(product: Product) -> str:
        return _purchase(product.id, driver_id, maker_id, 3)

    outcome = _meanwhile(app, product_id, lambda: _checkout(product_id), buy_three)
    assert outcome == "bought"
    assert stock_of(product_id) == 7
    _sound()


def test_purchases_and_checkouts_at_once(app, db) -> None:
    product_id, driver_id, maker_id = _bought(db, 5)
    jobs = [lambda: _checkout(product_id)] * 4
    jobs += [lambda: _purchase(product_id, driver_id, maker_id, 2)] * 3
    assert _together(app, *jobs) == ["bought"] * 3 + ["sold"] * 4
    assert stock_of(product_id) == 5 - 4 + 6
    _sound()


def test_a_write_off_of_units_sold_meanwhile_is_refused(app, db) -> None:
    """The form showed 3 units; one sold before it was sent: writing off 3 is refused."""
    product_id, _, _ = _bought(db, 3)

    def write_off_three(product: Product) -> str:
        try:
            listings.adjust_stock(product, quantity=3, reason="damaged")
        except listings.ListingError as refusal:
            return str(refusal.message)
        return "written off"

    outcome = _meanwhile(app, product_id, lambda: _checkout(product_id), write_off_three)
    assert outcome == "فقط ۲ عدد موجود است: نمی‌توانید ۳ عدد را از موجودی کم کنید."
    assert stock_of(product_id) == 2
    assert not db.session.query(StockAdjustment).count()
    _sound()


@pytest.mark.parametrize(("reason", "quantity"), [("damaged", 2), ("added", 2)])
def test_adjustments_and_checkouts_at_once(app, db, reason, quantity) -> None:
    product_id, _, _ = _bought(db, 3)
    outcomes = _together(app, lambda: _adjust(product_id, quantity, reason),
                         *[lambda: _checkout(product_id)] * 3)
    assert not [o for o in outcomes if o.startswith("error")], outcomes
    sold = outcomes.count("sold")
    delta = (quantity if reason == "added" else -quantity) if reason in outcomes else 0
    assert stock_of(product_id) == 3 + delta - sold >= 0
    if reason == "added":
        assert sold == 3
    _sound()


def test_two_write_offs_of_the_last_units(app, db) -> None:
    product_id, _, _ = _bought(db, 3)
    outcomes = _together(app, *[lambda: _adjust(product_id, 2, "lost")] * 2)
    assert outcomes == ["lost", "refused"]
    assert stock_of(product_id) == 1
    _sound()
