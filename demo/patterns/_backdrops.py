"""What the piece lies on or hangs in front of: wood, paper sweep, linen, marble."""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

from PIL import Image, ImageDraw

from demo.patterns._geometry import TAU, Size
from demo.patterns._palette import darken, lighten, mix, rgb, vary
from demo.patterns._textures import gradient_fill, textured, thread_texture


def wood_floor(size: Size, rng: random.Random, tone: str | None = None) -> Image.Image:
    """Plank floor / table top."""
    tones = {
        "oak": ("b88a5c", "7d5431", "4a3120"),
        "light": ("d6bc98", "a98560", "6f5238"),
        "walnut": ("7b5238", "4a2e1d", "24160e"),
        "grey": ("bdb2a5", "8c8175", "4f463e"),
    }
    key = tone or rng.choice(sorted(tones))
    base, grain_c, gap_c = (rgb(c) for c in tones[key])
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
            col = vary(rng, base, 11)
            d.rectangle([x, y, x + pl, y + ph], fill=col)
            x0, x1 = max(x, 0), min(x + pl, w)
            for _ in range(max(3, ph // 9)):
                gy = y + rng.uniform(2, ph - 2)
                amp = rng.uniform(0.5, 4)
                fr = rng.uniform(0.002, 0.01)
                p0 = rng.uniform(0, TAU)
                pts = [(xx, gy + amp * math.sin(fr * xx + p0)) for xx in range(x0, x1 + step, step)]
                if len(pts) > 1:
                    d.line(pts, fill=mix(col, grain_c, rng.uniform(0.08, 0.3)),
                           width=rng.choice((1, 1, 2)))
            d.line([(x, y), (x, y + ph)], fill=gap_c, width=2)
            x += pl
        d.line([(0, y), (w, y)], fill=gap_c, width=2)
        d.line([(0, y + 2), (w, y + 2)], fill=lighten(base, 0.15), width=1)
        y += ph
    return img


def studio_sweep(size: Size, rng: random.Random, palette: str | None = None) -> Image.Image:
    """Seamless paper sweep: lighter at the top, a touch darker towards the bottom."""
    options = {
        "warm": ("efe8df", "d2c6b7"),
        "grey": ("ebebe9", "c3c1bc"),
        "sand": ("ecdfca", "cab697"),
        "sage": ("e1e5d8", "b7bdab"),
        "blush": ("f1e3de", "d6c0b8"),
    }
    key = palette or rng.choice(sorted(options))
    top, bottom = (vary(rng, rgb(c), 5) for c in options[key])
    return gradient_fill(size, top, bottom, "v")


def linen_cloth(size: Size, rng: random.Random) -> Image.Image:
    base = rng.choice([rgb("e6dccb"), rgb("dcd5c9"), rgb("d3c6b0"), rgb("e9e5dd")])
    img = gradient_fill(size, lighten(base, 0.12), darken(base, 0.08), "v")
    return textured(img, thread_texture(size, 3, 3, "linen"))


def marble_top(size: Size, rng: random.Random) -> Image.Image:
    base = rng.choice([rgb("efeeeb"), rgb("ebe8e3"), rgb("e6e8ea")])
    w, h = size
    img = gradient_fill(size, lighten(base, 0.3), darken(base, 0.04), "v")
    d = ImageDraw.Draw(img)
    for _ in range(rng.randint(5, 9)):
        x, y = rng.uniform(-w * 0.2, w), rng.uniform(-h * 0.2, h * 0.5)
        ang = rng.uniform(0.2, 1.2)
        col = darken(base, rng.uniform(0.1, 0.28))
        pts = [(x, y)]
        for _ in range(60):
            ang += rng.uniform(-0.3, 0.3)
            x += math.cos(ang) * w / 45
            y += math.sin(ang) * w / 45
            pts.append((x, y))
        d.line(pts, fill=mix(base, col, 0.35), width=rng.choice([3, 4, 6]))
        d.line(pts, fill=col, width=1)
    return img


def backdrop(size: Size, rng: random.Random, kinds: Sequence[str]) -> Image.Image:
    kind = rng.choice(list(kinds))
    if kind == "wood":
        return wood_floor(size, rng)
    if kind == "linen":
        return linen_cloth(size, rng)
    if kind == "marble":
        return marble_top(size, rng)
    return studio_sweep(size, rng)
