"""Domain exceptions of the ledger; each carries the data a form needs to explain it."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from marketplace.errors import DomainError
from marketplace.text.persian import MessageNumber


class LedgerError(DomainError):
    """A refused ledger operation."""


class SharesInvalid(LedgerError):
    field = "makers"


class NotYours(LedgerError):
    """The trainee, product or entry is not this driver's to use."""


class OverPayment(LedgerError):
    field = "amount"

    def __init__(self, owed: int, asked: int) -> None:
        # In whole Toman, as the form takes it (rounded half up: an old entry in odd Rials).
        toman = MessageNumber((max(owed, 0) + 5) // 10)
        super().__init__(
            _l(
                "This is more than is owed to her (%(owed)s Toman). "
                "Mark it as an advance if that is what it is.",
                owed=toman,
            )
        )
        self.owed = owed
        self.asked = asked


class AlreadyReversed(LedgerError):
    pass


class NegativeBalance(LedgerError):
    """Reversing this would leave her owing the driver without an advance on record."""
