"""Reviews: who may write one, one per line, photos, the seller's answer, hiding, the
product page (average, JSON-LD, helpful votes) and the cards' average."""

from __future__ import annotations

import io
import json
import re
from datetime import datetime

import pytest
from PIL import ExifTags, Image
from sqlalchemy import func, select
from sqlalchemy import update as sa_update

from marketplace.extensions import db
from marketplace.media import storage
from marketplace.models import AuditLog, Driver, Order, Product, Review, ReviewVote
from marketplace.orders import reviews, status
from marketplace.orders.checkout import CheckoutDetails, place_order
from tests.factories import make_centre, make_user
from tests.orders.conftest import MOBILE, counting_queries, listed

LISTED = datetime(2026, 1, 1)


def _order(buyer, **product) -> Order:
    item = listed(**product)
    db.session.commit()
    details = CheckoutDetails(contact_name="زهرا", contact_phone=MOBILE,
                              delivery_method="post", payment_provider="cod",
                              province_code="razavi-khorasan", city="مشهد",
                              address="بلوار وکیل‌آباد", postal_code="9134567891")
    return place_order(details, {item.id: 1}, buyer=buyer, now=datetime(2026, 3, 21, 8, 0))


def _delivered(buyer, **product):
    order = _order(buyer, **product)
    line = order.lines[0]
    status.set_line_status(line, "shipped", actor=None, tracking_number="TRK")
    status.set_line_status(line, "delivered", actor=None)
    return order, line


def _buyer(name="مریم کاشانی"):
    return make_user("buyer", full_name=name, phone="09121112233")


def _jpeg(colour=(180, 60, 40), gps=False) -> bytes:
    buffer = io.BytesIO()
    exif = Image.Exif()
    if gps:
        exif[ExifTags.Base.Make] = "SecretCam"
        exif[ExifTags.Base.GPSInfo] = {1: "N", 2: (36.0, 17.0, 52.0), 3: "E",
                                       4: (59.0, 36.0, 0.0)}
    Image.new("RGB", (640, 480), colour).save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def _url(order, line) -> str:
    return f"/orders/{order.code}/lines/{line.id}/review"


def _post(client, order, line, stars=5, body="بافت تمیز و رنگ‌های زنده", photos=()):
    return client.post(_url(order, line), data={
        "stars": stars, "body": body,
        "photos": [(io.BytesIO(p), f"p{i}.jpg") for i, p in enumerate(photos)],
    }, content_type="multipart/form-data")


def test_only_the_delivered_lines_buyer_reviews_it(client, login_as) -> None:
    buyer = _buyer()
    order, line = _delivered(buyer)
    page = client.get(f"/orders/{order.code}").get_data(as_text=True)
    assert "نظر بدهید" not in page  # a guest with the code is not offered the form
    assert client.get(_url(order, line)).status_code == 302  # to sign in

    login_as(make_user("buyer"))  # another buyer, even with the order's code
    assert client.get(_url(order, line)).status_code == 404
    assert _post(client, order, line).status_code == 404
    client.post("/logout")

    login_as(buyer)
    assert "نظر بدهید" in client.get(f"/orders/{order.code}").get_data(as_text=True)
    response = _post(client, order, line, stars=4)
    assert response.status_code == 302 and "#reviews" in response.headers["Location"]
    review = db.session.scalars(select(Review)).one()
    assert (review.stars, review.author_name, review.buyer_id) == (4, "مریم ک.", buyer.id)
    # One a line: the form says so, a second POST adds nothing.
    again = _post(client, order, line, stars=1)
    assert "پیش‌تر" in again.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Review.id))) == 1
    assert "شما برای این کالا نظر داده‌اید" in client.get(f"/orders/{order.code}").get_data(
        as_text=True)


def test_a_line_not_yet_delivered_is_refused_in_persian(client, login_as) -> None:
    buyer = _buyer()
    order = _order(buyer)
    line = order.lines[0]
    login_as(buyer)
    page = _post(client, order, line).get_data(as_text=True)
    assert "پس از آنکه کالا به دستتان رسید" in page
    assert db.session.scalar(select(func.count(Review.id))) == 0
    with pytest.raises(reviews.ReviewError):
        reviews.write_review(line, buyer, 5, "خوب")


def test_bad_stars_and_empty_text_change_nothing(client, login_as) -> None:
    buyer = _buyer()
    order, line = _delivered(buyer)
    login_as(buyer)
    for stars, body in ((0, "خوب"), (6, "خوب"), ("x", "خوب"), (5, "   ")):
        assert _post(client, order, line, stars=stars, body=body).status_code == 200
    assert db.session.scalar(select(func.count(Review.id))) == 0
    assert db.session.get(Product, line.product_id).review_count == 0


