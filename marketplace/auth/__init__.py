"""Sign-in (with a second step for staff and admin), sign-out, sessions, registration and
passwords."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from marketplace.auth import routes  # noqa: E402, F401, I001
from marketplace.auth import account, account_sessions, phone_code, two_factor  # noqa: E402, F401
