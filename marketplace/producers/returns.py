"""Return requests on the driver's own order lines: accept (a refund is due) or refuse,
then mark the returned item received back (it is in stock again)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload
from werkzeug.wrappers import Response

from marketplace.extensions import db
from marketplace.models import OrderLine, ReturnRequest, ReturnStatus
from marketplace.orders.returns import ReturnError, decide_return, photo_and_line, receive_back
from marketplace.producers import bp
from marketplace.producers.common import me
from marketplace.producers.forms import LineForm
from marketplace.web.media import send_private_variant


def _own_request_or_404(request_id: int) -> ReturnRequest:
    return db.first_or_404(
        select(ReturnRequest)
        .join(OrderLine, OrderLine.id == ReturnRequest.line_id)
        .where(ReturnRequest.id == request_id, OrderLine.driver_id == me().id)
    )


@bp.route("/returns")
def returns() -> str:
    requests = db.session.scalars(
        select(ReturnRequest)
        .join(OrderLine, OrderLine.id == ReturnRequest.line_id)
        .where(OrderLine.driver_id == me().id)
        .options(joinedload(ReturnRequest.line).joinedload(OrderLine.order),
                 selectinload(ReturnRequest.photos))
        .order_by(ReturnRequest.status != ReturnStatus.REQUESTED, ReturnRequest.id.desc())
        .limit(200)
    ).all()
    return render_template("producers/returns.html", requests=requests, form=LineForm())


@bp.route("/returns/photos/<int:photo_id>/<int:size>.webp")
def return_photo(photo_id: int, size: int) -> Response:
    """A photo a buyer sent with a return on one of the driver's lines (private)."""
    found = photo_and_line(photo_id)
    if found is None or found[1].driver_id != me().id:
        abort(404)
    return send_private_variant(found[0], size)


@bp.route("/returns/<int:request_id>/<any(accept, refuse):decision>", methods=["POST"])
def decide(request_id: int, decision: str) -> Response:
    request_ = _own_request_or_404(request_id)
    form = LineForm()
    if form.validate_on_submit():
        try:
            decide_return(request_, decision == "accept", form.reason.data or "",
                          actor=current_user)
        except ReturnError as error:
            db.session.rollback()
            flash(str(error.message), "error")
        else:
            flash(_("The buyer's return request was answered."), "success")
    return redirect(url_for("producers.returns"))


@bp.route("/returns/<int:request_id>/received", methods=["POST"])
def received(request_id: int) -> Response:
    request_ = _own_request_or_404(request_id)
    if LineForm().validate_on_submit():
        try:
            receive_back(request_, actor=current_user)
        except ReturnError as error:
            db.session.rollback()
            flash(str(error.message), "error")
        else:
            flash(_("The item is back in stock."), "success")
    return redirect(url_for("producers.returns"))
