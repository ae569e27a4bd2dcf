"""Orders, their lines (snapshots), status history, payments and returns."""

from __future__ import annotations

from datetime import date, datetime
from enum import nonmember
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.extensions import db
from marketplace.models.base import Choice, HasVariants, one_of, utcnow

if TYPE_CHECKING:
    from marketplace.models.catalogue import Product
    from marketplace.models.people import Driver, User
    from marketplace.models.programme import Centre


class OrderStatus(Choice):
    PENDING_PAYMENT = "pending_payment"  # online payment not yet verified; stock is held
    PLACED = "placed"  # pay on delivery / bank transfer awaiting confirmation
    PAID = "paid"
    PREPARING = "preparing"
    SHIPPED = "shipped"
    READY_FOR_PICKUP = "ready_for_pickup"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"
    EXPIRED = "expired"
    # The one place that says which moves are allowed.
    TRANSITIONS = nonmember({
        PENDING_PAYMENT: {PAID, CANCELLED, EXPIRED},
        PLACED: {PAID, PREPARING, CANCELLED, DELIVERED},
        PAID: {PREPARING, SHIPPED, READY_FOR_PICKUP, CANCELLED},
        PREPARING: {SHIPPED, READY_FOR_PICKUP, CANCELLED},
        SHIPPED: {DELIVERED},
        READY_FOR_PICKUP: {DELIVERED},
        DELIVERED: set(),
        CANCELLED: set(),
        EXPIRED: set(),
    })



class LineStatus(Choice):
    OPEN = "open"
    PREPARING = "preparing"
    SHIPPED = "shipped"
    READY_FOR_PICKUP = "ready_for_pickup"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"
    RETURNED = "returned"
    TRANSITIONS = nonmember({
        OPEN: {PREPARING, SHIPPED, READY_FOR_PICKUP, CANCELLED},
        PREPARING: {SHIPPED, READY_FOR_PICKUP, CANCELLED},
        SHIPPED: {DELIVERED},
        READY_FOR_PICKUP: {DELIVERED},
        DELIVERED: {RETURNED},
        CANCELLED: set(),
        RETURNED: set(),
    })



class OrderNote(Choice):
    """History entries that are not a status of the order or a line."""

    TRANSFER_REPORTED = "transfer_reported"
    PAYMENT_RECEIVED = "payment_received"  # pay on delivery: the money is in hand
    RETURN_REQUESTED = "return_requested"
    RETURN_ACCEPTED = "return_accepted"
    RETURN_REFUSED = "return_refused"
    RETURN_RECEIVED = "return_received"  # the returned item is back with the driver
    REFUND_DUE = "refund_due"
    REFUNDED = "refunded"


# What an order's history may record: its statuses, its lines' statuses and the notes.
EVENT_STATUSES = tuple(dict.fromkeys((*OrderStatus, *LineStatus, *OrderNote)))


class DeliveryMethod(Choice):
    POST = "post"
    PICKUP = "pickup"



class PaymentProvider(Choice):
    COD = "cod"  # pay on delivery or at pick-up
    BANK_TRANSFER = "bank_transfer"
    ZARINPAL = "zarinpal"



class PaymentState(Choice):
    PENDING = "pending"
    PAID = "paid"
    FAILED = "failed"
    CANCELLED = "cancelled"



class ReturnStatus(Choice):
    REQUESTED = "requested"
    ACCEPTED = "accepted"  # a refund is due; the item is on its way back
    REFUSED = "refused"
    RECEIVED = "received"  # the driver has the item back: it is in stock again
    TRANSITIONS = nonmember({
        REQUESTED: {ACCEPTED, REFUSED},
        ACCEPTED: {RECEIVED},
        REFUSED: set(),
        RECEIVED: set(),
    })


class RefundReason(Choice):
    CANCELLED = "cancelled"  # a paid order or line cancelled before it left
    RETURNED = "returned"  # an accepted return


class RefundStatus(Choice):
    DUE = "due"
    REFUNDED = "refunded"
    TRANSITIONS = nonmember({DUE: {REFUNDED}, REFUNDED: set()})


class RefundMethod(Choice):
    CARD_TO_CARD = "card_to_card"
    BANK_TRANSFER = "bank_transfer"
    GATEWAY = "gateway"  # reversed through the payment gateway
    CASH = "cash"



