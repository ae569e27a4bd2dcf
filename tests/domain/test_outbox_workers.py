"""Two job workers (two processes, as on two hosts) on one queue and one database send
every message exactly once, though each message's delivery is queued twice and both
workers sweep the outbox at the same time; and the schedule expires an overdue order.

Runs on the SQLite queue file (the embedded default) and, when TEST_REDIS_URL is set
(redis://127.0.0.1:6379/N), on Redis; on each test database backend."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from marketplace import create_app
from marketplace.extensions import db
from marketplace.models import Order, OutboxMessage
from marketplace.models.base import utcnow
from marketplace.notifications import outbox
from marketplace.orders.checkout import CheckoutDetails, place_order
from tests.orders.conftest import MOBILE, listed

ROOT = Path(__file__).resolve().parents[2]
MESSAGES = 150
QUEUES = ["sqlite"] + (["redis"] if os.environ.get("TEST_REDIS_URL") else [])


@pytest.fixture(params=QUEUES)
def queue_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "redis":
        url = os.environ["TEST_REDIS_URL"]
        import redis

        try:
            redis.Redis.from_url(url, socket_timeout=2).ping()
        except redis.RedisError as error:
            pytest.skip(f"no Redis at {url}: {error}")
        return url
    return f"sqlite:///{tmp_path / 'jobs.db'}"


@pytest.fixture
def web(app: Flask, db: object, queue_url: str) -> Iterator[Flask]:
    """The shop as a web host would run it, queueing to `queue_url`, on the test database."""
    web_app = create_app(_config_with(app, JOB_QUEUE_URL=queue_url))
    web_app.extensions["jobs"].huey.flush()
    yield web_app
    web_app.extensions["jobs"].huey.flush()
    with web_app.app_context():
        db.engine.dispose()


def _config_with(app: Flask, **overrides: object) -> type:
    """The test app's settings with `overrides`, as a config class for create_app."""
    return type("Config", (), {**{k: v for k, v in app.config.items() if k.isupper()},
                               **overrides})


def _worker(app: Flask, queue_url: str, record: Path) -> subprocess.Popen:
    env = {**os.environ, "FLASK_CONFIG": "development", "JOB_QUEUE_URL": queue_url,
           "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
           "SMS_PROVIDER": "tests.recording_sms:FileSms", "SMS_RECORD_FILE": str(record),
           "MAIL_SERVER": ""}
    return subprocess.Popen(
        [str(Path(sys.executable).parent / "flask"), "--app", "wsgi", "worker", "--threads", "3"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


@pytest.mark.slow
def test_two_workers_send_each_message_exactly_once(app, web, queue_url, tmp_path) -> None:
    record = tmp_path / "sent.txt"
    record.touch()
    with web.app_context():  # an overdue order, for the schedule each worker starts with
        product = listed(stock=1)
        db.session.commit()
        details = CheckoutDetails(contact_name="خریدار", contact_phone=MOBILE,
                                  payment_provider="zarinpal", delivery_method="pickup")
        order = place_order(details, {product.id: 1}, buyer=None)
        order.expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
        order_id = order.id
        db.session.remove()
    workers = [_worker(app, queue_url, record) for _ in range(2)]
    try:
        # Both workers up before the messages come, so that they compete for every one.
        ready = [worker.stdout.readline() for worker in workers]
        with web.app_context():
            for n in range(MESSAGES):
                outbox.queue_sms("09121234567", f"message {n}", "test")
                if n % 10 == 9:
                    db.session.commit()  # each commit queues its messages' deliveries
            send = web.extensions["jobs"].tasks["send_message"]
            ids = db.session.scalars(select(OutboxMessage.id)).all()
            for message_id in ids:  # and again, as a retry or a second host would
                send(message_id)
            db.session.remove()
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            db.session.rollback()
            sent = db.session.scalar(select(func.count()).select_from(OutboxMessage)
                                     .where(OutboxMessage.status == "sent"))
            if sent == len(ids) and db.session.get(Order, order_id).status == "expired":
                break
            time.sleep(0.5)
        time.sleep(1)  # anything still running would show as a second send
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGINT)
        output = [worker.communicate(timeout=30)[0] for worker in workers]
    lines = record.read_text(encoding="utf-8").splitlines()
    counts = Counter(line.split("\t")[1] for line in lines)
    assert sent == len(ids), output
    assert len(lines) == len(ids) and set(counts.values()) == {1}, counts.most_common(3)
    by_worker = Counter(line.split("\t")[0] for line in lines)
    assert len(by_worker) == 2, by_worker  # both workers did take part
    assert db.session.get(Order, order_id).status == "expired"
    assert all("Job worker: 3 thread(s)" in text for text in ready), ready
