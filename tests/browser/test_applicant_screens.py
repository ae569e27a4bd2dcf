"""The applicant screens on a phone, over the demo: the list, the waiting list of the
centre being built, an applicant's screening and admission forms, and the form to add one
(Persian digits typed), by the admin and by Toos's staff."""

from __future__ import annotations

import re

from tests.browser.conftest import axe_violations, screenshot, sign_in

WIDER = "() => document.documentElement.scrollWidth - window.innerWidth"


def _fits(page) -> None:
    for width in (360, 390):
        page.set_viewport_size({"width": width, "height": 800})
        assert page.evaluate(WIDER) <= 0, (page.url, width)
    assert axe_violations(page) == [], page.url


def test_admin_sees_the_waiting_list_and_an_applicant(browser, live_server) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fa-IR",
                                  bypass_csp=True)
    page = context.new_page()
    sign_in(page, live_server, "admin@rooyesh.test")
    page.goto(live_server + "/admin/applicants")
    _fits(page)
    screenshot(page, "applicants-list")
    page.click("text=فهرست انتظار مرکز رویش گلشهر")
    page.wait_for_load_state()
    assert re.search(r"/admin/centres/\d+/waiting$", page.url)
    assert page.locator("tbody tr").count() == 5
    _fits(page)
    screenshot(page, "applicants-waiting")
    page.locator("tbody tr th a").first.click()
    page.wait_for_load_state()
    assert page.locator("select option[selected]").count() == 0  # nothing preselected
    _fits(page)
    screenshot(page, "applicant-page")
    context.close()


def test_staff_adds_an_applicant_typing_persian_digits(browser, live_server) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fa-IR",
                                  bypass_csp=True)
    page = context.new_page()
    sign_in(page, live_server, "staff1@rooyesh.test")
    page.goto(live_server + "/admin/applicants/new")
    _fits(page)
    page.fill("#given_name", "سمیه")
    page.fill("#family_name", "حسینی")
    page.fill("#national_code", "۰۰۸۴۵۷۵۹۴۸")
    page.fill("#phone", "۰۹۱۵۷۷۷۶۶۵۵")
    page.select_option("#source", "walk_in")
    page.check("#head_of_household")
    page.click("form:has(#given_name) button[type=submit]")
    page.wait_for_load_state()
    assert page.locator(".invalid-feedback, .alert-danger").count() > 0  # no document yet
    screenshot(page, "applicant-form-refused")
    page.fill("#household_document", "حکم کمیته امداد ۱۲۳")
    page.click("form:has(#given_name) button[type=submit]")
    page.wait_for_load_state()
    assert re.search(r"/admin/applicants/\d+$", page.url), page.url
    page.select_option("#centre_id", label="مرکز رویش بلوار توس")
    page.click("form[action$='/admit'] button[type=submit]")
    page.wait_for_load_state()
    assert "/admin/trainees/" in page.url
    context.close()
