"""The wage ledger between drivers and trainees: purchases, payouts, reversals, balances."""

from marketplace.ledger.balances import balance, balances_for_driver, entries_for
from marketplace.ledger.errors import (
    AlreadyReversed,
    LedgerError,
    NegativeBalance,
    NotYours,
    OverPayment,
    SharesInvalid,
)
from marketplace.ledger.operations import MakerShare, record_payout, record_purchase, reverse_entry
from marketplace.ledger.statements import (
    Statement,
    StatementRow,
    has_account,
    month_statement,
    statement,
)

__all__ = [
    "AlreadyReversed", "LedgerError", "MakerShare", "NegativeBalance", "NotYours",
    "OverPayment", "SharesInvalid", "Statement", "StatementRow", "balance",
    "balances_for_driver", "entries_for", "has_account", "month_statement",
    "record_payout", "record_purchase", "reverse_entry", "statement",
]
