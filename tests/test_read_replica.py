"""Read replica: public pages read a real streaming replica; the cart, checkout, every
POST and a writer's own next pages read the primary; stock is decided on the primary;
a stopped or lagging replica sends reads back to the primary (marketplace/web/replica.py).

The primary and its replica are PostgreSQL 15 clusters made for this session
(tests/pg_cluster.py). Routing is proven by what each engine ran and by what the pages
show while the replica's replay is paused: it then shows the past.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale, gettext

from config import ConfigError, TestingConfig
from marketplace import create_app
from marketplace.extensions import READ_ENGINE, db
from marketplace.models import Order, Product
from marketplace.text.persian import format_money
from marketplace.web import replica as routing
from tests import pg_cluster
from tests.conftest import IsolatedClient, _empty_all_tables
from tests.factories import make_user, sign_in
from tests.orders.conftest import listed, place, stock_of

PRICE = 10_000_000
NEW_PRICE = 12_340_000


@pytest.fixture(scope="session")
def cluster() -> Iterator[pg_cluster.Cluster]:
    why = pg_cluster.missing()
    if why:
        pytest.skip(why)
    made = pg_cluster.Cluster()
    try:
        made.start()
        yield made
    finally:
        made.close()


@pytest.fixture(scope="session")
def replica_app(cluster: pg_cluster.Cluster, tmp_path_factory: pytest.TempPathFactory
                ) -> Iterator[Flask]:
    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = cluster.primary.url
        REPLICA_DATABASE_URL = cluster.replica.url
        UPLOAD_FOLDER = tmp_path_factory.mktemp("replica") / "uploads"
        # Measured at every request, so each test sees the replica as it left it.
        REPLICA_CHECK_SECONDS = 0
        REPLICA_RETRY_SECONDS = 0
        REPLICA_MAX_LAG_SECONDS = 60

    application = create_app(Config)
    application.test_client_class = IsolatedClient
    with application.app_context():
        from flask_migrate import upgrade

        upgrade()
        cluster.caught_up()
        yield application
        db.session.remove()
        routing_of(application).engine.dispose()
        db.engine.dispose()


def routing_of(app: Flask) -> routing.ReadReplica:
    return app.extensions[routing.EXTENSION]


@pytest.fixture
def shop(replica_app: Flask, cluster: pg_cluster.Cluster) -> Iterator[Flask]:
    """The app; afterwards the replica replays and runs again, the tables are emptied and
    the replica has caught up, and the routing has its session settings back."""
    replica = routing_of(replica_app)
    settings = (replica.max_lag, replica.check_every, replica.retry_after)
    yield replica_app
    if not cluster.replica.running():
        cluster.replica.start()
    cluster.resume()
    db.session.remove()
    _empty_all_tables()
    db.session.remove()
    cluster.caught_up()
    replica.max_lag, replica.check_every, replica.retry_after = settings
    replica.lag, replica.replayed, replica._next_check = None, 0, 0.0


@contextmanager
def statements(app: Flask) -> Iterator[dict[str, list[str]]]:
    """The SQL each engine ran inside the block: {"primary": [...], "replica": [...]}."""
    ran: dict[str, list[str]] = {"primary": [], "replica": []}
    engines = {"primary": db.engine, "replica": routing_of(app).engine}
    listeners = {}
    for name, engine in engines.items():
        def note(*args: object, name: str = name) -> None:
            ran[name].append(str(args[2]))

        listeners[name] = note
        sa.event.listen(engine, "before_cursor_execute", note)
    try:
        yield ran
    finally:
        for name, engine in engines.items():
            sa.event.remove(engine, "before_cursor_execute", listeners[name])


def reading(sql: list[str], table: str) -> list[str]:
    return [s for s in sql if f"FROM {table}" in s or f"JOIN {table}" in s]


def product_page(client: FlaskClient, product: Product) -> str:
    response = client.get(product.path)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def shown_price(rials: int) -> str:
    return format_money(rials, "fa")


def stock_phrase(app: Flask, stock: int) -> str:
    with app.test_request_context(), force_locale("fa"):
        return gettext("Sold out") if stock <= 0 else gettext("Only 1 left")


def new_price_on_the_primary(product_id: int) -> None:
    db.session.execute(sa.update(Product).where(Product.id == product_id)
                       .values(price_rials=NEW_PRICE))
    db.session.commit()


def committed_product(cluster: pg_cluster.Cluster, **kw: object) -> Product:
    product = listed(price_rials=PRICE, **kw)
    db.session.commit()
    # Its address kept, so a page fetched below does not first reload the test's copy.
    product.path = f"/products/{product.id}-{product.slug}"
    cluster.caught_up()
    return product


def test_public_pages_are_read_from_the_replica(shop, cluster) -> None:
    product = committed_product(cluster)
    anonymous = shop.test_client()
    with statements(shop) as ran:
        assert shown_price(PRICE) in product_page(anonymous, product)
        assert anonymous.get("/products").status_code == 200
        assert anonymous.get("/").status_code == 200
    assert reading(ran["replica"], "products")
    assert not reading(ran["primary"], "products"), ran["primary"]

    cluster.pause()
    new_price_on_the_primary(product.id)
    # The replica shows the past: the old price, on the page and in the list.
    page = product_page(anonymous, product)
    assert shown_price(PRICE) in page and shown_price(NEW_PRICE) not in page
    listing = anonymous.get("/products").get_data(as_text=True)
    assert shown_price(PRICE) in listing and shown_price(NEW_PRICE) not in listing
    # Nothing of the cart or checkout reads it: the cart has the primary's price.
    with statements(shop) as ran:
        anonymous.post("/cart/add", data={"product_id": product.id, "quantity": 1})
        cart = anonymous.get("/cart").get_data(as_text=True)
        assert anonymous.get("/checkout").status_code == 200
    assert ran["replica"] == []
    assert shown_price(NEW_PRICE) in cart

    cluster.resume()
    cluster.caught_up()
    assert shown_price(NEW_PRICE) in product_page(shop.test_client(), product)


def test_a_buyer_sees_her_own_order_and_stock_at_once(shop, cluster) -> None:
    product = committed_product(cluster, stock=2)
    buyer = make_user()
    db.session.commit()
    cluster.caught_up()
    cluster.pause()
    client = shop.test_client()
    assert sign_in(client, buyer).status_code == 302
    with statements(shop) as ran:
        client.post("/cart/add", data={"product_id": product.id, "quantity": 1})
        response = place(client)
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        order_page = client.get(response.headers["Location"])
        my_orders = client.get("/orders").get_data(as_text=True)
    assert ran["replica"] == [], "checkout and her own pages read the primary"
    code = db.session.scalar(sa.select(Order.code).where(Order.buyer_id == buyer.id))
    assert order_page.status_code == 200 and code in order_page.get_data(as_text=True)
    assert code in my_orders
    assert stock_of(product.id) == 1

    # Right after her write even the public product page is hers: from the primary.
    with statements(shop) as ran:
        assert stock_phrase(shop, 1) in product_page(client, product)
    assert not reading(ran["replica"], "products")
    # Anyone else still reads the replica, which has not replayed her order.
    assert stock_phrase(shop, 1) not in product_page(shop.test_client(), product)

    cluster.resume()
    cluster.caught_up()
    with statements(shop) as ran:  # once the replica has her write, she reads it again
        assert stock_phrase(shop, 1) in product_page(client, product)
    assert reading(ran["replica"], "products")


def test_stock_is_decided_on_the_primary(shop, cluster) -> None:
    product = committed_product(cluster, stock=1)
    cluster.pause()
    first = shop.test_client()
    first.post("/cart/add", data={"product_id": product.id, "quantity": 1})
    assert place(first).status_code == 302
    assert stock_of(product.id) == 0

    late = shop.test_client()
    # The replica still offers the last unit; adding it and checking out ask the primary.
    assert stock_phrase(shop, 0) not in product_page(late, product)
    with statements(shop) as ran:
        refused = late.post("/cart/add", data={"product_id": product.id, "quantity": 1})
    assert ran["replica"] == []
    assert "/products/" in refused.headers["Location"]  # sold out, back to the page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Order)) == 1
    assert stock_of(product.id) == 0


def test_a_post_leaves_its_position_and_a_bad_one_reads_the_primary(shop, cluster) -> None:
    product = committed_product(cluster)
    client = shop.test_client()
    response = client.post("/language", data={"lang": "fa"})
    cookie = response.headers.getlist("Set-Cookie")
    written = next(c for c in cookie if c.startswith(f"{routing.COOKIE}="))
    assert "HttpOnly" in written and "SameSite=Lax" in written
    assert f"Max-Age={routing_of(shop).cookie_seconds}" in written
    position = int(client.get_cookie(routing.COOKIE).value, 16)
    assert position <= routing.lsn_number(
        cluster.primary.scalar("SELECT pg_current_wal_insert_lsn()::text"))

    cluster.pause()
    new_price_on_the_primary(product.id)
    client.set_cookie(routing.COOKIE, "not-a-position")
    assert shown_price(NEW_PRICE) in product_page(client, product)
    assert shown_price(PRICE) in product_page(shop.test_client(), product)


def test_a_lagging_replica_is_not_read(shop, cluster) -> None:
    product = committed_product(cluster)
    cluster.pause()
    new_price_on_the_primary(product.id)
    routing_of(shop).max_lag = 0.2
    time.sleep(0.3)
    with statements(shop) as ran:
        page = product_page(shop.test_client(), product)
    assert shown_price(NEW_PRICE) in page
    assert not reading(ran["replica"], "products") and reading(ran["primary"], "products")


def test_the_shop_keeps_selling_when_the_replica_stops(shop, cluster) -> None:
    product = committed_product(cluster, stock=3)
    replica = routing_of(shop)
    anonymous = shop.test_client()
    # Measured once as healthy, then not again for a while: the request's own
    # connection finds it gone.
    replica.check_every = replica.retry_after = 3600
    replica._next_check = 0.0
    assert shown_price(PRICE) in product_page(anonymous, product)
    assert replica.usable()
    cluster.replica.stop()
    new_price_on_the_primary(product.id)

    assert shown_price(NEW_PRICE) in product_page(anonymous, product)
    assert not replica.usable()
    # Measured again (every request, as configured for the tests): still the primary.
    replica.check_every = replica.retry_after = replica._next_check = 0
    for path in ("/", "/products", product.path):
        assert anonymous.get(path).status_code == 200, path
    buyer = shop.test_client()
    buyer.post("/cart/add", data={"product_id": product.id, "quantity": 2})
    assert place(buyer).status_code == 302
    assert stock_of(product.id) == 1

    cluster.replica.start()
    cluster.caught_up()
    with statements(shop) as ran:
        assert stock_phrase(shop, 1) in product_page(shop.test_client(), product)
    assert reading(ran["replica"], "products"), "read again once it is back"


def test_in_a_replica_request_writes_and_locks_go_to_the_primary(shop, cluster) -> None:
    product = committed_product(cluster)
    replica = routing_of(shop).engine
    with shop.test_request_context("/products"):
        db.session.info[READ_ENGINE] = replica
        select_product = sa.select(Product).where(Product.id == product.id)
        assert db.session.get_bind(clause=select_product) is replica
        assert db.session.get_bind(clause=select_product.with_for_update()) is db.engine
        # Pinned: what follows a lock or a write may need to see it.
        assert db.session.get_bind(clause=select_product) is db.engine
        db.session.info[READ_ENGINE] = replica
        assert db.session.get_bind(clause=sa.update(Product)) is db.engine
        assert READ_ENGINE not in db.session.info
        db.session.info[READ_ENGINE] = replica
        assert db.session.get_bind(clause=sa.text("SELECT 1")) is db.engine
        db.session.info[READ_ENGINE] = replica
        union = sa.union_all(sa.select(Product.id), sa.select(Product.id))
        assert len(db.session.execute(union).all()) == 2  # SQLAlchemy names no clause
        assert db.session.info[READ_ENGINE] is replica
        db.session.connection()  # asked for by hand: for writing
        assert READ_ENGINE not in db.session.info
        db.session.remove()


def test_without_a_replica_nothing_changes(app) -> None:
    assert routing.EXTENSION not in app.extensions
    assert routing.read_from_replica not in app.before_request_funcs.get(None, [])


def test_a_replica_needs_a_postgresql_primary(tmp_path) -> None:
    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'shop.db'}"
        REPLICA_DATABASE_URL = "postgresql+psycopg://postgres@127.0.0.1:1/postgres"

    with pytest.raises(ConfigError, match="REPLICA_DATABASE_URL"):
        create_app(Config)


def test_lsn_numbers() -> None:
    assert routing.lsn_number("16/B374D848") == (0x16 << 32) | 0xB374D848
    assert routing.lsn_number("0/3001178") < routing.lsn_number("0/30011E0")
    assert routing.lsn_number(None) is None
    assert routing.lsn_number("nonsense") is None
