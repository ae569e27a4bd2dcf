"""The job queue (Huey, marketplace/ops/jobs.py), driven by hand on the test app's queue:
delivery after the commit, retries with backoff, failures kept for the admin, and the
periodic schedule that expires orders."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from flask import Flask
from huey import Huey

from marketplace.extensions import db
from marketplace.models import FailedJob, Order, OutboxMessage
from marketplace.models.base import utcnow
from marketplace.notifications import outbox
from marketplace.ops import jobs as service
from marketplace.orders.checkout import CheckoutDetails, place_order
from tests.orders.conftest import MOBILE, listed, stock_of

SENT: list[tuple[str, str]] = []


class Recording:
    def send(self, phone: str, body: str) -> None:
        SENT.append((phone, body))


class Down:
    def send(self, phone: str, body: str) -> None:
        raise OSError("provider down")


@pytest.fixture
def queue(app: Flask, db: object) -> Iterator[Huey]:
    huey = app.extensions["jobs"].huey
    huey.flush()
    SENT.clear()
    yield huey
    huey.flush()


def _run_queued(huey: Huey, at: datetime | None = None) -> list[str]:
    """Run what is queued, and what is scheduled up to `at`; the names of the jobs run."""
    if at is not None:
        for task in huey.read_schedule(at):
            huey.enqueue(task)
    ran = []
    while (task := huey.dequeue()) is not None:
        ran.append(type(task).__name__)
        huey.execute(task, timestamp=at)  # as the consumer would at that time
    return ran


def test_a_committed_message_is_delivered_by_its_job(app, queue, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "SMS_PROVIDER", f"{__name__}:Recording")
    outbox.queue_sms("09121234567", "سلام", "t")
    assert queue.pending_count() == 0  # not before the commit
    db.session.commit()
    assert queue.pending_count() == 1
    assert _run_queued(queue) == ["send_message"]
    assert SENT == [("09121234567", "سلام")]


def test_a_failed_send_is_retried_with_the_outbox_backoff_then_failed(
        app, queue, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "SMS_PROVIDER", f"{__name__}:Down")
    message = outbox.queue_sms("09121234567", "x", "t")
    db.session.commit()
    _run_queued(queue)
    row = db.session.get(OutboxMessage, message.id)
    # Tried again after the first backoff, in the queue's schedule and on the row alike.
    (retry,) = queue.scheduled()
    assert type(retry).__name__ == "send_message" and retry.args == (message.id,)
    assert abs((retry.eta - row.available_at).total_seconds()) < 2
    assert timedelta(seconds=28) < row.available_at - utcnow() <= timedelta(seconds=30)
    later = utcnow()
    for _ in range(4):  # each retry runs when it is due
        later += timedelta(hours=1)
        monkeypatch.setattr("marketplace.notifications.outbox.utcnow", lambda at=later: at)
        assert _run_queued(queue, at=later) == ["send_message"]
    db.session.rollback()  # a fresh snapshot: the jobs wrote in their own sessions
    row = db.session.get(OutboxMessage, message.id)
    assert (row.status, row.attempts, row.last_error) == ("failed", 5, "provider down")
    assert queue.scheduled() == [] and queue.pending_count() == 0
    assert outbox.failed_messages() == [row]


def test_a_job_that_raises_is_retried_with_backoff_then_kept_for_the_admin(
        app, queue, monkeypatch) -> None:
    def broken(message_id: int) -> None:
        raise RuntimeError("database went away")

    monkeypatch.setattr(outbox, "deliver", broken)
    message = outbox.queue_sms("09121234567", "x", "t")
    db.session.commit()
    jobs = app.extensions["jobs"]
    delays = []
    _run_queued(queue)
    for _ in range(3):
        (retry,) = queue.scheduled()
        delays.append(retry.retry_delay)
        _run_queued(queue, at=retry.eta)
    assert delays == [20, 40, 80]  # the next delay, doubled after each of 10, 20, 40 s
    assert queue.scheduled() == []
    (failure,) = service.failed_jobs()
    assert (failure.task, failure.args, failure.attempts) == ("send_message", [message.id], 4)
    assert "database went away" in failure.error
    monkeypatch.undo()
    service.retry_failed_job(jobs, failure.id)
    assert service.failed_jobs() == []
    assert queue.pending_count() == 1
    with pytest.raises(service.JobError):
        service.retry_failed_job(jobs, failure.id)
    with pytest.raises(service.JobError):
        service.retry_failed_job(jobs, failure.id + 1)


def test_a_failed_job_of_a_kind_that_no_longer_exists_is_refused(app, queue) -> None:
    db.session.add(FailedJob(task="resize_photo", args=[1], error="x"))
    db.session.commit()
    (row,) = service.failed_jobs()
    with pytest.raises(service.JobError):
        service.retry_failed_job(app.extensions["jobs"], row.id)
    assert service.failed_jobs() == [row]


def test_the_schedule_expires_orders_and_sweeps_the_outbox(app, queue, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "SMS_PROVIDER", f"{__name__}:Recording")
    product = listed(stock=1)
    db.session.commit()
    details = CheckoutDetails(contact_name="خریدار", contact_phone=MOBILE,
                              payment_provider="zarinpal", delivery_method="pickup")
    order = place_order(details, {product.id: 1}, buyer=None)
    order.expires_at = utcnow() - timedelta(minutes=1)
    outbox.queue_sms("09121234567", "lost dispatch", "t")
    db.session.commit()
    queue.flush()  # as if the web process died before queueing the delivery
    def due(minute: int) -> list[str]:
        at = utcnow().replace(minute=minute)
        return sorted(type(task).__name__ for task in queue.read_periodic(at))

    assert due(1) == ["deliver_outbox", "expire_orders"]
    assert due(5) == ["deliver_outbox", "expire_orders", "sweep_photo_uploads"]
    for task in queue.read_periodic(utcnow()):
        queue.enqueue(task)
    _run_queued(queue)
    assert db.session.get(Order, order.id).status == "expired"
    assert stock_of(product.id) == 1
    assert ("09121234567", "lost dispatch") in SENT


def test_queue_urls() -> None:
    assert service.queue_for("memory://").storage.__class__.__name__ == "MemoryStorage"
    jobs = service.Jobs(huey=None, url="redis://:secret@redis.internal:6379/2", tasks={})
    assert jobs.describe() == "redis://redis.internal:6379/2"
    with pytest.raises(ValueError, match="JOB_QUEUE_URL"):
        service.queue_for("amqp://x")
