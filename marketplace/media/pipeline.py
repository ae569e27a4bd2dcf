"""Photo uploads: check, clean and store product photos (pure domain code: the caller
creates the Photo rows).

- The decoded image decides the format (JPEG, PNG, WebP), never the name or content type;
  every check the header allows (bytes, pixels, frames) runs before any pixel is decoded.
- Outputs are re-encoded from pixels with an empty `info`: no EXIF (GPS included), XMP,
  ICC, comment or PNG text survives. A non-sRGB profile (a phone's Display P3, a print
  CMYK) is converted to sRGB with LittleCMS first; a broken one is just dropped.
- The private master is full size, upright and metadata-free (JPEG q92, PNG when some
  pixel is transparent), never the uploaded bytes. Public variants are a WebP and a
  fallback per size (JPEG, or PNG when transparent: every `<picture>` is built alike),
  named by the upload's SHA-256, so a re-upload writes nothing and URLs cache forever.
- One decode. Unless a master is to be written, a JPEG is decoded at the smallest DCT
  scale that still covers the largest variant (`draft`: 1/2 for 12 MP and 1600 px);
  otherwise the full frame becomes the master, then is reduced by whole factors and let
  go before Lanczos makes the largest variant. Each smaller variant comes from the one
  above it.
- Two steps for a product photo: `accept_upload` is the request's part (every check, the
  320 px variant from a 1/8-scale DCT decode, the upload's bytes kept under `PENDING`),
  `complete_upload` the job's (`process_upload` on the kept bytes: the master and the
  larger variants). `process_upload` alone does it all at once (a buyer's return photos,
  the demo seed).
- Cost, measured by scripts/bench/photo_bench.py on a 12 MP JPEG against Pillow's plain
  full-size decode of it: the request's part about 0.5x its time and 0.13 decoded RGB
  frames of memory; the job about 4x and 1.7 frames (more for a quarter-turned photo: its
  turn holds two full frames). In the job the WebP encodes are the largest part, then the
  Lanczos step to 1600 px and the decode.
- Files go to a `media.storage.Storage` by key (`public/ab/<digest>-320.webp`, the
  master `private/ab/<digest>.jpg`), each whole or not at all; a photo that must stay
  private (a buyer's return photo) has its variants under `private/` too. When anything
  fails after writing began, the files this call wrote are removed.
"""

from __future__ import annotations

import functools
import hashlib
import io
import logging
import re
import warnings
from contextlib import suppress
from dataclasses import dataclass, replace
from typing import Any, BinaryIO

from flask_babel import lazy_gettext as _l
from PIL import (
    ExifTags,
    Image,
    ImageCms,
    JpegImagePlugin,
    PngImagePlugin,
    UnidentifiedImageError,
    WebPImagePlugin,
    features,
)

from marketplace.media.storage import PRIVATE, PUBLIC, Storage, content_type
from marketplace.text.persian import MessageNumber

log = logging.getLogger(__name__)

SIZES: tuple[int, ...] = (320, 800, 1600)
PENDING = PRIVATE + "pending/"  # uploads whose larger variants and master are to be made
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
# Registered now, at import: otherwise the first Image.open(formats=ACCEPTED_FORMATS) of
# a worker finds WEBP missing and imports all ~40 of Pillow's plugins (15-20 ms).
_PLUGINS = (JpegImagePlugin, PngImagePlugin, WebPImagePlugin)
# Method 2, measured on 12 MP photos at q80 (1600 / 800 / 320 px): 40 / 13 / 3 ms.
# Methods 3-4 take 2.7x as long (106 / 30 / 6 ms) for files 1.3-4.2 % smaller on photos
# (15 % on flat-coloured drawings such as the demo carpets) at the same PSNR; 6 takes 4x.
# Methods 1 and 0 save 17 % and 36 % of the time for files 9-12 % and 12-17 % larger.
WEBP_OPTIONS: dict[str, Any] = {"quality": 80, "method": 2}
# `optimize` costs 5 ms in all (3.6 of them at 1600 px) for files 2-4 % smaller (11 % on
# flat drawings), paid once and saved on every view; progressive would save another
# 2-4 % at twice the time, on a file few browsers ask for.
JPEG_OPTIONS: dict[str, Any] = {"quality": 82, "optimize": True}
PNG_OPTIONS: dict[str, Any] = {"compress_level": 6}
MASTER_JPEG_OPTIONS: dict[str, Any] = {"quality": 92}

