"""Figures for docs/lcw.md (Long context windows), written to docs/lcw/.

figures/data/lcw-kv-models.csv holds the model configurations of the page's KV-cache table:
``table_row`` is the first cell of that table's row (tests/test_figures.py checks that the
figure's value at 131,072 tokens equals the table's), ``label`` the text drawn on the line, then
the shapes (``attention`` is "gqa" for MHA/GQA or "mla"), bytes per element and the source key.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from calc import context_parallel, rope
from calc.kv_cache import kv_cache_bytes, mla_cache_bytes, to_gib
from figures import data_rows, figure, style

KV_MODELS = "lcw-kv-models.csv"
CONTEXTS = [2**k for k in range(12, 21)]  # 4K ... 1M tokens
TABLE_TOKENS = 131_072


@dataclass(frozen=True)
class KvModel:
    table_row: str
    label: str
    attention: str
    layers: int
    kv_heads: int
    head_dim: int
    kv_lora_rank: int
    rope_head_dim: int
    bytes_per_elem: int
    source: str

    def cache_bytes(self, tokens: int) -> int:
        if self.attention == "mla":
            return mla_cache_bytes(
                self.layers, self.kv_lora_rank, self.rope_head_dim, self.bytes_per_elem, tokens
            )
        return kv_cache_bytes(
            self.layers, self.kv_heads, self.head_dim, self.bytes_per_elem, tokens
        )


def kv_models() -> list[KvModel]:
    out = []
    for row in data_rows(KV_MODELS):
        ints = {
            k: int(row[k] or 0)
            for k in ("layers", "kv_heads", "head_dim", "kv_lora_rank", "rope_head_dim")
        }
        out.append(
            KvModel(
                table_row=row["table_row"],
                label=row["label"],
                attention=row["attention"],
                bytes_per_elem=int(row["bytes_per_elem"]),
                source=row["source"],
                **ints,
            )
        )
    return out


def _spread(values: list[float], gap: float) -> list[float]:
    """Move label positions (sorted high to low) apart so that neighbours are >= gap apart."""
    out = list(values)
    for i in range(1, len(out)):
        out[i] = min(out[i], out[i - 1] - gap)
    return out


@figure("lcw/kv-cache-vs-context")
def kv_cache_vs_context(theme: style.Theme):
    fig = style.new_figure(432, 372)
    ax = fig.add_subplot()
    models = kv_models()
    ends = []
    for i, model in enumerate(models):
        gib = [to_gib(model.cache_bytes(t)) for t in CONTEXTS]
        ax.plot(CONTEXTS, gib, **style.series(i, theme), markevery=2, clip_on=False)
        ends.append(math.log10(gib[-1]))
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_xlim(CONTEXTS[0], CONTEXTS[-1])
    ax.set_ylim(0.2, 4000)
    ax.set_xticks([2**12, 2**14, 2**16, 2**18, 2**20], ["4K", "16K", "64K", "256K", "1M"])
    ax.set_yticks([1, 10, 100, 1000], ["1", "10", "100", "1,000"])
    ax.minorticks_off()
    ax.set_xlabel("Context length, tokens")
    ax.set_ylabel("KV cache of one sequence, GiB")
    # One H100's 80 GB, for scale (74.5 GiB).
    h100 = 80e9 / 2**30
    ax.axhline(h100, color=theme.muted, linewidth=style.THIN, linestyle=(0, (4, 3)))
    ax.text(2**12 * 1.1, h100 * 1.1, "80 GB (H100)", color=theme.muted, va="bottom")
    ax.axvline(TABLE_TOKENS, color=theme.muted, linewidth=style.THIN, linestyle=":")
    # Labels right of the line ends, pushed apart where lines are close (log units).
    for i, (model, y) in enumerate(zip(models, _spread(ends, 0.3), strict=True)):
        ax.annotate(
            model.label,
            xy=(CONTEXTS[-1], 10 ** ends[i]),
            xytext=(CONTEXTS[-1] * 1.3, 10**y),
            color=theme.color(i),
            va="center",
            annotation_clip=False,
        )
    ax.text(TABLE_TOKENS * 0.92, 0.25, "128K", color=theme.muted, ha="right", va="bottom")
    return fig


# --- RoPE: how each extension rule slows the channels ---------------------------------------------

ROPE_D, ROPE_BASE, ROPE_ORIGINAL, ROPE_TARGET = 128, 10_000, 2_048, 32_768  # LLaMA, PI's 2K to 32K


def rope_slowdowns() -> dict[str, list[float]]:
    """Per channel pair: the factor by which each rule divides the original frequency."""
    s = ROPE_TARGET / ROPE_ORIGINAL
    theta = rope.frequencies(ROPE_D, ROPE_BASE)
    rules = {
        "PI": rope.pi_frequencies(ROPE_D, ROPE_BASE, s),
        "NTK-aware": rope.ntk_frequencies(ROPE_D, ROPE_BASE, s),
        "YaRN": rope.yarn_frequencies(ROPE_D, ROPE_BASE, s, ROPE_ORIGINAL),
    }
    return {name: [t / f for t, f in zip(theta, new, strict=True)] for name, new in rules.items()}


@figure("lcw/rope-scaling-rules")
def rope_scaling_rules(theme: style.Theme):
    fig = style.new_figure(432, 336)
    ax = fig.add_subplot()
    pairs = list(range(ROPE_D // 2))
    slow = rope_slowdowns()
    label_at = {"PI": (2, 19.5), "NTK-aware": (37, 2.2), "YaRN": (1, 1.05)}
    for i, (name, factors) in enumerate(slow.items()):
        ax.plot(pairs, factors, **style.series(i, theme), markevery=8)
        ax.text(*label_at[name], name, color=theme.color(i), va="bottom")
    # Where YaRN's ramp lies: pairs turning between 32 times and once in the original window.
    turns = [ROPE_ORIGINAL / w for w in rope.wavelengths(ROPE_D, ROPE_BASE)]
    first = next(i for i, r in enumerate(turns) if r < 32)
    last = next(i for i, r in enumerate(turns) if r <= 1)
    ax.axvspan(first, last, color=theme.grid, alpha=0.45, linewidth=0)
    ax.text((first + last) / 2, 5.5, "YaRN\nramp", color=theme.muted, ha="center", va="center")
    ax.set_yscale("log", base=2)
    ax.set_yticks([1, 2, 4, 8, 16], ["1", "2", "4", "8", "16"])
    ax.minorticks_off()
    ax.set_ylim(0.85, 32)
    ax.set_xlim(0, ROPE_D // 2 - 1)
    ax.set_xticks([0, 16, 32, 48, 63])
    ax.set_xlabel("Channel pair i (fast to slow)")
    ax.set_ylabel("Frequency divided by")
    return fig


# --- FlashAttention: the causal score matrix in tiles ---------------------------------------------

TILES = 8  # query and key blocks drawn
ROW = 5  # the query block whose tiles are highlighted


@figure("lcw/attention-tiling")
def attention_tiling(theme: style.Theme):
    from matplotlib.patches import Polygon, Rectangle

    fig = style.new_figure(432, 372)
    ax = style.diagram_axes(fig, 11.6, 10.0)
    x0, top = 2.4, 8.6  # left edge and top of the matrix; tile size 1
    for r in range(TILES):
        for c in range(TILES):
            x, y = x0 + c, top - r - 1
            if c < r:
                ax.add_patch(
                    Rectangle((x, y), 1, 1, facecolor=theme.fill(0), edgecolor=theme.fg, lw=0.8)
                )
            elif c == r:  # diagonal: the lower triangle is computed, the rest masked inside
                ax.add_patch(Rectangle((x, y), 1, 1, facecolor="none", edgecolor=theme.fg, lw=0.8))
                ax.add_patch(
                    Polygon(
                        [(x, y + 1), (x, y), (x + 1, y)],
                        closed=True,
                        facecolor=theme.fill(0),
                        edgecolor=theme.fg,
                        lw=0.8,
                    )
                )
            else:
                ax.add_patch(
                    Rectangle(
                        (x, y), 1, 1, facecolor="none", edgecolor=theme.grid, lw=0.8, ls=(0, (2, 2))
                    )
                )
    # The highlighted query block: its row of tiles, processed left to right.
    ax.add_patch(
        Rectangle((x0, top - ROW - 1), ROW + 1, 1, facecolor="none", edgecolor=theme.color(1), lw=3)
    )
    y_row = top - ROW - 0.5
    style.arrow(ax, (x0 + 0.3, y_row), (x0 + ROW + 0.7, y_row), theme, color=theme.color(1))
    ax.text(x0 + ROW + 1.2, y_row, "one query\nblock in\nSRAM", color=theme.color(1), va="center")
    ax.text(x0 + TILES / 2, top + 0.35, "key and value blocks", ha="center", va="bottom")
    ax.text(x0 - 0.3, top - TILES / 2, "query blocks", ha="right", va="center", rotation=90)
    ax.text(x0 + 5.8, top - 1.9, "skipped:\ncausal mask", color=theme.muted, ha="center")
    ax.text(x0 + TILES / 2, top - TILES - 0.35, "T tokens in 8 blocks", ha="center", va="top")
    return fig


# --- Context parallelism: ring attention and Llama 3's load balancing ----------------------------

RING = 4  # GPUs in the ring


@figure("lcw/ring-attention-steps")
def ring_attention_steps(theme: style.Theme):
    fig = style.new_figure(432, 252)
    ax = style.diagram_axes(fig, 12.0, 7.0)
    x0, w, h, top = 3.1, 2.1, 1.2, 6.2
    for t in range(RING):
        ax.text(x0 + t * w + w / 2, top + 0.25, f"step {t + 1}", ha="center", va="bottom")
    for g in range(RING):
        y = top - (g + 1) * (h + 0.2)
        ax.text(x0 - 0.2, y + h / 2, f"GPU {g}: Q{SUB[g]}", ha="right", va="center")
        for t in range(RING):
            block = (g - t) % RING
            style.box(ax, x0 + t * w + 0.1, y, w - 0.2, h, f"K,V{SUB[block]}", theme, fill=block)
    # K,V block 0 moves one GPU down the ring at every step.
    for t in range(RING - 1):
        ya = top - (t + 1) * (h + 0.2) + 0.15
        yb = top - (t + 2) * (h + 0.2) + h - 0.15
        style.arrow(
            ax,
            (x0 + t * w + w - 0.35, ya),
            (x0 + (t + 1) * w + 0.45, yb),
            theme,
            color=theme.fg,
            linewidth=style.LINE_WIDTH,
        )
    return fig


SUB = "₀₁₂₃₄₅₆₇"


@figure("lcw/cp-load-balance")
def cp_load_balance(theme: style.Theme):
    from matplotlib.patches import Rectangle

    cp = 4
    n = 2 * cp
    fig = style.new_figure(432, 312)
    ax = style.diagram_axes(fig, 12.0, 8.7)
    layouts = (("contiguous", "Contiguous"), ("llama3", "Llama 3"))
    for k, (layout, title) in enumerate(layouts):
        x0, top, size = 0.2 + k * 6.2, 7.6, 0.68
        owner = {c: g for g in range(cp) for c in context_parallel.chunks_of_rank(cp, g, layout)}
        ax.text(x0 + n * size / 2, top + 0.2, title, ha="center", va="bottom")
        for r in range(n):
            g = owner[r]
            for c in range(r + 1):
                ax.add_patch(
                    Rectangle(
                        (x0 + c * size, top - (r + 1) * size),
                        size,
                        size,
                        facecolor=theme.fill(g),
                        edgecolor=theme.fg,
                        lw=0.6,
                    )
                )
            ax.text(
                x0 + (r + 1) * size + 0.12,
                top - (r + 0.5) * size,
                f"{g}",
                va="center",
                color=theme.fg,
            )
        work = context_parallel.causal_tiles_per_rank(cp, layout)
        ax.text(
            x0 + n * size / 2,
            top - n * size - 0.35,
            "tiles per GPU:\n" + ", ".join(str(v) for v in work),
            ha="center",
            va="top",
        )
    return fig
