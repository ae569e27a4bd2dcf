"""The session cart: /cart and its POST actions (forms that work without JS). Adding comes
from the product page, which a shared cache keeps one copy of, so it carries no CSRF
token and is checked by origin instead (`security.same_site_only`); the cart page's own
forms keep their tokens."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from marketplace.extensions import db
from marketplace.models import Product, ProductStatus
from marketplace.orders import cart as carts
from marketplace.shop import bp
from marketplace.shop.order_forms import CartLineForm
from marketplace.web.security import same_site_only

CART_KEY = "cart"
PRICES_KEY = "cart_prices"
# The header's item count for site.js (not HttpOnly: a script reads it). Not in the page
# itself, which a shared cache serves to everyone.
COUNT_COOKIE = "cart_count"


@bp.after_app_request
def cart_count_cookie(response: Response) -> Response:
    """Keeps the count cookie equal to the session's cart whenever they differ (a cart
    changed, emptied by an order, or a session that ended)."""
    count = carts.item_count(session.get(CART_KEY)) if session else 0
    if str(count or "") != request.cookies.get(COUNT_COOKIE, ""):
        if count:
            response.set_cookie(COUNT_COOKIE, str(count), samesite="Lax",
                                secure=current_app.config["SESSION_COOKIE_SECURE"])
        else:
            response.delete_cookie(COUNT_COOKIE)
    return response


def current_cart() -> carts.CartView:
    """The cart reloaded from the database, with the bounded version stored back."""
    view = carts.view(session.get(CART_KEY), session.get(PRICES_KEY))
    session[CART_KEY] = view.cart
    session[PRICES_KEY] = view.prices
    return view


def clear_cart() -> None:
    session.pop(CART_KEY, None)
    session.pop(PRICES_KEY, None)


@bp.route("/cart")
def cart() -> str:
    view = current_cart()
    return render_template("shop/cart.html", view=view, form=CartLineForm())


@bp.route("/cart/add", methods=["POST"])
@same_site_only
def cart_add() -> Response:
    form = CartLineForm(meta={"csrf": False})
    valid = form.validate()
    if not valid and set(form.errors) != {"quantity"}:
        abort(400)
    product = db.session.get(Product, form.product_id.data)
    if product is None or product.status != ProductStatus.LISTED:
        abort(404)
    if not valid:  # typed into a text box now, so a mistyped quantity is said, not a 400
        flash(_("Enter a quantity from 0 to 99."), "error")
        return redirect(url_for("shop.product", product_id=product.id, slug=product.slug))
    if product.stock < 1:
        flash(_("Sorry, this item is sold out."), "warning")
        return redirect(url_for("shop.product", product_id=product.id, slug=product.slug))
    session[CART_KEY] = carts.add(session.get(CART_KEY), product.id, form.quantity.data or 1)
    prices = dict(session.get(PRICES_KEY) or {})
    prices.setdefault(str(product.id), int(product.price_rials or 0))
    session[PRICES_KEY] = prices
    flash(_("Added to your cart."), "success")
    return redirect(url_for("shop.cart"))


@bp.route("/cart/update", methods=["POST"])
def cart_update() -> Response:
    form = CartLineForm()
    if not form.validate():
        flash(_("Enter a quantity from 0 to 99."), "error")
        return redirect(url_for("shop.cart"))
    qty = (form.quantity.data if form.quantity.data is not None else 1) + (form.step.data or 0)
    session[CART_KEY] = carts.set_quantity(session.get(CART_KEY), form.product_id.data, qty)
    return redirect(url_for("shop.cart"))


@bp.route("/cart/remove", methods=["POST"])
def cart_remove() -> Response:
    form = CartLineForm()
    if form.validate():
        session[CART_KEY] = carts.remove(session.get(CART_KEY), form.product_id.data)
    return redirect(url_for("shop.cart"))
