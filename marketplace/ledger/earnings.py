"""A driver's figures: the dashboard counts and sales per month, craft and centre.

Sales are order lines of the driver's items that were not cancelled or
returned; each line keeps the price and the makers' wage part it was sold at.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.models import (
    Centre,
    Craft,
    LedgerEntry,
    LineStatus,
    Order,
    OrderLine,
    Product,
    ProductStatus,
    Purchase,
)
from marketplace.models.orders import LINE_IS_SALE
from marketplace.programme import impact
from marketplace.text.persian import current_jalali_month, jalali_month_bounds, to_tehran

WAITING = (LineStatus.OPEN, LineStatus.PREPARING)


@dataclass(frozen=True)
class Figures:
    paid_this_month_rials: int | None  # None: no wage recorded (shown «—», not ۰)
    paid_total_rials: int | None
    items_bought: int
    items_listed: int
    items_sold: int
    lines_waiting: int


@dataclass(frozen=True)
class SalesRow:
    key: object  # (jyear, jmonth), a Craft or a Centre
    sales_rials: int
    wage_rials: int
    units: int

    @property
    def wage_pct(self) -> int | None:
        """Makers' wages as a whole percentage of sales; None with no sales (a share of
        nothing is unknown, not ۰٪)."""
        return self.wage_rials * 100 // self.sales_rials if self.sales_rials else None


def wages_paid(
    driver_id: int, start: date | None = None, end: date | None = None
) -> int | None:
    """Rials paid to trainees (payouts and advances, less those reversed) in [start, end)."""
    filters = [LedgerEntry.driver_id == driver_id]
    if start is not None:
        filters.append(LedgerEntry.occurred_on >= start)
    if end is not None:
        filters.append(LedgerEntry.occurred_on < end)
    return impact.wages_paid_rials(*filters)


def figures(driver_id: int, today: date) -> Figures:
    """The dashboard's numbers; 'this month' is the Jalali month of `today`."""
    start, end = jalali_month_bounds(*current_jalali_month(today))
    return Figures(
        paid_this_month_rials=wages_paid(driver_id, start, end),
        paid_total_rials=wages_paid(driver_id),
        items_bought=int(db.session.scalar(
            select(func.coalesce(func.sum(Purchase.quantity), 0))
            .where(Purchase.driver_id == driver_id)
        )),
        items_listed=int(db.session.scalar(
            select(func.count(Product.id))
            .where(Product.driver_id == driver_id, Product.status == ProductStatus.LISTED)
        )),
        items_sold=int(db.session.scalar(
            select(func.coalesce(func.sum(OrderLine.quantity), 0)).where(*_sold(driver_id))
        )),
        lines_waiting=int(db.session.scalar(
            select(func.count(OrderLine.id)).where(
                OrderLine.driver_id == driver_id, OrderLine.status.in_(WAITING)
            )
        )),
    )


def _sold(driver_id: int) -> tuple:
    return (OrderLine.driver_id == driver_id, LINE_IS_SALE)


def _totals() -> tuple:
    return (
        func.sum(OrderLine.line_total_rials), func.sum(OrderLine.wage_rials),
        func.sum(OrderLine.quantity),
    )


def by_craft(driver_id: int) -> list[SalesRow]:
    """Sales per craft, largest first."""
    rows = db.session.execute(
        select(Craft, *_totals())
        .join(Product, Product.craft_id == Craft.id)
        .join(OrderLine, OrderLine.product_id == Product.id)
        .where(*_sold(driver_id))
        .group_by(Craft.id)
        .order_by(func.sum(OrderLine.line_total_rials).desc(), Craft.id)
    ).all()
    return [SalesRow(c, int(s), int(w), int(u)) for c, s, w, u in rows]


def by_centre(driver_id: int) -> list[SalesRow]:
    """Sales per centre where the items were made, largest first."""
    rows = db.session.execute(
        select(Centre, *_totals())
        .join(OrderLine, OrderLine.centre_id == Centre.id)
        .where(*_sold(driver_id))
        .group_by(Centre.id)
        .order_by(func.sum(OrderLine.line_total_rials).desc(), Centre.id)
    ).all()
    return [SalesRow(c, int(s), int(w), int(u)) for c, s, w, u in rows]


def by_month(driver_id: int, today: date, months: int = 12) -> list[SalesRow]:
    """Sales per Jalali month (Tehran time of the order), the last `months` months,
    oldest first, empty months included so the chart has no gaps."""
    jy, jm = current_jalali_month(today)
    keys: list[tuple[int, int]] = []
    for _ in range(months):
        keys.append((jy, jm))
        jy, jm = (jy - 1, 12) if jm == 1 else (jy, jm - 1)
    keys.reverse()
    # A day early in UTC: Tehran is ahead, and lines are sorted into months below.
    since = datetime.combine(jalali_month_bounds(*keys[0])[0], datetime.min.time()) - timedelta(
        days=1
    )
    lines = db.session.execute(
        select(Order.created_at, OrderLine.line_total_rials, OrderLine.wage_rials,
               OrderLine.quantity)
        .join(Order, Order.id == OrderLine.order_id)
        .where(*_sold(driver_id), Order.created_at >= since)
    ).all()
    sums: OrderedDict[tuple[int, int], list[int]] = OrderedDict((k, [0, 0, 0]) for k in keys)
    for created_at, total, wage, qty in lines:
        key = current_jalali_month(to_tehran(created_at).date())
        if key in sums:
            sums[key][0] += total
            sums[key][1] += wage
            sums[key][2] += qty
    return [SalesRow(k, s, w, u) for k, (s, w, u) in sums.items()]
