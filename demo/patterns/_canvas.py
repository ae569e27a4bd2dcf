"""Drawing and compositing on the canvas: stitch lines, masks, drop shadows, camera finish."""

from __future__ import annotations

import bisect
import itertools
import math
import random
from collections.abc import Sequence

from PIL import Image, ImageChops, ImageDraw, ImageFilter
from PIL.Image import Resampling

from demo.patterns._geometry import Point, Size, bbox
from demo.patterns._palette import RGB, clamp
from demo.patterns._textures import camera


def fill_rect(
    d: ImageDraw.ImageDraw, x0: float, y0: float, x1: float, y1: float, fill: RGB
) -> None:
    """Filled rectangle from any two opposite corners."""
    d.rectangle([min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)], fill=fill)


def dashes(
    draw: ImageDraw.ImageDraw,
    pts: Sequence[Point],
    dash: float,
    gap: float,
    fill: RGB,
    width: int = 1,
    closed: bool = True,
    shadow: RGB | None = None,
) -> None:
    """Stitch line: dashes along a polyline."""
    seq = list(pts) + ([pts[0]] if closed else [])
    if len(seq) < 2 or dash <= 0:
        return
    cum = [0.0]
    for (x0, y0), (x1, y1) in itertools.pairwise(seq):
        cum.append(cum[-1] + math.hypot(x1 - x0, y1 - y0))
    total = cum[-1]

    def at(dist: float) -> Point:
        i = min(len(seq) - 2, max(0, bisect.bisect_right(cum, dist) - 1))
        seg = cum[i + 1] - cum[i]
        t = (dist - cum[i]) / seg if seg else 0.0
        return (seq[i][0] + (seq[i + 1][0] - seq[i][0]) * t,
                seq[i][1] + (seq[i + 1][1] - seq[i][1]) * t)

    period = dash + max(gap, 0.5)
    segs = [(at(k * period), at(min(total, k * period + dash)))
            for k in range(int(total / period) + 1)]
    if shadow is not None:
        for (ax, ay), (bx, by) in segs:
            draw.line([(ax + 1, ay + 1), (bx + 1, by + 1)], fill=shadow, width=width)
    for a, b in segs:
        draw.line([a, b], fill=fill, width=width)


def drop_shadow(
    canvas: Image.Image,
    mask: Image.Image,
    pos: tuple[float, float],
    blur: float,
    opacity: float,
    offset: tuple[float, float] = (0.0, 0.0),
    color: RGB = (20, 14, 10),
) -> None:
    """Soft drop shadow of the L ``mask`` placed at ``pos`` (blurred at quarter scale)."""
    s = 4
    w, h = canvas.size
    mw, mh = mask.size
    pad = int(blur * 2.5) + 4
    x0 = max(0, int(pos[0] + offset[0]) - pad)
    y0 = max(0, int(pos[1] + offset[1]) - pad)
    x1 = min(w, int(pos[0] + offset[0]) + mw + pad)
    y1 = min(h, int(pos[1] + offset[1]) + mh + pad)
    if x1 - x0 < s or y1 - y0 < s:
        return
    bw, bh = x1 - x0, y1 - y0
    small = Image.new("L", (max(1, bw // s), max(1, bh // s)), 0)
    m = mask.reduce(s) if min(mw, mh) >= s else mask.resize((max(1, mw // s), max(1, mh // s)))
    small.paste(m, (round((pos[0] + offset[0] - x0) / s), round((pos[1] + offset[1] - y0) / s)))
    small = small.filter(ImageFilter.GaussianBlur(max(0.5, blur / s)))
    lut = [clamp(i * opacity) for i in range(256)]
    region = canvas.crop((x0, y0, x1, y1))
    region = Image.composite(
        Image.new("RGB", (bw, bh), color),
        region,
        small.point(lut).resize((bw, bh), Resampling.BILINEAR),
    )
    canvas.paste(region, (x0, y0))


def polygon_mask(
    polygons: Sequence[Sequence[Point]], pad: int = 2, clip: Size | None = None
) -> tuple[Image.Image, tuple[int, int]]:
    """L mask of the union of ``polygons`` over their bounding box (grown by ``pad``, cut to
    ``clip`` when given), and where that box's top-left corner sits on the canvas."""
    x0, y0, x1, y1 = bbox([p for poly in polygons for p in poly], pad)
    if clip is not None:
        x0, y0 = max(0, x0), max(0, y0)
        x1, y1 = min(clip[0], x1), min(clip[1], y1)
    mask = Image.new("L", (x1 - x0, y1 - y0), 0)
    md = ImageDraw.Draw(mask)
    for poly in polygons:
        md.polygon([(x - x0, y - y0) for x, y in poly], fill=255)
    return mask, (x0, y0)


def finish(img: Image.Image, rng: random.Random, vignette: float = 0.35) -> Image.Image:
    """Camera look: vignette, uneven light, grain, white balance and contrast."""
    img = ImageChops.multiply(img, camera(img.size, round(vignette, 2)))
    warm = rng.uniform(-0.02, 0.035)
    gain = rng.uniform(1.04, 1.09)
    contrast = rng.uniform(1.0, 1.08)
    lut: list[int] = []
    for ch in (1 + warm, 1.0, 1 - warm):
        for i in range(256):
            lut.append(clamp(((i / 255.0 - 0.5) * contrast + 0.5) * 255 * gain * ch))
    return img.point(lut)
