"""check-integrity finds each kind of broken invariant, and passes on sound data."""

from __future__ import annotations

import contextvars
from datetime import date

from sqlalchemy import text, update

from marketplace import ledger
from marketplace.catalogue import listings
from marketplace.ledger import MakerShare
from marketplace.models import LedgerEntry, Order, Product, PurchaseShare
from marketplace.ops import integrity
from tests import factories as f


def _sound_world(db):
    centre = f.make_centre()
    driver = f.make_driver(centres=[centre])
    maker = f.make_trainee(centre=centre)
    product = f.make_product(driver=driver, centre=centre, stock=0, status="listed")
    db.session.commit()
    ledger.record_purchase(driver, product=product, quantity=3, total_rials=900_000,
                           makers=[MakerShare(maker.id, 100)], purchased_on=date(2026, 1, 1))
    ledger.record_payout(driver, trainee_id=maker.id, amount_rials=400_000, method="cash",
                         paid_on=date(2026, 1, 2))
    return driver, maker, product


def _tamper(db, statement) -> None:
    """Write behind the ledger's back, as a broken script would (PostgreSQL's append-only
    triggers are switched off for this transaction only)."""
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("SET LOCAL session_replication_role = replica"))
    db.session.execute(statement)


def test_sound_data_passes(db) -> None:
    _sound_world(db)
    assert all(not problems for problems in integrity.run_all().values())


def test_invented_stock_is_found(db) -> None:
    _, _, product = _sound_world(db)
    db.session.execute(update(Product).where(Product.id == product.id).values(stock=4))
    assert integrity.check_stock()


def test_adjustments_count_and_a_silent_write_down_is_found(db) -> None:
    _, _, product = _sound_world(db)
    listings.adjust_stock(product, quantity=2, reason="added", note="شمارش")
    listings.adjust_stock(product, quantity=4, reason="damaged")
    assert not integrity.check_stock()
    db.session.execute(update(Product).where(Product.id == product.id).values(stock=0))
    assert integrity.check_stock()  # a unit gone with no adjustment, sale or reason


def test_tampered_ledger_is_found(db) -> None:
    _sound_world(db)
    _tamper(db, update(PurchaseShare).values(amount_rials=1))
    assert integrity.check_maker_shares() and integrity.check_ledger()


def test_payout_without_entry_is_found(db) -> None:
    driver, maker, _ = _sound_world(db)
    f.make_payout(driver=driver, trainee=maker)
    assert integrity.check_ledger()


def test_negative_balance_without_advance_is_found(db) -> None:
    _sound_world(db)
    entry = db.session.query(LedgerEntry).filter_by(kind="purchase").one()
    _tamper(db, update(LedgerEntry).where(LedgerEntry.id == entry.id).values(amount_rials=1))
    assert any("below zero" in p for p in integrity.check_ledger())


def test_order_subtotal_and_double_payment_are_found(db) -> None:
    order = f.make_order(subtotal_rials=5, total_rials=5)
    f.make_order_line(order=order)
    f.make_payment(order=order, state="paid", amount_rials=5, provider_ref="a")
    f.make_payment(order=order, state="paid", amount_rials=5, provider_ref="b")
    problems = integrity.check_orders()
    assert len(problems) == 2
    assert db.session.get(Order, order.id)


def test_command_exit_status(app, db) -> None:
    _, _, product = _sound_world(db)
    runner = app.test_cli_runner()
    ok = contextvars.Context().run(runner.invoke, args=["check-integrity"])
    assert ok.exit_code == 0, ok.output
    db.session.execute(update(Product).where(Product.id == product.id).values(stock=40))
    db.session.commit()
    bad = contextvars.Context().run(runner.invoke, args=["check-integrity"])
    assert bad.exit_code == 1 and "FAIL stock" in bad.output


def test_a_return_photo_without_its_private_variant_is_found(db) -> None:
    import io

    from PIL import Image

    from marketplace.media import photos, storage
    from marketplace.models import ReturnPhoto

    out = io.BytesIO()
    Image.new("RGB", (500, 400), (9, 99, 199)).save(out, "JPEG")
    out.seek(0)
    result = photos.process(out, public=False)
    request = f.make_return_request()
    db.session.add(ReturnPhoto(request_id=request.id, digest=result.digest, width=500,
                               height=400, sizes="320"))
    db.session.commit()
    assert integrity.check_photos() == []
    storage.current().delete(result.variants[0].key)  # the private 320 px WebP
    (problem,) = integrity.check_photos()
    assert problem.startswith("return photos with files missing")
    assert result.variants[0].key in problem
