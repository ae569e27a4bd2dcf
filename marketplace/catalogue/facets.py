"""Facets of a product list or search: the filters beyond craft, centre and price, and
how many products each choice would show.

Each facet's counts leave that facet's own choice out (choosing a colour does not hide
the other colours' counts) and keep every other filter. Facets without a choice share
one query of conditional sums; so a page costs one query of three GROUP BYs and one or
two of sums. Those scan every listed product (a narrow covering index, 0016), which at
100,000 products costs far more than the page around them: each process keeps the counts
of a query for FACET_COUNTS_SECONDS, so a count beside a filter may lag a change by that
long, while the results themselves are always read fresh.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from threading import Lock
from typing import Any

from cachetools import TTLCache
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Select,
    and_,
    case,
    func,
    literal,
    literal_column,
    select,
    union_all,
)

from marketplace.extensions import db
from marketplace.models import COLOUR_BITS, COLOURS, Product, ProductStatus

# Size ranges in cm for carpets and kilims: code → (lowest, highest), None = open.
WIDTHS = {"w-80": (None, 80), "w-81-120": (81, 120), "w-121-160": (121, 160),
          "w-161": (161, None)}
LENGTHS = {"l-120": (None, 120), "l-121-180": (121, 180), "l-181-250": (181, 250),
           "l-251": (251, None)}
# Price ranges in Toman for the facet links (they set min_price and max_price).
PRICES = ((None, 1_000_000), (1_000_000, 5_000_000), (5_000_000, 20_000_000),
          (20_000_000, None))


@dataclass
class Facets:
    """Counts per facet value: facet name → {value: count}."""

    counts: dict[str, dict[Any, int]] = field(default_factory=dict)
    in_stock: int = 0


def _range(column: Any, low: int | None, high: int | None) -> ColumnElement[bool]:
    parts = [column.is_not(None)]
    if low is not None:
        parts.append(column >= low)
    if high is not None:
        parts.append(column <= high)
    return and_(*parts)


def _colour(code: str) -> ColumnElement[bool]:
    return Product.colour_mask.op("&")(COLOUR_BITS[code]) != 0


def parse(args: Mapping[str, str], listing: Any) -> None:
    """Facet choices from GET parameters; unknown values are dropped with a notice."""
    colour = (args.get("colour") or "").strip()
    listing.colour = colour if any(c[0] == colour for c in COLOURS) else None
    width, length = args.get("width") or "", args.get("length") or ""
    listing.width = width if width in WIDTHS else None
    listing.length = length if length in LENGTHS else None
    knots = (args.get("knots") or "").strip()
    listing.knots = int(knots) if knots.isdigit() and len(knots) < 4 else None
    if (colour and not listing.colour) or (width and not listing.width) or (
            length and not listing.length) or (knots and listing.knots is None):
        listing.notices.append(_l("A filter was not understood and is left out."))


def params(listing: Any) -> dict[str, str]:
    chosen = {"colour": listing.colour, "width": listing.width, "length": listing.length,
              "knots": str(listing.knots) if listing.knots is not None else None}
    return {k: v for k, v in chosen.items() if v}


def conditions(listing: Any, leave_out: str | None = None) -> list[ColumnElement[bool]]:
    out = []
    if listing.colour and leave_out != "colour":
        out.append(_colour(listing.colour))
    if listing.width and leave_out != "width":
        out.append(_range(Product.width_cm, *WIDTHS[listing.width]))
    if listing.length and leave_out != "length":
        out.append(_range(Product.length_cm, *LENGTHS[listing.length]))
    if listing.knots is not None and leave_out != "knots":
        out.append(Product.knots_per_sq_cm == listing.knots)
    return out


def _price(low: int | None, high: int | None) -> ColumnElement[bool]:
    return _range(Product.price_rials, low * 10 if low else None, high * 10 if high else None)


def _sums() -> dict[str, dict[Any, ColumnElement[bool]]]:
    return {
        "price": {(lo, hi): _price(lo, hi) for lo, hi in PRICES},
        "width": {code: _range(Product.width_cm, *r) for code, r in WIDTHS.items()},
        "length": {code: _range(Product.length_cm, *r) for code, r in LENGTHS.items()},
        "colour": {code: _colour(code) for code, _fa, _en in COLOURS},
        "in_stock": {True: Product.stock > 0},
    }


def _chosen(listing: Any, name: str) -> bool:
    if name == "price":
        return listing.min_rials is not None or listing.max_rials is not None
    if name == "in_stock":
        return bool(listing.in_stock)
    return getattr(listing, name) is not None


_recent: TTLCache | None = None
_recent_lock = Lock()


def _rows(statement: Select | CompoundSelect) -> list[tuple]:
    """The statement's rows, reused for FACET_COUNTS_SECONDS by this process (0: always read)."""
    seconds = current_app.config.get("FACET_COUNTS_SECONDS", 0)
    if seconds <= 0:
        return [tuple(row) for row in db.session.execute(statement).all()]
    global _recent
    compiled = statement.compile(db.engine)
    key = (str(db.engine.url), str(compiled), tuple(sorted(compiled.params.items())))
    with _recent_lock:
        if _recent is None or _recent.ttl != seconds:
            _recent = TTLCache(maxsize=2048, ttl=seconds)
        rows = _recent.get(key)
    if rows is None:
        rows = [tuple(row) for row in db.session.execute(statement).all()]
        with _recent_lock:
            _recent[key] = rows
    return rows


def count(
    listing: Any, matching: list[ColumnElement[bool]],
    filters: Callable[[Any, str | None], list[ColumnElement[bool]]],
) -> Facets:
    """Counts for every facet over the listed products that satisfy `matching` (a
    search's matches, or nothing) and the listing's other filters (`filters`)."""
    listed = [Product.status == ProductStatus.LISTED, *matching]
    out = Facets()
    # Grouped by `column + 0`: SQLite would otherwise walk the craft or centre listing index
    # (ordered by the column, but without stock) and read every wide row; the expression
    # sends it to the narrow covering index instead.
    grouped = [
        select(literal(name).label("facet"), (column + literal_column("0")).label("value"),
               func.count().label("n"))
        .where(*listed, *filters(listing, name), column.is_not(None))
        .group_by(column + literal_column("0"))
        for name, column in (("craft", Product.craft_id), ("centre", Product.centre_id),
                             ("knots", Product.knots_per_sq_cm))
    ]
    out.counts = {"craft": {}, "centre": {}, "knots": {}}
    for name, value, n in _rows(union_all(*grouped)):
        out.counts[name][value] = n
    sums = _sums()
    shared = [name for name in sums if not _chosen(listing, name)]
    groups = [[name] for name in sums if _chosen(listing, name)] + ([shared] if shared else [])
    for group in groups:
        leave_out = group[0] if len(group) == 1 and _chosen(listing, group[0]) else None
        labels = [(name, value) for name in group for value in sums[name]]
        columns = [func.coalesce(func.sum(case((sums[n][v], 1), else_=0)), 0) for n, v in labels]
        (row,) = _rows(select(*columns).where(*listed, *filters(listing, leave_out)))
        for (name, value), n in zip(labels, row, strict=True):
            out.counts.setdefault(name, {})[value] = int(n)
    out.in_stock = out.counts.pop("in_stock", {}).get(True, 0)
    return out
