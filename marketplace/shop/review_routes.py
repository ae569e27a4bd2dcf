"""Reviews in the shop: the buyer's form (from her order page) and the "helpful" button.

The product page lists the reviews (shop/routes.py); a line's review form is the signed-in
buyer's own: anyone else, even with the order's code, gets 404.
"""

from __future__ import annotations

import secrets

from flask import abort, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from marketplace.extensions import db
from marketplace.models import OrderLine, Review
from marketplace.orders import checkout, reviews
from marketplace.shop import bp
from marketplace.shop.order_forms import ReviewForm

VOTER_KEY = "review_voter"


def _own_line_or_404(code: str, line_id: int) -> OrderLine:
    order = checkout.order_by_code(code)
    if order is None or order.buyer_id is None or order.buyer_id != current_user.id:
        abort(404)
    line = next((ln for ln in order.lines if ln.id == line_id), None)
    if line is None:
        abort(404)
    return line


@bp.route("/orders/<code>/lines/<int:line_id>/review", methods=["GET", "POST"])
@login_required
def order_review(code: str, line_id: int) -> str | Response:
    line = _own_line_or_404(code, line_id)
    form = ReviewForm()
    refusal = None
    if line.id in reviews.reviewed_line_ids(line.order):
        refusal = _("You have already reviewed this item.")
    elif not reviews.can_review(line, current_user):
        refusal = _("You can review an item once it has been delivered to you.")
    if refusal is None and form.validate_on_submit():
        uploads = [f for f in (form.photos.data or []) if getattr(f, "filename", "")]
        try:
            review = reviews.write_review(line, current_user, form.stars.data, form.body.data,
                                          photos=[f.stream for f in uploads])
        except reviews.ReviewError as error:
            target = getattr(form, error.field or "body", None) or form.body
            target.errors = [*target.errors, str(error.message)]
        else:
            flash(_("Thank you! Your review is on the product's page."), "success")
            product = review.product
            return redirect(url_for("shop.product", product_id=product.id, slug=product.slug,
                                    _anchor="reviews"))
    return render_template("shop/review_form.html", order=line.order, line=line, form=form,
                           refusal=refusal)


def voter() -> tuple[int | None, str | None]:
    """Who is voting: the signed-in user, else this session (a key made on first use)."""
    if current_user.is_authenticated:
        return current_user.id, None
    return None, session.get(VOTER_KEY)


@bp.route("/reviews/<int:review_id>/helpful", methods=["POST"])
def review_helpful(review_id: int) -> Response:
    review = db.session.get(Review, review_id)
    if review is None or review.hidden_at is not None:
        abort(404)
    user_id, key = voter()
    if user_id is None and key is None:
        key = session[VOTER_KEY] = secrets.token_urlsafe(24)
    try:
        counted = reviews.mark_helpful(review, user_id=user_id, session_key=key)
    except reviews.ReviewError as error:
        flash(str(error.message), "error")
    else:
        flash(_("Thank you for your vote.") if counted
              else _("You have found this review helpful already."), "info")
    product = review.product
    return redirect(url_for("shop.product", product_id=product.id, slug=product.slug,
                            _anchor=f"review-{review.id}"))
