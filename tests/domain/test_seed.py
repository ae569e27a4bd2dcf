"""The demo data: the real centres, the programme's rules and proportions, determinism."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from sqlalchemy import func, select

from demo import seed
from marketplace.extensions import db as _db
from marketplace.media import storage
from marketplace.models import (
    Applicant,
    Centre,
    Craft,
    Enrollment,
    LedgerEntry,
    Loan,
    Order,
    Photo,
    Product,
    ProductMaker,
    ProgrammeFigure,
    Trainee,
    User,
)
from marketplace.programme.applicants import waiting_list


@pytest.fixture(scope="module")
def seeded(app):
    """Seeded once for the module (photos make it slow); the tests only read, except the
    last two, which leave the same data behind."""
    report = seed.seed_demo(products=40)
    assert report.created
    yield report
    seed.wipe()


def test_centres_crafts_and_accounts(seeded) -> None:
    centres = _db.session.scalars(select(Centre).order_by(Centre.id)).all()
    assert [c.status for c in centres].count("active") == 7
    # One demo centre being built, for its waiting list; not one of the published nine.
    assert [c.slug for c in centres if c.status == "under_construction"] == ["golshahr"]
    published = {f.metric: (f.value, f.value_high)
                 for f in _db.session.scalars(select(ProgrammeFigure))}
    assert published == {  # SEED.md's figures, the programme's baseline
        "trained": (1500, None), "employed": (400, None), "relief_loans": (15, None),
        "drivers": (35, 40), "centres_active": (7, None), "centres_under_construction": (9, None),
    }
    assert centres[0].address_fa == "بلوار توس، محله نوده"
    assert _db.session.scalar(select(func.count()).select_from(Craft)) == 7
    emails = set(_db.session.scalars(select(User.email)))
    expected = {"admin@rooyesh.test", "buyer@rooyesh.test"}
    expected |= {f"staff{i}@rooyesh.test" for i in range(1, 8)}
    expected |= {f"driver{i}@rooyesh.test" for i in range(1, 11)}
    assert expected <= emails
    staff1 = _db.session.scalar(select(User).where(User.email == "staff1@rooyesh.test"))
    assert [c.slug for c in staff1.centres] == ["toos"]
    assert staff1.check_password(seed.DEMO_PASSWORD)


def test_every_trainee_lives_in_her_centres_neighbourhood(seeded) -> None:
    trainees = _db.session.scalars(select(Trainee)).all()
    assert len(trainees) == 101  # 100, and one applicant admitted
    assert all(t.neighbourhood_id == t.centre.neighbourhood_id for t in trainees)
    per_centre = Counter(t.centre.slug for t in trainees)
    assert len(per_centre) == 7 and min(per_centre.values()) >= 14


def test_programme_proportions(seeded) -> None:
    employed = _db.session.scalar(
        select(func.count(func.distinct(Enrollment.trainee_id))).where(Enrollment.employed_after)
    )
    assert 15 <= employed <= 35  # about 400 of 1,500 (27%) of 100 trainees
    assert _db.session.scalar(select(func.count()).select_from(Loan)) == 15


def test_products_have_makers_photos_and_consistent_ledger(seeded) -> None:
    assert _db.session.scalar(select(func.count()).select_from(Product)) == 40
    for product in _db.session.scalars(select(Product)):
        shares = [m.share_pct for m in product.makers]
        assert 1 <= len(shares) <= 3 and sum(shares) == 100
        assert product.photos
    assert _db.session.scalar(select(func.count()).select_from(ProductMaker)) >= 40
    balances = _db.session.execute(
        select(LedgerEntry.trainee_id, func.sum(LedgerEntry.amount_rials))
        .group_by(LedgerEntry.driver_id, LedgerEntry.trainee_id)
    ).all()
    # Only the recorded advance may leave a balance below zero.
    assert sum(1 for _, b in balances if b < 0) <= 1
    assert _db.session.scalar(select(func.count()).select_from(Order)) >= 3


def test_products_read_as_a_shopkeeper_wrote_them(seeded) -> None:
    """Titles and descriptions from demo.designs: Persian without a Latin letter or digit,
    with colours for the colour facet and a weight for the shipping fee."""
    products = _db.session.scalars(select(Product)).all()
    for product in products:
        for text in (product.title_fa, product.description_fa, product.colours_fa):
            assert text and not re.search(r"[A-Za-z0-9]", text)
        assert product.weight_g and product.price_rials % 100_000 == 0
    assert len({p.title_fa for p in products}) >= 30


def test_photos_are_real_generated_images(seeded, app) -> None:
    photo = _db.session.scalars(select(Photo)).first()
    store = storage.current()
    files = [k for k in store.keys(storage.PUBLIC) if photo.digest in k]
    assert files and all(len(store.open(k).read()) > 1000 for k in files)


def test_seed_is_idempotent(seeded) -> None:
    assert not seed.seed_demo(products=40).created
    assert _db.session.scalar(select(func.count()).select_from(Product)) == 40


def test_new_rows_get_fresh_ids_after_the_bulk_load(seeded) -> None:
    """The bulk path assigns ids itself; PostgreSQL's sequences must have moved past them."""
    from tests import factories as f

    purchase = f.make_purchase()
    assert purchase.id > 40 and purchase.product_id > 40
    _db.session.rollback()


def test_seed_is_deterministic(seeded) -> None:
    first = _db.session.scalars(select(Product.title_fa).order_by(Product.id)).all()
    seed.wipe()
    seed.seed_demo(products=40)
    assert _db.session.scalars(select(Product.title_fa).order_by(Product.id)).all() == first


def test_applicants_wait_for_the_centre_being_built(seeded) -> None:
    building = _db.session.scalar(select(Centre).where(Centre.slug == "golshahr"))
    assert len(_db.session.scalars(waiting_list(building)).all()) == 5
    statuses = Counter(_db.session.scalars(select(Applicant.status)))
    assert statuses["admitted"] == 1 and statuses["not_eligible"] == 1
    admitted = _db.session.scalar(select(Applicant).where(Applicant.status == "admitted"))
    assert admitted.trainee.centre.slug == "toos"