def test_at_most_three_photos_exif_stripped_and_public(client, login_as, app) -> None:
    buyer = _buyer()
    order, line = _delivered(buyer)
    login_as(buyer)
    four = [_jpeg((i * 40, 60, 40)) for i in range(4)]
    assert _post(client, order, line, photos=four).status_code == 200
    assert db.session.scalar(select(func.count(Review.id))) == 0
    response = _post(client, order, line, photos=[_jpeg(gps=True), _jpeg((10, 90, 200))])
    assert response.status_code == 302
    review = db.session.scalars(select(Review)).one()
    assert len(review.photos) == 2
    store = storage.current()
    keys = [k for k in store.keys(storage.PUBLIC) if review.photos[0].digest in k]
    assert keys  # public: shown with the review
    for key in keys:
        with store.open(key) as stream:
            data = stream.read()
        assert b"SecretCam" not in data
        assert not Image.open(io.BytesIO(data)).getexif()
    page = client.get(f"/products/{line.product_id}-{review.product.slug}").get_data(as_text=True)
    assert review.photos[0].digest in page


def test_the_driver_answers_once_and_only_her_own_items(client, login_as) -> None:
    buyer = _buyer()
    _, line = _delivered(buyer)
    review = reviews.write_review(line, buyer, 5, "عالی")
    driver = db.session.get(Driver, line.driver_id)
    other = make_user("driver")
    login_as(other)
    assert "عالی" not in client.get("/producers/reviews").get_data(as_text=True)
    assert client.post(f"/producers/reviews/{review.id}/answer",
                       data={"answer": "نه"}).status_code == 404
    client.post("/logout")
    login_as(make_user("driver", driver=driver))
    assert "عالی" in client.get("/producers/reviews").get_data(as_text=True)
    client.post(f"/producers/reviews/{review.id}/answer", data={"answer": "سپاس از شما"})
    client.post(f"/producers/reviews/{review.id}/answer", data={"answer": "دومی"})
    db.session.refresh(review)
    assert review.answer == "سپاس از شما"
    page = client.get(f"/products/{review.product_id}-{review.product.slug}")
    assert "سپاس از شما" in page.get_data(as_text=True)


def test_staff_hide_with_a_reason_audited_and_it_leaves_the_shop(client, login_as) -> None:
    buyer = _buyer()
    _, line = _delivered(buyer)
    review = reviews.write_review(line, buyer, 1, "متن نامناسب")
    product = db.session.get(Product, line.product_id)
    url = f"/products/{product.id}-{product.slug}"
    assert "متن نامناسب" in client.get(url).get_data(as_text=True)

    login_as(make_user("staff", centres=[make_centre()]))  # another centre's staff
    assert client.post(f"/admin/reviews/{review.id}/hide",
                       data={"reason": "x"}).status_code == 404
    client.post("/logout")
    staff = login_as(make_user("staff", centres=[product.centre]))
    client.post(f"/admin/reviews/{review.id}/hide", data={"reason": ""})
    db.session.refresh(review)
    assert review.hidden_at is None  # a reason is required
    client.post(f"/admin/reviews/{review.id}/hide", data={"reason": "توهین‌آمیز"})
    db.session.refresh(review)
    db.session.refresh(product)
    assert review.hidden_at is not None and review.hidden_reason == "توهین‌آمیز"
    assert (product.review_count, product.rating_sum) == (0, 0)
    entry = db.session.scalars(select(AuditLog).where(AuditLog.action == "review.hide")).one()
    assert entry.actor_id == staff.id and entry.centre_id == product.centre_id
    assert entry.changes["reason"] == "توهین‌آمیز"
    assert "متن نامناسب" in client.get("/admin/reviews").get_data(as_text=True)  # still kept
    client.post("/logout")
    page = client.get(url).get_data(as_text=True)
    assert "متن نامناسب" not in page and "aggregateRating" not in page
    assert client.post(f"/reviews/{review.id}/helpful").status_code == 404


def _jsonld(page: str) -> dict:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert found
    return json.loads(found.group(1))


