"""``resin`` (مصنوعات رزینی): round resin coasters with colour pours, gold leaf and gloss."""

from __future__ import annotations

import math
import random
from collections.abc import Callable

from PIL import Image, ImageDraw, ImageFilter
from PIL.Image import Resampling

from demo.patterns._backdrops import backdrop
from demo.patterns._canvas import drop_shadow, finish
from demo.patterns._geometry import TAU, Point, Size, wave
from demo.patterns._palette import WHITE, darken, lighten, mix, rgb, vary

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
    cols = [vary(rng, rgb(c), 6) for c in _RESIN_STYLES[style]]
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

    def flow(level: float, amp: float, f: Callable[[float], float], freq: float) -> list[Point]:
        """A wavy line across the disc, ``level`` along the direction of the pour."""
        line = []
        for k in range(41):
            v = -0.8 + 1.6 * k / 40
            u = level + amp * f(v * freq)
            line.append((c + (u * ux + v * vx) * s, c + (u * uy + v * vy) * s))
        return line

    if style.startswith("agate"):
        ax, ay = c + rng.uniform(-0.25, 0.25) * s, c + rng.uniform(-0.25, 0.25) * s
        f = wave(rng, 4)
        g = wave(rng, 3)
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
        d.polygon(core, fill=lighten(cols[2], 0.5))
    elif style == "galaxy":
        for _ in range(rng.randint(7, 11)):
            col = rng.choice(cols[1:])
            f = wave(rng, 3)
            u0 = rng.uniform(-0.5, 0.5)
            line = flow(u0, 0.25, f, 2.5)
            d.line(line, fill=col, width=max(1, int(s * rng.uniform(0.03, 0.12))), joint="curve")
            boundaries.append(line)
    else:  # layered pours, like waves on a beach
        order = cols if rng.random() < 0.5 else [cols[0], *cols[1:][::-1]]
        order = [*order, *rng.sample(order[1:], 2)]
        levels = sorted(rng.uniform(-0.5, 0.55) for _ in range(len(order) - 1))
        for lvl, col in zip(levels, order[1:], strict=True):
            f = wave(rng, 3)
            amp = rng.uniform(0.04, 0.12)
            line = flow(lvl, amp, f, 3)
            far_pts = [(c + (2 * ux + v * vx) * s, c + (2 * uy + v * vy) * s) for v in (0.8, -0.8)]
            d.polygon(line + far_pts, fill=col)
            boundaries.append(line)
    img = img.filter(ImageFilter.GaussianBlur(max(0.6, s * 0.008)))
    img = img.resize((dia, dia), Resampling.BILINEAR)
    d = ImageDraw.Draw(img)
    k = dia / s
    gold = rgb("d9b45a")
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
                      fill=mix(WHITE, cols[2], rng.random() * 0.5))
        return img
    lace = lighten(cols[-2] if style == "galaxy" else cols[3], 0.75)
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
                d.polygon(flake, fill=vary(rng, gold, 15))
    if style == "galaxy":
        for _ in range(int(dia * 0.25)):
            x, y = rng.uniform(0, dia), rng.uniform(0, dia)
            r = rng.choice([0.6, 0.8, 1.0, 1.5])
            d.ellipse([x - r, y - r, x + r, y + r], fill=mix(WHITE, cols[-1], 0.3))
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
    drop_shadow(canvas, mask, (x0, y0), blur=dia * 0.04, opacity=0.55,
                offset=(dia * 0.015, dia * 0.03))
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
    gm = gm.filter(ImageFilter.GaussianBlur(max(0.5, e * 0.012)))
    gm = gm.resize((dia, dia), Resampling.BILINEAR)
    disc = Image.composite(Image.new("RGB", (dia, dia), WHITE), disc, gm)
    d = ImageDraw.Draw(disc)
    if gold_rim:
        d.ellipse([1, 1, dia - 2, dia - 2], outline=rgb("a07c32"), width=max(3, dia // 50))
        d.ellipse([2, 2, dia - 3, dia - 3], outline=rgb("e6c670"), width=max(1, dia // 160))
    else:
        edge = disc.getpixel((dia // 2, dia // 2))
        rim = [1, 1, dia - 2, dia - 2]
        d.arc(rim, 150, 300, fill=lighten(edge, 0.55), width=max(2, dia // 130))
        d.arc(rim, -30, 120, fill=darken(edge, 0.45), width=max(2, dia // 160))
    canvas.paste(disc, (x0, y0), mask)


def draw(size: Size, rng: random.Random) -> Image.Image:
    w, h = size
    canvas = backdrop(size, rng, ["marble", "marble", "wood", "linen", "studio"])
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
    return finish(canvas, rng, 0.3)
