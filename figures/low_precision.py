"""Figures for docs/low-precision/README.md, written to docs/low-precision/.

Bit layouts and ranges come from calc/number_formats.py (the formulas behind the page's format
table). figures/data/low-precision-peak-rates.csv holds the dense Tensor Core peaks of the page's
hardware table, one row per GPU and format, with its source; tests/test_figures.py checks the
numbers against that table and the binade counts and bits per element against the page's text.
"""

from __future__ import annotations

import math

from matplotlib.patches import Rectangle

from calc.number_formats import FORMATS, FloatFormat, format_number
from figures import data_rows, figure, style

PEAKS = "low-precision-peak-rates.csv"
# Rows of the bit-layout figure: (label, sign bits, exponent bits, mantissa bits).
LAYOUT_FORMATS = ("BF16", "FP16", "FP8 E4M3", "FP8 E5M2", "FP6 E3M2", "FP6 E2M3", "FP4 E2M1")
E8M0 = ("E8M0 scale", 0, 8, 0)  # MX block scale: no sign, no mantissa (OCP MX)
RANGE_FORMATS = ("FP16", "FP8 E5M2", "FP8 E4M3", "FP6 E3M2", "FP6 E2M3", "FP4 E2M1")


def layouts() -> list[tuple[str, int, int, int]]:
    rows = []
    for name in LAYOUT_FORMATS:
        fmt = FORMATS[name]
        assert isinstance(fmt, FloatFormat)
        rows.append((name, 1, fmt.exponent_bits, fmt.mantissa_bits))
    return [*rows, E8M0]


@figure("low-precision/bit-layouts")
def bit_layouts(theme: style.Theme):
    rows = layouts()
    fig = style.new_figure(432, 252)
    ax = style.diagram_axes(fig, 21.4, 1.3 * len(rows) + 1.4)
    x0 = 5.2
    fields = (("S", 1), ("E", 0), ("M", 2))  # letter, fill tint
    for k, (name, s, e, m) in enumerate(rows):
        y = 1.3 * (len(rows) - 1 - k) + 1.3
        ax.text(x0 - 0.25, y + 0.5, name, ha="right", va="center")
        x = x0
        for (letter, tint), count in zip(fields, (s, e, m), strict=True):
            for _ in range(count):
                ax.add_patch(
                    Rectangle((x, y), 1, 1, facecolor=theme.fill(tint), edgecolor=theme.fg, lw=0.8)
                )
                ax.text(x + 0.5, y + 0.5, letter, ha="center", va="center")
                x += 1
    ax.text(
        x0, 0.45, "S: sign, E: exponent, M: mantissa", ha="left", va="center", color=theme.muted
    )
    return fig


def binades(name: str) -> float:
    """log2(largest finite / smallest positive): the range a format spans."""
    fmt = FORMATS[name]
    return math.log2(fmt.max_finite() / fmt.smallest_subnormal())


@figure("low-precision/format-ranges")
def format_ranges(theme: style.Theme):
    fig = style.new_figure(432, 348)
    ax = fig.add_subplot()
    names = ["BF16", *RANGE_FORMATS]
    lo, hi = -27, 19
    for k, name in enumerate(names):
        fmt = FORMATS[name]
        y = len(names) - 1 - k
        sub, normal, top = (
            math.log2(fmt.smallest_subnormal()),
            math.log2(fmt.smallest_normal()),
            math.log2(fmt.max_finite()),
        )
        colour = theme.color(k)
        a, b, c = max(sub, lo), max(normal, lo), min(top, hi)
        ax.plot(
            [a, b],
            [y, y],
            color=colour,
            linewidth=2,
            linestyle=(0, (2, 1.5)),
            solid_capstyle="butt",
        )
        ax.plot([b, c], [y, y], color=colour, linewidth=9, solid_capstyle="butt")
        if sub < lo or top > hi:  # BF16: wider than the axis; say where it ends
            ax.text(
                -4,
                y + 0.22,
                f"{format_number(fmt.smallest_subnormal())} to {format_number(fmt.max_finite())}",
                ha="center",
                va="bottom",
                color=colour,
            )
        else:
            ax.text(
                (a + c) / 2,
                y + 0.22,
                f"{binades(name):.1f} binades",
                ha="center",
                va="bottom",
                color=colour,
            )
    ax.set_yticks(range(len(names)), list(reversed(names)))
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(-0.6, len(names) - 0.2)
    ax.set_xlim(lo, hi)
    ticks = [1e-6, 1e-4, 1e-2, 1, 1e2, 1e4]
    ax.set_xticks([math.log2(t) for t in ticks], ["1e-6", "1e-4", "0.01", "1", "100", "1e4"])
    ax.spines["left"].set_visible(False)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel("Magnitude (thin: subnormal, thick: normal)")
    return fig


