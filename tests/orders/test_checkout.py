"""Checkout: validation writes nothing, prices come from the database, one order per key;
the form leads to a review and only the review's «place the order» places it."""

from __future__ import annotations

import html
import json
import re

import pytest
from sqlalchemy import func, select, update

from marketplace.catalogue.inventory import InsufficientStock
from marketplace.extensions import db
from marketplace.models import Order, OrderEvent, OutboxMessage, Payment, Product
from marketplace.orders import shipping
from marketplace.orders.checkout import CheckoutDetails, CheckoutError, TotalChanged, place_order
from marketplace.text.geo import PROVINCES
from marketplace.text.persian import format_money
from tests.factories import make_centre, make_driver, make_user
from tests.orders.conftest import (
    MOBILE,
    checkout_form,
    listed,
    place,
    review,
    reviewed_form,
    stock_of,
    with_maker,
)
from tests.visible_text import english_page_leaks, page_language, persian_page_leaks, persian_words


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


def test_checkout_goes_through_the_review_and_clears_cart(client, db) -> None:
    product = listed(stock=1)
    db.session.commit()
    _fill_cart(client, product)
    assert client.get("/checkout").status_code == 200
    page = review(client)
    assert _count(Order) == 0 and stock_of(product.id) == 1  # reviewing orders nothing
    response = client.post("/checkout/place", data=reviewed_form(page))
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
@pytest.mark.parametrize("url", ["/checkout", "/checkout/place"])
def test_checkout_validation_errors_write_nothing(client, db, bad, url) -> None:
    product = listed(stock=1)
    db.session.commit()
    _fill_cart(client, product)
    response = client.post(url, data=checkout_form(**bad))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "invalid-feedback" in page and 'action="/checkout/place"' not in page  # no review
    assert _count(Order) == 0 and _count(OutboxMessage) == 0
    assert stock_of(product.id) == 1


def test_persian_digits_are_accepted(client, db) -> None:
    product = listed(stock=1)
    db.session.commit()
    _fill_cart(client, product)
    response = place(client, contact_phone="۰۹۱۲ ۱۲۳ ۴۵۶۷", postal_code="۹۱۳۴۵-۶۷۸۹۱")
    assert response.status_code == 302
    order = db.session.scalar(select(Order))
    assert (order.contact_phone, order.postal_code) == ("09121234567", "9134567891")


def test_posted_prices_are_ignored(client, db) -> None:
    product = listed(stock=1, price_rials=50_000_000)
    db.session.commit()
    _fill_cart(client, product)
    data = reviewed_form(review(client, delivery_method="pickup"))
    data.update(price_rials="10", total_rials="10", subtotal_rials="10",
                **{f"price_{product.id}": "1"})
    client.post("/checkout/place", data=data)
    order = db.session.scalar(select(Order))
    assert order.subtotal_rials == order.total_rials == 50_000_000


def test_double_confirm_makes_one_order(client, db) -> None:
    product = listed(stock=5)
    db.session.commit()
    _fill_cart(client, product)
    client.get("/checkout")
    with client.session_transaction() as session:
        key = session["checkout_key"]
    data = reviewed_form(review(client, idempotency_key=key))
    assert data["idempotency_key"] == key  # the key goes on with the review
    first = client.post("/checkout/place", data=data)
    second = client.post("/checkout/place", data=data)
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert _count(Order) == 1 and stock_of(product.id) == 4
    # Back to the review and «edit» after placing: the order, not a second checkout.
    again = client.post("/checkout", data={**data, "action": "edit"})
    assert again.headers["Location"] == first.headers["Location"]


def test_the_csrf_token_goes_on_with_the_review(client, app, db) -> None:
    product = listed(stock=1)
    db.session.commit()
    _fill_cart(client, product)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        form = client.get("/checkout").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
        data = reviewed_form(review(client, csrf_token=token))
        assert data["csrf_token"] and _count(Order) == 0
        assert client.post("/checkout/place", data={**data, "csrf_token": "forged"}) \
            .status_code == 400
        assert client.post("/checkout/place", data=data).status_code == 302
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert _count(Order) == 1


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


def test_sold_out_during_checkout_is_said_and_nothing_written(client, db, monkeypatch) -> None:
    """Another buyer takes the last unit between the confirm's check and take_stock."""
    from marketplace.orders import checkout

    client.post("/language", data={"lang": "en"})
    product = listed(stock=1)
    db.session.commit()
    _fill_cart(client, product)
    data = reviewed_form(review(client))
    real = checkout.take_stock

    def rival_first(quantities):
        db.session.execute(update(Product).where(Product.id == product.id).values(stock=0))
        db.session.commit()  # the rival's checkout commits first
        return real(quantities)

    monkeypatch.setattr(checkout, "take_stock", rival_first)
    response = client.post("/checkout/place", data=data)
    assert response.status_code == 200
    assert f"{product.title_en} sold out meanwhile" in response.get_data(as_text=True)
    assert _count(Order) == 0 and _count(OutboxMessage) == 0


