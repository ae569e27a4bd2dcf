"""How a buyer pays: one interface, three providers.

- `cod`: pay the courier or at the centre on pick-up; nothing to start, the payment is
  marked paid when the order is delivered (orders.status).
- `bank_transfer`: the buyer transfers to the programme's account and types the bank's
  reference number on her order page (`offline.submit_reference`); staff check the
  statement and confirm (`offline.confirm_bank_transfer`).
- `zarinpal`: the online gateway, following ZarinPal's REST v4 flow (zarinpal.py).

`provider_for(code)` gives the provider object; `start(order)` returns the address to
send the buyer to, or None when she just sees her order page.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

from marketplace.models import Order, Payment, PaymentState
from marketplace.models import PaymentProvider as ProviderCode
from marketplace.orders import OrderError


class PaymentError(OrderError):
    """A payment could not be started or recorded."""


class PaymentProvider(ABC):
    """One way to pay. Subclasses set `code` (a models.PaymentProvider value)."""

    code: str

    @abstractmethod
    def start(self, order: Order) -> str | None:
        """Begin paying `order`: the URL to redirect the buyer to, or None."""


def pending_payment(order: Order) -> Payment | None:
    """The order's newest payment still waiting, if any."""
    waiting = [p for p in order.payments if p.state == PaymentState.PENDING]
    return waiting[-1] if waiting else None


def provider_for(code: str, **options: object) -> PaymentProvider:
    """The provider for a stored code; options go to its constructor (e.g. callback_url)."""
    from marketplace.orders.payments.offline import BankTransfer, CashOnDelivery
    from marketplace.orders.payments.zarinpal import ZarinPal

    classes: dict[str, type] = {
        ProviderCode.COD: CashOnDelivery,
        ProviderCode.BANK_TRANSFER: BankTransfer,
        ProviderCode.ZARINPAL: ZarinPal,
    }
    if code not in classes:
        raise PaymentError(f"unknown payment provider {code!r}")
    return classes[code](**options) if code == ProviderCode.ZARINPAL else classes[code]()