_VARIANT_FORMATS = {
    "webp": ("WEBP", "webp", WEBP_OPTIONS),
    "jpeg": ("JPEG", "jpg", JPEG_OPTIONS),
    "png": ("PNG", "png", PNG_OPTIONS),
}
_MASTER_FORMATS = {False: ("JPEG", "jpg", MASTER_JPEG_OPTIONS), True: ("PNG", "png", PNG_OPTIONS)}
_TRANSPOSE = {  # EXIF orientation -> the turn that makes it upright, as in ImageOps
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_QUARTER_TURNS = (5, 6, 7, 8)  # orientations whose upright width and height are swapped
_RESAMPLE = Image.Resampling.LANCZOS
# reduce() by the integer part of the ratio, then Lanczos: about 50 dB PSNR against a
# plain Lanczos on a 12 MP photo, at less than half the time.
_REDUCING_GAP = 1.0
_READ_CHUNK = 1 << 20
_DIGEST = re.compile(r"[0-9a-f]{64}")
_HAS_CMS = features.check("littlecms2")
_MESSAGES = {
    "empty": _l("The file is empty."),
    "unsupported": _l("Only JPEG, PNG and WebP photos are accepted."),
    "corrupt": _l("The photo file is damaged or incomplete."),
    "animated": _l("Animated images are not accepted; upload a single photo."),
}


class ImageRejected(Exception):
    """An upload refused before anything was written.

    `.code` is for programs ('empty', 'too_large', 'too_many_pixels', 'unsupported',
    'corrupt', 'animated'); `.message` is a lazy translation for the person uploading.
    """

    def __init__(self, code: str, message: Any = None) -> None:
        super().__init__(code)
        self.code = code
        self.message = message if message is not None else _MESSAGES[code]

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


@dataclass(frozen=True)
class Variant:
    """One generated file, by its storage key."""

    size: int
    width: int
    height: int
    format: str  # "webp", "jpeg" or "png": the MIME subtype
    key: str


@dataclass(frozen=True)
class ProcessedImage:
    """What is stored for one upload; `written` are the keys this call stored (none when
    it all existed already), so that a caller whose transaction fails can take them back."""

    digest: str
    width: int
    height: int
    has_alpha: bool
    master_key: str | None  # None when no master is kept
    variants: tuple[Variant, ...]  # by size, WebP before its fallback
    written: tuple[str, ...] = ()
    pending: str | None = None  # the upload kept privately until the job makes the rest

    @property
    def created(self) -> bool:
        return bool(self.written)


def variant_key(digest: str, size: int, ext: str, *, public: bool = True) -> str:
    """The key of one variant; `ext` is the file's extension ("webp", "jpg", "png")."""
    _check_digest(digest)
    return f"{PUBLIC if public else PRIVATE}{digest[:2]}/{digest}-{size}.{ext}"


def master_keys(digest: str) -> tuple[str, ...]:
    """The keys a master of `digest` may have (JPEG, or PNG when transparent)."""
    _check_digest(digest)
    return tuple(f"{PRIVATE}{digest[:2]}/{digest}.{ext}" for _, ext, _ in _MASTER_FORMATS.values())


def pending_key(digest: str, ext: str) -> str:
    """Where an upload waits, private and untouched, for the job that makes the rest."""
    _check_digest(digest)
    return f"{PENDING}{digest[:2]}/{digest}.{ext}"


def pending_keys(digest: str, storage: Storage) -> list[str]:
    """The stored upload of `digest` that still waits for its job (none, or one)."""
    _check_digest(digest)
    return sorted(storage.keys(f"{PENDING}{digest[:2]}/{digest}."))


def expected_sizes(width: int, height: int, sizes: tuple[int, ...] = SIZES) -> list[int]:
    """The variant sizes a finished photo of this upright size has, smallest first."""
    return sorted(size for size, _, _ in _plan(width, height, sizes))


def sizes_stored(
    digest: str, width: int, height: int, has_alpha: bool, stored: set[str],
    *, public: bool = True, sizes: tuple[int, ...] = SIZES,
) -> list[int]:
    """The sizes of `digest` whose every file (WebP and fallback) is in `stored`."""
    layout = _layout(digest, width, height, has_alpha, _plan(width, height, sizes), public)
    return sorted(
        size for size in {v.size for v in layout.variants}
        if all(v.key in stored for v in layout.variants if v.size == size)
    )


def accept_upload(
    stream: BinaryIO,
    *,
    storage: Storage,
    max_bytes: int = 20 * 1024 * 1024,
    max_pixels: int = 50_000_000,
    now: tuple[int, ...] = SIZES[:1],
    sizes: tuple[int, ...] = SIZES,
) -> ProcessedImage:
    """The request's part of an upload: check it as `process_upload` does, store the
    public variants of the `now` sizes (what a gallery shows at once) from one decode at
    a small DCT scale, and keep the upload itself privately (`.pending`) for the job
    that makes the larger variants and the master (`complete_upload`).

    When every file of `sizes` and the master are stored already (a photo another
    product has), nothing is written and the result lists every size.
    """
    buf = _read_capped(stream, max_bytes)
    with buf.getbuffer() as view:
        digest = hashlib.sha256(view).hexdigest()
    stored = set(stored_keys(digest, storage))
    frame, (width, height), orientation = _decode(buf, max_pixels, now, full=False)
    ext = "png" if frame.format == "PNG" else "webp" if frame.format == "WEBP" else "jpg"
    if orientation in _QUARTER_TURNS:
        width, height = height, width
    frame = _to_srgb(frame)
    has_alpha = frame.mode == "RGBA"
    done = _layout(digest, width, height, has_alpha, _plan(width, height, sizes), True)
    if stored.intersection(master_keys(digest)) and all(v.key in stored for v in done.variants):
        return done
    plan = _plan(width, height, now)
    result = _layout(digest, width, height, has_alpha, plan, True)
    missing = [v for v in result.variants if v.key not in stored]
    writer = _Writer(storage)
    try:
        if missing:
            held, frame = [frame], None
            _write_variants(writer, held, orientation, plan, missing)
        key = pending_key(digest, ext)
        writer.put(key, buf.getvalue())
    except BaseException:
        writer.rollback()
        raise
    return replace(result, written=tuple(writer.written), pending=key)


def complete_upload(
    digest: str, *, storage: Storage, max_pixels: int = 50_000_000,
    sizes: tuple[int, ...] = SIZES,
) -> ProcessedImage | None:
    """The job's part: every variant and the master of the upload `accept_upload` kept,
    from that upload; None when none waits (an earlier run finished). Same upload, same
    files, so running it twice (or twice at once) is harmless. The caller records the
    sizes and then deletes the pending upload."""
    keys = pending_keys(digest, storage)
    if not keys:
        return None
    with storage.open(keys[0]) as stream:
        return process_upload(stream, storage=storage, max_bytes=1 << 40,
                              max_pixels=max_pixels, sizes=sizes)


def process_upload(
    stream: BinaryIO,
    *,
    storage: Storage,
    public: bool = True,
    max_bytes: int = 20 * 1024 * 1024,
    max_pixels: int = 50_000_000,
    sizes: tuple[int, ...] = SIZES,
    keep_master: bool = True,
) -> ProcessedImage:
    """Check an uploaded photo and store its master and variants in `storage`; the
    variants are public unless `public` is False.

    Raises ImageRejected, having written nothing, unless the upload is a sound still
    JPEG, PNG or WebP within `max_bytes` and `max_pixels` (Pillow's own bomb limit,
    `Image.MAX_IMAGE_PIXELS`, ~89 MP, caps `max_pixels`). Same bytes, same result.
    """
    if not sizes or min(sizes) < 1:
        raise ValueError("sizes must be positive")
    buf = _read_capped(stream, max_bytes)
    with buf.getbuffer() as view:
        digest = hashlib.sha256(view).hexdigest()
    # Two listings of the digest's shards (not one request a file) say what exists.
    stored = set(stored_keys(digest, storage))
    make_master = keep_master and not stored.intersection(master_keys(digest))
    frame, (width, height), orientation = _decode(buf, max_pixels, sizes, full=make_master)
    del buf
    if orientation in _QUARTER_TURNS:
        width, height = height, width
    frame = _to_srgb(frame)
    plan = _plan(width, height, sizes)
    result = _layout(digest, width, height, frame.mode == "RGBA", plan, public)
    missing = [v for v in result.variants if v.key not in stored]
    if not make_master and result.master_key not in stored:
        result = replace(result, master_key=None)
    if not missing and not make_master:
        return result
    writer = _Writer(storage)
    try:
        if make_master:
            # A quarter-turned photo needs a second full frame for a moment here.
            frame, orientation = _upright(frame, orientation), 1
            fmt, _, options = _MASTER_FORMATS[result.has_alpha]
            writer.save(frame, str(result.master_key), fmt, options)
        if missing:
            held, frame = [frame], None  # so that _write_variants can let the frame go
            _write_variants(writer, held, orientation, plan, missing)
    except BaseException:
        writer.rollback()
        raise
    return replace(result, written=tuple(writer.written))


def _write_variants(
    writer: _Writer, held: list[Image.Image], orientation: int,
    plan: list[tuple[int, int, int]], missing: list[Variant],
) -> None:
    """Encode and store the `missing` variants of `plan` (largest first) from the one
    frame in `held`, which it takes out (the caller keeps no reference to it)."""
    frame = held.pop()
    _, w, h = plan[0]
    box = (h, w) if orientation in _QUARTER_TURNS else (w, h)
    # What resize(reducing_gap=...) does, but the full frame goes as soon as it is
    # reduced: inside resize() it would live on beside its reduction and Lanczos's
    # intermediate (2.2 frames at 12 MP with a master, against 1.7).
    area = (0.0, 0.0, float(frame.width), float(frame.height))
    factor = (
        max(1, int(frame.width / box[0] / _REDUCING_GAP)),
        max(1, int(frame.height / box[1] / _REDUCING_GAP)),
    )
    if factor != (1, 1):
        frame = frame.reduce(factor)
        area = (0.0, 0.0, area[2] / factor[0], area[3] / factor[1])
    current = _upright(frame.resize(box, _RESAMPLE, area), orientation)
    del frame  # from here on only variant-sized frames are held
    for size, w, h in plan:
        if current.size != (w, h):
            current = current.resize((w, h), _RESAMPLE, reducing_gap=_REDUCING_GAP)
        for variant in (v for v in missing if v.size == size):
            fmt, _, options = _VARIANT_FORMATS[variant.format]
            writer.save(current, variant.key, fmt, options)


def stored_keys(digest: str, storage: Storage) -> list[str]:
    """Every file stored for `digest`: variants (public or private, any size and
    format) and master, sorted."""
    _check_digest(digest)
    pattern = re.compile(rf"(public|private)/{digest[:2]}/{digest}(-\d+)?\.(webp|jpg|png)")
    return sorted(
        key
        for area in (PUBLIC, PRIVATE)
        for key in storage.keys(f"{area}{digest[:2]}/{digest}")
        if pattern.fullmatch(key)
    )


def delete_files(digest: str, *, storage: Storage) -> int:
    """Remove every variant and the master of `digest`; returns how many files went.

    Call it only when no row refers to the digest any more (`media.photos.forget`).
    """
    keys = stored_keys(digest, storage) + pending_keys(digest, storage)
    for key in keys:
        storage.delete(key)
    return len(keys)


def _check_digest(digest: str) -> None:
    # The digest becomes a key: nothing but 64 hex digits may get near the store.
    if not _DIGEST.fullmatch(digest):
        raise ValueError("not a SHA-256 hex digest")


def _read_capped(stream: BinaryIO, max_bytes: int) -> io.BytesIO:
    """Read at most max_bytes + 1 bytes: enough to know the upload is too large."""
    buf = io.BytesIO()
    while buf.tell() <= max_bytes:
        chunk = stream.read(min(_READ_CHUNK, max_bytes + 1 - buf.tell()))
        if not chunk:
            break
        buf.write(chunk)
    if not buf.tell():
        raise ImageRejected("empty")
    if buf.tell() > max_bytes:
        limit = _shown(max_bytes / 2**20)
        raise ImageRejected("too_large", _l("The file is larger than %(mb)s MB.", mb=limit))
    buf.seek(0)
    return buf


def _decode(
    buf: BinaryIO, max_pixels: int, sizes: tuple[int, ...], full: bool
) -> tuple[Image.Image, tuple[int, int], int]:
    """Check the headers, then decode once: the frame, the stored size, the orientation.

    Unless `full`, a JPEG is decoded at the smallest DCT scale that still covers the
    largest variant.
    """
    with warnings.catch_warnings():
        # Refuse at Pillow's bomb warning (~89 MP), not only at its error (twice that).
        # Before Python 3.14 this filter is process-wide while the block runs, one more
        # reason for the explicit max_pixels check.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            img = Image.open(buf, formats=ACCEPTED_FORMATS)
            # MPO is how some cameras write a JPEG with extra pictures: keep the first.
            frames = 1 if img.format == "MPO" else getattr(img, "n_frames", 1)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise _too_many_pixels(max_pixels) from exc
        except UnidentifiedImageError as exc:
            raise ImageRejected("unsupported") from exc
        except Exception as exc:  # a known format whose header Pillow could not parse
            raise ImageRejected("corrupt") from exc
        raw_w, raw_h = img.size
        if raw_w * raw_h > max_pixels:
            raise _too_many_pixels(max_pixels)
        if frames > 1:
            raise ImageRejected("animated")
        try:
            if not full and img.format in ("JPEG", "MPO"):
                _, w, h = _plan(raw_w, raw_h, sizes)[0]  # draft never goes below this
                img.draft(None, (w, h))
            img.load()  # the whole stream: a truncated or damaged file fails here
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise _too_many_pixels(max_pixels) from exc
        except Exception as exc:
            raise ImageRejected("corrupt") from exc
    return img, (raw_w, raw_h), _orientation(img)


def _shown(limit: float) -> object:
    """A limit for a message: a whole number in the reader's digits, else three figures."""
    return MessageNumber(int(limit)) if limit == int(limit) else f"{limit:.3g}"


def _too_many_pixels(max_pixels: int) -> ImageRejected:
    limit = _shown(max_pixels / 1e6)
    message = _l("The photo has too many pixels (at most %(mp)s megapixels).", mp=limit)
    return ImageRejected("too_many_pixels", message)


def _orientation(img: Image.Image) -> int:
    """The EXIF (or XMP) orientation; a broken EXIF block just means upright."""
    try:
        return int(img.getexif().get(ExifTags.Base.Orientation, 1))
    except Exception:
        return 1


def _upright(img: Image.Image, orientation: int) -> Image.Image:
    method = _TRANSPOSE.get(orientation)
    return img if method is None else img.transpose(method)


def _to_srgb(img: Image.Image) -> Image.Image:
    """RGB or RGBA pixels in sRGB; RGBA only when some pixel is not fully opaque."""
    alpha = img.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in img.info
    target = "RGBA" if alpha else "RGB"
    if img.mode.startswith("I"):  # 16-bit grey: scale to 8 bits rather than clip
        img = img.convert("I").point(lambda v: v / 256).convert("L")
    if img.mode in ("1", "P", "PA", "LA", "La", "RGBa") or "transparency" in img.info:
        img = img.convert(target)  # a palette's RGB profile stays in info for below
    icc = img.info.get("icc_profile")
    if icc and _HAS_CMS and img.mode in ("RGB", "RGBA", "CMYK", "L"):
        try:
            src = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            in_place = img.mode == target
            if not (in_place and "srgb" in ImageCms.getProfileDescription(src).lower()):
                out = ImageCms.profileToProfile(
                    img, src, _srgb_profile(), outputMode=target, inPlace=in_place
                )
                img = img if out is None else out
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError) as exc:
            log.info("dropping an unusable ICC profile: %s", exc)
    if img.mode != target:
        img = img.convert(target)
    if target == "RGBA" and img.getextrema()[3] == (255, 255):
        img = img.convert("RGB")  # an alpha channel with nothing transparent in it
    return img


