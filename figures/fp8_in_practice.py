"""Figures for docs/low-precision/fp8-in-practice.md, written to docs/low-precision/.

Both are drawn diagrams; the one number they show, E4M3's largest value 448, comes from
calc/number_formats.py.
"""

from __future__ import annotations

from calc.number_formats import FORMATS, format_number
from figures import figure, style

E4M3_MAX = format_number(FORMATS["FP8 E4M3"].max_finite())


def _chain(ax, theme, x, top, boxes, fills, w=4.6, h=1.5, gap=0.75):
    """Boxes stacked downwards from ``top`` joined by arrows; returns their (x, y, w, h)."""
    placed = []
    y = top
    for text, fill in zip(boxes, fills, strict=True):
        y -= h
        style.box(ax, x, y, w, h, text, theme, fill=fill)
        placed.append((x, y, w, h))
        y -= gap
    for (x1, y1, w1, _), (_, y2, _, h2) in zip(placed, placed[1:], strict=False):
        style.arrow(ax, (x1 + w1 / 2, y1), (x1 + w1 / 2, y2 + h2), theme)
    return placed


@figure("low-precision/delayed-vs-current-scaling")
def delayed_vs_current(theme: style.Theme):
    fig = style.new_figure(432, 360)
    ax = style.diagram_axes(fig, 10.4, 8.6)
    ax.text(2.6, 8.45, "Delayed", ha="center", va="top")
    ax.text(7.8, 8.45, "Current", ha="center", va="top")
    left = _chain(
        ax,
        theme,
        0.3,
        7.8,
        ["amax history\n(past steps)", f"scale =\n{E4M3_MAX} / max", "cast x to FP8"],
        [0, 4, 2],
    )
    _chain(
        ax,
        theme,
        5.5,
        7.8,
        ["read x once:\namax(x)", f"scale =\n{E4M3_MAX} / amax(x)", "cast x to FP8"],
        [1, 4, 2],
    )
    # Delayed: the amax of this x joins the history, used from the next step on.
    x, y, w, h = left[2]
    _, y0, _, h0 = left[0]
    ax.annotate(
        "",
        xy=(x + w, y0 + h0 / 2),
        xytext=(x + w, y + h / 2),
        arrowprops={
            "arrowstyle": "-|>",
            "color": theme.color(0),
            "lw": style.LINE_WIDTH * 0.75,
            "linestyle": "--",
            "connectionstyle": "arc,angleA=0,angleB=0,armA=12,armB=12,rad=6",
            "mutation_scale": 14,
        },
    )
    ax.text(
        0.3, y - 0.25, "amax(x) joins the\nhistory for next step", va="top", color=theme.color(0)
    )
    ax.text(5.5, y - 0.25, "one extra pass\nover x", va="top", color=theme.color(1))
    return fig


@figure("low-precision/fp8-linear-layer")
def fp8_linear_layer(theme: style.Theme):
    fig = style.new_figure(432, 420)
    ax = style.diagram_axes(fig, 10.4, 10.1)
    rows = (
        ("Forward: Y = X W", ("X → E4M3", "W → E4M3"), "Y (BF16)"),
        ("Input gradient: dX = dY Wᵀ", ("dY → E5M2", "W → E4M3"), "dX (BF16)"),
        ("Weight gradient: dW = Xᵀ dY", ("X → E4M3", "dY → E5M2"), "dW (FP32)"),
    )
    fill = {"E4M3": 0, "E5M2": 1}
    for k, (title, inputs, output) in enumerate(rows):
        top = 9.9 - k * 3.35
        ax.text(0.1, top, title, va="top")
        y = top - 2.75
        for j, text in enumerate(inputs):
            style.box(
                ax,
                0.1,
                y + 1.15 - j * 1.15 + 0.05,
                3.3,
                0.95,
                text,
                theme,
                fill=fill[text.split()[-1]],
            )
        style.box(ax, 4.3, y + 0.2, 2.6, 1.85, "FP8 GEMM\nFP32 sum", theme, fill=5)
        style.box(ax, 7.8, y + 0.6, 2.5, 1.05, output, theme, fill=2)
        style.arrow(ax, (3.45, y + 1.75), (4.25, y + 1.4), theme)
        style.arrow(ax, (3.45, y + 0.6), (4.25, y + 0.85), theme)
        style.arrow(ax, (6.95, y + 1.12), (7.75, y + 1.12), theme)
    return fig
