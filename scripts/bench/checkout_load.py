"""Orders per second: 16 concurrent buyers, each on products no other buyer touches.

    python checkout_load.py SECONDS [BUYERS]   (DATABASE_URL names the bench database)

Each buyer is a forked process (a gunicorn worker is one too, and threads would only
measure the GIL) calling `marketplace.orders.checkout.place_order` directly: one unit
per order, walking through its own slice of in-stock products, so the contention is
the database's write lock, not a hot row. Buyers start together at a barrier. Stock
is never raised by hand (check_stock compares it with purchases); instead the run
records each product's stock before and after and compares the difference with the
order lines written: a unit taken without a line is "lost", a line without a unit or
stock below zero is "oversold". Prints one JSON object.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import sys
import time
from typing import Any

from sqlalchemy import event, func, select

from marketplace import create_app
from marketplace.extensions import db


def _buyer(index: int, product_units: list[tuple[int, int]], seconds: float,
           barrier: Any, results: Any) -> None:
    """Place one-unit orders on this buyer's products until time is up or they run out."""
    from marketplace.orders.checkout import CheckoutDetails, InsufficientStock, place_order

    app = create_app()
    placed = refused = failed = 0
    latencies: list[float] = []
    errors: list[str] = []
    with app.app_context():
        details = CheckoutDetails(
            contact_name="خریدار آزمون", contact_phone="09120000000",
            delivery_method="pickup", payment_provider="cod",
        )
        queue = [pid for pid, units in product_units for _ in range(units)]
        barrier.wait()
        deadline = time.perf_counter() + seconds
        for pid in queue:
            if time.perf_counter() >= deadline:
                break
            start = time.perf_counter()
            try:
                place_order(details, {pid: 1}, buyer=None, idempotency_key=None)
                placed += 1
                latencies.append(time.perf_counter() - start)
            except InsufficientStock:
                refused += 1
            except Exception as error:
                db.session.rollback()
                failed += 1
                if len(errors) < 3:
                    errors.append(repr(error)[:200])
        finished = time.perf_counter()
    results.put({"buyer": index, "placed": placed, "refused": refused, "failed": failed,
                 "errors": errors, "finished": finished, "latencies": latencies})


def main(seconds: float, buyers: int) -> dict[str, Any]:
    from marketplace.models import OrderLine, Product

    app = create_app()
    with app.app_context():
        dialect = db.engine.dialect.name
        rows = db.session.execute(
            select(Product.id, Product.stock)
            .where(Product.status == "listed", Product.stock > 0)
            .order_by(Product.id)
            .limit(buyers * 400)
        ).all()
        before = {r.id: r.stock for r in rows}
        lines_before = dict(db.session.execute(
            select(OrderLine.product_id, func.coalesce(func.sum(OrderLine.quantity), 0))
            .where(OrderLine.product_id.in_(list(before)))
            .group_by(OrderLine.product_id)
        ).all())
        db.session.remove()
        db.engine.dispose()
    slices = [[(r.id, r.stock) for r in rows[i::buyers]] for i in range(buyers)]
    ctx = mp.get_context("fork")
    barrier = ctx.Barrier(buyers + 1)
    results = ctx.Queue()
    procs = [ctx.Process(target=_buyer, args=(i, slices[i], seconds, barrier, results))
             for i in range(buyers)]
    for proc in procs:
        proc.start()
    barrier.wait()
    started = time.perf_counter()
    outcome = [results.get(timeout=seconds + 300) for _ in procs]
    for proc in procs:
        proc.join()
    elapsed = max(o["finished"] for o in outcome) - started
    placed = sum(o["placed"] for o in outcome)
    latencies = sorted(x for o in outcome for x in o["latencies"])
    with app.app_context():
        after = dict(db.session.execute(
            select(Product.id, Product.stock).where(Product.id.in_(list(before)))
        ).all())
        lines_after = dict(db.session.execute(
            select(OrderLine.product_id, func.coalesce(func.sum(OrderLine.quantity), 0))
            .where(OrderLine.product_id.in_(list(before)))
            .group_by(OrderLine.product_id)
        ).all())
    taken = sum(before[p] - after[p] for p in before)
    written = sum(lines_after.get(p, 0) - lines_before.get(p, 0) for p in before)
    oversold = sum(1 for p in before if after[p] < 0) + max(0, written - taken)
    return {
        "backend": dialect,
        "buyers": buyers,
        "seconds": round(elapsed, 2),
        "orders": placed,
        "orders_per_s": round(placed / elapsed, 1) if elapsed > 0 else 0.0,
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 1) if latencies else None,
        "refused_sold_out": sum(o["refused"] for o in outcome),
        "failed": sum(o["failed"] for o in outcome),
        "errors": [e for o in outcome for e in o["errors"]][:5],
        "units_taken": taken,
        "units_in_new_lines": written,
        "lost_units": max(0, taken - written) + max(0, placed - written),
        "oversold_units": oversold,
    }


def profile(orders: int = 40) -> dict[str, Any]:
    """One buyer alone, under cProfile: statements and time per order, and where it goes."""
    import cProfile
    import io
    import pstats

    from marketplace.models import Product
    from marketplace.orders.checkout import CheckoutDetails, place_order

    app = create_app()
    counter = {"n": 0}
    with app.app_context():
        ids = db.session.scalars(
            select(Product.id).where(Product.status == "listed", Product.stock > 0)
            .order_by(Product.id.desc()).limit(orders + 1)
        ).all()
        details = CheckoutDetails(contact_name="خریدار آزمون", contact_phone="09120000000",
                                  delivery_method="pickup", payment_provider="cod")
        place_order(details, {ids[0]: 1}, buyer=None)  # warm
        event.listen(db.engine, "before_cursor_execute", lambda *_a: counter.__setitem__(
            "n", counter["n"] + 1))
        profiler = cProfile.Profile()
        start = time.perf_counter()
        profiler.enable()
        for pid in ids[1:]:
            place_order(details, {pid: 1}, buyer=None)
        profiler.disable()
        elapsed = time.perf_counter() - start
    stream = io.StringIO()
    stats = pstats.Stats(profiler, stream=stream).sort_stats("cumulative")
    stats.print_stats(r"marketplace/", 15)
    lines = [ln for ln in stream.getvalue().splitlines() if ln.strip()]
    n = len(ids) - 1
    head = (f"{n} orders by one buyer under cProfile: {elapsed / n * 1000:.1f} ms and "
            f"{counter['n'] / n:.1f} SQL statements per order")
    return {"text": "\n".join([head, *lines[-16:]])}


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--profile":
        print(json.dumps(profile(), ensure_ascii=False))
        sys.exit(0)
    duration = float(sys.argv[1]) if len(sys.argv) > 1 else 10.0
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 16
    print(json.dumps(main(duration, count), ensure_ascii=False))
