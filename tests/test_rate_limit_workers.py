"""Finding 3: sign-in limits hold across gunicorn workers when they share Redis.

With `memory://` each of 4 workers kept its own count (20 of 25 wrong passwords were
processed); production refuses it (tests/test_app.py). Here 4 workers count in Redis
database 10 and the sixth wrong password of the minute is a 429, whichever worker takes it.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = "redis://127.0.0.1:6379/10"
BIN = Path(sys.executable).parent


def _redis() -> object:
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS_URL, socket_timeout=2)
    try:
        client.ping()
    except redis.RedisError as error:
        pytest.skip(f"no Redis at {REDIS_URL}: {error}")
    return client


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def four_workers(tmp_path: Path) -> Iterator[str]:
    _redis().flushdb()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'shop.db'}",
           "UPLOAD_FOLDER": str(tmp_path / "uploads"), "FLASK_CONFIG": "development",
           "PYTHONPATH": str(ROOT), "RATELIMIT_STORAGE_URI": REDIS_URL, "PAGE_CACHE_SECONDS": "0"}
    env.pop("TEST_DATABASE_URL", None)
    subprocess.run([str(BIN / "flask"), "--app", "wsgi", "db", "upgrade"], cwd=ROOT, env=env,
                   check=True, capture_output=True)
    port = _free_port()
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "--workers", "4", "--bind", f"127.0.0.1:{port}", "wsgi:app"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(base + "/login", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not start")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)
        _redis().flushdb()


def test_four_workers_on_redis_refuse_the_sixth_wrong_password(four_workers: str) -> None:
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    page = opener.open(four_workers + "/login", timeout=10).read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    assert token, "no CSRF token on the sign-in page"
    form = urllib.parse.urlencode({"csrf_token": token.group(1), "email": "nobody@example.test",
                                   "password": "wrong-password-1"}).encode()
    statuses = []
    for _ in range(25):
        try:
            statuses.append(opener.open(four_workers + "/login", form, timeout=10).status)
        except urllib.error.HTTPError as error:
            statuses.append(error.code)
    assert statuses[:5] == [200] * 5, statuses
    assert statuses[5:] == [429] * 20, statuses
