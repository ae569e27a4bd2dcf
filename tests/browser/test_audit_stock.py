"""A driver writes off a unit on the listing page; the admin finds it in the audit log.
Both pages fit a phone's width (390 px) without scrolling sideways."""

from __future__ import annotations

from tests.browser.conftest import PHONE, axe_violations, screenshot, sign_in


def _fits_the_width(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_write_off_shows_in_the_stock_history_and_the_audit_log(
    page, browser, live_server
) -> None:
    sign_in(page, live_server, "driver1@rooyesh.test")
    page.goto(live_server + "/producers/listings")
    page.locator("main a[href*='/producers/listings/']").first.click()
    page.wait_for_load_state()
    page.select_option("#reason", value="damaged")
    page.fill("#quantity", "۱")
    page.fill("#note", "لبهٔ فرش در حمل پاره شد")
    page.click("form:has(#quantity) button[type=submit]")
    page.wait_for_load_state()
    history = page.locator(".stock-history").inner_text()
    assert "لبهٔ فرش در حمل پاره شد" in history and "آسیب‌دیده" in history
    assert _fits_the_width(page)
    screenshot(page, "listing-stock-history")

    admin = browser.new_context(viewport=PHONE, bypass_csp=True, locale="fa-IR").new_page()
    try:
        sign_in(admin, live_server, "admin@rooyesh.test")
        admin.goto(live_server + "/admin/audit?kind=stock")
        entry = admin.locator(".audit-log li").first.inner_text()
        assert "تغییر دستی موجودی" in entry and "آسیب‌دیده" in entry
        assert "لبهٔ فرش در حمل پاره شد" in entry
        assert _fits_the_width(admin)
        screenshot(admin, "admin-audit-log")
        admin.goto(live_server + "/admin/audit")
        assert _fits_the_width(admin)
        screenshot(admin, "admin-audit-log-all")
        assert axe_violations(admin) == []
    finally:
        admin.context.close()
