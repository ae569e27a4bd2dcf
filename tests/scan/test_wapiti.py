"""wapiti against the served shop, as anonymous and as each role: no finding of medium or
higher that docs/security.md does not explain ("Scan findings that are allowed, and why").

Each audience is attacked where it lives: the storefront once, anonymously (with a cart,
so the guest checkout is there); the buyer her orders, cart and checkout; the driver
/producers/; staff and admin /admin/. The reports (JSON, one a role), wapiti's output and
a summary of each are kept in test-artifacts/scan/.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from fnmatch import fnmatchcase
from pathlib import Path

import pytest

from tests.scan.conftest import ARTIFACTS, ServedShop, agent, session_ended, unsigned_requests
from tests.scan.findings import allow_list, summary, unexplained, wapiti_findings
from tests.walk import ROLES

pytestmark = [pytest.mark.slow, pytest.mark.scan]

WAPITI = shutil.which("wapiti")
# Debian's wapiti runs on the system's Python (its modules live there, not in .venv).
SYSTEM_PYTHON = "/usr/bin/python3"
SHIM = Path(__file__).with_name("run_wapiti.py")
# What attacks this shop from inside: injections (SQL by its errors, commands, files, CRLF),
# reflected and stored XSS, open redirects and forms whose CSRF token is missing or not
# checked, for every role; the headers, cookie flags, CSP and HTTP methods, which are the
# same for every page, once, anonymously. Left out: blindsql (time-based, minutes a
# parameter; test_sqlmap.py tries time-based SQL on the search and filters), ssrf and xxe
# (they need wapiti's own server on the internet), the brute-force modules (backup, buster,
# nikto, brute_login_form: lists of guessed paths and passwords, which the sign-in limit
# refuses anyway), shellshock (a CGI bug; there is no CGI) and wapp (fingerprinting).
ATTACKS = "sql,exec,file,crlf,xss,permanentxss,redirect,csrf"
SITE_WIDE = "http_headers,cookieflags,csp,methods,htaccess"
# Files without parameters (every photo would be a page to crawl), and the forms that sign
# the scan's own browser out, which its crawl would send (it sends every form once) and so
# scan the rest signed out: sign-out, "sign out everywhere", and "sign out" on the scan's
# own row of /account/sessions (`_own_session`; the other device's row is attacked).
EVERYWHERE = ("/static/*", "/media/*", "/logout", "/account/sessions/end-all")
# Deactivating an account, resetting its password or its two-step sign-in signs that
# account out, the admin's own or a scanned staff's among them; tests/test_fuzz_forms.py and
# tests/test_access_matrix.py cover these.
ACCOUNT_SWITCHES = ("/admin/users/*/active", "/admin/users/*/password",
                    "/admin/users/*/two-step")
# The storefront is scanned once, anonymously; signed-in roles keep to their own pages.
STOREFRONT = ("/products*", "/centres*", "/makers/*", "/search*")
# The catalogue and search with every filter they read, so each is a parameter to attack.
FILTERS = ("/products?craft=kilim&centre=toos&min_price=100000&max_price=90000000&in_stock=1"
           "&colour=red&width=w-81-120&length=l-121-180&knots=30&sort=price_asc",
           "/search?q=%DA%AF%D9%84%DB%8C%D9%85&craft=kilim&centre=toos&min_price=100000"
           "&max_price=90000000&colour=red&sort=relevance&page=1")
# Each role starts from its own pages (tests/walk.py: one of every page, with real objects
# of the role), and wapiti also follows up to LINKS_PER_PAGE links from each (depth 1), in
# a repeatable order (PYTHONHASHSEED). Bounds keep the five scans, run together, within a
# few minutes on two cores: crawl time (the crawl also sends each form once), and time per
# attack module; a scan past DEADLINE fails.
LINKS_PER_PAGE = 2
CRAWL_SECONDS = 240
ATTACK_SECONDS = 30
DEADLINE = 900


def starts(shop: ServedShop, role: str) -> list[str]:
    """The pages wapiti starts from and attacks, as paths."""
    if role == "anonymous":
        return [*shop.walks[role], *FILTERS]
    return [page for page in shop.walks[role]
            if not any(fnmatchcase(page, pattern) for pattern in STOREFRONT)]


def _own_session(shop: ServedShop, role: str) -> tuple[str, ...]:
    """The "sign out" form of the role's own row on /account/sessions."""
    return (f"/account/sessions/{shop.sessions[role]}/end",) if role in shop.sessions else ()


