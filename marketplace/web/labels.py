"""Human labels for stored codes (statuses, partners, methods), in one place."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice

LABELS: dict[str, dict[str, object]] = {
    "centre_status": {
        "planned": _l("Planned"),
        "under_construction": _l("Under construction"),
        "active": _l("Active"),
        "closed": _l("Closed"),
    },
    "product_status": {"draft": _l("Draft"), "listed": _l("Listed"), "archived": _l("Archived")},
    "order_status": {
        "pending_payment": _l("Awaiting payment"),
        "placed": _l("Placed"),
        "paid": _l("Paid"),
        "preparing": _l("Preparing"),
        "shipped": _l("Shipped"),
        "ready_for_pickup": _l("Ready for pick-up"),
        "delivered": _l("Delivered"),
        "cancelled": _l("Cancelled"),
        "expired": _l("Expired"),
        "open": _l("Open"),
        "returned": _l("Returned"),
        "return_requested": _l("Return requested"),
        "return_refused": _l("Return refused"),
        "transfer_reported": _l("Bank transfer reported"),
        "refund_due": _l("Refund due"),
    },
    "payment_provider": {
        "cod": _l("Pay on delivery or at pick-up"),
        "bank_transfer": _l("Bank transfer"),
        "zarinpal": _l("Online (ZarinPal)"),
    },
    "payment_state": {
        "pending": _l("Waiting"),
        "paid": _l("Paid"),
        "failed": _l("Failed"),
        "cancelled": _l("Cancelled"),
    },
    "enrollment_status": {
        "enrolled": _l("Enrolled"),
        "completed": _l("Completed"),
        "dropped": _l("Dropped"),
    },
    "partner": {
        "facilitation_office": _l("Facilitation office"),
        "social_council": _l("Social council"),
        "relief_committee": _l("Relief Committee"),
        "welfare_organisation": _l("Welfare Organisation"),
    },
    "payout_method": {
        "cash": _l("Cash"),
        "card_to_card": _l("Card to card"),
        "bank_transfer": _l("Bank transfer"),
    },
    "entry_kind": {
        "purchase": _l("Purchase"),
        "payout": _l("Wage payment"),
        "advance": _l("Advance"),
        "reversal": _l("Reversal"),
    },
    "return_status": {
        "requested": _l("Requested"),
        "accepted": _l("Accepted"),
        "refused": _l("Refused"),
    },
    "delivery": {"post": _l("By post"), "pickup": _l("Pick-up at the centre")},
    "referral_status": {
        "open": _l("Open"),
        "accepted": _l("Accepted"),
        "declined": _l("Declined"),
        "completed": _l("Completed"),
    },
    "loan_status": {
        "requested": _l("Requested"),
        "approved": _l("Approved"),
        "paid": _l("Paid"),
        "rejected": _l("Rejected"),
    },
    "direction": {"in": _l("Referred in"), "out": _l("Referred out")},
    "role": {
        "buyer": _l("Buyer"),
        "driver": _l("Driver"),
        "staff": _l("Centre staff"),
        "admin": _l("Administrator"),
    },
}


def label(kind: str, code: str | None) -> str:
    """The translated label of `code`, or the code itself when none is known."""
    if code is None:
        return ""
    return str(LABELS.get(kind, {}).get(code, code))


def choices(kind: str) -> list[SelectChoice]:
    """(code, label) options for a select field, in declaration order.

    The labels stay lazy: form classes are built once, at import, before any request has a
    language, so a label turned into a string here would be English on every page.
    """
    return [SelectChoice(code, text) for code, text in LABELS[kind].items()]
