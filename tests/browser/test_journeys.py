"""Whole lives of orders walked through the screens, in Persian, at phone width, by each
role on its own phone (its own browser context and address): the buyer, the drivers,
centre staff and the admin. Each step saves a screenshot under test-artifacts/journeys/,
and each journey ends with check-integrity over the served database."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import count

from playwright.sync_api import Browser, Page, expect

from marketplace.text.persian import format_date_input, tehran_today
from tests.browser.conftest import (
    ARTIFACTS,
    PHONE,
    LiveShop,
    screenshot,
    sign_in,
)

ORDER_URL = re.compile(r"/orders/(RY-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})$")
_addresses = count(10)


class Journey:
    """Numbered screenshots of one journey, whoever's phone they were taken on."""

    def __init__(self, name: str) -> None:
        self.name, self.step = name, 0
        (ARTIFACTS / "journeys").mkdir(parents=True, exist_ok=True)

    def shot(self, page: Page, what: str) -> None:
        self.step += 1
        path = ARTIFACTS / "journeys" / f"{self.name}-{self.step:02d}-{what}.png"
        page.screenshot(path=str(path), full_page=True)


@contextmanager
def phone(browser: Browser, shop: LiveShop, email: str | None = None) -> Iterator[Page]:
    """One person's phone: a fresh browser context from its own address, signed in."""
    context = browser.new_context(
        viewport=PHONE, locale="fa-IR",
        extra_http_headers={"X-Forwarded-For": f"10.0.0.{next(_addresses)}"},
    )
    page = context.new_page()
    if email:
        sign_in(page, shop.base, email)
    try:
        yield page
    finally:
        context.close()


def _products(shop: LiveShop, n: int) -> list[tuple[int, str, int, str]]:
    """n listed products in stock (id, title, centre, driver's e-mail), each from another
    driver, not yet in any order (so journeys do not share stock)."""
    rows = shop.query(
        "SELECT p.id, p.title_fa, p.centre_id, u.email FROM products p "
        "JOIN users u ON u.driver_id = p.driver_id "
        "WHERE p.status = 'listed' AND p.stock >= 2 "
        "AND p.id NOT IN (SELECT product_id FROM order_lines) ORDER BY p.id")
    chosen: list[tuple[int, str, int, str]] = []
    for row in rows:
        if all(row[3] != c[3] for c in chosen):
            chosen.append(row)
        if len(chosen) == n:
            return chosen
    raise AssertionError(f"the demo catalogue has no {n} products from different drivers")


def _stock(shop: LiveShop, product_id: int) -> int:
    return shop.query("SELECT stock FROM products WHERE id = ?", product_id)[0][0]


def _add_to_cart(page: Page, shop: LiveShop, product_id: int) -> None:
    page.goto(f"{shop.base}/products/{product_id}-x")
    page.click("form[action$='/cart/add'] button[type=submit]")
    page.wait_for_url(re.compile(r"/cart"))


def _checkout(page: Page, shop: LiveShop, *, delivery: str, payment: str) -> str:
    page.goto(shop.base + "/checkout")
    page.fill("#contact_name", "زهرا مشتری")
    page.fill("#contact_phone", "۰۹۱۲۱۲۳۴۵۶۷")
    page.check(f"input[name=delivery_method][value={delivery}]")
    if delivery == "post":
        page.select_option("#province_code", "razavi-khorasan")
        page.fill("#city", "مشهد")
        page.fill("#address", "خیابان امام رضا، کوچه ۱۲، پلاک ۳")
        page.fill("#postal_code", "۹۱۳۴۵۶۷۸۹۱")
    page.check(f"input[name=payment_provider][value={payment}]")
    page.click("button[name=action][value=review]")
    page.click("form[action$='/checkout/place'] button.btn-primary")  # on the review
    page.wait_for_url(ORDER_URL)
    return ORDER_URL.search(page.url).group(1)


def _line(page: Page, code: str, title: str):
    return page.locator("article", has_text=code).filter(has_text=title)


def _sound(shop: LiveShop) -> None:
    result = shop.flask("check-integrity")
    assert result.returncode == 0, result.stdout + result.stderr


