"""Real-browser tests: the app served by gunicorn, driven by Debian's Chromium.

Skipped, with the reason, when Chromium or Playwright is missing; .ci/run installs
Chromium so CI always runs them. No browser is downloaded at run time.
"""

from __future__ import annotations

import itertools
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyotp
import pytest

from demo.seed import DEMO_PASSWORD, DEMO_TOTP_SECRET
from tests.browser.gateway import start_gateway
from tests.serving import gunicorn

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

try:
    from playwright.sync_api import Browser, Page, sync_playwright
except ImportError:  # pragma: no cover - the test requirements include playwright
    sync_playwright = None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    reason = None
    if sync_playwright is None:
        reason = "Playwright for Python is not installed"
    elif not Path(CHROMIUM).exists():
        reason = f"{CHROMIUM} is missing (apt-get install chromium); .ci/run installs it"
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))


@dataclass(frozen=True)
class LiveShop:
    """The served shop: its address, its database file and its environment (for running
    `flask` commands such as check-integrity against it)."""

    base: str
    database: Path
    env: dict[str, str]

    def flask(self, *args: str) -> subprocess.CompletedProcess:
        command = [str(Path(sys.executable).parent / "flask"), "--app", "wsgi", *args]
        return subprocess.run(command, cwd=ROOT, env=self.env, capture_output=True, text=True)

    def query(self, sql: str, *params: object) -> list[tuple]:
        with sqlite3.connect(self.database) as connection:
            return connection.execute(sql, params).fetchall()


@pytest.fixture(scope="session")
def gateway() -> Iterator[str]:
    """A fake ZarinPal (API and StartPay page) on loopback; its base address."""
    server = start_gateway()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def live_database(tmp_path_factory: pytest.TempPathFactory, gateway: str) -> dict[str, str]:
    """The environment of a freshly migrated and seeded SQLite database for gunicorn (60
    products: the journeys and the checkout tests each take unordered ones of their own). It
    trusts one proxy, so each browser context can come from its own address
    (X-Forwarded-For): sign-in limits count per address, as for people on their phones."""
    workdir = tmp_path_factory.mktemp("live")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{workdir / 'shop.db'}",
        "UPLOAD_FOLDER": str(workdir / "uploads"),
        "JOB_QUEUE_URL": f"sqlite:///{workdir / 'jobs.db'}",
        "FLASK_CONFIG": "development",
        "PYTHONPATH": str(ROOT),
        "TRUSTED_PROXIES": "1",
        "ZARINPAL_MERCHANT_ID": "test-merchant",
        "ZARINPAL_API_URL": f"{gateway}/pg/v4/payment",
        "ZARINPAL_STARTPAY_URL": f"{gateway}/pg/StartPay",
    }
    env.pop("TEST_DATABASE_URL", None)
    flask = [str(Path(sys.executable).parent / "flask"), "--app", "wsgi"]
    subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run([*flask, "seed-demo", "--products", "60"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    return env


@pytest.fixture(scope="session")
def live_shop(live_database: dict[str, str]) -> Iterator[LiveShop]:
    """gunicorn serving the seeded database."""
    with gunicorn(live_database) as base:
        database = Path(live_database["DATABASE_URL"].removeprefix("sqlite:///"))
        yield LiveShop(base, database, live_database)


@pytest.fixture(scope="session")
def live_server(live_shop: LiveShop) -> str:
    return live_shop.base


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        yield chromium
        chromium.close()


_ADDRESSES = itertools.count(1)


def own_address() -> dict[str, str]:
    """A forwarded address of its own for a browser context: sign-in limits count per
    address, so one test's sign-ins never use up the next one's."""
    n = next(_ADDRESSES)
    return {"X-Forwarded-For": f"10.77.{n // 250}.{n % 250 + 1}"}


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    # bypass_csp lets the tests inject axe-core; the site itself never needs it.
    context = browser.new_context(viewport=PHONE, bypass_csp=True, locale="fa-IR",
                                  extra_http_headers=own_address())
    page = context.new_page()
    yield page
    context.close()


def sign_in(page: Page, base: str, email: str, password: str = DEMO_PASSWORD) -> None:
    """Sign a demo account in, typing the code for staff and admin as their phone would.

    A code is accepted once: when this account already used the current one (signed in
    moments ago), the next step's code is accepted too; failing both, the next step."""
    page.goto(base + "/login?via=email")  # the mobile number comes first on /login
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("form:has(#password) button[type=submit]")
    page.wait_for_load_state()
    totp = pyotp.TOTP(DEMO_TOTP_SECRET)
    for attempt in range(4):
        if not page.url.endswith("/login/code"):
            break
        if attempt == 2:  # both codes used: wait for the next step
            time.sleep(totp.interval - time.time() % totp.interval + 0.5)
        page.fill("#code", totp.at(time.time() + (attempt % 2) * totp.interval))
        page.click("form:has(#code) button[type=submit]")
        page.wait_for_load_state()
    assert "/login" not in page.url, f"{email} could not sign in"


def screenshot(page: Page, name: str) -> None:
    """Phone and desktop screenshots under test-artifacts/ (git-ignored)."""
    ARTIFACTS.mkdir(exist_ok=True)
    for label, size in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(size)
        page.screenshot(path=str(ARTIFACTS / f"{name}-{label}.png"), full_page=True)
    page.set_viewport_size(PHONE)


def axe_violations(page: Page) -> list[dict]:
    """Serious or critical WCAG 2.1 A/AA violations found by the vendored axe-core."""
    page.add_script_tag(path=str(ROOT / "static/vendor/axe-core/axe.min.js"))
    result = page.evaluate(
        """async () => await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"][:3]]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]



