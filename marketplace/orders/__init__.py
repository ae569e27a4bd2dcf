"""Orders: the session cart, checkout, statuses, returns, expiry and their messages.

Domain code only (no request, session or current_user): the shop's views in
shop/cart_routes.py and shop/order_routes.py call these functions.
"""


class OrderError(Exception):
    """An order operation refused; `.message` (lazy gettext) says why, for the form."""

    def __init__(self, message: object) -> None:
        super().__init__(str(message))
        self.message = message