def _settle_refunds(browser: Browser, shop: LiveShop, code: str, journey: Journey) -> None:
    """The admin records every refund due on the order as paid back by card."""
    with phone(browser, shop, "admin@rooyesh.test") as admin:
        admin.goto(shop.base + "/admin/refunds")
        journey.shot(admin, "admin-refunds-due")
        while (card := admin.locator("article", has_text=code).filter(
                has=admin.locator("form[action*='/settle']"))).count():
            form = card.first.locator("form[action*='/settle']")
            form.locator("select[name=method]").select_option("card_to_card")
            form.locator("input[name=reference]").fill("603799001122")
            form.locator("input[name=refunded_on]").fill(format_date_input(tehran_today(), "fa"))
            # The day was typed; the Jalali picker that opened on the field may cover the
            # button on a phone, so the form is sent from the keyboard (Enter), as she could.
            with admin.expect_navigation():
                form.locator("input[name=reference]").press("Enter")
        journey.shot(admin, "admin-refunded")


def test_post_cash_two_drivers_delivered_returned_and_refunded(browser, live_shop) -> None:
    shop, journey = live_shop, Journey("1-post-cash-return")
    (a_id, a_title, _, a_driver), (b_id, b_title, _, b_driver) = _products(shop, 2)
    stock_a = _stock(shop, a_id)
    with phone(browser, shop) as buyer:
        _add_to_cart(buyer, shop, a_id)
        _add_to_cart(buyer, shop, b_id)
        journey.shot(buyer, "cart")
        code = _checkout(buyer, shop, delivery="post", payment="cod")
        journey.shot(buyer, "order-placed")
        for driver, title, tracking in ((a_driver, a_title, "111122223333444455556666"),
                                        (b_driver, b_title, "999988887777666655554444")):
            with phone(browser, shop, driver) as seller:
                seller.goto(shop.base + "/producers/orders")
                line = _line(seller, code, title)
                expect(line).to_have_count(1)
                line.locator("form[action*='/shipped'] input[name=tracking_number]").fill(tracking)
                line.locator("form[action*='/shipped'] button").click()
                seller.wait_for_load_state()
                journey.shot(seller, "driver-shipped")
        buyer.reload()
        text = buyer.locator("main").inner_text()
        assert "111122223333444455556666" in text and "999988887777666655554444" in text
        journey.shot(buyer, "buyer-sees-both-tracking-codes")
        for driver, title in ((a_driver, a_title), (b_driver, b_title)):
            with phone(browser, shop, driver) as seller:
                seller.goto(shop.base + "/producers/orders?show=all")
                _line(seller, code, title).locator("form[action*='/delivered'] button").click()
                seller.wait_for_load_state()
                journey.shot(seller, "driver-delivered")
        assert shop.query("SELECT state FROM payments p JOIN orders o ON o.id = p.order_id "
                          "WHERE o.code = ?", code) == [("paid",)]
        buyer.reload()
        journey.shot(buyer, "buyer-delivered-and-paid")
        buyer.click(f"a[href*='/orders/{code}/return']:has-text('{a_title}')")
        buyer.fill("#reason", "اندازه‌اش با اتاق جور نشد.")
        buyer.click("form:has(#reason) button[type=submit]")
        buyer.wait_for_url(ORDER_URL)
        journey.shot(buyer, "buyer-asked-return")
        with phone(browser, shop, a_driver) as seller:
            seller.goto(shop.base + "/producers/returns")
            request = seller.locator("article", has_text=code)
            request.locator("input[name=reason]").fill("بپذیرید؛ کالا را با پست برگردانید.")
            request.locator("button[formaction*='/accept']").click()
            seller.wait_for_load_state()
            assert _stock(shop, a_id) == stock_a - 1  # accepted, still in the post
            journey.shot(seller, "driver-accepted-return")
            seller.locator("article", has_text=code).locator(
                "form[action*='/received'] button").click()
            seller.wait_for_load_state()
            journey.shot(seller, "driver-received-back")
        assert _stock(shop, a_id) == stock_a
        _settle_refunds(browser, shop, code, journey)
        buyer.reload()
        journey.shot(buyer, "buyer-refunded")
        assert "بازپرداخت شد" in buyer.locator("main").inner_text()
    with phone(browser, shop, "admin@rooyesh.test") as admin:
        order_id = shop.query("SELECT id FROM orders WHERE code = ?", code)[0][0]
        admin.goto(f"{shop.base}/admin/orders?q={code}")
        expect(admin.locator(f"a[href$='/admin/orders/{order_id}']")).to_have_count(1)
        admin.goto(f"{shop.base}/admin/orders/{order_id}")
        journey.shot(admin, "order-desk-history")
        history = admin.locator("main").inner_text()
        for step in ("ارسال‌شده", "تحویل‌شده", "پرداخت دریافت شد", "مرجوعی پذیرفته شد",
                     "کالای مرجوعی رسید", "بازپرداخت شد"):
            assert step in history, step
    refunds = shop.query("SELECT r.status, r.amount_rials FROM refunds r JOIN orders o "
                         "ON o.id = r.order_id WHERE o.code = ?", code)
    assert [status for status, _ in refunds] == ["refunded"]
    _sound(shop)


