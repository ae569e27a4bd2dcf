"""The synonym table: words a search also looks for, edited by the admin, read per query.

Read at query time (one indexed lookup of the query's words), so a new synonym works
on the next search without re-indexing anything. A row expands one way: `فرش → قالی`
makes «فرش» find carpets; «قالی» finds «فرش» only if a row says so too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from marketplace.errors import DomainError
from marketplace.extensions import db
from marketplace.models import SearchSynonym, User
from marketplace.people import audit
from marketplace.text.persian import MessageNumber, search_key

MAX_ALTERNATIVES = 12

# The shop's starter list (issue 14): what shoppers type, and what the titles say.
DEFAULTS: tuple[tuple[str, str], ...] = (
    ("فرش", "قالی، قالیچه، تابلوفرش"),
    ("قالی", "قالیچه"),
    ("قالیچه", "قالی"),
    ("تابلو", "تابلوفرش"),
    ("کیف", "کیف پول، کوله"),
    ("کوله", "کوله پشتی"),
    ("لباس", "پیراهن، مانتو، دامن"),
    ("رومیزی", "سفره، رانر"),
    ("سفره", "رومیزی"),
    ("رانر", "رومیزی"),
    ("زیرلیوانی", "زیر لیوانی، زیرلیوان"),
    ("زیر لیوان", "زیرلیوانی، زیر لیوانی"),
    ("بچه", "کودک، بچگانه"),
    ("کودک", "بچه، بچگانه"),
    ("دستباف", "دست بافت، دستبافت"),
    ("دستدوز", "دست دوز، دوخت دست"),
    ("ساعت", "ساعت دیواری"),
    ("rug", "carpet"),
    ("carpet", "rug"),
    ("bag", "wallet, backpack"),
)


class SynonymError(DomainError):
    pass


def _alternatives(text: str) -> list[str]:
    seen: list[str] = []
    for piece in re.split(r"[،,\n]", text):
        key = search_key(piece)
        if key and key not in seen:
            seen.append(key)
    return seen


def expansions(words: Iterable[str]) -> dict[str, list[str]]:
    """For each of `words` (search keys) that has a row, the alternatives it expands to."""
    wanted = sorted(set(words))
    if not wanted:
        return {}
    rows = db.session.execute(
        select(SearchSynonym.word, SearchSynonym.alternatives)
        .where(SearchSynonym.word.in_(wanted))
    ).all()
    return {word: _alternatives(alternatives) for word, alternatives in rows}


def all_synonyms() -> Sequence[SearchSynonym]:
    return db.session.scalars(select(SearchSynonym).order_by(SearchSynonym.word)).all()


def save(word: str, alternatives: str, *, actor: User, synonym: SearchSynonym | None = None
         ) -> SearchSynonym:
    """Add a row (or change `synonym`); refused when empty, circular or a duplicate."""
    key = search_key(word)
    alts = [a for a in _alternatives(alternatives) if a != key]
    if not key:
        raise SynonymError(_l("Type the word shoppers search for."), "word")
    if not alts:
        raise SynonymError(_l("Type at least one other word, separated by commas."),
                           "alternatives")
    if len(alts) > MAX_ALTERNATIVES:
        raise SynonymError(_l("At most %(n)s words in one row.", n=MessageNumber(MAX_ALTERNATIVES)),
                           "alternatives")
    row = synonym or SearchSynonym()
    before = [row.word, row.alternatives]
    row.word, row.alternatives = key, "، ".join(alts)
    db.session.add(row)
    try:
        db.session.flush()
    except IntegrityError as error:
        db.session.rollback()
        raise SynonymError(_l("That word already has a row; edit it instead."), "word") from error
    audit.record(actor, "synonym.save", row, {"word": [before[0], key],
                                              "alternatives": [before[1], row.alternatives]})
    db.session.commit()
    return row


def delete(synonym: SearchSynonym, *, actor: User) -> None:
    audit.record(actor, "synonym.delete", synonym, {"word": synonym.word})
    db.session.delete(synonym)
    db.session.commit()


def install_defaults(*, actor: User | None = None) -> int:
    """Add the starter rows whose word has none yet; returns how many were added."""
    have = set(db.session.scalars(select(SearchSynonym.word)))
    added = 0
    for word, alternatives in DEFAULTS:
        key = search_key(word)
        if key not in have:
            row = SearchSynonym(word=key, alternatives="، ".join(_alternatives(alternatives)))
            db.session.add(row)
            db.session.flush()
            if actor is not None:
                audit.record(actor, "synonym.save", row, {"word": key})
            added += 1
        db.session.commit()
    return added
