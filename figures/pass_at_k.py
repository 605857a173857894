"""Figures for docs/eval/pass-at-k.md (pass@k), written to docs/eval/.

Both plots are computed from calc/passk.py. ``curve_data`` and ``bias_data`` return the numbers
drawn, so that tests/test_figures_pass_at_k.py can check them against the page's text and tables.
"""

from __future__ import annotations

from calc.passk import expected_estimates, true_pass_at_k
from figures import figure, style

CURVE_PS = (0.5, 0.2, 0.05, 0.01)  # per-sample success probabilities, one line each
CURVE_KS = [2**i for i in range(9)]  # 1 ... 256
LABEL_Y = (0.9, 0.75, 0.6, 0.45)  # heights of the line labels, by line
MARKED = (0.01, 100)  # the point the caption names: the n = 200, c = 2 row's plug-in value
BIAS_N = 10
BIAS_PS = (0.3, 0.1)
BIAS_KS = list(range(1, BIAS_N + 1))
P_LABEL_AT = {0.3: (2.3, 0.78), 0.1: (5.0, 0.53)}  # where the line labels sit


def curve_data() -> dict[float, list[float]]:
    """p -> pass@k at each k of CURVE_KS."""
    return {p: [true_pass_at_k(p, k) for k in CURVE_KS] for p in CURVE_PS}


def bias_data() -> dict[float, dict[str, list[float]]]:
    """p -> {"truth", "naive", "unbiased"}: exact expectations over c ~ Binomial(BIAS_N, p)."""
    out = {}
    for p in BIAS_PS:
        rows = [expected_estimates(BIAS_N, p, k) for k in BIAS_KS]
        out[p] = {
            "truth": [r[0] for r in rows],
            "naive": [r[1] for r in rows],
            "unbiased": [r[2] for r in rows],
        }
    return out


@figure("eval/passk-vs-k")
def passk_vs_k(theme: style.Theme):
    fig = style.new_figure(432, 360)
    ax = fig.add_subplot()
    data = curve_data()
    # Dense k for smooth lines; markers only at the powers of two.
    dense = [2 ** (i / 8) for i in range(8 * 8 + 1)]
    for i, p in enumerate(CURVE_PS):
        kw = style.series(i, theme)
        ax.plot(dense, [true_pass_at_k(p, k) for k in dense], **{**kw, "marker": None})
        ax.plot(CURVE_KS, data[p], linestyle="none", marker=kw["marker"], color=kw["color"])
        # Label each line on the line itself, on a background patch, at staggered heights.
        y = LABEL_Y[i]
        k_at = next(k for k in dense if true_pass_at_k(p, k) >= y)
        ax.text(
            k_at,
            y,
            f"p = {p:g}",
            color=kw["color"],
            ha="center",
            va="center",
            bbox={"boxstyle": "square,pad=0.15", "facecolor": theme.background, "linewidth": 0},
        )
    p, k = MARKED
    ax.plot(
        [k],
        [true_pass_at_k(p, k)],
        marker="o",
        markersize=8,
        markerfacecolor="none",
        markeredgecolor=theme.fg,
        markeredgewidth=1.5,
        linestyle="none",
    )
    ax.annotate(
        f"k = {k}: {true_pass_at_k(p, k):.3f}",
        xy=(k, true_pass_at_k(p, k)),
        xytext=(k * 0.5, 0.2),
        color=theme.fg,
        ha="center",
        arrowprops={"arrowstyle": "-", "color": theme.muted, "linewidth": style.THIN},
    )
    ax.set_xscale("log", base=2)
    ax.set_xlim(1, 256)
    ax.set_ylim(0, 1.02)
    ax.set_xticks(CURVE_KS[::2], [str(k) for k in CURVE_KS[::2]])
    ax.minorticks_off()
    ax.set_yticks([0, 0.25, 0.5, 0.75, 1.0], ["0", "0.25", "0.5", "0.75", "1"])
    ax.set_xlabel("Attempts k (log scale)")
    ax.set_ylabel("pass@k")
    return fig


@figure("eval/passk-estimator-bias")
def passk_estimator_bias(theme: style.Theme):
    fig = style.new_figure(432, 372)
    ax = fig.add_subplot()
    data = bias_data()
    for i, p in enumerate(BIAS_PS):
        color = theme.color(i)
        curves = data[p]
        ax.plot(BIAS_KS, curves["truth"], color=color, linewidth=style.LINE_WIDTH)
        ax.plot(
            BIAS_KS,
            curves["unbiased"],
            linestyle="none",
            marker="o",
            markersize=7,
            markerfacecolor="none",
            markeredgecolor=color,
            markeredgewidth=1.5,
        )
        ax.plot(
            BIAS_KS,
            curves["naive"],
            color=color,
            linestyle=(0, (4, 2.5)),
            marker="s",
            markersize=5,
            linewidth=style.LINE_WIDTH,
        )
        last_truth, last_naive = curves["truth"][-1], curves["naive"][-1]
        ax.text(10.35, last_truth, f"{last_truth:.4f}", color=color, va="center")
        ax.text(10.35, last_naive, f"{last_naive:.4f}", color=color, va="center")
        x, y = P_LABEL_AT[p]
        ax.text(x, y, f"p = {p:g}", color=color, ha="right", va="bottom")
    ax.set_xlim(1, 10)
    ax.set_ylim(0, 1)
    ax.set_xticks([1, 2, 4, 6, 8, 10])
    ax.set_yticks([0, 0.25, 0.5, 0.75, 1.0], ["0", "0.25", "0.5", "0.75", "1"])
    ax.set_xlabel(f"k (n = {BIAS_N} samples per problem)")
    ax.set_ylabel("Mean estimate of pass@k")
    # Key in the plot: line = truth, circles = unbiased mean, dashed squares = plug-in mean.
    key_y = (0.2, 0.12, 0.04)
    ax.plot([5.2, 6.0], [key_y[0]] * 2, color=theme.fg, linewidth=style.LINE_WIDTH)
    ax.plot(
        [5.6],
        [key_y[1]],
        marker="o",
        markerfacecolor="none",
        markeredgecolor=theme.fg,
        markersize=7,
        markeredgewidth=1.5,
        linestyle="none",
    )
    ax.plot(
        [5.2, 6.0],
        [key_y[2]] * 2,
        color=theme.fg,
        linestyle=(0, (4, 2.5)),
        marker="s",
        markersize=5,
        markevery=[1],
    )
    for y, label in zip(key_y, ("true pass@k", "unbiased (mean)", "plug-in (mean)"), strict=True):
        ax.text(6.25, y, label, va="center", color=theme.fg)
    return fig
