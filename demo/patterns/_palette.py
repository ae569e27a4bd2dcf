"""Colours: RGB tuples, parsing, mixing and seeded jitter."""

from __future__ import annotations

import random

RGB = tuple[int, int, int]

WHITE: RGB = (255, 255, 255)
BLACK: RGB = (0, 0, 0)


def rgb(code: str) -> RGB:
    """``"8f1d24"`` (or ``"#8f1d24"``) as an RGB tuple."""
    code = code.lstrip("#")
    return (int(code[0:2], 16), int(code[2:4], 16), int(code[4:6], 16))


def clamp(v: float) -> int:
    """Round to the nearest channel value in 0..255."""
    return 0 if v < 0 else 255 if v > 255 else int(v + 0.5)


def mix(a: RGB, b: RGB, t: float) -> RGB:
    return (
        clamp(a[0] + (b[0] - a[0]) * t),
        clamp(a[1] + (b[1] - a[1]) * t),
        clamp(a[2] + (b[2] - a[2]) * t),
    )


def lighten(c: RGB, t: float) -> RGB:
    return mix(c, WHITE, t)


def darken(c: RGB, t: float) -> RGB:
    return mix(c, BLACK, t)


def distinct(a: RGB, b: RGB) -> bool:
    """True when two colours are clearly distinguishable."""
    return abs(a[0] - b[0]) + abs(a[1] - b[1]) + abs(a[2] - b[2]) > 90


def vary(rng: random.Random, c: RGB, amount: float = 10.0) -> RGB:
    """Jitter a colour: mostly brightness, a little hue."""
    b = rng.uniform(-amount, amount)
    return (
        clamp(c[0] + b + rng.uniform(-amount, amount) * 0.35),
        clamp(c[1] + b + rng.uniform(-amount, amount) * 0.35),
        clamp(c[2] + b + rng.uniform(-amount, amount) * 0.35),
    )
