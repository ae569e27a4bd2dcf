"""From what was typed to SQL: query units, their alternatives, retrieval and ranking.

A query becomes units: a word, or two neighbouring words that the shop knows joined
(«تابلو فرش» → تابلوفرش). Each unit has alternatives: itself, its stem, its synonyms and,
when the shop has no such word, the real words one letter away. A product matches when
every unit matches one alternative somewhere in its search text (a substring, through
the trigram index); it ranks by where and how each unit matched (`TIERS`).
"""

from __future__ import annotations

import difflib
import itertools
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Table,
    and_,
    bindparam,
    case,
    false,
    literal,
    or_,
    select,
    text,
)
from sqlalchemy.ext.compiler import compiles

from marketplace.catalogue.search import analysis, synonyms
from marketplace.extensions import db
from marketplace.models import Product, SearchWord
from marketplace.text.persian import search_key

# The narrow copy of what ranking reads (migration 0020), for SQLite's INDEXED BY.
RANK_INDEX = "product_search_rank"
MAX_QUERY_CHARS = 200
MAX_TERMS = 8
MAX_TERM_CHARS = 40
MAX_TYPOS = 5
# Points per unit: a title word typed exactly > a synonym > a stem > part of a compound >
# a typo, all above any match in the description, craft or centre.
TIERS = {"exact": 100, "synonym": 80, "stem": 60, "part": 40, "typo": 20, "body": 10,
         "body_part": 5}


@dataclass
class Unit:
    text: str
    surface: list[str]
    stem: str
    synonyms: list[str] = field(default_factory=list)
    typos: list[str] = field(default_factory=list)

    @property
    def forms(self) -> list[str]:
        """What may appear anywhere in a product's text for the unit to match."""
        return list(dict.fromkeys(self.surface + self.synonyms + self.typos))

    @property
    def word_start(self) -> str | None:
        """The stem, matched at the start of a word (چرمی finds چرم), when it is shorter."""
        return self.stem if self.stem != self.text else None


@dataclass
class Plan:
    units: list[Unit]
    sizes: list[tuple[int, int]]

    @property
    def marks(self) -> list[str]:
        """Words to highlight in the results."""
        return list(dict.fromkeys(
            w for u in self.units for f in (*u.forms, u.stem) for w in f.split()))

    def corrected(self) -> str | None:
        """The query with each unknown word replaced by its closest real word, if any."""
        if not any(u.typos for u in self.units):
            return None
        return " ".join(u.typos[0] if u.typos else " ".join(u.surface[-1:]) for u in self.units)


def query_terms(query: str | None) -> list[str]:
    """The normalised word tokens of what was typed, bounded in number and length."""
    terms: list[str] = []
    for token in search_key((query or "")[:MAX_QUERY_CHARS]).split():
        token = token[:MAX_TERM_CHARS]
        if token not in terms:
            terms.append(token)
    return terms[:MAX_TERMS]


def _known(words: set[str]) -> set[str]:
    if not words:
        return set()
    return set(db.session.scalars(select(SearchWord.word).where(SearchWord.word.in_(words))))


def plan(query: str | None) -> Plan:
    """The units of a query, with synonyms and typo alternatives (two or three lookups)."""
    found_sizes, rest = analysis.sizes((query or "")[:MAX_QUERY_CHARS])
    terms = query_terms(rest)
    terms = [t for t in terms if t not in analysis.STOP_WORDS] or terms
    pairs = [(a + b, f"{a} {b}") for a, b in itertools.pairwise(terms)]
    stems = {analysis.stem(t) for t in terms} | {analysis.stem(j) for j, _ in pairs}
    keys = set(terms) | stems | {j for j, _ in pairs} | {s for _, s in pairs}
    known = _known(set(terms) | stems | {j for j, _ in pairs})
    expand = synonyms.expansions(keys)
    units: list[Unit] = []
    i = 0
    while i < len(terms):
        joined, spaced = (terms[i] + terms[i + 1], f"{terms[i]} {terms[i + 1]}") if (
            i + 1 < len(terms)) else (terms[i], terms[i])
        if joined != spaced and (joined in known or joined in expand or spaced in expand):
            unit, i = Unit(joined, [joined, spaced], analysis.stem(joined)), i + 2
        else:
            unit, i = Unit(terms[i], [terms[i]], analysis.stem(terms[i])), i + 1
        # A synonym of the stem only when the word itself has none (کیفها → کیف → کیف پول).
        alts = [a for k in unit.surface for a in expand.get(k, [])] or expand.get(unit.stem, [])
        # A phrase also matches written joined (کوله پشتی → کولهپشتی).
        alts += [a.replace(" ", "") for a in alts if " " in a]
        unit.synonyms = [a for a in dict.fromkeys(alts) if a not in unit.surface]
        units.append(unit)
    unknown = [u for u in units if not ({u.text, u.stem} & known or u.synonyms)]
    spellings = {u.text: analysis.typo_spellings(u.text) for u in unknown}
    real = _known(set().union(*spellings.values())) if spellings else set()
    for u in unknown:
        close = sorted(spellings[u.text] & real,
                       key=lambda w, t=u.text: (-difflib.SequenceMatcher(None, t, w).ratio(), w))
        u.typos = close[:MAX_TYPOS]
    return Plan(units, found_sizes)


def _minimal(pieces: list[str]) -> list[str]:
    """The pieces an "any of these substrings" test needs: one that holds another (قالیچه
    holds قالی, تابلوفرش holds فرش) matches only where the shorter one does, so it only
    costs time."""
    return [p for p in pieces if not any(o != p and o in p for o in pieces)]


