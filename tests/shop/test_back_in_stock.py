""""Tell me when it is back": a request on a sold-out page, one message when stock returns."""

from __future__ import annotations

from sqlalchemy import func, select

from marketplace.catalogue import inventory
from marketplace.catalogue.listings import adjust_stock
from marketplace.extensions import db
from marketplace.models import Channel, OutboxMessage, StockAlert
from tests.factories import make_user, sign_in
from tests.shop.conftest import listed_product


def _messages() -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.topic == "stock_returned").order_by(OutboxMessage.id)))


def _restock(product, units=1) -> None:
    inventory.add_stock(product.id, units)
    db.session.commit()


def test_a_guest_subscribes_and_hears_once(client, db) -> None:
    item = listed_product(n=1, stock=0, title_fa="گلیم آبی")
    db.session.commit()
    page = client.get(f"/products/{item.id}-{item.slug}").get_data(as_text=True)
    assert 'id="back-in-stock"' in page
    response = client.post(f"/products/{item.id}/alert", data={"contact": "۰۹۱۲ ۳۴۵ ۶۷۸۹"})
    assert response.status_code == 302
    client.post(f"/products/{item.id}/alert", data={"contact": "09123456789"})  # again
    assert db.session.scalar(select(func.count(StockAlert.id))) == 1
    _restock(item)
    (message,) = _messages()
    assert message.channel == Channel.SMS and message.recipient == "09123456789"
    assert "گلیم آبی" in message.body and f"/products/{item.id}-" in message.body
    # Sold out and back again: she asked once, so she hears once.
    inventory.write_off(item.id, 1)
    db.session.commit()
    _restock(item, 2)
    _restock(item, 1)  # 2 -> 3 is no return from sold out either
    assert len(_messages()) == 1
    assert db.session.scalar(select(StockAlert.sent_at)) is not None


def test_a_signed_in_buyer_hears_by_e_mail_without_a_phone(client, db) -> None:
    buyer = make_user(email="back@example.com", phone=None)
    item = listed_product(n=1, stock=0)
    db.session.commit()
    sign_in(client, buyer)
    page = client.get(f"/products/{item.id}-{item.slug}").get_data(as_text=True)
    assert "back@example.com" in page
    client.post(f"/products/{item.id}/alert")
    adjust_stock(item, quantity=1, reason="added")  # units added by hand, its own commit
    (message,) = _messages()
    assert message.channel == Channel.EMAIL and message.recipient == "back@example.com"
    assert db.session.scalar(select(StockAlert.user_id)) == buyer.id


def test_bad_contact_or_in_stock_item_changes_nothing(client, db) -> None:
    sold_out = listed_product(n=1, stock=0)
    in_stock = listed_product(n=2, stock=3)
    db.session.commit()
    for contact in ("", "12345", "not an address@", "x" * 300):
        response = client.post(f"/products/{sold_out.id}/alert", data={"contact": contact},
                               follow_redirects=True)
        assert response.status_code == 200
        assert 'class="alert' in response.get_data(as_text=True)
    client.post(f"/products/{in_stock.id}/alert", data={"contact": "09123456789"})
    assert client.post("/products/999999/alert", data={"contact": "a@b.co"}).status_code == 404
    assert db.session.scalar(select(func.count(StockAlert.id))) == 0


def test_a_rolled_back_restock_sends_nothing(db) -> None:
    item = listed_product(n=1, stock=0)
    db.session.add(StockAlert(product_id=item.id, channel=Channel.SMS, recipient="09120000000"))
    db.session.commit()
    inventory.add_stock(item.id, 1)
    db.session.rollback()
    assert _messages() == [] and db.session.scalar(select(StockAlert.sent_at)) is None
