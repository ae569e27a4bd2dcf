"""The three core flows in a real browser, without relying on JavaScript."""

from __future__ import annotations

import io
import re

from PIL import Image

from tests.browser.conftest import axe_violations, screenshot

PASSWORD = "rooyesh-demo"


def _sign_in(page, base: str, email: str) -> None:
    page.goto(base + "/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("form:has(#password) button[type=submit]")


def test_buyer_searches_buys_and_sees_the_order(page, live_server) -> None:
    page.goto(live_server + "/")
    page.fill("#nav-search", "گليم")  # Arabic yeh: normalised like the index
    page.press("#nav-search", "Enter")
    page.wait_for_url(re.compile(r"/search\?"))
    first = page.locator("main a[href*='/products/']").first
    first.click()
    page.wait_for_url(re.compile(r"/products/\d+-"))
    screenshot(page, "product")
    assert axe_violations(page) == []
    page.click("form[action$='/cart/add'] button[type=submit]")
    page.wait_for_url(re.compile(r"/cart"))
    screenshot(page, "cart")
    assert axe_violations(page) == []
    page.goto(live_server + "/checkout")
    screenshot(page, "checkout")
    assert axe_violations(page) == []
    page.fill("#contact_name", "زهرا مشتری")
    page.fill("#contact_phone", "۰۹۱۲۱۲۳۴۵۶۷")
    page.check("input[name=delivery_method][value=pickup]")
    page.check("input[name=payment_provider][value=cod]")
    page.click("button[name=action][value=review]")
    page.click("form[action$='/checkout/place'] button.btn-primary")  # on the review
    page.wait_for_url(re.compile(r"/orders/[A-Za-z0-9-]+$"))
    assert page.locator("main").inner_text().strip()
    screenshot(page, "order")


def test_product_list_is_accessible(page, live_server) -> None:
    page.goto(live_server + "/products")
    assert page.locator(".product-card").count() > 0
    screenshot(page, "products")
    assert axe_violations(page) == []


def _jpeg(colour: tuple[int, int, int], path) -> str:
    buffer = io.BytesIO()
    Image.new("RGB", (900, 600), colour).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return str(path)


def test_staff_uploads_two_photos(page, live_server, tmp_path) -> None:
    _sign_in(page, live_server, "staff1@rooyesh.test")
    page.goto(live_server + "/admin/items")
    page.locator("main a[href*='/photos']").first.click()
    before = page.locator("main img").count()
    page.set_input_files("input[type=file][name=photos]", [
        _jpeg((180, 40, 40), tmp_path / "a.jpg"), _jpeg((40, 40, 180), tmp_path / "b.jpg"),
    ])
    page.click("form:has(input[type=file]) button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("main img").count() >= before + 2
    screenshot(page, "staff-photos")


def _choose_first(page, select: str) -> str:
    """Pick the first real option (not a blank placeholder); returns its value."""
    option = page.locator(f"{select} option:not([value='']):not([value='0'])").first
    value = option.get_attribute("value")
    page.select_option(select, value=value)
    return value


def test_driver_records_a_purchase_and_a_payout(page, live_server) -> None:
    _sign_in(page, live_server, "driver1@rooyesh.test")
    page.goto(live_server + "/producers/purchases/new")
    page.fill("#title_fa", "قالیچه آزمایشی")
    _choose_first(page, "#craft_id")
    _choose_first(page, "#centre_id")
    page.fill("#quantity", "1")
    page.fill("#total", "۲٬۰۰۰٬۰۰۰")
    maker = _choose_first(page, "#makers-0-trainee_id")
    page.fill("#makers-0-share_pct", "100")
    page.click("form:has(#total) button[type=submit]")
    page.wait_for_load_state()
    page.goto(f"{live_server}/producers/trainees/{maker}")
    before = page.locator("main").inner_text()
    page.goto(live_server + "/producers/payouts/new")
    page.select_option("#trainee_id", value=maker)
    page.fill("#amount", "500000")
    page.click("form:has(#amount) button[type=submit]")
    page.wait_for_load_state()
    errors = page.locator(".invalid-feedback").all_inner_texts()
    assert "/producers/payouts/new" not in page.url, errors
    page.goto(f"{live_server}/producers/trainees/{maker}")
    assert page.locator("main").inner_text() != before  # the payout and new balance show
    screenshot(page, "driver-after-payout")
