"""Checkout: validation writes nothing, prices come from the database, one order per key."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select, update

from marketplace.catalogue.inventory import InsufficientStock
from marketplace.extensions import db
from marketplace.models import Order, OrderEvent, OutboxMessage, Payment, Product
from marketplace.orders import shipping
from marketplace.orders.checkout import CheckoutDetails, CheckoutError, place_order
from tests.factories import make_centre, make_driver, make_user
from tests.orders.conftest import MOBILE, checkout_form, listed, stock_of, with_maker


def _count(model: type) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _fill_cart(client, *products, qty: int = 1) -> None:
    for p in products:
        client.post("/cart/add", data={"product_id": p.id, "quantity": qty})


def details(**kw) -> CheckoutDetails:
    data = {"contact_name": "زهرا", "contact_phone": MOBILE, "delivery_method": "pickup",
            "payment_provider": "cod"}
    data.update(kw)
    return CheckoutDetails(**data)


def test_place_order_snapshots_lines_and_queues_messages(app, db) -> None:
    product = with_maker(listed(stock=2, price_rials=20_000_000, unit_wage_rials=6_000_000),
                         given_name="مریم", show_given_name=True, phone="09151112233")
    with_maker(product, given_name="سارا", show_given_name=False, phone="09151112244")
    db.session.commit()
    order = place_order(details(contact_email="z@example.test"), {product.id: 2}, buyer=None)
    line = order.lines[0]
    assert (line.unit_price_rials, line.quantity, line.line_total_rials) == (20_000_000, 2,
                                                                              40_000_000)
    assert line.wage_rials == 12_000_000 and line.title_fa == product.title_fa
    names = sorted(str(m["public_name"]) for m in line.makers_snapshot)
    assert names == ["None", "مریم"]
    assert "family" not in str(line.makers_snapshot)
    assert order.total_rials == 40_000_000 and order.status == "placed"
    assert re.fullmatch(r"RY-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}",
                        order.code)
    assert stock_of(product.id) == 0
    assert [e.status for e in order.events] == ["placed"]
    assert order.payments[0].state == "pending"
    messages = db.session.scalars(select(OutboxMessage)).all()
    to = {(m.channel, m.recipient, m.topic) for m in messages}
    assert ("sms", MOBILE, "order_placed") in to and ("email", "z@example.test",
                                                       "order_placed") in to
    # An unpaid order is not yet a sale: the makers hear when the money is in.
    assert not [m for m in messages if m.topic == "maker_sold"]
    from marketplace.orders import notify

    notify.order_paid(order)
    maker_sms = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.topic == "maker_sold")).all()
    assert {m.recipient for m in maker_sms} == {"09151112233", "09151112244"}
    # 100 shares of 12,000,000 Rials split evenly: 600,000 Toman each, in Persian.
    assert all("۶۰۰٬۰۰۰ تومان" in m.body for m in maker_sms)


def test_insufficient_stock_writes_nothing(app, db) -> None:
    a, b = listed(stock=1), listed(stock=0)
    db.session.commit()
    with pytest.raises(InsufficientStock) as error:
        place_order(details(), {a.id: 1, b.id: 1}, buyer=None)
    assert error.value.product_ids == [b.id]
    assert stock_of(a.id) == 1
    assert _count(Order) == _count(OutboxMessage) == _count(Payment) == 0


def test_empty_cart_and_incomplete_post_are_refused(app, db) -> None:
    with pytest.raises(CheckoutError):
        place_order(details(), {}, buyer=None)
    product = listed()
    db.session.commit()
    with pytest.raises(CheckoutError):
        place_order(details(delivery_method="post"), {product.id: 1}, buyer=None)
    assert stock_of(product.id) == 1


def test_shipping_by_province_and_weight(app, db) -> None:
    assert shipping.shipping_fee("tehran", 500, pickup=True) == 0
    local = shipping.shipping_fee("razavi-khorasan", 900)
    far = shipping.shipping_fee("tehran", 900)
    assert 0 < local < far
    assert shipping.shipping_fee("tehran", 25_000) > shipping.shipping_fee("tehran", 20_000)
    app.config["SHIPPING_RATES"] = {"default_zone": "local"}
    try:
        assert shipping.shipping_fee("tehran", 900) == local
    finally:
        app.config.pop("SHIPPING_RATES")
    product = listed(weight_g=3000, stock=2)
    db.session.commit()
    order = place_order(details(delivery_method="post", province_code="tehran", city="تهران",
                                address="خیابان ولیعصر", postal_code="1134567891"),
                        {product.id: 2}, buyer=None)
    assert order.shipping_rials == shipping.shipping_fee("tehran", 6000)
    assert order.total_rials == order.subtotal_rials + order.shipping_rials


def test_pickup_across_centres_each_line_at_its_own_centre(app, db) -> None:
    c1, c2 = make_centre(), make_centre()
    a = listed(driver=make_driver(centres=[c1]))
    b = listed(driver=make_driver(centres=[c2]))
    db.session.commit()
    order = place_order(details(), {a.id: 1, b.id: 1}, buyer=None)
    assert order.shipping_rials == 0
    assert order.pickup_centre_id == a.centre_id
    assert {ln.centre_id for ln in order.lines} == {c1.id, c2.id}


def test_checkout_page_places_order_and_clears_cart(client, db) -> None:
    product = listed(stock=1)
    db.session.commit()
    _fill_cart(client, product)
    assert client.get("/checkout").status_code == 200
    response = client.post("/checkout", data=checkout_form())
    assert response.status_code == 302
    order = db.session.scalar(select(Order))
    assert response.headers["Location"].endswith(f"/orders/{order.code}")
    assert order.delivery_method == "post" and order.postal_code == "9134567891"
    with client.session_transaction() as session:
        assert not session.get("cart")


@pytest.mark.parametrize("bad", [
    {"contact_phone": "0812345678"},
    {"postal_code": "0123456789"},
    {"address": ""},
    {"province_code": "atlantis"},
    {"contact_name": ""},
    {"payment_provider": "bitcoin"},
])
def test_checkout_validation_errors_write_nothing(client, db, bad) -> None:
    product = listed(stock=1)
    db.session.commit()
    _fill_cart(client, product)
    response = client.post("/checkout", data=checkout_form(**bad))
    assert response.status_code == 200
    assert "invalid-feedback" in response.get_data(as_text=True)
    assert _count(Order) == 0 and _count(OutboxMessage) == 0
    assert stock_of(product.id) == 1


def test_persian_digits_are_accepted(client, db) -> None:
    product = listed(stock=1)
    db.session.commit()
    _fill_cart(client, product)
    response = client.post("/checkout", data=checkout_form(
        contact_phone="۰۹۱۲ ۱۲۳ ۴۵۶۷", postal_code="۹۱۳۴۵-۶۷۸۹۱"))
    assert response.status_code == 302
    order = db.session.scalar(select(Order))
    assert (order.contact_phone, order.postal_code) == ("09121234567", "9134567891")


def test_posted_prices_are_ignored(client, db) -> None:
    product = listed(stock=1, price_rials=50_000_000)
    db.session.commit()
    _fill_cart(client, product)
    client.post("/checkout", data=checkout_form(
        delivery_method="pickup", price_rials="10", total_rials="10", subtotal_rials="10",
        **{f"price_{product.id}": "1"}))
    order = db.session.scalar(select(Order))
    assert order.subtotal_rials == order.total_rials == 50_000_000


def test_double_submit_makes_one_order(client, db) -> None:
    product = listed(stock=5)
    db.session.commit()
    _fill_cart(client, product)
    client.get("/checkout")
    with client.session_transaction() as session:
        key = session["checkout_key"]
    first = client.post("/checkout", data=checkout_form(idempotency_key=key))
    second = client.post("/checkout", data=checkout_form(idempotency_key=key))
    assert first.headers["Location"] == second.headers["Location"]
    assert _count(Order) == 1 and stock_of(product.id) == 4


def test_same_key_in_the_domain_returns_the_existing_order(app, db) -> None:
    product = listed(stock=5)
    db.session.commit()
    one = place_order(details(), {product.id: 1}, buyer=None, idempotency_key="k-1")
    two = place_order(details(), {product.id: 1}, buyer=None, idempotency_key="k-1")
    assert one.id == two.id and stock_of(product.id) == 4


def test_sold_out_before_checkout_is_named(client, db) -> None:
    client.post("/language", data={"lang": "en"})
    product = listed(stock=1)
    db.session.commit()
    _fill_cart(client, product)
    product.stock = 0
    db.session.commit()
    response = client.post("/checkout", data=checkout_form())
    assert "sold out meanwhile" in response.get_data(as_text=True)
    assert _count(Order) == 0


def test_sold_out_during_checkout_goes_back_to_cart(client, db, monkeypatch) -> None:
    """Another buyer takes the last unit between the cart check and take_stock."""
    from marketplace.orders import checkout

    client.post("/language", data={"lang": "en"})
    product = listed(stock=1)
    db.session.commit()
    _fill_cart(client, product)
    real = checkout.take_stock

    def rival_first(quantities):
        db.session.execute(update(Product).where(Product.id == product.id).values(stock=0))
        db.session.commit()  # the rival's checkout commits first
        return real(quantities)

    monkeypatch.setattr(checkout, "take_stock", rival_first)
    response = client.post("/checkout", data=checkout_form())
    assert response.status_code == 302 and response.headers["Location"].endswith("/cart")
    assert _count(Order) == 0 and _count(OutboxMessage) == 0
    page = client.get("/cart").get_data(as_text=True)
    assert f"{product.title_en} sold out meanwhile" in page


def test_signed_in_buyer_owns_the_order(client, db, login_as) -> None:
    buyer = login_as(make_user(phone=MOBILE))
    product = listed(stock=1)
    db.session.commit()
    _fill_cart(client, product)
    client.post("/checkout", data=checkout_form())
    order = db.session.scalar(select(Order))
    assert order.buyer_id == buyer.id
    event = db.session.scalar(select(OrderEvent))
    assert event.actor_id == buyer.id


def test_price_change_before_submit_is_shown_not_charged_silently(client, db) -> None:
    client.post("/language", data={"lang": "en"})
    product = listed(stock=1, price_rials=10_000_000)
    db.session.commit()
    _fill_cart(client, product)
    client.get("/checkout")
    product.price_rials = 12_000_000
    db.session.commit()
    first = client.post("/checkout", data=checkout_form())
    assert first.status_code == 200 and "The price of" in first.get_data(as_text=True)
    assert _count(Order) == 0
    second = client.post("/checkout", data=checkout_form())  # the buyer saw the new price
    assert second.status_code == 302
    assert db.session.scalar(select(Order.subtotal_rials)) == 12_000_000


def test_checkout_page_shows_form_and_summary(client, db) -> None:
    client.post("/language", data={"lang": "en"})
    product = listed(stock=1)
    db.session.commit()
    _fill_cart(client, product)
    page = client.get("/checkout").get_data(as_text=True)
    for text in ('name="contact_phone"', 'name="postal_code"', 'value="razavi-khorasan"',
                 'value="zarinpal"', 'name="idempotency_key"', product.title_en):
        assert text in page
    assert client.get("/checkout").status_code == 200


def test_free_items_cannot_be_paid_online(app, db) -> None:
    product = listed(stock=1, price_rials=0)
    db.session.commit()
    with pytest.raises(CheckoutError):
        place_order(details(payment_provider="zarinpal"), {product.id: 1}, buyer=None)
    assert stock_of(product.id) == 1 and _count(Order) == 0
