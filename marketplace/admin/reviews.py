"""Reviews of the shop's items, for staff (their centres') and admins (all): hide one
with a reason. Hidden reviews stay here, marked; nothing is deleted."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload, selectinload
from werkzeug.wrappers import Response

from marketplace.admin import bp
from marketplace.admin.routes import PER_PAGE, scope
from marketplace.extensions import db
from marketplace.models import Product, Review
from marketplace.orders.reviews import ReviewError, hide_review
from marketplace.web.filters import paged


def _in_scope(query: Select[tuple[Review]]) -> Select[tuple[Review]]:
    """The query narrowed to the signed-in user's centres (all for an admin)."""
    ids = scope()
    return query if ids is None else query.where(Product.centre_id.in_(ids))


@bp.route("/reviews")
def reviews() -> str:
    query = _in_scope(
        select(Review).join(Product, Product.id == Review.product_id)
        .options(joinedload(Review.product), selectinload(Review.photos))
        .order_by(Review.created_at.desc(), Review.id.desc())
    )
    return render_template("admin/reviews.html", page=paged(query, PER_PAGE))


@bp.route("/reviews/<int:review_id>/hide", methods=["POST"])
def review_hide(review_id: int) -> Response:
    review = db.first_or_404(_in_scope(
        select(Review).join(Product, Product.id == Review.product_id)
        .where(Review.id == review_id)
    ))
    try:
        hide_review(review, current_user, request.form.get("reason", ""))
    except ReviewError as error:
        flash(str(error.message), "error")
    else:
        flash(_("The review is hidden from the shop."), "success")
    return redirect(url_for("admin.reviews", _anchor=f"review-{review_id}"))
