"""Every rule the database holds by itself: each bad row is refused at commit."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError

from marketplace.models import Role
from tests import factories as f


def _refused(db, build) -> None:
    with pytest.raises(IntegrityError):
        build()
        db.session.flush()
    db.session.rollback()


CASES = {
    "negative price": lambda: f.make_product(price_rials=-1),
    "figure of an unknown metric": lambda: f.make_programme_figure(metric="happiness"),
    "negative figure": lambda: f.make_programme_figure(value=-1),
    "range upside down": lambda: f.make_programme_figure(value=40, value_high=35),
    "range of one number": lambda: f.make_programme_figure(value=40, value_high=40),
    "figure in a Gregorian year": lambda: f.make_programme_figure(jyear=2024),
    "figure without a source": lambda: f.make_programme_figure(source=""),
    "negative stock": lambda: f.make_product(stock=-1),
    "listed without price": lambda: f.make_product(price_rials=None, status="listed"),
    "unknown product status": lambda: f.make_product(status="sold"),
    "maker share 0": lambda: f.make_product_maker(share_pct=0),
    "maker share 101": lambda: f.make_product_maker(share_pct=101),
    "purchase share 0": lambda: f.make_purchase_share(share_pct=0),
    "purchase quantity 0": lambda: f.make_purchase(quantity=0),
    "purchase negative total": lambda: f.make_purchase(total_rials=-5),
    "payout of zero": lambda: f.make_payout(amount_rials=0),
    "payout method unknown": lambda: f.make_payout(method="bitcoin"),
    "ledger zero entry": lambda: f.make_ledger_entry(amount_rials=0),
    "ledger purchase entry negative": lambda: f.make_ledger_entry(amount_rials=-10),
    "ledger reversal without original": lambda: f.make_ledger_entry(
        kind="reversal", purchase=None, purchase_id=None
    ),
    "order total not the sum": lambda: f.make_order(subtotal_rials=10, total_rials=11),
    "order post without address": lambda: f.make_order(delivery_method="post"),
    "order unknown status": lambda: f.make_order(status="lost"),
    "order event unknown status": lambda: f.make_order_event(status="lost_in_post"),
    "return unknown status": lambda: f.make_return_request(status="maybe"),
    "referral direction unknown": lambda: f.make_referral(direction="up"),
    "driver kind unknown": lambda: f.make_driver(kind="coop"),
    "line total not price times quantity": lambda: f.make_order_line(line_total_rials=1),
    "payment of zero": lambda: f.make_payment(amount_rials=0),
    "loan of zero": lambda: f.make_loan(amount_rials=0),
    "loan from a non-lender": lambda: f.make_loan(partner="social_council"),
    "centre status unknown": lambda: f.make_centre(status="demolished"),
    "national code too short": lambda: f.make_trainee(national_code="12345"),
    "enrollment dropped but employed": lambda: f.make_enrollment(
        status="dropped", employed_after=True
    ),
    "material issue without recipient": lambda: f.make_material_issue(trainee=None),
    "driver account without driver": lambda: f.make_user(role=Role.DRIVER, driver=None),
    "buyer linked to a driver": lambda: f.make_user(role=Role.BUYER, driver=f.make_driver()),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_database_refuses(db, case: str) -> None:
    _refused(db, CASES[case])


def test_trainee_must_live_in_her_centres_neighbourhood(db) -> None:
    """The programme's rule, held by a composite foreign key."""
    centre = f.make_centre()
    elsewhere = f.make_neighbourhood()
    _refused(db, lambda: f.make_trainee(centre=centre, neighbourhood_id=elsewhere.id))


def test_duplicate_national_code_refused(db) -> None:
    first = f.make_trainee()
    _refused(db, lambda: f.make_trainee(national_code=first.national_code))


def test_payment_provider_reference_is_unique(db) -> None:
    f.make_payment(provider_ref="REF-1")
    _refused(db, lambda: f.make_payment(provider_ref="REF-1"))


def test_an_entry_can_be_reversed_only_once(db) -> None:
    entry = f.make_ledger_entry()
    f.make_ledger_entry(kind="reversal", amount_rials=-entry.amount_rials, purchase=None,
                        purchase_id=None, reverses_id=entry.id, trainee=entry.trainee)
    _refused(db, lambda: f.make_ledger_entry(
        kind="reversal", amount_rials=-entry.amount_rials, purchase=None, purchase_id=None,
        reverses_id=entry.id, trainee=entry.trainee,
    ))


def test_every_factory_builds_a_valid_row(db) -> None:
    builders = [getattr(f, name) for name in dir(f) if name.startswith("make_")]
    for build in builders:
        build()
    db.session.commit()


def test_every_stored_code_has_a_check_of_exactly_its_members(app) -> None:
    """Each `Choice` column is guarded in the database by the values the code knows."""
    from marketplace.extensions import db as _db

    checks = {
        c.name: str(c.sqltext)
        for table in _db.metadata.tables.values()
        for c in table.constraints
        if c.__class__.__name__ == "CheckConstraint" and str(c.name).endswith("_allowed")
    }
    from marketplace.models import Channel, OrderStatus, OutboxStatus, PaymentState, Role

    for name, choice in {
        "ck_orders_status_allowed": OrderStatus,
        "ck_payments_state_allowed": PaymentState,
        "ck_users_role_allowed": Role,
        "ck_outbox_channel_allowed": Channel,
        "ck_outbox_status_allowed": OutboxStatus,
    }.items():
        assert set(checks[name].split("(", 1)[1].rstrip(")").replace("'", "").split(", ")) == set(
            choice.values()
        ), name
    assert "ck_order_events_status_allowed" in checks
