"""Full-text search over listed products, in Persian and English.

Both the index (`Product.search_text`) and the query go through
`persian.search_key`, so Arabic yeh/kaf, Persian/Arabic digits and ZWNJ
variants find the same products. SQLite reads the FTS5 table `product_search`
(kept in sync by triggers, migration 0002) ranked by bm25; PostgreSQL matches the
stored column `product_search_tsv`, generated from search_text (GIN index, migration
0006), ranked by ts_rank among the newest matches the result pages can show.

The query text never reaches SQL syntax: it is reduced to word tokens, each
quoted for the backend's query language and passed as a bound parameter.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from markupsafe import Markup, escape
from sqlalchemy import select, text
from sqlalchemy.orm import joinedload, selectinload

from marketplace.extensions import db
from marketplace.models import Centre, Craft, Product, ProductStatus
from marketplace.text.persian import search_key

# Bounds that keep an absurd query cheap: the text read, the terms used, a term's length.
MAX_QUERY_CHARS = 200
MAX_TERMS = 8
MAX_TERM_CHARS = 40
MAX_PAGE = 50

_WORD = re.compile(r"[\w\u200c\u0654]+")


@dataclass
class SearchPage:
    """One page of results; `has_next` comes from fetching one row more than shown."""

    terms: list[str]
    page: int
    items: Sequence[Product] = field(default_factory=list)
    has_next: bool = False
    suggestion: str | None = None


def index_text(product: Product) -> str:
    """What search reads for a product: titles, descriptions, craft and centre names."""
    parts = [product.title_fa, product.title_en, product.description_fa, product.description_en]
    for named in (product.craft, product.centre):
        if named is not None:
            parts += [named.name_fa, named.name_en]
    return search_key(" ".join(p for p in parts if p))


def refresh(product: Product) -> None:
    """Recompute `search_text` after a listing is edited; the caller commits.

    On SQLite the FTS5 index follows by trigger; on PostgreSQL the tsvector is a
    column generated from this one, so it follows by itself.
    """
    product.search_text = index_text(product)


def query_terms(query: str | None) -> list[str]:
    """The normalised word tokens of what was typed, bounded in number and length."""
    key = search_key((query or "")[:MAX_QUERY_CHARS])
    terms: list[str] = []
    for token in key.split():
        token = token[:MAX_TERM_CHARS]
        if token not in terms:
            terms.append(token)
    return terms[:MAX_TERMS]


def fts5_query(terms: Sequence[str]) -> str:
    """FTS5 syntax for all terms, each a quoted string; the last one also as a prefix."""
    quoted = ['"' + t.replace('"', '""') + '"' for t in terms]
    if quoted:
        quoted[-1] += "*"
    return " ".join(quoted)


def tsquery(terms: Sequence[str]) -> str:
    """PostgreSQL to_tsquery syntax: quoted lexemes joined by AND, last one a prefix."""
    quoted = ["'" + t.replace("\\", "\\\\").replace("'", "''") + "'" for t in terms]
    if quoted:
        quoted[-1] += ":*"
    return " & ".join(quoted)


def _matching_ids(terms: Sequence[str], limit: int, offset: int) -> list[int]:
    """Ids of in-stock listed products matching every term, best first."""
    params = {"limit": limit, "offset": offset, "listed": ProductStatus.LISTED}
    if db.session.get_bind().dialect.name == "postgresql":
        # Rank the newest matches, at most as many as the pages shown (MAX_PAGE): ranking
        # every match of a common word read 10,000 tsvectors (85 ms at 100,000 products);
        # walking the newest first stops after the window (8 ms).
        sql = text(
            "WITH recent AS (SELECT p.id, p.product_search_tsv AS tsv FROM products p "
            "WHERE p.product_search_tsv @@ to_tsquery('simple', :q) "
            "AND p.status = :listed AND p.stock > 0 ORDER BY p.id DESC LIMIT :window) "
            "SELECT id FROM recent ORDER BY ts_rank(tsv, to_tsquery('simple', :q)) DESC, "
            "id DESC LIMIT :limit OFFSET :offset"
        )
        params["q"] = tsquery(terms)
        params["window"] = max(offset + limit, MAX_PAGE * limit)
    else:
        params["q"] = fts5_query(terms)
        # FTS5 answers "ORDER BY rank LIMIT n" without ranking every match; ask it for a
        # window of the best matches, then drop the unlisted and sold-out ones. Only when
        # the window ran out before the page was full does the full ranking run.
        params["window"] = (offset + limit) * 4 + 100
        rows = db.session.execute(text(_FTS_WINDOW), params).all()
        # No row at all says nothing about the window, so that rare case ranks everything.
        if rows and (len(rows) >= limit or rows[0].in_window < params["window"]):
            return [row.id for row in rows]
        sql = text(
            "SELECT p.id FROM product_search JOIN products p ON p.id = product_search.rowid "
            "WHERE product_search MATCH :q AND p.status = :listed AND p.stock > 0 "
            "ORDER BY product_search.rank, p.id DESC LIMIT :limit OFFSET :offset"
        )
    return list(db.session.scalars(sql, params))


# The window's own size comes back with each row, so deciding whether it covered every
# match costs no second query.
_FTS_WINDOW = (
    "WITH best AS (SELECT rowid, rank FROM product_search WHERE product_search MATCH :q "
    "ORDER BY rank LIMIT :window) "
    "SELECT p.id, (SELECT count(*) FROM best) AS in_window FROM best "
    "JOIN products p ON p.id = best.rowid WHERE p.status = :listed AND p.stock > 0 "
    "ORDER BY best.rank, p.id DESC LIMIT :limit OFFSET :offset"
)


def search(query: str | None, page: int = 1, per_page: int = 24) -> SearchPage:
    """One page of ranked results for what a visitor typed; never raises on odd input."""
    terms = query_terms(query)
    page = min(max(page, 1), MAX_PAGE)
    result = SearchPage(terms=terms, page=page)
    if not terms:
        return result
    ids = _matching_ids(terms, per_page + 1, (page - 1) * per_page)
    result.has_next = len(ids) > per_page
    ids = ids[:per_page]
    if not ids:
        result.suggestion = suggest(terms) if page == 1 else None
        return result
    products = db.session.scalars(
        select(Product)
        .where(Product.id.in_(ids))
        .options(
            joinedload(Product.centre), joinedload(Product.craft), selectinload(Product.photos)
        )
    ).unique()
    by_id = {p.id: p for p in products}
    result.items = [by_id[i] for i in ids if i in by_id]
    return result


def _vocabulary() -> set[str]:
    """Words of craft and centre names: small tables, and what people misspell most."""
    rows = db.session.execute(select(Craft.name_fa, Craft.name_en)).all()
    rows += db.session.execute(select(Centre.name_fa, Centre.name_en)).all()
    return {w for row in rows for w in search_key(" ".join(row)).split() if len(w) > 2}


def suggest(terms: Sequence[str]) -> str | None:
    """A "did you mean" query: each term replaced by the closest craft or centre word.

    None unless something changed and the new query finds at least one product.
    """
    words = _vocabulary()
    better = [
        t if t in words else next(iter(difflib.get_close_matches(t, words, 1, 0.75)), t)
        for t in terms
    ]
    if better == list(terms) or not _matching_ids(better, 1, 0):
        return None
    return " ".join(better)


@functools.lru_cache(maxsize=8192)
def _word_key(word: str) -> str:
    """search_key of one word, remembered: a results page shows some 500 words drawn from
    a small vocabulary, and normalising each was half the time of rendering it."""
    return search_key(word)


def highlight(value: str | None, terms: Sequence[str]) -> Markup:
    """`value` escaped, with the words that match a term (or start with one) in <mark>.

    Words are compared by their search key, so a title typed with Arabic kaf is
    highlighted for a query typed with Persian kaf.
    """
    value = value or ""
    if not terms:
        return escape(value)
    out: list[Markup] = []
    last = 0
    for match in _WORD.finditer(value):
        key = _word_key(match.group())
        if key and any(key.startswith(t) or t in key for t in terms):
            out.append(escape(value[last : match.start()]))
            out.append(Markup("<mark>{}</mark>").format(match.group()))
            last = match.end()
    out.append(escape(value[last:]))
    return Markup("").join(out)


def excerpt(value: str | None, terms: Sequence[str], width: int = 160) -> str:
    """A short piece of a long text, around the first word that matches a term."""
    value = value or ""
    if len(value) <= width:
        return value
    start = 0
    for match in _WORD.finditer(value):
        key = _word_key(match.group())
        if key and any(t in key for t in terms):
            start = max(0, match.start() - width // 3)
            break
    piece = value[start : start + width]
    return ("…" if start else "") + piece + ("…" if start + width < len(value) else "")
