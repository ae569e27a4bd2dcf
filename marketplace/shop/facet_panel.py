"""The facet panel of the product list and search: each filter's choices, named in the
visitor's language, with how many products each would show."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flask_babel import get_locale
from flask_babel import gettext as _

from marketplace.catalogue import browse, facets
from marketplace.models import Centre, Craft
from marketplace.web.templating import localized, number


@dataclass
class Choice:
    name: str
    label: str
    everything: str
    options: list[tuple[str, str, int]]
    chosen: str | None


def _range(low: int | None, high: int | None, unit: str) -> str:
    if low is None:
        return _("up to %(high)s %(unit)s", high=number(high), unit=unit)
    if high is None:
        return _("%(low)s %(unit)s and more", low=number(low), unit=unit)
    return _("%(low)s to %(high)s %(unit)s", low=number(low), high=number(high), unit=unit)


def panel(
    listing: browse.Listing, counts: facets.Facets, crafts: Sequence[Craft],
    centres: Sequence[Centre],
) -> dict[str, object]:
    """Template context: `choices` (selects), `price_links` and the in-stock count.
    A value with no product is left out unless it is the one chosen."""
    c = counts.counts
    fa = str(get_locale()).startswith("fa")
    cm = _("cm")

    def keep(options: list[tuple[str, str, int]], chosen: str | None) -> list:
        return [o for o in options if o[2] or o[0] == chosen]

    chosen = {"craft": listing.craft.code if listing.craft else None,
              "centre": listing.centre.slug if listing.centre else None,
              "colour": listing.colour, "width": listing.width, "length": listing.length,
              "knots": str(listing.knots) if listing.knots is not None else None}
    options = {
        "craft": [(k.code, localized(k, "name"), c["craft"].get(k.id, 0)) for k in crafts],
        "centre": [(k.slug, localized(k, "name"), c["centre"].get(k.id, 0)) for k in centres],
        "colour": [(code, name_fa if fa else name_en, c["colour"][code])
                   for code, name_fa, name_en in facets.COLOURS],
        "width": [(code, _range(*r, cm), c["width"][code]) for code, r in facets.WIDTHS.items()],
        "length": [(code, _range(*r, cm), c["length"][code])
                   for code, r in facets.LENGTHS.items()],
        "knots": [(str(v), _("%(n)s knots per cm²", n=number(v)), n)
                  for v, n in sorted(c["knots"].items())],
    }
    labels = {
        "craft": (_("Craft"), _("All crafts")), "centre": (_("Centre"), _("All centres")),
        "colour": (_("Colour"), _("All colours")),
        "width": (_("Width (carpets and kilims)"), _("Any width")),
        "length": (_("Length (carpets and kilims)"), _("Any length")),
        "knots": (_("Knot density"), _("Any density")),
    }
    choices = [Choice(name, *labels[name], keep(opts, chosen[name]), chosen[name])
               for name, opts in options.items()]
    price_links = [
        ({"min_price": str(low or ""), "max_price": str(high or "")},
         _range(low, high, _("Toman")), c["price"][(low, high)])
        for low, high in facets.PRICES if c["price"][(low, high)]
    ]
    return {"choices": [ch for ch in choices if ch.options], "price_links": price_links,
            "in_stock_count": counts.in_stock}
