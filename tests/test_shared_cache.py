"""The shop behind a real Varnish (deploy/varnish/default.vcl, with xkey): anonymous pages
are kept and purged by surrogate key through the job queue after the commit that changes
them; a page with a cart or a sign-in is never kept.

Varnish comes from Debian (`apt-get install varnish varnish-modules`, as .ci/run does);
without `varnishd` these tests skip.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from marketplace.catalogue import version
from marketplace.extensions import db as _db
from marketplace.models import Product, Role
from tests import factories as f
from tests.serving import ROOT, free_port, gunicorn
from tests.shop.conftest import listed_product

VARNISHD = shutil.which("varnishd") or ("/usr/sbin/varnishd"
                                        if os.path.exists("/usr/sbin/varnishd") else None)
pytestmark = pytest.mark.skipif(
    VARNISHD is None, reason="varnishd is not installed (apt-get install varnish varnish-modules)")
OLD, NEW = "۱٬۲۰۰٬۰۰۰", "۱٬۵۰۰٬۰۰۰"  # 12,000,000 and 15,000,000 Rials, in Toman
BACKENDS: dict[str, str] = {}  # Varnish's address -> the gunicorn behind it


def _database_url(app) -> str:
    return app.config["SQLALCHEMY_DATABASE_URI"].replace("postgresql+psycopg://", "postgresql://")


@pytest.fixture(scope="session")
def shared_cache(app, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """gunicorn on the tests' database, and Varnish on a free port in front of it, with
    the shipped VCL (only its backend's port changed). Yields Varnish's address."""
    workdir = tmp_path_factory.mktemp("shared-cache")
    env = {**os.environ, "DATABASE_URL": _database_url(app), "FLASK_CONFIG": "development",
           "UPLOAD_FOLDER": str(workdir / "uploads"), "PYTHONPATH": str(ROOT),
           "JOB_QUEUE_URL": "memory://"}
    env.pop("TEST_DATABASE_URL", None)
    with gunicorn(env, workers=2, probe="/static/img/logo.svg") as backend:
        vcl = (ROOT / "deploy/varnish/default.vcl").read_text()
        vcl = vcl.replace('.port = "8000";', f'.port = "{backend.rsplit(":", 1)[1]}";')
        (workdir / "default.vcl").write_text(vcl)
        port = free_port()
        # Its own working directory (-n), no privilege separation (-j none: a test
        # runs it as whoever runs the tests), in the foreground (-F) so it stops with us.
        state = Path(tempfile.mkdtemp(prefix="varnish-"))
        varnish = subprocess.Popen(
            [VARNISHD, "-F", "-j", "none", "-a", f"127.0.0.1:{port}",
             "-f", str(workdir / "default.vcl"), "-n", str(state), "-s", "malloc,64m",
             "-T", "none", "-p", "default_grace=0"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_for(base, varnish)
            BACKENDS[base] = backend
            yield base
        finally:
            varnish.terminate()
            varnish.wait(timeout=20)
            shutil.rmtree(state, ignore_errors=True)


def _wait_for(base: str, varnish: subprocess.Popen) -> None:
    for _ in range(200):
        if varnish.poll() is not None:
            pytest.fail(f"varnishd stopped: {varnish.stderr.read().decode()[-2000:]}")
        try:
            if urllib.request.urlopen(base + "/static/img/logo.svg", timeout=1).status == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    pytest.fail("Varnish did not answer")


@pytest.fixture
def purging(app, shared_cache: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The test's own app purges that Varnish through its job queue, worked by a Huey
    consumer in this process (as `flask worker` would on an app host)."""
    jobs = app.extensions["jobs"]
    monkeypatch.setitem(app.config, "HTTP_CACHE_PURGE_URLS", [shared_cache + "/"])
    monkeypatch.setitem(app.extensions, version.PURGE, jobs.tasks["purge_cache"])
    jobs.huey.flush()
    consumer = jobs.huey.create_consumer(workers=1, worker_type="thread", periodic=False,
                                         initial_delay=0.01, max_delay=0.05)
    consumer.start()
    try:
        yield
    finally:
        consumer.stop(graceful=True)
        jobs.huey.flush()


def _get(base: str, path: str, opener: urllib.request.OpenerDirector | None = None):
    response = (opener or urllib.request.build_opener()).open(base + path, timeout=10)
    return response, response.read().decode()


def _pages(product: Product, trainee_id: int) -> list[str]:
    word = product.title_fa.split()[0]
    return ["/", "/products", f"/products/{product.id}-{product.slug}",
            f"/centres/{product.centre.slug}", f"/makers/{trainee_id}",
            "/search?q=" + urllib.request.quote(word)]


def test_a_price_change_reaches_every_cached_page_within_a_second(
        app, db, shared_cache: str, purging: None) -> None:
    product = listed_product(price_rials=12_000_000, stock=5)
    maker = f.make_product_maker(product=product)
    maker.trainee.show_story = True
    db.session.commit()
    pages = _pages(product, maker.trainee_id)
    other = listed_product(price_rials=9_990_000, title_fa="ظرف سفالی")
    db.session.commit()
    other_page = f"/products/{other.id}-{other.slug}"
    for path in [*pages, other_page]:
        for _ in range(4):  # every gunicorn worker has rendered it once: no cold start below
            _get(BACKENDS[shared_cache], path)
        _get(shared_cache, path)
        response, body = _get(shared_cache, path)
        assert response.headers["X-Cache"] == "HIT", path  # kept, and served from Varnish
        assert path == other_page or OLD in body, path
        assert "xkey" not in response.headers  # Varnish's alone

    _db.session.get(Product, product.id).price_rials = 15_000_000
    _db.session.commit()
    changed = time.monotonic()

    def seen_after(path: str) -> float:
        """Seconds until this page shows the new price (each page polled on its own, so
        one page's render does not delay the next page's look)."""
        while time.monotonic() - changed < 3.0:
            if NEW in _get(shared_cache, path)[1]:
                return time.monotonic() - changed
            time.sleep(0.01)
        return float("inf")

    with ThreadPoolExecutor(len(pages)) as pool:
        delays = dict(zip(pages, pool.map(seen_after, pages), strict=True))
    assert max(delays.values()) < 1.0, delays
    # A page that does not show the product was not purged.
    assert _get(shared_cache, other_page)[0].headers["X-Cache"] == "HIT"


def _visitor() -> tuple[urllib.request.OpenerDirector, http.cookiejar.CookieJar]:
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar)), jar


