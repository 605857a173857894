"""Figures for docs/lcw.md (Long context windows), written to docs/lcw/.

figures/data/lcw-kv-models.csv holds the model configurations of the page's KV-cache table:
``table_row`` is the first cell of that table's row (tests/test_figures.py checks that the
figure's value at 131,072 tokens equals the table's), ``label`` the text drawn on the line, then
the shapes (``attention`` is "gqa" for MHA/GQA or "mla"), bytes per element and the source key.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

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
