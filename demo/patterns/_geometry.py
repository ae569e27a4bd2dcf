"""Point lists for ImageDraw: ellipses, medallions, stars, curves, offsets and outlines."""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from functools import lru_cache

Point = tuple[float, float]
Size = tuple[int, int]

TAU = math.tau


@lru_cache(maxsize=64)
def unit_circle(n: int) -> tuple[tuple[float, float], ...]:
    return tuple((math.cos(TAU * i / n), math.sin(TAU * i / n)) for i in range(n))


def ellipse_pts(
    cx: float, cy: float, rx: float, ry: float, n: int = 24, rot: float = 0.0
) -> list[Point]:
    if rot == 0.0:
        return [(cx + rx * c, cy + ry * s) for c, s in unit_circle(n)]
    cr, sr = math.cos(rot), math.sin(rot)
    ax, ay, bx, by = rx * cr, rx * sr, -ry * sr, ry * cr
    return [(cx + ax * c + bx * s, cy + ay * c + by * s) for c, s in unit_circle(n)]


def lobed(
    cx: float, cy: float, rx: float, ry: float, lobes: int, depth: float, n: int = 96,
    phase: float = 0.0,
) -> list[Point]:
    """Scalloped ellipse, the outline of a Persian medallion."""
    out = []
    for i in range(n):
        a = TAU * i / n
        r = 1.0 - depth * abs(math.sin(lobes * (a + phase) / 2.0)) ** 0.7
        out.append((cx + rx * r * math.cos(a), cy + ry * r * math.sin(a)))
    return out


def star(
    cx: float, cy: float, r_out: float, r_in: float, points: int, sx: float = 1.0,
    sy: float = 1.0, rot: float = -math.pi / 2,
) -> list[Point]:
    """Star polygon with ``points`` tips, stretched by (sx, sy) and turned by ``rot``."""
    out = []
    for i in range(points * 2):
        r = r_out if i % 2 == 0 else r_in
        a = rot + math.pi * i / points
        out.append((cx + r * sx * math.cos(a), cy + r * sy * math.sin(a)))
    return out


def diamond(cx: float, cy: float, rx: float, ry: float) -> list[Point]:
    return [(cx, cy - ry), (cx + rx, cy), (cx, cy + ry), (cx - rx, cy)]


def bezier(p0: Point, p1: Point, p2: Point, p3: Point, n: int = 24) -> list[Point]:
    """Cubic Bezier curve sampled at ``n + 1`` points."""
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


def rounded_polygon(pts: Sequence[Point], radius: float, steps: int = 6) -> list[Point]:
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


def offset_polygon(pts: Sequence[Point], d: float) -> list[Point]:
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


def offset_line(pts: Sequence[Point], dist: float) -> list[Point]:
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


def bbox(pts: Sequence[Point], pad: int = 2) -> tuple[int, int, int, int]:
    """Integer box (x0, y0, x1, y1) around ``pts``, grown by ``pad`` on every side."""
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    return (int(min(xs)) - pad, int(min(ys)) - pad, int(max(xs)) + pad + 1, int(max(ys)) + pad + 1)


def band_points(
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


def wave(rng: random.Random, terms: int = 3) -> Callable[[float], float]:
    """Smooth deterministic 1-D noise in roughly [-1, 1] (sum of sines)."""
    params = [
        (rng.uniform(0.5, 1.0) / (k + 1), rng.uniform(1.0, 2.2) * (k + 1), rng.uniform(0, TAU))
        for k in range(terms)
    ]
    norm = sum(p[0] for p in params)

    def f(x: float) -> float:
        return sum(a * math.sin(fr * x + ph) for a, fr, ph in params) / norm

    return f
