"""Items at the centre: checking in what a driver bought and uploading its photos
(arranging them is marketplace.media.gallery's)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO

from flask_babel import lazy_gettext as _l

from marketplace.extensions import db
from marketplace.media import photos
from marketplace.media import pipeline as images
from marketplace.models import Photo, Product, Purchase, User
from marketplace.models.base import utcnow
from marketplace.people import audit
from marketplace.programme import ProgrammeError


def check_in(purchase: Purchase, *, actor: User) -> Purchase:
    """The item has arrived at the centre; once only."""
    if purchase.checked_in_at is not None:
        raise ProgrammeError(_l("This purchase is already checked in."))
    purchase.checked_in_at = utcnow()
    purchase.checked_in_by_id = actor.id
    audit.record(actor, "item.check_in", purchase, {
        "product_id": purchase.product_id, "checked_in_at": purchase.checked_in_at,
    })
    db.session.commit()
    return purchase


@dataclass(frozen=True)
class UploadResult:
    """What happened to one uploaded file, for the per-file results table."""

    filename: str
    photo: Photo | None
    error: object | None = None

    @property
    def accepted(self) -> bool:
        return self.photo is not None


def add_photos(
    product: Product, files: list[tuple[str, BinaryIO]], *, actor: User
) -> list[UploadResult]:
    """Run each file through the pipeline on its own: one refusal does not stop the rest."""
    results = []
    for filename, stream in files:
        try:
            photo = photos.add_photo(product, stream, actor=actor)
        except images.ImageRejected as err:
            results.append(UploadResult(filename, None, err.message))
        else:
            results.append(UploadResult(filename, photo))
    return results

