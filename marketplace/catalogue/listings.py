"""A driver's listings: new drafts, edits, photos chosen for the listing, and status moves.

Every operation takes the acting user, writes one transaction and commits once
at its end; a refusal raises `ListingError` (with `.message` and `.field`) and
writes nothing. Status moves follow `ProductStatus.TRANSITIONS`.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from marketplace.catalogue import inventory, search
from marketplace.errors import DomainError
from marketplace.extensions import db
from marketplace.media import gallery
from marketplace.models import (
    AdjustmentReason,
    Centre,
    Craft,
    Driver,
    Photo,
    Product,
    ProductStatus,
    StockAdjustment,
    User,
)
from marketplace.models.base import utcnow
from marketplace.people import audit
from marketplace.text.persian import MessageNumber

# What a driver may change on a listing; stock is handled apart (`adjust_stock`).
EDITABLE = (
    "title_fa", "title_en", "description_fa", "description_en", "price_rials",
    "width_cm", "length_cm", "knots_per_sq_cm", "weight_g",
    "materials_fa", "materials_en", "colours_fa", "colours_en",
)


class ListingError(DomainError):
    """A refused listing operation."""


@dataclass(frozen=True)
class Readiness:
    """Why a listing can or cannot be published (each reason a sentence)."""

    reasons: tuple[object, ...]

    @property
    def ready(self) -> bool:
        return not self.reasons


def _slug(title_en: str | None, code: str) -> str:
    words = re.findall(r"[a-z0-9]+", (title_en or "").lower())
    return "-".join(words)[:100] or code.lower()


def new_product(driver: Driver, *, title_fa: str, craft_id: int, centre_id: int) -> Product:
    """A draft product for a first purchase (added to the session, not committed:
    `ledger.record_purchase` commits it together with the purchase)."""
    title_fa = (title_fa or "").strip()
    if not title_fa:
        raise ListingError(_l("Give the item a title."), "title_fa")
    if centre_id not in {c.id for c in driver.centres}:
        raise ListingError(_l("Choose one of your centres."), "centre_id")
    craft = db.session.get(Craft, craft_id)
    if craft is None:
        raise ListingError(_l("Choose a craft."), "craft_id")
    code = f"P-{secrets.token_hex(6).upper()}"
    product = Product(
        code=code, slug=_slug(None, code), driver_id=driver.id, centre_id=centre_id,
        craft=craft, title_fa=title_fa[:200], stock=0, status=ProductStatus.DRAFT,
    )
    product.centre = db.session.get(Centre, centre_id)
    search.refresh(product)
    return product


def readiness(product: Product) -> Readiness:
    """What publishing needs: at least one photo, a price and maker records."""
    reasons: list[object] = []
    if not product.photos:
        reasons.append(_l("Add at least one photo."))
    if not product.price_rials:
        reasons.append(_l("Set a price."))
    if not product.makers:
        reasons.append(_l("Record who made it (a purchase from its makers)."))
    return Readiness(tuple(reasons))


def update_listing(
    product: Product, changes: dict[str, Any], *, actor: User | None = None
) -> Product:
    """Change a listing's texts, price and craft attributes (stock changes through
    `adjust_stock`). A price change touches only the product: order lines keep the
    price they were bought at.
    """
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    if not (changes.get("title_fa") or product.title_fa):
        raise ListingError(_l("Give the item a title."), "title_fa")
    if (
        "price_rials" in changes
        and not changes["price_rials"]
        and product.status == ProductStatus.LISTED
    ):
        raise ListingError(_l("A listed item needs a price; unpublish it first."), "price")
    diff = {k: [getattr(product, k), v] for k, v in changes.items() if getattr(product, k) != v}
    for key, value in changes.items():
        setattr(product, key, value)
    if "title_en" in changes and product.slug == product.code.lower():
        product.slug = _slug(product.title_en, product.code)
    search.refresh(product)
    audit.record(actor, "listing.update", product, diff)
    db.session.commit()
    return product


MAX_ADJUSTMENT = 10_000


def adjust_stock(
    product: Product, *, quantity: int, reason: str, note: str | None = None,
    actor: User | None = None,
) -> StockAdjustment:
    """Add `quantity` units (reason `added`) or write them off (any other reason), by a
    conditional update of the row, recorded as its own adjustment row.

    A write-off of more units than are in stock is refused, whatever checkouts commit
    meanwhile: the check is the UPDATE's own condition, not a number read earlier.
    """
    if reason not in AdjustmentReason.values():
        raise ListingError(_l("Choose what happened to the units."), "reason")
    if not 1 <= quantity <= MAX_ADJUSTMENT:
        raise ListingError(
            _l("Give a number of units from 1 to %(most)s.", most=MessageNumber(MAX_ADJUSTMENT)),
            "quantity",
        )
    note = (note or "").strip()[:300] or None
    if reason == AdjustmentReason.OTHER and not note:
        raise ListingError(_l("Say in the note what happened to the units."), "note")
    if reason == AdjustmentReason.ADDED:
        delta, after = quantity, inventory.add_stock(product.id, quantity)
    else:
        delta, after = -quantity, inventory.write_off(product.id, quantity)
    if after is None:
        db.session.refresh(product, ["stock"])
        raise ListingError(
            _l("Only %(stock)s in stock: you cannot write off %(asked)s.",
               stock=MessageNumber(product.stock), asked=MessageNumber(quantity)),
            "quantity",
        )
    adjustment = StockAdjustment(
        product_id=product.id, driver_id=product.driver_id, actor=actor, delta=delta,
        reason=reason, note=note, stock_after=after,
    )
    db.session.add(adjustment)
    audit.record(actor, "stock.adjust", product, {
        "stock": [after - delta, after], "reason": reason, "note": note,
    })
    db.session.commit()
    return adjustment


def stock_history(product: Product, limit: int = 100) -> list[StockAdjustment]:
    """The product's adjustments by hand, newest first."""
    return list(db.session.scalars(
        select(StockAdjustment)
        .where(StockAdjustment.product_id == product.id)
        .options(joinedload(StockAdjustment.actor))
        .order_by(StockAdjustment.id.desc())
        .limit(limit)
    ))