def _like_any(column: ColumnElement, patterns: list[str]) -> ColumnElement[bool]:
    return or_(*[column.like(p) for p in patterns]) if patterns else false()


def _unit_like(unit: Unit) -> ColumnElement[bool]:
    """The unit anywhere in the search text: the same test on both backends (LIKE; on
    PostgreSQL the pg_trgm index serves it)."""
    return _like_any(Product.search_text, [f"%{piece}%" for piece in _pieces(unit)])


def _fts_phrase(form: str) -> str | None:
    # FTS5's trigram index needs three characters; shorter forms fall back to LIKE.
    return '"' + form.replace('"', '""') + '"' if len(form) >= 3 else None


def _any_phrase(forms: list[str]) -> str | None:
    phrases = [_fts_phrase(f) for f in forms]
    if not phrases or None in phrases:
        return None
    return "(" + " OR ".join(phrases) + ")"


def _pieces(unit: Unit) -> list[str]:
    """What retrieval looks for anywhere in the search text: the forms, and the stem at a
    word start."""
    starts = [" " + unit.word_start] if unit.word_start else []
    return _minimal(unit.forms + starts)


def _unit_match(unit: Unit) -> str | None:
    return _any_phrase(_pieces(unit))


def _trigram_rowids(match: str) -> ColumnElement[bool]:
    """Products whose search text the FTS5 trigram index finds for `match` (SQLite)."""
    # unique: a ranking holds several of these, each with its own phrases.
    rowids = text(
        "SELECT rowid FROM product_search_trigram WHERE product_search_trigram MATCH :m"
    ).bindparams(bindparam("m", match, unique=True)).columns()
    return Product.id.in_(select(text("rowid")).select_from(rowids.subquery()))


def narrow(p: Plan) -> bool:
    """Whether the plan is retrieved and ranked without reading the wide product rows: on
    SQLite, when every unit goes through the trigram index (forms of three letters or
    more), so ranking can read the narrow `ix_products_search_rank` alone."""
    return db.session.get_bind().dialect.name == "sqlite" and bool(p.units) and all(
        _unit_match(u) for u in p.units)


@compiles(Table, "sqlite")
def _sqlite_table_hint(table: Table, compiler: Any, **kw: Any) -> str:
    """SQLAlchemy renders no table hints on SQLite; `INDEXED BY` is the one ranking needs
    (`Select.with_hint(..., "sqlite")`): SQLite looks an id up in the table itself, the wide
    row, unless told to use the covering index that starts with the id."""
    rendered = compiler.visit_table(table, **kw)
    hint = (kw.get("fromhints") or {}).get(table)
    return f"{rendered} {hint}" if hint and kw.get("asfrom") else rendered


def matches(p: Plan) -> list[ColumnElement[bool]]:
    """WHERE conditions for products matching every unit and size of the plan."""
    conditions: list[ColumnElement[bool]] = []
    if db.session.get_bind().dialect.name == "sqlite":
        by_fts = [(u, _unit_match(u)) for u in p.units]
        fts = [m for _u, m in by_fts if m]
        if fts:
            conditions.append(_trigram_rowids(" AND ".join(fts)))
        conditions += [_unit_like(u) for u, m in by_fts if not m]
    else:
        conditions += [_unit_like(u) for u in p.units]
    if p.sizes:
        conditions.append(or_(*[
            or_(and_(Product.width_cm == a, Product.length_cm == b),
                and_(Product.width_cm == b, Product.length_cm == a))
            for a, b in p.sizes
        ]))
    return conditions


def _in_body(pieces: list[str], by_index: bool) -> ColumnElement[bool]:
    """Whether the search text holds one of `pieces` (space-bounded words or word starts):
    through the trigram index when ranking must not read the wide rows (the phrases keep
    their spaces, so the index answers exactly what LIKE would), else by LIKE."""
    pieces = _minimal(pieces)
    match = _any_phrase(pieces) if by_index else None
    if match:
        return _trigram_rowids(match)
    return _like_any(Product.search_text, [f"%{piece}%" for piece in pieces])


def _unit_score(unit: Unit, by_index: bool) -> ColumnElement[int]:
    title, stems = Product.search_title, Product.search_stems
    words = unit.surface + unit.synonyms
    starts = [f" {unit.word_start}"] if unit.word_start else []
    return case(
        (_like_any(title, [f"% {f} %" for f in unit.surface]), TIERS["exact"]),
        (or_(_like_any(title, [f"% {s} %" for s in unit.synonyms]),
             _like_any(stems, [f"% {analysis.stem(s)} %" for s in unit.synonyms])),
         TIERS["synonym"]),
        (stems.like(f"% {unit.stem} %"), TIERS["stem"]),
        (_like_any(title, [f"%{f}%" for f in _minimal(words + starts)]), TIERS["part"]),
        (_like_any(title, [f"% {t} %" for t in unit.typos]), TIERS["typo"]),
        (_in_body([f" {f} " for f in words] + starts, by_index), TIERS["body"]),
        else_=TIERS["body_part"],
    )


def score(p: Plan, by_index: bool = False) -> ColumnElement[int]:
    """The relevance of a product to the plan: the sum of its units' tiers. `by_index`
    (SQLite, `narrow` plans) decides the description tier through the trigram index, so
    the ranking reads `search_title` and `search_stems` only."""
    total: ColumnElement[int] | None = None
    for unit in p.units:
        tier = _unit_score(unit, by_index)
        total = tier if total is None else total + tier
    return total if total is not None else literal(0)
