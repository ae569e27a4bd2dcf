"""The storefront's catalogue pages: home, product, centres, makers."""

from __future__ import annotations

import json
import re

from marketplace.extensions import db
from marketplace.models import CentreStatus, ProductStatus
from tests.factories import (
    make_centre,
    make_craft,
    make_driver,
    make_enrollment,
    make_photo,
    make_product_maker,
    make_trainee,
)
from tests.shop.conftest import listed_product


def test_home_shows_products_crafts_centres_and_figures(client) -> None:
    craft = make_craft(code="kilim", name_en="Kilim", name_fa="گلیم")
    centre = make_centre(slug="golshahr", name_fa="مرکز گلشهر")
    driver = make_driver(centres=[centre])
    listed_product(title_fa="گلیم برجسته", craft=craft, driver=driver, featured=True)
    make_centre(slug="not-yet", status=CentreStatus.UNDER_CONSTRUCTION)
    make_enrollment()
    db.session.commit()
    html = client.get("/").get_data(as_text=True)
    assert "گلیم برجسته" in html
    assert "/products?craft=kilim" in html
    assert "/centres/golshahr" in html
    active, building = html.split('id="building-heading"')
    assert "/centres/not-yet" not in active  # not among the active centres
    assert "/centres/not-yet" in building  # but its place is known, so it is shown as built
    assert "impact-figure" in html


def test_product_page_has_gallery_price_fair_price_and_structured_data(client) -> None:
    product = listed_product(
        price_rials=20_000_000, unit_wage_rials=8_000_000, unit_materials_rials=3_000_000,
        photos=2, stock=1, width_cm=80, length_cm=120,
    )
    db.session.commit()
    url = f"/products/{product.id}-{product.slug}"
    html = client.get(url).get_data(as_text=True)
    assert "<picture>" in html and 'type="image/webp"' in html
    assert re.search(r'src="/media/[0-9a-f]{2}/[0-9a-f]{64}-800\.jpg"', html)
    assert 'role="img"' in html and "w-pct-40" in html and "w-pct-15" in html
    assert "fair-price__legend" in html
    assert 'property="og:title"' in html
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html,
                                re.S).group(1))
    assert data["@type"] == "Product" and data["sku"] == product.code
    assert data["offers"]["price"] == 20_000_000 and data["offers"]["priceCurrency"] == "IRR"
    assert data["offers"]["availability"].endswith("InStock")
    assert data["brand"]["name"]


def test_product_png_fallback_for_transparent_photos(client) -> None:
    product = listed_product(photos=0)
    make_photo(product=product, has_alpha=True)
    db.session.commit()
    html = client.get(f"/products/{product.id}-{product.slug}").get_data(as_text=True)
    assert "-800.png" in html and "-800.jpg" not in html


def test_product_wrong_slug_redirects_and_unlisted_is_404(client) -> None:
    product = listed_product()
    draft = listed_product(status=ProductStatus.DRAFT, listed_at=None)
    db.session.commit()
    response = client.get(f"/products/{product.id}-wrong")
    assert response.status_code == 301
    assert client.get(f"/products/{draft.id}-{draft.slug}").status_code == 404


def test_sold_out_product_still_shows_marked(client) -> None:
    product = listed_product(stock=0)
    db.session.commit()
    html = client.get(f"/products/{product.id}-{product.slug}").get_data(as_text=True)
    assert "SoldOut" in html


def test_makers_shown_only_as_far_as_each_consented(client) -> None:
    product = listed_product()
    named = make_trainee(centre=product.centre, given_name="شیرین", show_given_name=True,
                         show_story=True, story_fa="داستان من")
    anonymous = make_trainee(centre=product.centre, given_name="پنهان")
    make_product_maker(product=product, trainee=named, share_pct=60)
    make_product_maker(product=product, trainee=anonymous, share_pct=40)
    db.session.commit()
    html = client.get(f"/products/{product.id}-{product.slug}").get_data(as_text=True)
    assert "شیرین" in html
    assert f"/makers/{named.id}" in html
    assert "پنهان" not in html
    assert f"/makers/{anonymous.id}" not in html


def test_maker_page_only_with_consent(client) -> None:
    centre = make_centre(name_fa="مرکز سیدی")
    story = make_trainee(centre=centre, show_story=True, story_fa="از دار قالی تا کارگاه")
    hidden = make_trainee(centre=centre, show_given_name=True)
    product = listed_product(driver=make_driver(centres=[centre]))
    make_product_maker(product=product, trainee=story)
    db.session.commit()
    html = client.get(f"/makers/{story.id}").get_data(as_text=True)
    assert "از دار قالی تا کارگاه" in html
    assert "مرکز سیدی" in html  # "a trainee of <centre>": no given-name consent
    assert story.given_name not in html
    assert product.title_en in html or product.title_fa in html
    assert client.get(f"/makers/{hidden.id}").status_code == 404
    assert client.get("/makers/999999").status_code == 404


def test_centres_list_and_centre_page(client) -> None:
    craft = make_craft(name_en="Tableau rug", name_fa="تابلوفرش")
    centre = make_centre(slug="tabarsi", name_fa="مرکز طبرسی", crafts=[craft])
    building = make_centre(slug="new-one", status=CentreStatus.UNDER_CONSTRUCTION)
    product = listed_product(driver=make_driver(centres=[centre]), title_fa="تابلوی گل")
    db.session.commit()
    html = client.get("/centres").get_data(as_text=True)
    assert "مرکز طبرسی" in html and "تابلوفرش" in html
    assert f"/centres/{building.slug}" in html
    page = client.get("/centres/tabarsi").get_data(as_text=True)
    assert product.title_fa in page
    assert "/products?centre=tabarsi" in page
    assert client.get("/centres/nowhere").status_code == 404


def test_pages_in_english(client) -> None:
    craft = make_craft(code="resin", name_en="Resin art", name_fa="رزین")
    product = listed_product(craft=craft, title_en="Resin tray", title_fa="سینی رزینی")
    db.session.commit()
    client.post("/language", data={"lang": "en", "next": "/"})
    html = client.get(f"/products/{product.id}-{product.slug}").get_data(as_text=True)
    assert 'lang="en"' in html and "Resin tray" in html and "Resin art" in html
    assert "Resin tray" in client.get("/products").get_data(as_text=True)
    assert "Resin tray" in client.get("/search?q=resin").get_data(as_text=True)
