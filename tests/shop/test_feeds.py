"""Sitemaps, robots.txt and the product feeds: well-formed, only listed products, right prices."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from marketplace.catalogue import feeds
from marketplace.models import ProductStatus
from marketplace.shop.feed_routes import torob_feed
from tests.factories import make_product, make_trainee
from tests.shop.conftest import listed_product

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
G = "{http://base.google.com/ns/1.0}"


@pytest.fixture
def catalogue(db):
    shown = listed_product(n=1, title_fa="گلیم <سرخ> & آبی", price_rials=12_500_000, stock=2)
    sold_out = listed_product(n=2, title_fa="قالی", price_rials=30_000_005, stock=0, photos=0)
    draft = make_product(status=ProductStatus.DRAFT, title_fa="پیش‌نویس")
    story = make_trainee(show_story=True)
    hidden = make_trainee(show_story=False)
    db.session.commit()
    return {"shown": shown, "sold_out": sold_out, "draft": draft, "story": story, "hidden": hidden}


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response.headers["Cache-Control"].startswith("public, max-age=")
    return response


def test_robots_disallows_private_areas_and_names_the_sitemap(client, db) -> None:
    text = _get(client, "/robots.txt").get_data(as_text=True)
    for path in ("/admin", "/producers", "/cart", "/checkout", "/orders", "/account", "/search"):
        assert f"Disallow: {path}\n" in text
    assert "Sitemap: http://localhost/sitemap.xml" in text


def test_sitemaps_list_listed_products_with_lastmod_and_consenting_makers(
        client, catalogue, monkeypatch) -> None:
    monkeypatch.setattr(feeds, "SITEMAP_URLS", 1)  # one product a page: the paging shows
    index = ET.fromstring(_get(client, "/sitemap.xml").data)
    assert index.tag == f"{SM}sitemapindex"
    locs = [e.text for e in index.iter(f"{SM}loc")]
    assert locs == ["http://localhost/sitemap-pages.xml", "http://localhost/sitemap-products-1.xml",
                    "http://localhost/sitemap-products-2.xml"]
    products = []
    for n in (1, 2):
        urlset = ET.fromstring(_get(client, f"/sitemap-products-{n}.xml").data)
        for url in urlset.iter(f"{SM}url"):
            products.append(url.find(f"{SM}loc").text)
            assert url.find(f"{SM}lastmod").text.endswith("Z")
    assert products == [f"http://localhost/products/{p.id}-{p.slug}"
                        for p in (catalogue["shown"], catalogue["sold_out"])]
    assert client.get("/sitemap-products-3.xml").status_code == 404
    pages = [e.text for e in ET.fromstring(_get(client, "/sitemap-pages.xml").data)
             .iter(f"{SM}loc")]
    assert f"http://localhost/makers/{catalogue['story'].id}" in pages
    assert f"http://localhost/makers/{catalogue['hidden'].id}" not in pages
    assert f"http://localhost/centres/{catalogue['shown'].centre.slug}" in pages
    assert f"http://localhost/products?craft={catalogue['shown'].craft.code}" in pages


def test_google_merchant_feed(client, catalogue) -> None:
    root = ET.fromstring(_get(client, "/feeds/products.xml").data)
    assert root.tag == "rss" and root.get("version") == "2.0"
    items = root.find("channel").findall("item")
    by_id = {i.find(f"{G}id").text: i for i in items}
    assert set(by_id) == {catalogue["shown"].code, catalogue["sold_out"].code}
    shown = by_id[catalogue["shown"].code]
    for tag in ("title", "description", "link"):
        assert shown.find(tag).text
    for tag in ("image_link", "price", "availability", "brand", "condition"):
        assert shown.find(f"{G}{tag}").text
    assert shown.find("title").text == "گلیم <سرخ> & آبی"
    assert shown.find(f"{G}price").text == "12500000 IRR"
    assert shown.find(f"{G}availability").text == "in_stock"
    assert shown.find(f"{G}condition").text == "new"
    assert shown.find(f"{G}image_link").text.startswith("http")
    sold_out = by_id[catalogue["sold_out"].code]
    assert sold_out.find(f"{G}availability").text == "out_of_stock"
    assert sold_out.find(f"{G}image_link") is None  # no photo: no broken link


def test_torob_feed(client, catalogue) -> None:
    response = _get(client, "/feeds/torob.json")
    assert response.mimetype == "application/json"
    products = json.loads(response.data)["products"]
    assert {p["product_id"] for p in products} == {catalogue["shown"].code,
                                                   catalogue["sold_out"].code}
    fields = {"title": str, "page_url": str, "price": int, "availability": str,
              "image_link": str, "product_id": str, "category": str}
    for item in products:
        assert {k: type(v) for k, v in item.items()} == fields
        assert item["availability"] in ("instock", "outofstock")
        assert item["page_url"].startswith("http://localhost/products/")
    by_id = {p["product_id"]: p for p in products}
    assert by_id[catalogue["shown"].code]["price"] == 1_250_000  # Toman
    assert by_id[catalogue["sold_out"].code]["price"] == 3_000_001  # odd Rials, rounded
    assert by_id[catalogue["sold_out"].code]["availability"] == "outofstock"


def test_the_feeds_stream_in_batches(app, client, db, monkeypatch) -> None:
    for n in range(7):
        listed_product(n=n)
    db.session.commit()
    monkeypatch.setattr(feeds, "BATCH", 3)
    with app.test_request_context("/feeds/torob.json"):
        response = torob_feed()
        assert response.is_streamed  # written as the rows come, not built whole
        body = "".join(response.response)
    assert len(json.loads(body)["products"]) == 7
    assert len(ET.fromstring(client.get("/feeds/products.xml").data)
               .find("channel").findall("item")) == 7
