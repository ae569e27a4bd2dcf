"""The wage ledger: purchases owe, payouts pay, reversals correct; balances are derived."""

from __future__ import annotations

from datetime import date

import pytest

from marketplace import ledger
from marketplace.ledger import MakerShare
from marketplace.models import LedgerEntry, OutboxMessage, Product, Purchase
from tests import factories as f

TODAY = date(2026, 11, 1)


@pytest.fixture
def setting(db):
    centre = f.make_centre()
    driver = f.make_driver(centres=[centre])
    a = f.make_trainee(centre=centre)
    b = f.make_trainee(centre=centre)
    product = f.make_product(driver=driver, centre=centre, stock=0)
    db.session.commit()
    return driver, a, b, product


def _buy(driver, product, total, makers) -> Purchase:
    return ledger.record_purchase(
        driver, product=product, quantity=2, total_rials=total,
        makers=[MakerShare(t.id, s) for t, s in makers], purchased_on=TODAY,
    )


def test_purchase_owes_each_maker_her_share_and_adds_stock(setting, db) -> None:
    driver, a, b, product = setting
    _buy(driver, product, 1_000_001, [(a, 60), (b, 40)])
    assert ledger.balance(driver.id, a.id) + ledger.balance(driver.id, b.id) == 1_000_001
    assert ledger.balance(driver.id, a.id) == 600_001
    assert db.session.get(Product, product.id).stock == 2
    assert sorted(m.share_pct for m in product.makers) == [40, 60]


@pytest.mark.parametrize("shares", [[(0, 50)], [(0, 60), (1, 60)], [(0, 100), (0, 0)], []])
def test_purchase_refuses_bad_shares_and_writes_nothing(setting, db, shares) -> None:
    driver, a, b, product = setting
    people = [a, b]
    with pytest.raises(ledger.LedgerError):
        _buy(driver, product, 1000, [(people[i], s) for i, s in shares])
    db.session.rollback()
    assert db.session.query(Purchase).count() == 0
    assert db.session.query(LedgerEntry).count() == 0


def test_purchase_refuses_a_trainee_of_another_centre(setting, db) -> None:
    driver, _, _, product = setting
    stranger = f.make_trainee()
    db.session.commit()
    with pytest.raises(ledger.NotYours):
        _buy(driver, product, 1000, [(stranger, 100)])


def test_payout_lowers_balance_and_queues_an_sms(setting, db) -> None:
    driver, a, _b, product = setting
    _buy(driver, product, 900_000, [(a, 100)])
    ledger.record_payout(driver, trainee_id=a.id, amount_rials=400_000, method="cash",
                         paid_on=TODAY)
    assert ledger.balance(driver.id, a.id) == 500_000
    sms = db.session.query(OutboxMessage).one()
    assert sms.recipient == a.phone and "۴۰۰٬۰۰۰" in sms.body


def test_overpayment_refused_unless_advance(setting, db) -> None:
    driver, a, _b, product = setting
    _buy(driver, product, 100_000, [(a, 100)])
    with pytest.raises(ledger.OverPayment) as refused:
        ledger.record_payout(driver, trainee_id=a.id, amount_rials=100_001, method="cash",
                             paid_on=TODAY)
    assert refused.value.owed == 100_000
    db.session.rollback()
    assert ledger.balance(driver.id, a.id) == 100_000
    ledger.record_payout(driver, trainee_id=a.id, amount_rials=150_000, method="cash",
                         paid_on=TODAY, is_advance=True)
    assert ledger.balance(driver.id, a.id) == -50_000


def test_reversal_corrects_without_editing(setting, db) -> None:
    driver, a, _b, product = setting
    _buy(driver, product, 100_000, [(a, 100)])
    payout = ledger.record_payout(driver, trainee_id=a.id, amount_rials=70_000,
                                  method="card_to_card", paid_on=TODAY)
    entry = db.session.query(LedgerEntry).filter_by(payout_id=payout.id).one()
    ledger.reverse_entry(driver, entry.id, reason="wrong amount", on=TODAY)
    assert ledger.balance(driver.id, a.id) == 100_000
    assert [e.kind for e in ledger.entries_for(driver.id, a.id)] == [
        "purchase", "payout", "reversal"]
    with pytest.raises(ledger.AlreadyReversed):
        ledger.reverse_entry(driver, entry.id, reason="again", on=TODAY)


def test_reversing_a_paid_purchase_is_refused(setting, db) -> None:
    driver, a, _b, product = setting
    _buy(driver, product, 100_000, [(a, 100)])
    ledger.record_payout(driver, trainee_id=a.id, amount_rials=100_000, method="cash",
                         paid_on=TODAY)
    purchase_entry = db.session.query(LedgerEntry).filter_by(kind="purchase").one()
    with pytest.raises(ledger.NegativeBalance):
        ledger.reverse_entry(driver, purchase_entry.id, reason="x", on=TODAY)


def test_another_drivers_entry_is_not_yours(setting, db) -> None:
    driver, a, _b, product = setting
    _buy(driver, product, 100_000, [(a, 100)])
    other = f.make_driver(centres=[a.centre])
    db.session.commit()
    entry = db.session.query(LedgerEntry).first()
    with pytest.raises(ledger.NotYours):
        ledger.reverse_entry(other, entry.id, reason="x", on=TODAY)


def test_ledger_rows_cannot_be_edited_or_deleted(setting, db) -> None:
    from marketplace.models.ledger import AppendOnlyError

    driver, a, _b, product = setting
    _buy(driver, product, 100_000, [(a, 100)])
    entry = db.session.query(LedgerEntry).one()
    entry.amount_rials = 1
    with pytest.raises(AppendOnlyError):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.query(LedgerEntry).one())
    with pytest.raises(AppendOnlyError):
        db.session.flush()
    db.session.rollback()
    assert ledger.balance(driver.id, a.id) == 100_000


def test_postgresql_trigger_refuses_raw_sql_changes(setting, db) -> None:
    """Even a client that bypasses the ORM cannot rewrite the ledger on PostgreSQL."""
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    if db.engine.dialect.name != "postgresql":
        pytest.skip("the trigger is PostgreSQL's; SQLite relies on the ORM guard above")
    driver, a, _b, product = setting
    _buy(driver, product, 100_000, [(a, 100)])
    for statement in ("UPDATE ledger_entries SET amount_rials = 1", "DELETE FROM ledger_entries",
                      "DELETE FROM purchase_shares"):
        with pytest.raises(IntegrityError, match="append-only"):
            db.session.execute(text(statement))
        db.session.rollback()
    assert ledger.balance(driver.id, a.id) == 100_000
