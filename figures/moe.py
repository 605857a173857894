"""Figures for docs/moe.md (Mixture-of-Experts and expert parallelism), written to docs/moe/.

Two diagrams (top-k routing with a shared expert; EP dispatch and combine) and two data plots:

* ``moe/active-vs-total``: total and active parameters of the models in the page's table, from
  figures/data/moe-params.csv. ``table_row`` is the first cell of the table row (tests/
  test_figures_moe.py checks that the CSV's numbers equal the table's and that every row with
  both numbers reported is plotted), ``label`` the name drawn, ``total_b`` and ``active_b``
  billions of parameters, ``source`` the bib key the table cites for them.
* ``moe/expert-memory-vs-ep``: routed-expert bytes per GPU of DeepSeek-V3 against the EP degree,
  from ``calc.moe.routed_expert_bytes_per_gpu`` with the constants of calc/moe.py (the worked
  example's shapes); the values labelled on it are the ones the page's prose quotes.
"""

from __future__ import annotations

from dataclasses import dataclass

from matplotlib.lines import Line2D
from matplotlib.patches import Circle

from calc import moe as cm
from figures import data_rows, figure, style

PARAMS = "moe-params.csv"
EP_DEGREES = [2**k for k in range(9)]  # 1 ... 256, every one divides 256 experts
H100_BYTES = 80e9  # one H100 SXM's HBM, the datasheet's 80 GB


# --- Data -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MoeModel:
    table_row: str
    label: str
    total_b: float
    active_b: float
    source: str

    @property
    def active_share(self) -> float:
        return self.active_b / self.total_b


def moe_models() -> list[MoeModel]:
    """The table's models with both totals reported, largest total first."""
    rows = [
        MoeModel(
            table_row=row["table_row"],
            label=row["label"],
            total_b=float(row["total_b"]),
            active_b=float(row["active_b"]),
            source=row["source"],
        )
        for row in data_rows(PARAMS)
    ]
    return sorted(rows, key=lambda m: -m.total_b)


def expert_memory(precision: str, ep_degree: int) -> float:
    """Routed-expert bytes per GPU of DeepSeek-V3 at ``ep_degree``: "fp8" (with one FP32 scale
    per 128 x 128 block, as the released checkpoint) or "bf16"."""
    fp8 = precision == "fp8"
    return cm.routed_expert_bytes_per_gpu(
        cm.DSV3_D_MODEL,
        cm.DSV3_D_FF_EXPERT,
        cm.DSV3_ROUTED_EXPERTS,
        cm.DSV3_LAYERS - cm.DSV3_DENSE_LAYERS,
        ep_degree,
        cm.FP8_BYTES if fp8 else cm.BF16_BYTES,
        scale_block=cm.DSV3_SCALE_BLOCK if fp8 else 0,
    )


def gb_label(nbytes: float) -> str:
    """Bytes as the page writes them: decimal GB to one decimal place."""
    return f"{nbytes / 1e9:.1f} GB"


# Points the figure labels, as (precision, EP degree); the page's prose quotes the same values.
LABELLED_POINTS = (("bf16", 64), ("fp8", 64), ("fp8", 256))


# --- Diagrams -------------------------------------------------------------------------------------


def _routed_box(ax, x, y, w, h, text, theme, selected: bool):
    if selected:
        style.box(ax, x, y, w, h, text, theme, fill=0).set_linewidth(style.LINE_WIDTH)
    else:
        patch = style.box(ax, x, y, w, h, "", theme)
        patch.set_edgecolor(theme.muted)
        patch.set_linestyle((0, (3, 2)))
        ax.text(x + w / 2, y + h / 2, text, ha="center", va="center", color=theme.muted)


