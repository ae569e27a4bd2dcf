"""At 390 px: a new buyer signs in with her mobile number (the code read from the outbox,
as her phone would show it), saves an address on her account and checks out with it."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import LiveShop, axe_violations, screenshot
from tests.browser.test_checkout import ORDER_URL, PLACE, REVIEW, _fits_a_phone, _product

NEW_NUMBER = "09351112233"


def _code_sent_to(shop: LiveShop, phone: str) -> str:
    [(body,)] = shop.query("SELECT body FROM outbox WHERE channel = 'sms' AND recipient = ? "
                           "ORDER BY id DESC LIMIT 1", phone)
    return re.search(r"\d{6}", body).group()


def test_phone_sign_in_an_address_and_a_checkout(page: Page, live_shop: LiveShop) -> None:
    shop = live_shop
    page.goto(shop.base + "/login")
    expect(page.get_by_role("link", name="ورود با ایمیل")).to_be_visible()
    page.fill("#phone", "۰۹۳۵ ۱۱۱ ۲۲۳۳")  # Persian digits, with spaces
    page.check("#consent")
    _fits_a_phone(page)
    screenshot(page, "phone-1-number")
    assert axe_violations(page) == []
    page.click("form:has(#phone) button[type=submit]")
    page.wait_for_url(re.compile(r"/login/phone$"))
    expect(page.locator("main")).to_contain_text("۰۹۳۵۱۱۱۲۲۳۳")
    page.fill("#code", "000000" if _code_sent_to(shop, NEW_NUMBER) != "000000" else "111111")
    page.click("form:has(#code) button[type=submit]")
    expect(page.locator("#code-error")).to_contain_text("درست نیست")
    _fits_a_phone(page)
    screenshot(page, "phone-2-code")
    assert axe_violations(page) == []
    page.fill("#code", _code_sent_to(shop, NEW_NUMBER))
    page.click("form:has(#code) button[type=submit]")
    page.wait_for_url(shop.base + "/")

    page.goto(shop.base + "/account")
    page.fill("#full_name", "نرگس خریدار")
    page.click("form:has(#full_name) button[type=submit]")
    page.click("main >> text=افزودن نشانی")
    page.select_option("#province_code", "razavi-khorasan")
    page.fill("#city", "مشهد")
    page.fill("#address", "بلوار سجاد، سجاد ۷، پلاک ۹")
    page.fill("#postal_code", "۹۱۸۷۶۵۴۳۱۹")
    _fits_a_phone(page)
    screenshot(page, "phone-3-address")
    page.click("form:has(#postal_code) button[type=submit]")
    page.wait_for_url(shop.base + "/account")
    expect(page.locator("main")).to_contain_text("بلوار سجاد")
    expect(page.locator("main")).to_contain_text("۰۹۳۵۱۱۱۲۲۳۳")
    _fits_a_phone(page)
    screenshot(page, "phone-4-account")
    assert axe_violations(page) == []

    product_id = _product(shop, 3)[0]
    page.goto(f"{shop.base}/products/{product_id}-x")
    page.click("form[action$='/cart/add'] button[type=submit]")
    page.wait_for_url(re.compile(r"/cart$"))
    page.goto(shop.base + "/checkout")
    expect(page.locator("#contact_name")).to_have_value("نرگس خریدار")
    expect(page.locator("#contact_phone")).to_have_value(NEW_NUMBER)
    expect(page.locator("#address")).to_have_value("بلوار سجاد، سجاد 7، پلاک 9")
    expect(page.locator("#postal_code")).to_have_value("9187654319")
    screenshot(page, "phone-5-checkout")
    page.click(REVIEW)
    page.click(PLACE)
    page.wait_for_url(ORDER_URL)
    code = ORDER_URL.search(page.url).group(1)
    [(address, postal)] = shop.query(
        "SELECT address, postal_code FROM orders WHERE code = ?", code)
    assert "بلوار سجاد" in address and postal == "9187654319"