def test_pickup_bank_transfer_collected_at_its_centre_only(browser, live_shop) -> None:
    shop, journey = live_shop, Journey("2-pickup-transfer")
    ((product_id, title, centre, driver),) = _products(shop, 1)  # staff1..7 run centres 1..7
    with phone(browser, shop, "buyer@rooyesh.test") as buyer:
        _add_to_cart(buyer, shop, product_id)
        code = _checkout(buyer, shop, delivery="pickup", payment="bank_transfer")
        buyer.fill("#reference", "۸۸۰۰۹۹۸۸۷۷۶۶")
        buyer.click("form[action$='/bank-reference'] button[type=submit]")
        buyer.wait_for_load_state()
        journey.shot(buyer, "buyer-sent-transfer-reference")
        order_id = shop.query("SELECT id FROM orders WHERE code = ?", code)[0][0]
        with phone(browser, shop, f"staff{centre}@rooyesh.test") as staff:
            staff.goto(shop.base + "/admin/payments")
            staff.locator("tr", has_text=code).locator("button[type=submit]").click()
            staff.wait_for_load_state()
            journey.shot(staff, "staff-confirmed-transfer")
        with phone(browser, shop, driver) as seller:
            seller.goto(shop.base + "/producers/orders")
            _line(seller, code, title).locator("form[action*='/ready'] button").click()
            seller.wait_for_load_state()
            journey.shot(seller, "driver-ready")
        buyer.reload()
        journey.shot(buyer, "buyer-pickup-code")
        pickup_code = buyer.locator("#pickup-title + p strong").inner_text()
        assert re.fullmatch(r"[۰-۹]{6}", pickup_code), pickup_code
        other = centre % 7 + 1
        with phone(browser, shop, f"staff{other}@rooyesh.test") as stranger:
            response = stranger.goto(f"{shop.base}/admin/orders/{order_id}")
            assert response.status == 404
            stranger.goto(f"{shop.base}/admin/orders?q={code}")
            assert code not in stranger.locator("main").inner_text()
        with phone(browser, shop, f"staff{centre}@rooyesh.test") as staff:
            staff.goto(f"{shop.base}/admin/orders?status=ready_for_pickup&delivery=pickup")
            staff.click(f"a:has-text('{code}')")
            journey.shot(staff, "staff-hand-over")
            staff.fill("#pickup_code", pickup_code)
            staff.click("form[action$='/collect'] button[type=submit]")
            staff.wait_for_load_state()
            journey.shot(staff, "staff-collected")
        buyer.reload()
        journey.shot(buyer, "buyer-collected")
    assert shop.query("SELECT status FROM orders WHERE code = ?", code) == [("delivered",)]
    _sound(shop)


def test_online_payment_then_cancelled_is_refunded(browser, live_shop) -> None:
    shop, journey = live_shop, Journey("3-online-cancel-refund")
    ((product_id, _, _, _),) = _products(shop, 1)
    stock = _stock(shop, product_id)
    with phone(browser, shop) as buyer:
        _add_to_cart(buyer, shop, product_id)
        buyer.goto(shop.base + "/checkout")
        code = _checkout(buyer, shop, delivery="pickup", payment="zarinpal")
        journey.shot(buyer, "buyer-paid-online")
        assert shop.query("SELECT status FROM orders WHERE code = ?", code) == [("paid",)]
        buyer.click("main details summary")
        buyer.click(f"form[action$='/orders/{code}/cancel'] button[type=submit]")
        buyer.wait_for_load_state()
        journey.shot(buyer, "buyer-cancelled-refund-due")
        assert _stock(shop, product_id) == stock
        _settle_refunds(browser, shop, code, journey)
        buyer.reload()
        journey.shot(buyer, "buyer-refunded")
    assert shop.query("SELECT r.status FROM refunds r JOIN orders o ON o.id = r.order_id "
                      "WHERE o.code = ?", code) == [("refunded",)]
    _sound(shop)


