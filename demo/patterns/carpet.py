"""``carpet`` (قالی): a knotted Persian rug with medallion, corner pieces, borders and fringe."""

from __future__ import annotations

import math
import random

from PIL import Image, ImageDraw

from demo.patterns._backdrops import backdrop
from demo.patterns._canvas import drop_shadow, finish
from demo.patterns._geometry import TAU, Point, Size, band_points, diamond, ellipse_pts, lobed, star
from demo.patterns._motifs import draw_fringe, rosette
from demo.patterns._palette import RGB, darken, distinct, mix, rgb, vary
from demo.patterns._textures import abrash, woven

_MADDER = rgb("8f1d24")
_INDIGO = rgb("1e2a5c")
_IVORY = rgb("eee2c6")
_GOLD = rgb("cf9d45")
_GREEN = rgb("4c6b45")
_NIGHT = rgb("161a30")
_SKY = rgb("7a9cc2")
_ROSE = rgb("c8736c")
_BROWN = rgb("4a2c1f")


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
        {"field": darken(_MADDER, 0.15), "border": _NIGHT, "med": _GOLD, "med2": _MADDER,
         "corner": _INDIGO, "guard": _MADDER, "a1": _IVORY, "a2": _SKY, "a3": _GREEN,
         "line": rgb("0c0d18")},
    ]
    pal = dict(rng.choice(schemes))
    return {k: vary(rng, v, 9) for k, v in pal.items()}


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
    accents = [c for c in accents if distinct(c, pal["field"])]
    if style == "lattice":
        nx = rng.randint(9, 14)
        sx = fw / nx
        sy = sx * rng.uniform(0.75, 1.0)
        ny = max(2, round(fh / sy))
        sy = fh / ny
        line_c = mix(pal["field"], pal["line"], 0.45)
        fl = rng.sample(accents, min(2, len(accents)))
        for j in range(ny + 1):
            for i in range(nx + 1):
                cx, cy = x0 + i * sx, y0 + j * sy
                d.polygon(diamond(cx + sx / 2, cy + sy / 2, sx / 2, sy / 2), outline=line_c)
                rosette(d, cx, cy, sy * 0.28, 4, fl[0], fl[-1], math.pi / 4)
                d.polygon(diamond(cx + sx / 2, cy + sy / 2, sx * 0.12, sy * 0.18), fill=fl[-1])
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
                    d.polygon(ellipse_pts(cx + sx * 0.25, cy + sgn * sy * 0.25, sx * 0.16,
                                          sy * 0.06, 8, sgn * 0.8), fill=leaf)
                rosette(d, cx, cy, sy * 0.33, petals, accents[(i * 3 + j) % len(accents)],
                        accents[(i + j * 2 + 1) % len(accents)])


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
    corner = pal["corner"] if distinct(pal["corner"], pal["border"]) else pal["med"]
    corner_in = pal["med2"] if distinct(pal["med2"], corner) else pal["a1"]
    for qx, qy in ((fx0, fy0), (fx1, fy0), (fx0, fy1), (fx1, fy1)):
        sx, sy = (1 if qx == fx0 else -1), (1 if qy == fy0 else -1)
        d.polygon(lobed(qx, qy, crx + 2, cry + 2, lobes, 0.1), fill=pal["line"])
        d.polygon(lobed(qx, qy, crx, cry, lobes, 0.1), fill=corner)
        d.polygon(lobed(qx, qy, crx * 0.55 + 1, cry * 0.55 + 1, lobes, 0.12), fill=pal["line"])
        d.polygon(lobed(qx, qy, crx * 0.55, cry * 0.55, lobes, 0.12), fill=corner_in)
        for k in range(1, 6):
            a = math.pi / 2 * k / 6
            rosette(d, qx + sx * crx * 0.78 * math.cos(a), qy + sy * cry * 0.78 * math.sin(a),
                    cry * 0.08, 6, corner_in,
                    pal["a1"] if distinct(pal["a1"], corner) else pal["line"])

    # central medallion with pendants
    mrx, mry = fw * rng.uniform(0.2, 0.26), fh * rng.uniform(0.32, 0.4)
    mlobes = rng.choice([12, 14, 16, 18, 20])
    for side in (-1, 1):
        px = cx + side * (mrx + fw * 0.05)
        d.line([(cx + side * mrx * 0.8, cy), (px, cy)], fill=pal["line"], width=max(1, kh // 90))
        d.polygon(diamond(px, cy, fw * 0.045, fh * 0.09), fill=pal["line"])
        d.polygon(diamond(px, cy, fw * 0.04, fh * 0.08), fill=pal["med"])
        d.polygon(diamond(px, cy, fw * 0.02, fh * 0.04), fill=pal["a1"])
        d.polygon(lobed(px + side * fw * 0.05, cy, fw * 0.02, fh * 0.06, 6, 0.2, 36),
                  fill=pal["med2"])
    d.polygon(lobed(cx, cy, mrx + 2, mry + 2, mlobes, 0.12), fill=pal["line"])
    d.polygon(lobed(cx, cy, mrx, mry, mlobes, 0.12), fill=pal["med"])
    ring_c = pal["a2"] if distinct(pal["a2"], pal["med"]) else pal["a3"]
    for k in range(mlobes):
        a = TAU * (k + 0.5) / mlobes
        rosette(d, cx + mrx * 0.8 * math.cos(a), cy + mry * 0.8 * math.sin(a), mry * 0.07,
                6, ring_c, pal["a1"] if distinct(pal["a1"], ring_c) else pal["line"])
    d.polygon(lobed(cx, cy, mrx * 0.64 + 1, mry * 0.64 + 1, mlobes // 2, 0.18),
              fill=pal["line"])
    d.polygon(lobed(cx, cy, mrx * 0.64, mry * 0.64, mlobes // 2, 0.18), fill=pal["med2"])
    spts = rng.choice([8, 8, 12, 16])
    d.polygon(star(cx, cy, mry * 0.46, mry * 0.3, spts, mrx / mry, 1.0), fill=pal["a1"])
    d.polygon(star(cx, cy, mry * 0.3, mry * 0.2, spts, mrx / mry, 1.0,
                   -math.pi / 2 + math.pi / spts), fill=pal["field"])
    rosette(d, cx, cy, mry * 0.17, 8, pal["med"], pal["a2"])

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
    guard_c = pal["field"] if distinct(pal["guard"], pal["field"]) else pal["a1"]
    for inset, width in ((e, g), (e + g + b + 2, g2)):
        m = inset + width / 2 - 0.5
        rect = (x0 + m, y0 + m, x1 - m, y1 - m)
        for i, (px, py, _h, _c) in enumerate(band_points(rect, width * 1.6)):
            col = guard_c if i % 2 else pal["line"]
            d.polygon(diamond(px, py, width * 0.45, width * 0.45), fill=col)

    # main border: vine + alternating rosettes and palmettes
    m = e + g + 1 + b / 2 - 0.5
    rect = (x0 + m, y0 + m, x1 - m, y1 - m)
    vine = pal["a2"] if distinct(pal["a2"], pal["border"]) else pal["a3"]
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
             if distinct(c, pal["border"])]
    for i, (px, py, horiz, corner) in enumerate(band_points(rect, b * 1.6)):
        if corner:
            rosette(d, px, py, b * 0.42, 8, fcols[0], pal["line"])
            continue
        if i % 2:
            rosette(d, px, py, b * 0.34, 6, fcols[1], fcols[0])
        else:
            rx, ry = (b * 0.5, b * 0.34) if horiz else (b * 0.34, b * 0.5)
            d.polygon(diamond(px, py, rx, ry), fill=pal["line"])
            d.polygon(diamond(px, py, rx * 0.8, ry * 0.8), fill=fcols[2 % len(fcols)])
            d.polygon(diamond(px, py, rx * 0.35, ry * 0.35), fill=fcols[-1])

    # undyed weft ends (kilim ends) on the short sides
    d.rectangle([0, 0, end - 1, kh], fill=darken(_IVORY, 0.05))
    d.rectangle([kw - end, 0, kw, kh], fill=darken(_IVORY, 0.05))
    d.line([(end // 2, 0), (end // 2, kh)], fill=pal["field"], width=1)
    d.line([(kw - 1 - end // 2, 0), (kw - 1 - end // 2, kh)], fill=pal["field"], width=1)
    return img, pal


def draw(size: Size, rng: random.Random) -> Image.Image:
    w, h = size
    canvas = backdrop(size, rng, ["wood", "wood", "studio"])
    c = max(1, round(min(w, h) / 300))
    fringe = w * 0.04
    rw = int(min(w - 2 * fringe - w * 0.08, w * 0.84))
    rh = int(h * rng.uniform(0.66, 0.76))
    kw, kh = max(24, rw // c), max(16, rh // c)
    rug, _pal = _carpet_rug(rng, kw, kh)
    rug = abrash(rug, rng, "x", 18)
    rug = woven(rug, c, c, size, "knot")
    rw, rh = rug.size
    px, py = (w - rw) // 2, (h - rh) // 2 + int(h * 0.01)
    mask = Image.new("L", rug.size, 255)
    drop_shadow(canvas, mask, (px, py), blur=w * 0.015, opacity=0.6, offset=(w * 0.004, h * 0.01))
    d = ImageDraw.Draw(canvas)
    fringe_c = darken(_IVORY, 0.04)
    for side in (-1, 1):
        edge = px if side < 0 else px + rw - 1
        draw_fringe(d, rng, edge, py + 2, py + rh - 2, fringe, side, True, fringe_c, max(2.0, c))
    canvas.paste(rug, (px, py))
    return finish(canvas, rng, 0.4)
