"""``kilim`` (گلیم): a flat-weave with bands or a field of stepped, latch-hooked lozenges."""

from __future__ import annotations

import random
from collections.abc import Sequence

from PIL import Image, ImageDraw

from demo.patterns._backdrops import backdrop
from demo.patterns._canvas import drop_shadow, fill_rect, finish
from demo.patterns._geometry import Size, diamond
from demo.patterns._motifs import draw_fringe
from demo.patterns._palette import RGB, distinct, rgb, vary
from demo.patterns._textures import abrash, woven

_KILIM_COLOURS = {
    "red": "b02a2c", "madder": "8c1c25", "orange": "d7772c", "blue": "1f3f7a", "navy": "18223f",
    "black": "231b18", "ivory": "efe6d2", "green": "3d7a4d", "ochre": "d5a22e",
    "aubergine": "5a2a48", "teal": "2b807c", "rose": "d36b6b",
}


def _kilim_palette(rng: random.Random) -> tuple[RGB, list[RGB]]:
    ground = rng.choice(["red", "red", "madder", "navy", "ivory", "black", "orange"])
    others = [k for k in _KILIM_COLOURS if k != ground]
    rng.shuffle(others)
    accents = [vary(rng, rgb(_KILIM_COLOURS[k]), 8) for k in others[:6]]
    accents = [a for a in accents if distinct(a, rgb(_KILIM_COLOURS[ground]))]
    return vary(rng, rgb(_KILIM_COLOURS[ground]), 8), accents


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
        d.polygon(diamond(cx, cy, rx * s, ry * s), fill=col)


def _cross(
    d: ImageDraw.ImageDraw, cx: float, cy: float, rx: float, ry: float, bar: float, col: RGB
) -> None:
    """Plus sign reaching ``rx``/``ry`` from the centre, its bars ``bar`` times as thick."""
    d.rectangle([cx - rx, cy - ry * bar, cx + rx, cy + ry * bar], fill=col)
    d.rectangle([cx - rx * bar, cy - ry, cx + rx * bar, cy + ry], fill=col)


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
                _cross(d, cx, cy, hgt * 0.38 / aspect, hgt * 0.38, 0.3, cols[i % 2])
        else:  # diamonds
            bg = r.choice([ground, cols[0]])
            d.rectangle([0, y0, gw, y1 - 1], fill=bg)
            ry = hgt * 0.42
            rx = ry / aspect * r.uniform(1.0, 1.5)
            n = max(2, round(gw / (rx * 3.2)))
            step = gw / n
            layer_cols = [c for c in cols if distinct(c, bg)][:3] or [cols[0]]
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
    cols = [a for a in acc if distinct(a, ground)]
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
            d.polygon(diamond(x0 + side / 2, yy, side * 0.4, side * 0.4 / aspect * 1.4),
                      fill=bcol2 if i % 2 else ground)
            yy += step
            i += 1
    fx0, fx1, fy0, fy1 = side + 2, gw - side - 2, end + 2, gh - end - 2
    n = rng.choice([3, 3, 4, 5])
    ry = (fy1 - fy0) * 0.4
    rx = min((fx1 - fx0) / n * 0.42, ry / aspect * 1.3)
    cols = [a for a in acc if distinct(a, ground)]
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
                    fill_rect(d, px - hook, py + sy * ry * 0.14, px + hook, py, layers[0])
                    qx = px + sx * hook * 2.5
                    fill_rect(d, px, py + sy * ry * 0.14 - sy * hook / aspect, qx,
                              py + sy * ry * 0.14, layers[0])
        _hooked_diamond(d, cx, cy, rx, ry, layers, False, layers[0])
    # filler: small crosses between the lozenges
    for i in range(n + 1):
        cx = fx0 + (fx1 - fx0) * i / n
        for cy in (fy0 + (fy1 - fy0) * 0.2, fy0 + (fy1 - fy0) * 0.8):
            a = rx * 0.12
            _cross(d, cx, cy, a, a / aspect, 0.4, cols[(i + 2) % len(cols)])


def draw(size: Size, rng: random.Random) -> Image.Image:
    w, h = size
    canvas = backdrop(size, rng, ["wood", "studio", "studio", "linen"])
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
    rug = abrash(rug, rng, "y", 16)
    rug = woven(rug, cw, ch, size, "weft")
    rw, rh = rug.size
    px, py = (w - rw) // 2, (h - rh) // 2
    drop_shadow(canvas, Image.new("L", rug.size, 255), (px, py), blur=w * 0.012, opacity=0.55,
                offset=(w * 0.003, h * 0.008))
    dr = ImageDraw.Draw(canvas)
    warp = rgb(rng.choice(["e9dfc8", "d9c9a8", "cfc2b0"]))
    for side in (-1, 1):
        edge = py if side < 0 else py + rh - 1
        draw_fringe(dr, rng, edge, px + 3, px + rw - 3, fringe, side, False, warp,
                    max(2.0, cw * 0.8))
    canvas.paste(rug, (px, py))
    return finish(canvas, rng, 0.38)
