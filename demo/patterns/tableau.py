"""``tableau`` (تابلوفرش): a pictorial rug (landscape or flower vase) in a wooden frame."""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Sequence

from PIL import Image, ImageDraw

from demo.patterns._canvas import drop_shadow, finish
from demo.patterns._geometry import (
    TAU,
    Point,
    Size,
    band_points,
    bezier,
    diamond,
    ellipse_pts,
    lobed,
    wave,
)
from demo.patterns._motifs import rosette
from demo.patterns._palette import BLACK, RGB, WHITE, darken, lighten, mix, rgb, vary
from demo.patterns._textures import gradient_fill, woven


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
        d.line([(x0, y0 + i), (x1, y0 + i)], fill=mix(c0, c1, min(1.0, k / steps)))


def _ridge(
    rng: random.Random, width: int, base: float, amp: float, freq: float
) -> list[Point]:
    f = wave(rng, 4)
    return [(x, base - amp * (0.55 + 0.45 * f(x * freq / max(1, width)))) for x in
            range(-1, width + 3, 2)]


def _tree(
    d: ImageDraw.ImageDraw, rng: random.Random, x: float, y: float, s: float, kind: str,
    greens: Sequence[RGB], trunk: RGB,
) -> None:
    if kind == "cypress":
        d.polygon(ellipse_pts(x, y - s * 0.5, s * 0.13, s * 0.5, 20), fill=greens[0])
        d.polygon(ellipse_pts(x + s * 0.04, y - s * 0.52, s * 0.06, s * 0.4, 16), fill=greens[1])
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
    top, hor, sun = (rgb(c) for c in rng.choice(skies))
    horizon = int(ph * rng.uniform(0.5, 0.6))
    _quantised_rows(d, 0, 0, pw, horizon, top, hor, 9)
    sx, sy, sr = rng.uniform(0.15, 0.85) * pw, horizon * rng.uniform(0.3, 0.6), ph * 0.055
    d.ellipse([sx - sr * 1.6, sy - sr * 1.6, sx + sr * 1.6, sy + sr * 1.6],
              fill=mix(sun, hor, 0.5))
    d.ellipse([sx - sr, sy - sr, sx + sr, sy + sr], fill=sun)
    for _ in range(rng.randint(2, 4)):
        cx, cy = rng.uniform(0, pw), rng.uniform(0.08, 0.5) * horizon
        cloud = mix(WHITE, hor, rng.uniform(0.05, 0.3))
        for _ in range(rng.randint(4, 7)):
            rx, ry = rng.uniform(0.03, 0.07) * pw, rng.uniform(0.02, 0.035) * ph
            ox = rng.uniform(-0.07, 0.07) * pw
            d.ellipse([cx + ox - rx, cy - ry, cx + ox + rx, cy + ry], fill=cloud)
    # mountains, far to near
    far = mix(rgb("6f7fa8"), hor, 0.35)
    ridge = _ridge(rng, pw, horizon, ph * rng.uniform(0.22, 0.3), rng.uniform(5, 9))
    snowline = horizon - ph * 0.2
    d.polygon([*ridge, (pw + 2, horizon + 2), (-1, horizon + 2)], fill=mix(WHITE, hor, 0.15))
    body = [(x, max(y, snowline + 2 * math.sin(x * 0.7))) for x, y in ridge]
    d.polygon([*body, (pw + 2, horizon + 2), (-1, horizon + 2)], fill=far)
    mid = mix(rgb("556b4e"), far, 0.35)
    ridge2 = _ridge(rng, pw, horizon + 1, ph * rng.uniform(0.08, 0.13), rng.uniform(6, 12))
    d.polygon([*ridge2, (pw + 2, horizon + 2), (-1, horizon + 2)], fill=mid)
    # meadow
    g_far, g_near = rgb(rng.choice(["8fae5a", "a4b865", "7fa35a"])), rgb("3e6b33")
    _quantised_rows(d, 0, horizon, pw, ph, g_far, g_near, 6)
    greens = [rgb("2f5a2c"), rgb("46783a"), rgb("5f8f45"), rgb("294d2a")]
    trunk = rgb("5a3a22")
    if rng.random() < 0.6:  # lake with reflections
        ly = horizon + ph * rng.uniform(0.04, 0.08)
        lx0, lx1 = rng.uniform(-0.2, 0.3) * pw, rng.uniform(0.6, 1.2) * pw
        lh = ph * rng.uniform(0.1, 0.16)
        lake = lobed((lx0 + lx1) / 2, ly + lh / 2, (lx1 - lx0) / 2, lh / 2, 7, 0.06, 60)
        d.polygon(lake, fill=mix(top, hor, 0.55))
        for _ in range(10):
            yy = rng.uniform(ly + 1, ly + lh - 1)
            xx = rng.uniform(lx0 + lh, lx1 - lh)
            d.line([(xx, yy), (xx + rng.uniform(3, 9) * pw / 150, yy)], fill=mix(hor, WHITE, 0.3))
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
        d.polygon(pts_l + pts_r[::-1], fill=rgb("cdb58a"))
    if rng.random() < 0.7:  # a cottage
        hx = rng.uniform(0.15, 0.85) * pw
        hy = horizon + ph * rng.uniform(0.05, 0.1)
        hw, hh = pw * 0.05, ph * 0.045
        d.rectangle([hx - hw, hy - hh, hx + hw, hy], fill=rgb("e8d7b0"))
        d.polygon([(hx - hw * 1.25, hy - hh), (hx, hy - hh * 2), (hx + hw * 1.25, hy - hh)],
                  fill=rgb("9a3b2a"))
        d.rectangle([hx - hw * 0.2, hy - hh * 0.6, hx + hw * 0.2, hy], fill=rgb("4a2e1f"))
    trees = []
    for _ in range(rng.randint(6, 12)):
        ty = horizon + rng.uniform(0.02, 0.3) * ph
        depth = (ty - horizon) / (ph - horizon)
        trees.append((ty, rng.uniform(0, pw), ph * (0.12 + 0.3 * depth),
                      rng.choice(["cypress", "cypress", "round"])))
    for ty, tx, ts, kind in sorted(trees):
        _tree(d, rng, tx, ty, ts, kind, greens, trunk)
    flowers = [rgb("d8343a"), rgb("f2d04b"), rgb("f6f1e4"), rgb("b04a8c"), rgb("e87d2f")]
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
    grounds = [rgb("161616"), rgb("1c2346"), rgb("4a1420"), rgb("1e3327"), rgb("f0e6cf")]
    ground = rng.choice(grounds)
    pic = Image.new("RGB", (pw, ph), ground)
    d = ImageDraw.Draw(pic)
    glow = lighten(ground, 0.12) if sum(ground) < 300 else darken(ground, 0.06)
    for k in range(6, 0, -1):
        d.ellipse([pw / 2 - pw * 0.09 * k, ph * 0.42 - ph * 0.075 * k,
                   pw / 2 + pw * 0.09 * k, ph * 0.42 + ph * 0.075 * k],
                  fill=mix(ground, glow, (7 - k) / 6))
    ledge = int(ph * 0.9)
    wood = rgb(rng.choice(["6b4226", "8a5a32", "4d3322"]))
    d.rectangle([0, ledge, pw, ph], fill=wood)
    d.line([(0, ledge), (pw, ledge)], fill=lighten(wood, 0.3), width=max(1, ph // 120))
    # bouquet first (stems go into the vase)
    vh = ph * rng.uniform(0.36, 0.42)
    vr = vh * 0.42
    cx = pw / 2
    mouth = ledge - vh
    dome_y, dome_rx, dome_ry = mouth - ph * 0.2, pw * rng.uniform(0.36, 0.42), ph * 0.25
    greens = [rgb("2f5f2f"), rgb("4f8740"), rgb("6ea04f"), rgb("2b4a2a")]
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
        d.line(bezier((mx, mouth + 4), (mx, hy + (mouth - hy) * 0.5), (hx, hy + 8), (hx, hy), 10),
               fill=greens[3], width=max(1, pw // 200))
    for _ in range(rng.randint(14, 24)):
        hx, hy, s = rng.choice(heads)
        t = rng.uniform(0.2, 0.8)
        lx = hx + (cx - hx) * t + rng.uniform(-1, 1) * s
        ly = hy + (mouth - hy) * t
        ang = rng.uniform(-2.6, -0.5) if lx < cx else rng.uniform(-2.6, -0.5) + 0.0
        ang = ang if rng.random() < 0.5 else math.pi - ang
        ln = s * rng.uniform(1.1, 1.7)
        d.polygon(ellipse_pts(lx + math.cos(ang) * ln * 0.5, ly + math.sin(ang) * ln * 0.5,
                              ln * 0.55, ln * 0.18, 12, ang), fill=rng.choice(greens[:3]))
    palette = [rgb(c) for c in ("c8283a", "e0607e", "f3eee0", "f2c23a", "8e3c8f", "ef7f3a",
                                "b8161f", "f6a7b8")]
    for hx, hy, s in sorted(heads, key=lambda hd: hd[2]):
        col = rng.choice(palette)
        kind = rng.random()
        if kind < 0.45:
            rosette(d, hx, hy, s, rng.choice([5, 6, 8]), darken(col, 0.12), rgb("f2c23a"))
            rosette(d, hx, hy, s * 0.65, 5, col, darken(col, 0.5), 0.6)
        elif kind < 0.7:  # tulip
            d.polygon([(hx - s * 0.6, hy - s * 0.7), (hx - s * 0.2, hy - s * 0.2),
                       (hx, hy - s * 0.9), (hx + s * 0.2, hy - s * 0.2),
                       (hx + s * 0.6, hy - s * 0.7),
                       (hx + s * 0.55, hy + s * 0.2), (hx, hy + s * 0.5),
                       (hx - s * 0.55, hy + s * 0.2)], fill=col)
            d.polygon(ellipse_pts(hx, hy + s * 0.05, s * 0.2, s * 0.4, 10), fill=darken(col, 0.15))
        elif kind < 0.88:  # daisy
            rosette(d, hx, hy, s, 12, rgb("f7f3ea"), rgb("e3a81c"))
        else:  # bud cluster
            for _ in range(3):
                ox, oy = rng.uniform(-s, s) * 0.5, rng.uniform(-s, s) * 0.5
                d.ellipse([hx + ox - s * 0.3, hy + oy - s * 0.3, hx + ox + s * 0.3,
                           hy + oy + s * 0.3], fill=col)
    # vase
    glaze = rgb(rng.choice(["1f4fa0", "1d7a84", "7a2632", "c6a049", "2e3a7a"]))
    band = rgb(rng.choice(["e8c66a", "f2ede0"]))
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
    d.polygon(hl + hr[::-1], fill=lighten(glaze, 0.25))
    for t in (0.16, 0.5, 0.54, 0.8):
        r = _vase_profile(t) * vr
        y = ledge - t * vh
        d.line([(cx - r + 1, y), (cx + r - 1, y)], fill=band, width=max(1, ph // 150))
    for k in range(7):
        t = 0.33
        r = _vase_profile(t) * vr
        x = cx - r * 0.75 + r * 1.5 * k / 6
        rosette(d, x, ledge - t * vh, vr * 0.09, 4, band, glaze, math.pi / 4)
    # pomegranates beside the vase
    for side in rng.sample([-1, 1], rng.randint(0, 2)):
        pr = vr * 0.32
        px, py = cx + side * (vr * 1.5 + pr), ledge + pr * 0.1
        d.ellipse([px - pr, py - pr * 2, px + pr, py], fill=rgb("a3162a"))
        d.ellipse([px - pr * 0.5, py - pr * 1.7, px - pr * 0.1, py - pr * 1.2],
                  fill=rgb("d04a52"))
        d.polygon([(px - pr * 0.25, py - pr * 1.95), (px, py - pr * 2.35),
                   (px + pr * 0.25, py - pr * 1.95)], fill=rgb("7a1020"))
    return pic


def _frame(
    canvas: Image.Image, rng: random.Random, box: tuple[float, float, float, float], m: float
) -> None:
    x0, y0, x1, y1 = box
    wood = rgb(rng.choice(["a57d43", "5c3b24", "2a211c", "8a5a34", "c29a55"]))
    d = ImageDraw.Draw(canvas)
    sides = [
        ([(x0, y0), (x1, y0), (x1 - m, y0 + m), (x0 + m, y0 + m)], lighten(wood, 0.18)),
        ([(x0, y0), (x0 + m, y0 + m), (x0 + m, y1 - m), (x0, y1)], lighten(wood, 0.06)),
        ([(x1, y0), (x1, y1), (x1 - m, y1 - m), (x1 - m, y0 + m)], darken(wood, 0.18)),
        ([(x0, y1), (x1, y1), (x1 - m, y1 - m), (x0 + m, y1 - m)], darken(wood, 0.3)),
    ]
    for poly, col in sides:
        d.polygon(poly, fill=col)
    # moulding profile: a bead and a gilt lip
    for frac, col in ((0.3, darken(wood, 0.25)), (0.36, lighten(wood, 0.3)),
                      (0.82, rgb("c9a24e")), (0.9, rgb("8c6a2c"))):
        k = m * frac
        d.rectangle([x0 + k, y0 + k, x1 - k, y1 - k], outline=col, width=max(1, int(m * 0.05)))
    d.rectangle([x0, y0, x1, y1], outline=darken(wood, 0.5), width=1)
    for cx_, cy_ in ((x0, y0), (x1, y1)):
        d.line([(cx_, cy_), (cx_ + (m if cx_ == x0 else -m), cy_ + (m if cy_ == y0 else -m))],
               fill=darken(wood, 0.35), width=1)


def draw(size: Size, rng: random.Random) -> Image.Image:
    w, h = size
    walls = ["efe9df", "e4e0d5", "d9e0da", "e9ddd0", "dfe3e8"]
    wall = vary(rng, rgb(rng.choice(walls)), 5)
    canvas = gradient_fill(size, lighten(wall, 0.2), darken(wall, 0.12), "v")
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
    border = rgb(rng.choice(["5b1420", "1c2448", "1d1d1d", "3b2418"]))
    guard = rgb(rng.choice(["e9dcbc", "cfa451"]))
    bw = max(3, round(min(kw, kh) * 0.045))
    d.rectangle([0, 0, kw - 1, kh - 1], fill=guard)
    d.rectangle([1, 1, kw - 2, kh - 2], outline=darken(border, 0.3), width=1)
    d.rectangle([3, 3, kw - 4, kh - 4], fill=border)
    rect = (3 + bw / 2, 3 + bw / 2, kw - 4 - bw / 2, kh - 4 - bw / 2)
    motif = [rgb("cfa451"), rgb("b8343c"), rgb("e9dcbc")]
    for i, (px, py, _hz, corner) in enumerate(band_points(rect, bw * 1.3)):
        if corner or i % 2:
            rosette(d, px, py, bw * 0.36, 6, motif[0], motif[1])
        else:
            d.polygon(diamond(px, py, bw * 0.32, bw * 0.32), fill=motif[2])
    inner = 3 + bw + 1
    d.rectangle([inner - 1, inner - 1, kw - inner, kh - inner], outline=guard, width=1)
    pw, ph = kw - 2 * inner, kh - 2 * inner
    pic = _landscape(rng, pw, ph) if subject == "landscape" else _flower_vase(rng, pw, ph)
    rug.paste(pic, (inner, inner))
    rug = woven(rug, c, c, size, "knot")

    frame_mask = Image.new("L", (int(fw), int(fh)), 255)
    drop_shadow(canvas, frame_mask, (fx, fy), blur=w * 0.018, opacity=0.5,
                offset=(w * 0.008, h * 0.018))
    _frame(canvas, rng, (fx, fy, fx + fw, fy + fh), m)
    rx, ry = int(fx + (fw - rug.width) / 2), int(fy + (fh - rug.height) / 2)
    canvas.paste(rug, (rx, ry))
    # frame's shadow falling on the rug (top and left inner edges)
    dd = ImageDraw.Draw(canvas)
    for k in range(4):
        col = mix(BLACK, WHITE, 0.0)
        dd.line([(rx, ry + k), (rx + rug.width, ry + k)], fill=mix(col, border, 0.6 + k * 0.1))
        dd.line([(rx + k, ry), (rx + k, ry + rug.height)], fill=mix(col, border, 0.6 + k * 0.1))
    return finish(canvas, rng, 0.32)
