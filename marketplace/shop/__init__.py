"""The public storefront, mounted at /."""

from flask import Blueprint

bp = Blueprint("shop", __name__)

from marketplace.shop import (  # noqa: E402, F401
    alert_routes,
    cart_routes,
    checkout_routes,
    favourite_routes,
    order_routes,
    review_routes,
    routes,
)
