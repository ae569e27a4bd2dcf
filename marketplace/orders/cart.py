"""The session cart, as plain functions over plain dicts.

The cart lives in the signed session cookie as {"<product id>": quantity}, so a
visitor needs no account and no server-side state is shared between hosts. A
second dict, {"<product id>": price in Rials when last shown}, lets the cart page
say "the price changed". Nothing here reads `session`: the view passes the dicts
in and stores what comes back.

Prices and stock are never taken from the session: `view` reloads every product
in one query and recomputes all totals.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from marketplace.extensions import db
from marketplace.models import Centre, Product, ProductStatus

MAX_PER_LINE = 99
MAX_LINES = 50

Cart = dict[str, int]


def quantities(cart: Mapping[str, object] | None) -> dict[int, int]:
    """{product id: quantity} from a session cart, skipping anything malformed."""
    result: dict[int, int] = {}
    for key, qty in (cart or {}).items():
        try:
            product_id, amount = int(key), int(qty)  # type: ignore[call-overload]
        except (TypeError, ValueError):
            continue
        if product_id > 0 and amount > 0:
            result[product_id] = min(amount, MAX_PER_LINE)
    return result


def item_count(cart: Mapping[str, object] | None) -> int:
    """Units in the cart, for the header badge (no database query)."""
    return sum(quantities(cart).values())


def add(cart: Mapping[str, object] | None, product_id: int, qty: int = 1) -> Cart:
    """A new cart with `qty` more units of the product (bounded by stock in `view`)."""
    items = quantities(cart)
    if product_id not in items and len(items) >= MAX_LINES:
        return _as_cart(items)
    items[product_id] = min(items.get(product_id, 0) + max(qty, 1), MAX_PER_LINE)
    return _as_cart(items)


def set_quantity(cart: Mapping[str, object] | None, product_id: int, qty: int) -> Cart:
    """A new cart with the line set to `qty`; zero or less removes it."""
    items = quantities(cart)
    if qty <= 0:
        items.pop(product_id, None)
    elif product_id in items:
        items[product_id] = min(qty, MAX_PER_LINE)
    return _as_cart(items)


def remove(cart: Mapping[str, object] | None, product_id: int) -> Cart:
    return set_quantity(cart, product_id, 0)


def _as_cart(items: Mapping[int, int]) -> Cart:
    return {str(pid): qty for pid, qty in sorted(items.items())}


@dataclass
class Notice:
    """Something that changed since the buyer last looked: the template words it."""

    kind: str  # "sold_out", "reduced", "price_changed"
    product: Product | None
    old: int | None = None
    new: int | None = None


@dataclass
class CartLine:
    product: Product
    quantity: int

    @property
    def unit_price_rials(self) -> int:
        return int(self.product.price_rials or 0)

    @property
    def line_total_rials(self) -> int:
        return self.unit_price_rials * self.quantity

    @property
    def centre(self) -> Centre:
        """Where the line would be collected (the order's lines answer the same)."""
        return self.product.centre


@dataclass
class CartView:
    """The cart as the database says it is now, plus what changed."""

    lines: list[CartLine] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    cart: Cart = field(default_factory=dict)  # bounded cart to store back
    prices: dict[str, int] = field(default_factory=dict)  # prices shown, to store back

    @property
    def subtotal_rials(self) -> int:
        return sum(line.line_total_rials for line in self.lines)

    @property
    def item_count(self) -> int:
        return sum(line.quantity for line in self.lines)

    @property
    def centre_ids(self) -> set[int]:
        return {line.product.centre_id for line in self.lines}


def load_products(product_ids: list[int]) -> dict[int, Product]:
    """The cart's products with their centres and drivers, in one query."""
    if not product_ids:
        return {}
    rows = db.session.scalars(
        select(Product)
        .where(Product.id.in_(product_ids))
        .options(joinedload(Product.centre), joinedload(Product.driver),
                 selectinload(Product.photos))
    ).unique()
    return {p.id: p for p in rows}


def view(
    cart: Mapping[str, object] | None, seen_prices: Mapping[str, object] | None = None
) -> CartView:
    """Reload the cart's products, bound quantities by stock, note what changed."""
    items = quantities(cart)
    seen = seen_prices or {}
    products = load_products(list(items))
    result = CartView()
    for product_id, qty in items.items():
        product = products.get(product_id)
        if (
            product is None
            or product.status != ProductStatus.LISTED
            or product.stock < 1
            or product.price_rials is None
        ):
            result.notices.append(Notice("sold_out", product))
            continue
        if qty > product.stock:
            result.notices.append(Notice("reduced", product, qty, product.stock))
            qty = product.stock
        old_price = seen.get(str(product_id))
        if isinstance(old_price, int) and old_price != product.price_rials:
            result.notices.append(Notice("price_changed", product, old_price, product.price_rials))
        result.lines.append(CartLine(product, qty))
        result.cart[str(product_id)] = qty
        result.prices[str(product_id)] = int(product.price_rials)
    return result
