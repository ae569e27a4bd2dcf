"""``leather`` (چرم‌دوزی): a stitched tote, satchel or wallet with strap and metal fittings."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import NamedTuple

from PIL import Image, ImageChops, ImageDraw

from demo.patterns._backdrops import backdrop
from demo.patterns._canvas import dashes, drop_shadow, finish, polygon_mask
from demo.patterns._geometry import (
    Point,
    Size,
    bbox,
    bezier,
    offset_line,
    offset_polygon,
    rounded_polygon,
    star,
)
from demo.patterns._palette import RGB, darken, lighten, rgb, vary
from demo.patterns._textures import blotch, gradient_fill

_LEATHERS = ["b0713a", "96491f", "5b3522", "3d2a22", "c8955c", "6a2228", "8a5a2b", "a0522d"]
_THREADS = ["efe3c8", "e9d7a9", "f4efe6", "e39a3c", "d8c29a"]


def _leather_piece(
    canvas: Image.Image,
    pts: Sequence[Point],
    base: RGB,
    light: float = 0.2,
    dark: float = 0.3,
    edge: RGB | None = None,
    shadow: float = 0.0,
) -> None:
    """Fill a polygon with graded, grained leather, optionally casting a soft shadow."""
    mask, (x0, y0) = polygon_mask([pts])
    if shadow:
        drop_shadow(canvas, mask, (x0, y0), blur=shadow, opacity=0.5,
                    offset=(shadow * 0.3, shadow * 0.6))
    size = mask.size
    fill = gradient_fill(size, lighten(base, light), darken(base, dark), "d")
    grain = blotch(canvas.size, 2, 222).crop((max(0, x0), max(0, y0),
                                              max(0, x0) + size[0], max(0, y0) + size[1]))
    fill = ImageChops.multiply(fill, grain.convert("RGB"))
    canvas.paste(fill, (x0, y0), mask)
    if edge is not None:
        ImageDraw.Draw(canvas).line([*pts, pts[0]], fill=edge, width=2, joint="curve")


def _line_mask(pts: Sequence[Point], width: int) -> tuple[Image.Image, tuple[int, int]]:
    x0, y0, x1, y1 = bbox(pts, width)
    mask = Image.new("L", (x1 - x0, y1 - y0), 0)
    ImageDraw.Draw(mask).line([(x - x0, y - y0) for x, y in pts], fill=255, width=width,
                              joint="curve")
    return mask, (x0, y0)


def _rivet(d: ImageDraw.ImageDraw, x: float, y: float, r: float, metal: RGB) -> None:
    d.ellipse([x - r, y - r, x + r, y + r], fill=darken(metal, 0.35))
    d.ellipse([x - r * 0.8, y - r * 0.8, x + r * 0.7, y + r * 0.7], fill=metal)
    d.ellipse([x - r * 0.45, y - r * 0.5, x - r * 0.05, y - r * 0.1], fill=lighten(metal, 0.6))


def _strap(
    canvas: Image.Image, pts: Sequence[Point], width: float, base: RGB, thread: RGB
) -> None:
    mask, origin = _line_mask(pts, int(width + 4))
    drop_shadow(canvas, mask, origin, blur=width * 0.6, opacity=0.45,
                offset=(width * 0.2, width * 0.4))
    d = ImageDraw.Draw(canvas)
    d.line(list(pts), fill=darken(base, 0.45), width=int(width + 4), joint="curve")
    d.line(list(pts), fill=darken(base, 0.1), width=int(width), joint="curve")
    d.line(offset_line(pts, -width * 0.22), fill=lighten(base, 0.12), width=max(1, int(width / 4)),
           joint="curve")
    for side in (-1, 1):
        dashes(d, offset_line(pts, side * width * 0.32), width * 0.22, width * 0.14, thread,
               max(1, int(width / 10)), closed=False)


class _Bag(NamedTuple):
    """One bag's canvas and materials; sizes below are fractions of ``unit``."""

    canvas: Image.Image
    d: ImageDraw.ImageDraw
    base: RGB
    thread: RGB
    metal: RGB
    unit: int
    st: int  # stitch thickness

    def piece(self, pts: Sequence[Point], col: RGB, shadow: float, light: float = 0.2) -> None:
        _leather_piece(self.canvas, pts, col, light=light, edge=darken(self.base, 0.55),
                       shadow=self.unit * shadow)

    def seam(
        self, pts: Sequence[Point], inset: float, dash: float, gap: float, shadowed: bool = False
    ) -> None:
        """Running stitch ``inset`` inside the outline of a piece."""
        dashes(self.d, offset_polygon(pts, self.unit * inset), self.unit * dash,
               self.unit * gap, self.thread, self.st,
               shadow=darken(self.base, 0.5) if shadowed else None)


