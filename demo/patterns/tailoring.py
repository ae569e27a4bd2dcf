"""``tailoring`` (خیاطی): a flat-laid tunic with cross-stitch embroidery, spool and tape."""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Sequence
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFilter
from PIL.Image import Resampling

from demo.patterns._backdrops import backdrop
from demo.patterns._canvas import dashes, drop_shadow, finish, polygon_mask
from demo.patterns._geometry import Point, Size, bezier, offset_line
from demo.patterns._motifs import symmetric_motif
from demo.patterns._palette import RGB, darken, distinct, lighten, mix, rgb, vary
from demo.patterns._textures import gradient_fill, textured, thread_texture

_FABRICS = ["1f3a5f", "2f6b68", "7a1f2b", "efe6d6", "6f7f5a", "24242a", "b5654a", "d8c7a3",
            "3b2f5c"]
_FLOSS = ["c8283a", "e8a33a", "1f5fa8", "2f8a55", "f2ede0", "d9577b", "111111", "7a3d8f"]


@lru_cache(maxsize=64)
def _stitch_motif(key: int, n: int, cell: int, c1: RGB, c2: RGB, c3: RGB) -> Image.Image:
    """A cross-stitch motif as an RGBA sprite (transparent ground)."""
    grid = symmetric_motif(random.Random(key), n, 3)
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
    """A reel of thread seen end-on."""
    wood = rgb("c9a06a")
    d.ellipse([x - r, y - r, x + r, y + r], fill=darken(wood, 0.2))
    d.ellipse([x - r * 0.96, y - r * 0.96, x + r * 0.94, y + r * 0.94], fill=wood)
    d.ellipse([x - r * 0.78, y - r * 0.78, x + r * 0.78, y + r * 0.78], fill=col)
    for k in range(5, 16):
        rr = r * 0.78 * k / 16
        d.ellipse([x - rr, y - rr, x + rr, y + rr], outline=darken(col, 0.12 + 0.02 * (k % 2)))
    d.ellipse([x - r * 0.25, y - r * 0.25, x + r * 0.25, y + r * 0.25], fill=wood)
    d.ellipse([x - r * 0.1, y - r * 0.1, x + r * 0.1, y + r * 0.1], fill=darken(wood, 0.6))


def _tape(d: ImageDraw.ImageDraw, pts: Sequence[Point], width: float) -> None:
    """A tailor's tape measure laid along ``pts``."""
    d.line(list(pts), fill=rgb("b89a2e"), width=int(width + 2), joint="curve")
    d.line(list(pts), fill=rgb("f0d64a"), width=int(width), joint="curve")
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
                   fill=rgb("222222"), width=1)
            seg += width * 0.28
            k += 1
        seg -= ln


