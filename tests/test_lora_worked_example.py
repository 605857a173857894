"""Tests for calc/lora.py and for the LoRA worked example on docs/post-training/README.md.

The page prints its arithmetic in a code block whose lines start with the stable marker
"[lora-check] <name>" and end with "= <value>". Each name maps to a value computed here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from calc.lora import (
    ALL_LINEAR,
    LLAMA3_8B,
    DecoderDims,
    adam_mixed_precision_bytes,
    base_linear_params,
    layer_lora_params,
    lora_fraction,
    lora_params,
    model_lora_params,
    nf4_bits_per_param,
    projection_shapes,
)

PAGE = Path(__file__).resolve().parents[1] / "docs" / "post-training" / "README.md"
MARKER = "[lora-check]"
LINE = re.compile(r"^\[lora-check\]\s+(?P<name>\S+)\s.*=\s*(?P<value>[\d,]+(?:\.\d+)?)\s*%?\s*$")

RANK = 16
QV = ("q_proj", "v_proj")


def _per_projection(name: str) -> Callable[[], float]:
    return lambda: layer_lora_params(LLAMA3_8B, RANK)[name]


# name printed on the page -> (what it is, value computed from calc/lora.py)
EXPECTED: dict[str, Callable[[], float]] = {
    **{name: _per_projection(name) for name in ALL_LINEAR},
    "per_layer": lambda: sum(layer_lora_params(LLAMA3_8B, RANK).values()),
    "all_layers": lambda: model_lora_params(LLAMA3_8B, RANK),
    "base_linear": lambda: base_linear_params(LLAMA3_8B),
    "fraction": lambda: 100 * lora_fraction(LLAMA3_8B, RANK),
    "qv_rank8": lambda: model_lora_params(LLAMA3_8B, 8, QV),
    "adam_bytes": lambda: adam_mixed_precision_bytes(model_lora_params(LLAMA3_8B, RANK)) / 1e6,
}


def test_lora_params_formula() -> None:
    assert lora_params(4096, 4096, 16) == 131_072
    assert lora_params(4096, 1024, 16) == 81_920
    assert lora_params(10, 20, 1) == 30
    with pytest.raises(ValueError):
        lora_params(4096, 4096, 0)
    with pytest.raises(ValueError):
        lora_params(0, 4096, 8)


def test_lora_is_smaller_than_dense_update() -> None:
    for d_in, d_out in projection_shapes(LLAMA3_8B).values():
        for rank in (1, 8, 64, 256):
            assert lora_params(d_in, d_out, rank) < d_in * d_out


def test_llama3_8b_shapes() -> None:
    assert LLAMA3_8B.head_dim == 128
    assert LLAMA3_8B.kv_dim == 1024
    shapes = projection_shapes(LLAMA3_8B)
    assert shapes["k_proj"] == (4096, 1024)
    assert shapes["down_proj"] == (14336, 4096)
    # 32 blocks of 218,103,808 linear weights: the bulk of the 8B model
    assert base_linear_params(LLAMA3_8B) == 32 * 218_103_808


def test_whole_model_helper_scales_linearly() -> None:
    one = DecoderDims(hidden=64, intermediate=256, n_layers=1, n_heads=4, n_kv_heads=2)
    four = DecoderDims(hidden=64, intermediate=256, n_layers=4, n_heads=4, n_kv_heads=2)
    assert model_lora_params(four, 8) == 4 * model_lora_params(one, 8)
    assert model_lora_params(one, 16) == 2 * model_lora_params(one, 8)
    with pytest.raises(ValueError):
        model_lora_params(one, 8, ["not_a_proj"])


def test_double_quantisation_saving_matches_qlora_paper() -> None:
    # QLoRA reports about 0.37 bits per parameter saved, about 3 GB for a 65B model.
    saved = nf4_bits_per_param(double_quant=False) - nf4_bits_per_param()
    assert saved == pytest.approx(0.373, abs=1e-3)
    assert 65e9 * saved / 8 / 1e9 == pytest.approx(3.0, abs=0.1)


def marked_lines(text: str) -> list[tuple[int, str]]:
    return [(i + 1, line) for i, line in enumerate(text.splitlines()) if line.startswith(MARKER)]


def printed_ok(printed: str, computed: float) -> bool:
    decimals = len(printed.split(".")[1]) if "." in printed else 0
    return abs(float(printed) - computed) <= 0.5 * 10**-decimals + 1e-9


def check_page(text: str, name: str) -> list[str]:
    lines = marked_lines(text)
    if not lines:
        return [
            f"{name}: no lines starting with '{MARKER}' found; restore the worked-example block"
        ]
    problems = []
    seen = set()
    for lineno, line in lines:
        match = LINE.match(line)
        if not match:
            problems.append(
                f"{name}:{lineno}: cannot parse '{line}'; expected '{MARKER} <name> ... = <number>'"
            )
            continue
        key, printed = match["name"], match["value"].replace(",", "")
        if key not in EXPECTED:
            problems.append(f"{name}:{lineno}: unknown name '{key}'; known: {sorted(EXPECTED)}")
            continue
        seen.add(key)
        computed = EXPECTED[key]()
        if not printed_ok(printed, computed):
            shown = f"{computed:,.0f}" if float(computed).is_integer() else f"{computed:,.4f}"
            problems.append(
                f"{name}:{lineno}: '{key}' is printed as {match['value']} but calc/lora.py gives "
                f"{shown}; fix: print {shown} (or correct the formula on that line)"
            )
    missing = sorted(set(EXPECTED) - seen)
    if missing:
        problems.append(f"{name}: worked example lacks lines for {missing}")
    return problems


def test_page_worked_example_matches_module() -> None:
    text = PAGE.read_text(encoding="utf-8")
    problems = check_page(text, str(PAGE))
    assert not problems, "\n".join(problems)


def test_planted_wrong_value_is_reported() -> None:
    text = PAGE.read_text(encoding="utf-8")
    lines = text.splitlines()
    marked = marked_lines(text)
    assert marked, f"{PAGE}: no '{MARKER}' lines"
    lineno, line = next((n, s) for n, s in marked if " all_layers " in s)
    lines[lineno - 1] = re.sub(r"=\s*[\d,]+\s*$", "= 41,000,000", line)
    problems = check_page("\n".join(lines), "copy-of-README.md")
    assert len(problems) == 1, problems
    assert f"copy-of-README.md:{lineno}:" in problems[0]
    assert "41,000,000" in problems[0] and "41,943,040" in problems[0] and "fix:" in problems[0]
