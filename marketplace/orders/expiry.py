"""Expiring unpaid online orders: their held stock goes back on sale.

`expire_orders(now)` is idempotent and safe beside a payment callback: each order
is claimed with `UPDATE orders SET status='expired' WHERE id=? AND
status='pending_payment'`, so an order the callback has just marked paid is left
alone, and an order expired once is never expired (nor restocked) again.
The job worker runs it every minute (marketplace/ops/jobs.py); `flask --app wsgi
expire-orders` runs it once.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update

from marketplace.catalogue.inventory import return_stock
from marketplace.extensions import db
from marketplace.models import (
    LineStatus,
    Order,
    OrderEvent,
    OrderLine,
    OrderStatus,
    Payment,
    PaymentState,
)
from marketplace.models.base import utcnow


def expire_orders(now: datetime | None = None) -> int:
    """Expire every online order still unpaid after its `expires_at`; returns how many."""
    now = now or utcnow()
    due = db.session.scalars(
        select(Order.id).where(
            Order.status == OrderStatus.PENDING_PAYMENT, Order.expires_at <= now
        ).order_by(Order.id)
    ).all()
    expired = 0
    for order_id in due:
        claimed = db.session.execute(
            update(Order)
            .where(Order.id == order_id, Order.status == OrderStatus.PENDING_PAYMENT)
            .values(status=OrderStatus.EXPIRED)
            .execution_options(synchronize_session=False)
        ).rowcount
        if claimed != 1:
            db.session.rollback()
            continue
        lines = db.session.scalars(
            select(OrderLine).where(
                OrderLine.order_id == order_id, OrderLine.status != LineStatus.CANCELLED
            )
        ).all()
        for line in lines:
            return_stock(line.product_id, line.quantity)
            line.status = LineStatus.CANCELLED
            line.cancel_reason = "payment time ran out"
        db.session.execute(
            update(Payment)
            .where(Payment.order_id == order_id, Payment.state == PaymentState.PENDING)
            .values(state=PaymentState.CANCELLED, failure_reason="expired before payment")
            .execution_options(synchronize_session=False)
        )
        db.session.add(OrderEvent(order_id=order_id, status=OrderStatus.EXPIRED,
                                  note="payment time ran out", created_at=now))
        db.session.commit()
        expired += 1
    return expired

