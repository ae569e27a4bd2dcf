"""Cross-cutting records: the notification outbox, failed background jobs, the audit log
and the catalogue version."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.extensions import db
from marketplace.models.base import Choice, one_of, utcnow


class Channel(Choice):
    EMAIL = "email"
    SMS = "sms"


class OutboxStatus(Choice):
    PENDING = "pending"
    SENDING = "sending"  # claimed by one worker (claim_token); others leave it alone
    SENT = "sent"
    FAILED = "failed"  # gave up after the last attempt; the admin may retry it


class OutboxMessage(db.Model):
    """An e-mail or SMS to send; written in the same transaction as what caused it.

    A worker claims it (pending -> sending, with its own token and the time) before
    sending, by a conditional UPDATE, so two workers never send one message; a claim
    older than the timeout is taken as a crashed worker's and claimed again."""

    __tablename__ = "outbox"
    __table_args__ = (
        one_of("channel", Channel),
        one_of("status", OutboxStatus),
        Index("ix_outbox_status_id", "status", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(5))
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str | None] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    topic: Mapped[str] = mapped_column(String(40))  # e.g. "order_placed", "wage_paid"
    status: Mapped[str] = mapped_column(String(8), default=OutboxStatus.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    # Not before this time (the backoff after a failed attempt); None: at once.
    available_at: Mapped[datetime | None]
    claim_token: Mapped[str | None] = mapped_column(String(32))
    claimed_at: Mapped[datetime | None]


class FailedJob(db.Model):
    """A background job that failed after its last retry, for the admin to see and retry.

    Written by the worker (marketplace/ops/jobs.py); `retried_at` is set when the admin
    queues it again, which takes it off the failures page."""

    __tablename__ = "failed_jobs"
    __table_args__ = (Index("ix_failed_jobs_open", "retried_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task: Mapped[str] = mapped_column(String(100))
    args: Mapped[list] = mapped_column(JSON, default=list)
    error: Mapped[str] = mapped_column(String(300))
    attempts: Mapped[int] = mapped_column(default=1)
    failed_at: Mapped[datetime] = mapped_column(default=utcnow)
    retried_at: Mapped[datetime | None]


class AuditLog(db.Model):
    """Who changed what; admins read it, nobody edits it."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entity", "entity_type", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(String(40))
    entity_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None]
    # The centre the record belongs to, when it has one (the log's centre filter).
    centre_id: Mapped[int | None] = mapped_column(ForeignKey("centres.id"), index=True)
    changes: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
