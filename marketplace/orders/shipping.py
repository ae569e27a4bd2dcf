"""Shipping fees by post: a table by destination province and parcel weight.

The table is configuration (`SHIPPING_RATES`), because Iran Post and couriers change
their prices every year and the programme may negotiate its own. Shape:

    {
        "zones": {"razavi-khorasan": "local", "tehran": "far", ...},  # unknown → "default_zone"
        "default_zone": "far",
        "brackets": {"local": [[1000, 350000], [5000, 600000]], ...},  # [max grams, Rials]
        "per_extra_kg_rials": {"local": 60000, ...},  # beyond the last bracket, per started kg
        "default_item_weight_g": 1000,  # for a product whose weight is not recorded
    }

Pick-up at a centre is free. Amounts are int Rials.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import current_app

from marketplace.text.geo import PROVINCES

_NEAR = (
    "north-khorasan", "south-khorasan", "semnan", "golestan", "sistan-baluchestan", "yazd",
)

DEFAULT_RATES: dict[str, Any] = {
    "zones": {"razavi-khorasan": "local", **{code: "near" for code in _NEAR}},
    "default_zone": "far",
    "brackets": {
        "local": [[1000, 350_000], [5000, 600_000], [20000, 1_200_000]],
        "near": [[1000, 550_000], [5000, 900_000], [20000, 1_800_000]],
        "far": [[1000, 750_000], [5000, 1_200_000], [20000, 2_500_000]],
    },
    "per_extra_kg_rials": {"local": 60_000, "near": 90_000, "far": 120_000},
    "default_item_weight_g": 1000,
}


def rates() -> dict[str, Any]:
    """The configured table, falling back to the defaults key by key."""
    configured = current_app.config.get("SHIPPING_RATES") or {}
    return {**DEFAULT_RATES, **configured}


def parcel_weight_g(items: Iterable[tuple[int | None, int]]) -> int:
    """Total grams of (unit weight or None, quantity) pairs; unknown weights use the default."""
    default = int(rates()["default_item_weight_g"])
    return sum((weight if weight and weight > 0 else default) * qty for weight, qty in items)


def shipping_fee(province_code: str | None, weight_g: int, *, pickup: bool = False) -> int:
    """The fee in Rials for a parcel of `weight_g` grams to `province_code`."""
    if pickup:
        return 0
    table = rates()
    zone = table["zones"].get(province_code or "", table["default_zone"])
    brackets = sorted(table["brackets"][zone])
    for max_grams, fee in brackets:
        if weight_g <= max_grams:
            return int(fee)
    last_grams, last_fee = brackets[-1]
    extra_kg = -(-(weight_g - last_grams) // 1000)  # started kilograms
    return int(last_fee) + extra_kg * int(table["per_extra_kg_rials"][zone])


def fees_by_province(weight_g: int) -> dict[str, int]:
    """The fee of this parcel to every province, so the checkout page can show it the moment
    one is chosen, from the same table the order is charged by."""
    return {province.code: shipping_fee(province.code, weight_g) for province in PROVINCES}
