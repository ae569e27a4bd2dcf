"""Relevance of search, measured: recall@10, precision@10 and nDCG@10 over a fixed set.

The catalogue and the queries are in `relevance_data`. The report is printed per query
and in total (run with `-s` or read it in the test output); the suite fails when the
totals fall below the floors, when a guarded query finds nothing, or when a product
that must not be found appears in a query's first ten.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import pytest

from marketplace.catalogue import search
from marketplace.catalogue.search import synonyms
from marketplace.extensions import db
from tests.factories import make_centre, make_craft, make_driver
from tests.shop.conftest import listed_product
from tests.shop.relevance_data import CATALOGUE, CENTRES, CRAFTS, QUERIES, Query

K = 10
MIN_RECALL = 0.9
MIN_NDCG = 0.8


@dataclass(frozen=True)
class Score:
    query: Query
    found: list[str]
    recall: float
    precision: float
    ndcg: float
    intruders: list[str]


def build_catalogue() -> dict[int, str]:
    """The fixed catalogue; returns product id → key."""
    crafts = {code: make_craft(code=code, name_fa=fa, name_en=en)
              for code, (fa, en) in CRAFTS.items()}
    centres = {slug: make_centre(slug=slug, name_fa=fa, name_en=en)
               for slug, (fa, en) in CENTRES.items()}
    driver = make_driver(centres=list(centres.values()))
    keys = {}
    for n, item in enumerate(CATALOGUE):
        width, length = item.size or (None, None)
        product = listed_product(
            n=n, driver=driver, centre=centres[item.centre], craft=crafts[item.craft],
            code=item.code or f"T-{n:06d}", title_fa=item.title_fa,
            title_en=item.title_en or None, description_fa=item.description_fa,
            width_cm=width, length_cm=length, stock=item.stock,
        )
        keys[product.id] = item.key
    synonyms.install_defaults()
    return keys


def expand(names: Sequence[str]) -> set[str]:
    """Product keys named directly or through `@craft`; sold-out items are never relevant."""
    out = set()
    for name in names:
        if name.startswith("@"):
            out |= {i.key for i in CATALOGUE if i.craft == name[1:] and i.stock}
        else:
            out.add(name)
    return out


def score(query: Query, found: list[str]) -> Score:
    relevant = expand(query.find)
    top = found[:K]
    hits = [key in relevant for key in top]
    ideal = min(len(relevant), K)
    dcg = sum(1 / math.log2(rank + 2) for rank, hit in enumerate(hits) if hit)
    idcg = sum(1 / math.log2(rank + 2) for rank in range(ideal))
    return Score(
        query=query,
        found=top,
        recall=sum(hits) / ideal,
        precision=sum(hits) / len(top) if top else 0.0,
        ndcg=dcg / idcg,
        intruders=[key for key in top if key in expand(query.avoid)],
    )


def report(scores: list[Score], backend: str) -> str:
    lines = [f"Search relevance on {backend}: {len(scores)} queries, @{K}",
             f"{'recall':>7} {'prec.':>6} {'nDCG':>6}  query → first results"]
    for s in scores:
        lines.append(f"{s.recall:7.2f} {s.precision:6.2f} {s.ndcg:6.2f}  {s.query.text} → "
                     f"{' '.join(s.found) or '(nothing)'}")
    totals = [sum(getattr(s, m) for s in scores) / len(scores)
              for m in ("recall", "precision", "ndcg")]
    lines.append("{:7.3f} {:6.3f} {:6.3f}  total (mean over queries)".format(*totals))
    return "\n".join(lines)


def test_queries_count_and_names_are_sound() -> None:
    keys = {i.key for i in CATALOGUE}
    assert len(QUERIES) >= 60
    for query in QUERIES:
        assert expand(query.find), query
        assert all(n.startswith("@") or n in keys for n in query.find + query.avoid), query
        assert not expand(query.find) & expand(query.avoid), query


@pytest.fixture
def relevance_catalogue(app, db) -> dict[int, str]:
    return build_catalogue()


def test_search_relevance(app, relevance_catalogue, capsys) -> None:
    scores = []
    for query in QUERIES:
        result = search.search(query.text, per_page=K)
        scores.append(score(query, [relevance_catalogue[p.id] for p in result.items]))
    text = report(scores, db.engine.dialect.name)
    with capsys.disabled():
        print("\n" + text)
    recall = sum(s.recall for s in scores) / len(scores)
    ndcg = sum(s.ndcg for s in scores) / len(scores)
    lost = [s.query.text for s in scores if s.query.guard and not s.found]
    intruders = {s.query.text: s.intruders for s in scores if s.intruders}
    assert not lost, f"guarded queries that now find nothing: {lost}"
    assert not intruders, f"products that must not be found: {intruders}"
    assert recall >= MIN_RECALL and ndcg >= MIN_NDCG, f"recall {recall:.3f}, nDCG {ndcg:.3f}"
