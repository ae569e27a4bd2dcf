"""Demo orders in every state of their life, made through the shop's own operations (as a
buyer, a driver, centre staff and the admin would) and dated back from the real clock, so
that the recent ones can be tried at once: a line delivered three days ago can still be
returned, and an order waits at centre 1 for staff1 to hand over against its code."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.models import (
    LineStatus,
    Order,
    OrderLine,
    OrderStatus,
    PaymentState,
    Product,
    ProductStatus,
    ReturnRequest,
    User,
)
from marketplace.models.base import utcnow
from marketplace.orders import refunds, returns, reviews, status
from marketplace.orders.checkout import CheckoutDetails, place_order
from marketplace.orders.payments.offline import confirm_bank_transfer, submit_reference
from marketplace.text.persian import to_tehran

POST = {"delivery_method": "post", "province_code": "razavi-khorasan", "city": "مشهد",
        "address": "مشهد، بلوار وکیل‌آباد، کوچه ۱۲، پلاک ۸", "postal_code": "9188888888"}
PICKUP = {"delivery_method": "pickup"}


def _user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email))


def _driver_of(line: OrderLine) -> User | None:
    return db.session.scalar(select(User).where(User.driver_id == line.driver_id))


def _order(products: list[Product], when: datetime, who: User | None = None,
           provider: str = "cod", delivery: dict[str, str] = POST) -> Order:
    details = CheckoutDetails(
        contact_name=who.full_name if who else "مهمان فروشگاه",
        contact_phone=(who.phone if who else None) or "09351234567",
        contact_email=who.email if who else None, payment_provider=provider, **delivery)
    return place_order(details, {p.id: 1 for p in products}, buyer=who, now=when)


def _ship(order: Order, when: datetime, rng: random.Random) -> None:
    for line in order.lines:
        status.set_line_status(line, LineStatus.SHIPPED, actor=_driver_of(line),
                               tracking_number=f"{rng.randrange(10**23, 10**24)}", now=when)


def _deliver(order: Order, when: datetime) -> None:
    for line in order.lines:
        status.set_line_status(line, LineStatus.DELIVERED, actor=_driver_of(line), now=when)


def _paid_online(order: Order, when: datetime, rng: random.Random) -> None:
    """As the gateway's verified callback leaves it (its own code needs the gateway)."""
    payment = order.payments[0]
    payment.state, payment.paid_at = PaymentState.PAID, when
    payment.provider_ref = f"demo-{rng.getrandbits(40)}"
    status.move_order(order, OrderStatus.PAID, actor=None, now=when, note="ZarinPal (demo)")
    db.session.commit()


def _make_ready(order: Order, when: datetime) -> None:
    line = order.lines[0]
    status.set_line_status(line, LineStatus.READY_FOR_PICKUP, actor=_driver_of(line), now=when)


