"""The "tell me when it is back" form of a sold-out product page (catalogue/alerts.py)."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from marketplace.catalogue import alerts
from marketplace.catalogue import queries as catalogue
from marketplace.shop import bp


@bp.app_template_global()
def alert_contact() -> str:
    """Where a signed-in buyer will hear (shown on the form)."""
    return alerts.contact_of(current_user)[1] if current_user.is_authenticated else ""


@bp.route("/products/<int:product_id>/alert", methods=["POST"])
def stock_alert(product_id: int) -> Response:
    item = catalogue.listed_product_or_404(product_id)
    back = url_for("shop.product", product_id=item.id, slug=item.slug)
    user = current_user if current_user.is_authenticated else None
    try:
        if user is not None:
            channel, recipient = alerts.contact_of(user)
        else:
            channel, recipient = alerts.parse_contact(request.form.get("contact"))
        alerts.subscribe(item.id, channel, recipient, user=user)
    except alerts.AlertError as error:
        flash(str(error.message), "error")
        return redirect(back + "#back-in-stock")
    flash(_("We will tell you once when it is back."), "success")
    return redirect(back)
