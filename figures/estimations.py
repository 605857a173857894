"""Figures for docs/estimations/README.md (Estimating training compute), written to
docs/estimations/.

All three are computed with calc/training_compute.py from the inputs the page states (and
tests/test_estimations_page.py uses): Llama 3 405B's shape and tokens, DeepSeek-V3's active
parameters and tokens, GPT-3, Chinchilla and the 7B example, the H100 SXM dense BF16 peak.
``attention_data``, ``runs`` and ``gpu_hour_data`` return the numbers drawn, which
tests/test_figures_estimations.py checks against the page's tables.
"""

from __future__ import annotations

import math

import calc.training_compute as tc
from figures import figure, style

# Llama 3 405B: 126 layers, 128 heads of dimension 128, 405B parameters (grattafiori2024llama3).
LLAMA_SHAPE = (126, 128, 128)
LLAMA_N = 405e9
CONTEXTS = [2**k for k in range(10, 18)]  # 1K ... 128K
CONTEXT_MARKS = (8192, 131072)


def attention_data() -> dict[str, list[float]]:
    """Attention FLOPs per token as a percentage of 6N, full and causal, at each context."""
    six_n = tc.training_flops(LLAMA_N, 1.0)
    full = [100.0 * tc.attention_flops_per_token(*LLAMA_SHAPE, t) / six_n for t in CONTEXTS]
    causal = [
        100.0 * tc.attention_flops_per_token(*LLAMA_SHAPE, t, causal=True) / six_n for t in CONTEXTS
    ]
    return {"full": full, "causal": causal}


def _k(tokens: int) -> str:
    return f"{tokens // 1024}K"


@figure("estimations/attention-share")
def attention_share(theme: style.Theme):
    fig = style.new_figure(432, 360)
    ax = fig.add_subplot()
    data = attention_data()
    ax.plot(CONTEXTS, data["full"], **style.series(0, theme))
    ax.plot(CONTEXTS, data["causal"], **style.series(1, theme))
    ax.text(2**10 * 1.1, 3.5, "full T × T", color=theme.color(0), va="bottom")
    ax.text(2**11, data["causal"][1] * 0.62, "causal (half)", color=theme.color(1), va="top")
    for t in CONTEXT_MARKS:
        value = data["full"][CONTEXTS.index(t)]
        ax.annotate(
            f"{value:.1f}%" if value < 100 else f"{value:.0f}%",
            xy=(t, value),
            xytext=(-10, 8),
            textcoords="offset points",
            ha="right",
            va="bottom",
            color=theme.fg,
        )
    ax.axhline(100, color=theme.muted, linewidth=style.THIN, linestyle=(0, (4, 3)))
    ax.text(2**10 * 1.15, 110, "attention = 6N", color=theme.muted, va="bottom")
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_xlim(2**10, 2**17)
    ax.set_ylim(0.4, 400)
    ticks = [2**10, 2**12, 2**14, 2**17]
    ax.set_xticks(ticks, [_k(t) for t in ticks])
    ax.set_yticks([1, 10, 100], ["1%", "10%", "100%"])
    ax.minorticks_off()
    ax.set_xlabel("Sequence length T, tokens")
    ax.set_ylabel("12LHQT as a share of 6N")
    return fig


# name, parameters (active for MoE), training tokens, label offset in points
RUNS = (
    ("GPT-3", 175e9, 300e9, (8, -4)),
    ("Chinchilla", 70e9, 1.4e12, (-8, 4)),
    ("Llama 3.1 405B", 405e9, 15.6e12, (-8, -6)),
    ("DeepSeek-V3", 37e9, 14.8e12, (-8, 4)),
    ("7B example", 7e9, 1e12, (8, -4)),
)
ISO_FLOPS = (1e22, 1e23, 1e24, 1e25, 1e26)


def runs() -> list[tuple[str, float, float, float]]:
    """(name, N, D, 6ND FLOPs) for each run drawn."""
    return [(name, n, d, tc.training_flops(n, d)) for name, n, d, _ in RUNS]


def _power(x: float) -> str:
    exponent = round(math.log10(x))
    sup = str(exponent).translate(str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))
    return f"10{sup}"


