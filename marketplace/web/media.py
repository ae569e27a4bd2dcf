"""Photo files sent by the app itself, from whichever store holds them."""

from __future__ import annotations

from flask import abort, current_app, send_file
from werkzeug.wrappers import Response

from marketplace.media import storage
from marketplace.media.pipeline import variant_key
from marketplace.models.base import HasVariants


def send_stored(key: str) -> Response:
    """The stored file `key` (404 when there is none). A public one may be cached for a
    year by anyone, as its name is its content's hash; a private one is sent only to
    whom the view let through, and kept by nobody."""
    try:
        public = storage.is_public(key)
        mimetype = storage.content_type(key)
        stream = storage.current().open(key)
    except (ValueError, KeyError, FileNotFoundError):
        abort(404)
    response = send_file(
        stream, mimetype=mimetype, etag=key.rpartition("/")[2], conditional=True,
        max_age=current_app.config["PHOTO_CACHE_SECONDS"] if public else None,
    )
    if public:
        response.cache_control.public = True
        response.cache_control.immutable = True
    else:
        response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def send_private_variant(photo: HasVariants, size: int) -> Response:
    """The WebP variant of a private photo (a buyer's return photo) at `size`; the view
    has checked that the reader may see it."""
    if size not in photo.size_list:
        abort(404)
    return send_stored(variant_key(photo.digest, size, "webp", public=False))
