"""Stock on the listing page: units added or written off with a reason, each kept as
its own row and shown as the product's stock history."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from marketplace.extensions import db as _db
from marketplace.models import AuditLog, Product, StockAdjustment
from tests import factories as f


def _stock_url(product) -> str:
    return f"/producers/listings/{product.id}/stock"


def _stock(product_id: int) -> int:
    _db.session.expire_all()
    return _db.session.get(Product, product_id).stock


@pytest.mark.parametrize("typed", ["2", "۲", "٢"])  # ASCII, Persian and Arabic digits
def test_units_added_in_any_digits(client, login_as, mine, typed) -> None:
    login_as(mine.user)
    response = client.post(_stock_url(mine.product),
                           data={"reason": "added", "quantity": typed, "note": "پیدا شد"})
    assert response.status_code == 302
    assert _stock(mine.product.id) == 5
    row = _db.session.scalar(select(StockAdjustment))
    assert (row.delta, row.reason, row.note, row.stock_after) == (2, "added", "پیدا شد", 5)
    assert row.actor_id == mine.user.id and row.driver_id == mine.driver.id
    page = client.get(f"/producers/listings/{mine.product.id}").get_data(as_text=True)
    assert "تاریخچهٔ موجودی" in page and "پیدا شد" in page and "+۲" in page


def test_a_write_off_is_kept_with_its_reason(client, login_as, mine) -> None:
    login_as(mine.user)
    response = client.post(_stock_url(mine.product), data={"reason": "damaged", "quantity": "۱"})
    assert response.status_code == 302
    assert _stock(mine.product.id) == 2
    assert _db.session.scalar(select(StockAdjustment.delta)) == -1
    entry = _db.session.scalar(select(AuditLog).where(AuditLog.action == "stock.adjust"))
    assert entry.changes["stock"] == [3, 2] and entry.changes["reason"] == "damaged"


def test_a_write_off_larger_than_the_stock_is_refused_in_persian(client, login_as, mine) -> None:
    login_as(mine.user)
    response = client.post(_stock_url(mine.product), data={"reason": "lost", "quantity": "4"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'id="quantity-error"' in page
    assert "فقط ۳ عدد موجود است" in page
    assert _stock(mine.product.id) == 3
    assert not _db.session.scalar(select(StockAdjustment))


@pytest.mark.parametrize(("data", "field"), [
    ({"reason": "other", "quantity": "1", "note": ""}, "note"),
    ({"reason": "stolen", "quantity": "1"}, "reason"),
    ({"reason": "damaged", "quantity": "0"}, "quantity"),
    ({"reason": "damaged", "quantity": "یک"}, "quantity"),
])
def test_incomplete_adjustments_are_refused(client, login_as, mine, data, field) -> None:
    login_as(mine.user)
    response = client.post(_stock_url(mine.product), data=data)
    assert response.status_code == 200
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    assert _stock(mine.product.id) == 3


def test_another_drivers_product_is_404(client, login_as, mine) -> None:
    theirs = f.make_product(stock=4)
    login_as(mine.user)
    response = client.post(_stock_url(theirs), data={"reason": "lost", "quantity": "1"})
    assert response.status_code == 404
    assert _stock(theirs.id) == 4
