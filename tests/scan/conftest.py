"""The shop as production serves it, for the scanners.

Production settings (`FLASK_CONFIG=production`, which refuses anything unsafe), over
https with a certificate made here, gunicorn workers counting sign-in limits in Redis
(database 7), the demo data (seeded by the development configuration, since production
refuses to seed) on PostgreSQL when TEST_DATABASE_URL is set (a scratch database beside
it) and on SQLite otherwise, and a fake ZarinPal on https, so that the scan reaches
nothing but the shop. Each role's session cookie comes from signing in through the form.

Each role's scan must stay signed in as that role to the end: its crawl sends every form
it finds once, as a visitor clicking it would, so the forms that end the scan's own
session (sign-out, "sign out" on its own row of /account/sessions, "sign out everywhere")
are left out (tests/scan/test_wapiti.py), and the gunicorn access log and the session's
record show whether it did (`unsigned_requests`, `session_ended`). Each account also has
an older session on another device, so its "End this session" form is there to attack.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import ssl
import subprocess
import sys
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from http.cookies import SimpleCookie
from pathlib import Path

import pyotp
import pytest
from flask import Flask
from itsdangerous import BadData
from sqlalchemy import select
from sqlalchemy.engine import make_url

from tests.browser.gateway import start_gateway
from tests.production import SafeProduction
from tests.scratch import scratch_database
from tests.serving import gunicorn

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "scan"
REDIS_URL = "redis://127.0.0.1:6379/7"
FLASK = [str(Path(sys.executable).parent / "flask"), "--app", "wsgi"]
SECRET_KEY = "scan-" + "k" * 40
# The demo accounts of each role (demo/cli.py, `flask demo-logins`).
ACCOUNTS = {"buyer": "buyer@rooyesh.test", "driver": "driver1@rooyesh.test",
            "staff": "staff1@rooyesh.test", "admin": "admin@rooyesh.test"}
# The other device each account is also signed in on (a session the scan may end).
DECOY_AGENT = "Mozilla/5.0 (Linux; Android 14) Chrome/130.0 Mobile Safari/537.36"


def agent(role: str) -> str:
    """The user agent of a role's scanner and of the sign-in that gives it its cookie
    (sessions are bound to the address and user agent they began with: Flask-Login's
    "strong" protection); one a role, so the access log tells the scans apart."""
    return f"Mozilla/5.0 (X11; Linux x86_64) rooyesh-security-scan ({role})"


@dataclass(frozen=True)
class ServedShop:
    base: str
    cookies: dict[str, str]  # role (anonymous too): its session cookie, with a cart
    sessions: dict[str, int]  # signed-in role: the id of its scan's own session
    walks: dict[str, list[str]]  # role: the URLs of its pages (tests/walk.py)
    dbms: str  # the engine behind it, as sqlmap names it
    database: str
    access_log: Path  # gunicorn's, in tests/serving.ACCESS_FORMAT


def _redis_or_skip() -> None:
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS_URL, socket_timeout=2)
    try:
        client.flushdb()  # database 7 is this scan's own: yesterday's counts start at zero
    except redis.RedisError as error:
        pytest.skip(f"production needs shared rate limits; no Redis at {REDIS_URL}: {error}")


def _certificate(folder: Path) -> tuple[Path, Path]:
    if not shutil.which("openssl"):
        pytest.skip("openssl is missing: the scanned shop is served over https")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )
    return cert, key


def _database(folder: Path) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    return scratch_database(url, "scan", folder) if url else f"sqlite:///{folder / 'shop.db'}"


def _seed(env: dict[str, str]) -> None:
    development = {**env, "FLASK_CONFIG": "development"}
    for command in (["db", "upgrade"], ["seed-demo", "--products", "30"]):
        subprocess.run([*FLASK, *command], cwd=ROOT, env=development, check=True,
                       capture_output=True)


@contextmanager
def _seeded(database: str) -> Iterator[None]:
    """An app context on the scanned shop's database, to read it (and arrange it) from here."""
    from config import TestingConfig
    from marketplace import create_app
    from marketplace.extensions import db

    url = make_url(database)
    if url.get_backend_name() == "postgresql":
        url = url.set(drivername="postgresql+psycopg")

    class SeededDatabase(TestingConfig):
        SQLALCHEMY_DATABASE_URI = url.render_as_string(hide_password=False)

    with create_app(SeededDatabase).app_context():
        try:
            yield
        finally:
            db.engine.dispose()


