""""Tell me when it is back": a request on a sold-out product, and one message when its
stock returns.

The message is queued in the outbox inside the transaction that puts the stock back
(`inventory._move` calls `stock_returned` when a product goes from 0 to more), and the
request is marked sent by the same conditional UPDATE that picks it: two restocks, or
two workers, never send it twice, and a rolled-back restock sends nothing.
"""

from __future__ import annotations

import re

from flask import current_app, has_request_context, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from marketplace.errors import DomainError
from marketplace.extensions import db
from marketplace.models import Channel, Product, ProductStatus, StockAlert, User
from marketplace.models.base import utcnow
from marketplace.notifications.outbox import queue_email, queue_sms
from marketplace.text import validators

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


class AlertError(DomainError):
    """A refused "tell me when it is back" request."""

    field = "contact"


def contact_of(user: User) -> tuple[Channel, str]:
    """Where a signed-in buyer hears: her mobile when she gave one, else her e-mail."""
    return (Channel.SMS, user.phone) if user.phone else (Channel.EMAIL, user.email)


def parse_contact(text: str | None) -> tuple[Channel, str]:
    """A typed mobile number or e-mail address, as a channel and a canonical recipient."""
    typed = (text or "").strip()
    if "@" in typed:
        if len(typed) > 254 or not _EMAIL.fullmatch(typed):
            raise AlertError(_l("Enter an e-mail address such as name@example.com."))
        return Channel.EMAIL, typed.lower()
    try:
        return Channel.SMS, validators.mobile(typed)
    except validators.ValidationProblem:
        raise AlertError(_l("Enter a mobile number or an e-mail address.")) from None


def subscribe(product_id: int, channel: Channel, recipient: str, user: User | None = None) -> None:
    """Ask to hear once when a listed, sold-out product is back; asking again is a no-op.
    Commits."""
    stock = db.session.scalar(select(Product.stock).where(
        Product.id == product_id, Product.status == ProductStatus.LISTED))
    if stock is None:
        raise AlertError(_l("This item is not for sale."))
    if stock > 0:
        raise AlertError(_l("It is in stock now: you can buy it."))
    waiting = db.session.scalar(select(StockAlert.id).where(
        StockAlert.product_id == product_id, StockAlert.recipient == recipient,
        StockAlert.sent_at.is_(None)))
    if waiting is None:
        db.session.add(StockAlert(product_id=product_id, channel=channel, recipient=recipient,
                                  user_id=user.id if user else None))
    db.session.commit()


def _product_link(product: Product) -> str:
    path = f"/products/{product.id}-{product.slug}"
    base = str(current_app.config.get("SITE_URL") or "").rstrip("/")
    if base:
        return base + path
    if has_request_context():
        return url_for("shop.product", product_id=product.id, slug=product.slug, _external=True)
    return path


def stock_returned(product_id: int) -> None:
    """A product's stock went from none to some: queue one message for each request still
    waiting and mark it sent, inside the caller's transaction. A product not listed keeps
    its requests until it is back on sale with stock."""
    product = db.session.get(Product, product_id)
    if product is None or product.status != ProductStatus.LISTED:
        return
    taken = db.session.execute(
        update(StockAlert)
        .where(StockAlert.product_id == product_id, StockAlert.sent_at.is_(None))
        .values(sent_at=utcnow())
        .returning(StockAlert.channel, StockAlert.recipient)
        .execution_options(synchronize_session=False)
    ).all()
    if not taken:
        return
    with force_locale("fa"):
        body = _("Rooyesh: %(title)s is back in stock. %(link)s",
                 title=product.title_fa, link=_product_link(product))
        subject = _("%(title)s is back in stock", title=product.title_fa)
    for channel, recipient in taken:
        if channel == Channel.SMS:
            queue_sms(recipient, body, "stock_returned")
        else:
            queue_email(recipient, subject, body, "stock_returned")
