"""Integer Rial arithmetic: parsing what people type, and splitting totals among makers.

Money is an int number of Rials everywhere (DESIGN.md); nothing here ever
builds a float. Formatting for display lives in `marketplace.text.persian`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from flask_babel import lazy_gettext as _l

from marketplace.errors import DomainError
from marketplace.text.persian import MessageNumber, normalize

__all__ = [
    "AmountError",
    "parse_amount",
    "split_amount",
]

UNITS = ("rial", "toman")
DEFAULT_MAX_RIALS = 10**15


class AmountError(DomainError):
    """An amount a person typed cannot be used; `.message` is shown next to the field.

    `.code` names the case ("empty", "not_a_number", "negative", "fraction",
    "grouping", "wrong_unit", "zero", "too_large") for callers and tests that
    must not depend on the wording.
    """

    def __init__(self, message: object, code: str) -> None:
        super().__init__(message)
        self.code = code


# Unit words that may trail (or lead) an amount; matched after normalize + casefold.
_UNIT_WORDS = {
    "تومان": "toman", "تومن": "toman", "toman": "toman", "tomans": "toman",
    "ریال": "rial", "rial": "rial", "rials": "rial", "irr": "rial",
}
_UNIT_RE = re.compile(
    r"(?<![^\W\d_])(?:"
    + "|".join(sorted((re.escape(w) for w in _UNIT_WORDS), key=len, reverse=True))
    + r")(?![^\W\d_])"
)
_MINUS_CHARS = "-\u2212\u2010\u2011\u2012\u2013\u2014\ufe63\uff0d"
_DECIMAL_CHARS = ".\u066b/\u2044"  # point, Arabic decimal separator, slash (Iranian habit)
# Thousands separators people actually use: ASCII comma, Arabic thousands
# separator, Persian comma (what the comma key gives on a Persian keyboard), space.
_GROUPING_RE = re.compile(r"[,\u066c\u060c ]")
_GROUPED_RE = re.compile(r"[0-9]{1,3}(?:[,\u066c\u060c ][0-9]{3})+", re.ASCII)
_DIGITS_RE = re.compile(r"[0-9]+", re.ASCII)


def parse_amount(
    text: str | int | None,
    *,
    unit: str = "rial",
    allow_zero: bool = False,
    max_rials: int = DEFAULT_MAX_RIALS,
) -> int:
    """Parse a typed amount in `unit` ("rial" or "toman") into int Rials.

    Accepts Persian, Arabic-Indic and ASCII digits, thousands separators in
    groups of three, and a unit word. Refuses, each with its own message:
    empty input, non-numbers, negatives, fractions, bad grouping ("12,50" may
    be a European 12.50), a unit word that contradicts the field (a silent
    tenfold error otherwise), zero unless allowed, and amounts above
    `max_rials`.
    """
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {UNITS}, not {unit!r}")
    factor = 10 if unit == "toman" else 1
    if isinstance(text, (bool, float)):
        raise TypeError("amounts are int Rials or text, never bool or float")
    if isinstance(text, int):
        return _check_range(text * factor, allow_zero, max_rials, unit)
    cleaned = normalize(text, multiline=False).casefold()
    if not cleaned:
        raise AmountError(_l("Enter an amount."), "empty")
    for word in _UNIT_RE.findall(cleaned):
        if _UNIT_WORDS[word] != unit:
            msg = (
                _l("This amount is in Toman; enter it in Toman.")
                if unit == "toman"
                else _l("This amount is in Rials; enter it in Rials.")
            )
            raise AmountError(msg, "wrong_unit")
    cleaned = _UNIT_RE.sub(" ", cleaned).strip()
    if not cleaned:
        raise AmountError(_l("Enter an amount."), "empty")
    if cleaned[0] in _MINUS_CHARS or cleaned[-1] in _MINUS_CHARS:
        # Typed right to left, a minus sign often ends up after the digits.
        raise AmountError(_l("Enter an amount that is not negative."), "negative")
    if any(ch in _DECIMAL_CHARS for ch in cleaned):
        raise AmountError(_l("Enter a whole number, without a decimal point."), "fraction")
    if _GROUPING_RE.search(cleaned):
        if not _GROUPED_RE.fullmatch(cleaned):
            if _DIGITS_RE.fullmatch(_GROUPING_RE.sub("", cleaned)):
                raise AmountError(
                    _l("Group the digits in threes, e.g. 1,250,000, or leave out the commas."),
                    "grouping",
                )
            raise AmountError(_l("Enter the amount in digits, e.g. 1,250,000."), "not_a_number")
        cleaned = _GROUPING_RE.sub("", cleaned)
    if not _DIGITS_RE.fullmatch(cleaned):
        raise AmountError(_l("Enter the amount in digits, e.g. 1,250,000."), "not_a_number")
    if len(cleaned.lstrip("0")) > 19:  # far above any max; spares int() a huge string
        raise _too_large(max_rials, unit)
    return _check_range(int(cleaned) * factor, allow_zero, max_rials, unit)


def _too_large(max_rials: int, unit: str) -> AmountError:
    limit = max_rials // 10 if unit == "toman" else max_rials
    return AmountError(_l("Enter an amount no greater than %(limit)s.",
                          limit=MessageNumber(limit)), "too_large")


def _check_range(rials: int, allow_zero: bool, max_rials: int, unit: str = "rial") -> int:
    if rials < 0:
        raise AmountError(_l("Enter an amount that is not negative."), "negative")
    if rials == 0 and not allow_zero:
        raise AmountError(_l("Enter an amount greater than zero."), "zero")
    if rials > max_rials:
        raise _too_large(max_rials, unit)
    return rials


def split_amount(total: int, weights: Sequence[int]) -> list[int]:
    """Split `total` Rials in proportion to `weights` by largest remainder (Hamilton).

    The parts are whole Toman when `total` is (whole Rials otherwise), sum exactly to
    `total`, and each is within one unit of its exact share; the units left over after
    rounding down go to
    the largest remainders, ties to the earlier index, so the same input
    always gives the same split. Weights are any positive ints (maker shares
    in percent are the usual case).
    """
    if not isinstance(total, int) or isinstance(total, bool):
        raise TypeError("total must be an int number of Rials")
    if total < 0:
        raise ValueError("total must not be negative")
    if not weights:
        raise ValueError("at least one weight is needed")
    for w in weights:
        if not isinstance(w, int) or isinstance(w, bool) or w <= 0:
            raise ValueError(f"weights must be positive ints, not {w!r}")
    # A total in whole Toman is split in whole Toman, so no maker is ever shown a fraction of
    # one; otherwise (an old entry in odd Rials) in whole Rials.
    unit = 10 if total % 10 == 0 else 1
    return [part * unit for part in _largest_remainder(total // unit, weights)]


def _largest_remainder(total: int, weights: Sequence[int]) -> list[int]:
    whole = sum(weights)
    parts: list[int] = []
    remainders: list[int] = []
    for w in weights:
        part, rem = divmod(total * w, whole)
        parts.append(part)
        remainders.append(rem)
    leftover = total - sum(parts)  # < len(weights)
    by_remainder = sorted(range(len(weights)), key=lambda i: (-remainders[i], i))
    for i in by_remainder[:leftover]:
        parts[i] += 1
    return parts