def _user(role: str) -> object:
    from marketplace.extensions import db
    from marketplace.models import User

    return db.session.scalar(select(User).where(User.email == ACCOUNTS.get(role)))


def _walks() -> tuple[dict[str, list[str]], str]:
    """Each role's pages (tests/walk.py) and a product page to fill a cart from."""
    from marketplace.extensions import db
    from marketplace.models import Product
    from tests.walk import ROLES, cart_product, pages

    walks = {role: [page for _, page in pages(role, _user(role)) if page] for role in ROLES}
    product = db.session.get(Product, cart_product())
    return walks, f"/products/{product.id}-{product.slug}"


def _sign_in_decoys() -> None:
    """Each account signed in on another device too (people/sessions.start, as a sign-in
    does), so that its sessions page has a row the scan may end besides its own."""
    from marketplace.people import sessions

    for role in ACCOUNTS:
        sessions.start(_user(role), ip="192.0.2.10", user_agent=DECOY_AGENT)


def _own_sessions() -> dict[str, int]:
    """Each signed-in role's scan session: the newest of its account with its agent."""
    from marketplace.extensions import db
    from marketplace.models import UserSession

    return {role: db.session.scalar(
        select(UserSession.id).where(UserSession.user_id == _user(role).id,
                                     UserSession.user_agent == agent(role))
        .order_by(UserSession.id.desc()).limit(1)) for role in ACCOUNTS}


def session_ended(shop: ServedShop, role: str) -> datetime | None:
    """When the role's scan session was ended (signed out, revoked), or None while live."""
    from marketplace.extensions import db
    from marketplace.models import UserSession

    with _seeded(shop.database):
        return db.session.get(UserSession, shop.sessions[role]).revoked_at


@cache
def _session_serializer() -> object:
    """How the shop signs its session cookie (Flask's, with the scanned shop's key)."""
    app = Flask(__name__)
    app.secret_key = SECRET_KEY
    return app.session_interface.get_signing_serializer(app)


def _signed_in(cookies: str) -> bool:
    """Whether a Cookie header carries a session cookie, signed by the shop, with a user
    in it (Flask-Login's `_user_id`, the session's key)."""
    morsel = SimpleCookie(cookies).get("session")
    try:
        return morsel is not None and "_user_id" in _session_serializer().loads(morsel.value)
    except BadData:  # not signed by the shop: no sign-in
        return False


def unsigned_requests(shop: ServedShop, role: str) -> list[str]:
    """The requests that the role's scanner (known by its agent) sent after its sign-in
    without being signed in: status and request line of each, from the access log."""
    found, signed_in = [], False
    for line in shop.access_log.read_text(errors="replace").splitlines():
        _, user_agent, cookies, status, request = line.split("\t", 4)
        if user_agent != agent(role):
            continue
        if _signed_in("" if cookies == "-" else cookies):
            signed_in = True
        elif signed_in:
            found.append(f"{status} {request}")
    return found


class Browser:
    """A visitor of the served shop over https: a cookie jar, and forms sent as a browser
    sends them (with their CSRF token and the page they came from)."""

    def __init__(self, base: str, certificate: Path, agent: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPSHandler(
                context=ssl.create_default_context(cafile=str(certificate))),
            urllib.request.HTTPCookieProcessor(self.jar))
        self.opener.addheaders = [("User-Agent", agent)]

    def submit(self, page: str, fields: dict[str, str]) -> str:
        """Fill the form on `page` that has all of `fields` and send it; the address it
        lands on."""
        html = self.opener.open(self.base + page, timeout=30).read().decode()
        form = next(f for f in re.findall(r"<form.*?</form>", html, re.S)
                    if all(f'name="{name}"' in f for name in fields))
        # Forms on cacheable pages (add to cart) carry no token: they are checked by origin.
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form)
        action = re.search(r'<form[^>]*action="([^"]+)"', form)
        data = urllib.parse.urlencode(
            {**({"csrf_token": token.group(1)} if token else {}), **fields}).encode()
        # Over https Flask-WTF checks the Referer too, as browsers send it.
        request = urllib.request.Request(self.base + (action.group(1) if action else page),
                                         data, headers={"Referer": self.base + page})
        return self.opener.open(request, timeout=30).url

    def session_cookie(self) -> str:
        return next(c.value for c in self.jar if c.name == "session")