def _cookie_file(path: Path, cookie: str) -> Path:
    """wapiti's JSON cookie file: the session cookie for 127.0.0.1, path /."""
    path.write_text(json.dumps({"127.0.0.1": {"/": {"session": {
        "value": cookie, "expires": None, "secure": True, "port": None, "version": 0}}}}))
    return path


def _command(shop: ServedShop, role: str, workdir: Path, report: Path) -> list[str]:
    modules = f"{ATTACKS},{SITE_WIDE}" if role == "anonymous" else ATTACKS
    command = [
        SYSTEM_PYTHON, str(SHIM), "--url", shop.base + "/", "--scope", "folder",
        "--module", modules, "--depth", "1", "--max-links-per-page", str(LINKS_PER_PAGE),
        "--max-scan-time", str(CRAWL_SECONDS), "--max-attack-time", str(ATTACK_SECONDS),
        "--timeout", "30", "--flush-session", "--store-session", str(workdir / "session"),
        "--store-config", str(workdir / "config"), "--no-bugreport", "--verbose", "1",
        "--format", "json", "--output", str(report), "--user-agent", agent(role),
        "--cookie", str(_cookie_file(workdir / "cookie.json", shop.cookies[role])),
    ]
    excluded = EVERYWHERE + ACCOUNT_SWITCHES + _own_session(shop, role) + (
        () if role == "anonymous" else STOREFRONT)
    for pattern in excluded:
        command += ["--exclude", shop.base + pattern]
    for page in starts(shop, role):
        command += ["--start", shop.base + page]
    return command


@pytest.fixture(scope="session")
def wapiti_runs(served_shop: ServedShop,
                tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Callable]]:
    """The five scans, started together (each bounded in time, so the five take as long as
    the longest, a few minutes on two cores); role: a function that waits for its report."""
    if WAPITI is None:
        pytest.skip("wapiti is missing (apt-get install wapiti); .ci/run installs it")
    started = time.monotonic()
    runs = {}
    with ExitStack() as stack:
        for role in ROLES:
            report = ARTIFACTS / f"wapiti-{role}.json"
            report.unlink(missing_ok=True)
            log = stack.enter_context((ARTIFACTS / f"wapiti-{role}.log").open("w"))
            command = _command(served_shop, role, tmp_path_factory.mktemp(f"wapiti-{role}"),
                               report)
            process = stack.enter_context(subprocess.Popen(
                command, stdout=log, stderr=subprocess.STDOUT,
                env={**os.environ, "PYTHONHASHSEED": "0"}))
            runs[role] = (process, report)

        def wait(role: str) -> Path:
            process, report = runs[role]
            try:
                process.wait(timeout=max(1, DEADLINE - (time.monotonic() - started)))
            except subprocess.TimeoutExpired:
                process.kill()
                pytest.fail(f"wapiti as {role} ran past {DEADLINE} s")
            assert report.exists(), f"wapiti wrote no report; see wapiti-{role}.log"
            print(f"wapiti as {role}: {len(starts(served_shop, role))} pages, done after "
                  f"{time.monotonic() - started:.0f} s")
            return report

        yield wait
        for process, _ in runs.values():
            if process.poll() is None:
                process.kill()


@pytest.mark.parametrize("role", ROLES)
def test_wapiti_finds_nothing_unexplained(wapiti_runs: Callable[[str], Path],
                                          served_shop: ServedShop, role: str) -> None:
    findings = wapiti_findings(wapiti_runs(role))
    if role != "anonymous":
        # A scan signed out half-way would pass while seeing none of the role's pages, and
        # report every token as unchecked (its genuine forms refused like its forged ones).
        signed_out = unsigned_requests(served_shop, role)
        assert not signed_out, (f"wapiti as {role} lost its sign-in ({len(signed_out)} "
                                f"requests; see test-artifacts/scan/access.log): {signed_out[:5]}")
        ended = session_ended(served_shop, role)
        assert ended is None, f"wapiti as {role} had its session ended at {ended}"
    allowed = allow_list()
    (ARTIFACTS / f"wapiti-{role}.md").write_text(
        summary(f"wapiti as {role}", findings, allowed))
    problems = unexplained(findings, allowed)
    assert not problems, "\n".join(
        [f"wapiti as {role} found (see test-artifacts/scan/wapiti-{role}.json):",
         *map(str, problems)])
