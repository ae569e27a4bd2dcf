"""The product page's gallery without JavaScript, its zoom, and the rows under it."""

from __future__ import annotations

import re

from marketplace.catalogue import related
from marketplace.extensions import db
from marketplace.models import ProductStatus
from tests.factories import (
    make_centre,
    make_craft,
    make_driver,
    make_product_maker,
    make_trainee,
)
from tests.shop.conftest import listed_product


def _page(client, product, **query) -> str:
    response = client.get(f"/products/{product.id}-{product.slug}", query_string=query)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _main(html: str) -> str:
    """The main photo's link: <a ... data-gallery-main-link ...>…</a>."""
    return re.search(r"<a [^>]*data-gallery-main-link.*?</a>", html, re.S).group(0)


def _thumbs(html: str) -> list[str]:
    return re.findall(r"<a [^>]*data-gallery-thumb[^>]*>", html, re.S)


def test_thumbnails_are_links_that_make_their_photo_the_main_one(client) -> None:
    product = listed_product(photos=3)
    db.session.commit()
    first, second, _ = product.photos

    html = _page(client, product)
    thumbs = _thumbs(html)
    assert len(thumbs) == 3
    assert [re.search(r'href="([^"]+)"', t).group(1) for t in thumbs] == [
        f"/products/{product.id}-{product.slug}?photo={n}" for n in (1, 2, 3)
    ]
    assert 'aria-current="true"' in thumbs[0] and "aria-current" not in thumbs[1]
    main = _main(html)
    assert f'href="/media/{first.digest[:2]}/{first.digest}-800.jpg"' in main
    assert first.digest in main and second.digest not in main

    html = _page(client, product, photo="2")
    main = _main(html)
    assert f'href="/media/{second.digest[:2]}/{second.digest}-800.jpg"' in main
    assert first.digest not in main
    thumbs = _thumbs(html)
    assert "aria-current" not in thumbs[0] and 'aria-current="true"' in thumbs[1]
    # Persian alt texts on the thumbnails, with Persian digits.
    assert 'alt="عکس ۲ از ۳"' in html

    for nonsense in ("0", "4", "abc", "9" * 5000, "-1"):
        assert first.digest in _main(_page(client, product, photo=nonsense)), nonsense


def test_only_carpets_kilims_and_tableau_rugs_zoom(client) -> None:
    carpet = listed_product(craft=make_craft(code="carpet"))
    leather = listed_product(craft=make_craft(code="leather"))
    db.session.commit()
    html = _page(client, carpet)
    assert "data-gallery-zoom" in _main(html) and "<dialog" in html
    assert "js/gallery.js" in html
    html = _page(client, leather)
    assert "data-gallery-zoom" not in html and "<dialog" not in html


def _family():
    """A product by a named maker with a story, and everything around it."""
    centre = make_centre(slug="rows")
    driver = make_driver(centres=[centre])
    maker = make_trainee(centre=centre, given_name="شیرین", show_given_name=True,
                         show_story=True)
    product = listed_product(n=0, driver=driver, title_fa="قالی اصلی")

    def by(trainee, n, **kw):
        item = listed_product(n=n, driver=driver, **kw)
        make_product_maker(product=item, trainee=trainee)
        return item

    make_product_maker(product=product, trainee=maker)
    things = {
        "product": product, "maker": maker, "centre": centre,
        "hers": by(maker, 1, title_fa="کیف دیگر"),
        "hers_sold_out": by(maker, 2, stock=0),
        "hers_draft": by(maker, 3, status=ProductStatus.DRAFT),
        # Another seller's at the same centre: the seller's own are in her row, above.
        "centre_other": listed_product(n=4, driver=make_driver(centres=[centre])),
        "centre_sold_out": listed_product(n=5, driver=driver, stock=0),
        "centre_archived": listed_product(n=6, driver=driver, status=ProductStatus.ARCHIVED),
        "elsewhere": listed_product(n=7),
    }
    db.session.commit()
    return things


def test_rows_show_listed_in_stock_work_without_the_product_itself(client) -> None:
    things = _family()
    product = things["product"]
    rows = related.more_by_makers(product)
    assert [r.maker.given_name for r in rows] == ["شیرین"]
    assert [p.id for p in rows[0].products] == [things["hers"].id]
    assert rows[0].maker.story_id == things["maker"].id
    centre_row = related.more_from_centre(product, exclude={things["hers"].id})
    assert [p.id for p in centre_row] == [things["centre_other"].id]

    html = client.get(f"/products/{product.id}-{product.slug}").get_data(as_text=True)
    below = html.split('class="related"', 1)[1]
    assert "شیرین" in below and f'href="/makers/{things["maker"].id}"' in below
    assert 'href="/centres/rows"' in below
    shown = set(re.findall(r'href="/products/(\d+)-', below))
    assert shown == {str(things["hers"].id), str(things["centre_other"].id)}


def test_a_maker_who_hides_her_name_gets_no_row(client) -> None:
    things = _family()
    things["maker"].show_given_name = False
    db.session.commit()
    product = things["product"]
    assert related.more_by_makers(product) == []
    html = client.get(f"/products/{product.id}-{product.slug}").get_data(as_text=True)
    below = html.split('class="related"', 1)[1]
    assert "شیرین" not in html and "/makers/" not in below
    # Her other piece still shows, as one of the centre's, with nothing naming her.
    assert f'href="/products/{things["hers"].id}-' in below


def test_a_named_maker_without_a_public_story_has_a_row_but_no_link(client) -> None:
    things = _family()
    things["maker"].show_story = False
    db.session.commit()
    product = things["product"]
    html = client.get(f"/products/{product.id}-{product.slug}").get_data(as_text=True)
    assert "شیرین" in html and "/makers/" not in html


def test_rows_are_limited_and_cost_the_same_queries_for_one_maker_or_several(
    client, count_queries
) -> None:
    centre = make_centre()
    driver = make_driver(centres=[centre])
    makers = [make_trainee(centre=centre, given_name=name, show_given_name=True)
              for name in ("آذر", "بهار", "پروانه")]
    alone = listed_product(driver=driver)
    together = listed_product(driver=driver)
    make_product_maker(product=alone, trainee=makers[0])
    for maker in makers:
        make_product_maker(product=together, trainee=maker, share_pct=30)
        for n in range(related.ROW_LIMIT + 2):
            item = listed_product(n=n, driver=driver, photos=2)
            make_product_maker(product=item, trainee=maker)
    for n in range(related.ROW_LIMIT + 2):
        listed_product(n=100 + n, driver=driver)
    db.session.commit()

    rows = related.more_by_makers(together)
    assert [len(r.products) for r in rows] == [related.ROW_LIMIT] * 3
    assert len(related.more_from_centre(together)) == related.ROW_LIMIT
    assert len(related.more_from_seller(together)) == related.ROW_LIMIT

    counts = []
    for url in [f"/products/{p.id}-{p.slug}" for p in (alone, together)]:
        with count_queries() as counter:
            assert client.get(url).status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1] <= 10, counts  # the seller's row: its query and photos