def test_product_page_average_jsonld_and_no_family_name(client) -> None:
    first = _buyer("مریم کاشانی")
    _, line = _delivered(first)
    reviews.write_review(line, first, 5, "زیبا")
    product = db.session.get(Product, line.product_id)
    page = client.get(f"/products/{product.id}-{product.slug}").get_data(as_text=True)
    data = _jsonld(page)
    assert data["aggregateRating"]["ratingValue"] == 5
    assert data["aggregateRating"]["reviewCount"] == 1
    assert data["review"][0]["author"]["name"] == "مریم ک."
    assert "کاشانی" not in page and "09121112233" not in page
    assert "۵٫۰" in page and "(۱ نظر)" in page


def test_a_buyer_without_a_name_is_shown_as_a_buyer() -> None:
    assert reviews.author_name("") == "" and reviews.author_name("  ") == ""
    assert reviews.author_name("زهرا") == "زهرا"
    assert reviews.author_name("زهرا احمدی نژاد") == "زهرا ن."


def test_cards_show_the_average_with_a_flat_query_count(client) -> None:
    buyer = _buyer()
    _, line = _delivered(buyer, title_fa="گلیم ستاره", stock=2, listed_at=LISTED)
    reviews.write_review(line, buyer, 4, "خوب")
    for _ in range(3):
        listed(listed_at=LISTED)
    db.session.commit()
    with counting_queries() as few:
        page = client.get("/products").get_data(as_text=True)
    assert "۴٫۰" in page
    for _ in range(6):
        listed(listed_at=LISTED)
    db.session.commit()
    with counting_queries() as more:
        client.get("/products")
    assert len(more) == len(few)


def test_counts_stay_consistent_with_the_visible_reviews(client) -> None:
    staff = make_user("admin")
    product_id = None
    made = []
    for stars in (5, 3, 4):
        buyer = _buyer()
        _, line = _delivered(buyer) if product_id is None else _again(buyer, product_id)
        product_id = line.product_id
        made.append(reviews.write_review(line, buyer, stars, "متن"))
    reviews.hide_review(made[1], staff, "بی‌ربط")
    with pytest.raises(reviews.ReviewError):
        reviews.hide_review(made[1], staff, "دوباره")
    product = db.session.get(Product, product_id)
    db.session.refresh(product)
    visible = db.session.execute(
        select(func.count(Review.id), func.coalesce(func.sum(Review.stars), 0))
        .where(Review.product_id == product_id, Review.hidden_at.is_(None))
    ).one()
    assert (product.review_count, product.rating_sum) == tuple(visible) == (2, 9)


def _again(buyer, product_id):
    product = db.session.get(Product, product_id)
    product.stock += 1
    db.session.commit()
    order = place_order(CheckoutDetails(contact_name="زهرا", contact_phone=MOBILE,
                                        delivery_method="post", payment_provider="cod",
                                        province_code="razavi-khorasan", city="مشهد",
                                        address="بلوار", postal_code="9134567891"),
                        {product_id: 1}, buyer=buyer)
    line = order.lines[0]
    status.set_line_status(line, "shipped", actor=None, tracking_number="TRK")
    status.set_line_status(line, "delivered", actor=None)
    return order, line


def test_helpful_counts_once_per_user_and_per_session(client, app, login_as) -> None:
    buyer = _buyer()
    _, line = _delivered(buyer)
    review = reviews.write_review(line, buyer, 5, "مفید")
    for _ in range(2):
        assert client.post(f"/reviews/{review.id}/helpful").status_code == 302
    db.session.refresh(review)
    assert review.helpful_count == 1  # this guest's session, once
    other = app.test_client()
    other.post(f"/reviews/{review.id}/helpful")
    voter = make_user("buyer")
    login_as(voter)
    client.post(f"/reviews/{review.id}/helpful")
    client.post(f"/reviews/{review.id}/helpful")
    db.session.refresh(review)
    assert review.helpful_count == 3
    assert db.session.scalar(select(func.count(ReviewVote.id))) == 3
    page = client.get(f"/products/{review.product_id}-{review.product.slug}?reviews=helpful")
    assert "مفید بود (۳)" in page.get_data(as_text=True)
    assert not reviews.mark_helpful(review, user_id=voter.id)


def test_check_integrity_finds_a_count_that_drifted() -> None:
    from marketplace.ops import integrity

    buyer = _buyer()
    _, line = _delivered(buyer)
    reviews.write_review(line, buyer, 3, "متوسط")
    assert integrity.check_reviews() == []
    db.session.execute(sa_update(Product).where(Product.id == line.product_id)
                       .values(rating_sum=Product.rating_sum + 1))
    db.session.commit()
    assert integrity.check_reviews()
