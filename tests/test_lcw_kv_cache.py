"""Tests for calc/kv_cache.py and for the KV-cache worked example printed on docs/lcw.md.

The page's table under "Worked example: one 128K-token sequence" is found by its header row
(it contains "Bytes per token" and "Cache at <N> tokens"). Each row states the layer count, the
cached shape per layer ("K and V: 2 × kv_heads × head_dim" for MHA/GQA, or
"latent + RoPE key: kv_lora_rank + rope_head_dim" for MLA), the bytes per element, the bytes per
token and the cache size in GiB (and GB in parentheses). Every printed number is recomputed here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from calc.kv_cache import GB, GIB, kv_cache_bytes, mla_cache_bytes, to_gb, to_gib

PAGE = Path(__file__).resolve().parents[1] / "docs" / "lcw.md"
HEADER_TOKENS = re.compile(r"Cache at ([\d,]+) tokens")
GQA_SHAPE = re.compile(r"2\s*[×x]\s*(\d+)\s*[×x]\s*(\d+)")
MLA_SHAPE = re.compile(r"(\d+)\s*\+\s*(\d+)")
LEADING_INT = re.compile(r"^\s*([\d,]+)")
GIB_VALUE = re.compile(r"([\d.]+)\s*GiB")
GB_VALUE = re.compile(r"\(([\d.]+)\s*GB\)")

FIX = "Fix the table on docs/lcw.md or calc/kv_cache.py so that they agree."


@dataclass(frozen=True)
class Row:
    line: int
    model: str
    layers: int
    shape: str
    bytes_per_elem: int
    per_token: int
    gib_text: str
    gb_text: str


def _int(text: str) -> int:
    match = LEADING_INT.match(text)
    assert match, f"expected a number at the start of {text!r}"
    return int(match.group(1).replace(",", ""))


def _table() -> tuple[int, int, list[Row]]:
    lines = PAGE.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        if line.startswith("|") and "Bytes per token" in line and HEADER_TOKENS.search(line):
            header_line = i + 1
            tokens = int(HEADER_TOKENS.search(line).group(1).replace(",", ""))
            rows: list[Row] = []
            for j in range(i + 2, len(lines)):  # skip the |---| separator
                row = lines[j]
                if not row.startswith("|"):
                    break
                cells = [c.strip() for c in row.strip().strip("|").split("|")]
                assert len(cells) == 6, f"{PAGE}:{j + 1}: expected 6 cells, got {len(cells)}: {row}"
                gib = GIB_VALUE.search(cells[5])
                gb = GB_VALUE.search(cells[5])
                assert gib and gb, (
                    f"{PAGE}:{j + 1}: last cell must read 'X GiB (Y GB)': {cells[5]!r}"
                )
                rows.append(
                    Row(
                        line=j + 1,
                        model=cells[0],
                        layers=_int(cells[1]),
                        shape=cells[2],
                        bytes_per_elem=_int(cells[3]),
                        per_token=_int(cells[4]),
                        gib_text=gib.group(1),
                        gb_text=gb.group(1),
                    )
                )
            return header_line, tokens, rows
    raise AssertionError(
        f"{PAGE}: KV-cache worked-example table not found (header with 'Bytes per token' and "
        f"'Cache at N tokens'). {FIX}"
    )


def _computed_per_token(row: Row) -> int:
    if "latent" in row.shape.lower() or "+" in row.shape:
        m = MLA_SHAPE.search(row.shape)
        assert m, f"{PAGE}:{row.line}: cannot read MLA shape 'rank + rope_dim' from {row.shape!r}"
        return mla_cache_bytes(row.layers, int(m.group(1)), int(m.group(2)), row.bytes_per_elem, 1)
    m = GQA_SHAPE.search(row.shape)
    assert m, f"{PAGE}:{row.line}: cannot read '2 × kv_heads × head_dim' from {row.shape!r}"
    return kv_cache_bytes(row.layers, int(m.group(1)), int(m.group(2)), row.bytes_per_elem, 1)


def test_formulas_on_known_configs() -> None:
    # Llama 3.1 405B (126 layers, 8 KV heads of 128) and DeepSeek-V3 (61 layers, 512 + 64), BF16:
    # the per-token figures DeepSeek's ISCA 2025 paper tabulates (516.096 KB and 70.272 KB).
    assert kv_cache_bytes(126, 8, 128, 2, 1) == 516_096
    assert mla_cache_bytes(61, 512, 64, 2, 1) == 70_272
    # OPT-13B, MHA: 2 x 40 layers x 5120 x 2 bytes = 800 KB per token, as in the vLLM paper.
    assert kv_cache_bytes(40, 40, 128, 2, 1) == 819_200
    # Linear in tokens and in batch.
    one = kv_cache_bytes(80, 8, 128, 2, 131_072)
    assert one == 40 * GIB
    assert kv_cache_bytes(80, 8, 128, 2, 131_072, batch=4) == 4 * one
    assert mla_cache_bytes(61, 512, 64, 2, 1000, batch=3) == 3 * 1000 * 70_272
    assert to_gib(GIB) == 1.0 and to_gb(GB) == 1.0


@pytest.mark.parametrize("bad", [0, -1])
def test_rejects_non_positive(bad: int) -> None:
    with pytest.raises(ValueError):
        kv_cache_bytes(bad, 8, 128, 2, 1)
    with pytest.raises(ValueError):
        mla_cache_bytes(61, 512, 64, 2, bad)


def test_rejects_non_integers() -> None:
    with pytest.raises(TypeError):
        kv_cache_bytes(80, 8, 128, 2.0, 1)  # type: ignore[arg-type]


def test_page_table_matches_module() -> None:
    header_line, tokens, rows = _table()
    assert tokens == 131_072, (
        f"{PAGE}:{header_line}: header says 'Cache at {tokens:,} tokens'; the prose and the "
        f"module example use 131,072. {FIX}"
    )
    assert len(rows) >= 5, (
        f"{PAGE}:{header_line}: expected at least 5 rows, found {len(rows)}. {FIX}"
    )
    kinds = {("mla" if "+" in r.shape else "gqa") for r in rows}
    assert kinds == {"mla", "gqa"}, (
        f"{PAGE}:{header_line}: table must compare GQA/MHA rows with MLA."
    )

    problems: list[str] = []
    for row in rows:
        per_token = _computed_per_token(row)
        if per_token != row.per_token:
            problems.append(
                f"{PAGE}:{row.line}: {row.model}: bytes per token printed {row.per_token:,}, "
                f"computed {per_token:,}"
            )
        total = per_token * tokens
        gib = f"{to_gib(total):.2f}"
        gb = f"{to_gb(total):.2f}"
        if gib != row.gib_text:
            problems.append(
                f"{PAGE}:{row.line}: {row.model}: cache printed {row.gib_text} GiB, computed {gib} GiB"
            )
        if gb != row.gb_text:
            problems.append(
                f"{PAGE}:{row.line}: {row.model}: cache printed {row.gb_text} GB, computed {gb} GB"
            )
    assert not problems, "\n".join(problems) + "\n" + FIX


def test_prose_arithmetic_for_70b() -> None:
    """The sentence spelling out the 70B row must agree with the module."""
    text = PAGE.read_text(encoding="utf-8")
    pattern = re.compile(r"times 131,072 tokens \$= ([\d{},]+)\$ bytes")
    match = pattern.search(text)
    assert match, f"{PAGE}: sentence 'times 131,072 tokens $= N$ bytes' not found. {FIX}"
    line = text[: match.start()].count("\n") + 1
    printed = int(match.group(1).replace("{,}", "").replace(",", ""))
    computed = kv_cache_bytes(80, 8, 128, 2, 131_072)
    assert printed == computed, (
        f"{PAGE}:{line}: 70B total printed {printed:,} bytes, computed {computed:,} bytes. {FIX}"
    )