def seed_orders(rng: random.Random) -> None:
    listed = select(Product).where(Product.status == ProductStatus.LISTED, Product.stock >= 2)
    at_centre1 = list(db.session.scalars(
        listed.where(Product.centre_id == 1).order_by(Product.id).limit(3)))
    elsewhere = list(db.session.scalars(
        listed.where(Product.centre_id != 1).order_by(Product.id).limit(16)))
    if len(at_centre1) < 3 or len(elsewhere) < 16:
        return  # a tiny catalogue (--products 0): no demo orders
    buyer, staff1 = _user("buyer@rooyesh.test"), _user("staff1@rooyesh.test")
    now = utcnow()

    def ago(days: float) -> datetime:
        return now - timedelta(days=days)

    take: Iterator[Product] = iter(elsewhere)
    # Delivered by post a month ago, and three days ago (a return can be asked for now).
    old = _order([next(take), next(take)], ago(30), buyer)
    _ship(old, ago(29), rng)
    _deliver(old, ago(26))
    recent = _order([next(take)], ago(6), buyer)
    _ship(recent, ago(5), rng)
    _deliver(recent, ago(3))
    # Posted yesterday with its tracking number; being prepared; just placed.
    _ship(_order([next(take)], ago(2), buyer), ago(1), rng)
    preparing = _order([next(take)], ago(1.2))
    status.set_line_status(preparing.lines[0], LineStatus.PREPARING,
                           actor=_driver_of(preparing.lines[0]), now=ago(1))
    _order([next(take)], ago(0.1))
    # Pick-up at centre 1: paid by bank transfer and ready (staff1 hands it over against
    # the buyer's code); one placed and waiting for its driver; one collected last week.
    ready = _order(at_centre1[:1], ago(4), buyer, "bank_transfer", PICKUP)
    submit_reference(ready.payments[0], "730012345678")
    confirm_bank_transfer(ready.payments[0], staff1)
    _make_ready(ready, ago(1))
    _order(at_centre1[1:2], ago(0.25), delivery=PICKUP)
    collected = _order(at_centre1[2:3], ago(9), delivery=PICKUP)
    _make_ready(collected, ago(8))
    status.collect(collected, collected.pickup_code or "", actor=staff1, centre_ids=None,
                   now=ago(7))
    # Paid online, then cancelled by the buyer: a refund due. Unpaid and cancelled: nothing.
    paid = _order([next(take)], ago(2), provider="zarinpal")
    _paid_online(paid, ago(2), rng)
    status.cancel_by_buyer(paid, actor=None, reason="منصرف شدم", now=ago(1.8))
    status.cancel_by_buyer(_order([next(take)], ago(3)), actor=None, reason="", now=ago(3))
    _order([next(take)], ago(0.05), provider="zarinpal")  # awaiting its online payment
    _returns([next(take) for _ in range(3)], ago, rng)
    _reviews(old, ago, rng)


def _reviews(old: Order, ago: Callable[[float], datetime], rng: random.Random) -> None:
    """The buyer reviews last month's two items: one answered by its driver, one hidden
    by the admin; a second buyer reviews the first item too. The order three days old
    is left unreviewed, for trying the form."""
    buyer, other = _user("buyer@rooyesh.test"), _user("buyer2@rooyesh.test")
    first, second = old.lines
    answered = reviews.write_review(
        first, buyer, 5, "نقش و رنگ دقیقاً همان عکس بود و بافتش بسیار تمیز است. "
        "بسته‌بندی هم محکم بود.", now=ago(24))
    reviews.answer_review(answered, _driver_of(first),
                          "سپاس از شما! به بافنده‌اش در مرکز خبر می‌دهیم.", now=ago(23))
    hidden = reviews.write_review(second, buyer, 2, "برای تخفیف به این شماره پیام بدهید.",
                                  now=ago(22))
    reviews.hide_review(hidden, _user("admin@rooyesh.test"),
                        "تبلیغ و شماره تماس؛ نظر درباره کالا نیست.", now=ago(21))
    if other is None or first.product.stock < 1:
        return
    again = _order([first.product], ago(15), other)
    _ship(again, ago(14), rng)
    _deliver(again, ago(12))
    reviews.write_review(again.lines[0], other, 4,
                         "زیباست؛ فقط رنگش کمی روشن‌تر از عکس است.", now=ago(11))


def _returns(products: list[Product], ago: Callable[[float], datetime],
             rng: random.Random) -> None:
    """One return asked for (its driver decides), one accepted and on its way back, one
    received back and refunded by the admin."""
    asked, accepted, settled = (
        _order([p], ago(d + 3)) for p, d in zip(products, (3, 4, 10), strict=True))
    for order, delivered in ((asked, 2), (accepted, 3), (settled, 9)):
        _ship(order, ago(delivered + 2), rng)
        _deliver(order, ago(delivered))
    returns.request_return(asked.lines[0], "رنگ آن با عکس فرق دارد.", now=ago(1))
    for order, days in ((accepted, 2), (settled, 8)):
        line = order.lines[0]
        request = returns.request_return(line, "اندازه مناسب نبود.", now=ago(days))
        returns.decide_return(request, True, "کالا سالم بازگردانده شود.", _driver_of(line),
                              now=ago(days - 1))
    request = db.session.scalar(select(ReturnRequest).where(
        ReturnRequest.line_id == settled.lines[0].id))
    returns.receive_back(request, _driver_of(settled.lines[0]), now=ago(5))
    refunds.settle(settled.refunds[0], actor=_user("admin@rooyesh.test"),
                   method="card_to_card", reference="603799001122",
                   refunded_on=to_tehran(ago(4)).date(), now=ago(4))
