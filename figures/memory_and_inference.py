"""Figures for docs/estimations/memory-and-inference.md (Estimating training memory and inference
cost), written to docs/estimations/.

``breakdown_data`` computes, with calc/memory_inference.py, the per-GPU memory of the page's
GPT-3 175B example (tensor 8, pipeline 8, 16 replicas, micro-batch 1, 2,048 tokens) for four
choices of sharding and recomputation; tests/test_figures_memory_inference.py checks the
numbers against the page's table and the figure's alt text.
"""

from __future__ import annotations

import calc.memory_inference as mi
from figures import figure, style

GPT3 = {"n_layers": 96, "seq_len": 2048, "micro_batch": 1, "hidden": 12288, "heads": 96}
GPT3_N, T, P, D = 175e9, 8, 8, 16
H100_GB = 80.0
# label, ZeRO stage, recomputation mode
CONFIGS = (
    ("No ZeRO, TP+SP", 0, "tp+sp"),
    ("ZeRO-1, TP+SP", 1, "tp+sp"),
    ("ZeRO-1, selective", 1, "selective"),
    ("ZeRO-1, full", 1, "full"),
)
PARTS = ("weights", "grads", "optimizer", "activations")
PART_LABELS = ("weights", "gradients", "optimiser", "activations")


def breakdown_data() -> list[dict[str, float | str]]:
    """Per configuration: GB of weights, gradients, optimiser state, activations and the total."""
    out = []
    for label, stage, mode in CONFIGS:
        states = mi.model_state_bytes(GPT3_N, dp=D, zero_stage=stage, tp=T, pp=P)
        acts = mi.first_stage_activation_bytes(tp=T, mode=mode, **GPT3)
        row: dict[str, float | str] = {"label": label}
        for part in PARTS[:3]:
            row[part] = states[part] / mi.GB
        row["activations"] = acts / mi.GB
        row["total"] = (states["total"] + acts) / mi.GB
        out.append(row)
    return out


@figure("estimations/memory-breakdown")
def memory_breakdown(theme: style.Theme):
    fig = style.new_figure(432, 400)
    ax = fig.add_subplot()
    data = breakdown_data()
    ys = list(range(len(data)))[::-1]
    hatches = ("", "//", "..", "xx")
    for i, part in enumerate(PARTS):
        lefts = [sum(float(r[p]) for p in PARTS[:i]) for r in data]
        widths = [float(r[part]) for r in data]
        ax.barh(
            ys,
            widths,
            left=lefts,
            height=0.6,
            color=theme.color(i),
            hatch=hatches[i],
            edgecolor=theme.background,
            label=PART_LABELS[i],
        )
    for y, r in zip(ys, data, strict=True):
        ax.text(float(r["total"]) + 1.5, y, f"{float(r['total']):.1f}", va="center", color=theme.fg)
    ax.axvline(H100_GB, color=theme.muted, linewidth=style.THIN, linestyle=(0, (4, 3)))
    ax.text(H100_GB - 1, len(data) - 0.45, "80 GB", color=theme.muted, ha="right", va="bottom")
    ax.set_yticks(ys, [str(r["label"]) for r in data])
    ax.set_xlim(0, 100)
    ax.set_ylim(-0.6, len(data) - 0.1)
    ax.set_xlabel("GB per GPU")
    ax.legend(loc="upper center", bbox_to_anchor=(0.42, 1.32), ncol=2, frameon=False)
    ax.grid(False)
    return fig
