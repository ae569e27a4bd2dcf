"""Bank transfer shows the configured account: Sheba and holder from the configuration, the
development one marked as an example; switched off, it is not offered at all."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.models import Order
from marketplace.orders.checkout import CheckoutDetails, CheckoutError, place_order
from tests.orders.conftest import MOBILE, checkout_form, listed

REAL = "IR820540102680020817909002"
PICKUP = {"contact_name": "زهرا", "contact_phone": MOBILE, "delivery_method": "pickup"}


def _bank_order() -> Order:
    item = listed(stock=2)
    db.session.commit()
    return place_order(CheckoutDetails(**PICKUP, payment_provider="bank_transfer"),
                       {item.id: 1}, buyer=None)


def _account(html: str) -> str:
    return html.split('id="bank-title"')[1].split("</section>")[0]


def test_the_development_account_is_marked_as_an_example(client, db) -> None:
    order = _bank_order()
    account = _account(client.get(f"/orders/{order.code}").get_data(as_text=True))
    assert "نمونه — حساب واقعی نیست" in account
    assert "سازمان بازآفرینی شهرداری مشهد" in account  # the holder, spelled as SEED.md does
    assert "روییش" not in account
    assert 'data-bank-sheba="IR220000000000000000000001"' in account
    assert "IR22 0000 0000 0000 0000 0000 01" in account  # in fours, inside <code>


def test_the_configured_account_is_shown_as_it_is(app: Flask, client, db,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.config, "BANK_SHEBA", "ir82 0540 1026 8002 0817 9090 02")
    monkeypatch.setitem(app.config, "BANK_ACCOUNT_HOLDER", "شهرداری مشهد")
    monkeypatch.setitem(app.config, "BANK_NAME", "بانک شهر")
    order = _bank_order()
    account = _account(client.get(f"/orders/{order.code}").get_data(as_text=True))
    assert "نمونه" not in account
    assert f'data-bank-sheba="{REAL}"' in account and "IR82 0540 1026" in account
    assert "شهرداری مشهد" in account and "بانک شهر" in account


def test_switched_off_bank_transfer_is_not_offered(app: Flask, client, db,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.config, "BANK_TRANSFER_ENABLED", False)
    product = listed(stock=2)
    db.session.commit()
    client.post("/cart/add", data={"product_id": product.id, "quantity": 1})
    page = client.get("/checkout").get_data(as_text=True)
    assert 'value="bank_transfer"' not in page and 'value="cod"' in page
    response = client.post("/checkout", data=checkout_form(payment_provider="bank_transfer"))
    assert response.status_code == 200 and db.session.scalar(select(Order)) is None
    with pytest.raises(CheckoutError):
        place_order(CheckoutDetails(**PICKUP, payment_provider="bank_transfer"),
                    {product.id: 1}, buyer=None)


def test_an_invalid_configured_sheba_offers_no_transfer(app: Flask, client, db,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.config, "BANK_SHEBA", "IR820540102680020817909003")  # bad check
    with pytest.raises(CheckoutError):
        _bank_order()