def _move(product: Product, to: str, actor: User | None) -> Product:
    if to not in ProductStatus.TRANSITIONS.get(product.status, set()):
        raise ListingError(_l("This item cannot move to that status now."))
    old = product.status
    product.status = to
    if to == ProductStatus.LISTED:
        product.listed_at = utcnow()
    search.refresh(product)
    audit.record(actor, f"listing.{to}", product, {"status": [old, to]})
    db.session.commit()
    return product


def publish(product: Product, *, actor: User | None = None) -> Product:
    """Put a listing in the shop; refused without a photo, a price and makers."""
    check = readiness(product)
    if not check.ready:
        raise ListingError(" ".join(str(r) for r in check.reasons))
    return _move(product, ProductStatus.LISTED, actor)


def unpublish(product: Product, *, actor: User | None = None) -> Product:
    """Take a listing out of the shop, back to draft."""
    return _move(product, ProductStatus.DRAFT, actor)


def archive(product: Product, *, actor: User | None = None) -> Product:
    """Retire an item for good (it may be brought back to draft)."""
    return _move(product, ProductStatus.ARCHIVED, actor)


def _own_photo(product: Product, photo_id: int) -> Photo:
    photo = db.session.get(Photo, photo_id)
    if photo is None or photo.product_id != product.id:
        raise ListingError(_l("That photo is not one of this item's."))
    return photo


def set_cover(product: Product, photo_id: int, *, actor: User | None = None) -> Photo:
    """Make one of the product's own photos its cover (and first in order)."""
    return gallery.set_cover(_own_photo(product, photo_id), actor=actor)


def move_photo(product: Product, photo_id: int, step: int, *, actor: User | None = None) -> Photo:
    """Move a photo one place earlier (step -1) or later (+1) in the gallery."""
    return gallery.move(_own_photo(product, photo_id), step, actor=actor)


def remove_photo(product: Product, photo_id: int, *, actor: User | None = None) -> bool:
    """Take a photo off the item (its files go when no other photo shares them)."""
    try:
        return gallery.delete_photo(_own_photo(product, photo_id), actor=actor)
    except gallery.GalleryError as error:
        raise ListingError(error.message) from None
