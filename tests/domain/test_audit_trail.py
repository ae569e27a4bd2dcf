"""Every sensitive change leaves an audit row: who, when, which record, its centre, and
what changed (before → after), written in the change's own transaction."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import select

from marketplace import ledger
from marketplace.catalogue import listings
from marketplace.ledger import MakerShare, materials
from marketplace.media import photos
from marketplace.models import AuditLog, LedgerEntry, Role
from marketplace.people import accounts
from marketplace.programme import courses, items, referrals
from tests import factories as f

DAY = date(2026, 2, 1)


@dataclass
class World:
    admin: Any
    centre: Any
    driver: Any
    trainee: Any
    product: Any
    enrollment: Any


def _world(db) -> World:
    centre = f.make_centre()
    driver = f.make_driver(centres=[centre])
    trainee = f.make_trainee(centre=centre)
    product = f.make_product(driver=driver, centre=centre, stock=0, price_rials=5_000_000)
    course = f.make_course(centre=centre, driver=driver)
    enrollment = f.make_enrollment(course=course, trainee=trainee, enrolled_on=date(2025, 9, 1))
    world = World(f.make_user(Role.ADMIN), centre, driver, trainee, product, enrollment)
    db.session.commit()
    return world


def _bought(w: World) -> Any:
    return ledger.record_purchase(w.driver, product=w.product, quantity=2, total_rials=8_000_000,
                                  makers=[MakerShare(w.trainee.id, 100)], purchased_on=DAY,
                                  actor=w.admin)


def _completed(w: World) -> Any:
    return courses.complete(w.enrollment, on=DAY, actor=w.admin)


def _referred_out(w: World) -> Any:
    return referrals.record_referral(
        centre=w.centre, direction="out", partner="relief_committee", trainee=w.trainee,
        applicant_name=None, referred_on=DAY, note=None, actor=w.admin)


def _loan(w: World) -> Any:
    return referrals.record_loan(_referred_out(w), amount_rials=300_000_000, status="requested",
                                 decided_on=None, actor=w.admin)


def _paid(w: World) -> Any:
    _bought(w)
    return ledger.record_payout(w.driver, trainee_id=w.trainee.id, amount_rials=3_000_000,
                                method="cash", paid_on=DAY, actor=w.admin)


def _reversed(w: World, db) -> Any:
    payout = _paid(w)
    entry = db.session.scalar(select(LedgerEntry).where(LedgerEntry.payout_id == payout.id))
    return ledger.reverse_entry(w.driver, entry.id, reason="اشتباه", on=DAY, actor=w.admin)


def _jpeg() -> io.BytesIO:
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (150, 40, 40)).save(out, "JPEG")
    out.seek(0)
    return out


def _registered(w: World) -> Any:
    return accounts.register_buyer(email="new@example.com", full_name="خریدار تازه",
                                   password="a long new passphrase", phone=None)


def _password_changed(w: World) -> Any:
    user = f.make_user(Role.BUYER)
    accounts.change_password(user, f.PASSWORD, "another long passphrase")
    return user


# (action, what to do, the changes expected among the row's, whether it has a centre)
CASES: list[tuple[str, Callable[..., Any], dict[str, Any], bool]] = [
    ("enrollment.create", lambda w, db: courses.enroll(
        w.enrollment.course, f.make_trainee(centre=w.centre), on=DAY, actor=w.admin),
     {"enrolled_on": "2026-02-01"}, True),
    ("enrollment.status", lambda w, db: _completed(w),
     {"status": ["enrolled", "completed"], "completed_on": [None, "2026-02-01"]}, True),
    ("enrollment.status", lambda w, db: courses.drop(w.enrollment, actor=w.admin),
     {"status": ["enrolled", "dropped"]}, True),
    ("enrollment.employment", lambda w, db: courses.record_employment(
        _completed(w), employed=True, note="کارگاه خانگی", actor=w.admin),
     {"employed_after": [False, True], "employment_note": [None, "کارگاه خانگی"]}, True),
    ("certificate.create", lambda w, db: courses.record_certificate(
        _completed(w), number="TV-1234", issued_on=DAY, actor=w.admin),
     {"number": "TV-1234", "issued_on": "2026-02-01"}, True),
    ("referral.create", lambda w, db: _referred_out(w),
     {"direction": "out", "partner": "relief_committee"}, True),
    ("referral.status", lambda w, db: referrals.set_referral_status(
        _referred_out(w), "accepted", actor=w.admin), {"status": ["open", "accepted"]}, True),
    ("loan.create", lambda w, db: _loan(w), {"amount_rials": 300_000_000}, True),
    ("loan.status", lambda w, db: referrals.set_loan_status(
        _loan(w), "approved", decided_on=DAY, actor=w.admin),
     {"status": ["requested", "approved"], "decided_on": [None, "2026-02-01"]}, True),
    ("purchase.create", lambda w, db: _bought(w),
     {"quantity": 2, "total_rials": 8_000_000, "stock": [0, 2]}, True),
    ("payout.create", lambda w, db: _paid(w),
     {"amount_rials": 3_000_000, "method": "cash", "balance": [8_000_000, 5_000_000]}, True),
    ("entry.reverse", _reversed, {"amount_rials": 3_000_000, "reason": "اشتباه"}, True),
    ("materials.issue", lambda w, db: materials.record_issue(
        w.driver, description="نخ پشمی", quantity=3, unit="کلاف", cost_rials=900_000,
        issued_on=DAY, trainee_id=w.trainee.id, actor=w.admin),
     {"description": "نخ پشمی", "cost_rials": 900_000}, True),
    ("item.check_in", lambda w, db: items.check_in(_bought(w), actor=w.admin),
     {"product_id": None}, True),
    ("photo.add", lambda w, db: photos.add_photo(w.product, _jpeg(), actor=w.admin),
     {"product_id": None}, True),
    ("listing.update", lambda w, db: listings.update_listing(
        w.product, {"price_rials": 6_000_000}, actor=w.admin),
     {"price_rials": [5_000_000, 6_000_000]}, True),
    ("stock.adjust", lambda w, db: (_bought(w), listings.adjust_stock(
        w.product, quantity=1, reason="sample", note="نمایشگاه", actor=w.admin)),
     {"stock": [2, 1], "reason": "sample", "note": "نمایشگاه"}, True),
    ("user.register", lambda w, db: _registered(w), {"role": "buyer"}, False),
    ("user.change_password", lambda w, db: _password_changed(w), {}, False),
]


@pytest.mark.parametrize(("action", "change", "expected", "has_centre"), CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_each_sensitive_change_is_audited(db, action, change, expected, has_centre) -> None:
    w = _world(db)
    change(w, db)
    db.session.expire_all()
    rows = db.session.scalars(select(AuditLog).where(AuditLog.action == action)).all()
    assert len(rows) == 1, [r.action for r in db.session.scalars(select(AuditLog))]
    row = rows[0]
    assert row.entity_id is not None and row.created_at is not None
    for key, value in expected.items():
        assert key in row.changes
        if value is not None:
            assert row.changes[key] == value, (key, row.changes)
    if action.startswith("user."):
        assert row.actor_id == row.entity_id  # the account holder herself
    else:
        assert row.actor_id == w.admin.id
    assert (row.centre_id == w.centre.id) if has_centre else row.centre_id is None
