
from marketplace.errors import DomainError

"""Orders: the session cart, checkout, statuses, returns, expiry and their messages.

Domain code only (no request, session or current_user): the shop's views in
shop/cart_routes.py, shop/checkout_routes.py and shop/order_routes.py call these functions.
"""


class OrderError(DomainError):
    """An order operation refused."""
