"""Deterministic, Pillow-only product "photos" for the demo catalogue.

Each craft taught at the Rooyesh centres gets its own little still life:

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
"""

from __future__ import annotations

import bisect
import io
import itertools
import math
import random
from collections.abc import Callable, Sequence
from functools import lru_cache

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageOps

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

RGB = tuple[int, int, int]
Point = tuple[float, float]
Size = tuple[int, int]

NEAREST = Image.Resampling.NEAREST
BILINEAR = Image.Resampling.BILINEAR
BICUBIC = Image.Resampling.BICUBIC
TAU = math.tau


# --------------------------------------------------------------------------- colours


def _hex(code: str) -> RGB:
    code = code.lstrip("#")
    return (int(code[0:2], 16), int(code[2:4], 16), int(code[4:6], 16))


def _clamp(v: float) -> int:
    return 0 if v < 0 else 255 if v > 255 else int(v + 0.5)


def _mix(a: RGB, b: RGB, t: float) -> RGB:
    return (
        _clamp(a[0] + (b[0] - a[0]) * t),
        _clamp(a[1] + (b[1] - a[1]) * t),
        _clamp(a[2] + (b[2] - a[2]) * t),
    )


WHITE: RGB = (255, 255, 255)
BLACK: RGB = (0, 0, 0)


def _light(c: RGB, t: float) -> RGB:
    return _mix(c, WHITE, t)


def _dark(c: RGB, t: float) -> RGB:
    return _mix(c, BLACK, t)


def _far(a: RGB, b: RGB) -> bool:
    """True when two colours are clearly distinguishable."""
    return abs(a[0] - b[0]) + abs(a[1] - b[1]) + abs(a[2] - b[2]) > 90


def _vary(rng: random.Random, c: RGB, amount: float = 10.0) -> RGB:
    """Jitter a colour: mostly brightness, a little hue."""
    b = rng.uniform(-amount, amount)
    return (
        _clamp(c[0] + b + rng.uniform(-amount, amount) * 0.35),
        _clamp(c[1] + b + rng.uniform(-amount, amount) * 0.35),
        _clamp(c[2] + b + rng.uniform(-amount, amount) * 0.35),
    )


# --------------------------------------------------------------------------- geometry


@lru_cache(maxsize=64)
def _unit_circle(n: int) -> tuple[tuple[float, float], ...]:
    return tuple((math.cos(TAU * i / n), math.sin(TAU * i / n)) for i in range(n))


def _ellipse_pts(
    cx: float, cy: float, rx: float, ry: float, n: int = 24, rot: float = 0.0
) -> list[Point]:
    if rot == 0.0:
        return [(cx + rx * c, cy + ry * s) for c, s in _unit_circle(n)]
    cr, sr = math.cos(rot), math.sin(rot)
    ax, ay, bx, by = rx * cr, rx * sr, -ry * sr, ry * cr
    return [(cx + ax * c + bx * s, cy + ay * c + by * s) for c, s in _unit_circle(n)]


def _lobed(
    cx: float,
    cy: float,
    rx: float,
    ry: float,
    lobes: int,
    depth: float,
    n: int = 96,
    phase: float = 0.0,
) -> list[Point]:
    """Scalloped ellipse, the outline of a Persian medallion."""
    out = []
    for i in range(n):
        a = TAU * i / n
        r = 1.0 - depth * abs(math.sin(lobes * (a + phase) / 2.0)) ** 0.7
        out.append((cx + rx * r * math.cos(a), cy + ry * r * math.sin(a)))
    return out


def _star(
    cx: float,
    cy: float,
    r_out: float,
    r_in: float,
    points: int,
    sx: float = 1.0,
    sy: float = 1.0,
    rot: float = -math.pi / 2,
) -> list[Point]:
    out = []
    for i in range(points * 2):
        r = r_out if i % 2 == 0 else r_in
        a = rot + math.pi * i / points
        out.append((cx + r * sx * math.cos(a), cy + r * sy * math.sin(a)))
    return out


def _rect(
    d: ImageDraw.ImageDraw, x0: float, y0: float, x1: float, y1: float, fill: RGB
) -> None:
    """Filled rectangle from any two opposite corners."""
    d.rectangle([min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)], fill=fill)


def _diamond(cx: float, cy: float, rx: float, ry: float) -> list[Point]:
    return [(cx, cy - ry), (cx + rx, cy), (cx, cy + ry), (cx - rx, cy)]


def _bezier(p0: Point, p1: Point, p2: Point, p3: Point, n: int = 24) -> list[Point]:
    out = []
    for i in range(n + 1):
        t = i / n
        u = 1 - t
        a, b, c, d = u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t
        out.append(
            (
                a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0],
                a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1],
            )
        )
    return out


def _rounded_polygon(pts: Sequence[Point], radius: float, steps: int = 6) -> list[Point]:
    """Replace every corner of a polygon by a quadratic-Bezier fillet."""
    out: list[Point] = []
    n = len(pts)
    for i in range(n):
        px, py = pts[i]
        ax, ay = pts[i - 1]
        bx, by = pts[(i + 1) % n]
        da = math.hypot(ax - px, ay - py) or 1.0
        db = math.hypot(bx - px, by - py) or 1.0
        r = min(radius, da / 2, db / 2)
        x1, y1 = px + (ax - px) * r / da, py + (ay - py) * r / da
        x2, y2 = px + (bx - px) * r / db, py + (by - py) * r / db
        for k in range(steps + 1):
            t = k / steps
            u = 1 - t
            out.append(
                (
                    u * u * x1 + 2 * u * t * px + t * t * x2,
                    u * u * y1 + 2 * u * t * py + t * t * y2,
                )
            )
    return out


def _offset_polygon(pts: Sequence[Point], d: float) -> list[Point]:
    """Move every vertex of a (densely sampled) closed polygon ``d`` px inwards."""
    n = len(pts)
    area = sum(pts[i - 1][0] * pts[i][1] - pts[i][0] * pts[i - 1][1] for i in range(n))
    sign = 1.0 if area > 0 else -1.0
    out = []
    for i in range(n):
        ax, ay = pts[i - 1]
        px, py = pts[i]
        bx, by = pts[(i + 1) % n]
        nx1, ny1 = -(py - ay), px - ax
        nx2, ny2 = -(by - py), bx - px
        l1 = math.hypot(nx1, ny1) or 1.0
        l2 = math.hypot(nx2, ny2) or 1.0
        nx, ny = nx1 / l1 + nx2 / l2, ny1 / l1 + ny2 / l2
        ln = math.hypot(nx, ny) or 1.0
        out.append((px + sign * d * nx / ln, py + sign * d * ny / ln))
    return out


