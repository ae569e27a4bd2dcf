"""The public storefront, mounted at /."""

from flask import Blueprint

bp = Blueprint("shop", __name__)

from marketplace.shop import cart_routes, checkout_routes, order_routes, routes  # noqa: E402, F401
