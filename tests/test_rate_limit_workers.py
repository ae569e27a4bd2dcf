"""Finding 3: sign-in limits hold across gunicorn workers when they share Redis.

With `memory://` each of 4 workers kept its own count (20 of 25 wrong passwords were
processed); production refuses it (tests/test_app.py). Here 4 workers count in Redis
database 10 and the sixth wrong password of the minute is a 429, whichever worker takes it.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.serving import gunicorn

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


@pytest.fixture
def four_workers(tmp_path: Path) -> Iterator[str]:
    _redis().flushdb()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'shop.db'}",
           "UPLOAD_FOLDER": str(tmp_path / "uploads"), "FLASK_CONFIG": "development",
           "JOB_QUEUE_URL": f"sqlite:///{tmp_path / 'jobs.db'}",
           "PYTHONPATH": str(ROOT), "RATELIMIT_STORAGE_URI": REDIS_URL}
    env.pop("TEST_DATABASE_URL", None)
    subprocess.run([str(BIN / "flask"), "--app", "wsgi", "db", "upgrade"], cwd=ROOT, env=env,
                   check=True, capture_output=True)
    try:
        with gunicorn(env, workers=4, probe="/login") as base:
            yield base
    finally:
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
