"""A product's photo gallery: order, cover, alt text and removal.

One place for what staff (admin/items) and drivers (producers/listings) both do to
photos, so the two areas cannot drift apart.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from marketplace.errors import DomainError
from marketplace.extensions import db
from marketplace.media import photos
from marketplace.models import Photo, ProductStatus, User
from marketplace.people import audit


class GalleryError(DomainError):
    """A refused change to a gallery."""


def ordered(product_id: int) -> list[Photo]:
    """The product's photos in gallery order."""
    return list(db.session.scalars(
        select(Photo).where(Photo.product_id == product_id).order_by(Photo.position, Photo.id)
    ))


def _renumber(gallery: list[Photo]) -> None:
    for position, photo in enumerate(gallery):
        photo.position = position


def move(photo: Photo, step: int, *, actor: User | None) -> Photo:
    """Move a photo one place earlier (-1) or later (+1); positions become 0..n-1."""
    gallery = ordered(photo.product_id)
    index = gallery.index(photo)
    target = min(max(index + step, 0), len(gallery) - 1)
    gallery.insert(target, gallery.pop(index))
    _renumber(gallery)
    audit.record(actor, "photo.move", photo, {"position": target})
    db.session.commit()
    return photo


def set_cover(photo: Photo, *, actor: User | None) -> Photo:
    """Exactly one cover per product, shown first."""
    gallery = ordered(photo.product_id)
    for other in gallery:
        other.is_cover = other.id == photo.id
    _renumber([photo, *(p for p in gallery if p.id != photo.id)])
    audit.record(actor, "photo.cover", photo)
    db.session.commit()
    return photo


def set_alt(photo: Photo, alt_fa: str | None, *, actor: User | None) -> Photo:
    photo.alt_fa = alt_fa or None
    audit.record(actor, "photo.alt", photo)
    db.session.commit()
    return photo


def delete_photo(photo: Photo, *, actor: User | None) -> bool:
    """Remove the photo; its files go too unless another row uses the same image (the
    same bytes uploaded for another product, or sent with a return, share files).
    Returns whether files went. The row goes first: a failure after it leaves a file
    without a row (harmless), never a row without its files."""
    digest, product_id, was_cover = photo.digest, photo.product_id, photo.is_cover
    if photo.product.status == ProductStatus.LISTED and len(ordered(product_id)) == 1:
        raise GalleryError(
            _l("A listed item needs at least one photo: add another, or unlist it first.")
        )
    audit.record(actor, "photo.delete", photo, {"digest": digest})
    db.session.delete(photo)
    db.session.flush()
    rest = ordered(product_id)
    if was_cover and rest:
        rest[0].is_cover = True
    db.session.commit()
    return photos.forget(digest)
