"""Search over listed products, in Persian and English: the shop's one search interface.

Views call `search`, `item_by_code` and `suggestions`; everything behind them (the
trigram indexes of migration 0201, synonyms, stems, typo spellings) can be replaced by
a dedicated engine without touching a view (docs/search-and-catalogue.md).

Both the index (`index.fields`) and the query go through `persian.search_key`, so
Arabic yeh/kaf, Persian/Arabic digits and ZWNJ variants find the same products. The
query text never reaches SQL syntax: its words are bound parameters of LIKE patterns
(and of an FTS5 phrase, quoted, on SQLite).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, literal, select

from marketplace.catalogue import browse
from marketplace.catalogue import queries as catalogue
from marketplace.catalogue.search.analysis import item_code
from marketplace.catalogue.search.display import excerpt, highlight
from marketplace.catalogue.search.index import refresh
from marketplace.catalogue.search.query import (
    MAX_QUERY_CHARS,
    MAX_TERM_CHARS,
    MAX_TERMS,
    RANK_INDEX,
    Plan,
    narrow,
    plan,
    query_terms,
)
from marketplace.catalogue.search.query import matches as _matches
from marketplace.catalogue.search.query import score as _score
from marketplace.extensions import db
from marketplace.models import Centre, Craft, Product, ProductStatus
from marketplace.text.persian import search_key

__all__ = [
    "MAX_PAGE", "MAX_QUERY_CHARS", "MAX_TERMS", "MAX_TERM_CHARS", "SORTS", "SearchPage",
    "excerpt", "highlight", "item_by_code", "query_terms", "refresh", "search", "suggestions",
]

MAX_PAGE = 50
SORTS = ("relevance", *browse.SORTS)
SUGGESTIONS = 6


@dataclass
class SearchPage:
    """One page of results; `has_next` comes from fetching one row more than shown."""

    terms: list[str]
    page: int
    items: Sequence[Product] = field(default_factory=list)
    has_next: bool = False
    suggestion: str | None = None
    # WHERE conditions selecting every match (before the filters), for the facet counts.
    matching: list = field(default_factory=list)


def item_by_code(query: str | None) -> Product | None:
    """The listed product whose code the query is (RY-000110 and its spellings)."""
    code = item_code(query)
    if code is None:
        return None
    return db.session.scalar(
        select(Product).where(Product.code == code, Product.status == ProductStatus.LISTED)
    )


# Sorts that do not read the relevance, so ranking need not compute it.
_PLAIN_SORTS = {
    "newest": [Product.listed_at.desc(), Product.id.desc()],
    "price_asc": [Product.price_rials.asc(), Product.id.asc()],
    "price_desc": [Product.price_rials.desc(), Product.id.desc()],
}


def _order(sort: str, relevance: ColumnElement[int]) -> list:
    tie = [(Product.stock > 0).desc(), Product.listed_at.desc(), Product.id.desc()]
    if sort == "popular":
        return [Product.sold_count.desc(), relevance.desc(), *tie]
    return _PLAIN_SORTS.get(sort, [relevance.desc(), *tie])


def _ranked(p: Plan, matching: list, listing: browse.Listing, limit: int, offset: int) -> Any:
    """The ids of one page, ranked over every match: reads only what ranking needs (on
    SQLite the covering `RANK_INDEX`), so the wide rows of the thousands of matches of a
    common word are never read; the page's own rows are loaded after."""
    by_index = narrow(p)
    # Ordered by the label, so the score is computed once a row, not again for the sort.
    relevance = (literal(0) if listing.sort in _PLAIN_SORTS else _score(p, by_index)).label(
        "relevance")
    ranked = (
        select(Product.id, relevance)
        .where(Product.status == ProductStatus.LISTED, *matching, *browse.conditions(listing))
        .order_by(*_order(listing.sort, relevance)).limit(limit).offset(offset)
    )
    if by_index:
        ranked = ranked.with_hint(Product.__table__, f"INDEXED BY {RANK_INDEX}", "sqlite")
    return ranked.subquery("ranked")


def search(
    query: str | None, page: int = 1, per_page: int = 24, listing: browse.Listing | None = None
) -> SearchPage:
    """One page of ranked results for what a visitor typed; never raises on odd input.

    Every match is ranked (no window). `listing` carries the filters and the sort.
    """
    listing = listing or browse.Listing(sort="relevance")
    p = plan(query)
    page = min(max(page, 1), MAX_PAGE)
    result = SearchPage(terms=p.marks, page=page)
    code_item = item_by_code(query)
    if code_item is not None:
        result.items = [code_item]
        return result
    if not p.units and not p.sizes:
        return result
    result.matching = _matches(p)
    ranked = _ranked(p, result.matching, listing, per_page + 1, (page - 1) * per_page)
    # One statement: the ranked ids (a LIMIT subquery, computed first), then their rows.
    rows = db.session.scalars(
        catalogue.listed(in_stock=False).join(ranked, ranked.c.id == Product.id)
        .order_by(*_order(listing.sort, ranked.c.relevance))
    ).unique().all()
    result.has_next = len(rows) > per_page
    result.items = rows[:per_page]
    # "Did you mean": a word the shop does not have, and a real one a letter away.
    result.suggestion = p.corrected() if page == 1 else None
    return result


def suggestions(query: str | None) -> dict[str, list[dict[str, str]]]:
    """What to offer while a visitor types: titles, crafts and centres starting with (or
    containing) what is typed so far; small enough to answer on every key press."""
    terms = query_terms(query)
    out: dict[str, list[dict[str, str]]] = {"titles": [], "crafts": [], "centres": []}
    if not terms or len(" ".join(terms)) < 2:
        return out
    typed = " ".join(terms)
    titles = db.session.execute(
        select(Product.id, Product.slug, Product.title_fa, Product.title_en)
        .where(Product.status == ProductStatus.LISTED, Product.stock > 0,
               Product.search_title.like(f"% {typed}%"))
        .limit(SUGGESTIONS * 4)
    ).all()
    seen: set[str] = set()
    for row in titles:
        if row.title_fa not in seen and len(seen) < SUGGESTIONS:
            seen.add(row.title_fa)
            out["titles"].append({"id": str(row.id), "slug": row.slug, "fa": row.title_fa,
                                  "en": row.title_en or ""})
    for key, model, ident in (("crafts", Craft, "code"), ("centres", Centre, "slug")):
        for item in db.session.scalars(select(model).order_by(model.id)):
            names = f" {item.name_fa} {item.name_en} "
            if typed in search_key(names):
                out[key].append({"id": getattr(item, ident), "fa": item.name_fa,
                                 "en": item.name_en})
    return out

