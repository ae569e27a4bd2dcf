"""Motifs more than one craft uses: rosettes, mirrored woven motifs, fringes of warp ends."""

from __future__ import annotations

import math
import random

from PIL import ImageDraw

from demo.patterns._geometry import TAU, ellipse_pts
from demo.patterns._palette import RGB, vary


def rosette(
    d: ImageDraw.ImageDraw,
    cx: float,
    cy: float,
    r: float,
    petals: int,
    petal: RGB,
    centre: RGB,
    rot: float = 0.0,
) -> None:
    """Flower of ``petals`` elliptic petals round a round centre."""
    n = 10 if r > 6 else 6
    for i in range(petals):
        a = rot + TAU * i / petals
        d.polygon(
            ellipse_pts(cx + r * 0.55 * math.cos(a), cy + r * 0.55 * math.sin(a),
                        r * 0.48, r * 0.26, n, a),
            fill=petal,
        )
    cr = max(0.8, r * 0.3)
    d.ellipse([cx - cr, cy - cr, cx + cr, cy + cr], fill=centre)


def symmetric_motif(rng: random.Random, n: int, colours: int) -> list[list[int]]:
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


def draw_fringe(
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
        col = vary(rng, colour, 10)
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
