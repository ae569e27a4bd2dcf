"""The one base class of the shop's refusals.

A domain function that will not do what it was asked raises a subclass with a message
for people (usually lazy gettext, so it is translated when shown) and, where it is about
one input, the name of the form field to show it on. Views catch `DomainError` and put
the message on the form; nothing was written.
"""

from __future__ import annotations


class DomainError(Exception):
    """A refused operation: `.message` says why, `.field` names the form field (or None)."""

    field: str | None = None

    def __init__(self, message: object, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        if field is not None:
            self.field = field