class Order(db.Model):
    """A buyer's order; `code` is the unguessable public handle."""

    __tablename__ = "orders"
    __table_args__ = (
        one_of("status", OrderStatus),
        one_of("delivery_method", DeliveryMethod),
        one_of("payment_provider", PaymentProvider),
        CheckConstraint("subtotal_rials >= 0", name="subtotal_non_negative"),
        CheckConstraint("shipping_rials >= 0", name="shipping_non_negative"),
        CheckConstraint(
            "total_rials = subtotal_rials + shipping_rials", name="total_is_sum"
        ),
        CheckConstraint(
            "(delivery_method = 'post' AND postal_code IS NOT NULL AND address IS NOT NULL)"
            " OR (delivery_method = 'pickup' AND pickup_centre_id IS NOT NULL)",
            name="delivery_complete",
        ),
        Index("ix_orders_buyer_created", "buyer_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(24), unique=True)
    # Set from the checkout form so a double submit makes one order.
    idempotency_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    buyer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    contact_name: Mapped[str] = mapped_column(String(200))
    contact_phone: Mapped[str] = mapped_column(String(11))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    delivery_method: Mapped[str] = mapped_column(String(10))
    province_code: Mapped[str | None] = mapped_column(String(40))
    city: Mapped[str | None] = mapped_column(String(100))
    address: Mapped[str | None] = mapped_column(Text)
    postal_code: Mapped[str | None] = mapped_column(String(10))
    pickup_centre_id: Mapped[int | None] = mapped_column(ForeignKey("centres.id"))
    payment_provider: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), index=True)
    subtotal_rials: Mapped[int] = mapped_column(BigInteger)
    shipping_rials: Mapped[int] = mapped_column(BigInteger, default=0)
    total_rials: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime | None]
    delivered_at: Mapped[datetime | None]
    # Sent to the buyer when the order is ready at the centre; staff ask for it at hand-over.
    pickup_code: Mapped[str | None] = mapped_column(String(6))

    buyer: Mapped[User | None] = relationship()
    pickup_centre: Mapped[Centre | None] = relationship()
    lines: Mapped[list[OrderLine]] = relationship(back_populates="order", order_by="OrderLine.id")
    events: Mapped[list[OrderEvent]] = relationship(
        back_populates="order", order_by="OrderEvent.id"
    )
    payments: Mapped[list[Payment]] = relationship(back_populates="order", order_by="Payment.id")
    refunds: Mapped[list[Refund]] = relationship(back_populates="order", order_by="Refund.id")


class OrderLine(db.Model):
    """One product in an order, as it was when bought (title, price, makers)."""

    __tablename__ = "order_lines"
    __table_args__ = (
        one_of("status", LineStatus),
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("unit_price_rials >= 0", name="price_non_negative"),
        CheckConstraint(
            "line_total_rials = unit_price_rials * quantity", name="total_is_product"
        ),
        CheckConstraint("wage_rials >= 0", name="wage_non_negative"),
        Index("ix_order_lines_driver_status", "driver_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), index=True)
    driver_id: Mapped[int] = mapped_column(ForeignKey("drivers.id"))
    centre_id: Mapped[int] = mapped_column(ForeignKey("centres.id"))
    title_fa: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str | None] = mapped_column(String(200))
    unit_price_rials: Mapped[int] = mapped_column(BigInteger)
    quantity: Mapped[int]
    line_total_rials: Mapped[int] = mapped_column(BigInteger)
    # The makers' wage part of this line when it was bought, for impact figures.
    wage_rials: Mapped[int] = mapped_column(BigInteger, default=0)
    # [{"trainee_id": 3, "share_pct": 60, "public_name": "مریم" | None}, ...]
    makers_snapshot: Mapped[list] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(20), default=LineStatus.OPEN)
    tracking_number: Mapped[str | None] = mapped_column(String(40))
    cancel_reason: Mapped[str | None] = mapped_column(String(300))

    order: Mapped[Order] = relationship(back_populates="lines")
    product: Mapped[Product] = relationship()
    driver: Mapped[Driver] = relationship()
    centre: Mapped[Centre] = relationship()