def test_signed_in_buyer_owns_the_order(client, db, login_as) -> None:
    buyer = login_as(make_user(phone=MOBILE))
    product = listed(stock=1)
    db.session.commit()
    _fill_cart(client, product)
    place(client)
    order = db.session.scalar(select(Order))
    assert order.buyer_id == buyer.id
    event = db.session.scalar(select(OrderEvent))
    assert event.actor_id == buyer.id


def test_price_change_before_review_is_shown_not_charged_silently(client, db) -> None:
    client.post("/language", data={"lang": "en"})
    product = listed(stock=1, price_rials=10_000_000)
    db.session.commit()
    _fill_cart(client, product)
    client.get("/checkout")
    product.price_rials = 12_000_000
    db.session.commit()
    first = client.post("/checkout", data=checkout_form())
    assert first.status_code == 200 and "The price of" in first.get_data(as_text=True)
    assert 'action="/checkout/place"' not in first.get_data(as_text=True)  # no review
    assert place(client).status_code == 302  # the buyer saw the new price
    assert db.session.scalar(select(Order.subtotal_rials)) == 12_000_000


def test_price_change_between_review_and_confirm_is_refused(client, db) -> None:
    product = listed(stock=1, price_rials=10_000_000)
    db.session.commit()
    _fill_cart(client, product)
    data = reviewed_form(review(client))
    product.price_rials = 12_000_000
    db.session.commit()
    refused = client.post("/checkout/place", data=data)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 200 and "name=\"contact_name\"" in page  # the form again
    assert "چیزی در سفارش شما" in page  # what changed, in Persian
    assert "۱٬۲۰۰٬۰۰۰ تومان" in page and 'value="09121234567"' in page  # nothing typed is lost
    assert _count(Order) == 0 and _count(OutboxMessage) == 0 and stock_of(product.id) == 1
    assert place(client).status_code == 302  # reviewed again, at the new price
    assert db.session.scalar(select(Order.total_rials)) == 12_000_000 + shipping.shipping_fee(
        "razavi-khorasan", 1500)


def test_stock_gone_between_review_and_confirm_is_refused(client, db) -> None:
    product = listed(stock=3)
    db.session.commit()
    _fill_cart(client, product, qty=2)
    data = reviewed_form(review(client))
    product.stock = 1
    db.session.commit()
    refused = client.post("/checkout/place", data=data).get_data(as_text=True)
    assert "چیزی در سفارش شما" in refused and "فقط ۱" in refused
    assert _count(Order) == 0 and stock_of(product.id) == 1


def test_cart_changed_elsewhere_after_review_is_refused(client, db) -> None:
    """The review was of one unit; another tab made it two: the buyer reviews again."""
    product = listed(stock=3)
    db.session.commit()
    _fill_cart(client, product)
    data = reviewed_form(review(client))
    _fill_cart(client, product)
    client.post("/checkout/place", data=data)
    assert _count(Order) == 0 and stock_of(product.id) == 3


def test_only_the_review_places_an_order(client, db) -> None:
    """The form sent straight to «place» (no review, or a review of something else)."""
    product = listed(stock=1)
    db.session.commit()
    _fill_cart(client, product)
    assert client.post("/checkout/place", data=checkout_form()).status_code == 200
    assert client.post("/checkout/place", data=checkout_form(reviewed="1x1@1|0")).status_code \
        == 200
    assert _count(Order) == 0 and stock_of(product.id) == 1


def test_a_price_changed_while_placing_is_refused_by_the_domain(client, db, monkeypatch) -> None:
    """The price moves between the confirm's check and the order's own transaction."""
    from marketplace.orders import checkout

    product = listed(stock=1, price_rials=10_000_000)
    db.session.commit()
    _fill_cart(client, product)
    data = reviewed_form(review(client))
    real = checkout.take_stock

    def repriced_first(quantities):
        db.session.execute(update(Product).where(Product.id == product.id)
                           .values(price_rials=11_000_000))
        db.session.commit()
        return real(quantities)

    monkeypatch.setattr(checkout, "take_stock", repriced_first)
    response = client.post("/checkout/place", data=data)
    assert response.status_code == 200 and "چیزی در سفارش شما" in response.get_data(as_text=True)
    assert _count(Order) == 0 and _count(OutboxMessage) == 0 and stock_of(product.id) == 1


def test_total_changed_writes_nothing(app, db) -> None:
    product = listed(stock=1, price_rials=10_000_000)
    db.session.commit()
    with pytest.raises(TotalChanged) as error:
        place_order(details(), {product.id: 1}, buyer=None, expected_total_rials=9_000_000)
    assert (error.value.reviewed, error.value.actual) == (9_000_000, 10_000_000)
    assert stock_of(product.id) == 1 and _count(Order) == _count(OutboxMessage) == 0
    assert place_order(details(), {product.id: 1}, buyer=None,
                       expected_total_rials=10_000_000).total_rials == 10_000_000


