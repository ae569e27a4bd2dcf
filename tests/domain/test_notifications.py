"""The outbox: messages written with the change that caused them, delivered later."""

from __future__ import annotations

import contextvars
from datetime import timedelta

import pytest
from sqlalchemy import create_engine, text

from marketplace.models import OutboxMessage
from marketplace.models.base import utcnow
from marketplace.notifications import outbox as notifications


class Recorder:
    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    def send(self, phone: str, body: str) -> None:
        self.sent.append((phone, body))


def test_sms_is_sent_once_and_email_waits_without_smtp(app, db) -> None:
    notifications.queue_sms("09121234567", "سفارش شما ثبت شد", "order_placed")
    notifications.queue_email("a@example.com", "Order", "Thanks", "order_placed")
    notifications.queue_sms(None, "nobody", "x")
    db.session.commit()
    recorder = Recorder()
    assert notifications.send_pending(sms=recorder) == 1
    assert notifications.send_pending(sms=recorder) == 0
    assert recorder.sent == [("09121234567", "سفارش شما ثبت شد")]
    statuses = sorted(m.status for m in db.session.query(OutboxMessage))
    assert statuses == ["pending", "sent"]


class Down:
    def send(self, phone: str, body: str) -> None:
        raise OSError("provider down")


def test_failed_sms_is_retried_with_backoff_then_given_up(app, db) -> None:
    notifications.queue_sms("09121234567", "x", "t")
    db.session.commit()
    now, waits = utcnow(), []
    for _ in range(5):
        assert notifications.send_pending(sms=Down(), now=now) == 0
        message = db.session.query(OutboxMessage).one()
        if message.status == "pending":
            waits.append(message.available_at - now)
            # Not due again before its backoff has passed.
            assert notifications.send_pending(sms=Down(), now=message.available_at
                                              - timedelta(seconds=1)) == 0
            now = message.available_at
    assert waits == [timedelta(seconds=30 * 2 ** n) for n in range(4)]
    message = db.session.query(OutboxMessage).one()
    assert (message.status, message.attempts, message.last_error) == ("failed", 5, "provider down")
    assert notifications.failed_messages() == [message]
    assert notifications.send_pending(sms=Down(), now=now + timedelta(days=1)) == 0


def test_a_message_delivered_twice_is_sent_once(app, db) -> None:
    message = notifications.queue_sms("09121234567", "once", "t")
    db.session.commit()
    recorder = Recorder()
    assert notifications.deliver(message.id, sms=recorder) is None
    assert notifications.deliver(message.id, sms=recorder) is None
    assert notifications.send_pending(sms=recorder) == 0
    assert recorder.sent == [("09121234567", "once")]


def test_a_claim_is_exclusive_until_it_is_stale(app, db) -> None:
    """A worker that claimed a message and died: others leave it alone until the claim
    timeout, then one of them sends it; the dead worker's late outcome is ignored."""
    message = notifications.queue_sms("09121234567", "late", "t")
    db.session.commit()
    now = utcnow()
    token, claimed = notifications._claim(OutboxMessage.id == message.id, now)  # it dies
    assert claimed == [message.id]
    recorder = Recorder()
    assert notifications.send_pending(sms=recorder, now=now + timedelta(minutes=4)) == 0
    assert notifications.send_pending(sms=recorder, now=now + timedelta(minutes=6)) == 1
    notifications._finish(message.id, token, status="failed")  # too late: not its claim
    db.session.expire_all()
    row = db.session.get(OutboxMessage, message.id)
    assert (row.status, row.attempts, recorder.sent) == ("sent", 2, [("09121234567", "late")])


def test_delivery_is_queued_after_the_commit_and_not_on_rollback(app, db, monkeypatch) -> None:
    seen: list[tuple[list[int], int]] = []
    other = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])

    def dispatch(ids: list[int]) -> None:
        with other.connect() as connection:  # what a worker on another host would see
            seen.append((ids, connection.execute(text("SELECT count(*) FROM outbox")).scalar()))

    monkeypatch.setitem(app.extensions, notifications.DISPATCH, dispatch)
    notifications.queue_sms("09121234567", "kept", "t")
    db.session.flush()
    assert seen == []  # nothing queued inside the transaction
    db.session.commit()
    notifications.queue_sms("09121234567", "rolled back", "t")
    db.session.flush()
    db.session.rollback()
    db.session.commit()
    other.dispose()
    kept = db.session.query(OutboxMessage).one()
    assert seen == [([kept.id], 1)]


def test_the_admin_retries_a_failed_message(app, db, monkeypatch) -> None:
    dispatched: list[list[int]] = []
    monkeypatch.setitem(app.extensions, notifications.DISPATCH, dispatched.append)
    message = notifications.queue_sms("09121234567", "x", "t")
    db.session.commit()
    dispatched.clear()
    message.status, message.attempts = "failed", 5
    db.session.commit()
    notifications.retry_failed(message.id)
    assert dispatched == [[message.id]]
    db.session.refresh(message)
    assert (message.status, message.attempts) == ("pending", 0)
    with pytest.raises(notifications.OutboxError):
        notifications.retry_failed(message.id)


def test_command(app, db) -> None:
    notifications.queue_sms("09121234567", "x", "t")
    db.session.commit()
    runner = app.test_cli_runner()
    result = contextvars.Context().run(runner.invoke, args=["send-notifications"])
    assert result.exit_code == 0 and "Sent 1" in result.output


def test_the_sweep_claims_one_message_at_a_time_up_to_its_limit(app, db) -> None:
    """Nothing is left claimed and unsent (on PostgreSQL an IN subquery with LIMIT and SKIP
    LOCKED claimed every row at once)."""
    for body in ("a", "b", "c"):
        notifications.queue_sms("09121234567", body, "t")
    db.session.commit()
    recorder = Recorder()
    assert notifications.send_pending(sms=recorder, limit=2) == 2
    statuses = [m.status for m in db.session.query(OutboxMessage).order_by(OutboxMessage.id)]
    assert statuses == ["sent", "sent", "pending"]
    assert notifications.send_pending(sms=recorder) == 1
    assert [body for _, body in recorder.sent] == ["a", "b", "c"]


def test_whatever_a_provider_raises_is_a_failed_attempt(app, db) -> None:
    class Broken:
        def send(self, phone: str, body: str) -> None:
            raise ValueError("unexpected answer")

    message = notifications.queue_sms("09121234567", "x", "t")
    db.session.commit()
    assert notifications.deliver(message.id, sms=Broken()) == timedelta(seconds=30)
    db.session.refresh(message)
    assert (message.status, message.last_error, message.claim_token) == (
        "pending", "unexpected answer", None)
