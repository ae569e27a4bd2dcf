"""Items at the centre: checking in what a driver bought, and arranging its photos."""

from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from .. import images, photos
from ..extensions import db
from ..models import Photo, Product, ProductStatus, Purchase, User
from ..models.base import utcnow
from . import ProgrammeError


def check_in(purchase: Purchase, *, actor: User) -> Purchase:
    """The item has arrived at the centre; once only."""
    if purchase.checked_in_at is not None:
        raise ProgrammeError(_l("This purchase is already checked in."))
    purchase.checked_in_at = utcnow()
    purchase.checked_in_by_id = actor.id
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


def _ordered(product_id: int) -> list[Photo]:
    return list(db.session.scalars(
        select(Photo).where(Photo.product_id == product_id).order_by(Photo.position, Photo.id)
    ))


def set_alt(photo: Photo, alt_fa: str | None, *, actor: User) -> Photo:
    photo.alt_fa = alt_fa or None
    db.session.commit()
    return photo


def move(photo: Photo, step: int, *, actor: User) -> None:
    """Move a photo one place earlier (-1) or later (+1); positions become 0..n-1."""
    order = _ordered(photo.product_id)
    i = order.index(photo)
    j = i + step
    if 0 <= j < len(order):
        order[i], order[j] = order[j], order[i]
    for position, p in enumerate(order):
        p.position = position
    db.session.commit()


def set_cover(photo: Photo, *, actor: User) -> None:
    """Exactly one cover per product."""
    for p in _ordered(photo.product_id):
        p.is_cover = p.id == photo.id
    db.session.commit()


def delete_photo(photo: Photo, *, actor: User) -> bool:
    """Remove the photo; its files go too unless another Photo row uses the same image
    (the same bytes uploaded for another product share files). Returns whether files went."""
    digest, product_id, was_cover = photo.digest, photo.product_id, photo.is_cover
    if photo.product.status == ProductStatus.LISTED and len(_ordered(product_id)) == 1:
        raise ProgrammeError(
            _l("A listed item needs at least one photo: add another, or unlist it first.")
        )
    db.session.delete(photo)
    db.session.flush()
    if was_cover:
        rest = _ordered(product_id)
        if rest:
            rest[0].is_cover = True
    shared = db.session.scalar(
        select(func.count()).select_from(Photo).where(Photo.digest == digest)
    )
    db.session.commit()
    if shared:
        return False
    public, private = photos.storage_dirs()
    images.delete_files(digest, public_dir=public, private_dir=private)
    return True
