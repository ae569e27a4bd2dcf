"""The drivers' (پیشران) workspace, mounted at /producers."""

from flask import Blueprint

from ..access import require_role
from ..models import Role

bp = Blueprint("producers", __name__)
bp.before_request(require_role(Role.DRIVER))

from . import (  # noqa: E402, F401
    earnings,
    listings,
    materials,
    orders,
    payouts,
    purchases,
    returns,
    routes,
    statements,
)
