"""The session cart: /cart and its POST actions (CSRF-protected forms, no JS needed)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from marketplace.extensions import db
from marketplace.models import Product, ProductStatus
from marketplace.orders import cart as carts
from marketplace.shop import bp
from marketplace.shop.order_forms import CartLineForm

CART_KEY = "cart"
PRICES_KEY = "cart_prices"


@bp.app_context_processor
def cart_badge() -> dict[str, int]:
    """The header's item count, from the session alone (no query on any page)."""
    return {"cart_count": carts.item_count(session.get(CART_KEY))}


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
def cart_add() -> Response:
    form = CartLineForm()
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
