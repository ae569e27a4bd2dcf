"""The outbox: messages written with the change that caused them, delivered later."""

from __future__ import annotations

import contextvars

from marketplace.models import OutboxMessage
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


def test_failed_sms_is_retried_then_given_up(app, db) -> None:
    class Down:
        def send(self, phone: str, body: str) -> None:
            raise OSError("provider down")

    notifications.queue_sms("09121234567", "x", "t")
    db.session.commit()
    for _ in range(5):
        notifications.send_pending(sms=Down())
    message = db.session.query(OutboxMessage).one()
    assert (message.status, message.attempts, message.last_error) == ("failed", 5, "provider down")


def test_command(app, db) -> None:
    notifications.queue_sms("09121234567", "x", "t")
    db.session.commit()
    runner = app.test_cli_runner()
    result = contextvars.Context().run(runner.invoke, args=["send-notifications"])
    assert result.exit_code == 0 and "Sent 1" in result.output
