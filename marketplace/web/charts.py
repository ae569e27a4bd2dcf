"""Small server-rendered SVG charts (no JavaScript, no chart library).

Horizontal bars read well in both right-to-left and left-to-right pages and on
phones; every chart is paired with a table of the same numbers on the page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from markupsafe import Markup, escape

ROW = 28
LABEL_WIDTH = 150
BAR_AREA = 260
VALUE_WIDTH = 130


def bar_chart(
    rows: Sequence[tuple[str, int]],
    *,
    title: str,
    fmt: Callable[[int], str] = str,
    rtl: bool = True,
) -> Markup:
    """An SVG bar chart of (label, value) rows; negative values are drawn as zero."""
    width = LABEL_WIDTH + BAR_AREA + VALUE_WIDTH
    height = max(1, len(rows)) * ROW + 8
    peak = max((v for _, v in rows), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        # direction="ltr": the layout above already places things for RTL pages, and
        # an inherited rtl direction would flip every text-anchor again.
        f'role="img" aria-label="{escape(title)}" width="100%" direction="ltr" '
        f'preserveAspectRatio="xMinYMin meet"><title>{escape(title)}</title>'
    ]
    for i, (label, value) in enumerate(rows):
        y = 4 + i * ROW
        bar = int(BAR_AREA * max(value, 0) / peak)
        if rtl:  # labels on the right, bars growing leftwards
            label_x, anchor = width - 4, "end"
            bar_x = width - LABEL_WIDTH - bar
            value_x, value_anchor = bar_x - 6, "end"
        else:
            label_x, anchor = 4, "start"
            bar_x = LABEL_WIDTH
            value_x, value_anchor = bar_x + bar + 6, "start"
        parts.append(
            f'<text x="{label_x}" y="{y + 18}" text-anchor="{anchor}" class="axis">'
            f"{escape(label)}</text>"
            f'<rect x="{bar_x}" y="{y + 4}" width="{bar}" height="{ROW - 10}" '
            f'class="bar series-{i % 3 + 1}"/>'
            f'<text x="{value_x}" y="{y + 18}" text-anchor="{value_anchor}">'
            f"{escape(fmt(value))}</text>"
        )
    parts.append("</svg>")
    # Every interpolated string is escaped above, so the markup is safe to mark as such.
    return Markup("".join(parts))  # noqa: S704  # nosec B704