@functools.cache
def _srgb_profile() -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _plan(width: int, height: int, sizes: tuple[int, ...]) -> list[tuple[int, int, int]]:
    """(size, width, height) of each variant, largest first; the long side is the size.

    Never upscaled: a photo smaller than every size gets one variant at its own size.
    """
    long_side = max(width, height)
    chosen = sorted({s for s in sizes if s <= long_side}, reverse=True) or [long_side]
    plan = []
    for size in chosen:
        w = size if width >= height else max(1, round(width * size / long_side))
        h = size if height > width else max(1, round(height * size / long_side))
        plan.append((size, w, h))
    return plan


def _layout(
    digest: str, width: int, height: int, has_alpha: bool, plan: list[tuple[int, int, int]],
    public: bool,
) -> ProcessedImage:
    """Where everything for this upload lives: names depend on digest and size only."""
    fallback = "png" if has_alpha else "jpeg"
    variants = tuple(
        Variant(size, w, h, fmt, variant_key(digest, size, _VARIANT_FORMATS[fmt][1], public=public))
        for size, w, h in sorted(plan)
        for fmt in ("webp", fallback)
    )
    master = master_keys(digest)[has_alpha]
    return ProcessedImage(digest, width, height, has_alpha, master, variants)


class _Writer:
    """Encodes and stores files, remembering them so a failed call can take them back."""

    def __init__(self, storage: Storage) -> None:
        self.storage = storage
        self.written: list[str] = []

    def save(self, img: Image.Image, key: str, fmt: str, options: dict) -> None:
        img.info = {}  # some encoders fall back to info for ICC, comments, transparency
        out = io.BytesIO()
        img.save(out, format=fmt, **options)
        self.put(key, out.getvalue())

    def put(self, key: str, data: bytes) -> None:
        self.storage.put(key, data, content_type(key))
        self.written.append(key)

    def rollback(self) -> None:
        for key in reversed(self.written):
            with suppress(Exception):  # the first failure is the one to report
                self.storage.delete(key)
        self.written.clear()