class _Body(NamedTuple):
    """The tapered body of a tote or satchel."""

    corners: list[Point]
    pts: list[Point]
    cx: float
    top: float
    bw: float
    bh: float


def _wallet(bag: _Bag, rng: random.Random, w: int, h: int) -> None:
    canvas, d, base, thread, metal, unit, st = bag
    ww, wh = w * rng.uniform(0.46, 0.54), h * rng.uniform(0.34, 0.4)
    cx, cy = w * 0.5 + w * rng.uniform(-0.03, 0.03), h * 0.52
    body = rounded_polygon([(cx - ww / 2, cy - wh / 2), (cx + ww / 2, cy - wh / 2),
                            (cx + ww / 2, cy + wh / 2), (cx - ww / 2, cy + wh / 2)],
                           unit * 0.035, 8)
    # wrist strap leaving the left side
    sx = cx - ww / 2
    loop = bezier((sx + 10, cy - wh * 0.1), (sx - ww * 0.35, cy - wh * 0.6),
                  (sx - ww * 0.45, cy + wh * 0.55), (sx + 10, cy + wh * 0.1), 30)
    _strap(canvas, loop, unit * 0.03, base, thread)
    bag.piece(body, base, 0.03)
    bag.seam(body, 0.022, 0.014, 0.008, shadowed=True)
    d.line([(cx - ww / 2 + unit * 0.05, cy - wh * 0.16), (cx + ww * 0.2, cy - wh * 0.16)],
           fill=darken(base, 0.35), width=2)
    d.line([(cx - ww / 2 + unit * 0.05, cy - wh * 0.16 + 2),
            (cx + ww * 0.2, cy - wh * 0.16 + 2)], fill=lighten(base, 0.2), width=1)
    # snap tab over the right edge
    tx = cx + ww / 2 - ww * 0.2
    tab = rounded_polygon([(tx, cy - wh * 0.18), (cx + ww / 2 + unit * 0.02, cy - wh * 0.18),
                           (cx + ww / 2 + unit * 0.02, cy + wh * 0.18),
                           (tx, cy + wh * 0.18)], unit * 0.05, 8)
    bag.piece(tab, darken(base, 0.12), 0.012)
    bag.seam(tab, 0.014, 0.012, 0.007)
    _rivet(d, tx + ww * 0.07, cy, unit * 0.022, metal)
    ring = (sx + 4, cy)
    d.ellipse([ring[0] - unit * 0.02, ring[1] - unit * 0.03, ring[0] + unit * 0.02,
               ring[1] + unit * 0.03], outline=metal, width=max(2, st + 1))


def _tote(bag: _Bag, rng: random.Random, body: _Body, h: int) -> None:
    canvas, d, base, thread, metal, unit, _st = bag
    cx, top, bw, bh = body.cx, body.top, body.bw, body.bh
    hx = bw * rng.uniform(0.2, 0.26)
    rise = min(h * 0.3, top - h * 0.05) / 0.75
    handle = bezier((cx - hx, top + 4), (cx - hx * 1.05, top - rise),
                    (cx + hx * 1.05, top - rise), (cx + hx, top + 4), 30)
    bag.piece(body.pts, base, 0.035)
    _strap(canvas, handle, unit * 0.035, base, thread)
    for sgn in (-1, 1):
        tab = rounded_polygon([(cx + sgn * hx - unit * 0.035, top - 2),
                               (cx + sgn * hx + unit * 0.035, top - 2),
                               (cx + sgn * hx + unit * 0.035, top + unit * 0.1),
                               (cx + sgn * hx - unit * 0.035, top + unit * 0.1)],
                              unit * 0.015, 4)
        bag.piece(tab, darken(base, 0.1), 0.01)
        _rivet(d, cx + sgn * hx, top + unit * 0.065, unit * 0.014, metal)
    bag.seam(body.pts, 0.02, 0.016, 0.009, shadowed=True)
    # front pocket
    py0 = top + bh * 0.45
    pocket = rounded_polygon([(cx - bw * 0.3, py0), (cx + bw * 0.3, py0),
                              (cx + bw * 0.3, top + bh * 0.88),
                              (cx - bw * 0.3, top + bh * 0.88)], unit * 0.03, 6)
    bag.piece(pocket, lighten(base, 0.04), 0.008)
    bag.seam(pocket, 0.014, 0.014, 0.008)


