"""Fulfilment: the lines of orders that contain the driver's items, and their next steps.

Only the driver's own lines are listed, so a buyer's contact details are shown
only to drivers whose items are in that order. Moves go through orders/status.py.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from werkzeug.wrappers import Response

from marketplace.extensions import db
from marketplace.ledger import earnings
from marketplace.models import DeliveryMethod, LineStatus, Order, OrderLine
from marketplace.models.base import utcnow
from marketplace.orders import status as order_status
from marketplace.producers import bp
from marketplace.producers.common import PER_PAGE, me
from marketplace.producers.forms import LineForm
from marketplace.text.persian import moment_of
from marketplace.web.access import owned_or_404
from marketplace.web.filters import dated, paged

STEPS = {
    "preparing": LineStatus.PREPARING,
    "shipped": LineStatus.SHIPPED,
    "ready": LineStatus.READY_FOR_PICKUP,
    "delivered": LineStatus.DELIVERED,
}
# Steps that belong to one delivery method only; a pick-up is handed over by centre staff.
POST_ONLY, PICKUP_ONLY = {"shipped", "delivered"}, {"ready"}


def next_steps(line: OrderLine) -> list[str]:
    """The actions offered for a line: forward moves that fit its delivery, and cancel."""
    allowed = LineStatus.TRANSITIONS[line.status]
    post = line.order.delivery_method == DeliveryMethod.POST
    wrong = PICKUP_ONLY if post else POST_ONLY
    steps = [name for name, to in STEPS.items() if to in allowed and name not in wrong]
    if LineStatus.CANCELLED in allowed:
        steps.append("cancel")
    return steps


@bp.route("/orders")
def orders() -> str:
    show = request.args.get("show", "waiting")
    query = (
        select(OrderLine)
        .join(Order, Order.id == OrderLine.order_id)
        .where(OrderLine.driver_id == me().id)
        .options(joinedload(OrderLine.order).joinedload(Order.pickup_centre),
                 joinedload(OrderLine.product))
        .order_by(Order.created_at.desc(), OrderLine.id)
    )
    if show != "all":
        show = "waiting"
        query = query.where(OrderLine.status.in_(earnings.WAITING))
    query, dates = dated(query, Order.created_at)
    return render_template(
        "producers/orders.html", page=paged(query, PER_PAGE), show=show, dates=dates,
        next_steps=next_steps, form=LineForm(),
    )


@bp.route("/orders/lines/<int:line_id>/<any(preparing, shipped, ready, delivered, cancel):action>",
          methods=["POST"])
def line_action(line_id: int, action: str) -> Response:
    line = owned_or_404(OrderLine, line_id, driver_id=me().id)
    form = LineForm()
    if form.validate_on_submit():
        try:
            if action == "cancel":
                order_status.cancel_line(line, actor=current_user, reason=form.reason.data or "")
            else:
                day = form.delivered_on.data
                order_status.set_line_status(
                    line, STEPS[action], actor=current_user,
                    tracking_number=form.tracking_number.data or None,
                    delivered_at=moment_of(day, utcnow()) if day else None,
                )
        except order_status.StatusError as err:
            db.session.rollback()
            flash(str(err.message), "error")
        else:
            flash(_("Order updated."), "success")
    else:
        flash(_("Check what you entered."), "error")
    return redirect(url_for("producers.orders", show=request.args.get("show", "waiting")))
