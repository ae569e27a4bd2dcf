"""What a shared cache may keep: the storefront as anyone sees it, named by surrogate keys;
never a page of someone's own."""

from __future__ import annotations

import pytest

from marketplace.models import Role
from marketplace.web.httpcache import PAGE_ENDPOINTS
from tests import factories as f
from tests.shop.conftest import listed_product


def _pages(product) -> list[str]:
    return ["/", "/products", f"/products/{product.id}-{product.slug}", "/centres",
            f"/centres/{product.centre.slug}", "/search?q=" + product.title_fa.split()[0]]


def test_anonymous_pages_are_public_the_same_bytes_and_say_what_they_show(app, db) -> None:
    product = listed_product(stock=3)
    maker = f.make_product_maker(product=product)
    db.session.commit()
    for url in _pages(product):
        first, second = app.test_client().get(url), app.test_client().get(url)
        assert first.status_code == 200, url
        said = first.headers["Cache-Control"]
        assert said.startswith("public, ") and "s-maxage=" in said
        assert "stale-while-revalidate=" in said, url
        assert "Set-Cookie" not in first.headers and "csrf_token" not in first.text, url
        assert first.data == second.data, url  # one copy serves every visitor
        keys = first.headers["xkey"].split()
        assert "shop" in keys, url
        if url != "/centres":
            assert f"product-{product.id}" in keys, (url, keys)
    keys = app.test_client().get(_pages(product)[2]).headers["xkey"].split()
    assert {f"craft-{product.craft.code}", f"centre-{product.centre.slug}"} <= set(keys)
    assert f"maker-{maker.trainee_id}" in keys
    assert {"home", "list"} <= set(app.test_client().get("/").headers["xkey"].split())


@pytest.mark.parametrize("who", ["cart", "buyer", "driver", "message"])
def test_a_visitor_with_anything_of_her_own_gets_private_pages(app, db, who: str) -> None:
    product = listed_product(stock=3)
    sold_out = listed_product(stock=0)
    driver = f.make_user(Role.DRIVER)
    buyer = f.make_user(Role.BUYER)
    db.session.commit()
    client = app.test_client()
    if who == "cart":
        client.post("/cart/add", data={"product_id": product.id})
    elif who == "message":  # a refusal's flash, shown once on the next page
        client.post("/cart/add", data={"product_id": sold_out.id})
    else:
        f.sign_in(client, buyer if who == "buyer" else driver)
    for url in _pages(product):
        response = client.get(url)
        said = response.headers["Cache-Control"]
        assert said == "private, no-store" and "xkey" not in response.headers, (who, url)
        if who == "message":
            break  # the message is read: the next page is anyone's again
    if who == "message":
        assert client.get("/").headers["Cache-Control"].startswith("public, ")


def test_every_page_endpoint_is_a_storefront_page(app) -> None:
    assert all(e.startswith("shop.") for e in PAGE_ENDPOINTS)
    assert set(app.view_functions) >= PAGE_ENDPOINTS


@pytest.fixture
def purged(app, monkeypatch) -> list[list[str]]:
    """The keys each commit asks to purge (instead of queueing the job)."""
    from marketplace.catalogue import version

    calls: list[list[str]] = []
    monkeypatch.setitem(app.extensions, version.PURGE, calls.append)
    return calls


def test_each_commit_purges_the_keys_of_what_it_changed(app, db, purged) -> None:
    from marketplace.catalogue import inventory
    from marketplace.extensions import db as _db

    product = listed_product(stock=5)
    maker = f.make_product_maker(product=product)
    db.session.commit()
    assert {f"product-{product.id}", "list", f"centre-{product.centre.slug}",
            f"maker-{maker.trainee_id}"} <= set(purged[-1])
    purged.clear()
    f.make_user(Role.BUYER)
    _db.session.commit()
    assert purged == []  # nothing public changed
    _db.session.get(type(product), product.id).price_rials = 99_000_000
    _db.session.commit()
    assert purged[-1] == sorted({f"product-{product.id}", "list",
                                 f"centre-{product.centre.slug}", f"driver-{product.driver_id}"})
    inventory.take_stock({product.id: 1})  # 5 -> 4: the card reads the same
    _db.session.commit()
    assert purged[-1] == [f"product-{product.id}"]
    inventory.take_stock({product.id: 3})  # 4 -> 1: "only 1 left" on every card
    _db.session.commit()
    assert purged[-1] == ["list", f"product-{product.id}"]
    craft = product.craft
    old_code = craft.code
    craft.code = "renamed"
    craft.name_fa = "نو"
    _db.session.commit()
    assert {f"craft-{old_code}", "craft-renamed", "list"} == set(purged[-1])
    driver = product.driver
    driver.about_fa = "نو"  # her shop page, and the pages of her products that name her
    _db.session.commit()
    assert purged[-1] == [f"driver-{driver.id}"]
    purged.clear()
    product.title_fa = "عوض"
    _db.session.flush()
    _db.session.rollback()
    _db.session.commit()
    assert purged == []  # rolled back: nothing to purge


def test_every_table_is_public_or_private(app) -> None:
    from marketplace.catalogue import version
    from marketplace.extensions import db as _db

    tables = set(_db.metadata.tables)
    assert version.PUBLIC_TABLES.isdisjoint(version.PRIVATE_TABLES)
    assert tables == version.PUBLIC_TABLES | version.PRIVATE_TABLES
