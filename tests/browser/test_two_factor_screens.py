"""Two-step sign-in and the sessions page in a real browser, in Persian, at phone width:
a new staff member is sent to set it up (QR code and key), types the app's code, keeps her
recovery codes; then an admin signs in with her code and ends another session."""

from __future__ import annotations

import re

import pyotp
from playwright.sync_api import Browser, Page

from demo.seed import DEMO_PASSWORD
from tests.browser.conftest import (
    PHONE,
    LiveShop,
    axe_violations,
    own_address,
    screenshot,
    sign_in,
)

NEW_STAFF = "enrol@rooyesh.test"


def _fits(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _checked(page: Page, name: str) -> None:
    assert _fits(page), name
    assert axe_violations(page) == [], name
    screenshot(page, name)


def _new_staff_without_two_step(shop: LiveShop) -> None:
    """A staff account as the admin makes it: no second factor yet."""
    shop.query(
        "INSERT INTO users (email, password_hash, role, full_name, is_active, created_at) "
        "SELECT ?, password_hash, 'staff', 'کارشناس تازه', 1, created_at FROM users "
        "WHERE email = 'staff1@rooyesh.test'", NEW_STAFF)
    shop.query("INSERT INTO staff_centres (user_id, centre_id) SELECT u.id, s.centre_id "
               "FROM users u, staff_centres s JOIN users o ON o.id = s.user_id "
               "WHERE u.email = ? AND o.email = 'staff1@rooyesh.test'", NEW_STAFF)


def test_staff_sets_up_two_step_sign_in(page: Page, live_shop: LiveShop) -> None:
    _new_staff_without_two_step(live_shop)
    page.goto(live_shop.base + "/login?via=email")
    page.fill("#email", NEW_STAFF)
    page.fill("#password", DEMO_PASSWORD)
    page.click("form:has(#password) button[type=submit]")
    page.wait_for_url(re.compile(r"/account/two-step$"))
    page.goto(live_shop.base + "/admin/")  # the back office waits for the second factor
    assert page.url.endswith("/account/two-step")
    assert page.locator(".two-step-qr svg").is_visible()
    _checked(page, "two-step-setup")
    key = page.locator(".two-step-key").inner_text().replace(" ", "")
    page.fill("#code", "۰۰۰۰۰۰")
    page.click("form:has(#code) button[type=submit]")
    page.wait_for_selector(".invalid-feedback")
    page.fill("#code", pyotp.TOTP(key).now())
    page.click("form:has(#code) button[type=submit]")
    page.wait_for_load_state()
    assert page.locator(".recovery-codes li").count() == 10
    _checked(page, "two-step-recovery-codes")
    page.click("main a.btn-primary")
    page.wait_for_load_state()
    assert page.url.endswith("/admin/")


def test_admin_types_her_code_and_ends_another_session(
    browser: Browser, page: Page, live_shop: LiveShop
) -> None:
    other = browser.new_context(viewport=PHONE, locale="fa-IR", extra_http_headers=own_address(),
                                user_agent="Mozilla/5.0 (Windows NT 10.0) Firefox/133.0")
    laptop = other.new_page()
    try:
        sign_in(laptop, live_shop.base, "admin@rooyesh.test")
        page.goto(live_shop.base + "/login?via=email")
        page.fill("#email", "admin@rooyesh.test")
        page.fill("#password", DEMO_PASSWORD)
        page.click("form:has(#password) button[type=submit]")
        page.wait_for_url(re.compile(r"/login/code$"))
        _checked(page, "two-step-code")
        page.fill("#code", "۱۲۳")
        page.click("form:has(#code) button[type=submit]")
        page.wait_for_load_state()
        _checked(page, "two-step-code-wrong")
        sign_in(page, live_shop.base, "admin@rooyesh.test")  # types the real code
        page.goto(live_shop.base + "/account/sessions")
        assert page.locator("main li.card").count() >= 2
        assert "فایرفاکس روی ویندوز" in page.locator("main").inner_text()
        _checked(page, "account-sessions")
        firefox = page.locator("main li.card", has_text="فایرفاکس روی ویندوز").first
        firefox.locator("button[type=submit]").click()
        page.wait_for_load_state()
        assert "آن ورود پایان یافت" in page.locator("main").inner_text()
        laptop.goto(live_shop.base + "/admin/")
        assert "/login" in laptop.url  # the ended session is signed out
    finally:
        other.close()