def draw(size: Size, rng: random.Random) -> Image.Image:
    w, h = size
    canvas = backdrop(size, rng, ["linen", "wood", "studio"])
    unit = min(w, h)
    fabric = vary(rng, rgb(rng.choice(_FABRICS)), 8)
    floss = [rgb(c) for c in _FLOSS if distinct(rgb(c), fabric)]
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
    body += bezier((cx + neck_w, y0), (cx + neck_w * 0.8, y0 + neck_d * 0.9),
                   (cx - neck_w * 0.8, y0 + neck_d * 0.9), (cx - neck_w, y0), 12)[1:-1]
    sleeves = []
    for sgn in (-1, 1):
        s0 = (cx + sgn * sx, sy)
        a0 = (cx + sgn * sx * 1.02, arm)
        dx, dy = sgn * math.cos(ang) * sl, math.sin(ang) * sl
        e0 = (s0[0] + dx, s0[1] + dy)
        e1 = (a0[0] + dx * 0.75, a0[1] + dy * 0.75)
        sleeves.append([s0, e0, e1, a0])
    mask, (x0, yy0) = polygon_mask([body, *sleeves], 4, clip=size)
    bw, bh = mask.size
    drop_shadow(canvas, mask, (x0, yy0), blur=unit * 0.02, opacity=0.45,
                offset=(unit * 0.006, unit * 0.012))
    cloth = gradient_fill((bw, bh), lighten(fabric, 0.1), darken(fabric, 0.12), "d")
    cloth = textured(cloth, thread_texture(size, 2, 2, "linen"))
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
    folds = folds.filter(ImageFilter.GaussianBlur(unit / q * 0.012))
    folds = folds.resize((bw, bh), Resampling.BILINEAR)
    cloth = Image.composite(Image.new("RGB", (bw, bh), darken(fabric, 0.28)), cloth, folds)
    canvas.paste(cloth, (x0, yy0), mask)
    d = ImageDraw.Draw(canvas)
    seam = darken(fabric, 0.3)
    for s0, e0, e1, a0 in sleeves:
        d.line([s0, a0], fill=seam, width=2)
        # cuff band with embroidery
        t0 = 0.8
        c_a = (s0[0] + (e0[0] - s0[0]) * t0, s0[1] + (e0[1] - s0[1]) * t0)
        c_b = (a0[0] + (e1[0] - a0[0]) * t0, a0[1] + (e1[1] - a0[1]) * t0)
        band = [c_a, e0, e1, c_b]
        d.polygon(band, fill=darken(fabric, 0.08))
        dashes(d, [c_a, c_b], 5, 4, c1, 2, closed=False)
        dashes(d, [e0, e1], 5, 4, c1, 2, closed=False)
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
    dashes(d, [(cx - hw / 2 + 8, hem - 6), (cx + hw / 2 - 8, hem - 6)], 6, 4, seam, 1,
           closed=False)
    # yoke: embroidered panel down the chest and along the neckline
    pw_ = sprite.width + cell * 6
    py0, py1 = y0 + neck_d * 0.7, y0 + h * rng.uniform(0.35, 0.45)
    panel = [(cx - pw_ / 2, py0), (cx + pw_ / 2, py0), (cx + pw_ / 2, py1), (cx, py1 + pw_ * 0.35),
             (cx - pw_ / 2, py1)]
    d.polygon(panel, fill=mix(fabric, c3, 0.15) if rng.random() < 0.5 else fabric)
    d.line([*panel, panel[0]], fill=c2, width=max(2, cell))
    yk = py0 + cell * 3
    sprite2 = _stitch_motif(rng.randrange(1 << 20), motif_n, cell, c3, c1, c2)
    k = 0
    while yk + sprite.height < py1:
        sp = sprite if k % 2 == 0 else sprite2
        canvas.paste(sp, (int(cx - sp.width / 2), int(yk)), sp)
        yk += sp.height + cell * 2
        k += 1
    neck = bezier((cx + neck_w, y0), (cx + neck_w * 0.8, y0 + neck_d * 0.9),
                  (cx - neck_w * 0.8, y0 + neck_d * 0.9), (cx - neck_w, y0), 24)
    # inside back of the neck opening
    back = [*neck, *bezier((cx - neck_w, y0), (cx - neck_w * 0.6, y0 + neck_d * 0.25),
                           (cx + neck_w * 0.6, y0 + neck_d * 0.25), (cx + neck_w, y0), 12)]
    d.polygon(back, fill=darken(fabric, 0.35))
    d.line(neck, fill=c1, width=max(3, cell * 2), joint="curve")
    dashes(d, offset_line(neck, -cell * 3), cell * 1.5, cell, c2, max(1, cell // 2 + 1),
           closed=False)
    for k in range(3):  # buttons on the placket
        by = py0 + (py1 - py0) * (0.12 + k * 0.18)
        r = unit * 0.009
        bx = cx + pw_ / 2 + r * 2.2
        d.ellipse([bx - r, by - r, bx + r, by + r], fill=lighten(c3, 0.2), outline=darken(c3, 0.4))
    # props
    side = rng.choice([-1, 1])
    if rng.random() < 0.8:
        sr = unit * rng.uniform(0.06, 0.075)
        spx = cx + side * (hw / 2 + w * 0.08)
        spx = min(max(spx, sr * 1.3), w - sr * 1.3)
        spy = h * rng.uniform(0.65, 0.8)
        mask2 = Image.new("L", (int(sr * 2), int(sr * 2)), 0)
        ImageDraw.Draw(mask2).ellipse([0, 0, sr * 2 - 1, sr * 2 - 1], fill=255)
        drop_shadow(canvas, mask2, (spx - sr, spy - sr), blur=unit * 0.01, opacity=0.5,
                    offset=(unit * 0.004, unit * 0.008))
        _spool(d, spx, spy, sr, rng.choice(floss[:3]))
    if rng.random() < 0.7:
        tx = cx - side * (hw / 2 + w * 0.05)
        ty = h * rng.uniform(0.55, 0.7)
        tape = bezier((tx - side * w * 0.12, h * 1.05), (tx + side * w * 0.1, ty + h * 0.2),
                      (tx - side * w * 0.1, ty - h * 0.05), (tx + side * w * 0.05, ty - h * 0.2),
                      30)
        _tape(d, tape, unit * 0.03)
    return finish(canvas, rng, 0.32)
