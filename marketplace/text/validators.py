"""Iranian identifiers: national code, mobile number, postal code, Sheba (IBAN).

Each function takes what a person typed (Persian or ASCII digits, spaces,
dashes) and returns the one canonical string to store, or raises
`ValidationProblem` with a message for the form. Storing only canonical
values makes uniqueness checks and look-ups exact.
"""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l

from marketplace.errors import DomainError
from marketplace.text.persian import normalize

__all__ = ["ValidationProblem", "mobile", "national_code", "postal_code", "sheba"]


class ValidationProblem(DomainError):
    """A typed identifier is not valid."""


# Separators people type inside numbers: spaces, dashes of every kind, dots, brackets.
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212._()/]")
_DIGITS = re.compile(r"[0-9]+", re.ASCII)


def _digits(text: str | None) -> str:
    """Normalise digits and drop separators; '' if anything other than digits is left."""
    cleaned = _SEPARATORS.sub("", normalize(text, multiline=False))
    return cleaned if _DIGITS.fullmatch(cleaned) else ""


def national_code(text: str | None) -> str:
    """Return a valid 10-digit national code (کد ملی), or raise ValidationProblem.

    Codes of 8 or 9 digits are left-padded with zeros: cards from cities
    whose code starts with 00 are often written without them, and the
    official check accepts that. The last digit is the check digit: with
    s = sum(d[i] * (10 - i) for i in 0..8) and r = s % 11, it equals r when
    r < 2, else 11 - r. Codes of one repeated digit pass that check but are
    never issued.
    """
    digits = _digits(text)
    if not 8 <= len(digits) <= 10:
        raise ValidationProblem(_l("Enter the 10-digit national code."))
    digits = digits.zfill(10)
    if len(set(digits)) == 1 or not national_code_checksum_ok(digits):
        raise ValidationProblem(_l("This national code is not valid; check the digits."))
    return digits


def national_code_checksum_ok(code: str) -> bool:
    """True when the 10-digit `code` has the right check digit."""
    r = sum(int(code[i]) * (10 - i) for i in range(9)) % 11
    return int(code[9]) == (r if r < 2 else 11 - r)


def mobile(text: str | None) -> str:
    """Return an Iranian mobile number as '09xxxxxxxxx', or raise ValidationProblem.

    Accepts +98 9.., 0098 9.., 98 9.., 09.. and 9.. (ten digits), with an
    optional 0 after the country code ("+98 (0)912 ..."). Only the '09'
    prefix is checked, not operator ranges: new ranges keep being issued
    and rejecting a real number would lock a buyer out.
    """
    raw = normalize(text, multiline=False).strip()
    plus = raw.startswith("+")
    digits = _digits(raw[1:] if plus else raw)
    if plus and not digits.startswith("98"):
        raise ValidationProblem(_l("Enter an Iranian mobile number, e.g. 0912 345 6789."))
    for prefix in ("0098", "98"):
        if digits.startswith(prefix) and len(digits) in (len(prefix) + 10, len(prefix) + 11):
            digits = digits[len(prefix) :]
            break
    if len(digits) == 10 and digits.startswith("9"):
        digits = "0" + digits
    if not re.fullmatch(r"09[0-9]{9}", digits, re.ASCII):
        raise ValidationProblem(_l("Enter an Iranian mobile number, e.g. 0912 345 6789."))
    return digits


def phone(text: str | None) -> str:
    """A mobile number as `mobile` gives it, or a landline with its area code as
    '0' + 10 digits (051 3822 1234 is '05138221234'), or raise ValidationProblem."""
    try:
        return mobile(text)
    except ValidationProblem:
        pass
    digits = _digits(text)
    if digits.startswith("98") and len(digits) == 12:
        digits = "0" + digits[2:]
    if not re.fullmatch(r"0[1-8][0-9]{9}", digits, re.ASCII):
        raise ValidationProblem(
            _l("Enter a mobile number, or a landline with its area code, e.g. 051 3822 1234."))
    return digits


def postal_code(text: str | None) -> str:
    """Return a 10-digit Iranian postal code, or raise ValidationProblem.

    Rule: exactly 10 digits, the first five contain neither 0 nor 2 (Iran
    Post leaves them out of the city part because in handwriting they look
    like 5 and 3), and not one digit repeated. Stricter rules that circulate
    (no 5 as the fifth digit, no 2 anywhere) are not confirmed by Iran Post,
    so they are not enforced: a wrongly refused code blocks a real delivery.
    """
    digits = _digits(text)
    if len(digits) != 10:
        raise ValidationProblem(_l("Enter the 10-digit postal code."))
    if "0" in digits[:5] or "2" in digits[:5] or len(set(digits)) == 1:
        raise ValidationProblem(_l("This postal code is not valid; check the digits."))
    return digits


SHEBA_FORMAT = _l("Enter the Sheba number: 24 digits, with or without IR.")
SHEBA_CHECK = _l("This Sheba number is not valid; check the digits.")


def sheba(text: str | None) -> str:
    """Return an Iranian Sheba number (شبا, the IBAN) as 'IR' and 24 digits, or raise
    ValidationProblem.

    Spaces, dashes and Persian digits are accepted; 'IR' may be lower case or left out. The two
    digits after IR are the ISO 7064 MOD 97-10 check: with the first four characters moved
    to the end and each letter written as its number (A = 10 … I = 18, R = 27), the whole
    is 1 modulo 97.
    """
    raw = normalize(text, multiline=False).strip()
    # Bank forms print IR before the box, so many people type the 24 digits alone.
    rest = _digits(raw[2:] if raw[:2].upper() == "IR" else raw)
    if len(rest) != 24:
        raise ValidationProblem(SHEBA_FORMAT)
    if not iban_checksum_ok("IR" + rest):
        raise ValidationProblem(SHEBA_CHECK)
    return "IR" + rest


def iban_checksum_ok(iban: str) -> bool:
    """True when `iban` (upper-case letters and digits, no spaces) passes MOD 97-10."""
    moved = iban[4:] + iban[:4]
    return int("".join(str(int(ch, 36)) for ch in moved)) % 97 == 1