def test_unpaid_order_cancelled_leaves_nothing_due(browser, live_shop) -> None:
    shop, journey = live_shop, Journey("4-unpaid-cancel")
    ((product_id, _, _, _),) = _products(shop, 1)
    stock = _stock(shop, product_id)
    with phone(browser, shop) as buyer:
        _add_to_cart(buyer, shop, product_id)
        code = _checkout(buyer, shop, delivery="post", payment="cod")
        assert _stock(shop, product_id) == stock - 1
        buyer.click("main details summary")
        buyer.fill("#reason", "اشتباه سفارش دادم")
        buyer.click(f"form[action$='/orders/{code}/cancel'] button[type=submit]")
        buyer.wait_for_load_state()
        journey.shot(buyer, "buyer-cancelled")
        assert "لغوشده" in buyer.locator("main").inner_text()
    assert _stock(shop, product_id) == stock
    assert shop.query("SELECT COUNT(*) FROM refunds r JOIN orders o ON o.id = r.order_id "
                      "WHERE o.code = ?", code) == [(0,)]
    _sound(shop)


def test_a_review_after_delivery_answered_on_the_product_and_seller_pages(
        browser, live_shop) -> None:
    """A buyer orders; the driver ships and delivers it on her screens; the buyer gives it
    stars and words; the driver answers in public; both show on the product's page and on
    the seller's shop page, at phone width and on a desktop."""
    shop, journey = live_shop, Journey("5-review-after-delivery")
    ((product_id, title, _, driver),) = _products(shop, 1)
    words, answer = "گره‌ها ریز و یکدست است و رنگش با عکس یکی بود.", "سپاس؛ به بافنده‌اش گفتیم."
    with phone(browser, shop, "buyer2@rooyesh.test") as buyer:
        _add_to_cart(buyer, shop, product_id)
        code = _checkout(buyer, shop, delivery="post", payment="cod")
        journey.shot(buyer, "buyer-ordered")
        with phone(browser, shop, driver) as seller:
            seller.goto(shop.base + "/producers/orders")
            line = _line(seller, code, title)
            line.locator("form[action*='/shipped'] input[name=tracking_number]").fill(
                "123412341234123412341234")
            line.locator("form[action*='/shipped'] button").click()
            seller.wait_for_load_state()
            seller.goto(shop.base + "/producers/orders?show=all")
            _line(seller, code, title).locator("form[action*='/delivered'] button").click()
            seller.wait_for_load_state()
            journey.shot(seller, "driver-delivered")
        buyer.goto(f"{shop.base}/orders/{code}")
        buyer.click(f"a[href*='/orders/{code}/lines/'][href$='/review']")
        buyer.wait_for_url(re.compile(r"/review$"))
        buyer.click("label[for=stars-0]")  # five stars (the choices run 5..1)
        buyer.fill("#body", words)
        journey.shot(buyer, "buyer-writes-review")
        buyer.click("form button[type=submit].btn-primary")
        buyer.wait_for_url(re.compile(rf"/products/{product_id}-"))
        expect(buyer.locator("#reviews article.review", has_text=words)).to_have_count(1)
        journey.shot(buyer, "buyer-review-on-product")
    assert shop.query("SELECT r.stars FROM reviews r JOIN order_lines l ON l.id = r.line_id "
                      "JOIN orders o ON o.id = l.order_id WHERE o.code = ?", code) == [(5,)]
    with phone(browser, shop, driver) as seller:
        seller.goto(shop.base + "/producers/reviews")
        card = seller.locator("article", has_text=words)
        card.locator("textarea[name=answer]").fill(answer)
        card.locator("form[action$='/answer'] button").click()
        seller.wait_for_load_state()
        journey.shot(seller, "driver-answered")
    ((slug,),) = shop.query("SELECT d.slug FROM drivers d JOIN products p ON p.driver_id = d.id "
                            "WHERE p.id = ?", product_id)
    with phone(browser, shop) as visitor:
        visitor.goto(f"{shop.base}/products/{product_id}-x")
        review = visitor.locator("#reviews article.review", has_text=words)
        expect(review).to_contain_text(answer)
        review.scroll_into_view_if_needed()
        screenshot(visitor, "journey-5-product-review-answered")
        visitor.click(f"dd a[href$='/drivers/{slug}']")  # «Sold by», to her shop
        visitor.wait_for_load_state()
        seller_review = visitor.locator("#seller-reviews article.review", has_text=words)
        expect(seller_review).to_contain_text(answer)
        expect(seller_review).to_contain_text(title)
        assert visitor.evaluate("document.documentElement.scrollWidth") <= 390
        journey.shot(visitor, "seller-page-with-review")
        screenshot(visitor, "journey-5-seller-page")  # axe: test_every_page.py walks it
    _sound(shop)
