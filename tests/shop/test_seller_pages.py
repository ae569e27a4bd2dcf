"""Sellers' shop pages, /drivers/<slug>: slugs from the name, what the page shows (and never
her personal phone), hidden and deactivated sellers, the pager, the JSON-LD, the sitemap,
the "more from this seller" row, and the driver's own settings screen."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import select

from marketplace.catalogue import related, sellers
from marketplace.extensions import db
from marketplace.models import AuditLog, Driver, ProductStatus, Review
from marketplace.models.base import utcnow
from marketplace.programme import ProgrammeError
from marketplace.programme.people import update_shop_page
from marketplace.text.persian import slugify
from tests.factories import (
    make_centre,
    make_craft,
    make_driver,
    make_order_line,
    make_product_maker,
    make_trainee,
    make_user,
)
from tests.shop.conftest import listed_product

PERSONAL = "09151234567"


def _seller(**kw) -> Driver:
    kw.setdefault("centres", [make_centre(name_fa="مرکز طرق")])
    return make_driver(phone=PERSONAL, **kw)


def _review(product, stars: int, body: str, answer: str | None = None, hidden: bool = False):
    """A shown (or hidden) review of `product` with the product's totals kept as
    orders/reviews.py keeps them."""
    line = make_order_line(product=product, status="delivered")
    review = Review(line_id=line.id, product_id=product.id, buyer_id=make_user().id,
                    author_name="مریم ک.", stars=stars, body=body, answer=answer,
                    hidden_at=utcnow() if hidden else None,
                    hidden_reason="توهین" if hidden else None)
    db.session.add(review)
    if not hidden:
        product.review_count += 1
        product.rating_sum += stars
    db.session.flush()
    return review


def _get(client, driver: Driver, **query) -> str:
    response = client.get(f"/drivers/{driver.slug}", query_string=query)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


# --- slugs -----------------------------------------------------------------------


def test_slugs_come_from_the_name_persian_letters_kept_and_repeats_numbered(app) -> None:
    assert slugify("گلیم‌سرای  توس!") == "گلیمسرای-توس"
    assert slugify("علي كريمي ۱۲") == "علی-کریمی-12"  # Arabic letters, Persian digits
    assert slugify("Toos Kilim House") == "toos-kilim-house"
    persian = make_driver(name_fa="نقش مهر", name_en=None)
    assert persian.slug == "نقش-مهر"
    first = make_driver(name_en="Samen Gallery")
    # Two of the same name in one flush, and a third later: each its own slug.
    db.session.add_all([Driver(name_fa="ثامن", name_en="Samen Gallery"),
                        Driver(name_fa="ثامن", name_en="Samen Gallery")])
    db.session.flush()
    later = make_driver(name_en="Samen Gallery")
    slugs = sorted(db.session.scalars(
        select(Driver.slug).where(Driver.slug.startswith("samen-gallery"))))
    assert first.slug == "samen-gallery" and later.slug == "samen-gallery-4"
    assert slugs == ["samen-gallery", "samen-gallery-2", "samen-gallery-3", "samen-gallery-4"]
    assert make_driver(name_fa="!!!", name_en="...").slug.startswith("seller")
    # A rename keeps the address: links to the page stay good.
    persian.name_fa = "نقش نو"
    db.session.commit()
    assert persian.slug == "نقش-مهر"


# --- the page --------------------------------------------------------------------


def test_the_page_shows_her_shop_and_reviews_never_her_personal_phone(client) -> None:
    carpet, kilim = make_craft(code="carpet-s", name_fa="قالی"), make_craft(name_fa="گلیم")
    driver = _seller(name_fa="گالری ثامن", about_fa="فرش‌های محله طرق را می‌خریم.")
    makers = [make_trainee(centre=driver.centres[0]) for _ in range(2)]
    rug = listed_product(n=1, driver=driver, centre=driver.centres[0], craft=carpet,
                         title_fa="قالی لچک ترنج")
    mat = listed_product(n=2, driver=driver, centre=driver.centres[0], craft=kilim,
                         title_fa="گلیم دورو", stock=0)
    for product, maker in ((rug, makers[0]), (mat, makers[1]), (rug, makers[1])):
        make_product_maker(product=product, trainee=maker)
    draft = listed_product(n=3, driver=driver, status=ProductStatus.DRAFT, title_fa="پیش‌نویس")
    other = listed_product(n=4, title_fa="کالای دیگری")
    _review(rug, 5, "بافت بسیار تمیز", answer="سپاس از شما")
    _review(mat, 4, "رنگ‌ها زنده‌اند")
    _review(rug, 1, "متن پنهان‌شده", hidden=True)
    db.session.commit()

    html = _get(client, driver)
    assert "گالری ثامن" in html and "فرش‌های محله طرق را می‌خریم." in html
    assert f'href="/centres/{driver.centres[0].slug}"' in html
    assert "قالی" in html and "گلیم" in html and "کار ۲ هنرجو برای فروش" in html
    assert "قالی لچک ترنج" in html and "گلیم دورو" in html  # sold out still shows
    assert draft.title_fa not in html and other.title_fa not in html
    # Two shown reviews, 4.5 on average; the hidden one nowhere.
    assert "۴٫۵" in html and "(۲ نظر)" in html
    assert "بافت بسیار تمیز" in html and "سپاس از شما" in html and "رنگ‌ها زنده‌اند" in html
    assert "متن پنهان‌شده" not in html
    assert PERSONAL not in html and "۰۹۱۵۱۲۳۴۵۶۷" not in html
    assert 'href="tel:' not in html  # no business number given: none shown
    store = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>',
                                 html, re.S).group(1))
    assert store["@type"] == "Store" and store["name"] == "گالری ثامن"
    assert store["aggregateRating"]["reviewCount"] == 2
    assert store["aggregateRating"]["ratingValue"] == 4.5
    assert "telephone" not in store


def test_a_business_number_shows_only_when_she_gives_one(client) -> None:
    driver = _seller()
    listed_product(driver=driver)
    db.session.commit()
    update_shop_page(driver, about_fa=None, business_phone="۰۵۱-۳۸۰۰ ۱۲۳۴", page_public=True,
                     actor=driver.users[0] if driver.users else make_user("admin"))
    html = _get(client, driver)
    assert 'href="tel:05138001234"' in html and "۰۵۱۳۸۰۰۱۲۳۴" in html
    assert PERSONAL not in html and "۰۹۱۵۱۲۳۴۵۶۷" not in html
    assert '"telephone": "05138001234"' in html


@pytest.mark.parametrize("change", [{"is_active": False}, {"page_public": False}])
def test_a_deactivated_or_hidden_seller_has_no_page_and_no_links(client, change) -> None:
    driver = _seller()
    product = listed_product(n=1, driver=driver)
    listed_product(n=2, driver=driver)
    db.session.commit()
    page = client.get(f"/products/{product.id}-{product.slug}").get_data(as_text=True)
    assert f'href="/drivers/{driver.slug}"' in page
    for key, value in change.items():
        setattr(driver, key, value)
    db.session.commit()
    assert client.get(f"/drivers/{driver.slug}").status_code == 404
    page = client.get(f"/products/{product.id}-{product.slug}").get_data(as_text=True)
    assert "/drivers/" not in page and driver.name_fa in page  # named, without a link
    assert related.more_from_seller(product) == []
    assert f"/drivers/{driver.slug}" not in client.get("/sitemap-pages.xml").get_data(
        as_text=True)
    assert client.get("/drivers/nobody-at-all").status_code == 404


def test_items_come_a_page_of_cards_at_a_time(client) -> None:
    driver = _seller()
    items = [listed_product(n=n, driver=driver, title_fa=f"کالای {n}")
             for n in range(sellers.PER_PAGE + 2)]
    db.session.commit()
    first = _get(client, driver)
    assert first.count('class="product-card"') == sellers.PER_PAGE
    assert f'href="/drivers/{driver.slug}?page=2"' in first
    second = _get(client, driver, page=2)
    assert second.count('class="product-card"') == 2
    # Newest first: the two oldest are on the second page.
    for item in items[:2]:
        assert f"/products/{item.id}-" in second
    assert _get(client, driver, page=99).count('class="product-card"') == 0
    assert _get(client, driver, page="9" * 30).count('class="product-card"') == sellers.PER_PAGE


def test_the_page_is_in_the_sitemap_and_its_keys_name_her(client) -> None:
    driver = _seller(name_fa="نقش مهر", name_en=None)
    product = listed_product(driver=driver)
    db.session.commit()
    sitemap = client.get("/sitemap-pages.xml").get_data(as_text=True)
    assert "/drivers/%D9%86%D9%82%D8%B4-%D9%85%D9%87%D8%B1" in sitemap  # نقش-مهر
    response = client.get(f"/drivers/{driver.slug}")
    assert response.status_code == 200
    keys = response.headers["xkey"].split()
    assert f"driver-{driver.id}" in keys and f"product-{product.id}" in keys
    keys = client.get(f"/products/{product.id}-{product.slug}").headers["xkey"].split()
    assert f"driver-{driver.id}" in keys


def test_product_page_rows_more_from_the_seller_and_see_all_links(client) -> None:
    centre = make_centre(slug="rows-s")
    driver = _seller(centres=[centre])
    product = listed_product(n=0, driver=driver, centre=centre)
    hers = listed_product(n=1, driver=driver, centre=centre, title_fa="کیف دیگرش")
    neighbour = listed_product(n=2, centre=centre, title_fa="کار همسایه")
    db.session.commit()
    assert [p.id for p in related.more_from_seller(product)] == [hers.id]
    html = client.get(f"/products/{product.id}-{product.slug}").get_data(as_text=True)
    assert f'<a href="/drivers/{driver.slug}">{driver.name_fa}</a>' in html  # "Sold by"
    below = html.split('class="related"', 1)[1]
    seller_row, centre_row = below.split('id="more-from-centre"', 1)
    assert f"/products/{hers.id}-" in seller_row and f"/products/{neighbour.id}-" in centre_row
    assert f"/products/{hers.id}-" not in centre_row  # no card twice on the page
    assert f'href="/drivers/{driver.slug}">همه را ببینید' in seller_row
    assert 'href="/centres/rows-s">همه را ببینید' in centre_row
    seo = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>',
                               html, re.S).group(1))
    assert seo["offers"]["seller"]["url"].endswith(f"/drivers/{driver.slug}")


# --- her own settings --------------------------------------------------------------


def test_a_driver_edits_only_her_own_page(client, login_as) -> None:
    mine, theirs = _seller(), _seller(about_fa="متن دیگری")
    user = login_as(make_user("driver", driver=mine))
    page = client.get("/producers/shop-page")
    assert page.status_code == 200 and "صفحه فروشگاه شما" in page.get_data(as_text=True)
    response = client.post("/producers/shop-page", data={
        "about_fa": "گلیم‌های  طرق", "business_phone": "0915 000 1122", "page_public": "y",
        "driver_id": theirs.id})  # a field the form does not have changes nothing
    assert response.status_code == 302
    db.session.expire_all()
    assert (mine.about_fa, mine.business_phone) == ("گلیم‌های طرق", "09150001122")
    assert (theirs.about_fa, theirs.business_phone) == ("متن دیگری", None)
    logged = db.session.scalar(select(AuditLog).where(AuditLog.action == "driver.shop_page"))
    assert logged.actor_id == user.id and logged.entity_id == mine.id
    # Turning the page off hides it at once.
    client.post("/producers/shop-page", data={"about_fa": "", "business_phone": ""})
    db.session.expire_all()
    assert mine.page_public is False and mine.about_fa is None and mine.business_phone is None
    assert client.get(f"/drivers/{mine.slug}").status_code == 404


def test_a_bad_number_is_refused_in_persian_and_nothing_written(client, login_as) -> None:
    mine = _seller(about_fa="قبلی")
    login_as(make_user("driver", driver=mine))
    response = client.post("/producers/shop-page", data={
        "about_fa": "تازه", "business_phone": "12345", "page_public": "y"})
    assert response.status_code == 200
    assert "تلفن ثابت با پیش‌شماره" in response.get_data(as_text=True)
    db.session.expire_all()
    assert mine.about_fa == "قبلی" and mine.business_phone is None
    with pytest.raises(ProgrammeError):
        update_shop_page(mine, about_fa="ب" * 601, business_phone=None, page_public=True,
                         actor=mine.users[0])


@pytest.mark.parametrize("role", ["buyer", "staff", "admin"])
def test_only_drivers_reach_the_settings(client, login_as, role) -> None:
    login_as(make_user(role))
    assert client.get("/producers/shop-page").status_code == 404
    assert client.post("/producers/shop-page", data={"about_fa": "x"}).status_code == 404


def test_anonymous_is_sent_to_sign_in(client) -> None:
    response = client.get("/producers/shop-page")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
