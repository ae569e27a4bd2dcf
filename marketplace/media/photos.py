"""Product photos: the image pipeline's files plus their Photo rows, kept together.

The files are written first and the row committed after them, so a committed row always
has the files its `sizes` lists; when the commit fails, the files this upload wrote are
taken back (unless a row committed meanwhile by someone else uses the same image).

An upload is finished in two steps (docs/background-jobs.md): the request stores the
smallest variant and keeps the upload privately (`pipeline.accept_upload`); after the
commit a job (`make_variants`, queued through `VARIANTS_DUE`) makes the 800 and 1600 px
variants and the master, records the sizes and deletes the kept upload. A crash between
leaves the kept upload, which `due_uploads` (a periodic sweep) finds and queues again.
"""

from __future__ import annotations

from datetime import timedelta
from typing import BinaryIO

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from marketplace.extensions import db, dispatch_after_commit
from marketplace.media import pipeline as images
from marketplace.media import storage
from marketplace.models import Photo, Product, ReturnPhoto, ReviewPhoto, User
from marketplace.models.base import utcnow
from marketplace.people import audit

# app.extensions key of the callable that queues `make_variants` for committed digests.
VARIANTS_DUE = "photo_variants_due"


class DuplicatePhoto(images.ImageRejected):
    """The product already has this photo (the same digest): a repeat adds nothing."""

    def __init__(self) -> None:
        super().__init__("duplicate", _l("This photo is already in this product's gallery."))


def process(stream: BinaryIO, *, public: bool = True) -> images.ProcessedImage:
    """Run the pipeline into the app's photo store with the configured limits; raises
    images.ImageRejected. `public=False` keeps the variants private too."""
    return images.process_upload(
        stream,
        storage=storage.current(),
        public=public,
        max_bytes=current_app.config["MAX_UPLOAD_BYTES"],
        max_pixels=current_app.config["MAX_IMAGE_PIXELS"],
    )


def accept(stream: BinaryIO) -> images.ProcessedImage:
    """The request's part of a product photo (the small variant, the kept upload), with
    the configured limits; raises images.ImageRejected."""
    return images.accept_upload(
        stream,
        storage=storage.current(),
        max_bytes=current_app.config["MAX_UPLOAD_BYTES"],
        max_pixels=current_app.config["MAX_IMAGE_PIXELS"],
    )


def make_variants(digest: str) -> None:
    """The job: make what the kept upload of `digest` still lacks, bring every photo row
    of it to the sizes now stored, then delete the kept upload. Idempotent: a second run
    (or one for a photo finished meanwhile) only re-reads what is stored. Raises when a
    row is unfinished and no upload is left to finish it (the admin sees the failure)."""
    store = storage.current()
    rows = list(db.session.scalars(select(Photo).where(Photo.digest == digest)))
    if not rows:  # deleted before its job ran: nothing may keep its files
        forget(digest)
        return
    images.complete_upload(digest, storage=store,
                           max_pixels=current_app.config["MAX_IMAGE_PIXELS"])
    stored = set(images.stored_keys(digest, store))
    has_master = bool(stored.intersection(images.master_keys(digest)))
    unfinished = 0
    for row in rows:
        sizes = images.sizes_stored(digest, row.width, row.height, row.has_alpha, stored)
        unfinished += not has_master or sizes != images.expected_sizes(row.width, row.height)
        if sizes and sizes != row.size_list:
            db.session.execute(update(Photo).where(Photo.id == row.id)
                               .values(sizes=",".join(map(str, sizes))))
    db.session.commit()
    pending = images.pending_keys(digest, store)
    if unfinished and not pending:
        raise RuntimeError(f"photo {digest} is unfinished and its upload is gone")
    if not unfinished:
        for key in pending:
            store.delete(key)


def due_uploads(older_than: timedelta) -> list[str]:
    """Digests whose upload still waits for its job although a photo row of it was
    committed more than `older_than` ago: what a crash or a lost queue left (the sweep)."""
    waiting = {key.rpartition("/")[2].partition(".")[0]
               for key in storage.current().keys(images.PENDING)}
    if not waiting:
        return []
    return sorted(db.session.scalars(
        select(Photo.digest).where(Photo.digest.in_(waiting),
                                   Photo.created_at <= utcnow() - older_than).distinct()))


def in_use(digest: str) -> bool:
    """Whether any committed row (a product's, a return's or a review's photo) shows
    this image."""
    return any(
        db.session.scalar(select(model.id).where(model.digest == digest).limit(1))
        for model in (Photo, ReturnPhoto, ReviewPhoto)
    )


def discard(results: list[images.ProcessedImage]) -> None:
    """After a rolled-back transaction: remove the files these uploads wrote, unless a
    row that another request committed meanwhile shows the same image."""
    for result in results:
        if result.written and not in_use(result.digest):
            for key in result.written:
                storage.current().delete(key)


def forget(digest: str) -> bool:
    """Remove every file of `digest` once no row shows it; returns whether they went."""
    if in_use(digest):
        return False
    images.delete_files(digest, storage=storage.current())
    return True


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


def _has(product_id: int, digest: str) -> bool:
    return bool(db.session.scalar(
        select(Photo.id).where(Photo.product_id == product_id, Photo.digest == digest)
    ))


def add_photo(
    product: Product, stream: BinaryIO, *, alt_fa: str | None = None, actor: User | None = None
) -> Photo:
    """Check, store the small variant of, and attach one photo in one transaction (its
    job makes the rest after the commit). A photo the product already has
    is refused (DuplicatePhoto), also when two uploads of it race: the database's unique
    (product, digest) index stops the second. If the database write fails, files this
    call created are removed, so a refusal leaves no orphan."""
    product_id = product.id
    result = accept(stream)
    try:
        if _has(product_id, result.digest):
            raise DuplicatePhoto
        photo = photo_row(product, result, alt_fa=alt_fa, actor=actor)
        audit.record(actor, "photo.add", photo, {"product_id": product_id, "digest": result.digest})
        if result.pending:
            dispatch_after_commit(db.session, VARIANTS_DUE, [result.digest])
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        discard([result])
        if _has(product_id, result.digest):  # the race's loser: the same refusal
            raise DuplicatePhoto from None
        raise
    except BaseException:
        db.session.rollback()
        discard([result])
        raise
    return photo
