"""The programme's back-office operations: trainees, courses, referrals, centres, people.

Each operation is one function with the acting user passed in, one transaction
and one commit at its end; a refusal raises `ProgrammeError` (with a `.message`
for people and a `.field` for forms) and writes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import IntegrityError

from marketplace.errors import DomainError
from marketplace.extensions import db


class ProgrammeError(DomainError):
    """A refused back-office operation."""


@contextmanager
def refusing_duplicates(message: object, field: str | None = None) -> Iterator[None]:
    """Around the writes of an operation (flush and commit): if a unique key refuses them
    (a concurrent twin won the race after our own check), roll back and raise the same
    refusal that check would have given."""
    try:
        yield
    except IntegrityError as err:
        db.session.rollback()
        raise ProgrammeError(message, field) from err


def commit_or_refuse(message: object, field: str | None = None) -> None:
    """Commit, refusing a duplicate as `refusing_duplicates` does."""
    with refusing_duplicates(message, field):
        db.session.commit()
