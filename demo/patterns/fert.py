"""``fert`` (فرت‌بافی): two pieces of fine woven cloth with a small repeating motif."""

from __future__ import annotations

import math
import random

from PIL import Image, ImageChops, ImageDraw
from PIL.Image import Resampling

from demo.patterns._backdrops import backdrop
from demo.patterns._canvas import drop_shadow, finish
from demo.patterns._geometry import Size
from demo.patterns._motifs import draw_fringe, symmetric_motif
from demo.patterns._palette import WHITE, clamp, mix, rgb, vary
from demo.patterns._textures import woven

_FERT_SCHEMES = [
    ("f1e7d3", ["8d1f2a", "1f3f73", "c99a3b"]),
    ("2a2f4f", ["e8dcc0", "c9463d", "d9a93a"]),
    ("7c1d26", ["f0e2c4", "1d2a4a", "d8a441"]),
    ("e7dfcf", ["2f5e4e", "b5462f", "1e1e1e"]),
    ("27453b", ["f2e6c8", "c98b3a", "a33a2e"]),
    ("d8b27a", ["5b2314", "1f2f4f", "f3ead6"]),
]


def _fert_cloth(rng: random.Random, gw: int, gh: int, scheme: tuple[str, list[str]]) -> Image.Image:
    ground = vary(rng, rgb(scheme[0]), 6)
    threads = [vary(rng, rgb(c), 6) for c in scheme[1]]
    n = rng.choice([5, 7, 7, 9])
    motif = symmetric_motif(rng, n, 2)
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


def draw(size: Size, rng: random.Random) -> Image.Image:
    w, h = size
    canvas = backdrop(size, rng, ["wood", "studio", "linen"])
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
        cloth = woven(_fert_cloth(rng, gw, gh, scheme), c, c, size, "weft")
        # folded edge on the left: rolling light
        fold = max(4, cloth.width // 14)
        shade = Image.new("L", (fold, 1))
        shade.putdata([clamp(150 + 105 * math.sin(math.pi * (0.15 + 0.85 * i / fold) / 2))
                       for i in range(fold)])
        shade = shade.resize((fold, cloth.height), Resampling.NEAREST)
        left = ImageChops.multiply(cloth.crop((0, 0, fold, cloth.height)),
                                   Image.merge("RGB", (shade, shade, shade)))
        cloth.paste(left, (0, 0))
        drop_shadow(canvas, Image.new("L", cloth.size, 255), (x, y), blur=w * 0.012, opacity=0.5,
                    offset=(w * 0.004, h * 0.008))
        if fringed:
            dr = ImageDraw.Draw(canvas)
            draw_fringe(dr, rng, x + cloth.width - 1, y + 3, y + cloth.height - 3, w * 0.045, 1,
                        True, mix(rgb(scheme[1][0]), WHITE, 0.1), max(2.0, c * 1.5))
        canvas.paste(cloth, (x, y))
    return finish(canvas, rng, 0.35)
