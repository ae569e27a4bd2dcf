"""Cached multiply-textures (weave, grain, camera), noise and colour gradients.

Everything cached is seeded by its own arguments, never by the caller's rng, so the
caches cannot make a picture depend on what was drawn before it.
"""

from __future__ import annotations

import math
import random
from functools import lru_cache

from PIL import Image, ImageChops, ImageFilter, ImageOps
from PIL.Image import Resampling

from demo.patterns._geometry import Size
from demo.patterns._palette import RGB, clamp


def noise(rng: random.Random, size: Size, lo: int, hi: int) -> Image.Image:
    """L image of uniform noise in [lo, hi]."""
    w, h = size
    lut = [lo + i * (hi - lo + 1) // 256 for i in range(256)]
    return Image.frombytes("L", size, rng.randbytes(w * h)).point(lut)


@lru_cache(maxsize=8)
def blotch(size: Size, scale: int, lo: int) -> Image.Image:
    """Soft mottled L texture in about [lo, 255] (leather grain, plaster, light falloff)."""
    w, h = size
    sw, sh = max(2, w // scale), max(2, h // scale)
    rng = random.Random(sw * 7919 + sh * 31 + scale)
    n = noise(rng, (sw, sh), 0, 255).filter(ImageFilter.BoxBlur(1))
    # the blur compresses the histogram towards the middle: stretch it back out
    lut = [clamp(lo + (255 - lo) * min(1.0, max(0.0, (i - 80) / 95))) for i in range(256)]
    return n.point(lut).resize(size, Resampling.BICUBIC)


@lru_cache(maxsize=8)
def camera(size: Size, vignette: float) -> Image.Image:
    """RGB multiply-texture: vignette x uneven light x sensor grain (seeded by size)."""
    w, h = size
    lut = []
    for i in range(256):
        t = max(0.0, (i / 255.0 - 0.3) / 0.7)
        lut.append(clamp(255 - 255 * vignette * t**1.7))
    vig = Image.radial_gradient("L").point(lut).resize(size, Resampling.BILINEAR)
    rng = random.Random(w * 100_003 + h)
    cam = ImageChops.multiply(vig, noise(rng, size, 247, 255))
    cam = ImageChops.multiply(cam, blotch(size, max(8, w // 40), 246))
    return Image.merge("RGB", (cam, cam, cam))


def tile_texture(size: Size, tile: Image.Image) -> Image.Image:
    """``tile`` repeated to fill ``size``."""
    w, h = size
    tw, th = tile.size
    strip = Image.new(tile.mode, (w, th))
    for x in range(0, w, tw):
        strip.paste(tile, (x, 0))
    out = Image.new(tile.mode, (w, h))
    for y in range(0, h, th):
        out.paste(strip, (0, y))
    return out


@lru_cache(maxsize=32)
def thread_texture(size: Size, cw: int, ch: int, kind: str) -> Image.Image:
    """RGB multiply-texture that gives each cw x ch cell a woven look.

    kind: ``knot`` (pile knot: rounded, lit from the top left), ``weft`` (flat weave:
    vertical warp ribs and horizontal weft rows), ``twill`` (diagonal float lines),
    ``linen`` (fine plain weave for fabrics and backgrounds).
    """
    vals: list[int] = []
    for y in range(ch):
        for x in range(cw):
            u = (x + 0.5) / cw - 0.5
            v = (y + 0.5) / ch - 0.5
            if kind == "knot":
                val = 255 - 150 * (u * u + v * v) - 18 * (u + v)
            elif kind == "weft":
                val = 255 - 60 * (abs(u) * 2) ** 3 - (26 if y == ch - 1 else 0)
            elif kind == "twill":
                val = 255 - 38 * (((x + y) % cw) / max(1, cw - 1)) - 14 * (abs(v) * 2) ** 2
            else:  # linen
                val = 255 - 16 * ((x + y) % 2) - 8 * (abs(u) * 2) ** 2
            vals.append(clamp(val))
    tile = Image.new("L", (cw, ch))
    tile.putdata(vals)
    t = tile_texture(size, tile)
    return Image.merge("RGB", (t, t, t))


def textured(img: Image.Image, tex: Image.Image) -> Image.Image:
    """Multiply ``img`` by (the top-left part of) a texture."""
    if tex.size != img.size:
        tex = tex.crop((0, 0, img.width, img.height))
    return ImageChops.multiply(img, tex)


def gradient_fill(size: Size, c1: RGB, c2: RGB, direction: str = "v") -> Image.Image:
    """Two-colour linear gradient: ``v`` top to bottom, ``h`` left to right, ``d`` top-left to
    bottom-right.  Built from a 1-px colour strip, so it costs about one image copy."""
    w, h = size
    n = {"v": h, "h": w}.get(direction, w + h)
    ramp = Image.linear_gradient("L").resize((1, max(1, n)), Resampling.BILINEAR)
    strip = ImageOps.colorize(ramp.transpose(Image.Transpose.TRANSPOSE), c1, c2)  # (n, 1)
    if direction == "v":
        return strip.transpose(Image.Transpose.TRANSPOSE).resize(size, Resampling.NEAREST)
    if direction == "h":
        return strip.resize(size, Resampling.NEAREST)
    return strip.transform(size, Image.Transform.AFFINE, (1, 1, 0, 0, 0, 0), Resampling.NEAREST)


def woven(grid: Image.Image, cw: int, ch: int, size: Size, kind: str) -> Image.Image:
    """Scale a one-pixel-per-thread picture up to cw x ch cells with a :func:`thread_texture`."""
    big = grid.resize((grid.width * cw, grid.height * ch), Resampling.NEAREST)
    return textured(big, thread_texture(size, cw, ch, kind))


def abrash(img: Image.Image, rng: random.Random, axis: str, amount: float) -> Image.Image:
    """Subtle dye-lot banding across the weave (one value per warp/weft row)."""
    n = img.width if axis == "x" else img.height
    vals = []
    v = 0.0
    for _ in range(n):
        v = v * 0.97 + rng.uniform(-1, 1) * 0.25
        vals.append(clamp(255 - amount * (0.5 + 0.5 * math.tanh(v))))
    strip = Image.new("L", (n, 1) if axis == "x" else (1, n))
    strip.putdata(vals)
    band = strip.resize(img.size, Resampling.NEAREST)
    return ImageChops.multiply(img, Image.merge("RGB", (band, band, band)))
