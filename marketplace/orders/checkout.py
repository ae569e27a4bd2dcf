"""Placing an order: one function, one transaction (django-oscar's OrderCreator, small).

`place_order(details, quantities, buyer=..., idempotency_key=...)` takes stock with
atomic conditional UPDATEs (inventory.take_stock, in product-id order), then reloads
the products and builds the order from the database alone: the browser only says
*which* products and *how many*. It writes the Order, its lines (title, price, wage
part and makers as they are now), the first OrderEvent, a pending Payment and the
outbox messages, and commits once. On InsufficientStock nothing is written.

Pick-up with items from several centres: each line is collected at its own centre
(`OrderLine.centre_id`); `Order.pickup_centre_id` names the centre of the first line
so the order has one to show, and the order page lists every line's centre.

A repeated submit with the same idempotency key returns the existing order (the key
is UNIQUE, so even two submits racing each other make one order).

`expected_total_rials` is the total the buyer reviewed: if the order built from the
database's prices, stock and fees comes to anything else (a price changed between her
review and her confirming), TotalChanged is raised and nothing is written, so she is
never charged an amount she did not see.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from marketplace.catalogue.inventory import InsufficientStock, take_stock
from marketplace.extensions import db
from marketplace.models import (
    DeliveryMethod,
    Order,
    OrderEvent,
    OrderLine,
    OrderStatus,
    Payment,
    PaymentProvider,
    Product,
    ProductMaker,
    User,
)
from marketplace.models.base import utcnow
from marketplace.orders import OrderError, notify, shipping
from marketplace.orders.codes import canonical, new_order_code
from marketplace.orders.payments.offline import bank_transfer_offered

__all__ = ["CheckoutDetails", "CheckoutError", "InsufficientStock", "TotalChanged",
           "new_order_code", "place_order"]


class CheckoutError(OrderError):
    """The order cannot be placed as asked."""


CHANGED_SINCE_REVIEW = _l("Something in your order changed since you reviewed it (a price, "
                          "what is in stock or your cart). Check the new total and review "
                          "the order again.")


class TotalChanged(CheckoutError):
    """The order would cost other than the total the buyer reviewed."""

    def __init__(self, reviewed: int, actual: int) -> None:
        super().__init__(CHANGED_SINCE_REVIEW)
        self.reviewed, self.actual = reviewed, actual


@dataclass
class CheckoutDetails:
    """What the checkout form collected, already validated and normalised."""

    contact_name: str
    contact_phone: str
    delivery_method: str
    payment_provider: str
    contact_email: str | None = None
    province_code: str | None = None
    city: str | None = None
    address: str | None = None
    postal_code: str | None = None


def _check(details: CheckoutDetails, quantities: Mapping[int, int]) -> None:
    if not quantities or any(q < 1 for q in quantities.values()):
        raise CheckoutError(_l("Your cart is empty."))
    if details.payment_provider not in PaymentProvider.values():
        raise CheckoutError(_l("Choose a way to pay."))
    if details.payment_provider == PaymentProvider.BANK_TRANSFER and not bank_transfer_offered():
        raise CheckoutError(_l("Bank transfer is not offered; choose another way to pay."))
    if details.delivery_method not in DeliveryMethod.values():
        raise CheckoutError(_l("Choose post or pick-up."))
    if details.delivery_method == DeliveryMethod.POST and not (
        details.province_code and details.city and details.address and details.postal_code
    ):
        raise CheckoutError(_l("Post needs the province, city, address and postal code."))


def _makers_snapshot(product: Product) -> list[dict]:
    return [
        {
            "trainee_id": maker.trainee_id,
            "share_pct": maker.share_pct,
            "public_name": maker.trainee.given_name if maker.trainee.show_given_name else None,
        }
        for maker in product.makers
    ]


def _existing(idempotency_key: str | None) -> Order | None:
    if not idempotency_key:
        return None
    return db.session.scalar(select(Order).where(Order.idempotency_key == idempotency_key))


def place_order(
    details: CheckoutDetails,
    quantities: Mapping[int, int],
    *,
    buyer: User | None,
    idempotency_key: str | None = None,
    expected_total_rials: int | None = None,
    now: datetime | None = None,
) -> Order:
    """Place the order in one transaction and return it (or the one already made with
    this idempotency key). Raises InsufficientStock, TotalChanged (the total is not
    `expected_total_rials`) or CheckoutError, writing nothing."""
    _check(details, quantities)
    existing = _existing(idempotency_key)
    if existing is not None:
        return existing
    now = now or utcnow()
    try:
        take_stock(quantities)
        order = _build(details, quantities, buyer, idempotency_key, now)
        if expected_total_rials is not None and order.total_rials != expected_total_rials:
            raise TotalChanged(expected_total_rials, order.total_rials)
        notify.order_placed(order)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        existing = _existing(idempotency_key)
        if existing is None:
            raise
        return existing
    except Exception:  # InsufficientStock, CheckoutError or worse: nothing stays written
        db.session.rollback()
        raise
    return order


def _build(
    details: CheckoutDetails,
    quantities: Mapping[int, int],
    buyer: User | None,
    idempotency_key: str | None,
    now: datetime,
) -> Order:
    """Order, lines, first event and payment from the database's prices (stock taken).
    One query loads products, makers and trainees: the stock taken is locked until the
    commit, so every round trip here delays other buyers."""
    products = db.session.scalars(
        select(Product)
        .where(Product.id.in_(list(quantities)))
        .options(joinedload(Product.makers).joinedload(ProductMaker.trainee))
        .order_by(Product.id)
        .execution_options(populate_existing=True)  # prices as of now, not as first loaded
    ).unique().all()
    lines = [
        OrderLine(
            product_id=p.id, driver_id=p.driver_id, centre_id=p.centre_id,
            title_fa=p.title_fa, title_en=p.title_en,
            unit_price_rials=int(p.price_rials or 0), quantity=quantities[p.id],
            line_total_rials=int(p.price_rials or 0) * quantities[p.id],
            wage_rials=p.unit_wage_rials * quantities[p.id],
            makers_snapshot=_makers_snapshot(p),
        )
        for p in products
    ]
    pickup = details.delivery_method == DeliveryMethod.PICKUP
    weight = shipping.parcel_weight_g((p.weight_g, quantities[p.id]) for p in products)
    fee = shipping.shipping_fee(details.province_code, weight, pickup=pickup)
    subtotal = sum(line.line_total_rials for line in lines)
    online = details.payment_provider == PaymentProvider.ZARINPAL
    if online and subtotal + fee == 0:
        raise CheckoutError(_l("Nothing to pay online; choose another way to pay."))
    status = OrderStatus.PENDING_PAYMENT if online else OrderStatus.PLACED
    ttl = current_app.config["ONLINE_PAYMENT_TTL"]
    order = Order(
        code=new_order_code(), idempotency_key=idempotency_key,
        buyer_id=buyer.id if buyer is not None else None,
        contact_name=details.contact_name, contact_phone=details.contact_phone,
        contact_email=details.contact_email or None,
        delivery_method=details.delivery_method,
        province_code=None if pickup else details.province_code,
        city=None if pickup else details.city,
        address=None if pickup else details.address,
        postal_code=None if pickup else details.postal_code,
        pickup_centre_id=products[0].centre_id if pickup else None,
        payment_provider=details.payment_provider, status=status,
        subtotal_rials=subtotal, shipping_rials=fee, total_rials=subtotal + fee,
        created_at=now, expires_at=now + ttl if online else None,
        lines=lines,
    )
    db.session.add(order)
    order.events.append(
        OrderEvent(status=status, actor_id=buyer.id if buyer else None, created_at=now)
    )
    if order.total_rials > 0:
        order.payments.append(
            Payment(provider=details.payment_provider, amount_rials=order.total_rials,
                    created_at=now)
        )
    db.session.flush()  # a duplicate idempotency key fails here, before any message
    return order


def order_by_idempotency_key(key: str) -> Order | None:
    """The order an earlier submit of the same checkout form placed, if any."""
    return db.session.scalar(select(Order).where(Order.idempotency_key == key))


def order_by_code(code: str) -> Order | None:
    """The order with this public code, its lines, events and payments eagerly loaded."""
    code = canonical(code)
    if code is None:
        return None
    return db.session.scalar(
        select(Order)
        .where(Order.code == code)
        .options(
            selectinload(Order.lines).joinedload(OrderLine.centre),
            selectinload(Order.lines).joinedload(OrderLine.driver),
            selectinload(Order.lines).joinedload(OrderLine.product)
            .selectinload(Product.photos),  # the lines' thumbnails
            selectinload(Order.events),
            selectinload(Order.payments),
            selectinload(Order.refunds),
            joinedload(Order.pickup_centre),
        )
    )
