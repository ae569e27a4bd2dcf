"""Browsing the catalogue: filters from GET parameters, sorting and keyset pages.

Fast on 100,000 products: each page is one indexed range scan from a cursor
(the sort key and the id of the last row shown), never an OFFSET, and the
result count is capped (`COUNT_CAP`), never a COUNT(*) over the whole table.
Bad parameters are dropped with a notice for the visitor, never an error.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, Select, func, select, tuple_

from marketplace.catalogue import facets
from marketplace.catalogue import queries as catalogue
from marketplace.extensions import db
from marketplace.models import Centre, Craft, Product
from marketplace.text.money import AmountError, parse_amount

SORTS = ("newest", "price_asc", "price_desc", "popular")
SORT_LABELS = {
    "relevance": _l("Most relevant"),
    "newest": _l("Newest"),
    "price_asc": _l("Price: low to high"),
    "price_desc": _l("Price: high to low"),
    "popular": _l("Best-selling"),
}
COUNT_CAP = 1000
PER_PAGE = 24
_TIME_FORMAT = "%Y%m%d%H%M%S%f"


@dataclass
class Listing:
    """What the visitor asked for, after dropping what could not be used."""

    craft: Craft | None = None
    centre: Centre | None = None
    min_rials: int | None = None
    max_rials: int | None = None
    in_stock: bool = True
    sort: str = "newest"
    default_sort: str = "newest"
    # Facet choices (catalogue.facets): codes of a colour, a knot density, size ranges.
    colour: str | None = None
    knots: int | None = None
    width: str | None = None
    length: str | None = None
    after: tuple[object, int] | None = None
    before: tuple[object, int] | None = None
    notices: list[object] = field(default_factory=list)

    def params(self, **cursor: str) -> dict[str, str]:
        """GET parameters that reproduce this listing (a shareable URL), plus a cursor."""
        out: dict[str, str] = {}
        if self.craft:
            out["craft"] = self.craft.code
        if self.centre:
            out["centre"] = self.centre.slug
        if self.min_rials is not None:
            out["min_price"] = str(self.min_rials // 10)
        if self.max_rials is not None:
            out["max_price"] = str(self.max_rials // 10)
        if not self.in_stock:
            out["in_stock"] = "0"
        out.update(facets.params(self))
        if self.sort != self.default_sort:
            out["sort"] = self.sort
        return {**out, **cursor}


@dataclass
class ListingPage:
    items: Sequence[Product]
    next_cursor: str | None
    prev_cursor: str | None
    count: int
    count_capped: bool


def _price(value: str, label: object, notices: list[object]) -> int | None:
    if not value.strip():
        return None
    try:
        return parse_amount(value, unit="toman", allow_zero=True)
    except AmountError as error:
        notices.append(_l("%(field)s ignored: %(reason)s", field=label, reason=error.message))
        return None


def _sort_column(sort: str) -> Any:
    return {"newest": Product.listed_at, "popular": Product.sold_count}.get(
        sort, Product.price_rials)


def _sort_key_text(product: Product, sort: str) -> str:
    if sort == "newest":
        return f"{product.listed_at.strftime(_TIME_FORMAT)}_{product.id}"
    return f"{getattr(product, _sort_column(sort).key)}_{product.id}"


def _parse_cursor(value: str, sort: str) -> tuple[object, int]:
    """`<sort key>_<id>`; raises ValueError when it is not one."""
    key, _sep, ident = value.partition("_")
    if not _sep or not ident.isdigit() or not key or len(value) > 40:
        raise ValueError(value)
    if len(ident) > 18 or (sort != "newest" and (not key.isdigit() or len(key) > 16)):
        raise ValueError(value)  # beyond any id or price: the database cannot compare it
    parsed: object = datetime.strptime(key, _TIME_FORMAT) if sort == "newest" else int(key)
    return parsed, int(ident)


def parse_listing(
    args: Mapping[str, str], crafts: Sequence[Craft], centres: Sequence[Centre],
    sorts: Sequence[str] = SORTS,
) -> Listing:
    """The listing described by GET parameters; each unusable value adds a notice.
    The first of `sorts` is the default order."""
    listing = Listing(sort=sorts[0], default_sort=sorts[0])
    notices = listing.notices
    craft_code = (args.get("craft") or "").strip()
    if craft_code:
        listing.craft = next((c for c in crafts if c.code == craft_code), None)
        if listing.craft is None:
            notices.append(_l("There is no such craft; showing all crafts."))
    centre_slug = (args.get("centre") or "").strip()
    if centre_slug:
        listing.centre = next((c for c in centres if c.slug == centre_slug), None)
        if listing.centre is None:
            notices.append(_l("There is no such centre; showing all centres."))
    listing.min_rials = _price(args.get("min_price") or "", _l("Minimum price"), notices)
    listing.max_rials = _price(args.get("max_price") or "", _l("Maximum price"), notices)
    if (
        listing.min_rials is not None
        and listing.max_rials is not None
        and listing.min_rials > listing.max_rials
    ):
        notices.append(_l("The minimum price was above the maximum; both were swapped."))
        listing.min_rials, listing.max_rials = listing.max_rials, listing.min_rials
    stock_values = args.getlist("in_stock") if hasattr(args, "getlist") else [args.get("in_stock")]
    # A checkbox after a hidden "0": the last value is what the visitor chose.
    listing.in_stock = (stock_values[-1] if stock_values else None) not in ("0", "off", "false")
    facets.parse(args, listing)
    sort = args.get("sort") or sorts[0]
    if sort in sorts:
        listing.sort = sort
    else:
        notices.append(_l("Unknown sort order; showing the default order."))
    for name in ("after", "before"):
        value = args.get(name)
        if not value:
            continue
        try:
            setattr(listing, name, _parse_cursor(value, listing.sort))
        except ValueError:
            notices.append(_l("That page link is not valid; showing the first page."))
            listing.after = listing.before = None
            break
    return listing


def conditions(listing: Listing, leave_out: str | None = None) -> list[ColumnElement[bool]]:
    """WHERE conditions of the listing's filters (all but the facet `leave_out`, whose
    counts must not be narrowed by its own choice)."""
    out: list[ColumnElement[bool]] = []
    if listing.in_stock and leave_out != "in_stock":
        out.append(Product.stock > 0)
    if listing.craft is not None and leave_out != "craft":
        out.append(Product.craft_id == listing.craft.id)
    if listing.centre is not None and leave_out != "centre":
        out.append(Product.centre_id == listing.centre.id)
    # Newest first, the price is tested row by row along the date index, which stops after
    # a page. Offered the price index, SQLite (even after ANALYZE) read every product in
    # the range and sorted them: 17 ms for the middle half of 100,000 products' carpets.
    price = Product.price_rials + 0 if listing.sort == "newest" else Product.price_rials
    if leave_out != "price":
        if listing.min_rials is not None:
            out.append(price >= listing.min_rials)
        if listing.max_rials is not None:
            out.append(price <= listing.max_rials)
    return out + facets.conditions(listing, leave_out)


def _filtered(listing: Listing) -> Select:
    query = catalogue.listed(in_stock=False).where(*conditions(listing))
    if listing.sort == "newest":
        # Products listed without a date cannot be placed in this order.
        query = query.where(Product.listed_at.is_not(None))
    return query


def capped_count(listing: Listing) -> tuple[int, bool]:
    """How many products match, counting at most COUNT_CAP + 1 rows (an index scan)."""
    ids = _filtered(listing).with_only_columns(Product.id).limit(COUNT_CAP + 1).subquery()
    count = db.session.scalar(select(func.count()).select_from(ids)) or 0
    return min(count, COUNT_CAP), count > COUNT_CAP


def list_products(listing: Listing, per_page: int = PER_PAGE) -> ListingPage:
    """One page of the listing, after `listing.after` or before `listing.before`."""
    key = _sort_column(listing.sort)
    descending = listing.sort != "price_asc"
    backwards = listing.before is not None
    cursor = listing.before if backwards else listing.after
    # Walking down the keys means "desc order forwards" or "asc order backwards".
    down = descending != backwards
    query = _filtered(listing)
    if cursor is not None:
        row = tuple_(key, Product.id)
        query = query.where(row < tuple_(*cursor) if down else row > tuple_(*cursor))
    order = (key.desc(), Product.id.desc()) if down else (key.asc(), Product.id.asc())
    rows = list(db.session.scalars(query.order_by(*order).limit(per_page + 1)).unique())
    more = len(rows) > per_page
    rows = rows[:per_page]
    if backwards:
        rows.reverse()
    has_next = bool(rows) and (backwards or more)
    has_prev = bool(rows) and (more if backwards else cursor is not None)
    count, capped = capped_count(listing)
    return ListingPage(
        items=rows,
        next_cursor=_sort_key_text(rows[-1], listing.sort) if has_next else None,
        prev_cursor=_sort_key_text(rows[0], listing.sort) if has_prev else None,
        count=count,
        count_capped=capped,
    )