def bits_per_element(element_bits: int, scale_bits: int, block: int) -> float:
    """Storage per element with one scale per block: element_bits + scale_bits / block."""
    return element_bits + scale_bits / block


SCHEMES = (
    # title, values per scale, scale format, tint of the scale boxes
    ("Per-tensor FP8", 64, "FP32", 5),
    ("MX (MXFP8, MXFP6, MXFP4)", 32, "E8M0", 0),
    ("NVFP4", 16, "E4M3", 1),
)


@figure("low-precision/block-scaling")
def block_scaling(theme: style.Theme):
    n = 64  # values drawn per row
    fig = style.new_figure(432, 312)
    ax = style.diagram_axes(fig, 84, 60)
    x0, cell = 1, 1.0
    for k, (title, block, scale, tint) in enumerate(SCHEMES):
        top = 59 - k * 20
        ax.text(x0, top, title, ha="left", va="top")
        y = top - 10
        for i in range(n):
            ax.add_patch(
                Rectangle(
                    (x0 + i * cell, y),
                    cell,
                    4,
                    facecolor=theme.fill(2) if (i // block) % 2 == 0 else theme.fill(4),
                    edgecolor=theme.fg,
                    lw=0.3,
                )
            )
        for g in range(n // block):
            gx = x0 + g * block * cell
            ax.plot([gx + 0.4, gx + block - 0.4], [y - 1, y - 1], color=theme.fg, lw=1.5)
            style.box(ax, gx + block / 2 - 5.5, y - 7.4, 11, 5.4, scale, theme, fill=tint)
        note = {"NVFP4": "× FP32\nper tensor", "Per-tensor FP8": "whole\ntensor"}
        ax.text(x0 + n + 1, y + 2, note.get(title, f"{block}\nper scale"), ha="left", va="center")
    return fig


def peak_rates() -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for row in data_rows(PEAKS):
        out.setdefault(row["gpu"], {})[row["format"]] = float(row["dense_pflops"])
    return out


@figure("low-precision/peak-rates")
def peak_rates_figure(theme: style.Theme):
    peaks = peak_rates()
    formats = ("BF16", "FP8", "FP4")
    # Each bar is named by its label; the edge style tells the formats apart too (no hatching:
    # matplotlib draws hatches as many small paths, which made the SVG six times larger).
    edges = {"BF16": "-", "FP8": "--", "FP4": ":"}
    fig = style.new_figure(432, 372)
    ax = fig.add_subplot()
    y = 0.0
    yticks, ylabels = [], []
    for gpu, rates in peaks.items():
        centre = y - 1
        for j, fmt in enumerate(formats):
            yy = y - j
            if fmt in rates:
                ax.barh(
                    yy,
                    rates[fmt],
                    height=0.8,
                    color=theme.fill(j),
                    edgecolor=theme.color(j),
                    linewidth=1.6,
                    linestyle=edges[fmt],
                )
                ax.text(rates[fmt] + 0.15, yy, f"{fmt} {rates[fmt]:g}", va="center")
            else:
                ax.text(0.15, yy, f"{fmt}: none", va="center", color=theme.muted)
        yticks.append(centre)
        ylabels.append(gpu)
        y -= len(formats) + 1.6
    for t, label in zip(yticks, ylabels, strict=True):
        ax.text(0, t + 1.9, label, ha="left", va="center")
    ax.set_yticks([])
    ax.set_xlim(0, 13.2)
    ax.set_ylim(y + 1.2, 1.9)
    ax.set_xticks([0, 2, 4, 6, 8, 10])
    ax.spines["left"].set_visible(False)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel("Dense peak per GPU, PFLOPS")
    return fig
