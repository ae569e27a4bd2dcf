"""Outgoing messages. Writers add to the outbox inside their own transaction;
`send_pending` delivers later, so a failed SMTP server never loses an order."""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage
from typing import Protocol

from flask import current_app
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.models import Channel, OutboxMessage, OutboxStatus
from marketplace.models.base import utcnow

log = logging.getLogger(__name__)


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


class SmsProvider(Protocol):
    def send(self, phone: str, body: str) -> None: ...


class LoggingSmsProvider:
    """The default: writes the SMS to the log (no SMS contract is configured)."""

    def send(self, phone: str, body: str) -> None:
        log.info("SMS to %s: %s", phone[:4] + "****" + phone[-3:], body)


def _send_email(message: OutboxMessage) -> None:
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


def send_pending(sms: SmsProvider | None = None, limit: int = 100) -> int:
    """Deliver up to `limit` pending messages; returns how many were sent.

    E-mail waits while MAIL_SERVER is not configured.
    """
    sms = sms or LoggingSmsProvider()
    channels = [Channel.SMS] + ([Channel.EMAIL] if current_app.config.get("MAIL_SERVER") else [])
    pending = db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.channel.in_(channels))
        .order_by(OutboxMessage.id)
        .limit(limit)
    ).all()
    sent = 0
    for message in pending:
        message.attempts += 1
        try:
            if message.channel == Channel.SMS:
                sms.send(message.recipient, message.body)
            else:
                _send_email(message)
        except (OSError, smtplib.SMTPException) as error:
            message.last_error = str(error)[:300]
            if message.attempts >= 5:
                message.status = OutboxStatus.FAILED
        else:
            message.status = OutboxStatus.SENT
            message.sent_at = utcnow()
            sent += 1
        db.session.commit()
    return sent
