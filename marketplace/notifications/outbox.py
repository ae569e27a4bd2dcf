"""Outgoing messages. Writers add to the outbox inside their own transaction; delivery
happens later, so a failed SMTP server never loses an order.

After the transaction that wrote a message commits, its id goes to the app's dispatcher
(`app.extensions[DISPATCH]`: the job queue queues one delivery job a message, see
marketplace/ops/jobs.py); never before, so a job never looks for a row that is not there
yet or was rolled back. A periodic sweep (`send_pending`) delivers whatever a lost
dispatch left behind.

Each delivery first claims its row by a conditional UPDATE (pending -> sending, with a
claim token and the time; on PostgreSQL the sweep picks rows `FOR UPDATE SKIP LOCKED`),
commits the claim and only then sends; only the claim's holder may record the outcome.
So two workers on two hosts never send one message twice. A claim older than
OUTBOX_CLAIM_TIMEOUT belongs to a worker that died mid-send and is claimed again: that
one message may then go twice, the only way to never lose it.
"""

from __future__ import annotations

import logging
import secrets
import smtplib
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import Any, NamedTuple, Protocol

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, event, func, or_, select, update
from sqlalchemy.orm import Session
from werkzeug.utils import import_string

from marketplace.errors import DomainError
from marketplace.extensions import db, dispatch_after_commit
from marketplace.models import Channel, OutboxMessage, OutboxStatus
from marketplace.models.base import utcnow

log = logging.getLogger(__name__)

# app.extensions key of the callable that queues delivery of committed message ids.
DISPATCH = "outbox_dispatch"


class OutboxError(DomainError):
    """A refused change to the outbox."""


def queue_sms(phone: str | None, body: str, topic: str) -> OutboxMessage | None:
    """Add an SMS to the outbox (not committed). Nothing when there is no number."""
    if not phone:
        return None
    message = OutboxMessage(channel=Channel.SMS, recipient=phone, body=body, topic=topic)
    db.session.add(message)
    return message


def queue_email(
    address: str | None, subject: str, body: str, topic: str
) -> OutboxMessage | None:
    if not address:
        return None
    message = OutboxMessage(
        channel=Channel.EMAIL, recipient=address, subject=subject, body=body, topic=topic
    )
    db.session.add(message)
    return message


@event.listens_for(Session, "after_flush")
def _note_new_messages(session: Session, flush_context: Any) -> None:
    ids = [obj.id for obj in session.new if isinstance(obj, OutboxMessage)]
    dispatch_after_commit(session, DISPATCH, ids)


class SmsProvider(Protocol):
    def send(self, phone: str, body: str) -> None: ...


class LoggingSmsProvider:
    """The default: writes the SMS to the log (no SMS contract is configured)."""

    def send(self, phone: str, body: str) -> None:
        log.info("SMS to %s: %s", phone[:4] + "****" + phone[-3:], body)


def configured_sms() -> SmsProvider:
    """The SMS provider named by SMS_PROVIDER ("module:Class")."""
    return import_string(current_app.config["SMS_PROVIDER"].replace(":", "."))()


def _send_email(message: Any) -> None:
    config = current_app.config
    email = EmailMessage()
    email["From"] = config["MAIL_FROM"]
    email["To"] = message.recipient
    email["Subject"] = message.subject or ""
    email.set_content(message.body)
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
        if config.get("MAIL_USERNAME"):
            smtp.starttls()
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(email)


def _channels() -> list[Channel]:
    """E-mail waits (stays pending) while MAIL_SERVER is not configured."""
    return [Channel.SMS] + ([Channel.EMAIL] if current_app.config.get("MAIL_SERVER") else [])


def _claimable(now: datetime) -> Any:
    """Due and pending, or claimed so long ago that its worker must have died."""
    stale = now - current_app.config["OUTBOX_CLAIM_TIMEOUT"]
    return and_(OutboxMessage.channel.in_(_channels()), or_(
        and_(OutboxMessage.status == OutboxStatus.PENDING,
             or_(OutboxMessage.available_at.is_(None), OutboxMessage.available_at <= now)),
        and_(OutboxMessage.status == OutboxStatus.SENDING, OutboxMessage.claimed_at < stale),
    ))