def _dashes(
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


def _wave(rng: random.Random, terms: int = 3) -> Callable[[float], float]:
    """Smooth deterministic 1-D noise in roughly [-1, 1] (sum of sines)."""
    params = [
        (rng.uniform(0.5, 1.0) / (k + 1), rng.uniform(1.0, 2.2) * (k + 1), rng.uniform(0, TAU))
        for k in range(terms)
    ]
    norm = sum(p[0] for p in params)

    def f(x: float) -> float:
        return sum(a * math.sin(fr * x + ph) for a, fr, ph in params) / norm

    return f


# --------------------------------------------------------------------------- cached textures


def _noise(rng: random.Random, size: Size, lo: int, hi: int) -> Image.Image:
    """L image of uniform noise in [lo, hi]."""
    w, h = size
    lut = [lo + i * (hi - lo + 1) // 256 for i in range(256)]
    return Image.frombytes("L", size, rng.randbytes(w * h)).point(lut)


@lru_cache(maxsize=8)
def _blotch(size: Size, scale: int, lo: int) -> Image.Image:
    """Soft mottled L texture in about [lo, 255] (leather grain, plaster, light falloff)."""
    w, h = size
    sw, sh = max(2, w // scale), max(2, h // scale)
    rng = random.Random(sw * 7919 + sh * 31 + scale)
    n = _noise(rng, (sw, sh), 0, 255).filter(ImageFilter.BoxBlur(1))
    # the blur compresses the histogram towards the middle: stretch it back out
    lut = [_clamp(lo + (255 - lo) * min(1.0, max(0.0, (i - 80) / 95))) for i in range(256)]
    return n.point(lut).resize(size, BICUBIC)


@lru_cache(maxsize=8)
def _camera(size: Size, vignette: float) -> Image.Image:
    """RGB multiply-texture: vignette x uneven light x sensor grain (seeded by size)."""
    w, h = size
    lut = []
    for i in range(256):
        t = max(0.0, (i / 255.0 - 0.3) / 0.7)
        lut.append(_clamp(255 - 255 * vignette * t**1.7))
    vig = Image.radial_gradient("L").point(lut).resize(size, BILINEAR)
    rng = random.Random(w * 100_003 + h)
    cam = ImageChops.multiply(vig, _noise(rng, size, 247, 255))
    cam = ImageChops.multiply(cam, _blotch(size, max(8, w // 40), 246))
    return Image.merge("RGB", (cam, cam, cam))


def _tile_texture(size: Size, tile: Image.Image) -> Image.Image:
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
def _thread_texture(size: Size, cw: int, ch: int, kind: str) -> Image.Image:
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
            vals.append(_clamp(val))
    tile = Image.new("L", (cw, ch))
    tile.putdata(vals)
    t = _tile_texture(size, tile)
    return Image.merge("RGB", (t, t, t))


def _textured(img: Image.Image, tex: Image.Image) -> Image.Image:
    if tex.size != img.size:
        tex = tex.crop((0, 0, img.width, img.height))
    return ImageChops.multiply(img, tex)


# --------------------------------------------------------------------------- compositing


def _shadow(
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
    lut = [_clamp(i * opacity) for i in range(256)]
    region = canvas.crop((x0, y0, x1, y1))
    region = Image.composite(
        Image.new("RGB", (bw, bh), color), region, small.point(lut).resize((bw, bh), BILINEAR)
    )
    canvas.paste(region, (x0, y0))


def _gradient_fill(size: Size, c1: RGB, c2: RGB, direction: str = "v") -> Image.Image:
    """Two-colour linear gradient: ``v`` top to bottom, ``h`` left to right, ``d`` top-left to
    bottom-right.  Built from a 1-px colour strip, so it costs about one image copy."""
    w, h = size
    n = {"v": h, "h": w}.get(direction, w + h)
    ramp = Image.linear_gradient("L").resize((1, max(1, n)), BILINEAR)
    strip = ImageOps.colorize(ramp.transpose(Image.Transpose.TRANSPOSE), c1, c2)  # (n, 1)
    if direction == "v":
        return strip.transpose(Image.Transpose.TRANSPOSE).resize(size, NEAREST)
    if direction == "h":
        return strip.resize(size, NEAREST)
    return strip.transform(size, Image.Transform.AFFINE, (1, 1, 0, 0, 0, 0), NEAREST)


def _finish(img: Image.Image, rng: random.Random, vignette: float = 0.35) -> Image.Image:
    """Camera look: vignette, uneven light, grain, white balance and contrast."""
    img = ImageChops.multiply(img, _camera(img.size, round(vignette, 2)))
    warm = rng.uniform(-0.02, 0.035)
    gain = rng.uniform(1.04, 1.09)
    contrast = rng.uniform(1.0, 1.08)
    lut: list[int] = []
    for ch in (1 + warm, 1.0, 1 - warm):
        for i in range(256):
            lut.append(_clamp(((i / 255.0 - 0.5) * contrast + 0.5) * 255 * gain * ch))
    return img.point(lut)


# --------------------------------------------------------------------------- backdrops


def _wood(size: Size, rng: random.Random, tone: str | None = None) -> Image.Image:
    """Plank floor / table top."""
    tones = {
        "oak": ("b88a5c", "7d5431", "4a3120"),
        "light": ("d6bc98", "a98560", "6f5238"),
        "walnut": ("7b5238", "4a2e1d", "24160e"),
        "grey": ("bdb2a5", "8c8175", "4f463e"),
    }
    key = tone or rng.choice(sorted(tones))
    base, grain_c, gap_c = (_hex(c) for c in tones[key])
    w, h = size
    img = Image.new("RGB", size, base)
    d = ImageDraw.Draw(img)
    ph = max(8, h // rng.randint(4, 6))
    y = -rng.randint(0, ph)
    step = max(8, w // 36)
    while y < h:
        x = -rng.randint(0, max(1, w // 2))
        while x < w:
            pl = rng.randint(max(2, w // 2), max(3, int(w * 1.3)))
            col = _vary(rng, base, 11)
            d.rectangle([x, y, x + pl, y + ph], fill=col)
            x0, x1 = max(x, 0), min(x + pl, w)
            for _ in range(max(3, ph // 9)):
                gy = y + rng.uniform(2, ph - 2)
                amp = rng.uniform(0.5, 4)
                fr = rng.uniform(0.002, 0.01)
                p0 = rng.uniform(0, TAU)
                pts = [(xx, gy + amp * math.sin(fr * xx + p0)) for xx in range(x0, x1 + step, step)]
                if len(pts) > 1:
                    d.line(pts, fill=_mix(col, grain_c, rng.uniform(0.08, 0.3)),
                           width=rng.choice((1, 1, 2)))
            d.line([(x, y), (x, y + ph)], fill=gap_c, width=2)
            x += pl
        d.line([(0, y), (w, y)], fill=gap_c, width=2)
        d.line([(0, y + 2), (w, y + 2)], fill=_light(base, 0.15), width=1)
        y += ph
    return img


def _studio(size: Size, rng: random.Random, palette: str | None = None) -> Image.Image:
    """Seamless paper sweep: lighter at the top, a touch darker towards the bottom."""
    options = {
        "warm": ("efe8df", "d2c6b7"),
        "grey": ("ebebe9", "c3c1bc"),
        "sand": ("ecdfca", "cab697"),
        "sage": ("e1e5d8", "b7bdab"),
        "blush": ("f1e3de", "d6c0b8"),
    }
    key = palette or rng.choice(sorted(options))
    top, bottom = (_vary(rng, _hex(c), 5) for c in options[key])
    return _gradient_fill(size, top, bottom, "v")


def _linen(size: Size, rng: random.Random) -> Image.Image:
    base = rng.choice([_hex("e6dccb"), _hex("dcd5c9"), _hex("d3c6b0"), _hex("e9e5dd")])
    img = _gradient_fill(size, _light(base, 0.12), _dark(base, 0.08), "v")
    return _textured(img, _thread_texture(size, 3, 3, "linen"))


def _marble(size: Size, rng: random.Random) -> Image.Image:
    base = rng.choice([_hex("efeeeb"), _hex("ebe8e3"), _hex("e6e8ea")])
    w, h = size
    img = _gradient_fill(size, _light(base, 0.3), _dark(base, 0.04), "v")
    d = ImageDraw.Draw(img)
    for _ in range(rng.randint(5, 9)):
        x, y = rng.uniform(-w * 0.2, w), rng.uniform(-h * 0.2, h * 0.5)
        ang = rng.uniform(0.2, 1.2)
        col = _dark(base, rng.uniform(0.1, 0.28))
        pts = [(x, y)]
        for _ in range(60):
            ang += rng.uniform(-0.3, 0.3)
            x += math.cos(ang) * w / 45
            y += math.sin(ang) * w / 45
            pts.append((x, y))
        d.line(pts, fill=_mix(base, col, 0.35), width=rng.choice([3, 4, 6]))
        d.line(pts, fill=col, width=1)
    return img


def _backdrop(size: Size, rng: random.Random, kinds: Sequence[str]) -> Image.Image:
    kind = rng.choice(list(kinds))
    if kind == "wood":
        return _wood(size, rng)
    if kind == "linen":
        return _linen(size, rng)
    if kind == "marble":
        return _marble(size, rng)
    return _studio(size, rng)


# --------------------------------------------------------------------------- shared motifs


def _rosette(
    d: ImageDraw.ImageDraw,
    cx: float,
    cy: float,
    r: float,
    petals: int,
    petal: RGB,
    centre: RGB,
    rot: float = 0.0,
) -> None:
    n = 10 if r > 6 else 6
    for i in range(petals):
        a = rot + TAU * i / petals
        d.polygon(
            _ellipse_pts(cx + r * 0.55 * math.cos(a), cy + r * 0.55 * math.sin(a),
                         r * 0.48, r * 0.26, n, a),
            fill=petal,
        )
    cr = max(0.8, r * 0.3)
    d.ellipse([cx - cr, cy - cr, cx + cr, cy + cr], fill=centre)


def _boteh(
    cx: float, cy: float, s: float, flip: bool = False, rot: float = -math.pi / 2
) -> list[Point]:
    """Paisley (boteh): a teardrop whose tip curls over."""
    out = []
    for i in range(28):
        t = TAU * i / 28
        x = math.cos(t)
        y = math.sin(t) * abs(math.sin(t / 2)) ** 1.3 * 0.75
        y += 0.35 * (x + 1) ** 2 * 0.5 * (-1 if flip else 1)
        x, y = -x * s * 0.6, y * s * 0.6
        cr, sr = math.cos(rot), math.sin(rot)
        out.append((cx + x * cr - y * sr, cy + x * sr + y * cr))
    return out


def _band_points(
    rect: tuple[float, float, float, float], step: float
) -> list[tuple[float, float, bool, bool]]:
    """Evenly spaced points on a rectangle's outline: (x, y, horizontal_side, corner)."""
    x0, y0, x1, y1 = rect
    out: list[tuple[float, float, bool, bool]] = []
    for cx, cy in ((x0, y0), (x1, y0), (x0, y1), (x1, y1)):
        out.append((cx, cy, True, True))
    nx = max(1, round((x1 - x0) / step))
    ny = max(1, round((y1 - y0) / step))
    for i in range(1, nx):
        x = x0 + (x1 - x0) * i / nx
        out.append((x, y0, True, False))
        out.append((x, y1, True, False))
    for j in range(1, ny):
        y = y0 + (y1 - y0) * j / ny
        out.append((x0, y, False, False))
        out.append((x1, y, False, False))
    return out


def _symmetric_motif(rng: random.Random, n: int, colours: int) -> list[list[int]]:
    """Random n x n bitmap, mirrored both ways (n odd): a woven/cross-stitch motif.

    Values: 0 = ground, 1..colours = thread colours.  Cells near the centre are
    more likely to be filled, and the motif is forced to be connected-looking by
    always filling the centre cross.
    """
    half = n // 2
    grid = [[0] * n for _ in range(n)]
    for y in range(half + 1):
        for x in range(half + 1):
            dist = (half - x + half - y) / (2 * half or 1)
            v = 0
            if rng.random() < 0.62 - 0.25 * dist:
                v = 1 if colours == 1 or rng.random() < 0.65 else rng.randint(2, colours)
            if x == half or y == half:
                v = v or (1 if rng.random() < 0.7 else 0)
            for gx in (x, n - 1 - x):
                for gy in (y, n - 1 - y):
                    grid[gy][gx] = v
    grid[half][half] = colours if colours > 1 else 1
    return grid


# --------------------------------------------------------------------------- carpet (قالی)

_MADDER = _hex("8f1d24")
_INDIGO = _hex("1e2a5c")
_IVORY = _hex("eee2c6")
_GOLD = _hex("cf9d45")
_GREEN = _hex("4c6b45")
_NIGHT = _hex("161a30")
_SKY = _hex("7a9cc2")
_ROSE = _hex("c8736c")
_BROWN = _hex("4a2c1f")


def _carpet_palette(rng: random.Random) -> dict[str, RGB]:
    schemes = [
        {"field": _MADDER, "border": _INDIGO, "med": _IVORY, "med2": _INDIGO, "corner": _INDIGO,
         "guard": _IVORY, "a1": _GOLD, "a2": _GREEN, "a3": _SKY, "line": _NIGHT},
        {"field": _INDIGO, "border": _MADDER, "med": _MADDER, "med2": _IVORY, "corner": _MADDER,
         "guard": _GOLD, "a1": _IVORY, "a2": _ROSE, "a3": _GREEN, "line": _NIGHT},
        {"field": _IVORY, "border": _MADDER, "med": _INDIGO, "med2": _MADDER, "corner": _INDIGO,
         "guard": _INDIGO, "a1": _ROSE, "a2": _GREEN, "a3": _GOLD, "line": _BROWN},
        {"field": _MADDER, "border": _IVORY, "med": _INDIGO, "med2": _GOLD, "corner": _IVORY,
         "guard": _INDIGO, "a1": _SKY, "a2": _GREEN, "a3": _IVORY, "line": _NIGHT},
        {"field": _dark(_MADDER, 0.15), "border": _NIGHT, "med": _GOLD, "med2": _MADDER,
         "corner": _INDIGO, "guard": _MADDER, "a1": _IVORY, "a2": _SKY, "a3": _GREEN,
         "line": _hex("0c0d18")},
    ]
    pal = dict(rng.choice(schemes))
    return {k: _vary(rng, v, 9) for k, v in pal.items()}


def _carpet_field(
    d: ImageDraw.ImageDraw,
    rng: random.Random,
    rect: tuple[float, float, float, float],
    pal: dict[str, RGB],
) -> None:
    x0, y0, x1, y1 = rect
    fw, fh = x1 - x0, y1 - y0
    style = rng.choice(["lattice", "boteh", "flowers"])
    accents = [pal["a1"], pal["a2"], pal["a3"], pal["med"], pal["guard"]]
    accents = [c for c in accents if _far(c, pal["field"])]
    if style == "lattice":
        nx = rng.randint(9, 14)
        sx = fw / nx
        sy = sx * rng.uniform(0.75, 1.0)
        ny = max(2, round(fh / sy))
        sy = fh / ny
        line_c = _mix(pal["field"], pal["line"], 0.45)
        fl = rng.sample(accents, min(2, len(accents)))
        for j in range(ny + 1):
            for i in range(nx + 1):
                cx, cy = x0 + i * sx, y0 + j * sy
                d.polygon(_diamond(cx + sx / 2, cy + sy / 2, sx / 2, sy / 2), outline=line_c)
                _rosette(d, cx, cy, sy * 0.28, 4, fl[0], fl[-1], math.pi / 4)
                d.polygon(_diamond(cx + sx / 2, cy + sy / 2, sx * 0.12, sy * 0.18), fill=fl[-1])
    elif style == "boteh":
        nx = rng.randint(8, 12)
        sx = fw / nx
        sy = sx * 1.1
        ny = max(2, round(fh / sy))
        sy = fh / ny
        for j in range(ny):
            for i in range(nx):
                cx = x0 + (i + 0.5 + (0.5 if j % 2 else 0)) * sx
                cy = y0 + (j + 0.5) * sy
                col = accents[(i + j) % len(accents)]
                pts = _boteh(cx, cy, sy * 0.42, flip=bool(j % 2))
                d.polygon(pts, fill=col, outline=pal["line"])
                d.polygon(_boteh(cx, cy + sy * 0.05, sy * 0.2, flip=bool(j % 2)),
                          fill=accents[(i + j + 1) % len(accents)])
    else:
        nx = rng.randint(10, 15)
        sx = fw / nx
        sy = sx * 0.9
        ny = max(2, round(fh / sy))
        sy = fh / ny
        leaf = pal["a2"] if pal["a2"] in accents else accents[0]
        petals = rng.choice([5, 6, 8])
        for j in range(ny + 1):
            for i in range(nx + 1):
                cx = x0 + (i + (0.5 if j % 2 else 0)) * sx
                cy = y0 + j * sy
                for sgn in (-1, 1):
                    d.polygon(_ellipse_pts(cx + sx * 0.25, cy + sgn * sy * 0.25, sx * 0.16,
                                           sy * 0.06, 8, sgn * 0.8), fill=leaf)
                _rosette(d, cx, cy, sy * 0.33, petals, accents[(i * 3 + j) % len(accents)],
                         accents[(i + j * 2 + 1) % len(accents)])


def _carpet_rug(rng: random.Random, kw: int, kh: int) -> tuple[Image.Image, dict[str, RGB]]:
    """The rug on its knot grid (one pixel per knot)."""
    pal = _carpet_palette(rng)
    img = Image.new("RGB", (kw, kh), pal["field"])
    d = ImageDraw.Draw(img)
    e = max(1, round(kh * 0.01))
    g = max(2, round(kh * rng.uniform(0.022, 0.03)))
    b = max(4, round(kh * rng.uniform(0.085, 0.11)))
    g2 = max(2, round(g * 0.8))
    end = max(2, round(kw * 0.012))
    x0, y0, x1, y1 = end, 0, kw - 1 - end, kh - 1
    inner = e + g + 1 + b + 1 + g2 + 1
    field = (x0 + inner, y0 + inner, x1 - inner, y1 - inner)
    fx0, fy0, fx1, fy1 = field
    fw, fh = fx1 - fx0, fy1 - fy0
    cx, cy = (fx0 + fx1) / 2, (fy0 + fy1) / 2

    _carpet_field(d, rng, field, pal)

    # corner spandrels: quarter medallions
    crx, cry = fw * rng.uniform(0.13, 0.17), fh * rng.uniform(0.22, 0.28)
    lobes = rng.choice([10, 12, 14, 16])
    corner = pal["corner"] if _far(pal["corner"], pal["border"]) else pal["med"]
    corner_in = pal["med2"] if _far(pal["med2"], corner) else pal["a1"]
    for qx, qy in ((fx0, fy0), (fx1, fy0), (fx0, fy1), (fx1, fy1)):
        sx, sy = (1 if qx == fx0 else -1), (1 if qy == fy0 else -1)
        d.polygon(_lobed(qx, qy, crx + 2, cry + 2, lobes, 0.1), fill=pal["line"])
        d.polygon(_lobed(qx, qy, crx, cry, lobes, 0.1), fill=corner)
        d.polygon(_lobed(qx, qy, crx * 0.55 + 1, cry * 0.55 + 1, lobes, 0.12), fill=pal["line"])
        d.polygon(_lobed(qx, qy, crx * 0.55, cry * 0.55, lobes, 0.12), fill=corner_in)
        for k in range(1, 6):
            a = math.pi / 2 * k / 6
            _rosette(d, qx + sx * crx * 0.78 * math.cos(a), qy + sy * cry * 0.78 * math.sin(a),
                     cry * 0.08, 6, corner_in,
                     pal["a1"] if _far(pal["a1"], corner) else pal["line"])

    # central medallion with pendants
    mrx, mry = fw * rng.uniform(0.2, 0.26), fh * rng.uniform(0.32, 0.4)
    mlobes = rng.choice([12, 14, 16, 18, 20])
    for side in (-1, 1):
        px = cx + side * (mrx + fw * 0.05)
        d.line([(cx + side * mrx * 0.8, cy), (px, cy)], fill=pal["line"], width=max(1, kh // 90))
        d.polygon(_diamond(px, cy, fw * 0.045, fh * 0.09), fill=pal["line"])
        d.polygon(_diamond(px, cy, fw * 0.04, fh * 0.08), fill=pal["med"])
        d.polygon(_diamond(px, cy, fw * 0.02, fh * 0.04), fill=pal["a1"])
        d.polygon(_lobed(px + side * fw * 0.05, cy, fw * 0.02, fh * 0.06, 6, 0.2, 36),
                  fill=pal["med2"])
    d.polygon(_lobed(cx, cy, mrx + 2, mry + 2, mlobes, 0.12), fill=pal["line"])
    d.polygon(_lobed(cx, cy, mrx, mry, mlobes, 0.12), fill=pal["med"])
    ring_c = pal["a2"] if _far(pal["a2"], pal["med"]) else pal["a3"]
    for k in range(mlobes):
        a = TAU * (k + 0.5) / mlobes
        _rosette(d, cx + mrx * 0.8 * math.cos(a), cy + mry * 0.8 * math.sin(a), mry * 0.07,
                 6, ring_c, pal["a1"] if _far(pal["a1"], ring_c) else pal["line"])
    d.polygon(_lobed(cx, cy, mrx * 0.64 + 1, mry * 0.64 + 1, mlobes // 2, 0.18),
              fill=pal["line"])
    d.polygon(_lobed(cx, cy, mrx * 0.64, mry * 0.64, mlobes // 2, 0.18), fill=pal["med2"])
    spts = rng.choice([8, 8, 12, 16])
    d.polygon(_star(cx, cy, mry * 0.46, mry * 0.3, spts, mrx / mry, 1.0), fill=pal["a1"])
    d.polygon(_star(cx, cy, mry * 0.3, mry * 0.2, spts, mrx / mry, 1.0,
                    -math.pi / 2 + math.pi / spts), fill=pal["field"])
    _rosette(d, cx, cy, mry * 0.17, 8, pal["med"], pal["a2"])

    # borders, outside in
    def frame(inset: int, width: int, col: RGB) -> None:
        d.rectangle([x0 + inset, y0 + inset, x1 - inset, y1 - inset], outline=col, width=width)

    frame(0, e, pal["line"])
    frame(e, g, pal["guard"])
    frame(e + g, 1, pal["line"])
    frame(e + g + 1, b, pal["border"])
    frame(e + g + 1 + b, 1, pal["line"])
    frame(e + g + b + 2, g2, pal["guard"])
    frame(e + g + b + 2 + g2, 1, pal["line"])

    # guard stripes: chain of small diamonds
    guard_c = pal["field"] if _far(pal["guard"], pal["field"]) else pal["a1"]
    for inset, width in ((e, g), (e + g + b + 2, g2)):
        m = inset + width / 2 - 0.5
        rect = (x0 + m, y0 + m, x1 - m, y1 - m)
        for i, (px, py, _h, _c) in enumerate(_band_points(rect, width * 1.6)):
            col = guard_c if i % 2 else pal["line"]
            d.polygon(_diamond(px, py, width * 0.45, width * 0.45), fill=col)

    # main border: vine + alternating rosettes and palmettes
    m = e + g + 1 + b / 2 - 0.5
    rect = (x0 + m, y0 + m, x1 - m, y1 - m)
    vine = pal["a2"] if _far(pal["a2"], pal["border"]) else pal["a3"]
    amp = b * 0.22
    bx0, by0, bx1, by1 = rect
    for horiz, a0, a1, fixed in (
        (True, bx0, bx1, by0), (True, bx0, bx1, by1), (False, by0, by1, bx0), (False, by0, by1, bx1)
    ):
        pts = []
        steps = max(2, int((a1 - a0) / 2))
        for k in range(steps + 1):
            t = a0 + (a1 - a0) * k / steps
            off = amp * math.sin((t - a0) / (b * 1.6) * math.pi)
            pts.append((t, fixed + off) if horiz else (fixed + off, t))
        d.line(pts, fill=vine, width=max(1, b // 12))
    fcols = [c for c in (pal["a1"], pal["med"], pal["guard"], pal["a3"], pal["field"])
             if _far(c, pal["border"])]
    for i, (px, py, horiz, corner) in enumerate(_band_points(rect, b * 1.6)):
        if corner:
            _rosette(d, px, py, b * 0.42, 8, fcols[0], pal["line"])
            continue
        if i % 2:
            _rosette(d, px, py, b * 0.34, 6, fcols[1], fcols[0])
        else:
            rx, ry = (b * 0.5, b * 0.34) if horiz else (b * 0.34, b * 0.5)
            d.polygon(_diamond(px, py, rx, ry), fill=pal["line"])
            d.polygon(_diamond(px, py, rx * 0.8, ry * 0.8), fill=fcols[2 % len(fcols)])
            d.polygon(_diamond(px, py, rx * 0.35, ry * 0.35), fill=fcols[-1])

    # undyed weft ends (kilim ends) on the short sides
    d.rectangle([0, 0, end - 1, kh], fill=_dark(_IVORY, 0.05))
    d.rectangle([kw - end, 0, kw, kh], fill=_dark(_IVORY, 0.05))
    d.line([(end // 2, 0), (end // 2, kh)], fill=pal["field"], width=1)
    d.line([(kw - 1 - end // 2, 0), (kw - 1 - end // 2, kh)], fill=pal["field"], width=1)
    return img, pal


def _abrash(img: Image.Image, rng: random.Random, axis: str, amount: float) -> Image.Image:
    """Subtle dye-lot banding across the weave (one value per warp/weft row)."""
    n = img.width if axis == "x" else img.height
    vals = []
    v = 0.0
    for _ in range(n):
        v = v * 0.97 + rng.uniform(-1, 1) * 0.25
        vals.append(_clamp(255 - amount * (0.5 + 0.5 * math.tanh(v))))
    strip = Image.new("L", (n, 1) if axis == "x" else (1, n))
    strip.putdata(vals)
    band = strip.resize(img.size, NEAREST)
    return ImageChops.multiply(img, Image.merge("RGB", (band, band, band)))


def _fringe(
    d: ImageDraw.ImageDraw,
    rng: random.Random,
    edge: float,
    a0: float,
    a1: float,
    length: float,
    direction: int,
    vertical_edge: bool,
    colour: RGB,
    spacing: float,
) -> None:
    """Warp ends: bundles of threads leaving ``edge`` outwards (direction +1/-1)."""
    t = a0 + spacing / 2
    lw = max(1, round(spacing * 0.7))
    bundle_len = length * rng.uniform(0.85, 1.0)
    k = 0
    while t < a1:
        if k % 4 == 0:
            bundle_len = length * rng.uniform(0.8, 1.05)
            sway = rng.uniform(-0.12, 0.12) * length
        tl = bundle_len * rng.uniform(0.93, 1.03)
        col = _vary(rng, colour, 10)
        reach = edge + direction * tl
        tip = (reach, t + sway) if vertical_edge else (t + sway, reach)
        base = (edge, t) if vertical_edge else (t, edge)
        mid = (
            ((base[0] + tip[0]) / 2, t + sway * 0.3)
            if vertical_edge
            else (t + sway * 0.3, (base[1] + tip[1]) / 2)
        )
        d.line([base, mid, tip], fill=col, width=lw)
        t += spacing
        k += 1


def _carpet(size: Size, rng: random.Random) -> Image.Image:
    w, h = size
    canvas = _backdrop(size, rng, ["wood", "wood", "studio"])
    c = max(1, round(min(w, h) / 300))
    fringe = w * 0.04
    rw = int(min(w - 2 * fringe - w * 0.08, w * 0.84))
    rh = int(h * rng.uniform(0.66, 0.76))
    kw, kh = max(24, rw // c), max(16, rh // c)
    rug, _pal = _carpet_rug(rng, kw, kh)
    rug = _abrash(rug, rng, "x", 18)
    rug = rug.resize((kw * c, kh * c), NEAREST)
    rug = _textured(rug, _thread_texture(size, c, c, "knot"))
    rw, rh = rug.size
    px, py = (w - rw) // 2, (h - rh) // 2 + int(h * 0.01)
    mask = Image.new("L", rug.size, 255)
    _shadow(canvas, mask, (px, py), blur=w * 0.015, opacity=0.6, offset=(w * 0.004, h * 0.01))
    d = ImageDraw.Draw(canvas)
    fringe_c = _dark(_IVORY, 0.04)
    for side in (-1, 1):
        edge = px if side < 0 else px + rw - 1
        _fringe(d, rng, edge, py + 2, py + rh - 2, fringe, side, True, fringe_c, max(2.0, c))
    canvas.paste(rug, (px, py))
    return _finish(canvas, rng, 0.4)


# --------------------------------------------------------------------------- tableau (تابلوفرش)


def _quantised_rows(
    d: ImageDraw.ImageDraw, x0: float, y0: int, x1: float, y1: int, c0: RGB, c1: RGB, steps: int
) -> None:
    """Vertical gradient in a few wool shades, with dithered rows at each change."""
    n = max(1, y1 - y0)
    for i in range(n):
        t = i / n * steps
        lo = int(t)
        frac = t - lo
        k = lo + (1 if (frac > 0.66 or (frac > 0.33 and i % 2)) else 0)
        d.line([(x0, y0 + i), (x1, y0 + i)], fill=_mix(c0, c1, min(1.0, k / steps)))


def _ridge(
    rng: random.Random, width: int, base: float, amp: float, freq: float
) -> list[Point]:
    f = _wave(rng, 4)
    return [(x, base - amp * (0.55 + 0.45 * f(x * freq / max(1, width)))) for x in
            range(-1, width + 3, 2)]


def _tree(
    d: ImageDraw.ImageDraw, rng: random.Random, x: float, y: float, s: float, kind: str,
    greens: Sequence[RGB], trunk: RGB,
) -> None:
    if kind == "cypress":
        d.polygon(_ellipse_pts(x, y - s * 0.5, s * 0.13, s * 0.5, 20), fill=greens[0])
        d.polygon(_ellipse_pts(x + s * 0.04, y - s * 0.52, s * 0.06, s * 0.4, 16), fill=greens[1])
        return
    d.rectangle([x - max(1, s * 0.05), y - s * 0.45, x + max(1, s * 0.05), y], fill=trunk)
    for _ in range(5):
        ox, oy = rng.uniform(-0.22, 0.22) * s, rng.uniform(-0.2, 0.15) * s
        r = s * rng.uniform(0.18, 0.26)
        d.ellipse([x + ox - r, y - s * 0.62 + oy - r, x + ox + r, y - s * 0.62 + oy + r],
                  fill=rng.choice(greens))


def _landscape(rng: random.Random, pw: int, ph: int) -> Image.Image:
    pic = Image.new("RGB", (pw, ph))
    d = ImageDraw.Draw(pic)
    skies = [
        ("2f5d9a", "bcd7e6", "fff4c2"),  # day
        ("3b3b78", "f2a266", "ffe0a0"),  # sunset
        ("6a88b8", "f4cdb4", "fff1d6"),  # dawn
        ("27406b", "9fc3d6", "f7f3d8"),  # clear
    ]
    top, hor, sun = (_hex(c) for c in rng.choice(skies))
    horizon = int(ph * rng.uniform(0.5, 0.6))
    _quantised_rows(d, 0, 0, pw, horizon, top, hor, 9)
    sx, sy, sr = rng.uniform(0.15, 0.85) * pw, horizon * rng.uniform(0.3, 0.6), ph * 0.055
    d.ellipse([sx - sr * 1.6, sy - sr * 1.6, sx + sr * 1.6, sy + sr * 1.6],
              fill=_mix(sun, hor, 0.5))
    d.ellipse([sx - sr, sy - sr, sx + sr, sy + sr], fill=sun)
    for _ in range(rng.randint(2, 4)):
        cx, cy = rng.uniform(0, pw), rng.uniform(0.08, 0.5) * horizon
        cloud = _mix(WHITE, hor, rng.uniform(0.05, 0.3))
        for _ in range(rng.randint(4, 7)):
            rx, ry = rng.uniform(0.03, 0.07) * pw, rng.uniform(0.02, 0.035) * ph
            ox = rng.uniform(-0.07, 0.07) * pw
            d.ellipse([cx + ox - rx, cy - ry, cx + ox + rx, cy + ry], fill=cloud)
    # mountains, far to near
    far = _mix(_hex("6f7fa8"), hor, 0.35)
    ridge = _ridge(rng, pw, horizon, ph * rng.uniform(0.22, 0.3), rng.uniform(5, 9))
    snowline = horizon - ph * 0.2
    d.polygon([*ridge, (pw + 2, horizon + 2), (-1, horizon + 2)], fill=_mix(WHITE, hor, 0.15))
    body = [(x, max(y, snowline + 2 * math.sin(x * 0.7))) for x, y in ridge]
    d.polygon([*body, (pw + 2, horizon + 2), (-1, horizon + 2)], fill=far)
    mid = _mix(_hex("556b4e"), far, 0.35)
    ridge2 = _ridge(rng, pw, horizon + 1, ph * rng.uniform(0.08, 0.13), rng.uniform(6, 12))
    d.polygon([*ridge2, (pw + 2, horizon + 2), (-1, horizon + 2)], fill=mid)
    # meadow
    g_far, g_near = _hex(rng.choice(["8fae5a", "a4b865", "7fa35a"])), _hex("3e6b33")
    _quantised_rows(d, 0, horizon, pw, ph, g_far, g_near, 6)
    greens = [_hex("2f5a2c"), _hex("46783a"), _hex("5f8f45"), _hex("294d2a")]
    trunk = _hex("5a3a22")
    if rng.random() < 0.6:  # lake with reflections
        ly = horizon + ph * rng.uniform(0.04, 0.08)
        lx0, lx1 = rng.uniform(-0.2, 0.3) * pw, rng.uniform(0.6, 1.2) * pw
        lh = ph * rng.uniform(0.1, 0.16)
        lake = _lobed((lx0 + lx1) / 2, ly + lh / 2, (lx1 - lx0) / 2, lh / 2, 7, 0.06, 60)
        d.polygon(lake, fill=_mix(top, hor, 0.55))
        for _ in range(10):
            yy = rng.uniform(ly + 1, ly + lh - 1)
            xx = rng.uniform(lx0 + lh, lx1 - lh)
            d.line([(xx, yy), (xx + rng.uniform(3, 9) * pw / 150, yy)], fill=_mix(hor, WHITE, 0.3))
    else:  # a winding path
        pts_l, pts_r = [], []
        base = rng.uniform(0.35, 0.65) * pw
        for k in range(11):
            t = k / 10
            y = ph - t * (ph - horizon - 2)
            x = base + math.sin(t * 5 + rng.random() * 0.1) * pw * 0.08 * (1 - t)
            half = pw * 0.06 * (1 - t * 0.9)
            pts_l.append((x - half, y))
            pts_r.append((x + half, y))
        d.polygon(pts_l + pts_r[::-1], fill=_hex("cdb58a"))
    if rng.random() < 0.7:  # a cottage
        hx = rng.uniform(0.15, 0.85) * pw
        hy = horizon + ph * rng.uniform(0.05, 0.1)
        hw, hh = pw * 0.05, ph * 0.045
        d.rectangle([hx - hw, hy - hh, hx + hw, hy], fill=_hex("e8d7b0"))
        d.polygon([(hx - hw * 1.25, hy - hh), (hx, hy - hh * 2), (hx + hw * 1.25, hy - hh)],
                  fill=_hex("9a3b2a"))
        d.rectangle([hx - hw * 0.2, hy - hh * 0.6, hx + hw * 0.2, hy], fill=_hex("4a2e1f"))
    trees = []
    for _ in range(rng.randint(6, 12)):
        ty = horizon + rng.uniform(0.02, 0.3) * ph
        depth = (ty - horizon) / (ph - horizon)
        trees.append((ty, rng.uniform(0, pw), ph * (0.12 + 0.3 * depth),
                      rng.choice(["cypress", "cypress", "round"])))
    for ty, tx, ts, kind in sorted(trees):
        _tree(d, rng, tx, ty, ts, kind, greens, trunk)
    flowers = [_hex("d8343a"), _hex("f2d04b"), _hex("f6f1e4"), _hex("b04a8c"), _hex("e87d2f")]
    for _ in range(int(pw * ph / 260)):
        fy = rng.uniform(horizon + (ph - horizon) * 0.45, ph)
        fx = rng.uniform(0, pw)
        r = 0.6 + 1.4 * (fy - horizon) / (ph - horizon)
        d.ellipse([fx - r, fy - r, fx + r, fy + r], fill=rng.choice(flowers))
    return pic


def _vase_profile(t: float) -> float:
    """Vase radius (0..1) at height t (0 = foot, 1 = lip)."""
    keys = [(0.0, 0.42), (0.08, 0.5), (0.35, 1.0), (0.68, 0.62), (0.84, 0.3), (1.0, 0.46)]
    for (t0, r0), (t1, r1) in itertools.pairwise(keys):
        if t <= t1:
            u = (t - t0) / (t1 - t0)
            return r0 + (r1 - r0) * (0.5 - 0.5 * math.cos(math.pi * u))
    return keys[-1][1]


def _flower_vase(rng: random.Random, pw: int, ph: int) -> Image.Image:
    grounds = [_hex("161616"), _hex("1c2346"), _hex("4a1420"), _hex("1e3327"), _hex("f0e6cf")]
    ground = rng.choice(grounds)
    pic = Image.new("RGB", (pw, ph), ground)
    d = ImageDraw.Draw(pic)
    glow = _light(ground, 0.12) if sum(ground) < 300 else _dark(ground, 0.06)
    for k in range(6, 0, -1):
        d.ellipse([pw / 2 - pw * 0.09 * k, ph * 0.42 - ph * 0.075 * k,
                   pw / 2 + pw * 0.09 * k, ph * 0.42 + ph * 0.075 * k],
                  fill=_mix(ground, glow, (7 - k) / 6))
    ledge = int(ph * 0.9)
    wood = _hex(rng.choice(["6b4226", "8a5a32", "4d3322"]))
    d.rectangle([0, ledge, pw, ph], fill=wood)
    d.line([(0, ledge), (pw, ledge)], fill=_light(wood, 0.3), width=max(1, ph // 120))
    # bouquet first (stems go into the vase)
    vh = ph * rng.uniform(0.36, 0.42)
    vr = vh * 0.42
    cx = pw / 2
    mouth = ledge - vh
    dome_y, dome_rx, dome_ry = mouth - ph * 0.2, pw * rng.uniform(0.36, 0.42), ph * 0.25
    greens = [_hex("2f5f2f"), _hex("4f8740"), _hex("6ea04f"), _hex("2b4a2a")]
    heads = []
    for _ in range(rng.randint(16, 24)):
        for _try in range(6):
            a, r = rng.uniform(math.pi, TAU), math.sqrt(rng.random())
            hx = cx + dome_rx * r * math.cos(a)
            hy = dome_y + dome_ry * r * math.sin(a) * 1.2 + dome_ry * 0.3
            if hy < mouth - ph * 0.04:
                break
        heads.append((hx, hy, pw * rng.uniform(0.05, 0.085)))
    for hx, hy, _s in heads:
        mx = cx + (hx - cx) * 0.15
        d.line(_bezier((mx, mouth + 4), (mx, hy + (mouth - hy) * 0.5), (hx, hy + 8), (hx, hy), 10),
               fill=greens[3], width=max(1, pw // 200))
    for _ in range(rng.randint(14, 24)):
        hx, hy, s = rng.choice(heads)
        t = rng.uniform(0.2, 0.8)
        lx = hx + (cx - hx) * t + rng.uniform(-1, 1) * s
        ly = hy + (mouth - hy) * t
        ang = rng.uniform(-2.6, -0.5) if lx < cx else rng.uniform(-2.6, -0.5) + 0.0
        ang = ang if rng.random() < 0.5 else math.pi - ang
        ln = s * rng.uniform(1.1, 1.7)
        d.polygon(_ellipse_pts(lx + math.cos(ang) * ln * 0.5, ly + math.sin(ang) * ln * 0.5,
                               ln * 0.55, ln * 0.18, 12, ang), fill=rng.choice(greens[:3]))
    palette = [_hex(c) for c in ("c8283a", "e0607e", "f3eee0", "f2c23a", "8e3c8f", "ef7f3a",
                                 "b8161f", "f6a7b8")]
    for hx, hy, s in sorted(heads, key=lambda hd: hd[2]):
        col = rng.choice(palette)
        kind = rng.random()
        if kind < 0.45:
            _rosette(d, hx, hy, s, rng.choice([5, 6, 8]), _dark(col, 0.12), _hex("f2c23a"))
            _rosette(d, hx, hy, s * 0.65, 5, col, _dark(col, 0.5), 0.6)
        elif kind < 0.7:  # tulip
            d.polygon([(hx - s * 0.6, hy - s * 0.7), (hx - s * 0.2, hy - s * 0.2),
                       (hx, hy - s * 0.9), (hx + s * 0.2, hy - s * 0.2),
                       (hx + s * 0.6, hy - s * 0.7),
                       (hx + s * 0.55, hy + s * 0.2), (hx, hy + s * 0.5),
                       (hx - s * 0.55, hy + s * 0.2)], fill=col)
            d.polygon(_ellipse_pts(hx, hy + s * 0.05, s * 0.2, s * 0.4, 10), fill=_dark(col, 0.15))
        elif kind < 0.88:  # daisy
            _rosette(d, hx, hy, s, 12, _hex("f7f3ea"), _hex("e3a81c"))
        else:  # bud cluster
            for _ in range(3):
                ox, oy = rng.uniform(-s, s) * 0.5, rng.uniform(-s, s) * 0.5
                d.ellipse([hx + ox - s * 0.3, hy + oy - s * 0.3, hx + ox + s * 0.3,
                           hy + oy + s * 0.3], fill=col)
    # vase
    glaze = _hex(rng.choice(["1f4fa0", "1d7a84", "7a2632", "c6a049", "2e3a7a"]))
    band = _hex(rng.choice(["e8c66a", "f2ede0"]))
    left, right = [], []
    for k in range(41):
        t = k / 40
        r = _vase_profile(t) * vr
        y = ledge - t * vh
        left.append((cx - r, y))
        right.append((cx + r, y))
    d.polygon(left + right[::-1], fill=glaze)
    hl = [(cx - (cx - x) * 0.55, y) for x, y in left[4:34]]
    hr = [(cx - (cx - x) * 0.3, y) for x, y in left[4:34]]
    d.polygon(hl + hr[::-1], fill=_light(glaze, 0.25))
    for t in (0.16, 0.5, 0.54, 0.8):
        r = _vase_profile(t) * vr
        y = ledge - t * vh
        d.line([(cx - r + 1, y), (cx + r - 1, y)], fill=band, width=max(1, ph // 150))
    for k in range(7):
        t = 0.33
        r = _vase_profile(t) * vr
        x = cx - r * 0.75 + r * 1.5 * k / 6
        _rosette(d, x, ledge - t * vh, vr * 0.09, 4, band, glaze, math.pi / 4)
    # pomegranates beside the vase
    for side in rng.sample([-1, 1], rng.randint(0, 2)):
        pr = vr * 0.32
        px, py = cx + side * (vr * 1.5 + pr), ledge + pr * 0.1
        d.ellipse([px - pr, py - pr * 2, px + pr, py], fill=_hex("a3162a"))
        d.ellipse([px - pr * 0.5, py - pr * 1.7, px - pr * 0.1, py - pr * 1.2],
                  fill=_hex("d04a52"))
        d.polygon([(px - pr * 0.25, py - pr * 1.95), (px, py - pr * 2.35),
                   (px + pr * 0.25, py - pr * 1.95)], fill=_hex("7a1020"))
    return pic


def _frame(
    canvas: Image.Image, rng: random.Random, box: tuple[float, float, float, float], m: float
) -> None:
    x0, y0, x1, y1 = box
    wood = _hex(rng.choice(["a57d43", "5c3b24", "2a211c", "8a5a34", "c29a55"]))
    d = ImageDraw.Draw(canvas)
    sides = [
        ([(x0, y0), (x1, y0), (x1 - m, y0 + m), (x0 + m, y0 + m)], _light(wood, 0.18)),
        ([(x0, y0), (x0 + m, y0 + m), (x0 + m, y1 - m), (x0, y1)], _light(wood, 0.06)),
        ([(x1, y0), (x1, y1), (x1 - m, y1 - m), (x1 - m, y0 + m)], _dark(wood, 0.18)),
        ([(x0, y1), (x1, y1), (x1 - m, y1 - m), (x0 + m, y1 - m)], _dark(wood, 0.3)),
    ]
    for poly, col in sides:
        d.polygon(poly, fill=col)
    # moulding profile: a bead and a gilt lip
    for frac, col in ((0.3, _dark(wood, 0.25)), (0.36, _light(wood, 0.3)),
                      (0.82, _hex("c9a24e")), (0.9, _hex("8c6a2c"))):
        k = m * frac
        d.rectangle([x0 + k, y0 + k, x1 - k, y1 - k], outline=col, width=max(1, int(m * 0.05)))
    d.rectangle([x0, y0, x1, y1], outline=_dark(wood, 0.5), width=1)
    for cx_, cy_ in ((x0, y0), (x1, y1)):
        d.line([(cx_, cy_), (cx_ + (m if cx_ == x0 else -m), cy_ + (m if cy_ == y0 else -m))],
               fill=_dark(wood, 0.35), width=1)


def _tableau(size: Size, rng: random.Random) -> Image.Image:
    w, h = size
    walls = ["efe9df", "e4e0d5", "d9e0da", "e9ddd0", "dfe3e8"]
    wall = _vary(rng, _hex(rng.choice(walls)), 5)
    canvas = _gradient_fill(size, _light(wall, 0.2), _dark(wall, 0.12), "v")
    subject = rng.choice(["landscape", "landscape", "vase"])
    aspect = rng.uniform(1.3, 1.5) if subject == "landscape" else rng.uniform(0.74, 0.82)
    fh = min(h * 0.84, w * 0.78 / aspect)
    fw = fh * aspect
    m = max(3.0, min(fw, fh) * rng.uniform(0.055, 0.075))
    fx, fy = (w - fw) / 2, (h - fh) / 2 - h * 0.015
    c = max(1, round(min(w, h) / 360))
    kw, kh = max(20, int((fw - 2 * m) / c)), max(16, int((fh - 2 * m) / c))

    rug = Image.new("RGB", (kw, kh))
    d = ImageDraw.Draw(rug)
    border = _hex(rng.choice(["5b1420", "1c2448", "1d1d1d", "3b2418"]))
    guard = _hex(rng.choice(["e9dcbc", "cfa451"]))
    bw = max(3, round(min(kw, kh) * 0.045))
    d.rectangle([0, 0, kw - 1, kh - 1], fill=guard)
    d.rectangle([1, 1, kw - 2, kh - 2], outline=_dark(border, 0.3), width=1)
    d.rectangle([3, 3, kw - 4, kh - 4], fill=border)
    rect = (3 + bw / 2, 3 + bw / 2, kw - 4 - bw / 2, kh - 4 - bw / 2)
    motif = [_hex("cfa451"), _hex("b8343c"), _hex("e9dcbc")]
    for i, (px, py, _hz, corner) in enumerate(_band_points(rect, bw * 1.3)):
        if corner or i % 2:
            _rosette(d, px, py, bw * 0.36, 6, motif[0], motif[1])
        else:
            d.polygon(_diamond(px, py, bw * 0.32, bw * 0.32), fill=motif[2])
    inner = 3 + bw + 1
    d.rectangle([inner - 1, inner - 1, kw - inner, kh - inner], outline=guard, width=1)
    pw, ph = kw - 2 * inner, kh - 2 * inner
    pic = _landscape(rng, pw, ph) if subject == "landscape" else _flower_vase(rng, pw, ph)
    rug.paste(pic, (inner, inner))
    rug = rug.resize((kw * c, kh * c), NEAREST)
    rug = _textured(rug, _thread_texture(size, c, c, "knot"))

    frame_mask = Image.new("L", (int(fw), int(fh)), 255)
    _shadow(canvas, frame_mask, (fx, fy), blur=w * 0.018, opacity=0.5,
            offset=(w * 0.008, h * 0.018))
    _frame(canvas, rng, (fx, fy, fx + fw, fy + fh), m)
    rx, ry = int(fx + (fw - rug.width) / 2), int(fy + (fh - rug.height) / 2)
    canvas.paste(rug, (rx, ry))
    # frame's shadow falling on the rug (top and left inner edges)
    dd = ImageDraw.Draw(canvas)
    for k in range(4):
        col = _mix(BLACK, WHITE, 0.0)
        dd.line([(rx, ry + k), (rx + rug.width, ry + k)], fill=_mix(col, border, 0.6 + k * 0.1))
        dd.line([(rx + k, ry), (rx + k, ry + rug.height)], fill=_mix(col, border, 0.6 + k * 0.1))
    return _finish(canvas, rng, 0.32)


# --------------------------------------------------------------------------- kilim (گلیم)

_KILIM_COLOURS = {
    "red": "b02a2c", "madder": "8c1c25", "orange": "d7772c", "blue": "1f3f7a", "navy": "18223f",
    "black": "231b18", "ivory": "efe6d2", "green": "3d7a4d", "ochre": "d5a22e",
    "aubergine": "5a2a48", "teal": "2b807c", "rose": "d36b6b",
}


def _kilim_palette(rng: random.Random) -> tuple[RGB, list[RGB]]:
    ground = rng.choice(["red", "red", "madder", "navy", "ivory", "black", "orange"])
    others = [k for k in _KILIM_COLOURS if k != ground]
    rng.shuffle(others)
    accents = [_vary(rng, _hex(_KILIM_COLOURS[k]), 8) for k in others[:6]]
    accents = [a for a in accents if _far(a, _hex(_KILIM_COLOURS[ground]))]
    return _vary(rng, _hex(_KILIM_COLOURS[ground]), 8), accents


def _hooked_diamond(
    d: ImageDraw.ImageDraw, cx: float, cy: float, rx: float, ry: float,
    cols: Sequence[RGB], hooks: bool, hook_col: RGB,
) -> None:
    """Concentric stepped lozenge (steps come from the coarse grid) with latch hooks."""
    if hooks:
        t = max(1.0, rx * 0.12)
        ht = max(1.0, ry * 0.12)
        for sgn in (-1, 1):
            tip = cx + sgn * rx
            end = tip + sgn * rx * 0.32
            d.rectangle([min(tip, end), cy - ht, max(tip, end), cy + ht], fill=hook_col)
            d.rectangle([end - t, cy - ry * 0.45, end + t, cy + ry * 0.45], fill=hook_col)
            for vs in (-1, 1):
                yy = cy + vs * ry * 0.45
                back = end - sgn * rx * 0.18
                d.rectangle([min(end, back), yy - ht, max(end, back), yy + ht], fill=hook_col)
        for sgn in (-1, 1):  # small hooks on the top/bottom tips
            tip = cy + sgn * ry
            end = tip + sgn * ry * 0.22
            d.rectangle([cx - t, min(tip, end), cx + t, max(tip, end)], fill=hook_col)
            d.rectangle([cx - rx * 0.2, end - ht, cx + rx * 0.2, end + ht], fill=hook_col)
    layers = len(cols)
    for k, col in enumerate(cols):
        s = 1 - k / (layers + 0.3)
        d.polygon(_diamond(cx, cy, rx * s, ry * s), fill=col)


def _kilim_bands(
    d: ImageDraw.ImageDraw, rng: random.Random, gw: int, gh: int, ground: RGB,
    acc: list[RGB], aspect: float,
) -> None:
    """Banded layout, mirror-symmetric about the middle."""
    plan: list[tuple[str, int, int]] = []  # (kind, height, seed)
    used = 0
    half = gh / 2
    centre_h = int(gh * rng.uniform(0.22, 0.3))
    while used < half - centre_h / 2 - 2:
        kind = rng.choice(["stripes", "diamonds", "zigzag", "crosses", "plain"])
        hgt = {
            "stripes": int(gh * 0.05), "diamonds": int(gh * 0.12), "zigzag": int(gh * 0.06),
            "crosses": int(gh * 0.05), "plain": int(gh * 0.03),
        }[kind]
        hgt = max(3, min(hgt, int(half - centre_h / 2 - used)))
        plan.append((kind, hgt, rng.randrange(1 << 30)))
        used += hgt
    centre = (int(half - centre_h / 2), int(half + centre_h / 2))

    def band(kind: str, y0: int, y1: int, seed: int) -> None:
        r = random.Random(seed)
        hgt = y1 - y0
        cols = r.sample(acc, min(len(acc), 4))
        if kind == "stripes":
            y = y0
            while y < y1:
                sh = r.choice([1, 1, 2, 3])
                d.rectangle([0, y, gw, min(y1, y + sh) - 1], fill=r.choice([*cols, ground]))
                y += sh
        elif kind == "plain":
            d.rectangle([0, y0, gw, y1 - 1], fill=ground)
        elif kind == "zigzag":
            d.rectangle([0, y0, gw, y1 - 1], fill=cols[0])
            period = max(4.0, hgt * 1.4 / aspect)
            pts = [(0.0, float(y1))]
            x = 0.0
            while x <= gw + period:
                pts += [(x, y1 - 1.0), (x + period / 2, float(y0 + 1))]
                x += period
            pts += [(gw + period, float(y1)), (0.0, float(y1))]
            d.polygon(pts, fill=cols[1])
            d.line([(0, y0), (gw, y0)], fill=cols[2 % len(cols)])
            d.line([(0, y1 - 1), (gw, y1 - 1)], fill=cols[2 % len(cols)])
        elif kind == "crosses":
            d.rectangle([0, y0, gw, y1 - 1], fill=ground)
            n = max(3, round(gw / (hgt / aspect * 1.6)))
            for i in range(n):
                cx, cy = (i + 0.5) * gw / n, (y0 + y1 - 1) / 2
                a, b = hgt * 0.38 / aspect, hgt * 0.38
                col = cols[i % 2]
                d.rectangle([cx - a, cy - b * 0.3, cx + a, cy + b * 0.3], fill=col)
                d.rectangle([cx - a * 0.3, cy - b, cx + a * 0.3, cy + b], fill=col)
        else:  # diamonds
            bg = r.choice([ground, cols[0]])
            d.rectangle([0, y0, gw, y1 - 1], fill=bg)
            ry = hgt * 0.42
            rx = ry / aspect * r.uniform(1.0, 1.5)
            n = max(2, round(gw / (rx * 3.2)))
            step = gw / n
            layer_cols = [c for c in cols if _far(c, bg)][:3] or [cols[0]]
            for i in range(n):
                cx = (i + 0.5) * step
                _hooked_diamond(d, cx, (y0 + y1 - 1) / 2, rx, ry,
                                layer_cols if i % 2 == 0 else layer_cols[::-1], True,
                                layer_cols[-1])
            for i in range(n + 1):  # half-lozenges from the band edges between motifs
                x = i * step
                tri = [(x - rx * 0.5, y0), (x + rx * 0.5, y0), (x, y0 + hgt * 0.3)]
                d.polygon(tri, fill=layer_cols[0])
                d.polygon([(px, y0 + y1 - 1 - py) for px, py in tri], fill=layer_cols[0])

    y = 0
    spans = []
    for kind, hgt, seed in plan:
        spans.append((kind, y, y + hgt, seed))
        y += hgt
    for kind, y0, y1, seed in spans:
        band(kind, y0, y1, seed)
        band(kind, gh - y1, gh - y0, seed)
    # central band: large hooked lozenges
    y0, y1 = spans[-1][2] if spans else 0, gh - (spans[-1][2] if spans else 0)
    d.rectangle([0, y0, gw, y1], fill=ground)
    ry = (y1 - y0) * 0.42
    rx = ry / aspect * rng.uniform(0.9, 1.2)
    n = max(1, round(gw / (rx * 2.8)))
    cols = [a for a in acc if _far(a, ground)]
    for i in range(n):
        cx = (i + 0.5) * gw / n
        layers = [cols[(i + k) % len(cols)] for k in range(4)]
        _hooked_diamond(d, cx, (y0 + y1) / 2, rx, ry, layers, True, layers[0])
    _ = centre


def _kilim_medallions(
    d: ImageDraw.ImageDraw, rng: random.Random, gw: int, gh: int, ground: RGB,
    acc: list[RGB], aspect: float,
) -> None:
    """Field of large latch-hooked lozenges with side borders and striped ends."""
    d.rectangle([0, 0, gw, gh], fill=ground)
    end = max(3, int(gh * 0.08))
    y = 0
    stripe_cols = [*acc[:3], ground]
    pattern = [rng.choice(stripe_cols) for _ in range(6)]
    k = 0
    while y < end:
        sh = [1, 2, 1, 3][k % 4]
        col = pattern[k % len(pattern)]
        d.rectangle([0, y, gw, y + sh - 1], fill=col)
        d.rectangle([0, gh - y - sh, gw, gh - y - 1], fill=col)
        y += sh
        k += 1
    side = max(3, int(gw * 0.05))
    bcol, bcol2 = acc[0], acc[1 % len(acc)]
    for x0 in (0, gw - side):
        d.rectangle([x0, end, x0 + side - 1, gh - end], fill=bcol)
        step = side * 2 * aspect
        yy = end + step / 2
        i = 0
        while yy < gh - end - step / 4:
            d.polygon(_diamond(x0 + side / 2, yy, side * 0.4, side * 0.4 / aspect * 1.4),
                      fill=bcol2 if i % 2 else ground)
            yy += step
            i += 1
    fx0, fx1, fy0, fy1 = side + 2, gw - side - 2, end + 2, gh - end - 2
    n = rng.choice([3, 3, 4, 5])
    ry = (fy1 - fy0) * 0.4
    rx = min((fx1 - fx0) / n * 0.42, ry / aspect * 1.3)
    cols = [a for a in acc if _far(a, ground)]
    for i in range(n):
        cx = fx0 + (fx1 - fx0) * (i + 0.5) / n
        cy = (fy0 + fy1) / 2
        layers = [cols[(i + j) % len(cols)] for j in range(4)]
        # latch hooks along the outer edges
        hook = max(1.0, rx * 0.08)
        for e in range(1, 5):
            t = e / 5
            for sx in (-1, 1):
                for sy in (-1, 1):
                    px = cx + sx * rx * (1 - t)
                    py = cy + sy * ry * t
                    _rect(d, px - hook, py + sy * ry * 0.14, px + hook, py, layers[0])
                    qx = px + sx * hook * 2.5
                    _rect(d, px, py + sy * ry * 0.14 - sy * hook / aspect, qx,
                          py + sy * ry * 0.14, layers[0])
        _hooked_diamond(d, cx, cy, rx, ry, layers, False, layers[0])
    # filler: small crosses between the lozenges
    for i in range(n + 1):
        cx = fx0 + (fx1 - fx0) * i / n
        for cy in (fy0 + (fy1 - fy0) * 0.2, fy0 + (fy1 - fy0) * 0.8):
            a = rx * 0.12
            col = cols[(i + 2) % len(cols)]
            d.rectangle([cx - a, cy - a / aspect * 0.4, cx + a, cy + a / aspect * 0.4], fill=col)
            d.rectangle([cx - a * 0.4, cy - a / aspect, cx + a * 0.4, cy + a / aspect], fill=col)


def _kilim(size: Size, rng: random.Random) -> Image.Image:
    w, h = size
    canvas = _backdrop(size, rng, ["wood", "studio", "studio", "linen"])
    cw = max(2, round(w / 240))
    ch = max(1, round(cw * 0.6))
    fringe = h * 0.05
    rw = int(w * rng.uniform(0.8, 0.86))
    rh = int(min(h * rng.uniform(0.6, 0.7), h - 2 * fringe - h * 0.06))
    gw, gh = max(20, rw // cw), max(20, rh // ch)
    ground, acc = _kilim_palette(rng)
    rug = Image.new("RGB", (gw, gh), ground)
    d = ImageDraw.Draw(rug)
    aspect = cw / ch
    if rng.random() < 0.55:
        _kilim_bands(d, rng, gw, gh, ground, acc, aspect)
    else:
        _kilim_medallions(d, rng, gw, gh, ground, acc, aspect)
    rug = _abrash(rug, rng, "y", 16)
    rug = rug.resize((gw * cw, gh * ch), NEAREST)
    rug = _textured(rug, _thread_texture(size, cw, ch, "weft"))
    rw, rh = rug.size
    px, py = (w - rw) // 2, (h - rh) // 2
    _shadow(canvas, Image.new("L", rug.size, 255), (px, py), blur=w * 0.012, opacity=0.55,
            offset=(w * 0.003, h * 0.008))
    dr = ImageDraw.Draw(canvas)
    warp = _hex(rng.choice(["e9dfc8", "d9c9a8", "cfc2b0"]))
    for side in (-1, 1):
        edge = py if side < 0 else py + rh - 1
        _fringe(dr, rng, edge, px + 3, px + rw - 3, fringe, side, False, warp, max(2.0, cw * 0.8))
    canvas.paste(rug, (px, py))
    return _finish(canvas, rng, 0.38)


# --------------------------------------------------------------------------- fert (فرت‌بافی)

_FERT_SCHEMES = [
    ("f1e7d3", ["8d1f2a", "1f3f73", "c99a3b"]),
    ("2a2f4f", ["e8dcc0", "c9463d", "d9a93a"]),
    ("7c1d26", ["f0e2c4", "1d2a4a", "d8a441"]),
    ("e7dfcf", ["2f5e4e", "b5462f", "1e1e1e"]),
    ("27453b", ["f2e6c8", "c98b3a", "a33a2e"]),
    ("d8b27a", ["5b2314", "1f2f4f", "f3ead6"]),
]


def _fert_cloth(rng: random.Random, gw: int, gh: int, scheme: tuple[str, list[str]]) -> Image.Image:
    ground = _vary(rng, _hex(scheme[0]), 6)
    threads = [_vary(rng, _hex(c), 6) for c in scheme[1]]
    n = rng.choice([5, 7, 7, 9])
    motif = _symmetric_motif(rng, n, 2)
    gap = rng.choice([1, 2, 3])
    tile_n = n + gap * 2
    tile = Image.new("RGB", (tile_n, tile_n), ground)
    vals = [ground] * (tile_n * tile_n)
    for y in range(n):
        for x in range(n):
            v = motif[y][x]
            if v:
                vals[(y + gap) * tile_n + x + gap] = threads[v - 1]
    if rng.random() < 0.5:  # a fine lattice between the motifs
        for i in range(tile_n):
            vals[i] = threads[2]
            vals[i * tile_n] = threads[2]
    tile.putdata(vals)
    swap = {threads[0]: threads[1], threads[1]: threads[0]}
    tile2 = Image.new("RGB", (tile_n, tile_n))
    tile2.putdata([swap.get(v, v) for v in vals])
    # one column strip, then repeated across (half-drop on odd columns)
    col = Image.new("RGB", (tile_n, gh + 2 * tile_n), ground)
    for j, y in enumerate(range(0, gh + 2 * tile_n, tile_n)):
        col.paste(tile if j % 2 == 0 else tile2, (0, y))
    cloth = Image.new("RGB", (gw, gh), ground)
    drop = rng.random() < 0.5
    for i, x in enumerate(range(0, gw, tile_n)):
        off = (tile_n // 2) if (drop and i % 2) else 0
        cloth.paste(col, (x, -tile_n + off))
    d = ImageDraw.Draw(cloth)
    # selvedge stripes along the long edges
    for y0 in (0, gh - 4):
        d.rectangle([0, y0, gw, y0 + 3], fill=ground)
        d.line([(0, y0 + 1), (gw, y0 + 1)], fill=threads[0])
    # end bands with a chevron row
    for x0 in (0, gw - max(6, gw // 12)):
        bwid = max(6, gw // 12)
        d.rectangle([x0, 0, x0 + bwid - 1, gh], fill=threads[0])
        for y in range(0, gh, 4):
            d.line([(x0 + 2, y), (x0 + bwid // 2, y + 2), (x0 + bwid - 3, y)], fill=threads[2])
        d.line([(x0, 0), (x0, gh)], fill=threads[1])
        d.line([(x0 + bwid - 1, 0), (x0 + bwid - 1, gh)], fill=threads[1])
    return cloth


def _fert(size: Size, rng: random.Random) -> Image.Image:
    w, h = size
    canvas = _backdrop(size, rng, ["wood", "studio", "linen"])
    c = max(1, round(min(w, h) / 300))
    schemes = rng.sample(_FERT_SCHEMES, 2)
    pieces = []
    # folded piece underneath (peeks out at the top left), then the main piece
    bw, bh = int(w * 0.62), int(h * 0.56)
    bx, by = int(w * 0.12), int(h * 0.1)
    mw, mh = int(w * 0.66), int(h * 0.6)
    mx, my = int(w * 0.2), int(h * 0.24)
    pieces.append((bx, by, bw, bh, schemes[1], False))
    pieces.append((mx, my, mw, mh, schemes[0], True))
    for x, y, pw_, ph_, scheme, fringed in pieces:
        gw, gh = max(12, pw_ // c), max(12, ph_ // c)
        cloth = _fert_cloth(rng, gw, gh, scheme).resize((gw * c, gh * c), NEAREST)
        cloth = _textured(cloth, _thread_texture(size, c, c, "weft"))
        # folded edge on the left: rolling light
        fold = max(4, cloth.width // 14)
        shade = Image.new("L", (fold, 1))
        shade.putdata([_clamp(150 + 105 * math.sin(math.pi * (0.15 + 0.85 * i / fold) / 2))
                       for i in range(fold)])
        shade = shade.resize((fold, cloth.height), NEAREST)
        left = ImageChops.multiply(cloth.crop((0, 0, fold, cloth.height)),
                                   Image.merge("RGB", (shade, shade, shade)))
        cloth.paste(left, (0, 0))
        _shadow(canvas, Image.new("L", cloth.size, 255), (x, y), blur=w * 0.012, opacity=0.5,
                offset=(w * 0.004, h * 0.008))
        if fringed:
            dr = ImageDraw.Draw(canvas)
            _fringe(dr, rng, x + cloth.width - 1, y + 3, y + cloth.height - 3, w * 0.045, 1,
                    True, _mix(_hex(scheme[1][0]), WHITE, 0.1), max(2.0, c * 1.5))
        canvas.paste(cloth, (x, y))
    return _finish(canvas, rng, 0.35)


# --------------------------------------------------------------------------- leather (چرم‌دوزی)

_LEATHERS = ["b0713a", "96491f", "5b3522", "3d2a22", "c8955c", "6a2228", "8a5a2b", "a0522d"]
_THREADS = ["efe3c8", "e9d7a9", "f4efe6", "e39a3c", "d8c29a"]


def _bbox(pts: Sequence[Point], pad: int = 2) -> tuple[int, int, int, int]:
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    return (int(min(xs)) - pad, int(min(ys)) - pad, int(max(xs)) + pad + 1, int(max(ys)) + pad + 1)


def _piece_mask(pts: Sequence[Point]) -> tuple[Image.Image, tuple[int, int]]:
    x0, y0, x1, y1 = _bbox(pts)
    mask = Image.new("L", (x1 - x0, y1 - y0), 0)
    ImageDraw.Draw(mask).polygon([(x - x0, y - y0) for x, y in pts], fill=255)
    return mask, (x0, y0)


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
    mask, (x0, y0) = _piece_mask(pts)
    if shadow:
        _shadow(canvas, mask, (x0, y0), blur=shadow, opacity=0.5,
                offset=(shadow * 0.3, shadow * 0.6))
    size = mask.size
    fill = _gradient_fill(size, _light(base, light), _dark(base, dark), "d")
    grain = _blotch(canvas.size, 2, 222).crop((max(0, x0), max(0, y0),
                                               max(0, x0) + size[0], max(0, y0) + size[1]))
    fill = ImageChops.multiply(fill, grain.convert("RGB"))
    canvas.paste(fill, (x0, y0), mask)
    if edge is not None:
        ImageDraw.Draw(canvas).line([*pts, pts[0]], fill=edge, width=2, joint="curve")


def _offset_line(pts: Sequence[Point], dist: float) -> list[Point]:
    """Parallel copy of an open polyline (positive = left of the direction of travel)."""
    out = []
    n = len(pts)
    for i in range(n):
        ax, ay = pts[max(0, i - 1)]
        bx, by = pts[min(n - 1, i + 1)]
        dx, dy = bx - ax, by - ay
        ln = math.hypot(dx, dy) or 1.0
        out.append((pts[i][0] - dy / ln * dist, pts[i][1] + dx / ln * dist))
    return out


def _line_mask(pts: Sequence[Point], width: int) -> tuple[Image.Image, tuple[int, int]]:
    x0, y0, x1, y1 = _bbox(pts, width)
    mask = Image.new("L", (x1 - x0, y1 - y0), 0)
    ImageDraw.Draw(mask).line([(x - x0, y - y0) for x, y in pts], fill=255, width=width,
                              joint="curve")
    return mask, (x0, y0)


def _rivet(d: ImageDraw.ImageDraw, x: float, y: float, r: float, metal: RGB) -> None:
    d.ellipse([x - r, y - r, x + r, y + r], fill=_dark(metal, 0.35))
    d.ellipse([x - r * 0.8, y - r * 0.8, x + r * 0.7, y + r * 0.7], fill=metal)
    d.ellipse([x - r * 0.45, y - r * 0.5, x - r * 0.05, y - r * 0.1], fill=_light(metal, 0.6))


def _strap(
    canvas: Image.Image, pts: Sequence[Point], width: float, base: RGB, thread: RGB
) -> None:
    mask, origin = _line_mask(pts, int(width + 4))
    _shadow(canvas, mask, origin, blur=width * 0.6, opacity=0.45, offset=(width * 0.2, width * 0.4))
    d = ImageDraw.Draw(canvas)
    d.line(list(pts), fill=_dark(base, 0.45), width=int(width + 4), joint="curve")
    d.line(list(pts), fill=_dark(base, 0.1), width=int(width), joint="curve")
    d.line(_offset_line(pts, -width * 0.22), fill=_light(base, 0.12), width=max(1, int(width / 4)),
           joint="curve")
    for side in (-1, 1):
        _dashes(d, _offset_line(pts, side * width * 0.32), width * 0.22, width * 0.14, thread,
                max(1, int(width / 10)), closed=False)


def _leather(size: Size, rng: random.Random) -> Image.Image:
    w, h = size
    canvas = _backdrop(size, rng, ["studio", "studio", "linen", "wood"])
    base = _vary(rng, _hex(rng.choice(_LEATHERS)), 8)
    thread = _vary(rng, _hex(rng.choice(_THREADS)), 5)
    if sum(base) > 420:
        thread = _hex("5a3522")
    metal = _hex(rng.choice(["d4a94e", "c9c9c4", "b88a4a"]))
    edge = _dark(base, 0.55)
    d = ImageDraw.Draw(canvas)
    kind = rng.choice(["tote", "satchel", "wallet"])
    unit = min(w, h)
    st = max(1, round(unit / 320))  # stitch thickness
    if kind == "wallet":
        ww, wh = w * rng.uniform(0.46, 0.54), h * rng.uniform(0.34, 0.4)
        cx, cy = w * 0.5 + w * rng.uniform(-0.03, 0.03), h * 0.52
        body = _rounded_polygon([(cx - ww / 2, cy - wh / 2), (cx + ww / 2, cy - wh / 2),
                                 (cx + ww / 2, cy + wh / 2), (cx - ww / 2, cy + wh / 2)],
                                unit * 0.035, 8)
        # wrist strap leaving the left side
        sx = cx - ww / 2
        loop = _bezier((sx + 10, cy - wh * 0.1), (sx - ww * 0.35, cy - wh * 0.6),
                       (sx - ww * 0.45, cy + wh * 0.55), (sx + 10, cy + wh * 0.1), 30)
        _strap(canvas, loop, unit * 0.03, base, thread)
        _leather_piece(canvas, body, base, edge=edge, shadow=unit * 0.03)
        _dashes(d, _offset_polygon(body, unit * 0.022), unit * 0.014, unit * 0.008, thread, st,
                shadow=_dark(base, 0.5))
        d.line([(cx - ww / 2 + unit * 0.05, cy - wh * 0.16), (cx + ww * 0.2, cy - wh * 0.16)],
               fill=_dark(base, 0.35), width=2)
        d.line([(cx - ww / 2 + unit * 0.05, cy - wh * 0.16 + 2),
                (cx + ww * 0.2, cy - wh * 0.16 + 2)], fill=_light(base, 0.2), width=1)
        # snap tab over the right edge
        tx = cx + ww / 2 - ww * 0.2
        tab = _rounded_polygon([(tx, cy - wh * 0.18), (cx + ww / 2 + unit * 0.02, cy - wh * 0.18),
                                (cx + ww / 2 + unit * 0.02, cy + wh * 0.18),
                                (tx, cy + wh * 0.18)], unit * 0.05, 8)
        _leather_piece(canvas, tab, _dark(base, 0.12), edge=edge, shadow=unit * 0.012)
        _dashes(d, _offset_polygon(tab, unit * 0.014), unit * 0.012, unit * 0.007, thread, st)
        _rivet(d, tx + ww * 0.07, cy, unit * 0.022, metal)
        ring = (sx + 4, cy)
        d.ellipse([ring[0] - unit * 0.02, ring[1] - unit * 0.03, ring[0] + unit * 0.02,
                   ring[1] + unit * 0.03], outline=metal, width=max(2, st + 1))
        return _finish(canvas, rng, 0.3)

    bw, bh = w * rng.uniform(0.36, 0.42), h * rng.uniform(0.42, 0.5)
    cx, top = w * 0.5, h * 0.36
    taper = rng.uniform(0.82, 0.95)
    corners = [(cx - bw * taper / 2, top), (cx + bw * taper / 2, top),
               (cx + bw / 2, top + bh), (cx - bw / 2, top + bh)]
    body = _rounded_polygon(corners, unit * 0.05, 8)
    if kind == "tote":
        hx = bw * rng.uniform(0.2, 0.26)
        rise = min(h * 0.3, top - h * 0.05) / 0.75
        handle = _bezier((cx - hx, top + 4), (cx - hx * 1.05, top - rise),
                         (cx + hx * 1.05, top - rise), (cx + hx, top + 4), 30)
        _leather_piece(canvas, body, base, edge=edge, shadow=unit * 0.035)
        _strap(canvas, handle, unit * 0.035, base, thread)
        for sgn in (-1, 1):
            tab = _rounded_polygon([(cx + sgn * hx - unit * 0.035, top - 2),
                                    (cx + sgn * hx + unit * 0.035, top - 2),
                                    (cx + sgn * hx + unit * 0.035, top + unit * 0.1),
                                    (cx + sgn * hx - unit * 0.035, top + unit * 0.1)],
                                   unit * 0.015, 4)
            _leather_piece(canvas, tab, _dark(base, 0.1), edge=edge, shadow=unit * 0.01)
            _rivet(d, cx + sgn * hx, top + unit * 0.065, unit * 0.014, metal)
        _dashes(d, _offset_polygon(body, unit * 0.02), unit * 0.016, unit * 0.009, thread, st,
                shadow=_dark(base, 0.5))
        # front pocket
        py0 = top + bh * 0.45
        pocket = _rounded_polygon([(cx - bw * 0.3, py0), (cx + bw * 0.3, py0),
                                   (cx + bw * 0.3, top + bh * 0.88),
                                   (cx - bw * 0.3, top + bh * 0.88)], unit * 0.03, 6)
        _leather_piece(canvas, pocket, _light(base, 0.04), edge=edge, shadow=unit * 0.008)
        _dashes(d, _offset_polygon(pocket, unit * 0.014), unit * 0.014, unit * 0.008, thread, st)
        return _finish(canvas, rng, 0.3)

    # satchel: long shoulder strap looping above, flap with a buckled strap
    lx, rx = corners[0][0] + unit * 0.03, corners[1][0] - unit * 0.03
    rise = (top - h * 0.05) / 0.75
    loop = _bezier((lx, top + 5), (lx - bw * 0.45, top - rise),
                   (rx + bw * 0.45, top - rise), (rx, top + 5), 40)
    _strap(canvas, loop, unit * 0.03, base, thread)
    _leather_piece(canvas, body, base, edge=edge, shadow=unit * 0.035)
    _dashes(d, _offset_polygon(body, unit * 0.02), unit * 0.016, unit * 0.009, thread, st,
            shadow=_dark(base, 0.5))
    fy = top + bh * rng.uniform(0.5, 0.62)
    fl = corners[0][0] - 3
    fr = corners[1][0] + 3
    slope = (corners[3][0] - corners[0][0]) * (fy - top) / bh
    flap = [(fl, top - 3), (fr, top - 3), (fr - slope, fy - bh * 0.12)]
    flap += _bezier((fr - slope, fy - bh * 0.12), (fr - slope, fy + bh * 0.05),
                    (cx + bw * 0.2, fy + bh * 0.08), (cx, fy + bh * 0.08), 12)
    flap += _bezier((cx, fy + bh * 0.08), (cx - bw * 0.2, fy + bh * 0.08),
                    (fl + slope, fy + bh * 0.05), (fl + slope, fy - bh * 0.12), 12)
    flap = _rounded_polygon(flap, unit * 0.03, 4)
    _leather_piece(canvas, flap, _dark(base, 0.06), light=0.25, edge=edge, shadow=unit * 0.025)
    _dashes(d, _offset_polygon(flap, unit * 0.018), unit * 0.016, unit * 0.009, thread, st,
            shadow=_dark(base, 0.5))
    # tooled rosette on the flap
    ty = top + (fy - top) * 0.45
    d.polygon(_star(cx, ty, unit * 0.05, unit * 0.028, 8), outline=_dark(base, 0.35), width=2)
    d.ellipse([cx - unit * 0.012, ty - unit * 0.012, cx + unit * 0.012, ty + unit * 0.012],
              outline=_dark(base, 0.35), width=2)
    # buckle strap
    sw = unit * 0.05
    strap = _rounded_polygon([(cx - sw / 2, fy - bh * 0.05), (cx + sw / 2, fy - bh * 0.05),
                              (cx + sw / 2, top + bh * 0.9), (cx - sw / 2, top + bh * 0.9)],
                             sw * 0.4, 4)
    _leather_piece(canvas, strap, _dark(base, 0.15), edge=edge, shadow=unit * 0.01)
    by = fy + bh * 0.12
    d.rounded_rectangle([cx - sw * 0.85, by - sw * 0.55, cx + sw * 0.85, by + sw * 0.55],
                        radius=sw * 0.2, outline=_dark(metal, 0.3), width=max(3, int(sw * 0.22)))
    d.rounded_rectangle([cx - sw * 0.8, by - sw * 0.5, cx + sw * 0.8, by + sw * 0.5],
                        radius=sw * 0.2, outline=metal, width=max(2, int(sw * 0.16)))
    d.line([(cx, by - sw * 0.5), (cx, by + sw * 0.5)], fill=_light(metal, 0.3),
           width=max(2, int(sw * 0.1)))
    _dashes(d, [(cx, top + bh * 0.7), (cx, top + bh * 0.87)], unit * 0.014, unit * 0.008, thread,
            st, closed=False)
    for sgn in (-1, 1):
        _rivet(d, corners[0 if sgn < 0 else 1][0] + sgn * -unit * 0.03, top + unit * 0.03,
               unit * 0.014, metal)
    return _finish(canvas, rng, 0.3)


# --------------------------------------------------------------------------- tailoring (خیاطی)

_FABRICS = ["1f3a5f", "2f6b68", "7a1f2b", "efe6d6", "6f7f5a", "24242a", "b5654a", "d8c7a3",
            "3b2f5c"]
_FLOSS = ["c8283a", "e8a33a", "1f5fa8", "2f8a55", "f2ede0", "d9577b", "111111", "7a3d8f"]


@lru_cache(maxsize=64)
def _stitch_motif(key: int, n: int, cell: int, c1: RGB, c2: RGB, c3: RGB) -> Image.Image:
    """A cross-stitch motif as an RGBA sprite (transparent ground)."""
    grid = _symmetric_motif(random.Random(key), n, 3)
    img = Image.new("RGBA", (n * cell + 1, n * cell + 1), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    cols = {1: c1, 2: c2, 3: c3}
    wd = max(1, cell // 3)
    for y in range(n):
        for x in range(n):
            v = grid[y][x]
            if v:
                x0, y0, x1, y1 = x * cell, y * cell, (x + 1) * cell - 1, (y + 1) * cell - 1
                col = (*cols[v], 255)
                d.line([(x0, y0), (x1, y1)], fill=col, width=wd)
                d.line([(x0, y1), (x1, y0)], fill=col, width=wd)
    return img


def _spool(d: ImageDraw.ImageDraw, x: float, y: float, r: float, col: RGB) -> None:
    wood = _hex("c9a06a")
    d.ellipse([x - r, y - r, x + r, y + r], fill=_dark(wood, 0.2))
    d.ellipse([x - r * 0.96, y - r * 0.96, x + r * 0.94, y + r * 0.94], fill=wood)
    d.ellipse([x - r * 0.78, y - r * 0.78, x + r * 0.78, y + r * 0.78], fill=col)
    for k in range(5, 16):
        rr = r * 0.78 * k / 16
        d.ellipse([x - rr, y - rr, x + rr, y + rr], outline=_dark(col, 0.12 + 0.02 * (k % 2)))
    d.ellipse([x - r * 0.25, y - r * 0.25, x + r * 0.25, y + r * 0.25], fill=wood)
    d.ellipse([x - r * 0.1, y - r * 0.1, x + r * 0.1, y + r * 0.1], fill=_dark(wood, 0.6))


def _tape(d: ImageDraw.ImageDraw, pts: Sequence[Point], width: float) -> None:
    d.line(list(pts), fill=_hex("b89a2e"), width=int(width + 2), joint="curve")
    d.line(list(pts), fill=_hex("f0d64a"), width=int(width), joint="curve")
    seg = 0.0
    k = 0
    for (x0, y0), (x1, y1) in itertools.pairwise(pts):
        ln = math.hypot(x1 - x0, y1 - y0) or 1.0
        nx, ny = -(y1 - y0) / ln, (x1 - x0) / ln
        while seg < ln:
            t = seg / ln
            px, py = x0 + (x1 - x0) * t, y0 + (y1 - y0) * t
            tick = width * (0.45 if k % 5 == 0 else 0.25)
            d.line([(px - nx * width / 2, py - ny * width / 2),
                    (px - nx * (width / 2 - tick), py - ny * (width / 2 - tick))],
                   fill=_hex("222222"), width=1)
            seg += width * 0.28
            k += 1
        seg -= ln


def _tailoring(size: Size, rng: random.Random) -> Image.Image:
    w, h = size
    canvas = _backdrop(size, rng, ["linen", "wood", "studio"])
    unit = min(w, h)
    fabric = _vary(rng, _hex(rng.choice(_FABRICS)), 8)
    floss = [_hex(c) for c in _FLOSS if _far(_hex(c), fabric)]
    rng.shuffle(floss)
    c1, c2, c3 = floss[0], floss[1], floss[2]
    cx = w * 0.5 + w * rng.uniform(-0.04, 0.04)
    y0 = h * 0.07
    sw = w * rng.uniform(0.3, 0.34)  # shoulder width
    hw = sw * rng.uniform(1.08, 1.22)  # hem width
    bl = h * 0.86
    hem = y0 + bl
    neck_w = sw * 0.2
    neck_d = h * rng.uniform(0.08, 0.13)
    arm = y0 + h * 0.26
    ang = math.radians(rng.uniform(30, 48))
    sl = w * rng.uniform(0.2, 0.25)
    sx, sy = sw / 2, y0 + h * 0.03
    body = [(cx - neck_w, y0), (cx - sx, sy), (cx - sx * 1.02, arm), (cx - hw / 2, hem),
            (cx + hw / 2, hem), (cx + sx * 1.02, arm), (cx + sx, sy), (cx + neck_w, y0)]
    body += _bezier((cx + neck_w, y0), (cx + neck_w * 0.8, y0 + neck_d * 0.9),
                    (cx - neck_w * 0.8, y0 + neck_d * 0.9), (cx - neck_w, y0), 12)[1:-1]
    sleeves = []
    for sgn in (-1, 1):
        s0 = (cx + sgn * sx, sy)
        a0 = (cx + sgn * sx * 1.02, arm)
        dx, dy = sgn * math.cos(ang) * sl, math.sin(ang) * sl
        e0 = (s0[0] + dx, s0[1] + dy)
        e1 = (a0[0] + dx * 0.75, a0[1] + dy * 0.75)
        sleeves.append([s0, e0, e1, a0])
    mask_pts = [body, *sleeves]
    allpts = [p for poly in mask_pts for p in poly]
    x0, yy0, x1, yy1 = _bbox(allpts, 4)
    x0, yy0 = max(0, x0), max(0, yy0)
    x1, yy1 = min(w, x1), min(h, yy1)
    bw, bh = x1 - x0, yy1 - yy0
    mask = Image.new("L", (bw, bh), 0)
    md = ImageDraw.Draw(mask)
    for poly in mask_pts:
        md.polygon([(x - x0, y - yy0) for x, y in poly], fill=255)
    _shadow(canvas, mask, (x0, yy0), blur=unit * 0.02, opacity=0.45,
            offset=(unit * 0.006, unit * 0.012))
    cloth = _gradient_fill((bw, bh), _light(fabric, 0.1), _dark(fabric, 0.12), "d")
    cloth = _textured(cloth, _thread_texture(size, 2, 2, "linen"))
    # soft folds: blurred strokes at quarter scale
    q = 4
    folds = Image.new("L", (max(1, bw // q), max(1, bh // q)), 0)
    fd = ImageDraw.Draw(folds)
    for _ in range(rng.randint(4, 7)):
        fx = rng.uniform(0.2, 0.8) * bw / q
        fy = rng.uniform(0.3, 0.9) * bh / q
        fa = rng.uniform(-1.9, -1.2)
        ln = rng.uniform(0.15, 0.35) * bh / q
        fd.line([(fx, fy), (fx + math.cos(fa) * ln, fy + math.sin(fa) * ln)],
                fill=rng.randint(90, 160), width=max(1, int(unit / q * 0.012)))
    folds = folds.filter(ImageFilter.GaussianBlur(unit / q * 0.012)).resize((bw, bh), BILINEAR)
    cloth = Image.composite(Image.new("RGB", (bw, bh), _dark(fabric, 0.28)), cloth, folds)
    canvas.paste(cloth, (x0, yy0), mask)
    d = ImageDraw.Draw(canvas)
    seam = _dark(fabric, 0.3)
    for s0, e0, e1, a0 in sleeves:
        d.line([s0, a0], fill=seam, width=2)
        # cuff band with embroidery
        t0 = 0.8
        c_a = (s0[0] + (e0[0] - s0[0]) * t0, s0[1] + (e0[1] - s0[1]) * t0)
        c_b = (a0[0] + (e1[0] - a0[0]) * t0, a0[1] + (e1[1] - a0[1]) * t0)
        band = [c_a, e0, e1, c_b]
        d.polygon(band, fill=_dark(fabric, 0.08))
        _dashes(d, [c_a, c_b], 5, 4, c1, 2, closed=False)
        _dashes(d, [e0, e1], 5, 4, c1, 2, closed=False)
        mid_a = ((c_a[0] + e0[0]) / 2, (c_a[1] + e0[1]) / 2)
        mid_b = ((c_b[0] + e1[0]) / 2, (c_b[1] + e1[1]) / 2)
        sprite = _stitch_motif(rng.randrange(1 << 20), 5, max(2, unit // 200), c2, c3, c1)
        for k in range(1, 4):
            t = k / 4
            mx = mid_a[0] + (mid_b[0] - mid_a[0]) * t - sprite.width / 2
            my = mid_a[1] + (mid_b[1] - mid_a[1]) * t - sprite.height / 2
            canvas.paste(sprite, (int(mx), int(my)), sprite)
    # hem band
    cell = max(2, unit // 190)
    motif_n = rng.choice([7, 9])
    sprite = _stitch_motif(rng.randrange(1 << 20), motif_n, cell, c1, c2, c3)
    hb = sprite.height + cell * 6
    hy0 = hem - hb - h * 0.02
    lx = cx - (hw / 2 - (hw / 2 - sx * 1.02) * (hem - h * 0.02 - hb - arm) / (hem - arm))
    rx = 2 * cx - lx
    d.line([(lx + 4, hy0), (rx - 4, hy0)], fill=c2, width=max(2, cell))
    d.line([(lx + 4, hy0 + hb), (rx - 4, hy0 + hb)], fill=c2, width=max(2, cell))
    n = max(1, int((rx - lx - 20) / (sprite.width * 1.5)))
    for k in range(n):
        mx = lx + (rx - lx) * (k + 0.5) / n - sprite.width / 2
        canvas.paste(sprite, (int(mx), int(hy0 + cell * 3)), sprite)
    _dashes(d, [(cx - hw / 2 + 8, hem - 6), (cx + hw / 2 - 8, hem - 6)], 6, 4, seam, 1,
            closed=False)
    # yoke: embroidered panel down the chest and along the neckline
    pw_ = sprite.width + cell * 6
    py0, py1 = y0 + neck_d * 0.7, y0 + h * rng.uniform(0.35, 0.45)
    panel = [(cx - pw_ / 2, py0), (cx + pw_ / 2, py0), (cx + pw_ / 2, py1), (cx, py1 + pw_ * 0.35),
             (cx - pw_ / 2, py1)]
    d.polygon(panel, fill=_mix(fabric, c3, 0.15) if rng.random() < 0.5 else fabric)
    d.line([*panel, panel[0]], fill=c2, width=max(2, cell))
    yk = py0 + cell * 3
    sprite2 = _stitch_motif(rng.randrange(1 << 20), motif_n, cell, c3, c1, c2)
    k = 0
    while yk + sprite.height < py1:
        sp = sprite if k % 2 == 0 else sprite2
        canvas.paste(sp, (int(cx - sp.width / 2), int(yk)), sp)
        yk += sp.height + cell * 2
        k += 1
    neck = _bezier((cx + neck_w, y0), (cx + neck_w * 0.8, y0 + neck_d * 0.9),
                   (cx - neck_w * 0.8, y0 + neck_d * 0.9), (cx - neck_w, y0), 24)
    # inside back of the neck opening
    back = [*neck, *_bezier((cx - neck_w, y0), (cx - neck_w * 0.6, y0 + neck_d * 0.25),
                            (cx + neck_w * 0.6, y0 + neck_d * 0.25), (cx + neck_w, y0), 12)]
    d.polygon(back, fill=_dark(fabric, 0.35))
    d.line(neck, fill=c1, width=max(3, cell * 2), joint="curve")
    _dashes(d, _offset_line(neck, -cell * 3), cell * 1.5, cell, c2, max(1, cell // 2 + 1),
            closed=False)
    for k in range(3):  # buttons on the placket
        by = py0 + (py1 - py0) * (0.12 + k * 0.18)
        r = unit * 0.009
        bx = cx + pw_ / 2 + r * 2.2
        d.ellipse([bx - r, by - r, bx + r, by + r], fill=_light(c3, 0.2), outline=_dark(c3, 0.4))
    # props
    side = rng.choice([-1, 1])
    if rng.random() < 0.8:
        sr = unit * rng.uniform(0.06, 0.075)
        spx = cx + side * (hw / 2 + w * 0.08)
        spx = min(max(spx, sr * 1.3), w - sr * 1.3)
        spy = h * rng.uniform(0.65, 0.8)
        mask2 = Image.new("L", (int(sr * 2), int(sr * 2)), 0)
        ImageDraw.Draw(mask2).ellipse([0, 0, sr * 2 - 1, sr * 2 - 1], fill=255)
        _shadow(canvas, mask2, (spx - sr, spy - sr), blur=unit * 0.01, opacity=0.5,
                offset=(unit * 0.004, unit * 0.008))
        _spool(d, spx, spy, sr, rng.choice(floss[:3]))
    if rng.random() < 0.7:
        tx = cx - side * (hw / 2 + w * 0.05)
        ty = h * rng.uniform(0.55, 0.7)
        tape = _bezier((tx - side * w * 0.12, h * 1.05), (tx + side * w * 0.1, ty + h * 0.2),
                       (tx - side * w * 0.1, ty - h * 0.05), (tx + side * w * 0.05, ty - h * 0.2),
                       30)
        _tape(d, tape, unit * 0.03)
    return _finish(canvas, rng, 0.32)


# --------------------------------------------------------------------------- resin (مصنوعات رزینی)

_RESIN_STYLES = {
    "ocean": ["e8d6b0", "f4efe4", "7fd3d0", "2fa3b5", "1b6f8f", "0f3c5e"],
    "galaxy": ["1a1240", "3a1f6e", "7a2d8c", "c2407f", "2b6fa3", "f0e6ff"],
    "emerald": ["0e3b33", "1f6b57", "3fa37f", "f3efe2", "c9a44a", "0b2a24"],
    "rose": ["f6e4e4", "e8b4bc", "c86b85", "f4efe9", "d8b26a", "8a3a56"],
    "amber": ["5a2a0c", "a4541c", "e08a2e", "f2c46a", "f7ead0", "3a1a08"],
    "agate-violet": ["2a1340", "5b2d7a", "9a6cc0", "e9def5", "7a4aa0", "f7f2fb"],
    "agate-teal": ["0c3b45", "1f7482", "5fb5bd", "e6f4f3", "2d8d99", "f5fbfb"],
    "agate-smoke": ["2b2b2e", "5d5c60", "9c9aa0", "ecebe8", "77757a", "faf9f7"],
}


def _resin_disc(rng: random.Random, style: str, dia: int) -> Image.Image:
    """The poured resin (square image; the caller masks it to a circle)."""
    cols = [_vary(rng, _hex(c), 6) for c in _RESIN_STYLES[style]]
    q = 3
    s = max(8, dia // q)
    img = Image.new("RGB", (s, s), cols[0])
    d = ImageDraw.Draw(img)
    theta = rng.uniform(0, TAU)
    ux, uy = math.cos(theta), math.sin(theta)
    vx, vy = -uy, ux
    c = s / 2
    boundaries: list[list[Point]] = []
    rings: list[list[Point]] = []
    if style.startswith("agate"):
        ax, ay = c + rng.uniform(-0.25, 0.25) * s, c + rng.uniform(-0.25, 0.25) * s
        f = _wave(rng, 4)
        g = _wave(rng, 3)
        n = rng.randint(9, 13)
        for k in range(n):
            rad = s * (0.95 - 0.8 * k / n)
            wob = 0.12 + 0.05 * k / n
            pts = []
            for i in range(72):
                a = TAU * i / 72
                rr = rad * (1 + wob * f(a * 1.0) + 0.03 * g(a * 3 + k))
                pts.append((ax + rr * math.cos(a), ay + rr * math.sin(a) * 0.85))
            d.polygon(pts, fill=cols[1 + (k % (len(cols) - 1))] if k % 3 else cols[k % 2 * 3])
            rings.append(pts)
        core = [(ax + (x - ax) * 0.6, ay + (y - ay) * 0.6) for x, y in rings[-1]]
        d.polygon(core, fill=_light(cols[2], 0.5))
    elif style == "galaxy":
        for _ in range(rng.randint(7, 11)):
            col = rng.choice(cols[1:])
            f = _wave(rng, 3)
            u0 = rng.uniform(-0.5, 0.5)
            line = []
            for k in range(41):
                v = -0.8 + 1.6 * k / 40
                u = u0 + 0.25 * f(v * 2.5)
                line.append((c + (u * ux + v * vx) * s, c + (u * uy + v * vy) * s))
            d.line(line, fill=col, width=max(1, int(s * rng.uniform(0.03, 0.12))), joint="curve")
            boundaries.append(line)
    else:  # layered pours, like waves on a beach
        order = cols if rng.random() < 0.5 else [cols[0], *cols[1:][::-1]]
        order = [*order, *rng.sample(order[1:], 2)]
        levels = sorted(rng.uniform(-0.5, 0.55) for _ in range(len(order) - 1))
        for lvl, col in zip(levels, order[1:], strict=True):
            f = _wave(rng, 3)
            amp = rng.uniform(0.04, 0.12)
            line = []
            for k in range(41):
                v = -0.8 + 1.6 * k / 40
                u = lvl + amp * f(v * 3)
                line.append((c + (u * ux + v * vx) * s, c + (u * uy + v * vy) * s))
            far_pts = [(c + (2 * ux + v * vx) * s, c + (2 * uy + v * vy) * s) for v in (0.8, -0.8)]
            d.polygon(line + far_pts, fill=col)
            boundaries.append(line)
    img = img.filter(ImageFilter.GaussianBlur(max(0.6, s * 0.008)))
    img = img.resize((dia, dia), BILINEAR)
    d = ImageDraw.Draw(img)
    k = dia / s
    gold = _hex("d9b45a")
    if rings:
        for i, ring in enumerate(rings):
            if i % 3 == 1 or i == len(rings) - 1:
                pts = [(x * k, y * k) for x, y in ring]
                d.line([*pts, pts[0]], fill=gold, width=max(2, dia // 200), joint="curve")
        acx = sum(x for x, _ in rings[-1]) / len(rings[-1]) * k
        acy = sum(y for _, y in rings[-1]) / len(rings[-1]) * k
        for _ in range(int(dia * 0.25)):  # druzy crystals in the core
            a, r = rng.uniform(0, TAU), dia * 0.05 * math.sqrt(rng.random())
            x, y = acx + r * math.cos(a) * 1.4, acy + r * math.sin(a)
            rr = rng.uniform(0.6, 2.0)
            d.ellipse([x - rr, y - rr, x + rr, y + rr],
                      fill=_mix(WHITE, cols[2], rng.random() * 0.5))
        return img
    lace = _light(cols[-2] if style == "galaxy" else cols[3], 0.75)
    for line in boundaries:
        pts = [(x * k, y * k) for x, y in line]
        if rng.random() < 0.55:  # white lacing / cells along the edge of a pour
            d.line(pts, fill=lace, width=max(1, dia // 300), joint="curve")
            for _ in range(rng.randint(12, 26)):
                x, y = rng.choice(pts)
                r = rng.uniform(0.003, 0.014) * dia
                x += rng.uniform(-1, 1) * r * 2
                y += rng.uniform(-1, 1) * r * 2
                d.ellipse([x - r, y - r, x + r, y + r], outline=lace, width=1)
        if rng.random() < 0.45:  # gold leaf flakes
            for _ in range(rng.randint(6, 16)):
                x, y = rng.choice(pts)
                r = rng.uniform(0.004, 0.012) * dia
                flake = [(x + rng.uniform(-r, r) * 1.5, y + rng.uniform(-r, r) * 1.5)
                         for _ in range(4)]
                d.polygon(flake, fill=_vary(rng, gold, 15))
    if style == "galaxy":
        for _ in range(int(dia * 0.25)):
            x, y = rng.uniform(0, dia), rng.uniform(0, dia)
            r = rng.choice([0.6, 0.8, 1.0, 1.5])
            d.ellipse([x - r, y - r, x + r, y + r], fill=_mix(WHITE, cols[-1], 0.3))
    return img


def _resin_piece(
    canvas: Image.Image, rng: random.Random, style: str, cx: float, cy: float, r: float,
    gold_rim: bool,
) -> None:
    dia = max(8, int(r * 2))
    disc = _resin_disc(rng, style, dia)
    big = Image.new("L", (dia * 2, dia * 2), 0)  # anti-aliased circle: drawn at 2x
    ImageDraw.Draw(big).ellipse([1, 1, dia * 2 - 2, dia * 2 - 2], fill=255)
    mask = big.reduce(2)
    x0, y0 = int(cx - dia / 2), int(cy - dia / 2)
    _shadow(canvas, mask, (x0, y0), blur=dia * 0.04, opacity=0.55, offset=(dia * 0.015, dia * 0.03))
    # gloss: a soft crescent of light along the upper-left rim (quarter scale, blurred)
    q = 4
    e = max(2, dia // q)
    gm = Image.new("L", (e, e), 0)
    g = ImageDraw.Draw(gm)
    g.ellipse([e * 0.05, e * 0.05, e * 0.95, e * 0.95], fill=90)
    g.ellipse([e * 0.1, e * 0.13, e * 1.0, e * 1.03], fill=0)
    g.polygon([(e * 0.22, e * 0.3), (e * 0.36, e * 0.16), (e * 0.42, e * 0.2),
               (e * 0.28, e * 0.36)], fill=60)  # window reflection
    g.polygon([(e * 0.31, e * 0.37), (e * 0.45, e * 0.23), (e * 0.48, e * 0.26),
               (e * 0.34, e * 0.4)], fill=40)
    gm = gm.filter(ImageFilter.GaussianBlur(max(0.5, e * 0.012))).resize((dia, dia), BILINEAR)
    disc = Image.composite(Image.new("RGB", (dia, dia), WHITE), disc, gm)
    d = ImageDraw.Draw(disc)
    if gold_rim:
        d.ellipse([1, 1, dia - 2, dia - 2], outline=_hex("a07c32"), width=max(3, dia // 50))
        d.ellipse([2, 2, dia - 3, dia - 3], outline=_hex("e6c670"), width=max(1, dia // 160))
    else:
        edge = disc.getpixel((dia // 2, dia // 2))
        d.arc([1, 1, dia - 2, dia - 2], 150, 300, fill=_light(edge, 0.55), width=max(2, dia // 130))
        d.arc([1, 1, dia - 2, dia - 2], -30, 120, fill=_dark(edge, 0.45), width=max(2, dia // 160))
    canvas.paste(disc, (x0, y0), mask)


def _resin(size: Size, rng: random.Random) -> Image.Image:
    w, h = size
    canvas = _backdrop(size, rng, ["marble", "marble", "wood", "linen", "studio"])
    style = rng.choice(sorted(_RESIN_STYLES))
    unit = min(w, h)
    r = unit * rng.uniform(0.33, 0.38)
    gold_rim = rng.random() < (0.8 if style.startswith("agate") else 0.4)
    if rng.random() < 0.5:  # a set: a smaller coaster beside the big one
        side = rng.choice([-1, 1])
        r2 = r * rng.uniform(0.42, 0.52)
        cx2 = w / 2 + side * (r + r2 * 0.55)
        cx2 = min(max(cx2, r2 + 4), w - r2 - 4)
        cy2 = h * rng.uniform(0.28, 0.72)
        _resin_piece(canvas, rng, style, cx2, cy2, r2, gold_rim)
        cx = w / 2 - side * r2 * 0.45
    else:
        cx = w / 2 + w * rng.uniform(-0.04, 0.04)
    _resin_piece(canvas, rng, style, cx, h / 2 + h * rng.uniform(-0.02, 0.02), r, gold_rim)
    return _finish(canvas, rng, 0.3)


# --------------------------------------------------------------------------- dispatch

_RENDERERS: dict[str, Callable[[Size, random.Random], Image.Image]] = {
    "carpet": _carpet,
    "tableau": _tableau,
    "kilim": _kilim,
    "fert": _fert,
    "leather": _leather,
    "tailoring": _tailoring,
    "resin": _resin,
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
