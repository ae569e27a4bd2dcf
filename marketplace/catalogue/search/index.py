"""What search reads for a product, and the vocabulary typo correction looks words up in.

`search_text` holds `persian.search_key` of the titles, descriptions, colours, craft and
centre names, space-padded, followed by the title's neighbouring words joined. The
trigram index over it (migration 0201) answers substring queries on both backends.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from marketplace.catalogue.search.analysis import title_keys
from marketplace.extensions import db
from marketplace.models import Product, SearchWord
from marketplace.text.persian import search_key

MAX_WORD_CHARS = 60


def fields(values: Mapping[str, str | None], craft: Iterable[str], centre: Iterable[str]) -> dict:
    """The search columns for a product's text fields (`title_fa`, ...) and the names of
    its craft and centre; the seed's bulk insert and `refresh` share it."""
    title = " ".join(v for v in (values.get("title_fa"), values.get("title_en")) if v)
    rest = [values.get(k) for k in ("description_fa", "description_en", "colours_fa",
                                    "colours_en", "materials_fa", "materials_en")]
    words = search_key(" ".join(p for p in (title, *rest, *craft, *centre) if p))
    search_title, search_stems = title_keys(title)
    pairs = search_title.split()[len(search_key(title).split()):]
    return {
        # "|" never survives search_key, so it cleanly separates the words from the pairs.
        "search_text": f" {words} | {' '.join(pairs)} ",
        "search_title": search_title,
        "search_stems": search_stems,
    }


def words_of(search_text: str) -> set[str]:
    """The vocabulary words of a search text (joined pairs are not words of their own)."""
    return {w for w in search_text.split("|", 1)[0].split() if 1 < len(w) <= MAX_WORD_CHARS}


def refresh(product: Product) -> None:
    """Recompute the search columns after a listing is edited; the caller commits.

    On SQLite the trigram index follows by trigger, on PostgreSQL the GIN index follows
    the column; new words join the vocabulary.
    """
    names = []
    for named in (product.craft, product.centre):
        if named is not None:
            names += [named.name_fa, named.name_en]
    values = fields({k: getattr(product, k) for k in (
        "title_fa", "title_en", "description_fa", "description_en", "colours_fa",
        "colours_en", "materials_fa", "materials_en")}, names[:2], names[2:])
    for key, value in values.items():
        setattr(product, key, value)
    add_words(words_of(values["search_text"]))


def add_words(words: set[str]) -> None:
    """Add to the vocabulary the words it lacks, whoever else adds them meanwhile (never
    removes: a stale word only offers a correction that then finds nothing)."""
    if not words:
        return
    dialect = db.session.get_bind().dialect.name
    statement = (pg_insert if dialect == "postgresql" else sqlite_insert)(SearchWord)
    rows = [{"word": w} for w in sorted(words)]
    for start in range(0, len(rows), 1000):
        db.session.execute(statement.on_conflict_do_nothing(), rows[start : start + 1000])
