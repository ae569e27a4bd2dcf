"""The public storefront, mounted at /."""

from flask import Blueprint

bp = Blueprint("shop", __name__)

from marketplace.shop import (  # noqa: E402, F401
    cart_routes,
    checkout_routes,
    order_routes,
    review_routes,
    routes,
)
