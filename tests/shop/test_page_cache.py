"""The anonymous page cache: hits, conditional GETs, exact invalidation, who bypasses it."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import create_engine, text, update

from marketplace.catalogue import inventory, version
from marketplace.extensions import db as _db
from marketplace.models import Product, Role
from marketplace.web import pagecache
from tests import factories as f
from tests.orders.conftest import place
from tests.producers.test_listings import _form as listing_form
from tests.shop.conftest import listed_product


def _url(product: Product) -> str:
    return f"/products/{product.id}-{product.slug}"


def _store(app):
    return app.extensions["page_cache"]


def _tokens() -> tuple[int, int]:
    """(catalogue, stock) tokens in the database."""
    _db.session.rollback()
    rows = dict(_db.session.execute(text("SELECT id, token FROM catalogue_version")).all())
    _db.session.rollback()
    return rows.get(version.CATALOGUE, 0), rows.get(version.STOCK, 0)


def _version() -> int:
    """The catalogue token in the database (what every worker's reader follows)."""
    return _tokens()[0]


def test_every_table_is_public_or_private(app) -> None:
    tables = set(_db.metadata.tables)
    assert version.PUBLIC_TABLES.isdisjoint(version.PRIVATE_TABLES)
    assert tables == version.PUBLIC_TABLES | version.PRIVATE_TABLES


def test_a_second_visit_is_served_from_the_cache(client, app, db, count_queries) -> None:
    product = listed_product(price_rials=12_000_000)
    db.session.commit()
    first = client.get(_url(product))
    assert first.status_code == 200
    with count_queries() as counter:
        second = app.test_client().get(_url(product))
    assert counter.count == 0  # only the version, read outside the engine's pool
    assert second.status_code == 200
    assert second.headers["ETag"] == first.headers["ETag"]
    assert second.headers["Cache-Control"].startswith("public, ")
    assert "۱٬۲۰۰٬۰۰۰" in second.get_data(as_text=True)


def test_a_matching_etag_gets_304_without_a_body(client, db) -> None:
    listed_product()
    db.session.commit()
    etag = client.get("/products").headers["ETag"]
    again = client.get("/products", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.get_data() == b""
    assert client.get("/products", headers={"If-None-Match": 'W/"other"'}).status_code == 200


def test_a_price_change_by_the_driver_shows_at_once(client, app, login_as, db) -> None:
    product = listed_product(price_rials=12_000_000)
    user = f.make_user(Role.DRIVER, driver=product.driver)
    db.session.commit()
    assert "۱٬۲۰۰٬۰۰۰" in app.test_client().get(_url(product)).get_data(as_text=True)
    before = _version()
    login_as(user)
    form = listing_form(product, price="۱۵۰٬۰۰۰")
    assert client.post(f"/producers/listings/{product.id}", data=form).status_code == 302
    assert _version() != before
    page = app.test_client().get(_url(product)).get_data(as_text=True)
    assert "۱۵۰٬۰۰۰" in page
    assert "۱٬۲۰۰٬۰۰۰" not in page


def test_the_last_unit_sold_shows_sold_out_at_once(client, app, db) -> None:
    product = listed_product(stock=1, unit_wage_rials=4_000_000, weight_g=1500)
    f.make_product_maker(product=product)
    db.session.commit()
    visitor = app.test_client()
    assert 'action="/cart/add"' in visitor.get(_url(product)).get_data(as_text=True)
    client.post("/cart/add", data={"product_id": product.id})
    assert place(client).status_code == 302
    assert 'action="/cart/add"' not in visitor.get(_url(product)).get_data(as_text=True)


@pytest.mark.parametrize("how", ["orm", "statement"])
def test_writes_to_public_tables_change_the_version(db, how) -> None:
    product = listed_product()
    db.session.commit()
    before = _version()
    if how == "orm":
        _db.session.get(Product, product.id).title_fa = "گلیم"
    else:
        inventory_update = update(Product).where(Product.id == product.id).values(stock=5)
        _db.session.execute(inventory_update)
    _db.session.commit()
    assert _version() != before


def test_stock_taken_by_the_inventory_service_changes_the_version(db) -> None:
    product = listed_product(stock=2)
    db.session.commit()
    before = _version()
    inventory.take_stock({product.id: 1})
    _db.session.commit()
    assert _version() != before


@pytest.mark.parametrize(
    ("before", "change", "every_page"),
    [(5, -1, False), (3, -1, False), (2, -1, True), (1, -1, True), (3, -2, True),
     (0, 1, True), (1, 1, True), (4, 1, False)],
)
def test_only_stock_moves_that_change_a_card_change_every_page(
    db, before, change, every_page
) -> None:
    """Cards say "sold out", "only 1 left" or nothing: 5 -> 4 changes the product page
    alone, 2 -> 1 or 0 -> 1 every page that may show the card."""
    product = listed_product(stock=before)
    db.session.commit()
    catalogue, stock = _tokens()
    if change < 0:
        inventory.take_stock({product.id: -change})
    else:
        inventory.return_stock(product.id, change)
    _db.session.commit()
    new_catalogue, new_stock = _tokens()
    assert (new_catalogue != catalogue) is every_page
    assert every_page or new_stock != stock


def test_an_order_keeps_lists_cached_and_renews_the_product_page(
    client, app, db, count_queries
) -> None:
    product = listed_product(stock=5, unit_wage_rials=4_000_000, weight_g=1500)
    f.make_product_maker(product=product)
    db.session.commit()
    visitor = app.test_client()
    listed = visitor.get("/products")
    assert "موجودی: ۵" in visitor.get(_url(product)).get_data(as_text=True)
    client.post("/cart/add", data={"product_id": product.id})
    assert place(client).status_code == 302
    with count_queries() as counter:
        again = visitor.get("/products")
    assert counter.count == 0  # still the cached list
    assert again.headers["ETag"] == listed.headers["ETag"]
    assert "موجودی: ۴" in visitor.get(_url(product)).get_data(as_text=True)


def test_private_writes_and_rollbacks_leave_the_version(db) -> None:
    product = listed_product()
    db.session.commit()
    before = _version()
    f.make_user(Role.BUYER)
    _db.session.commit()
    assert _version() == before
    _db.session.get(Product, product.id).title_fa = "گلیم"
    _db.session.flush()
    _db.session.rollback()
    _db.session.commit()
    assert _version() == before


def test_visitors_with_a_cart_a_login_or_a_message_bypass_it(client, app, login_as, db) -> None:
    product = listed_product(stock=3)
    buyer = f.make_user(Role.BUYER)
    db.session.commit()
    app.test_client().get("/products")  # cached for anonymous visitors
    client.post("/cart/add", data={"product_id": product.id})
    with_cart = client.get("/products")
    assert "ETag" not in with_cart.headers
    assert with_cart.status_code == 200

    signed_in = app.test_client()
    signed_in.post("/login", data={"email": buyer.email, "password": f.PASSWORD})
    page = signed_in.get("/products")
    assert "ETag" not in page.headers
    assert buyer.full_name in page.get_data(as_text=True)


def test_english_and_persian_are_cached_apart(client, app, db) -> None:
    listed_product()
    db.session.commit()
    app.test_client().get("/products")
    client.post("/language", data={"lang": "en", "next": "/products"})
    assert 'lang="en"' in client.get("/products").get_data(as_text=True)
    assert 'lang="fa"' in app.test_client().get("/products").get_data(as_text=True)


def test_entries_expire_after_the_configured_age(app, db, monkeypatch) -> None:
    listed_product()
    db.session.commit()
    app.test_client().get("/")
    (first,) = _store(app)._entries.values()
    app.test_client().get("/")  # young enough: served from the store
    assert list(_store(app)._entries.values()) == [first]
    monkeypatch.setitem(app.config, "PAGE_CACHE_SECONDS", -1)
    app.test_client().get("/")  # too old: rendered again and stored anew
    (second,) = _store(app)._entries.values()
    assert second is not first and second.stored_at > first.stored_at


def test_an_emptied_version_table_never_revives_old_pages(db) -> None:
    listed_product()
    db.session.commit()
    first = _version()
    _db.session.execute(text("DELETE FROM catalogue_version"))
    _db.session.commit()
    assert _version() == 0
    assert version._version_of([]) == (0, 0)
    listed_product()
    _db.session.commit()
    assert _version() not in (0, first)


def test_the_store_is_bounded_in_bytes() -> None:
    store = pagecache.PageStore(max_bytes=100)
    for n in range(5):
        store.put(7, (f"/p/{n}", "fa"), b"x" * 40)
    assert len(store) == 2
    assert store.get(7, ("/p/4", "fa"), 60) is not None
    assert store.get(7, ("/p/0", "fa"), 60) is None
    assert store.get(8, ("/p/4", "fa"), 60) is None  # a new version empties it
    assert len(store) == 0


def _commit_elsewhere(app, token: int) -> None:
    """A catalogue change committed by another process: its own engine and connection."""
    engine = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    try:
        with engine.begin() as conn:
            bump = version._bump_statement(engine.dialect.name, version.CATALOGUE, token)
            conn.execute(*bump)
    finally:
        engine.dispose()


def _seen_within(token: int, seconds: float = 2.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if version.current_version().catalogue == token:
            return True
        time.sleep(0.005)
    return False


def test_another_process_change_reaches_this_worker(app, db) -> None:
    version.current_version()  # the reader is connected (and listening) before
    _commit_elsewhere(app, 4242)
    assert _seen_within(4242)


def test_the_reader_reconnects_when_its_connection_dies(app, db) -> None:
    reader = app.extensions["catalogue_version"]
    version.current_version()
    if isinstance(reader, version.VersionListener):
        pid = reader._connection.info.backend_pid
        _db.session.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        _db.session.commit()
    else:
        reader._local.connection.close()
    _commit_elsewhere(app, 4343)
    assert _seen_within(4343)


def test_the_listener_can_use_its_own_address(app, db, monkeypatch) -> None:
    """Behind PgBouncer (transaction pooling) LISTEN must reach PostgreSQL directly."""
    import os

    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite reads the version in place; nothing listens")
    monkeypatch.setitem(app.config, "PAGE_CACHE_LISTEN_URL", os.environ["TEST_DATABASE_URL"])
    listener = version.VersionListener()
    monkeypatch.setitem(app.extensions, "catalogue_version", listener)
    try:
        version.current_version()
        _commit_elsewhere(app, 4444)
        assert _seen_within(4444)
    finally:
        listener._close()
