"""Bank transfers waiting for staff to see the money arrive, and their confirmation."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import Select, select
from sqlalchemy.orm import contains_eager
from werkzeug.wrappers import Response

from marketplace.admin import bp
from marketplace.admin.forms import ActionForm
from marketplace.admin.routes import PER_PAGE, scope
from marketplace.extensions import db
from marketplace.models import Order, OrderStatus, Payment, PaymentProvider, PaymentState
from marketplace.orders import desk
from marketplace.orders.payments import PaymentError
from marketplace.orders.payments.offline import confirm_bank_transfer
from marketplace.people import audit
from marketplace.web.filters import dated, paged


def _pending() -> Select:
    """Pending bank transfers of open orders with a line at one of my centres."""
    query = (
        select(Payment)
        .join(Payment.order)
        .options(contains_eager(Payment.order))
        .where(
            Payment.provider == PaymentProvider.BANK_TRANSFER,
            Payment.state == PaymentState.PENDING,
            Order.status.not_in((OrderStatus.CANCELLED, OrderStatus.EXPIRED)),
        )
        .order_by(Payment.id)
    )
    return desk.in_scope(query, scope())


@bp.route("/payments")
def bank_transfers() -> str:
    query, dates = dated(_pending(), Payment.created_at)
    return render_template("admin/payments.html", page=paged(query, PER_PAGE),
                           action=ActionForm(), dates=dates)


@bp.route("/payments/<int:payment_id>/confirm", methods=["POST"])
def bank_transfer_confirm(payment_id: int) -> Response:
    payment = db.session.scalar(_pending().where(Payment.id == payment_id))
    if payment is None:
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    # Added before the service commits, so the log row shares its transaction.
    audit.record(current_user, "order.paid", payment.order,
                 {"status": [payment.order.status, OrderStatus.PAID], "payment_id": payment.id})
    try:
        confirm_bank_transfer(payment, current_user)
    except PaymentError as err:
        db.session.rollback()
        flash(err.message, "error")
    else:
        flash(_("Payment confirmed for order %(code)s.", code=payment.order.code), "success")
    return redirect(url_for("admin.bank_transfers"))
