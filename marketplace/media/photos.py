"""Product photos: the image pipeline's files plus their Photo rows, kept together."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.media import pipeline as images
from marketplace.models import Photo, Product, User
from marketplace.people import audit


class DuplicatePhoto(images.ImageRejected):
    """The product already has this photo (the same digest): a repeat adds nothing."""

    def __init__(self) -> None:
        super().__init__("duplicate", _l("This photo is already in this product's gallery."))


def storage_dirs() -> tuple[Path, Path]:
    """(public, private) folders under the configured UPLOAD_FOLDER."""
    root = Path(current_app.config["UPLOAD_FOLDER"])
    return root / "public", root / "private"


def process(stream: BinaryIO) -> images.ProcessedImage:
    """Run the pipeline with the configured limits; raises images.ImageRejected."""
    public, private = storage_dirs()
    return images.process_upload(
        stream,
        public_dir=public,
        private_dir=private,
        max_bytes=current_app.config["MAX_UPLOAD_BYTES"],
        max_pixels=current_app.config["MAX_IMAGE_PIXELS"],
    )


def photo_row(
    product: Product, result: images.ProcessedImage, *, alt_fa: str | None, actor: User | None
) -> Photo:
    """A Photo for `result`, placed after the product's existing photos (not committed)."""
    position = db.session.scalar(
        select(func.coalesce(func.max(Photo.position), -1)).where(Photo.product_id == product.id)
    )
    photo = Photo(
        product=product,
        digest=result.digest,
        width=result.width,
        height=result.height,
        has_alpha=result.has_alpha,
        sizes=",".join(str(s) for s in sorted({v.size for v in result.variants})),
        alt_fa=alt_fa,
        position=(position if position is not None else -1) + 1,
        is_cover=not product.photos,
        uploaded_by=actor,
    )
    db.session.add(photo)
    return photo


def add_photo(
    product: Product, stream: BinaryIO, *, alt_fa: str | None = None, actor: User | None = None
) -> Photo:
    """Process and attach one photo in one transaction. A photo the product already has
    is refused (DuplicatePhoto). If the database write fails, files this call created
    are removed, so a refusal leaves no orphan."""
    result = process(stream)
    try:
        if db.session.scalar(select(Photo.id).where(Photo.product_id == product.id,
                                                    Photo.digest == result.digest)):
            raise DuplicatePhoto
        photo = photo_row(product, result, alt_fa=alt_fa, actor=actor)
        audit.record(actor, "photo.add", photo, {"product_id": product.id, "digest": result.digest})
        db.session.commit()
    except Exception:
        db.session.rollback()
        if result.created:
            public, private = storage_dirs()
            images.delete_files(result.digest, public_dir=public, private_dir=private)
        raise
    return photo
