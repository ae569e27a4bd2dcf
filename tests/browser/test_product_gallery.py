"""The product gallery on a phone: a tapped thumbnail becomes the main photo in place, and
a kilim's zoom opens and closes from the keyboard, focus kept inside it meanwhile."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import ARTIFACTS, PHONE, axe_violations, screenshot


@pytest.fixture
def kilim_url(live_shop) -> str:
    """A listed kilim, carpet or tableau rug in stock with at least two photos."""
    rows = live_shop.query(
        "SELECT p.id, p.slug FROM products p JOIN crafts c ON c.id = p.craft_id"
        " WHERE p.status = 'listed' AND p.stock > 0 AND c.code IN ('carpet', 'kilim', 'tableau')"
        " AND (SELECT count(*) FROM photos WHERE photos.product_id = p.id) >= 2"
        " ORDER BY p.id LIMIT 1"
    )
    assert rows, "the demo has a rug with two photos"
    product_id, slug = rows[0]
    return f"{live_shop.base}/products/{product_id}-{slug}"


def _digest(url: str) -> str:
    return re.search(r"([0-9a-f]{64})-\d+\.", url).group(1)


def _main_digest(page) -> str:
    page.wait_for_function("document.querySelector('[data-gallery-main-link] img').complete")
    return _digest(page.evaluate(
        "document.querySelector('[data-gallery-main-link] img').currentSrc"))


def test_tapping_a_thumbnail_switches_the_main_photo_and_the_zoom_works_by_keyboard(
    browser, kilim_url
) -> None:
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True,
                                  bypass_csp=True, locale="fa-IR")
    page = context.new_page()
    page.goto(kilim_url)
    thumbs = page.locator("[data-gallery-thumb]")
    second = _digest(thumbs.nth(1).get_attribute("data-large"))
    assert _main_digest(page) != second
    page.evaluate("window.stayed = true")

    thumbs.nth(1).tap()
    assert _main_digest(page) == second
    assert page.evaluate("window.stayed") is True  # switched in place, no page load
    assert thumbs.nth(1).get_attribute("aria-current") == "true"
    assert thumbs.nth(0).get_attribute("aria-current") is None
    assert page.url.endswith("?photo=2")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, "product-gallery")
    assert axe_violations(page) == []

    main = page.locator("[data-gallery-main-link]")
    assert main.get_attribute("aria-haspopup") == "dialog"
    main.focus()
    page.keyboard.press("Enter")
    dialog = page.locator("dialog[data-zoom]")
    assert dialog.get_attribute("open") is not None
    assert _digest(page.locator("[data-zoom-img]").get_attribute("src")) == second
    inside = "document.querySelector('dialog[data-zoom]').contains(document.activeElement)"
    assert page.evaluate(inside)
    for _ in range(5):  # Tab cycles within the dialog
        page.keyboard.press("Tab")
        assert page.evaluate(inside)
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(inside)
    page.keyboard.press("+")
    toggle = page.locator("[data-zoom-toggle]")
    assert toggle.get_attribute("aria-pressed") == "true"
    page.wait_for_function("document.querySelector('[data-zoom-img]').complete")
    assert page.evaluate(
        "document.querySelector('[data-zoom-img]').offsetWidth > window.innerWidth")
    page.screenshot(path=str(ARTIFACTS / "product-zoom-phone.png"))
    assert axe_violations(page) == []

    page.keyboard.press("Escape")
    assert dialog.get_attribute("open") is None
    assert page.evaluate("document.activeElement.hasAttribute('data-gallery-main-link')")
    assert not page.evaluate("document.documentElement.classList.contains('zoom-open')")
    context.close()


def test_without_javascript_a_thumbnail_link_shows_its_photo(browser, kilim_url) -> None:
    context = browser.new_context(viewport=PHONE, java_script_enabled=False, locale="fa-IR")
    page = context.new_page()
    page.goto(kilim_url)
    second = _digest(page.locator("[data-gallery-thumb]").nth(1).get_attribute("data-large"))
    page.locator("[data-gallery-thumb]").nth(1).click()
    page.wait_for_url(re.compile(r"\?photo=2$"))
    assert _main_digest(page) == second
    assert _digest(page.locator("[data-gallery-main-link]").get_attribute("href")) == second
    assert page.locator("dialog[data-zoom]").is_hidden()
    context.close()
