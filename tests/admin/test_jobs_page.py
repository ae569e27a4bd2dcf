"""The background-jobs page: admins only (another role gets 404), Persian; a message or job
that failed after its last retry is listed with its error, and its retry button queues it
again."""

from __future__ import annotations

from marketplace.extensions import db
from marketplace.models import FailedJob, OutboxMessage
from marketplace.notifications import outbox


def _failures() -> tuple[int, int]:
    message = outbox.queue_sms("09121234567", "مزد شما پرداخت شد", "wage_paid")
    db.session.flush()
    message.status, message.attempts, message.last_error = "failed", 5, "provider down"
    job = FailedJob(task="expire_orders", args=[], error="OperationalError('locked')",
                    attempts=4)
    db.session.add(job)
    db.session.commit()
    return message.id, job.id


def test_other_roles_get_404_and_visitors_sign_in(client, world, login_as) -> None:
    message_id, job_id = _failures()
    assert client.get("/admin/jobs").status_code == 302
    login_as(world.staff1)
    assert client.get("/admin/jobs").status_code == 404
    assert client.post(f"/admin/jobs/{job_id}/retry").status_code == 404
    assert client.post(f"/admin/jobs/messages/{message_id}/retry").status_code == 404
    db.session.rollback()
    assert db.session.get(OutboxMessage, message_id).status == "failed"


def test_admin_sees_the_failures_and_retries_them(app, client, world, login_as) -> None:
    message_id, job_id = _failures()
    huey = app.extensions["jobs"].huey
    huey.flush()
    login_as(world.admin)
    page = client.get("/admin/jobs").get_data(as_text=True)
    assert "کارهای پس‌زمینه" in page and "پیامک" in page and "۰۹۱۲۱۲۳۴۵۶۷" in page
    assert "provider down" in page and "لغو سفارش‌های پرداخت‌نشدهٔ برخط" in page
    assert "OperationalError" in page and "۵ بار تلاش" in page
    assert "پیام‌های در انتظار فرستادن" not in page  # nothing waits: the one is failed

    response = client.post(f"/admin/jobs/messages/{message_id}/retry", follow_redirects=True)
    assert "دوباره در صف گذاشته شد" in response.get_data(as_text=True)
    client.post(f"/admin/jobs/{job_id}/retry")
    queued = sorted(type(task).__name__ for task in iter(huey.dequeue, None))
    assert queued == ["expire_orders", "send_message"]
    db.session.rollback()
    assert db.session.get(OutboxMessage, message_id).status == "pending"
    assert db.session.get(FailedJob, job_id).retried_at is not None
    page = client.get("/admin/jobs").get_data(as_text=True)
    assert "هیچ کاری ناموفق نمانده است" in page and "پیام‌های در انتظار فرستادن: ۱" in page

    again = client.post(f"/admin/jobs/{job_id}/retry", follow_redirects=True)
    assert "دیگر در انتظار تلاش دوباره نیست" in again.get_data(as_text=True)
    assert client.post("/admin/jobs/999/retry").status_code == 302  # refused, not a 500
