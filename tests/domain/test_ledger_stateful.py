"""A Hypothesis state machine over the wage ledger: purchases, payouts, advances and
reversals in any order keep every balance equal to a plain model of the same entries."""

from __future__ import annotations

import os
from datetime import date

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from marketplace import ledger
from marketplace.extensions import db as _db
from marketplace.ledger import MakerShare
from marketplace.models import LedgerEntry
from tests import factories as f

DAY = date(2026, 1, 1)
AMOUNTS = st.integers(min_value=1, max_value=10**9)


class LedgerMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        centre = f.make_centre()
        self.driver = f.make_driver(centres=[centre])
        self.trainees = [f.make_trainee(centre=centre) for _ in range(2)]
        self.product = f.make_product(driver=self.driver, centre=centre, stock=0)
        _db.session.commit()
        self.expected = {t.id: 0 for t in self.trainees}
        self.advanced = {t.id: False for t in self.trainees}
        self.entries: list[int] = []

    def _who(self, index: int) -> int:
        return self.trainees[index % len(self.trainees)].id

    @rule(total=st.integers(min_value=0, max_value=10**12), first=st.integers(1, 99))
    def purchase(self, total: int, first: int) -> None:
        a, b = (t.id for t in self.trainees)
        ledger.record_purchase(self.driver, product=self.product, quantity=1, total_rials=total,
                               makers=[MakerShare(a, first), MakerShare(b, 100 - first)],
                               purchased_on=DAY)
        shares = _db.session.query(LedgerEntry).filter(LedgerEntry.id.notin_(self.entries or [0]),
                                                       LedgerEntry.driver_id == self.driver.id)
        for entry in shares:
            self.expected[entry.trainee_id] += entry.amount_rials
            self.entries.append(entry.id)

    @rule(who=st.integers(0, 1), amount=AMOUNTS, advance=st.booleans())
    def payout(self, who: int, amount: int, advance: bool) -> None:
        trainee = self._who(who)
        try:
            ledger.record_payout(self.driver, trainee_id=trainee, amount_rials=amount,
                                 method="cash", paid_on=DAY, is_advance=advance)
        except ledger.OverPayment:
            _db.session.rollback()
            assert not advance and amount > self.expected[trainee]
            return
        self.expected[trainee] -= amount
        self.advanced[trainee] |= advance
        self.entries.append(_db.session.query(LedgerEntry.id).order_by(LedgerEntry.id.desc())
                            .limit(1).scalar())

    @rule(pick=st.integers(min_value=0))
    def reverse(self, pick: int) -> None:
        if not self.entries:
            return
        entry = _db.session.get(LedgerEntry, self.entries[pick % len(self.entries)])
        try:
            reversal = ledger.reverse_entry(self.driver, entry.id, reason="x", on=DAY)
        except (ledger.AlreadyReversed, ledger.NegativeBalance):
            _db.session.rollback()
            return
        self.expected[reversal.trainee_id] += reversal.amount_rials
        self.entries.append(reversal.id)

    @invariant()
    def balances_match_the_model(self) -> None:
        for trainee_id, amount in self.expected.items():
            assert ledger.balance(self.driver.id, trainee_id) == amount
            assert amount >= 0 or self.advanced[trainee_id]
        shown = sum(a.balance_rials for a in ledger.balances_for_driver(self.driver.id))
        assert shown == sum(self.expected.values())


def test_ledger_state_machine(db) -> None:
    examples = 100 if os.environ.get("CI") else 20
    run_state_machine_as_test(
        LedgerMachine,
        settings=settings(max_examples=examples, stateful_step_count=12, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow,
                                                 HealthCheck.function_scoped_fixture]),
    )
