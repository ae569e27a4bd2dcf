"""The heart, /favourites and "tell me when it is back" at phone width, as a buyer uses them."""

from __future__ import annotations

import sqlite3

from tests.browser.conftest import axe_violations, screenshot, sign_in

WIDER = "() => document.documentElement.scrollWidth - window.innerWidth"


def _fits_and_passes(page) -> None:
    assert page.evaluate(WIDER) <= 0, page.url
    assert axe_violations(page) == [], page.url


def test_a_guest_hearts_a_product_and_keeps_it_on_sign_in(page, live_server) -> None:
    page.goto(live_server + "/products")
    first = page.locator(".product-card").first
    title = first.locator(".product-card__title").inner_text()
    heart = first.locator("button.heart")
    assert heart.get_attribute("aria-pressed") == "false"
    assert title in heart.get_attribute("aria-label")
    heart.click()
    page.wait_for_load_state()
    assert "/products" in page.url  # back where she was, the heart now pressed
    assert page.locator(".product-card").first.locator("button.heart").get_attribute(
        "aria-pressed") == "true"
    page.goto(live_server + "/favourites")
    assert page.locator(".product-card").count() == 1
    screenshot(page, "favourites-guest")
    _fits_and_passes(page)
    sign_in(page, live_server, "buyer@rooyesh.test")
    page.goto(live_server + "/favourites")
    assert title in page.locator("main").inner_text()
    screenshot(page, "favourites-buyer")
    _fits_and_passes(page)
    page.locator(".product-card button.heart").first.click()  # pressed: removes it
    page.wait_for_load_state()
    assert page.url.endswith("/favourites") and page.locator(".product-card").count() == 0


def _set_stock(live_shop, product_id: int, stock: int) -> None:
    """Straight into the demo database (the demo sells nothing out on its own); the served
    shop renders every page, so the next view shows it."""
    with sqlite3.connect(live_shop.database) as connection:
        connection.execute("UPDATE products SET stock = ? WHERE id = ?", (stock, product_id))


def test_a_sold_out_page_offers_to_tell_her(page, live_server, live_shop) -> None:
    (product_id, slug, stock), = live_shop.query(
        "SELECT id, slug, stock FROM products WHERE status = 'listed' ORDER BY id DESC LIMIT 1")
    _set_stock(live_shop, product_id, 0)
    try:
        page.goto(f"{live_server}/products/{product_id}-{slug}")
        screenshot(page, "back-in-stock")
        _fits_and_passes(page)
        page.fill("#alert-contact", "۰۹۱۲۳۴۵۶۷۸۹")
        page.click("#back-in-stock button[type=submit]")
        page.wait_for_load_state()
        assert page.locator(".alert-success").count() == 1
        screenshot(page, "back-in-stock-done")
        _fits_and_passes(page)
    finally:
        _set_stock(live_shop, product_id, stock)
