"""Order codes a person can read out over the phone.

`RY-7K4M-2Q9X-H3TD`: twelve Crockford base32 characters (60 random bits, unguessable)
in groups of four. Crockford's alphabet has no I, L, O or U, so what a buyer reads or
types is forgiving: case does not matter, O is 0, I and L are 1, spaces and dashes and
Persian digits are fine. Codes made before this format (20 lower-case base32 letters)
keep working.
"""

from __future__ import annotations

import re
import secrets

from marketplace.text.persian import normalize

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PREFIX = "RY"
GROUPS, GROUP = 3, 4  # 12 characters x 5 bits = 60 bits
_TYPOS = str.maketrans({"O": "0", "I": "1", "L": "1"})
_NEW = re.compile(rf"{PREFIX}([{ALPHABET}]{{{GROUPS * GROUP}}})")
_OLD = re.compile(r"[a-z2-7]{20}")


def new_order_code() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(GROUPS * GROUP))
    return "-".join([PREFIX, *(body[i:i + GROUP] for i in range(0, len(body), GROUP))])


def canonical(typed: str | None) -> str | None:
    """The stored form of a code as a person typed or read it, or None if it cannot be one."""
    text = normalize(typed or "", multiline=False)
    compact = re.sub(r"[\s\-‐-―_.]", "", text)
    if _OLD.fullmatch(compact.lower()):  # 20 characters: never a new code (14)
        return compact.lower()
    match = _NEW.fullmatch(compact.upper().translate(_TYPOS))
    if match is None:
        return None
    body = match.group(1)
    return "-".join([PREFIX, *(body[i:i + GROUP] for i in range(0, len(body), GROUP))])
