"""Reviews of the driver's own items: read them, and answer each once, in public."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload
from werkzeug.wrappers import Response

from marketplace.extensions import db
from marketplace.models import OrderLine, Review
from marketplace.orders.reviews import ReviewError, answer_review
from marketplace.producers import bp
from marketplace.producers.common import PER_PAGE, me
from marketplace.web.input_guard import page_number


def _own_review_or_404(review_id: int) -> Review:
    return db.first_or_404(
        select(Review).join(OrderLine, OrderLine.id == Review.line_id)
        .where(Review.id == review_id, OrderLine.driver_id == me().id)
    )


@bp.route("/reviews")
def reviews() -> str:
    page = db.paginate(
        select(Review).join(OrderLine, OrderLine.id == Review.line_id)
        .where(OrderLine.driver_id == me().id)
        .options(joinedload(Review.product), selectinload(Review.photos))
        .order_by(Review.answer.is_not(None), Review.created_at.desc(), Review.id.desc()),
        page=page_number(), per_page=PER_PAGE, error_out=False,
    )
    return render_template("producers/reviews.html", page=page)


@bp.route("/reviews/<int:review_id>/answer", methods=["POST"])
def answer(review_id: int) -> Response:
    review = _own_review_or_404(review_id)
    try:
        answer_review(review, current_user, request.form.get("answer", ""))
    except ReviewError as error:
        flash(str(error.message), "error")
    else:
        flash(_("Your answer is shown under the review."), "success")
    return redirect(url_for("producers.reviews", _anchor=f"review-{review_id}"))
