"""The worked example on docs/lcw/serving-long-contexts.md (section "Prefill and decoding at a
million tokens") against calc/kv_cache.py: the MLA cache of one 1M-token sequence with DeepSeek-V3's configuration
(61 layers, latent 512, RoPE key 64), in BF16, split over 8 sequence slices, and in FlashMLA's FP8
layout. The page prints ``[serving-check] <name> <working> = <value>`` lines."""

from __future__ import annotations

import re
from pathlib import Path

from calc.kv_cache import fp8_mla_cache_bytes, mla_cache_bytes, to_gib

PAGE = Path(__file__).resolve().parents[1] / "docs" / "lcw" / "serving-long-contexts.md"
LINE = re.compile(r"^\[serving-check\]\s+(\w+)\s+.*=\s*([\d,.]+)\s*$")
FIX = "Fix the worked example on docs/lcw/serving-long-contexts.md or calc/kv_cache.py."

LAYERS, LATENT, ROPE, SCALE_BLOCK, TOKENS, SLICES = 61, 512, 64, 128, 2**20, 8

EXPECTED = {
    "mla_bf16_1m_gib": to_gib(mla_cache_bytes(LAYERS, LATENT, ROPE, 2, TOKENS)),
    "mla_bf16_1m_kvp8": to_gib(mla_cache_bytes(LAYERS, LATENT, ROPE, 2, TOKENS)) / SLICES,
    "mla_fp8_1m_gib": to_gib(fp8_mla_cache_bytes(LAYERS, LATENT, ROPE, SCALE_BLOCK, TOKENS)),
}


def _printed() -> dict[str, tuple[int, str]]:
    found = {}
    for number, line in enumerate(PAGE.read_text(encoding="utf-8").splitlines(), start=1):
        match = LINE.match(line.strip())
        if match:
            found[match.group(1)] = (number, match.group(2))
    return found


def test_every_line_is_checked() -> None:
    printed = _printed()
    assert set(printed) == set(EXPECTED), (
        f"{PAGE}: [serving-check] lines {sorted(printed)} differ from the checked names "
        f"{sorted(EXPECTED)}. {FIX}"
    )


def test_printed_values_match_calc() -> None:
    for name, (line, text) in _printed().items():
        decimals = len(text.split(".")[1]) if "." in text else 0
        want = f"{EXPECTED[name]:,.{decimals}f}"
        assert text == want, f"{PAGE}:{line}: {name} prints {text}, calc gives {want}. {FIX}"
