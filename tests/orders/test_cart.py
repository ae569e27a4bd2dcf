"""The session cart: helpers, bounds by stock, sold-out and price-change notices."""

from __future__ import annotations

from marketplace.orders import cart as carts
from tests.orders.conftest import counting_queries, listed


def test_helpers_are_pure_and_bounded() -> None:
    cart = carts.add(None, 5, 2)
    cart = carts.add(cart, 5, 200)
    assert cart == {"5": carts.MAX_PER_LINE}
    assert carts.set_quantity(cart, 5, 3) == {"5": 3}
    assert carts.set_quantity(cart, 9, 3) == cart  # not in the cart: nothing added
    assert carts.remove(cart, 5) == {}
    assert carts.quantities({"x": 1, "3": "2", "4": -1, "6": None}) == {3: 2}
    assert carts.item_count({"1": 2, "2": 3}) == 5


def test_add_and_view_cart(client, db) -> None:
    product = listed(stock=3, price_rials=12_000_000)
    db.session.commit()
    response = client.post("/cart/add", data={"product_id": product.id, "quantity": "۲"})
    assert response.status_code == 302
    page = client.get("/cart").get_data(as_text=True)
    assert product.title_fa in page
    assert "۲٬۴۰۰٬۰۰۰ تومان" in page  # 2 × 1,200,000 Toman


def test_quantity_bounded_by_stock_with_a_notice(client, db) -> None:
    product = listed(stock=2)
    db.session.commit()
    client.post("/cart/add", data={"product_id": product.id, "quantity": 5})
    page = client.get("/cart").get_data(as_text=True)
    assert "Only" in page or "فقط" in page or "changed the quantity" in page
    with client.session_transaction() as session:
        assert session["cart"] == {str(product.id): 2}


def test_sold_out_meanwhile_is_removed_with_a_message(client, app, db) -> None:
    client.post("/language", data={"lang": "en"})
    product = listed(stock=1)
    db.session.commit()
    client.post("/cart/add", data={"product_id": product.id})
    product.stock = 0
    db.session.commit()
    page = client.get("/cart").get_data(as_text=True)
    assert "sold out meanwhile" in page
    with client.session_transaction() as session:
        assert session["cart"] == {}


def test_price_change_is_announced(client, db) -> None:
    client.post("/language", data={"lang": "en"})
    product = listed(stock=1, price_rials=10_000_000)
    db.session.commit()
    client.post("/cart/add", data={"product_id": product.id})
    product.price_rials = 11_000_000
    db.session.commit()
    page = client.get("/cart").get_data(as_text=True)
    assert "The price of" in page and "1,100,000" in page
    assert "The price of" not in client.get("/cart").get_data(as_text=True)  # said once


def test_update_and_remove(client, db) -> None:
    product = listed(stock=5)
    db.session.commit()
    client.post("/cart/add", data={"product_id": product.id})
    client.post("/cart/update", data={"product_id": product.id, "quantity": 4})
    with client.session_transaction() as session:
        assert session["cart"] == {str(product.id): 4}
    client.post("/cart/remove", data={"product_id": product.id})
    with client.session_transaction() as session:
        assert session["cart"] == {}


def test_stepper_buttons_change_the_quantity_by_one(client, db) -> None:
    """The cart's − and + post the quantity shown and a step; Persian digits are read."""
    product = listed(stock=5)
    db.session.commit()
    client.post("/cart/add", data={"product_id": product.id, "quantity": 2})
    page = client.get("/cart").get_data(as_text=True)
    assert f'form="step-{product.id}" name="step" value="1"' in page
    assert 'type="number"' not in page
    client.post("/cart/update", data={"product_id": product.id, "quantity": "۲", "step": "1"})
    with client.session_transaction() as session:
        assert session["cart"] == {str(product.id): 3}
    client.post("/cart/update", data={"product_id": product.id, "quantity": 3, "step": "-1"})
    with client.session_transaction() as session:
        assert session["cart"] == {str(product.id): 2}
    client.post("/cart/update", data={"product_id": product.id, "quantity": 2, "step": "7"})
    with client.session_transaction() as session:
        assert session["cart"] == {str(product.id): 2}  # only one step at a time
    client.post("/cart/update", data={"product_id": product.id, "quantity": 1, "step": "-1"})
    with client.session_transaction() as session:
        assert session["cart"] == {}  # − at one takes the line out