def _post(opener, base: str, path: str, data: dict[str, object]) -> str:
    body = urllib.parse.urlencode(data).encode()
    request = urllib.request.Request(base + path, data=body, headers={"Origin": base})
    with opener.open(request, timeout=10) as response:
        return response.read().decode()


def test_a_page_with_a_cart_or_a_sign_in_is_never_cached(app, db, shared_cache: str) -> None:
    product = listed_product(price_rials=12_000_000, stock=5)
    buyer = f.make_user(Role.BUYER, full_name="Soraya Tester")
    db.session.commit()
    url = f"/products/{product.id}-{product.slug}"
    _get(shared_cache, url)
    assert _get(shared_cache, url)[0].headers["X-Cache"] == "HIT"

    with_cart, jar = _visitor()
    _post(with_cart, shared_cache, "/cart/add", {"product_id": product.id, "quantity": 2})
    signed_in, _ = _visitor()
    login = _get(shared_cache, "/login", signed_in)[1]
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', login).group(1)
    _post(signed_in, shared_cache, "/login",
          {"csrf_token": token, "email": buyer.email, "password": f.PASSWORD})
    for visitor in (with_cart, signed_in):
        for _ in range(3):
            response, body = _get(shared_cache, url, visitor)
            assert response.headers["X-Cache"] == "MISS"  # straight from the app, each time
            assert response.headers["Cache-Control"] == "private, no-store"
    assert {c.name: c.value for c in jar}["cart_count"] == "2"  # what site.js shows
    assert "Soraya Tester" in _get(shared_cache, url, signed_in)[1]
    # Her name never reached the copy anyone else gets.
    response, body = _get(shared_cache, url)
    assert response.headers["X-Cache"] == "HIT" and "Soraya Tester" not in body