def _claim(which: Any, now: datetime) -> tuple[str, list[int]]:
    """Claim the claimable messages `which` selects, in one committed UPDATE:
    (the claim's token, the ids it took)."""
    token = secrets.token_hex(16)
    db.session.execute(
        update(OutboxMessage)
        .where(which, _claimable(now))
        .values(status=OutboxStatus.SENDING, claim_token=token, claimed_at=now,
                attempts=OutboxMessage.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    claimed = db.session.scalars(
        select(OutboxMessage.id).where(OutboxMessage.claim_token == token)
        .order_by(OutboxMessage.id)
    ).all()
    return token, list(claimed)


def backoff(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed attempt: OUTBOX_RETRY_SECONDS, doubled each time."""
    return timedelta(seconds=current_app.config["OUTBOX_RETRY_SECONDS"] * 2 ** (attempts - 1))


def _finish(message_id: int, token: str, **values: Any) -> None:
    """Record the outcome, only while the claim is still ours (never a later claimer's)."""
    done = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.claim_token == token,
               OutboxMessage.status == OutboxStatus.SENDING)
        .values(claim_token=None, **values)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    if done != 1:
        log.warning("Outbox message %s was claimed again while it was being sent", message_id)


class Attempt(NamedTuple):
    sent: bool
    retry_in: timedelta | None  # when it failed and may be tried again


def _attempt(message_id: int, token: str, sms: SmsProvider, now: datetime) -> Attempt:
    """Send one claimed message and record how it went."""
    message = db.session.execute(
        select(OutboxMessage.channel, OutboxMessage.recipient, OutboxMessage.subject,
               OutboxMessage.body, OutboxMessage.attempts)
        .where(OutboxMessage.id == message_id)
    ).one()
    db.session.rollback()  # no transaction stays open while the provider answers
    try:
        if message.channel == Channel.SMS:
            sms.send(message.recipient, message.body)
        else:
            _send_email(message)
    except Exception as error:  # a provider is others' code: whatever it raises is a failed
        # attempt, recorded now, never a claim left hanging until it times out
        attempts, error_text = message.attempts, (str(error) or type(error).__name__)[:300]
        if attempts >= current_app.config["OUTBOX_MAX_ATTEMPTS"]:
            _finish(message_id, token, status=OutboxStatus.FAILED, last_error=error_text)
            log.error("Gave up outbox message %s after %s attempts: %s",
                      message_id, attempts, error_text)
            return Attempt(sent=False, retry_in=None)
        wait = backoff(attempts)
        _finish(message_id, token, status=OutboxStatus.PENDING, last_error=error_text,
                available_at=now + wait)
        return Attempt(sent=False, retry_in=wait)
    _finish(message_id, token, status=OutboxStatus.SENT, sent_at=utcnow())
    return Attempt(sent=True, retry_in=None)


def deliver(message_id: int, sms: SmsProvider | None = None,
            now: datetime | None = None) -> timedelta | None:
    """Claim and send one message (the job queued after its commit).

    Returns the wait before the next attempt when sending failed and may be retried;
    None when it was sent, given up, or is not claimable (sent already, someone else's,
    not due yet): delivering the same id twice sends it once."""
    now = now or utcnow()
    token, claimed = _claim(OutboxMessage.id == message_id, now)
    if not claimed:
        return None
    return _attempt(message_id, token, sms or configured_sms(), now).retry_in


def send_pending(sms: SmsProvider | None = None, limit: int = 100,
                 now: datetime | None = None) -> int:
    """Claim and deliver up to `limit` due messages (the periodic sweep, and the
    send-notifications command); returns how many were sent."""
    now = now or utcnow()
    sms = sms or configured_sms()
    # The next due message, `FOR UPDATE SKIP LOCKED` on PostgreSQL: a sweep on another host
    # takes the row after it instead of waiting. A CTE, evaluated once: as an IN subquery
    # PostgreSQL may run it again for each row and claim more than one. SQLite has no row
    # locks but one writer, so the UPDATE sees the other sweep's committed claims. One at a
    # time, so no claim grows older than one send while a batch is worked through.
    due = (select(OutboxMessage.id).where(_claimable(now)).order_by(OutboxMessage.id)
           .limit(1).with_for_update(skip_locked=True).cte("due"))
    sent = attempted = 0
    while attempted < limit:
        token, claimed = _claim(OutboxMessage.id.in_(select(due.c.id)), now)
        if not claimed:
            break
        for message_id in claimed:
            sent += _attempt(message_id, token, sms, now).sent
        attempted += len(claimed)
    return sent


def failed_messages(limit: int = 50) -> list[OutboxMessage]:
    """Messages given up after their last attempt, newest first (the admin's failures page)."""
    return list(db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.status == OutboxStatus.FAILED)
        .order_by(OutboxMessage.id.desc()).limit(limit)
    ))


def retry_failed(message_id: int) -> None:
    """Put a failed message back in the queue with a fresh set of attempts; its delivery
    is queued after this commit."""
    reset = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.status == OutboxStatus.FAILED)
        .values(status=OutboxStatus.PENDING, attempts=0, available_at=None, claim_token=None)
        .execution_options(synchronize_session=False)
    ).rowcount
    if reset != 1:
        db.session.rollback()
        raise OutboxError(_l("This message is no longer waiting for a retry."))
    dispatch_after_commit(db.session, DISPATCH, [message_id])
    db.session.commit()


def backlog() -> tuple[int, datetime | None]:
    """How many messages wait to be sent (or are being sent), and since when the oldest:
    a backlog that only grows means no worker is running."""
    waiting = OutboxMessage.status.in_([OutboxStatus.PENDING, OutboxStatus.SENDING])
    count, oldest = db.session.execute(
        select(func.count(), func.min(OutboxMessage.created_at)).where(waiting)).one()
    return count, oldest
