"""The public pages in a real browser: they render, and axe finds no serious problem."""

from __future__ import annotations

from tests.browser.conftest import axe_violations, screenshot


def test_home_page(page, live_server) -> None:
    page.goto(live_server + "/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator(".product-card").count() > 0
    screenshot(page, "home")
    assert axe_violations(page) == []
