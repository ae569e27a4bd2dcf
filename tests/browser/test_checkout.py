"""Checkout on a phone, with and without JavaScript: the shipping fee follows the province
and pick-up, the review shows what will be ordered, and only its button places the order.
Screenshots of the cart, checkout, review and order at phone and desktop width."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from marketplace import create_app
from marketplace.orders import shipping
from marketplace.text.persian import format_money
from tests.browser.conftest import PHONE, LiveShop, axe_violations, screenshot

ORDER_URL = re.compile(r"/orders/(RY-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})$")
REVIEW = "button[name=action][value=review]"
PLACE = "form[action$='/checkout/place'] button.btn-primary"


def _product(shop: LiveShop, skip: int) -> tuple[int, int, int]:
    """(id, price in Rials, weight in grams) of a listed product in stock nobody ordered."""
    rows = shop.query(
        "SELECT id, price_rials, weight_g FROM products WHERE status = 'listed' AND stock >= 2 "
        "AND id NOT IN (SELECT product_id FROM order_lines) ORDER BY id DESC")
    return rows[skip]


def _fee(province: str, weight_g: int | None) -> int:
    """The fee by orders/shipping.py's own table (the served shop configures none)."""
    with create_app("testing").app_context():
        return shipping.shipping_fee(province, shipping.parcel_weight_g([(weight_g, 1)]))


def _toman(rials: int) -> str:
    return format_money(rials, "fa")


def _to_checkout(page: Page, shop: LiveShop, product_id: int) -> None:
    page.goto(f"{shop.base}/products/{product_id}-x")
    page.click("form[action$='/cart/add'] button[type=submit]")
    page.wait_for_url(re.compile(r"/cart$"))
    page.goto(shop.base + "/checkout")
    page.fill("#contact_name", "زهرا مشتری")
    page.fill("#contact_phone", "۰۹۱۲۱۲۳۴۵۶۷")


def _address(page: Page) -> None:
    page.fill("#city", "مشهد")
    page.fill("#address", "خیابان امام رضا، کوچه ۱۲، پلاک ۳")
    page.fill("#postal_code", "۹۱۳۴۵۶۷۸۹۱")


def _fits_a_phone(page: Page) -> None:
    """No sideways scroll at 360 and 390 px (the review is a POST answer: the walk of
    tests/browser/test_every_page.py never opens it)."""
    for width in (360, 390):
        page.set_viewport_size({"width": width, "height": 740})
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.set_viewport_size(PHONE)


def _orders(shop: LiveShop) -> int:
    return shop.query("SELECT COUNT(*) FROM orders")[0][0]


def test_fee_follows_the_province_then_review_and_place(browser: Browser, live_shop) -> None:
    shop = live_shop
    product_id, price, weight = _product(shop, 0)
    context = browser.new_context(viewport=PHONE, bypass_csp=True, locale="fa-IR")
    page = context.new_page()
    try:
        _to_checkout(page, shop, product_id)
        fee, total = page.locator("[data-shipping-fee]"), page.locator("[data-order-total]")
        expect(page.locator("[data-fee-fallback]")).to_have_count(0)  # the script took over
        for province in ("tehran", "razavi-khorasan"):
            page.select_option("#province_code", province)
            expect(fee).to_have_text(_toman(_fee(province, weight)))
            expect(total).to_have_text(_toman(price + _fee(province, weight)))
        page.check("input[name=delivery_method][value=pickup]")
        expect(fee).to_have_text("رایگان")
        expect(total).to_have_text(_toman(price))
        expect(page.locator("[data-post-address]")).to_be_hidden()
        page.check("input[name=delivery_method][value=post]")
        expect(page.locator("[data-post-address]")).to_be_visible()
        expect(fee).to_have_text(_toman(_fee("razavi-khorasan", weight)))
        _address(page)
        screenshot(page, "buy-2-checkout")
        assert axe_violations(page) == []
        before = _orders(shop)
        page.press("#city", "Enter")  # Enter in a field asks for the review too
        expect(page.locator(PLACE)).to_be_visible()
        main = page.locator("main")
        expect(main).to_contain_text(_toman(price + _fee("razavi-khorasan", weight)))
        expect(main).to_contain_text("خیابان امام رضا")
        assert _orders(shop) == before  # the review ordered nothing
        _fits_a_phone(page)
        screenshot(page, "buy-3-review")
        assert axe_violations(page) == []
        page.click(PLACE)
        page.wait_for_url(ORDER_URL)
        code = ORDER_URL.search(page.url).group(1)
        expect(page.locator("main")).to_contain_text(
            _toman(price + _fee("razavi-khorasan", weight)))
        screenshot(page, "buy-4-order")
        assert axe_violations(page) == []
        assert shop.query("SELECT total_rials, shipping_rials FROM orders WHERE code = ?",
                          code) == [(price + _fee("razavi-khorasan", weight),
                                     _fee("razavi-khorasan", weight))]
        assert _orders(shop) == before + 1
    finally:
        context.close()


def test_without_javascript_the_fee_button_and_the_review_work(browser: Browser,
                                                               live_shop) -> None:
    shop = live_shop
    product_id, price, weight = _product(shop, 1)
    context = browser.new_context(viewport=PHONE, locale="fa-IR", java_script_enabled=False)
    page = context.new_page()
    try:
        _to_checkout(page, shop, product_id)
        page.goto(shop.base + "/cart")
        screenshot(page, "buy-1-cart")
        page.goto(shop.base + "/checkout")
        page.fill("#contact_name", "زهرا مشتری")
        page.select_option("#province_code", "tehran")
        page.click("[data-fee-fallback]")
        fee = _fee("tehran", weight)
        expect(page.locator("[data-shipping-fee]")).to_have_text(_toman(fee))
        expect(page.locator("[data-order-total]")).to_have_text(_toman(price + fee))
        expect(page.locator(".invalid-feedback")).to_have_count(0)  # nothing checked yet
        expect(page.locator("#contact_name")).to_have_value("زهرا مشتری")
        screenshot(page, "buy-2-checkout-no-js")
        page.fill("#contact_phone", "۰۹۱۲۱۲۳۴۵۶۷")
        _address(page)
        page.click(REVIEW)
        page.click("form[action$='/checkout/place'] button[name=action][value=edit]")
        expect(page.locator("#city")).to_have_value("مشهد")  # back to the form, filled in
        page.click(REVIEW)
        before = _orders(shop)
        page.dblclick(PLACE)  # an impatient double press: one order
        page.wait_for_url(ORDER_URL)
        assert _orders(shop) == before + 1
    finally:
        context.close()
