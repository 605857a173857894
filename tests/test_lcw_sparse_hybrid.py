"""Tests for the DSA and hybrid-stack cache formulas in calc/kv_cache.py and for the worked
example printed on docs/lcw/sparse-and-hybrid-attention.md.

The page prints lines of the form ``[hybrid-check] <name>  <working>  = <value>``. Every name is
recomputed here from DeepSeek-V3.2-Exp's published configuration (61 layers, MLA latent 512 and
RoPE key 64 in BF16, indexer key 128 in FP8 with one FP32 scale per 128 elements, top-2,048) and
compared with the printed value at the precision it is printed with.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from calc.kv_cache import (
    dsa_indexer_cache_bytes,
    fp8_mla_cache_bytes,
    full_attention_share,
    hybrid_cache_bytes,
    kv_cache_bytes,
    mla_cache_bytes,
    ssm_state_elements,
    to_gib,
)

PAGE = Path(__file__).resolve().parents[1] / "docs" / "lcw" / "sparse-and-hybrid-attention.md"
LINE = re.compile(r"^\[hybrid-check\]\s+(\w+)\s+.*=\s*([\d,.]+)\s*$")
FIX = "Fix the worked example on docs/lcw/sparse-and-hybrid-attention.md or calc/kv_cache.py."

LAYERS, LATENT, ROPE, INDEX_DIM, SCALE_BLOCK, TOPK, TOKENS = 61, 512, 64, 128, 128, 2048, 131072

MLA = mla_cache_bytes(LAYERS, LATENT, ROPE, 2, TOKENS)
INDEXER = dsa_indexer_cache_bytes(LAYERS, INDEX_DIM, SCALE_BLOCK, TOKENS)
MLA_LAYER_TOKEN = mla_cache_bytes(1, LATENT, ROPE, 2, 1)
INDEX_LAYER_TOKEN = dsa_indexer_cache_bytes(1, INDEX_DIM, SCALE_BLOCK, 1)
# FlashMLA's FP8 serving layout (README at 9241ae3): FP8 latent, FP32 scale per 128, BF16 RoPE key
FP8_MLA = fp8_mla_cache_bytes(LAYERS, LATENT, ROPE, SCALE_BLOCK, TOKENS)
FP8_MLA_LAYER_TOKEN = fp8_mla_cache_bytes(1, LATENT, ROPE, SCALE_BLOCK, 1)

# Nemotron 3 Nano in NVIDIA's Megatron-Bridge provider (d9f7643): 52 layers in the pattern
# MEMEM*EMEMEM*..., of which 23 Mamba-2 (M), 6 attention (*), 23 MoE (E); 2 KV groups of 128;
# Mamba-2 with 64 heads of width 64 and state 128; sequence length 262,144.
NANO_PATTERN = "MEMEM*EMEMEM*EMEMEM*EMEMEM*EMEMEM*EMEMEMEM*EMEMEMEME"
NANO_ATTN, NANO_MAMBA = NANO_PATTERN.count("*"), NANO_PATTERN.count("M")
NANO_KV_GROUPS, NANO_HEAD_DIM, NANO_TOKENS = 2, 128, 262144

EXPECTED = {
    "mla_per_layer_token": MLA_LAYER_TOKEN,
    "indexer_per_layer_token": INDEX_LAYER_TOKEN,
    "per_token_all_layers": (MLA + INDEXER) // TOKENS,
    "mla_cache_gib": to_gib(MLA),
    "indexer_cache_gib": to_gib(INDEXER),
    "total_cache_gib": to_gib(MLA + INDEXER),
    "indexer_overhead_pct": 100 * INDEX_LAYER_TOKEN / MLA_LAYER_TOKEN,
    "attended_share_pct": 100 * TOPK / TOKENS,
    "one_in_four_share_pct": 100 * full_attention_share(1, 4),
    "fp8_mla_per_layer_token": FP8_MLA_LAYER_TOKEN,
    "fp8_per_token_all_layers": (FP8_MLA + INDEXER) // TOKENS,
    "fp8_total_cache_gib": to_gib(FP8_MLA + INDEXER),
    "fp8_vs_bf16_pct": 100 * (FP8_MLA + INDEXER) / (MLA + INDEXER),
    "nano_kv_per_layer_token": kv_cache_bytes(1, NANO_KV_GROUPS, NANO_HEAD_DIM, 2, 1),
    "nano_kv_per_token": kv_cache_bytes(NANO_ATTN, NANO_KV_GROUPS, NANO_HEAD_DIM, 2, 1),
    "nano_kv_gib_256k": to_gib(
        kv_cache_bytes(NANO_ATTN, NANO_KV_GROUPS, NANO_HEAD_DIM, 2, NANO_TOKENS)
    ),
    "nano_attention_share_pct": 100 * full_attention_share(NANO_ATTN, NANO_ATTN + NANO_MAMBA),
    "nano_ssm_state_values": ssm_state_elements(64, 64, 128),
}


def _printed() -> dict[str, tuple[int, str]]:
    found: dict[str, tuple[int, str]] = {}
    for number, line in enumerate(PAGE.read_text(encoding="utf-8").splitlines(), start=1):
        match = LINE.match(line.strip())
        if match:
            found[match.group(1)] = (number, match.group(2))
    return found


def test_every_expected_line_is_printed() -> None:
    printed = _printed()
    missing = sorted(set(EXPECTED) - set(printed))
    unknown = sorted(set(printed) - set(EXPECTED))
    assert not missing, f"{PAGE}: no [hybrid-check] line for {missing}. {FIX}"
    assert not unknown, f"{PAGE}: [hybrid-check] lines {unknown} are not checked here. {FIX}"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_printed_value_matches_calc(name: str) -> None:
    printed = _printed()
    assert name in printed, f"{PAGE}: missing [hybrid-check] {name}. {FIX}"
    line, text = printed[name]
    expected = EXPECTED[name]
    decimals = len(text.split(".")[1]) if "." in text else 0
    if decimals:
        want = f"{expected:.{decimals}f}"
        got = text
    else:
        want = f"{round(expected):,}"
        got = text
        assert expected == round(expected), f"{name}: expected an integer, calc gives {expected}"
    assert got == want, f"{PAGE}:{line}: {name} prints {got}, calc/kv_cache.py gives {want}. {FIX}"


def test_dsa_indexer_formula() -> None:
    # 128 FP8 bytes plus one 4-byte scale per 128 elements, per layer and token
    assert dsa_indexer_cache_bytes(1, 128, 128, 1) == 132
    assert dsa_indexer_cache_bytes(2, 256, 128, 10, batch=3) == 2 * (256 + 2 * 4) * 10 * 3
    with pytest.raises(ValueError, match="multiple of scale_block"):
        dsa_indexer_cache_bytes(1, 100, 128, 1)


def test_fp8_mla_formula() -> None:
    # FlashMLA's "FP8 with scale" format: 512 FP8 bytes + 4 FP32 scales + 64 BF16 RoPE = 656 bytes
    assert fp8_mla_cache_bytes(1, 512, 64, 128, 1) == 656
    assert fp8_mla_cache_bytes(2, 256, 32, 128, 10, batch=3) == 2 * (256 + 2 * 4 + 64) * 10 * 3
    with pytest.raises(ValueError, match="multiple of scale_block"):
        fp8_mla_cache_bytes(1, 500, 64, 128, 1)


def test_hybrid_formula_only_full_layers_grow() -> None:
    short = hybrid_cache_bytes(12, 1000, 1000, state_layers=36, state_bytes_per_layer=5000)
    long = hybrid_cache_bytes(12, 1000, 2000, state_layers=36, state_bytes_per_layer=5000)
    assert long - short == 12 * 1000 * 1000  # the state term does not grow with tokens
    assert hybrid_cache_bytes(1, 10, 5, batch=2) == 100
    with pytest.raises(ValueError, match="state_layers"):
        hybrid_cache_bytes(1, 10, 5, state_layers=-1)


def test_nemotron_pattern_counts() -> None:
    # Megatron-Bridge's own docs: 23 Mamba-2 and MoE layers and 6 attention layers, 52 in all
    assert (len(NANO_PATTERN), NANO_MAMBA, NANO_ATTN, NANO_PATTERN.count("E")) == (52, 23, 6, 23)
    assert ssm_state_elements(64, 64, 128, layers=23) == 23 * 524288


def test_full_attention_share_rejects_impossible_ratio() -> None:
    assert full_attention_share(1, 4) == 0.25
    with pytest.raises(ValueError, match="exceeds"):
        full_attention_share(5, 4)