def test_a_mistyped_quantity_is_said_on_the_product_page(client, db) -> None:
    product = listed(stock=5)
    db.session.commit()
    response = client.post("/cart/add", data={"product_id": product.id, "quantity": "دو"},
                           follow_redirects=True)
    assert response.status_code == 200
    assert "تعداد را بین ۰ تا ۹۹ وارد کنید." in response.get_data(as_text=True)
    with client.session_transaction() as session:
        assert not session.get("cart")


def test_unknown_or_unlisted_product_cannot_be_added(client, db) -> None:
    draft = listed(status="draft")
    db.session.commit()
    assert client.post("/cart/add", data={"product_id": draft.id}).status_code == 404
    assert client.post("/cart/add", data={"product_id": 999999}).status_code == 404


def test_header_count_is_a_cookie_for_the_script_not_in_the_page(client, app, db) -> None:
    product = listed(stock=5)
    db.session.commit()
    added = client.post("/cart/add", data={"product_id": product.id, "quantity": 3})
    cookie = added.headers["Set-Cookie"]
    assert "cart_count=3;" in cookie and "HttpOnly" not in cookie
    with client.session_transaction() as session:
        assert carts.item_count(session["cart"]) == 3
    page = client.get("/cart").get_data(as_text=True)
    assert "data-cart-count></span>" in page and 'href="/cart"' in page
    client.post("/cart/remove", data={"product_id": product.id})
    assert client.get_cookie("cart_count") is None


def test_cart_page_query_count_is_fixed(client, app, db) -> None:
    products = [listed(stock=2) for _ in range(6)]
    db.session.commit()
    for p in products:
        client.post("/cart/add", data={"product_id": p.id})
    with counting_queries() as statements:
        assert client.get("/cart").status_code == 200
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) <= 2, selects


def test_product_page_has_add_to_cart_form(client, db) -> None:
    product = listed(stock=2)
    sold_out = listed(stock=0)
    db.session.commit()
    page = client.get(f"/products/{product.id}-{product.slug}").get_data(as_text=True)
    assert 'action="/cart/add"' in page and f'value="{product.id}"' in page
    page = client.get(f"/products/{sold_out.id}-{sold_out.slug}").get_data(as_text=True)
    assert 'action="/cart/add"' not in page


def test_checkout_page_query_count_is_fixed(client, db) -> None:
    products = [listed(stock=2) for _ in range(6)]
    db.session.commit()
    for p in products:
        client.post("/cart/add", data={"product_id": p.id})
    with counting_queries() as statements:
        assert client.get("/checkout").status_code == 200
    assert len(statements) <= 2, statements


def test_adding_needs_no_token_but_our_own_origin(client, app, db) -> None:
    product = listed(stock=2)
    db.session.commit()
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        page = client.get(f"/products/{product.id}-{product.slug}").get_data(as_text=True)
        assert "csrf_token" not in page  # the same bytes for every visitor
        data = {"product_id": product.id}
        for hostile in ({"Origin": "https://evil.example"}, {"Referer": "https://evil.example/x"},
                        {"Origin": "null"}, {}):
            assert client.post("/cart/add", data=data, headers=hostile).status_code == 400
            assert client.post("/language", data={"lang": "en"}, headers=hostile).status_code == 400
        assert client.get_cookie("cart_count") is None and client.get_cookie("lang") is None
        ours = {"Origin": "http://localhost"}
        assert client.post("/cart/add", data=data, headers=ours).status_code == 302
        assert client.post("/cart/add", data=data,
                           headers={"Referer": "http://localhost/products"}).status_code == 302
        assert client.get_cookie("cart_count").value == "2"
        # The cart page's own forms keep Flask-WTF's token.
        assert client.post("/cart/remove", data=data, headers=ours).status_code == 400
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