class OrderEvent(db.Model):
    """Append-only status history of an order (or of one of its lines)."""

    __tablename__ = "order_events"
    __table_args__ = (one_of("status", EVENT_STATUSES),)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    line_id: Mapped[int | None] = mapped_column(ForeignKey("order_lines.id"))
    status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(String(300))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    order: Mapped[Order] = relationship(back_populates="events")


# A line that still counts as a sale: neither cancelled nor returned (figures, earnings).
LINE_IS_SALE = OrderLine.status.not_in((LineStatus.CANCELLED, LineStatus.RETURNED))
# A unit gone from stock for good: a sale whose order was not cancelled or expired (needs
# the order joined; the stock check counts these).
UNIT_IS_SOLD = LINE_IS_SALE & Order.status.not_in((OrderStatus.CANCELLED, OrderStatus.EXPIRED))


class Payment(db.Model):
    """A payment attempt. The provider's reference is unique, so a callback pays once."""

    __tablename__ = "payments"
    __table_args__ = (
        one_of("provider", PaymentProvider),
        one_of("state", PaymentState),
        CheckConstraint("amount_rials > 0", name="amount_positive"),
        UniqueConstraint("provider", "provider_ref", name="uq_payments_provider_ref"),
        UniqueConstraint("provider", "authority", name="uq_payments_provider_authority"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    provider: Mapped[str] = mapped_column(String(20))
    state: Mapped[str] = mapped_column(String(12), default=PaymentState.PENDING)
    amount_rials: Mapped[int] = mapped_column(BigInteger)
    authority: Mapped[str | None] = mapped_column(String(64))  # gateway's request token
    provider_ref: Mapped[str | None] = mapped_column(String(64))  # gateway's ref id, bank ref
    card_pan_masked: Mapped[str | None] = mapped_column(String(20))
    failure_reason: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    paid_at: Mapped[datetime | None]
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    order: Mapped[Order] = relationship(back_populates="payments")


class ReturnRequest(db.Model):
    """A buyer's request, within 7 days of delivery, to return one line."""

    __tablename__ = "return_requests"
    __table_args__ = (one_of("status", ReturnStatus),)

    id: Mapped[int] = mapped_column(primary_key=True)
    line_id: Mapped[int] = mapped_column(ForeignKey("order_lines.id"), unique=True)
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default=ReturnStatus.REQUESTED)
    decision_reason: Mapped[str | None] = mapped_column(String(300))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]

    received_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    received_at: Mapped[datetime | None]

    line: Mapped[OrderLine] = relationship()
    photos: Mapped[list[ReturnPhoto]] = relationship(order_by="ReturnPhoto.id")


class ReturnPhoto(HasVariants, db.Model):
    """A photo the buyer sent with her return request (through the photo pipeline, so
    its metadata is stripped; files named by content hash, like product photos)."""

    __tablename__ = "return_photos"
    __table_args__ = (CheckConstraint("width > 0 AND height > 0", name="dimensions_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("return_requests.id"), index=True)
    digest: Mapped[str] = mapped_column(String(64))
    width: Mapped[int]
    height: Mapped[int]
    sizes: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Refund(db.Model):
    """Money owed back to a buyer, and its settlement. Its own record: a refund never
    edits the payment it pays back. One per cancelled or returned line, and one for the
    shipping fee of a paid order cancelled whole (no line)."""

    __tablename__ = "refunds"
    __table_args__ = (
        one_of("reason", RefundReason),
        one_of("status", RefundStatus),
        one_of("method", RefundMethod),
        CheckConstraint("amount_rials > 0", name="amount_positive"),
        CheckConstraint(
            "status = 'due' OR (refunded_on IS NOT NULL AND method IS NOT NULL)",
            name="settled_completely",
        ),
        UniqueConstraint("line_id", name="uq_refunds_line_id"),
        Index("ix_refunds_status_id", "status", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    line_id: Mapped[int | None] = mapped_column(ForeignKey("order_lines.id"))
    reason: Mapped[str] = mapped_column(String(10))
    amount_rials: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(10), default=RefundStatus.DUE)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    method: Mapped[str | None] = mapped_column(String(20))
    reference: Mapped[str | None] = mapped_column(String(64))
    refunded_on: Mapped[date | None]
    refunded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    settled_at: Mapped[datetime | None]

    order: Mapped[Order] = relationship(back_populates="refunds")
    line: Mapped[OrderLine | None] = relationship()
