"""Figures for docs/estimations/reported-costs.md (Reported training costs and over-training),
written to docs/estimations/.

Both are computed with calc/training_compute.py from the reported inputs the page states (and
tests/test_reported_costs_page.py uses). ``utilisation_data`` and ``ratio_data`` return the
numbers drawn, which tests/test_figures_reported_costs.py checks against the page's tables.
"""

from __future__ import annotations

import calc.training_compute as tc
from figures import figure, style

PEAK = tc.H100_SXM_BF16_DENSE

# name, active parameters, training tokens, reported GPU-hours (sources on the page)
CHECKED = (
    ("Llama 3.1 405B", 405e9, 15.6e12, 30.84e6),  # grattafiori2024llama3, meta2024llama31card
    ("DeepSeek-V3", 37e9, 14.8e12, 2.664e6),  # deepseekai2024v3 (pre-training hours)
    ("Llama 4 Maverick", 17e9, 22e12, 2.38e6),  # meta2025llama4card
    ("SmolLM3", 3e9, 11e12, tc.cluster_gpu_hours(384, 24)),  # hf_smollm3_pretraining
    ("Llama 4 Scout", 17e9, 40e12, 5.0e6),  # meta2025llama4card
)

# name, active parameters, training tokens (sources on the page and on README.md)
RATIOS = (
    ("Chinchilla", 70e9, 1.4e12),
    ("Llama 3.1 405B", 405e9, 15.6e12),
    ("Nemotron 3 Ultra", 55e9, 20e12),
    ("DeepSeek-V3", 37e9, 14.8e12),
    ("Kimi K2", 32e9, 15.5e12),
    ("Llama 4 Maverick", 17e9, 22e12),
    ("Qwen3-235B-A22B", 22e9, 36e12),
    ("Nemotron 3 Super", 12.7e9, 25e12),
    ("Llama 4 Scout", 17e9, 40e12),
    ("SmolLM3", 3e9, 11e12),
    ("Nemotron 3 Nano", 3.6e9, 25e12),
)


def utilisation_data() -> list[tuple[str, float]]:
    """(name, end-to-end utilisation as a fraction) for each checked run, in drawing order."""
    return [
        (name, tc.mfu_from_gpu_hours(tc.training_flops(n, d), hours, PEAK))
        for name, n, d, hours in CHECKED
    ]


def ratio_data() -> list[tuple[str, float]]:
    """(name, tokens per active parameter) for each run, in drawing order."""
    return [(name, tc.tokens_per_param(d, n)) for name, n, d in RATIOS]


def _ratio_label(x: float) -> str:
    if x < 100:
        return f"{x:,.1f}".removesuffix(".0")
    return f"{x:,.0f}"


@figure("estimations/reported-utilisation")
def reported_utilisation(theme: style.Theme):
    fig = style.new_figure(432, 300)
    ax = fig.add_subplot()
    data = utilisation_data()
    names = [name for name, _ in data]
    values = [100 * u for _, u in data]
    ys = list(range(len(data)))[::-1]
    ax.barh(ys, values, color=theme.color(0), height=0.6)
    for y, v in zip(ys, values, strict=True):
        ax.text(v + 0.8, y, f"{v:.1f}%", va="center", ha="left", color=theme.fg)
    ax.set_yticks(ys, names)
    ax.set_xlim(0, 48)
    ax.set_xticks([0, 10, 20, 30, 40], ["0", "10", "20", "30", "40%"])
    ax.set_xlabel("Implied utilisation, 6ND")
    ax.grid(False)
    return fig


@figure("estimations/tokens-per-parameter")
def tokens_per_parameter(theme: style.Theme):
    fig = style.new_figure(432, 420)
    ax = fig.add_subplot()
    data = ratio_data()
    names = [name for name, _ in data]
    values = [v for _, v in data]
    ys = list(range(len(data)))[::-1]
    ax.barh(ys, [v - 1 for v in values], color=theme.color(0), height=0.6, left=1)
    for y, v in zip(ys, values, strict=True):
        ax.text(v * 1.12, y, _ratio_label(v), va="center", ha="left", color=theme.fg)
    ax.axvline(
        tc.CHINCHILLA_TOKENS_PER_PARAM,
        color=theme.color(2),
        linestyle=(0, (5, 3)),
        linewidth=style.LINE_WIDTH,
    )
    ax.set_xscale("log")
    ax.set_xlim(1, 1e5)
    ax.set_xticks([1, 10, 100, 1000, 10000], ["1", "10", "100", "1k", "10k"])
    ax.minorticks_off()
    ax.set_yticks(ys, names)
    ax.set_xlabel("Tokens per active parameter")
    ax.grid(False)
    return fig