@figure("estimations/compute-plane")
def compute_plane(theme: style.Theme):
    fig = style.new_figure(432, 420)
    ax = fig.add_subplot()
    n_lo, n_hi, d_lo, d_hi = 1e9, 2e12, 1e10, 1e14
    for c in ISO_FLOPS:
        # D = C / (6N), a straight line of slope -1 on log-log axes.
        ns = [n_lo, n_hi]
        ax.plot(ns, [c / (6 * n) for n in ns], color=theme.grid, linewidth=1.2, zorder=1)
        n_top = c / (6 * d_hi)  # where the line leaves the top edge, else the left edge
        if n_top > n_lo:
            ax.text(n_top * 1.25, d_hi / 1.25, _power(c), color=theme.muted, ha="left", va="top")
        else:
            d_left = c / (6 * n_lo)
            ax.text(n_lo * 1.2, d_left / 1.2, _power(c), color=theme.muted, ha="left", va="top")
    ns = [n_lo, n_hi]
    ax.plot(
        ns,
        [tc.chinchilla_tokens(n) for n in ns],
        color=theme.color(2),
        linestyle=(0, (5, 3)),
        linewidth=style.LINE_WIDTH,
    )
    ax.text(
        1.3e9,
        tc.chinchilla_tokens(1.3e9) * 1.3,
        "D = 20N",
        color=theme.color(2),
        va="bottom",
        rotation=0,
    )
    for (name, n, d, _flops), (_, _, _, offset) in zip(runs(), RUNS, strict=True):
        ax.plot([n], [d], marker="o", markersize=8, color=theme.color(0), zorder=3)
        ax.annotate(
            name,
            xy=(n, d),
            xytext=offset,
            textcoords="offset points",
            ha="left" if offset[0] > 0 else "right",
            va="bottom" if offset[1] > 0 else "top",
            color=theme.fg,
        )
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(n_lo, n_hi)
    ax.set_ylim(d_lo, d_hi)
    ax.set_xticks([1e9, 1e10, 1e11, 1e12], ["1B", "10B", "100B", "1T"])
    ax.set_yticks([1e10, 1e11, 1e12, 1e13, 1e14], ["10B", "100B", "1T", "10T", "100T"])
    ax.minorticks_off()
    ax.grid(False)
    ax.set_xlabel("Parameters N (active for MoE)")
    ax.set_ylabel("Training tokens D")
    return fig


MFUS = [m / 100 for m in range(20, 61)]
CURVE_LABELS = {
    "Llama 3.1 405B": "Llama 3.1\n405B",
    "DeepSeek-V3": "DeepSeek-V3",
    "7B on 1T tokens": "7B on\n1T tokens",
}


def gpu_hour_data() -> list[dict[str, object]]:
    """For each worked example: its 6ND FLOPs, the GPU-hours at each MFU of MFUS, and the
    (utilisation, GPU-hours) points the page computes."""
    peak = tc.H100_SXM_BF16_DENSE
    llama = tc.training_flops(LLAMA_N, 15.6e12)
    dsv3 = tc.training_flops(37e9, 14.8e12)
    small = tc.training_flops(7e9, 1e12)
    examples = (
        ("Llama 3.1 405B", llama, [0.43, 0.38], 30.84e6),
        ("DeepSeek-V3", dsv3, [], 2.664e6),
        ("7B on 1T tokens", small, [0.40], None),
    )
    out = []
    for name, flops, mfus, reported in examples:
        points = [(m, tc.gpu_hours(flops, peak, m)) for m in mfus]
        if reported is not None:
            points.append((tc.mfu_from_gpu_hours(flops, reported, peak), reported))
        out.append(
            {
                "name": name,
                "flops": flops,
                "curve": [tc.gpu_hours(flops, peak, m) for m in MFUS],
                "points": points,
                "reported": reported,
            }
        )
    return out


def _hours(h: float) -> str:
    return f"{h / 1e6:.2f}M" if h >= 1e6 else f"{h:,.0f}"


@figure("estimations/gpu-hours-vs-mfu")
def gpu_hours_vs_mfu(theme: style.Theme):
    fig = style.new_figure(432, 420)
    ax = fig.add_subplot()
    for i, example in enumerate(gpu_hour_data()):
        kw = style.series(i, theme)
        ax.plot([100 * m for m in MFUS], example["curve"], **{**kw, "marker": None})
        ax.text(
            60.5,
            example["curve"][-1],
            CURVE_LABELS[example["name"]],
            color=kw["color"],
            va="center",
            linespacing=1.1,
        )
        for m, h in example["points"]:
            filled = h != example["reported"]
            ax.plot(
                [100 * m],
                [h],
                marker=kw["marker"],
                markersize=8,
                color=kw["color"],
                markerfacecolor=kw["color"] if filled else theme.background,
                markeredgewidth=1.8,
                linestyle="none",
                zorder=3,
            )
            # Llama's three points are close: reported below left, 38% above, 43% below right.
            dx, dy = (6, 6)
            if example["name"].startswith("Llama"):
                dx, dy = (-6, -6) if not filled else (6, 6) if m < 0.4 else (6, -6)
            ax.annotate(
                _hours(h) if filled else f"{h / 1e6:g}M",
                xy=(100 * m, h),
                xytext=(dx, dy),
                textcoords="offset points",
                ha="left" if dx > 0 else "right",
                va="bottom" if dy > 0 else "top",
                color=kw["color"],
            )
    ax.set_yscale("log")
    ax.set_xlim(20, 60)
    ax.set_ylim(1e4, 1e8)
    ax.set_xticks([20, 30, 40, 50, 60], ["20%", "30%", "40%", "50%", "60%"])
    ax.set_yticks([1e4, 1e5, 1e6, 1e7, 1e8], ["10K", "100K", "1M", "10M", "100M"])
    ax.minorticks_off()
    ax.set_xlabel("Utilisation against the BF16 dense peak")
    ax.set_ylabel("H100 GPU-hours for 6ND")
    return fig