def _session(base: str, certificate: Path, role: str, product: str) -> str:
    """The session cookie of a visitor (signed in as the role's account, but anonymous) with
    one product in her cart, so that the checkout form is there to attack."""
    from demo.seed import DEMO_PASSWORD, DEMO_TOTP_SECRET

    browser = Browser(base, certificate, agent(role))
    email = ACCOUNTS.get(role)
    if email:
        landed = browser.submit("/login?via=email", {"email": email, "password": DEMO_PASSWORD})
        if landed.endswith("/login/code"):  # staff and admin: the demo's authenticator code
            landed = browser.submit("/login/code", {"code": pyotp.TOTP(DEMO_TOTP_SECRET).now()})
        assert "/login" not in landed, f"{email} could not sign in"
    browser.submit(product, {"product_id": product.split("/")[2].split("-")[0],
                             "quantity": "1"})
    return browser.session_cookie()


@pytest.fixture(scope="session")
def served_shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedShop]:
    _redis_or_skip()
    folder = tmp_path_factory.mktemp("scan")
    cert, key = _certificate(folder)
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(cert, key)
    gateway = start_gateway(tls)
    gateway_base = f"https://127.0.0.1:{gateway.server_port}"
    database = _database(folder)
    env = {
        **os.environ, "PYTHONPATH": str(ROOT), "FLASK_CONFIG": "production",
        "DATABASE_URL": database, "ALLOW_SQLITE_IN_PRODUCTION": "1",
        "UPLOAD_FOLDER": str(folder / "uploads"), "SECRET_KEY": SECRET_KEY,
        "SITE_URL": "https://shop.rooyesh.test", "RATELIMIT_STORAGE_URI": REDIS_URL,
        "ZARINPAL_MERCHANT_ID": "00000000-0000-0000-0000-000000000000",
        "ZARINPAL_API_URL": f"{gateway_base}/pg/v4/payment",
        "ZARINPAL_STARTPAY_URL": f"{gateway_base}/pg/StartPay",
        # The shop's calls to the gateway trust the test's own certificate.
        "SSL_CERT_FILE": str(cert),
        # The rest of what production insists on (tests/production.py has the same).
        "JOB_QUEUE_URL": REDIS_URL, "BANK_SHEBA": SafeProduction.BANK_SHEBA,
        "BANK_ACCOUNT_HOLDER": SafeProduction.BANK_ACCOUNT_HOLDER,
        "SMS_PROVIDER": SafeProduction.SMS_PROVIDER,
        "KAVENEGAR_API_KEY": SafeProduction.KAVENEGAR_API_KEY,
        "KAVENEGAR_SENDER": SafeProduction.KAVENEGAR_SENDER,
    }
    env.pop("TEST_DATABASE_URL", None)
    _seed(env)
    with _seeded(database):
        walks, product = _walks()
        _sign_in_decoys()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log, access_log = ARTIFACTS / "gunicorn.log", ARTIFACTS / "access.log"
    log.unlink(missing_ok=True)
    access_log.unlink(missing_ok=True)
    try:
        with gunicorn(env, workers=4, tls=(cert, key), log=log, access_log=access_log) as base:
            cookies = {role: _session(base, cert, role, product) for role in walks}
            with _seeded(database):
                own = _own_sessions()
            backend = make_url(database).get_backend_name()
            yield ServedShop(base, cookies, own, walks,
                             "PostgreSQL" if backend == "postgresql" else "SQLite",
                             database, access_log)
    finally:
        gateway.shutdown()
        gateway.server_close()
