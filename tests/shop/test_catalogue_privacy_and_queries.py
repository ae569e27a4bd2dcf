"""No public page shows a trainee's private details; pages issue a bounded number of queries."""

from __future__ import annotations

import pytest

from marketplace.extensions import db
from tests.factories import (
    make_centre,
    make_craft,
    make_driver,
    make_product_maker,
    make_trainee,
)
from tests.shop.conftest import listed_product

FAMILY = "خانوادگیمحرمانه"
PHONE = "09157654321"
NATIONAL_CODE = "0499370899"


def _public_urls(product, trainee, centre) -> list[str]:
    return [
        "/",
        "/products",
        f"/products/{product.id}-{product.slug}",
        "/centres",
        f"/centres/{centre.slug}",
        f"/makers/{trainee.id}",
        "/search?q=قالی",
    ]


@pytest.mark.parametrize("consents", [(True, True), (False, True), (True, False)])
def test_private_details_never_appear(client, db, consents: tuple[bool, bool]) -> None:
    show_name, show_story = consents
    centre = make_centre(slug="privacy")
    product = listed_product(driver=make_driver(centres=[centre]), title_fa="قالی حریم",
                             featured=True)
    trainee = make_trainee(
        centre=centre, given_name="نرگس", family_name=FAMILY, phone=PHONE,
        national_code=NATIONAL_CODE, show_given_name=show_name, show_story=show_story,
        story_fa="داستان بافت",
    )
    make_product_maker(product=product, trainee=trainee)
    db.session.commit()
    for url in _public_urls(product, trainee, centre):
        response = client.get(url)
        html = response.get_data(as_text=True)
        assert response.status_code in (200, 404), url
        for secret in (FAMILY, PHONE, NATIONAL_CODE):
            assert secret not in html, (url, secret)
        assert ("نرگس" in html) <= show_name, url
    # Private details are not in the search index either (the page echoes the query itself).
    for secret in (FAMILY, PHONE, NATIONAL_CODE):
        html = client.get("/search", query_string={"q": secret}).get_data(as_text=True)
        assert f"/products/{product.id}-" not in html.split("<main", 1)[1]


def _grow(count: int) -> dict[str, object]:
    craft = make_craft(code="q-craft")
    centre = make_centre(slug="q-centre", crafts=[craft])
    driver = make_driver(centres=[centre])
    trainee = make_trainee(centre=centre, show_story=True, show_given_name=True)
    products = []
    for i in range(count):
        product = listed_product(n=i, driver=driver, craft=craft, title_fa=f"گلیم {i}",
                                 featured=True, photos=2)
        make_product_maker(product=product, trainee=trainee)
        products.append(product)
    db.session.commit()
    return {"product": products[0], "trainee": trainee, "centre": centre}


def _query_counts(client, count_queries, things) -> dict[str, int]:
    product = things["product"]
    urls = [
        "/", "/products", "/products?craft=q-craft&sort=price_asc&min_price=100",
        f"/products/{product.id}-{product.slug}", "/centres", "/centres/q-centre",
        f"/makers/{things['trainee'].id}", "/search?q=گلیم",
    ]
    counts = {}
    for url in urls:
        with count_queries() as counter:
            assert client.get(url).status_code == 200, url
        counts[url.replace(product.slug, "slug")] = counter.count
    return counts


def test_query_counts_do_not_grow_with_products(client, db, count_queries) -> None:
    # 30: enough that every row under the product has cards (by the maker, from the
    # seller, then the centre); an empty row skips its photo query, which is not growth.
    small = _query_counts(client, count_queries, _grow(30))
    from tests.conftest import _empty_all_tables

    _empty_all_tables()
    large = _query_counts(client, count_queries, _grow(60))
    assert small == large
    # The facet panel of lists and search adds a fixed two or three (catalogue.facets).
    assert max(large.values()) <= 10, large
