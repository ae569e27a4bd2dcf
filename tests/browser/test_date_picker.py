"""The vendored Jalali picker opens on a back-office date field and fills it, on a phone,
under the shop's real CSP; the day it writes is read back by the server as the same day."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, expect

from marketplace.text.persian import format_date_input, tehran_today
from tests.browser.conftest import ARTIFACTS, LiveShop
from tests.browser.test_journeys import phone

PERSIAN_DAY = re.compile(r"^[۰-۹]{4}/[۰-۹]{2}/۱۰$")


def test_the_picker_fills_the_order_desk_filter(browser: Browser, live_shop: LiveShop) -> None:
    with phone(browser, live_shop, "admin@rooyesh.test") as admin:
        refused: list[str] = []
        admin.on("console", lambda m: refused.append(m.text) if m.type == "error" else None)
        admin.goto(live_shop.base + "/admin/orders")
        since = admin.locator("input[name=since]")
        expect(since).to_have_attribute("type", "text")
        since.click()
        calendar = admin.locator("jdp-container")
        expect(calendar).to_be_visible()
        # Today's Jalali month, in Persian digits; the 10th of it.
        year, month = format_date_input(tehran_today(), "fa").split("/")[:2]
        expect(calendar.locator(".jdp-years")).to_contain_text(year)
        calendar.locator("div.jdp-day:not(.not-in-month)", has_text=re.compile("^۱۰$")).click()
        expect(since).to_have_value(PERSIAN_DAY)
        assert since.input_value().startswith(f"{year}/{month}/")
        admin.set_viewport_size({"width": 390, "height": 844})
        since.click()  # open again on the chosen day, for the screenshot
        expect(calendar).to_be_visible()
        admin.wait_for_timeout(350)  # the picker fades in
        (ARTIFACTS / "date-picker").mkdir(parents=True, exist_ok=True)
        admin.screenshot(path=str(ARTIFACTS / "date-picker" / "order-desk-390.png"))
        width = admin.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the open picker makes the page {width} px wide"
        admin.keyboard.press("Escape")
        chosen = since.input_value()
        admin.locator("form:has(input[name=since]) button[type=submit]").first.click()
        admin.wait_for_load_state()
        # The server parsed the picked day and shows it back the same way, with no refusal.
        expect(admin.locator("input[name=since]")).to_have_value(chosen)
        expect(admin.locator("input[name=since].is-invalid")).to_have_count(0)
        assert not [t for t in refused if "Content Security Policy" in t], refused
