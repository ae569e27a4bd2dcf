"""The order desk (/admin/orders): the admin sees every order, centre staff the orders
with a line at their centre. Open one to see its whole history and act on it: mark a
posted line delivered (the buyer phoned the centre), hand a pick-up over against the
buyer's code, settle its refunds (admin)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from marketplace.admin import bp
from marketplace.admin.forms import ActionForm, CollectForm, DeliveredForm
from marketplace.admin.routes import PER_PAGE, admin_only, my_centres, scope
from marketplace.extensions import db, limiter
from marketplace.models import Driver, LineStatus, Order, OrderLine, Refund, Role
from marketplace.models.base import utcnow
from marketplace.orders import desk, returns, status
from marketplace.orders.refunds import refunds_query
from marketplace.text.persian import MessageNumber, moment_of
from marketplace.web.filters import DateRangeForm, dated, paged
from marketplace.web.media import send_private_variant
from marketplace.web.refunds import RefundForm, settle_from_form


def _wanted(dates: DateRangeForm) -> desk.DeskFilter:
    args = request.args
    since, until = dates.bounds()
    return desk.DeskFilter(
        status=args.get("status", ""), delivery=args.get("delivery", ""),
        payment=args.get("payment", ""), centre_id=args.get("centre", type=int),
        driver_id=args.get("driver", type=int), since=since, until=until,
        q=args.get("q", "")[:100],
    )


@bp.route("/orders")
def order_desk() -> str:
    dates = DateRangeForm(request.args)
    wanted = _wanted(dates)
    drivers = db.session.scalars(select(Driver).order_by(Driver.name_fa)).all()
    return render_template("admin/orders.html", page=paged(desk.desk_query(wanted, scope()),
                                                           PER_PAGE),
                           wanted=wanted, dates=dates, centres=my_centres(), drivers=drivers)


def _order_or_404(order_id: int) -> Order:
    order = desk.desk_order_or_none(order_id, scope())
    if order is None:
        abort(404)
    return order


def _mine(line: OrderLine) -> bool:
    ids = scope()
    return ids is None or line.centre_id in ids


@bp.route("/orders/return-photos/<int:photo_id>/<int:size>.webp")
def desk_return_photo(photo_id: int, size: int) -> Response:
    """A photo a buyer sent with a return (private): for staff who may open its order."""
    found = returns.photo_and_line(photo_id)
    if found is None:
        abort(404)
    _order_or_404(found[1].order_id)
    return send_private_variant(found[0], size)


@bp.route("/orders/<int:order_id>")
def desk_order(order_id: int) -> str:
    order = _order_or_404(order_id)
    collectable = [ln for ln in order.lines
                   if ln.status == LineStatus.READY_FOR_PICKUP and _mine(ln)]
    return render_template(
        "admin/order.html", order=order, mine=_mine, collectable=collectable,
        returns=desk.return_requests(order), actor_names=desk.actor_names(order),
        action=ActionForm(), collect_form=CollectForm(),
        delivered_form=DeliveredForm(), refund_form=RefundForm(),
        can_settle=current_user.role == Role.ADMIN,
    )


def _back(order: Order) -> Response:
    return redirect(url_for("admin.desk_order", order_id=order.id))


@bp.route("/orders/<int:order_id>/lines/<int:line_id>/delivered", methods=["POST"])
def desk_line_delivered(order_id: int, line_id: int) -> Response:
    order = _order_or_404(order_id)
    line = next((ln for ln in order.lines if ln.id == line_id and _mine(ln)), None)
    if line is None:
        abort(404)
    form = DeliveredForm()
    if not form.validate_on_submit():
        flash(_("Check what you entered."), "error")
        return _back(order)
    day = form.delivered_on.data
    try:
        status.set_line_status(line, LineStatus.DELIVERED, actor=current_user,
                               note=form.note.data or None,
                               delivered_at=moment_of(day, utcnow()) if day else None)
    except status.StatusError as err:
        flash(str(err.message), "error")
    else:
        flash(_("Marked delivered; the buyer is told."), "success")
    return _back(order)


@bp.route("/orders/<int:order_id>/collect", methods=["POST"])
# A pick-up code is six digits: a few tries an order, so it cannot be guessed at the desk.
@limiter.limit("10 per hour", key_func=lambda: f"collect:{request.view_args['order_id']}")
def desk_collect(order_id: int) -> Response:
    order = _order_or_404(order_id)
    form = CollectForm()
    if not form.validate_on_submit():
        flash(_("Enter the buyer's pick-up code."), "error")
        return _back(order)
    try:
        lines = status.collect(order, form.pickup_code.data, actor=current_user,
                               centre_ids=scope())
    except status.StatusError as err:
        flash(str(err.message), "error")
    else:
        flash(_("Handed over: %(count)s item(s) collected.", count=MessageNumber(len(lines))),
              "success")
    return _back(order)


@bp.route("/refunds")
def refunds_page() -> str:
    admin_only()
    state = request.args.get("status", "due")
    query, dates = dated(refunds_query(status=state), Refund.created_at)
    return render_template("admin/refunds.html", page=paged(query, PER_PAGE), status=state,
                           form=RefundForm(), dates=dates)


@bp.route("/refunds/<int:refund_id>/settle", methods=["POST"])
def refund_settle(refund_id: int) -> Response:
    admin_only()
    refund = db.get_or_404(Refund, refund_id)
    settle_from_form(refund, current_user)
    target = request.args.get("back")
    if target == "order":
        return redirect(url_for("admin.desk_order", order_id=refund.order_id))
    return redirect(url_for("admin.refunds_page"))

