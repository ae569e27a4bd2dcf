"""The drivers' (پیشران) workspace, mounted at /producers."""

from flask import Blueprint

from marketplace.models import Role
from marketplace.web.access import require_role

bp = Blueprint("producers", __name__)
bp.before_request(require_role(Role.DRIVER))

# Route modules register their views on the blueprint.
from marketplace.producers import (  # noqa: E402, F401
    earnings,
    listings,
    materials,
    orders,
    payouts,
    purchases,
    refunds,
    returns,
    reviews,
    routes,
    shop_page,
    statements,
)
