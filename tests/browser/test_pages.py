"""The public pages in a real browser: they render, and axe finds no serious problem."""

from __future__ import annotations

from tests.browser.conftest import axe_violations, screenshot


def test_home_page(page, live_server) -> None:
    page.goto(live_server + "/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator(".product-card").count() > 0
    screenshot(page, "home")
    assert axe_violations(page) == []


def test_the_cart_count_and_the_language_come_from_cookies(page, live_server) -> None:
    """Pages a shared cache keeps hold neither: site.js shows the cart_count cookie, and
    the language switch posts without a token (its Origin is checked)."""
    page.set_viewport_size({"width": 1280, "height": 900})  # the header's menu is open
    page.goto(live_server + "/products")
    assert page.locator("[data-cart-badge]").is_hidden()
    page.locator(".product-card a").first.click()
    page.click("form[action$='/cart/add'] button[type=submit]")
    page.goto(live_server + "/products")
    assert page.locator("[data-cart-badge]").is_visible()
    assert page.locator("[data-cart-count]").inner_text() == "۱"
    screenshot(page, "cart-count")  # at both sizes; it leaves the phone's, menu closed
    page.click("[data-site-menu] summary")
    page.click("form[action$='/language'] button[type=submit]")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("[data-cart-count]").inner_text() == "1"