def test_review_shows_every_choice_and_the_total(client, db) -> None:
    product = listed(stock=2, price_rials=10_000_000, weight_g=3000)
    db.session.commit()
    _fill_cart(client, product, qty=2)
    fee = shipping.shipping_fee("tehran", 6000)
    page = review(client, province_code="tehran", city="تهران", postal_code="1134567891",
                  payment_provider="bank_transfer")
    for text in (product.title_fa, "تهران", "خیابان امام رضا", "۱۱۳۴۵۶۷۸۹۱", "انتقال بانکی",
                 format_money(fee, "fa"),
                 format_money(20_000_000 + fee, "fa"), "ثبت سفارش"):
        assert text in page, text
    assert 'value="tehran"' in page and 'name="reviewed"' in page
    assert _count(Order) == 0 and stock_of(product.id) == 2


def test_edit_from_the_review_keeps_what_was_typed_and_the_key(client, db) -> None:
    product = listed(stock=1)
    db.session.commit()
    _fill_cart(client, product)
    data = reviewed_form(review(client, city="نیشابور"))
    page = client.post("/checkout", data={**data, "action": "edit"}).get_data(as_text=True)
    assert 'value="نیشابور"' in page and f'value="{data["idempotency_key"]}"' in page
    assert "invalid-feedback" not in page and _count(Order) == 0


def test_pickup_ignores_a_half_typed_address(client, db) -> None:
    product = listed(stock=1)
    db.session.commit()
    _fill_cart(client, product)
    page = review(client, delivery_method="pickup", postal_code="12", province_code="")
    assert format_money(10_000_000, "fa") in page
    assert place(client, delivery_method="pickup", postal_code="12").status_code == 302
    order = db.session.scalar(select(Order))
    assert order.shipping_rials == 0 and order.postal_code is None


def test_fee_button_shows_the_fee_of_the_province_without_checking(client, db) -> None:
    """The no-JavaScript fallback: the form comes back with the fee, no errors yet."""
    product = listed(stock=1, price_rials=10_000_000, weight_g=1500)
    db.session.commit()
    _fill_cart(client, product)
    fee = shipping.shipping_fee("tehran", 1500)
    response = client.post("/checkout", data={"delivery_method": "post",
                                              "province_code": "tehran", "action": "fee"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "invalid-feedback" not in page
    summary = page[page.index('data-shipping-fee>'):]
    assert summary.startswith(f"data-shipping-fee>{format_money(fee, 'fa')}<")
    assert f"data-order-total>{format_money(10_000_000 + fee, 'fa')}<" in page
    assert _count(Order) == 0


def test_the_page_carries_the_fee_of_every_province(client, db) -> None:
    """What the script shows as a province is chosen comes from orders/shipping.py."""
    product = listed(stock=2, price_rials=10_000_000, weight_g=1500)
    db.session.commit()
    _fill_cart(client, product, qty=2)
    page = client.get("/checkout").get_data(as_text=True)
    fees = json.loads(html.unescape(re.search(r"data-shipping-fees='([^']*)'", page).group(1)))
    assert set(fees["provinces"]) == {p.code for p in PROVINCES}
    for code, (fee_text, total_text) in fees["provinces"].items():
        fee = shipping.shipping_fee(code, 3000)
        assert (fee_text, total_text) == (format_money(fee, "fa"),
                                          format_money(20_000_000 + fee, "fa"))
    assert fees["pickup"] == ["رایگان", format_money(20_000_000, "fa")]
    assert 'data-fee-fallback' in page and "محاسبه هزینه ارسال" in page


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


@pytest.mark.parametrize("locale", ["fa", "en"])
def test_review_and_refusal_speak_the_page_language(client, db, locale) -> None:
    """The two pages only a POST shows (the route walk opens GETs): the review, and the form
    back after a change; what was typed (an address with digits) in the page's digits."""
    client.post("/language", data={"lang": locale})
    product = listed(stock=1, price_rials=10_000_000)
    db.session.commit()
    _fill_cart(client, product)
    address = "کوچه 12، پلاک 3"
    page = review(client, address=address, contact_email="zahra@example.test")
    product.price_rials = 12_000_000
    db.session.commit()
    refused = client.post("/checkout/place", data=reviewed_form(page)).get_data(as_text=True)
    typed = persian_words(f"{product.title_fa} زهرا احمدی مشهد {address}")
    for html_page in (page, refused):
        assert page_language(html_page) == locale
        leaks = (persian_page_leaks(html_page) if locale == "fa"
                 else english_page_leaks(html_page, typed))
        assert leaks == []
    if locale == "fa":
        assert "کوچه ۱۲، پلاک ۳" in page
