"""Messages about orders, added to the outbox inside the caller's transaction.

SMS go out in Persian (the buyers' and makers' language); the e-mail copy too.
Links use SITE_URL from the configuration, because a domain function has no request.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from marketplace.models import Order, OrderLine
from marketplace.notifications.outbox import queue_email, queue_sms
from marketplace.text import persian
from marketplace.text.money import split_amount


def order_link(order: Order) -> str:
    """The public tracking address of an order."""
    base = str(current_app.config.get("SITE_URL", "")).rstrip("/")
    return f"{base}/orders/{order.code}"


def _to_buyer(order: Order, subject: str, body: str, topic: str) -> None:
    queue_sms(order.contact_phone, body, topic)
    queue_email(order.contact_email, subject, body, topic)


def order_placed(order: Order, maker_phones: dict[int, str | None]) -> None:
    """Tell the buyer the order exists, and each maker (phones by trainee id, loaded with
    the products at checkout) that her work was sold."""
    with force_locale("fa"):
        total = persian.format_money(order.total_rials, "fa")
        body = _(
            "Rooyesh: your order %(code)s was placed. Total %(total)s. Track it: %(link)s",
            code=order.code, total=total, link=order_link(order),
        )
        _to_buyer(order, _("Your Rooyesh order %(code)s", code=order.code), body, "order_placed")
        for line in order.lines:
            _makers_sold(line, maker_phones)


def _makers_sold(line: OrderLine, phones: dict[int, str | None]) -> None:
    """One SMS per maker with her share of the line's wage part (within force_locale)."""
    makers = line.makers_snapshot or []
    if not makers:
        return
    shares = split_amount(line.wage_rials, [m["share_pct"] for m in makers])
    for maker, share in zip(makers, shares, strict=True):
        queue_sms(
            phones.get(maker["trainee_id"]),
            _(
                "Rooyesh: an item you made was sold (%(title)s). "
                "Your share of its wage: %(amount)s.",
                title=line.title_fa, amount=persian.format_money(share, "fa"),
            ),
            "maker_sold",
        )


def order_paid(order: Order) -> None:
    with force_locale("fa"):
        body = _(
            "Rooyesh: we received the payment for order %(code)s. Thank you! %(link)s",
            code=order.code, link=order_link(order),
        )
        _to_buyer(order, _("Payment received for order %(code)s", code=order.code), body,
                  "order_paid")


def line_sent(order: Order, line: OrderLine) -> None:
    """A line was posted (with its tracking number) or is ready at its centre."""
    with force_locale("fa"):
        if line.tracking_number:
            body = _(
                "Rooyesh: %(title)s of order %(code)s was posted. Tracking number: %(number)s. "
                "%(link)s",
                title=line.title_fa, code=order.code, number=line.tracking_number,
                link=order_link(order),
            )
        else:
            body = _(
                "Rooyesh: %(title)s of order %(code)s is ready for pick-up at %(centre)s. "
                "%(link)s",
                title=line.title_fa, code=order.code, centre=line.centre.name_fa,
                link=order_link(order),
            )
        _to_buyer(order, _("Order %(code)s is on its way", code=order.code), body,
                  "order_shipped")
