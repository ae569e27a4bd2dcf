"""Messages to buyers and makers about orders, added to the outbox inside the caller's
transaction, so a message goes out exactly when its change is committed.

SMS go out in Persian (the buyers' and makers' language); the e-mail copy too. Links are
absolute: SITE_URL from the configuration, else the host of the request being served
(development), so a link in an SMS always opens the order.
"""

from __future__ import annotations

from flask import current_app, has_request_context, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.models import LineStatus, Order, OrderLine, Refund, ReturnRequest, Trainee
from marketplace.notifications.outbox import queue_email, queue_sms
from marketplace.text import persian
from marketplace.text.money import split_amount


def order_link(order: Order) -> str:
    """The public tracking address of an order (its private link)."""
    base = str(current_app.config.get("SITE_URL") or "").rstrip("/")
    if base:
        return f"{base}/orders/{order.code}"
    if has_request_context():
        return url_for("shop.order", code=order.code, _external=True)
    return f"/orders/{order.code}"


def _to_buyer(order: Order, subject: str, body: str, topic: str) -> None:
    queue_sms(order.contact_phone, body, topic)
    queue_email(order.contact_email, subject, body, topic)


def _money(rials: int) -> str:
    return persian.format_money(rials, "fa")


def order_placed(order: Order) -> None:
    """Tell the buyer the order exists (makers hear when it is paid: `order_paid`)."""
    with force_locale("fa"):
        body = _(
            "Rooyesh: your order %(code)s was placed. Total %(total)s. Track it: %(link)s",
            code=order.code, total=_money(order.total_rials), link=order_link(order),
        )
        _to_buyer(order, _("Your Rooyesh order %(code)s", code=order.code), body, "order_placed")


def order_paid(order: Order) -> None:
    """The money is in (online, confirmed transfer, or cash at delivery): tell the buyer,
    and each maker of each line still sold that her work was sold."""
    with force_locale("fa"):
        body = _(
            "Rooyesh: we received the payment for order %(code)s. Thank you! %(link)s",
            code=order.code, link=order_link(order),
        )
        _to_buyer(order, _("Payment received for order %(code)s", code=order.code), body,
                  "order_paid")
        lines = [ln for ln in order.lines
                 if ln.makers_snapshot and ln.status != LineStatus.CANCELLED]
        ids = {m["trainee_id"] for ln in lines for m in ln.makers_snapshot}
        phones = dict(db.session.execute(
            select(Trainee.id, Trainee.phone).where(Trainee.id.in_(ids))
        ).all()) if ids else {}
        for line in lines:
            _makers_sold(line, phones)


def _makers_sold(line: OrderLine, phones: dict[int, str | None]) -> None:
    """One SMS per maker with her share of the line's wage part (within force_locale)."""
    makers = line.makers_snapshot
    shares = split_amount(line.wage_rials, [m["share_pct"] for m in makers])
    for maker, share in zip(makers, shares, strict=True):
        queue_sms(
            phones.get(maker["trainee_id"]),
            _(
                "Rooyesh: an item you made was sold (%(title)s). "
                "Your share of its wage: %(amount)s.",
                title=line.title_fa, amount=_money(share),
            ),
            "maker_sold",
        )


def line_sent(order: Order, line: OrderLine) -> None:
    """A line was posted (with its tracking number) or is ready at its centre (with the
    pick-up code the centre's staff will ask for)."""
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
                "Your pick-up code: %(pickup)s. %(link)s",
                title=line.title_fa, code=order.code, centre=line.centre.name_fa,
                pickup=persian.to_persian_digits(order.pickup_code or ""),
                link=order_link(order),
            )
        _to_buyer(order, _("Order %(code)s is on its way", code=order.code), body,
                  "order_shipped")


def line_delivered(order: Order, line: OrderLine) -> None:
    with force_locale("fa"):
        body = _(
            "Rooyesh: %(title)s of order %(code)s was delivered. If something is wrong you "
            "may ask to return it within 7 days: %(link)s",
            title=line.title_fa, code=order.code, link=order_link(order),
        )
        _to_buyer(order, _("Order %(code)s was delivered", code=order.code), body,
                  "order_delivered")


def line_cancelled(order: Order, line: OrderLine, reason: str) -> None:
    with force_locale("fa"):
        body = _(
            "Rooyesh: %(title)s of order %(code)s was cancelled: %(reason)s. %(link)s",
            title=line.title_fa, code=order.code, reason=reason, link=order_link(order),
        )
        _to_buyer(order, _("Order %(code)s changed", code=order.code), body, "order_cancelled")


def order_cancelled(order: Order) -> None:
    with force_locale("fa"):
        body = _(
            "Rooyesh: your order %(code)s was cancelled. %(link)s",
            code=order.code, link=order_link(order),
        )
        _to_buyer(order, _("Order %(code)s was cancelled", code=order.code), body,
                  "order_cancelled")


def return_decided(request: ReturnRequest) -> None:
    line = request.line
    order = line.order
    with force_locale("fa"):
        if request.status == "accepted":
            body = _(
                "Rooyesh: your return of %(title)s (order %(code)s) was accepted. Please send "
                "it back; your refund is on its way. %(link)s",
                title=line.title_fa, code=order.code, link=order_link(order),
            )
        else:
            body = _(
                "Rooyesh: your return of %(title)s (order %(code)s) was refused: %(reason)s. "
                "%(link)s",
                title=line.title_fa, code=order.code, reason=request.decision_reason or "",
                link=order_link(order),
            )
        _to_buyer(order, _("Your return for order %(code)s", code=order.code), body,
                  "return_decided")


def refunded(refund: Refund) -> None:
    order = refund.order
    with force_locale("fa"):
        body = _(
            "Rooyesh: %(amount)s was refunded to you for order %(code)s (reference "
            "%(reference)s). %(link)s",
            amount=_money(refund.amount_rials), code=order.code,
            reference=refund.reference or "—", link=order_link(order),
        )
        _to_buyer(order, _("Refund for order %(code)s", code=order.code), body, "refunded")
