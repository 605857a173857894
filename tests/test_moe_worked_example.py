"""Tests for calc/moe.py and for the worked-example numbers printed on docs/moe.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from calc.moe import (
    block_scale_bytes,
    deepseek_v3_worked_example,
    dispatch_bytes_per_token,
    expert_memory_bytes,
    expert_params,
    experts_per_gpu,
    flops_per_token,
)

PAGE = Path(__file__).resolve().parents[1] / "docs" / "moe.md"
# Stable marker: the first line inside the fenced worked-example block on the page.
MARKER = "# moe-worked-example:"
LINE = re.compile(r"^\s*([a-z0-9_]+)\s*=\s*([-0-9.,]+)\s*$")


def printed_values(page: Path = PAGE, marker: str = MARKER) -> list[tuple[int, str, str]]:
    """(line number, key, printed text) for every `key = value` line of the fenced block that
    starts with ``marker`` on ``page`` (also used by tests/test_moe_overlap_example.py)."""
    lines = page.read_text(encoding="utf-8").splitlines()
    start = next((i for i, line in enumerate(lines) if line.strip().startswith(marker)), None)
    assert start is not None, (
        f"{page}: marker line starting with {marker!r} not found; the worked-example code block "
        "must keep its first line so this test can find it"
    )
    rows = []
    for i in range(start + 1, len(lines)):
        if lines[i].strip().startswith("```"):
            break
        match = LINE.match(lines[i])
        assert match, f"{page}:{i + 1}: cannot parse {lines[i]!r}; expected `key = number`"
        rows.append((i + 1, match.group(1), match.group(2)))
    return rows


def _printed_values() -> list[tuple[int, str, str]]:
    return printed_values()


def test_page_block_matches_module() -> None:
    computed = deepseek_v3_worked_example(ep_degree=64)
    rows = _printed_values()
    assert rows, f"{PAGE}: the worked-example block after {MARKER!r} holds no `key = value` lines"
    printed_keys = {key for _, key, _ in rows}
    missing = sorted(set(computed) - printed_keys)
    assert not missing, (
        f"{PAGE}: worked-example block lacks {missing}; add the lines printed by "
        "`python -m calc.moe` or drop the keys from calc.moe.deepseek_v3_worked_example"
    )
    for line_no, key, text in rows:
        assert key in computed, (
            f"{PAGE}:{line_no}: key {key!r} (printed {text}) is not produced by "
            "calc.moe.deepseek_v3_worked_example; rename it or add it to the module"
        )
        printed = float(text.replace(",", ""))
        want = float(computed[key])
        # Integers must match exactly; the one rounded percentage to its printed precision.
        tolerance = 0.05 if "." in text else 0.0
        assert abs(printed - want) <= tolerance, (
            f"{PAGE}:{line_no}: {key} printed as {text} but calc/moe.py computes {want:,.1f}; "
            "fix the page (and the prose that quotes it) or the formula in calc/moe.py"
        )


def test_prose_quotes_match_block() -> None:
    """The step-by-step prose repeats the key integers; they must agree with the module."""
    text = PAGE.read_text(encoding="utf-8")
    values = deepseek_v3_worked_example()
    for key in (
        "params_per_expert",
        "routed_expert_params_total",
        "expert_params_per_gpu",
        "fp8_scale_bytes_per_gpu",
        "fp8_bytes_per_gpu",
        "bf16_bytes_per_gpu",
        "dispatch_bytes_fp8_per_token_layer",
        "combine_bytes_bf16_per_token_layer",
    ):
        latex = f"{int(values[key]):,}".replace(",", "{,}")
        assert latex in text, (
            f"{PAGE}: the worked-example steps should quote {key} = {int(values[key]):,} "
            f"(written as {latex!r} in LaTeX); update the prose to the value calc/moe.py computes"
        )


def test_building_blocks() -> None:
    assert expert_params(7168, 2048) == 44_040_192
    assert experts_per_gpu(256, 64) == 4
    assert experts_per_gpu(256, 32) == 8
    with pytest.raises(ValueError):
        experts_per_gpu(256, 48)
    # 7168 x 2048 in 128 x 128 blocks: 56 x 16 blocks of one FP32 scale.
    assert block_scale_bytes(7168, 2048) == 56 * 16 * 4
    assert block_scale_bytes(130, 1) == 2 * 1 * 4  # partial blocks are padded up
    assert expert_memory_bytes(1e9, 2, 8) == pytest.approx(2.5e8)
    assert flops_per_token(37e9) == pytest.approx(74e9)
    assert flops_per_token(37e9, training=True) == pytest.approx(222e9)
    assert dispatch_bytes_per_token(7168, 8, 1, scale_group=128) == 8 * (7168 + 56 * 4)
    assert dispatch_bytes_per_token(7168, 8, 2) == 8 * 7168 * 2
    with pytest.raises(ValueError):
        flops_per_token(0)


def test_worked_example_is_self_consistent() -> None:
    v = deepseek_v3_worked_example()
    assert v["bf16_bytes_per_gpu"] == 2 * v["expert_params_per_gpu"]
    assert v["fp8_bytes_per_gpu"] == v["expert_params_per_gpu"] + v["fp8_scale_bytes_per_gpu"]
    assert v["expert_params_per_gpu"] * 64 == v["routed_expert_params_total"]
    # Routed experts alone exceed one node of eight 80 GB GPUs in FP8.
    assert v["fp8_bytes_all_routed_experts"] > 8 * 80e9
    # Active routed experts are well below the reported 37B active parameters.
    assert v["active_routed_expert_params"] < 37e9
