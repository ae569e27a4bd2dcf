"""Order tracking, invoice, returns and the payment callback (checkout: checkout_routes).

An order is reached by its unguessable code: whoever has the code (from the SMS or
e-mail) may follow it, signed in or not; "my orders" lists only the signed-in buyer's.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select
from werkzeug.wrappers import Response

from marketplace.extensions import db
from marketplace.models import Order, OrderStatus
from marketplace.models import PaymentProvider as ProviderCode
from marketplace.orders import checkout, returns, reviews, status
from marketplace.orders.payments import PaymentError, pending_payment, provider_for
from marketplace.orders.payments.offline import bank_account, submit_reference
from marketplace.orders.payments.zarinpal import ZarinPal
from marketplace.shop import bp
from marketplace.shop.order_forms import BankReferenceForm, CancelForm, ReturnForm
from marketplace.text.geo import province_by_code
from marketplace.web.input_guard import page_number


def after_placing(order: Order) -> Response:
    """Where the buyer goes once her order is placed: the gateway, or the order's page."""
    if order.payment_provider == ProviderCode.ZARINPAL and order.status == \
            OrderStatus.PENDING_PAYMENT:
        return _go_to_gateway(order)
    flash(_("Thank you! Your order is placed."), "success")
    return redirect(url_for("shop.order", code=order.code))


def _go_to_gateway(order: Order) -> Response:
    callback = url_for("shop.zarinpal_callback", _external=True)
    try:
        target = provider_for(order.payment_provider, callback_url=callback).start(order)
    except PaymentError:
        flash(_("We could not reach the payment gateway. Please try again from this page."),
              "warning")
        return redirect(url_for("shop.order", code=order.code))
    return redirect(target or url_for("shop.order", code=order.code))


def _order_or_404(code: str) -> Order:
    order = checkout.order_by_code(code)
    if order is None:
        abort(404)
    return order


@bp.route("/orders/<code>")
def order(code: str) -> str:
    item = _order_or_404(code)
    returnable = returns.returnable_lines(item)
    can_cancel = status.buyer_can_cancel(item)
    payment = pending_payment(item)
    # Only the signed-in buyer is offered reviews: nobody else pays the query.
    reviewable = {ln.id for ln in item.lines if reviews.can_review(ln, current_user)}
    reviewed = reviews.reviewed_line_ids(item) if reviewable else set()
    return render_template(
        "shop/order.html", order=item, payment=payment, returnable=returnable,
        reviewable=reviewable, reviewed=reviewed,
        province=province_by_code(item.province_code),
        lines_by_id={ln.id: ln for ln in item.lines}, order_statuses=OrderStatus.values(),
        bank=bank_account(), reference_form=BankReferenceForm(), return_form=ReturnForm(),
        can_cancel=can_cancel, cancel_form=CancelForm(),
    )


@bp.route("/orders/<code>/pay", methods=["POST"])
def order_pay(code: str) -> Response:
    item = _order_or_404(code)
    if item.status != OrderStatus.PENDING_PAYMENT:
        flash(_("This order is not waiting for an online payment."), "info")
        return redirect(url_for("shop.order", code=item.code))
    return _go_to_gateway(item)


@bp.route("/orders/<code>/bank-reference", methods=["POST"])
def order_bank_reference(code: str) -> Response:
    item = _order_or_404(code)
    form = BankReferenceForm()
    payment = pending_payment(item)
    if form.validate() and payment is not None:
        try:
            submit_reference(payment, form.reference.data)
        except PaymentError as error:
            flash(str(error.message), "error")
        else:
            flash(_("Thank you. We will confirm your transfer soon."), "success")
    else:
        flash(_("Enter the reference number on your bank receipt."), "error")
    return redirect(url_for("shop.order", code=item.code))


@bp.route("/orders/<code>/cancel", methods=["POST"])
def order_cancel(code: str) -> Response:
    """The buyer cancels her own order: the private link (or her account) is the key."""
    item = _order_or_404(code)
    form = CancelForm()
    if form.validate():
        try:
            status.cancel_by_buyer(item, actor=current_user if current_user.is_authenticated
                                   else None, reason=form.reason.data or "")
        except status.StatusError as error:
            flash(str(error.message), "error")
        else:
            flash(_("Your order is cancelled. Anything you paid will be refunded."), "success")
    return redirect(url_for("shop.order", code=item.code))


@bp.route("/orders/<code>/return", methods=["GET", "POST"])
def order_return(code: str) -> str | Response:
    item = _order_or_404(code)
    form = ReturnForm()
    line = next((ln for ln in item.lines if ln.id == (form.line_id.data or
                 request.args.get("line", type=int))), None)
    if line is None:
        abort(404)
    if request.method == "POST" and form.validate():
        try:
            uploads = [f for f in (form.photos.data or []) if getattr(f, "filename", "")]
            returns.request_return(line, form.reason.data, photos=[f.stream for f in uploads])
        except returns.ReturnError as error:
            form.reason.errors = [*form.reason.errors, error.message]
        else:
            flash(_("Your return request was sent. We will answer soon."), "success")
            return redirect(url_for("shop.order", code=item.code))
    form.line_id.data = line.id
    return render_template("shop/return.html", order=item, line=line, form=form)


@bp.route("/orders/<code>/invoice")
def order_invoice(code: str) -> str:
    item = _order_or_404(code)
    return render_template("shop/invoice.html", order=item,
                           province=province_by_code(item.province_code))


@bp.route("/orders")
@login_required
def my_orders() -> str:
    page = db.paginate(
        select(Order).where(Order.buyer_id == current_user.id)
        .order_by(Order.created_at.desc(), Order.id.desc()),
        page=page_number(), per_page=20, error_out=False,
    )
    return render_template("shop/orders.html", page=page)


OUTCOME_MESSAGES = {
    "paid": ("success", _l("Thank you! Your payment was received.")),
    "already_paid": ("info", _l("This payment was already received.")),
    "cancelled": ("warning", _l("The payment was cancelled. You can try again before the time "
                                "runs out.")),
    "late": ("warning", _l("The payment time had run out, so this payment was not taken. If "
                           "money left your account, the bank returns it within 72 hours.")),
    "duplicate": ("warning", _l("This order was already paid, so this second payment was not "
                                "taken. If money left your account, the bank returns it "
                                "within 72 hours.")),
    "wrong_amount": ("error", _l("The paid amount did not match the order, so it was not "
                                 "accepted. If money left your account, the bank returns it "
                                 "within 72 hours.")),
    "failed": ("error", _l("The payment did not go through.")),
    "gateway_error": ("warning", _l("We could not confirm the payment with the bank yet. Please "
                                    "reload this page in a minute.")),
}


@bp.route("/payments/zarinpal/callback")
def zarinpal_callback() -> str | Response | tuple[str, int]:
    """Where ZarinPal sends the buyer back: verify, pay once, and say what happened."""
    result = ZarinPal().verify(request.args.get("Authority", ""), request.args.get("Status", ""))
    if result.order is None:
        return render_template("shop/payment_result.html"), 404
    category, message = OUTCOME_MESSAGES[result.outcome]
    flash(str(message), category)
    if result.outcome == "gateway_error":
        return render_template("shop/payment_result.html", order=result.order, retry=True)
    return redirect(url_for("shop.order", code=result.order.code))

