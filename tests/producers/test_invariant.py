"""The ledger's invariant under random sequences of purchases, payouts, advances and
reversals: per driver, owed − paid equals the sum of the balances shown, and no balance
is negative unless an advance was recorded."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from marketplace import ledger
from marketplace.ledger import MakerShare
from marketplace.models import EntryKind, LedgerEntry, PurchaseShare
from tests import factories as f
from tests.producers.conftest import PROFILE

DAY = date(2026, 10, 1)
AMOUNT = st.integers(min_value=1, max_value=50_000_000)
STEP = st.one_of(
    st.tuples(st.just("purchase"), st.integers(0, 2), st.integers(1, 99), AMOUNT),
    st.tuples(st.just("payout"), st.integers(0, 2), st.just(0), AMOUNT),
    st.tuples(st.just("advance"), st.integers(0, 2), st.just(0), AMOUNT),
    st.tuples(st.just("reverse"), st.integers(0, 50), st.just(0), st.just(0)),
)


def _apply(driver, trainees, product, step) -> None:
    kind, who, share, amount = step
    trainee = trainees[who % len(trainees)]
    try:
        if kind == "purchase":
            other = trainees[(who + 1) % len(trainees)]
            ledger.record_purchase(
                driver, product=product, quantity=1, total_rials=amount,
                makers=[MakerShare(trainee.id, share), MakerShare(other.id, 100 - share)],
                purchased_on=DAY,
            )
        elif kind in ("payout", "advance"):
            ledger.record_payout(
                driver, trainee_id=trainee.id, amount_rials=amount, method="cash",
                paid_on=DAY, is_advance=kind == "advance",
            )
        else:
            entries = ledger.entries_for(driver.id, trainee.id)
            if entries:
                ledger.reverse_entry(driver, entries[who % len(entries)].id, reason="x", on=DAY)
    except ledger.LedgerError:
        from marketplace.extensions import db

        db.session.rollback()


@given(steps=st.lists(STEP, min_size=1, max_size=12))
@settings(settings.get_profile(PROFILE))
def test_owed_minus_paid_equals_the_balances_shown(db, steps) -> None:
    centre = f.make_centre()
    driver = f.make_driver(centres=[centre])
    trainees = [f.make_trainee(centre=centre) for _ in range(3)]
    product = f.make_product(driver=driver, centre=centre, stock=0)
    db.session.commit()
    for step in steps:
        _apply(driver, trainees, product, step)

    entries = db.session.scalars(
        select(LedgerEntry).where(LedgerEntry.driver_id == driver.id)
    ).all()
    owed = sum(e.amount_rials for e in entries if e.amount_rials > 0)
    paid = sum(-e.amount_rials for e in entries if e.amount_rials < 0)
    accounts = ledger.balances_for_driver(driver.id)
    assert owed - paid == sum(a.balance_rials for a in accounts)
    assert sum(a.owed_rials for a in accounts) == owed
    assert sum(a.paid_rials for a in accounts) == paid
    # Purchases owe exactly their shares.
    shares = db.session.scalars(
        select(PurchaseShare.amount_rials).join(PurchaseShare.purchase)
        .where(PurchaseShare.purchase.has(driver_id=driver.id))
    ).all()
    assert sum(shares) == sum(
        e.amount_rials for e in entries if e.kind == EntryKind.PURCHASE
    )
    for account in accounts:
        if account.balance_rials < 0:
            kinds = {e.kind for e in entries if e.trainee_id == account.trainee.id}
            assert EntryKind.ADVANCE in kinds
