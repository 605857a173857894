"""Figures for docs/lcw/training-recipes.md, written to docs/lcw/.

figures/data/lcw-recipe-stages.csv: one row per extension stage of each recipe, in the page's
order: ``start`` and ``length`` in tokens (the window before and after the stage), ``tokens_b``
the stage's training tokens in billions, ``how`` what the page says about it, and the source.
figures/data/lcw-rope-bases.csv: the RoPE base each recipe trained with at a given length.
tests/test_figures.py checks both against the page's text.
"""

from __future__ import annotations

import math

from calc import rope
from figures import data_rows, figure, style

STAGES = "lcw-recipe-stages.csv"
BASES = "lcw-rope-bases.csv"
HEAD_DIM = 128  # Llama 2 and Llama 3 heads


def stages() -> dict[str, list[dict[str, float | str]]]:
    """Recipe -> its stages, in file order."""
    out: dict[str, list[dict[str, float | str]]] = {}
    for row in data_rows(STAGES):
        out.setdefault(row["recipe"], []).append(
            {
                "start": int(row["start"]),
                "length": int(row["length"]),
                "tokens_b": float(row["tokens_b"]),
                "how": row["how"],
            }
        )
    return out


def _tokens(n: int) -> str:
    return f"{n // 2**20}M" if n >= 2**20 else f"{n // 2**10}K"


def _billions(b: float) -> str:
    return f"{b:g}B"


@figure("lcw/recipe-stages")
def recipe_stages(theme: style.Theme):
    recipes = stages()
    fig = style.new_figure(432, 420)
    ax = fig.add_subplot()
    rows = len(recipes)
    for k, (name, steps) in enumerate(recipes.items()):
        y = rows - 1 - k
        colour = theme.color(k)
        first = steps[0]["start"]
        ax.text(2**12, y + 0.28, name, color=theme.fg, va="bottom")
        ax.plot([first], [y], marker="o", markersize=7, color=colour, markerfacecolor="none")
        for step in steps:
            a, b = step["start"], step["length"]
            ax.annotate(
                "",
                xy=(b, y),
                xytext=(a, y),
                arrowprops={
                    "arrowstyle": "-|>",
                    "color": colour,
                    "lw": style.LINE_WIDTH,
                    "shrinkA": 4,
                    "shrinkB": 6,
                    "mutation_scale": 14,
                },
            )
            ax.plot([b], [y], marker=style.MARKERS[k % 6], markersize=7, color=colour)
            ax.text(
                math.sqrt(a * b),
                y - 0.12,
                _billions(step["tokens_b"]),
                ha="center",
                va="top",
                color=colour,
            )
    ax.set_xscale("log", base=2)
    ticks = [2**12, 2**14, 2**16, 2**18, 2**20, 2**22]
    ax.set_xticks(ticks, [_tokens(t) for t in ticks])
    ax.minorticks_off()
    ax.set_xlim(2**11.8, 2**22.3)
    ax.set_ylim(-0.7, rows - 0.2)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel("Context length, tokens (log scale)")
    return fig


def rope_bases() -> list[dict[str, float | str]]:
    return [
        {"model": r["model"], "length": int(r["length"]), "base": float(r["base"])}
        for r in data_rows(BASES)
    ]


@figure("lcw/rope-base-vs-length")
def rope_base_vs_length(theme: style.Theme):
    fig = style.new_figure(432, 336)
    ax = fig.add_subplot()
    lengths = [2**k for k in range(12, 21)]
    one_turn = [rope.base_for_slowest_wavelength(HEAD_DIM, n) for n in lengths]
    ax.plot(lengths, one_turn, color=theme.muted, linestyle="--", linewidth=style.THIN * 1.5)
    ax.text(
        2**17.2,
        one_turn[5] * 0.55,
        "slowest pair turns\nonce in the window",
        color=theme.muted,
        ha="left",
        va="top",
    )
    offsets = {
        "Llama 2": (6, 4, "left"),
        "Llama 2 Long": (6, 4, "left"),
        "Llama 3": (6, -16, "left"),
        "ProLong stage 1": (-6, 4, "right"),
        "ProLong stage 2": (-6, 4, "right"),
    }
    for i, point in enumerate(rope_bases()):
        ax.plot(
            [point["length"]],
            [point["base"]],
            linestyle="none",
            **{
                k: v
                for k, v in style.series(i, theme).items()
                if k not in ("linestyle", "markersize")
            },
            markersize=8,
        )
        dx, dy, ha = offsets.get(str(point["model"]), (6, 4, "left"))
        ax.annotate(
            str(point["model"]),
            (point["length"], point["base"]),
            xytext=(dx, dy),
            textcoords="offset points",
            ha=ha,
            va="bottom",
            color=theme.color(i),
        )
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_xticks(lengths[::2], [_tokens(n) for n in lengths[::2]])
    ax.set_xlim(2**11.6, 2**20.4)
    ax.set_ylim(1e2, 1e9)
    ax.set_yticks([1e2, 1e4, 1e6, 1e8], ["100", "10K", "1M", "100M"])
    ax.minorticks_off()
    ax.set_xlabel("Training length, tokens")
    ax.set_ylabel("RoPE base")
    return fig
