"""Refunds due on the driver's own lines (cancelled after payment, or returned), and
recording how each was paid back."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from werkzeug.wrappers import Response

from marketplace.extensions import db
from marketplace.models import OrderLine, Refund
from marketplace.orders.refunds import refunds_query
from marketplace.producers import bp
from marketplace.producers.common import PER_PAGE, me
from marketplace.web.filters import dated, paged
from marketplace.web.refunds import RefundForm, settle_from_form


@bp.route("/refunds")
def refunds() -> str:
    status = request.args.get("status", "due")
    query = refunds_query(status=status, driver_id=me().id).options(
        joinedload(Refund.order), joinedload(Refund.line)
    )
    query, dates = dated(query, Refund.created_at)
    return render_template("producers/refunds.html", page=paged(query, PER_PAGE),
                           status=status, form=RefundForm(), dates=dates)


@bp.route("/refunds/<int:refund_id>/settle", methods=["POST"])
def refund_settle(refund_id: int) -> Response:
    refund = db.first_or_404(
        select(Refund).join(OrderLine, OrderLine.id == Refund.line_id)
        .where(Refund.id == refund_id, OrderLine.driver_id == me().id)
    )
    settle_from_form(refund, current_user)
    return redirect(url_for("producers.refunds"))