@figure("moe/topk-routing")
def topk_routing(theme: style.Theme):
    fig = style.new_figure(432, 408)
    ax = style.diagram_axes(fig, 360, 340)
    routed_x = [88 + 29 * i for i in range(8)]  # 8 routed experts, 25 wide
    chosen = (2, 5)  # experts 3 and 6
    style.box(ax, 120, 6, 120, 32, "token", theme, fill=5)
    style.box(ax, 88, 70, 228, 32, "router: top 2 of 8", theme, fill=4)
    style.arrow(ax, (200, 38), (200, 70), theme)
    # The shared expert takes every token, bypassing the router.
    style.box(ax, 6, 150, 70, 34, "shared", theme, fill=2).set_linewidth(style.LINE_WIDTH)
    ax.plot([120, 41], [22, 22], color=theme.fg, linewidth=style.LINE_WIDTH * 0.75)
    style.arrow(ax, (41, 22), (41, 150), theme)
    for i, x in enumerate(routed_x):
        _routed_box(ax, x, 150, 25, 34, str(i + 1), theme, selected=i in chosen)
    for i in chosen:
        style.arrow(ax, (routed_x[i] + 12.5, 102), (routed_x[i] + 12.5, 150), theme)
    ax.text(202, 128, "6 skipped", ha="center", va="center", color=theme.muted)
    # Weighted sum of the shared and the chosen experts, plus the residual.
    cx, cy, r = 180, 246, 14
    ax.add_patch(Circle((cx, cy), r, facecolor="none", edgecolor=theme.fg, linewidth=style.THIN))
    ax.text(cx, cy, "+", ha="center", va="center", color=theme.fg)
    style.arrow(ax, (41, 184), (cx - r * 0.8, cy - r * 0.6), theme)
    for i, label, x_text, ha in (
        (2, "× g₃", 154, "right"),
        (5, "× g₆", 228, "left"),
    ):
        x0 = routed_x[i] + 12.5
        end_x = cx - r * 0.5 if i == 2 else cx + r * 0.5
        style.arrow(ax, (x0, 184), (end_x, cy - r * 0.85), theme)
        ax.text(x_text, 206, label, ha=ha, va="center", color=theme.fg)
    ax.plot([240, 344, 344], [22, 22, cy], color=theme.muted, linewidth=style.THIN * 1.5)
    style.arrow(ax, (344, cy), (cx + r, cy), theme, color=theme.muted)
    ax.text(338, 200, "residual", ha="right", va="center", color=theme.muted)
    style.box(ax, 110, 296, 140, 32, "output", theme, fill=5)
    style.arrow(ax, (cx, cy + r), (cx, 296), theme)
    return fig


@figure("moe/ep-dispatch")
def ep_dispatch(theme: style.Theme):
    fig = style.new_figure(432, 353)
    ax = style.diagram_axes(fig, 360, 294)
    band_h, top = 62, 252
    tok_x, exp_x, out_x, w, h = 62, 172, 300, 40, 22
    dispatch_c, combine_c = theme.color(0), theme.color(1)
    tokens = "abcdefgh"

    def row_y(gpu: int, row: int) -> float:  # centre of a token / expert slot
        return top - gpu * band_h - 18 - row * 27

    for gpu in range(4):
        y0 = top - (gpu + 1) * band_h + 4
        band = style.box(ax, 0, y0, 352, band_h - 6, "", theme, fill=5)
        band.set_linewidth(0)
        ax.text(6, y0 + (band_h - 6) / 2, f"GPU {gpu}", ha="left", va="center", color=theme.fg)
        for row in range(2):
            yc = row_y(gpu, row)
            mine = gpu == 0
            for x, text in ((tok_x, tokens[2 * gpu + row]), (exp_x, f"E{2 * gpu + row + 1}")):
                patch = style.box(ax, x, yc - h / 2, w, h, "", theme, fill=0 if mine else None)
                if not mine and x == tok_x:
                    patch.set_edgecolor(theme.muted)
                ax.text(
                    x + w / 2,
                    yc,
                    text,
                    ha="center",
                    va="center",
                    color=theme.fg if (mine or x == exp_x) else theme.muted,
                )
            patch = style.box(ax, out_x, yc - h / 2, w, h, "", theme, fill=0 if mine else None)
            if not mine:
                patch.set_edgecolor(theme.muted)
            ax.text(
                out_x + w / 2,
                yc,
                tokens[2 * gpu + row],
                ha="center",
                va="center",
                color=theme.fg if mine else theme.muted,
            )
    # GPU 0's tokens: a -> E1 (its own GPU) and E5; b -> E4 and E8 (top-2 each).
    routes = {0: [(0, 0), (2, 0)], 1: [(1, 1), (3, 1)]}
    for row, targets in routes.items():
        ys = row_y(0, row)
        for gpu, erow in targets:
            ye = row_y(gpu, erow)
            local = gpu == 0
            dash = (0, (1.5, 1.5)) if local else "-"
            style.arrow(
                ax,
                (tok_x + w, ys),
                (exp_x, ye),
                theme,
                color=dispatch_c,
                linestyle=dash,
                shrinkB=1,
            )
            style.arrow(
                ax,
                (exp_x + w, ye),
                (out_x, ys),
                theme,
                color=combine_c,
                linestyle=dash if local else (0, (5, 2.5)),
                shrinkB=1,
            )
    head = top + 18
    ax.text(tok_x + w / 2, head, "tokens", ha="center", va="center", color=theme.fg)
    ax.text(exp_x + w / 2, head, "experts", ha="center", va="center", color=theme.fg)
    ax.text(out_x + w / 2, head, "outputs", ha="center", va="center", color=theme.fg)
    ax.text(
        (tok_x + w + exp_x) / 2, head + 4, "dispatch", ha="center", va="bottom", color=dispatch_c
    )
    ax.text((exp_x + w + out_x) / 2, head + 4, "combine", ha="center", va="bottom", color=combine_c)
    ax.plot(
        [tok_x + w + 8, exp_x - 8], [head - 4] * 2, color=dispatch_c, linewidth=style.LINE_WIDTH
    )
    ax.plot(
        [exp_x + w + 8, out_x - 8],
        [head - 4] * 2,
        color=combine_c,
        linewidth=style.LINE_WIDTH,
        linestyle=(0, (5, 2.5)),
    )
    return fig


