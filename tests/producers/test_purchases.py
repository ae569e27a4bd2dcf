"""Recording purchases through the form: makers' shares, amounts, nothing written on refusal."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from marketplace import ledger
from marketplace.extensions import db as _db
from marketplace.ledger import MakerShare
from marketplace.models import LedgerEntry, Product, Purchase, PurchaseShare
from tests import factories as f
from tests.producers.conftest import PROFILE


def _form(side, **over):
    data = {
        "product_id": "", "title_fa": "گلیم نو", "craft_id": str(side.product.craft_id),
        "centre_id": str(side.centre.id), "quantity": "2", "total": "۱٬۲۰۰٬۰۰۱",
        "purchased_on": "1405/08/14",
        "makers-0-trainee_id": str(side.trainee.id), "makers-0-share_pct": "60",
        "makers-1-trainee_id": str(side.other_trainee.id), "makers-1-share_pct": "40",
        "makers-2-trainee_id": "", "makers-2-share_pct": "",
    }
    data.update(over)
    return data


def _counts():
    return (_db.session.scalar(select(func.count(Purchase.id))),
            _db.session.scalar(select(func.count(LedgerEntry.id))),
            _db.session.scalar(select(func.count(Product.id))))


def test_a_new_item_is_bought_from_two_makers(client, login_as, mine) -> None:
    login_as(mine.user)
    response = client.post("/producers/purchases/new", data=_form(mine))
    assert response.status_code == 302, response.get_data(as_text=True)
    purchase = _db.session.scalars(select(Purchase).order_by(Purchase.id.desc())).first()
    assert purchase.total_rials == 12_000_010
    assert purchase.product.title_fa == "گلیم نو" and purchase.product.status == "draft"
    assert purchase.product.stock == 2 and purchase.product.search_text
    assert sorted(s.amount_rials for s in purchase.shares) == [4_800_000, 7_200_010]
    assert ledger.balance(mine.driver.id, mine.other_trainee.id) == 4_800_000


def test_more_units_of_an_existing_item(client, login_as, mine) -> None:
    login_as(mine.user)
    data = _form(mine, product_id=str(mine.product.id), total="1000")
    assert client.post("/producers/purchases/new", data=data).status_code == 302
    _db.session.expire_all()
    assert _db.session.get(Product, mine.product.id).stock == 5


def test_shares_not_adding_to_100_are_refused_and_nothing_is_written(
    client, login_as, mine
) -> None:
    login_as(mine.user)
    before = _counts()
    response = client.post("/producers/purchases/new",
                           data=_form(mine, **{"makers-1-share_pct": "30"}))
    assert response.status_code == 200
    assert "100" in response.get_data(as_text=True)
    assert _counts() == before


def test_a_half_filled_maker_row_is_shown_next_to_it(client, login_as, mine) -> None:
    login_as(mine.user)
    before = _counts()
    response = client.post("/producers/purchases/new",
                           data=_form(mine, **{"makers-2-share_pct": "10"}))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="makers-2-trainee_id-error"' in html
    assert _counts() == before


def test_a_maker_of_another_centre_is_not_offered(client, login_as, mine, theirs) -> None:
    login_as(mine.user)
    before = _counts()
    data = _form(mine, **{"makers-0-trainee_id": str(theirs.trainee.id)})
    assert client.post("/producers/purchases/new", data=data).status_code == 200
    assert _counts() == before


def test_another_drivers_item_cannot_be_bought_into(client, login_as, mine, theirs) -> None:
    login_as(mine.user)
    before = _counts()
    data = _form(mine, product_id=str(theirs.product.id))
    assert client.post("/producers/purchases/new", data=data).status_code == 200
    assert _counts() == before


def test_new_item_needs_a_title_and_a_craft(client, login_as, mine) -> None:
    login_as(mine.user)
    before = _counts()
    response = client.post("/producers/purchases/new", data=_form(mine, title_fa=""))
    assert 'id="title_fa-error"' in response.get_data(as_text=True)
    response = client.post("/producers/purchases/new", data=_form(mine, craft_id=""))
    assert 'id="craft_id-error"' in response.get_data(as_text=True)
    assert _counts() == before


def test_amounts_are_checked_and_nothing_is_written(client, login_as, mine) -> None:
    login_as(mine.user)
    before = _counts()
    bad_amounts = ("-1000", "1000-", "0", "abc", "12.5", "1/5", "1000000000000001",
                   "۱۰۰۰۰۰۰۰۰۰۰۰۰۰۰۰۱", "12,50")
    for bad in bad_amounts:
        response = client.post("/producers/purchases/new", data=_form(mine, total=bad))
        assert response.status_code == 200, bad
        assert 'id="total-error"' in response.get_data(as_text=True), bad
    assert _counts() == before


def _shares_from_cuts(cuts: list[int]) -> list[int]:
    points = [0, *sorted(cuts), 100]
    return [b - a for a, b in pairwise(points)]


SHARES = st.lists(st.integers(min_value=1, max_value=99), unique=True, max_size=2).map(
    _shares_from_cuts
)


@given(shares=SHARES, total=st.integers(min_value=0, max_value=10**15))
@settings(settings.get_profile(PROFILE), max_examples=15)
def test_per_maker_amounts_always_sum_to_the_total(db, shares, total) -> None:
    centre = f.make_centre()
    driver = f.make_driver(centres=[centre])
    makers = [f.make_trainee(centre=centre) for _ in shares]
    product = f.make_product(driver=driver, centre=centre, stock=0)
    db.session.commit()
    purchase = ledger.record_purchase(
        driver, product=product, quantity=1, total_rials=total,
        makers=[MakerShare(t.id, s) for t, s in zip(makers, shares, strict=True)],
        purchased_on=date(2026, 1, 1),
    )
    amounts = db.session.scalars(
        select(PurchaseShare.amount_rials).where(PurchaseShare.purchase_id == purchase.id)
    ).all()
    assert sum(amounts) == total
    owed = sum(ledger.balance(driver.id, t.id) for t in makers)
    assert owed == total


def test_a_failure_half_way_leaves_nothing(db, mine, monkeypatch) -> None:
    """The maker rows fail at commit (a negative share breaks a CHECK): no purchase,
    no product, no ledger entry is left behind."""
    import pytest
    from sqlalchemy.exc import IntegrityError

    from marketplace.catalogue import listings
    from marketplace.ledger import operations

    before = _counts()
    monkeypatch.setattr(operations, "split_amount", lambda total, weights: [total + 1, -1])
    product = listings.new_product(mine.driver, title_fa="تازه", craft_id=mine.product.craft_id,
                                   centre_id=mine.centre.id)
    with pytest.raises(IntegrityError):
        ledger.record_purchase(
            mine.driver, product=product, quantity=1, total_rials=1000,
            makers=[MakerShare(mine.trainee.id, 50), MakerShare(mine.other_trainee.id, 50)],
            purchased_on=date(2026, 11, 1),
        )
    db.session.rollback()
    assert _counts() == before
