"""Figures for docs/lcw/sparse-and-hybrid-attention.md, written to docs/lcw/.

* lcw/dsa-indexer-topk: a diagram of DeepSeek Sparse Attention for one query: the lightning
  indexer scores every cached token, top-k picks the ones the main MLA attention reads. The
  numbers on it (64 indexer heads of width 128, k = 2,048, a 128K context) are the published
  DeepSeek-V3.2-Exp configuration quoted on the page.
* lcw/kv-per-token-2026: KV-cache bytes per token summed over all layers, from calc/kv_cache.py,
  for the configurations the page cites, including Nemotron 3 Nano as the Mamba-2 hybrid. ``bars()`` is the data; tests/test_figures_lcw_sparse.py
  checks it against the worked example, the alt text and the caption.
"""

from __future__ import annotations

from calc.kv_cache import (
    dsa_indexer_cache_bytes,
    fp8_mla_cache_bytes,
    kv_cache_bytes,
    mla_cache_bytes,
)
from figures import figure, style

# DeepSeek-V3 / V3.2-Exp: 61 layers, latent 512, RoPE key 64; indexer key 128, FP32 scale per 128.
DS_LAYERS, LATENT, ROPE, INDEX_DIM, SCALE_BLOCK = 61, 512, 64, 128, 128
INDEX_HEADS, TOPK, CONTEXT = 64, 2048, 131072
# Llama 3 70B: 80 layers, 8 KV heads of width 128.
LLAMA_LAYERS, LLAMA_KV_HEADS, LLAMA_HEAD_DIM = 80, 8, 128
# Nemotron 3 Nano (NVIDIA Megatron-Bridge provider at d9f7643): 6 attention layers, 2 KV groups
# of width 128; its 23 Mamba-2 layers keep a fixed state and no per-token cache.
NANO_ATTN_LAYERS, NANO_KV_GROUPS, NANO_HEAD_DIM = 6, 2, 128


def bars() -> list[tuple[str, int]]:
    """(label, bytes per token over all layers), top to bottom."""
    indexer = dsa_indexer_cache_bytes(DS_LAYERS, INDEX_DIM, SCALE_BLOCK, 1)
    return [
        (
            "Llama 3 70B, GQA, BF16",
            kv_cache_bytes(LLAMA_LAYERS, LLAMA_KV_HEADS, LLAMA_HEAD_DIM, 2, 1),
        ),
        ("DeepSeek-V3, MLA, BF16", mla_cache_bytes(DS_LAYERS, LATENT, ROPE, 2, 1)),
        ("DeepSeek-V3.2, DSA, BF16", mla_cache_bytes(DS_LAYERS, LATENT, ROPE, 2, 1) + indexer),
        (
            "DeepSeek-V3.2, DSA, FP8",
            fp8_mla_cache_bytes(DS_LAYERS, LATENT, ROPE, SCALE_BLOCK, 1) + indexer,
        ),
        (
            "Nemotron 3 Nano, hybrid, BF16",
            kv_cache_bytes(NANO_ATTN_LAYERS, NANO_KV_GROUPS, NANO_HEAD_DIM, 2, 1),
        ),
    ]


@figure("lcw/kv-per-token-2026")
def kv_per_token_2026(theme: style.Theme):
    data = bars()
    fig = style.new_figure(432, 300)
    ax = fig.add_subplot()
    ys = list(range(len(data)))[::-1]
    for i, ((label, value), y) in enumerate(zip(data, ys, strict=True)):
        hatch = (None, "//", "xx", "..", "\\\\")[i % 5]
        ax.barh(
            y,
            value / 1000,
            height=0.55,
            color=theme.fill(i % 4),
            edgecolor=theme.color(i % 6),
            hatch=hatch,
            linewidth=style.THIN,
        )
        ax.text(2, y + 0.33, label, color=theme.fg, va="bottom")
        ax.text(value / 1000 + 4, y, f"{value:,}", color=theme.fg, va="center")
    ax.set_xlim(0, 400)
    ax.set_ylim(-0.6, len(data) - 0.05)
    ax.set_yticks([])
    ax.set_xticks([0, 100, 200, 300, 400], ["0", "100", "200", "300", "400"])
    ax.set_xlabel("KV cache per token, all layers, thousand bytes")
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    return fig


@figure("lcw/dsa-indexer-topk")
def dsa_indexer_topk(theme: style.Theme):
    fig = style.new_figure(432, 372)
    ax = style.diagram_axes(fig, 10.0, 8.6)
    # The cached context: a strip of tokens, a few of them selected.
    n = 24
    selected = {2, 5, 6, 11, 15, 19, 20, 23}
    x0, w = 0.4, 9.2 / n
    for j in range(n):
        fill = 1 if j in selected else None
        style.box(ax, x0 + j * w, 6.9, w * 0.85, 0.7, "", theme, fill=fill)
    ax.text(5.0, 7.9, "128K cached tokens; shaded: selected", ha="center", color=theme.fg)
    # Indexer box.
    style.box(ax, 0.4, 4.55, 9.2, 1.45, "", theme, fill=0)
    ax.text(5.0, 5.55, "lightning indexer, every token", ha="center", va="center", color=theme.fg)
    ax.text(
        5.0,
        4.95,
        f"{INDEX_HEADS} heads x {INDEX_DIM}, FP8 keys",
        ha="center",
        va="center",
        color=theme.fg,
    )
    style.arrow(ax, (5.0, 6.8), (5.0, 6.1), theme)
    # Top-k.
    style.box(ax, 2.2, 2.85, 5.6, 1.0, f"top-k, k = {TOPK:,}", theme, fill=2)
    style.arrow(ax, (5.0, 4.45), (5.0, 3.95), theme)
    # Main attention.
    style.box(ax, 0.4, 0.3, 9.2, 1.55, "", theme, fill=3)
    ax.text(5.0, 1.35, "MLA attention over the", ha="center", va="center", color=theme.fg)
    ax.text(
        5.0, 0.75, f"{TOPK:,} selected tokens (1.56%)", ha="center", va="center", color=theme.fg
    )
    style.arrow(ax, (5.0, 2.75), (5.0, 1.95), theme)
    return fig
