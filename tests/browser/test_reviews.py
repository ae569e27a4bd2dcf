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
