"""Figures for docs/moe/models-2025-2026.md, written to docs/moe/.

* ``moe/active-share-vs-total``: active share (active / total parameters) against total
  parameters for every model of the page's two tables that reports both counts: the rows up to
  August 2025 from figures/data/moe-params.csv (the main MoE page's data) and the later rows from
  figures/data/moe-models-2025-2026.csv. tests/test_figures_moe_models.py checks both files
  against the tables and the shares the page's trends section prints.
"""

from __future__ import annotations

from figures import data_rows, figure, style
from figures import moe as fm

LATER = "moe-models-2025-2026.csv"
LABELLED = {  # points named on the plot: (dx, dy) offset of the label in points, alignment
    "Mixtral 8x7B": (8, -4, "left"),
    "Kimi K2": (-6, -16, "right"),
    "GLM-5": (0, 9, "center"),
    "Qwen3-Next": (8, -14, "left"),
}


def later_models() -> list[fm.MoeModel]:
    return [
        fm.MoeModel(
            table_row=row["table_row"],
            label=row["label"],
            total_b=float(row["total_b"]),
            active_b=float(row["active_b"]),
            source=row["source"],
        )
        for row in data_rows(LATER)
    ]


def share_range(models: list[fm.MoeModel]) -> tuple[float, float]:
    shares = [m.active_share for m in models]
    return min(shares), max(shares)


@figure("moe/active-share-vs-total")
def active_share_vs_total(theme: style.Theme):
    groups = (("up to Aug 2025", fm.moe_models()), ("since Aug 2025", later_models()))
    fig = style.new_figure(432, 360)
    ax = fig.add_subplot()
    for i, (name, models) in enumerate(groups):
        kw = style.series(i, theme)
        ax.plot(
            [m.total_b for m in models],
            [100 * m.active_share for m in models],
            linestyle="none",
            marker=kw["marker"],
            color=kw["color"],
            markersize=8,
            markerfacecolor=kw["color"] if i == 0 else "none",
            markeredgewidth=2,
            label=name,
        )
        for m in models:
            if m.label in LABELLED:
                ax.annotate(
                    m.label,
                    (m.total_b, 100 * m.active_share),
                    xytext=LABELLED[m.label][:2],
                    textcoords="offset points",
                    ha=LABELLED[m.label][2],
                    color=theme.fg,
                )
    ax.set_xscale("log")
    ax.set_xlim(15, 1500)
    ax.set_ylim(0, 32)
    ax.set_xticks([20, 50, 100, 200, 500, 1000], ["20", "50", "100", "200", "500", "1,000"])
    ax.minorticks_off()
    ax.set_yticks([0, 10, 20, 30], ["0", "10", "20", "30%"])
    ax.set_xlabel("Total parameters, billions")
    ax.set_ylabel("Active share")
    ax.legend(loc="center right", frameon=False, handletextpad=0.3)
    return fig