# --- Data plots -----------------------------------------------------------------------------------


@figure("moe/active-vs-total")
def active_vs_total(theme: style.Theme):
    models = moe_models()
    fig = style.new_figure(432, 420)
    ax = fig.add_subplot()
    ys = list(range(len(models)))[::-1]
    for y, m in zip(ys, models, strict=True):
        ax.plot([m.active_b, m.total_b], [y, y], color=theme.muted, linewidth=style.LINE_WIDTH)
        ax.plot(m.active_b, y, "o", color=theme.color(1), markersize=8, zorder=3)
        ax.plot(
            m.total_b,
            y,
            "s",
            markerfacecolor="none",
            markeredgecolor=theme.color(0),
            markeredgewidth=2,
            markersize=8,
            zorder=3,
        )
    ax.legend(
        handles=[
            Line2D([], [], linestyle="none", marker="o", color=theme.color(1), markersize=8),
            Line2D(
                [],
                [],
                linestyle="none",
                marker="s",
                markerfacecolor="none",
                markeredgecolor=theme.color(0),
                markeredgewidth=2,
                markersize=8,
            ),
        ],
        labels=["active", "total"],
        ncols=2,
        loc="lower left",
        bbox_to_anchor=(-0.02, 0.99),
        borderaxespad=0,
        handletextpad=0.3,
        columnspacing=1.0,
    )
    share = ax.secondary_yaxis("right")
    share.set_yticks(ys, [f"{100 * m.active_share:.1f}%" for m in models])
    share.tick_params(length=0)
    share.spines["right"].set_visible(False)
    ax.text(
        1.02,
        len(models) - 0.1,
        "share",
        transform=ax.get_yaxis_transform(),
        ha="left",
        va="bottom",
        color=theme.fg,
    )
    ax.set_xscale("log")
    ax.set_xlim(2, 1400)
    ax.set_ylim(-0.6, len(models) - 0.1)
    ax.set_xticks([3, 10, 30, 100, 300, 1000], ["", "10", "", "100", "", "1,000"])
    ax.minorticks_off()
    ax.set_yticks(ys, [m.label for m in models])
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="y", visible=False)
    ax.spines["left"].set_visible(False)
    ax.set_xlabel("Parameters, billions")
    return fig


@figure("moe/expert-memory-vs-ep")
def expert_memory_vs_ep(theme: style.Theme):
    fig = style.new_figure(432, 372)
    ax = fig.add_subplot()
    lines = (("bf16", "BF16"), ("fp8", "FP8 + block scales"))
    for i, (precision, label) in enumerate(lines):
        gb = [expert_memory(precision, ep) / 1e9 for ep in EP_DEGREES]
        ax.plot(EP_DEGREES, gb, **style.series(i, theme), clip_on=False)
        ax.text(
            1.2,
            1900 if i == 0 else 20,
            label,
            color=theme.color(i),
            ha="left",
            va="center",
        )
    ax.axhline(H100_BYTES / 1e9, color=theme.muted, linewidth=style.THIN, linestyle=(0, (4, 3)))
    ax.text(256, 80 * 1.12, "80 GB (one H100)", color=theme.muted, ha="right", va="bottom")
    ax.axvline(64, color=theme.muted, linewidth=style.THIN, linestyle=":")
    ax.text(64 * 0.9, 1.15, "EP64", color=theme.muted, ha="right", va="bottom")
    for precision, ep in LABELLED_POINTS:
        i = 0 if precision == "bf16" else 1
        nbytes = expert_memory(precision, ep)
        ax.annotate(
            gb_label(nbytes),
            xy=(ep, nbytes / 1e9),
            xytext=(8 if i == 0 else -8, 6 if i == 0 else -8),
            textcoords="offset points",
            ha="left" if i == 0 else "right",
            va="bottom" if i == 0 else "top",
            color=theme.color(i),
        )
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_xlim(1, 256)
    ax.set_ylim(1, 3000)
    ax.set_xticks(EP_DEGREES, [str(ep) for ep in EP_DEGREES])
    ax.set_yticks([1, 10, 100, 1000], ["1", "10", "100", "1,000"])
    ax.minorticks_off()
    ax.set_xlabel("EP degree (GPUs sharing the experts)")
    ax.set_ylabel("Routed-expert weights per GPU, GB")
    return fig
