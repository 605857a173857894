"""The figures on docs/lcw/sparse-and-hybrid-attention.md agree with the page: the bytes-per-token
bars against the worked example and the KV-cache table on docs/lcw.md, and both figure blocks'
alt text and captions against the data in figures/lcw_sparse_and_hybrid_attention.py."""

from __future__ import annotations

import re
from pathlib import Path

from figures import lcw_sparse_and_hybrid_attention as fs
from tests.figblocks import figure_block

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "lcw" / "sparse-and-hybrid-attention.md"
CHECK = re.compile(r"^\[hybrid-check\]\s+(\w+)\s+.*=\s*([\d,.]+)\s*$")


def _printed() -> dict[str, str]:
    out = {}
    for line in PAGE.read_text(encoding="utf-8").splitlines():
        match = CHECK.match(line.strip())
        if match:
            out[match.group(1)] = match.group(2)
    return out


def test_bars_match_worked_example() -> None:
    bars = dict(fs.bars())
    printed = _printed()
    pairs = {
        "DeepSeek-V3.2, DSA, BF16": "per_token_all_layers",
        "DeepSeek-V3.2, DSA, FP8": "fp8_per_token_all_layers",
    }
    for label, name in pairs.items():
        want = f"{bars[label]:,}"
        assert printed.get(name) == want, (
            f"{PAGE}: [hybrid-check] {name} prints {printed.get(name)}, but the figure "
            f"figures/lcw_sparse_and_hybrid_attention.py plots {want} for {label!r}; "
            "make the worked example and the figure agree"
        )


def test_mla_bar_matches_per_layer_line() -> None:
    bars = dict(fs.bars())
    per_layer = int(_printed()["mla_per_layer_token"].replace(",", ""))
    assert bars["DeepSeek-V3, MLA, BF16"] == fs.DS_LAYERS * per_layer, (
        f"{PAGE}: the MLA bar ({bars['DeepSeek-V3, MLA, BF16']:,}) should be {fs.DS_LAYERS} x "
        f"mla_per_layer_token ({per_layer:,}); fix the figure or the worked example"
    )
    nano = int(_printed()["nano_kv_per_token"].replace(",", ""))
    assert bars["Nemotron 3 Nano, hybrid, BF16"] == nano, (
        f"{PAGE}: the Nemotron bar ({bars['Nemotron 3 Nano, hybrid, BF16']:,}) should equal "
        f"[hybrid-check] nano_kv_per_token ({nano:,}); fix the figure or the worked example"
    )


def test_kv_per_token_alt_text_and_caption() -> None:
    block = figure_block(PAGE, "fig-kv-per-token-2026")
    for label, value in fs.bars():
        block.require(f"{value:,}", f"the bar {label!r} is {value:,} bytes")
    block.require(f"{fs.NANO_ATTN_LAYERS} attention layers", "the hybrid bar's attention layers")
    block.require("@flashmla_readme", "the FP8 bar uses FlashMLA's layout")


def test_indexer_diagram_alt_text() -> None:
    block = figure_block(PAGE, "fig-dsa-indexer-topk")
    block.require(f"{fs.TOPK:,}", "the diagram shows top-k with k = 2,048")
    block.require(f"{fs.INDEX_HEADS} heads of width {fs.INDEX_DIM}", "the indexer size")
    share = f"{100 * fs.TOPK / fs.CONTEXT:.2f}%"
    block.require(share, "the selected share of a 128K context")
