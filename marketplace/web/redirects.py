"""The one check for every address a visitor hands us to be sent back to (`?next=`,
the language form's `next`): only a path on this site, as a browser would read it."""

from __future__ import annotations

from urllib.parse import urlsplit

from werkzeug.urls import iri_to_uri

# Browsers drop tab and newline anywhere in a URL and strip other control characters at
# its ends, and read a backslash as a slash: "/\t/evil" and "/\\evil" both mean another host.
_MAX_LENGTH = 2000


def _unsafe_char(char: str) -> bool:
    code = ord(char)
    return code < 0x20 or code == 0x7F or char == "\\" or char.isspace()


def safe_path(target: object) -> str | None:
    """`target`, percent-encoded, when it is a path on this site (starting with one "/"), else None.

    Refuses control characters, whitespace and backslashes anywhere (rather than guessing
    how a browser would normalise them), a second "/" at the start (a host), and anything
    a URL parser reads a scheme or host from."""
    if not isinstance(target, str) or not target.startswith("/") or len(target) > _MAX_LENGTH:
        return None
    if target.startswith("//") or any(_unsafe_char(c) for c in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    # ASCII for the Location header (a Persian path is percent-encoded, as a browser would).
    return iri_to_uri(target)