def _satchel(bag: _Bag, rng: random.Random, body: _Body, h: int) -> None:
    """Long shoulder strap looping above, flap with a buckled strap."""
    canvas, d, base, thread, metal, unit, st = bag
    corners, cx, top, bw, bh = body.corners, body.cx, body.top, body.bw, body.bh
    lx, rx = corners[0][0] + unit * 0.03, corners[1][0] - unit * 0.03
    rise = (top - h * 0.05) / 0.75
    loop = bezier((lx, top + 5), (lx - bw * 0.45, top - rise),
                  (rx + bw * 0.45, top - rise), (rx, top + 5), 40)
    _strap(canvas, loop, unit * 0.03, base, thread)
    bag.piece(body.pts, base, 0.035)
    bag.seam(body.pts, 0.02, 0.016, 0.009, shadowed=True)
    fy = top + bh * rng.uniform(0.5, 0.62)
    fl = corners[0][0] - 3
    fr = corners[1][0] + 3
    slope = (corners[3][0] - corners[0][0]) * (fy - top) / bh
    flap = [(fl, top - 3), (fr, top - 3), (fr - slope, fy - bh * 0.12)]
    flap += bezier((fr - slope, fy - bh * 0.12), (fr - slope, fy + bh * 0.05),
                   (cx + bw * 0.2, fy + bh * 0.08), (cx, fy + bh * 0.08), 12)
    flap += bezier((cx, fy + bh * 0.08), (cx - bw * 0.2, fy + bh * 0.08),
                   (fl + slope, fy + bh * 0.05), (fl + slope, fy - bh * 0.12), 12)
    flap = rounded_polygon(flap, unit * 0.03, 4)
    bag.piece(flap, darken(base, 0.06), 0.025, light=0.25)
    bag.seam(flap, 0.018, 0.016, 0.009, shadowed=True)
    # tooled rosette on the flap
    ty = top + (fy - top) * 0.45
    d.polygon(star(cx, ty, unit * 0.05, unit * 0.028, 8), outline=darken(base, 0.35), width=2)
    d.ellipse([cx - unit * 0.012, ty - unit * 0.012, cx + unit * 0.012, ty + unit * 0.012],
              outline=darken(base, 0.35), width=2)
    # buckle strap
    sw = unit * 0.05
    strap = rounded_polygon([(cx - sw / 2, fy - bh * 0.05), (cx + sw / 2, fy - bh * 0.05),
                             (cx + sw / 2, top + bh * 0.9), (cx - sw / 2, top + bh * 0.9)],
                            sw * 0.4, 4)
    bag.piece(strap, darken(base, 0.15), 0.01)
    by = fy + bh * 0.12
    d.rounded_rectangle([cx - sw * 0.85, by - sw * 0.55, cx + sw * 0.85, by + sw * 0.55],
                        radius=sw * 0.2, outline=darken(metal, 0.3), width=max(3, int(sw * 0.22)))
    d.rounded_rectangle([cx - sw * 0.8, by - sw * 0.5, cx + sw * 0.8, by + sw * 0.5],
                        radius=sw * 0.2, outline=metal, width=max(2, int(sw * 0.16)))
    d.line([(cx, by - sw * 0.5), (cx, by + sw * 0.5)], fill=lighten(metal, 0.3),
           width=max(2, int(sw * 0.1)))
    dashes(d, [(cx, top + bh * 0.7), (cx, top + bh * 0.87)], unit * 0.014, unit * 0.008, thread,
           st, closed=False)
    for sgn in (-1, 1):
        _rivet(d, corners[0 if sgn < 0 else 1][0] + sgn * -unit * 0.03, top + unit * 0.03,
               unit * 0.014, metal)


def draw(size: Size, rng: random.Random) -> Image.Image:
    w, h = size
    canvas = backdrop(size, rng, ["studio", "studio", "linen", "wood"])
    base = vary(rng, rgb(rng.choice(_LEATHERS)), 8)
    thread = vary(rng, rgb(rng.choice(_THREADS)), 5)
    if sum(base) > 420:
        thread = rgb("5a3522")
    metal = rgb(rng.choice(["d4a94e", "c9c9c4", "b88a4a"]))
    unit = min(w, h)
    bag = _Bag(canvas, ImageDraw.Draw(canvas), base, thread, metal, unit, max(1, round(unit / 320)))
    kind = rng.choice(["tote", "satchel", "wallet"])
    if kind == "wallet":
        _wallet(bag, rng, w, h)
        return finish(canvas, rng, 0.3)
    bw, bh = w * rng.uniform(0.36, 0.42), h * rng.uniform(0.42, 0.5)
    cx, top = w * 0.5, h * 0.36
    taper = rng.uniform(0.82, 0.95)
    corners = [(cx - bw * taper / 2, top), (cx + bw * taper / 2, top),
               (cx + bw / 2, top + bh), (cx - bw / 2, top + bh)]
    body = _Body(corners, rounded_polygon(corners, unit * 0.05, 8), cx, top, bw, bh)
    (_tote if kind == "tote" else _satchel)(bag, rng, body, h)
    return finish(canvas, rng, 0.3)
