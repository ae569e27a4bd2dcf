"""A buyer of a delivered order reviews it with a photo, at phone width, without
JavaScript needed; the review shows on the product's page."""

from __future__ import annotations

import io
import re

from PIL import Image
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, screenshot, sign_in

UNREVIEWED = (
    "SELECT o.code, l.id, l.product_id FROM order_lines l JOIN orders o ON o.id = l.order_id "
    "JOIN users u ON u.id = o.buyer_id LEFT JOIN reviews r ON r.line_id = l.id "
    "WHERE u.email = 'buyer@rooyesh.test' AND l.status = 'delivered' AND r.id IS NULL "
    "ORDER BY l.id LIMIT 1"
)


def test_buyer_reviews_a_delivered_item_with_a_photo(page, live_shop, tmp_path) -> None:
    code, line_id, product_id = live_shop.query(UNREVIEWED)[0]
    sign_in(page, live_shop.base, "buyer@rooyesh.test")
    page.goto(f"{live_shop.base}/orders/{code}")
    button = page.locator(f"a[href$='/lines/{line_id}/review']")
    expect(button).to_contain_text("نظر بدهید")
    button.click()
    page.wait_for_url(re.compile(r"/review$"))
    screenshot(page, "review-form")
    assert axe_violations(page) == []
    page.click("label[for=stars-1]")  # the fourth star from the start (choices run 5..1)
    assert page.locator("input[name=stars]:checked").get_attribute("value") == "4"
    page.fill("#body", "رنگ‌ها زنده و بافت یکدست است؛ بسته هم سالم رسید.")
    photo = tmp_path / "room.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (900, 600), (150, 40, 50)).save(buffer, "JPEG")
    photo.write_bytes(buffer.getvalue())
    page.set_input_files("#photos", str(photo))
    page.click("form button[type=submit].btn-primary")
    page.wait_for_url(re.compile(rf"/products/{product_id}-"))
    review = page.locator("#reviews article.review").filter(has_text="بافت یکدست")
    expect(review).to_have_count(1)
    expect(review.locator("img")).to_have_count(1)
    assert "خریدار" not in review.inner_text()  # «سارا خ.», never her family name
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator("#reviews").scroll_into_view_if_needed()
    screenshot(page, "review-on-product")
    assert axe_violations(page) == []
    page.goto(f"{live_shop.base}/orders/{code}")
    expect(page.locator(f"a[href$='/lines/{line_id}/review']")).to_have_count(0)


def test_driver_answers_and_admin_hides_at_phone_width(page, live_shop) -> None:
    (email,) = live_shop.query(
        "SELECT u.email FROM reviews r JOIN order_lines l ON l.id = r.line_id "
        "JOIN users u ON u.driver_id = l.driver_id WHERE r.answer IS NULL "
        "AND r.hidden_at IS NULL ORDER BY r.id LIMIT 1")[0]
    sign_in(page, live_shop.base, email)
    page.goto(live_shop.base + "/producers/reviews")
    form = page.locator("form[action$='/answer']").first
    form.locator("textarea").fill("سپاس از نظرتان؛ به بافنده خبر دادیم.")
    form.locator("button").click()
    page.wait_for_load_state()
    expect(page.locator(".alert-success, .alert-info").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "reviews-driver")
    assert axe_violations(page) == []
    page.context.clear_cookies()
    sign_in(page, live_shop.base, "admin@rooyesh.test")
    page.goto(live_shop.base + "/admin/reviews")
    assert page.locator("text=پنهان").count() > 0  # the demo's hidden review, kept
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "reviews-admin")
    assert axe_violations(page) == []
