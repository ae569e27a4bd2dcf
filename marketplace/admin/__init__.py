"""Centre staff and the municipality's back office, mounted at /admin."""

from flask import Blueprint

from marketplace.models import Role
from marketplace.web.access import require_role, require_second_factor

bp = Blueprint("admin", __name__)
bp.before_request(require_role(Role.STAFF, Role.ADMIN))
bp.before_request(require_second_factor)

# Route modules register their views on the blueprint; routes first (shared helpers).
from marketplace.admin import routes  # noqa: E402, F401, I001
from marketplace.admin import (  # noqa: E402, F401
    applicants,
    auditlog,
    centres,
    courses,
    figures,
    impact,
    items,
    jobs,
    orders,
    payments,
    people,
    referrals,
    reviews,
    synonyms,
    trainees,
)
