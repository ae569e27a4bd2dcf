"""Deterministic, Pillow-only product "photos" for the demo catalogue.

Each craft taught at the Rooyesh centres gets its own little still life (one module each):

* ``carpet``    قالی          - knotted Persian rug with medallion, borders and fringe
* ``tableau``   تابلوفرش      - pictorial rug (landscape or flower vase) in a wooden frame
* ``kilim``     گلیم          - flat-weave with bands of stepped, hooked diamonds
* ``fert``      فرت‌بافی       - fine woven cloth with a small repeating geometric motif
* ``leather``   چرم‌دوزی       - stitched leather bag or wallet with a strap
* ``tailoring`` خیاطی         - flat-laid tunic with cross-stitch embroidery
* ``resin``     مصنوعات رزینی - round resin coaster/tray with colour swirls and gloss

Everything is drawn with ImageDraw primitives (often on a coarse "thread grid" that
is scaled up with NEAREST, which gives the woven look for free) and a handful of
whole-image operations, so one 1200x900 picture takes a few tens of milliseconds.
All randomness comes from ``random.Random(seed)``: the same (craft, seed, size)
always produces identical pixels.

The shared building blocks live in the private modules: ``_palette`` (colours),
``_geometry`` (point lists), ``_textures`` (cached multiply-textures and gradients),
``_canvas`` (drawing and compositing helpers, the camera finish), ``_backdrops``
(what the piece lies on) and ``_motifs`` (rosettes, woven motifs, fringes).
"""

from __future__ import annotations

import io
import random
from collections.abc import Callable

from PIL import Image, ImageOps

from demo.patterns import carpet, fert, kilim, leather, resin, tableau, tailoring
from demo.patterns._geometry import Size

__all__ = ["CRAFT_CODES", "render", "render_jpeg"]

CRAFT_CODES: tuple[str, ...] = (
    "carpet",
    "tableau",
    "kilim",
    "fert",
    "leather",
    "tailoring",
    "resin",
)

_RENDERERS: dict[str, Callable[[Size, random.Random], Image.Image]] = {
    "carpet": carpet.draw,
    "tableau": tableau.draw,
    "kilim": kilim.draw,
    "fert": fert.draw,
    "leather": leather.draw,
    "tailoring": tailoring.draw,
    "resin": resin.draw,
}


def render(craft: str, seed: int, size: tuple[int, int] = (1200, 900)) -> Image.Image:
    """Draw one product photo of ``craft`` as an RGB image of exactly ``size``.

    Deterministic: the same (craft, seed, size) gives identical pixels.
    """
    try:
        fn = _RENDERERS[craft]
    except KeyError:
        raise ValueError(f"unknown craft {craft!r}; expected one of {CRAFT_CODES}") from None
    w, h = int(size[0]), int(size[1])
    if w < 1 or h < 1:
        raise ValueError(f"size must be positive, got {size!r}")
    rng = random.Random(f"{craft}:{seed}")
    work = _work_size(w, h)
    img = fn(work, rng)
    if img.size != (w, h):  # thumbnails and odd aspect ratios: draw big, then fit
        img = ImageOps.fit(img, (w, h), method=Image.Resampling.LANCZOS)
    return img if img.mode == "RGB" else img.convert("RGB")


_MIN_SIDE = 360
_ASPECTS = (0.6, 2.0)


def _work_size(w: int, h: int) -> Size:
    """Canvas the scenes are composed on: the requested size when it is sensible,
    otherwise something at least ``_MIN_SIDE`` tall/wide with a tame aspect ratio
    (the result is then scaled and centre-cropped to the requested size)."""
    lo, hi = _ASPECTS
    if min(w, h) >= _MIN_SIDE and lo <= w / h <= hi:
        return (w, h)
    a = min(hi, max(lo, w / h))
    short = min(max(_MIN_SIDE, min(w, h)), 1200)
    return (round(short * a), short) if a >= 1 else (short, round(short / a))


def render_jpeg(
    craft: str, seed: int, size: tuple[int, int] = (1200, 900), quality: int = 85
) -> bytes:
    """:func:`render` encoded as a progressive JPEG."""
    buf = io.BytesIO()
    render(craft, seed, size).save(
        buf, "JPEG", quality=quality, optimize=True
    )
    return buf.getvalue()
