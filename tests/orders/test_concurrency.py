"""Real concurrent checkouts (threads, each with its own connection), SQLite and PostgreSQL."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from marketplace.catalogue.inventory import InsufficientStock
from marketplace.extensions import db
from marketplace.models import Order
from marketplace.ops import integrity
from marketplace.orders.checkout import CheckoutDetails, place_order
from tests.orders.conftest import MOBILE, listed, stock_of

N = 8
BUYERS_FOR_LAST_UNIT = 50  # the figure: 50 concurrent checkouts, one unit


def _run_all(app, carts: list[dict[int, int]], keys: list[str | None] | None = None) -> list[str]:
    """Place one order per cart, all threads released at once; outcome per thread."""
    barrier = threading.Barrier(len(carts))
    outcomes: list[str] = []
    lock = threading.Lock()

    def buy(quantities: dict[int, int], key: str | None) -> None:
        with app.app_context():
            details = CheckoutDetails(contact_name="خریدار", contact_phone=MOBILE,
                                      delivery_method="pickup", payment_provider="cod")
            barrier.wait()
            try:
                order = place_order(details, quantities, buyer=None, idempotency_key=key)
                result = f"ok {order.id}" if key else "ok"
            except InsufficientStock:
                result = "short"
            except Exception as error:
                result = f"error: {error!r}"
            finally:
                db.session.remove()
            with lock:
                outcomes.append(result)

    keys = keys or [None] * len(carts)
    threads = [threading.Thread(target=buy, args=(cart, key))
               for cart, key in zip(carts, keys, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return outcomes


def _sound() -> None:
    """check-integrity over the whole database after the storm."""
    problems = integrity.run_all()
    assert all(not p for p in problems.values()), problems


def test_one_unit_many_buyers_exactly_one_wins(app, db) -> None:
    product = listed(stock=1)
    db.session.commit()
    outcomes = _run_all(app, [{product.id: 1} for _ in range(BUYERS_FOR_LAST_UNIT)])
    assert sorted(outcomes) == ["ok"] + ["short"] * (BUYERS_FOR_LAST_UNIT - 1), outcomes
    assert stock_of(product.id) == 0
    assert db.session.scalar(select(func.count()).select_from(Order)) == 1
    _sound()


def test_ten_concurrent_double_submits_make_one_order(app, db) -> None:
    """A double click or a refresh storm: ten submits of one checkout form at once."""
    product = listed(stock=5)
    db.session.commit()
    outcomes = _run_all(app, [{product.id: 1}] * 10, keys=["same-form-key"] * 10)
    assert len(outcomes) == 10 and len(set(outcomes)) == 1, outcomes
    assert outcomes[0].startswith("ok")
    assert db.session.scalar(select(func.count()).select_from(Order)) == 1
    assert stock_of(product.id) == 4
    _sound()


def test_opposite_orders_do_not_deadlock(app, db) -> None:
    a, b = listed(stock=N), listed(stock=N)
    db.session.commit()
    carts = [{a.id: 1, b.id: 1} if i % 2 else {b.id: 1, a.id: 1} for i in range(N)]
    outcomes = _run_all(app, carts)
    assert outcomes == ["ok"] * N, outcomes
    assert stock_of(a.id) == stock_of(b.id) == 0
    _sound()


def test_two_drivers_shipping_at_once_leave_the_order_shipped(app, db) -> None:
    from marketplace.models import OrderLine
    from marketplace.orders import status

    a, b = listed(), listed()
    db.session.commit()
    details = CheckoutDetails(contact_name="خریدار", contact_phone=MOBILE,
                              delivery_method="post", payment_provider="cod",
                              province_code="tehran", city="تهران", address="ولیعصر",
                              postal_code="1134567891")
    order = place_order(details, {a.id: 1, b.id: 1}, buyer=None)
    line_ids = [ln.id for ln in order.lines]
    barrier = threading.Barrier(2)
    errors: list[str] = []

    def ship(line_id: int) -> None:
        with app.app_context():
            line = db.session.get(OrderLine, line_id)
            _ = line.order.lines  # both threads start from the same picture
            barrier.wait()
            try:
                status.set_line_status(line, "shipped", actor=None, tracking_number=f"T{line_id}")
            except Exception as error:
                errors.append(repr(error))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=ship, args=(i,)) for i in line_ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    db.session.expire_all()
    assert db.session.get(Order, order.id).status == "shipped"


def test_orders_on_disjoint_products_wait_on_no_common_row(app, db) -> None:
    """PostgreSQL's own view of it: pg_locks sampled while 8 buyers place orders on 8
    different products. No backend ever waits for a lock another holds (a shared row,
    as the catalogue version's was, shows as an ungranted transactionid or tuple lock)."""
    import time

    import pytest
    from sqlalchemy import create_engine, text

    if db.engine.dialect.name != "postgresql":
        pytest.skip("pg_locks is PostgreSQL's")
    products = [listed(stock=40) for _ in range(N)]
    db.session.commit()
    application = db.engine.url.render_as_string(hide_password=False)
    done = threading.Event()
    samples: list[tuple[int, list]] = []

    def sample() -> None:
        watcher = create_engine(application, isolation_level="AUTOCOMMIT")
        with watcher.connect() as conn:
            while not done.is_set():
                busy = conn.scalar(text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                    " AND (state LIKE 'idle in transaction%' OR state = 'active')"
                    " AND pid <> pg_backend_pid()"))
                waiting = conn.execute(text(
                    "SELECT l.locktype, l.mode, a.wait_event FROM pg_locks l"
                    " JOIN pg_stat_activity a ON a.pid = l.pid"
                    " WHERE NOT l.granted AND a.datname = current_database()")).all()
                samples.append((busy, [tuple(row) for row in waiting]))
                time.sleep(0.002)
        watcher.dispose()

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        for _ in range(5):  # 5 rounds of 8 buyers at once, each on her own product
            outcomes = _run_all(app, [{p.id: 1} for p in products])
            assert outcomes == ["ok"] * N, outcomes
    finally:
        done.set()
        sampler.join(timeout=30)
    assert len(samples) > 20
    assert any(busy >= 2 for busy, _ in samples)  # sampled while orders overlapped
    assert [w for _, w in samples if w] == []
    assert all(stock_of(p.id) == 35 for p in products)
    _sound()
