"""Tests for calc/training_compute.py and for the worked numbers on docs/estimations/README.md.

How the page is checked
-----------------------
* Every Markdown table whose header starts with ``| Quantity | Value |`` is a table of worked
  numbers. Each row is looked up by its exact Quantity text in ``SPEC`` below, which says the
  unit the page must print and how to recompute the value from ``calc.training_compute`` with
  the documented inputs. Rows on the page without a SPEC entry, and SPEC entries missing from the
  page, both fail.
* Rounding tolerance: a printed value passes if the recomputed value rounds to it at the printed
  precision, i.e. differs by at most half a unit in the last printed digit (in printed units:
  "34.5%" allows 34.45-34.55, "29,491 GPU-hours" allows +-0.5, "3.79 x 10^25" allows +-0.005e25).
* Numbers inside display math (``$$ ... $$``) written as ``a \\times 10^{b}``, ``a\\%`` or after
  ``=`` / ``\\approx`` must each match, under the same rounding rule, either a recomputed SPEC
  value or one of the documented ``INPUTS``. So the typeset arithmetic cannot disagree with the
  table under it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

import calc.training_compute as tc

PAGE = Path(__file__).resolve().parents[1] / "docs" / "estimations" / "README.md"
REL = "docs/estimations/README.md"
THIS = "tests/test_estimations_page.py"

BF16 = tc.H100_SXM_BF16_DENSE
FP8 = tc.H100_SXM_FP8_DENSE

# Reported inputs (see the page for sources) -----------------------------------------------------
LLAMA_N, LLAMA_D, LLAMA_GPU_HOURS = 405e9, 15.6e12, 30.84e6  # paper; model card
DS_ACTIVE, DS_TOTAL, DS_D = 37e9, 671e9, 14.8e12  # DeepSeek-V3 report
DS_PRE, DS_CTX, DS_POST = 2.664e6, 0.119e6, 0.005e6  # H800 GPU-hours by stage
DS_PER_T, DS_GPUS, DS_FLOPS_PER_TOKEN = 180e3, 2048, 250e9  # report; ISCA 2025 paper


def _llama_c() -> float:
    return tc.training_flops(LLAMA_N, LLAMA_D)


def _ds_c() -> float:
    return tc.training_flops(DS_ACTIVE, DS_D)


def _small_c(recompute: bool = False) -> float:
    return tc.training_flops(7e9, 1e12, recompute=recompute)


def _llama_attention(seq_len: int) -> float:
    return tc.attention_flops_per_token(126, 128, 128, seq_len)


# Quantity (exact text of the first column) -> (unit printed after the number, recompute).
SPEC: dict[str, tuple[str, Callable[[], float]]] = {
    "GPT-3 175B: training FLOPs (6ND)": ("FLOPs", lambda: tc.training_flops(175e9, 300e9)),
    "GPT-3 175B: training compute": (
        "PFLOP/s-days",
        lambda: tc.pflops_days(tc.training_flops(175e9, 300e9)),
    ),
    "GPT-3 175B on 1,024 A100 at 140 TFLOP/s: training time (8ND)": (
        "days",
        lambda: tc.wall_clock_days(
            tc.gpu_hours(tc.training_flops(175e9, 300e9, recompute=True), 140e12, 1.0), 1024
        ),
    ),
    "Llama 3 405B: attention FLOPs per token at 8,192 tokens (12LHQT)": (
        "FLOPs per token",
        lambda: _llama_attention(8192),
    ),
    "Llama 3 405B: attention term relative to 6N at 8,192 tokens": (
        "%",
        lambda: _llama_attention(8192) / tc.training_flops(LLAMA_N, 1.0),
    ),
    "Llama 3 405B: attention term relative to 6N at 131,072 tokens": (
        "%",
        lambda: _llama_attention(131072) / tc.training_flops(LLAMA_N, 1.0),
    ),
    "DeepSeek-V3: reported FLOPs per token over 6N with 37B active": (
        "×",
        lambda: DS_FLOPS_PER_TOKEN / tc.training_flops(DS_ACTIVE, 1.0),
    ),
    "Chinchilla 70B: compute-optimal tokens at 20 per parameter": (
        "trillion tokens",
        lambda: tc.chinchilla_tokens(70e9),
    ),
    "Llama 3 scaling-law optimum (402B, 16.55T): tokens per parameter": (
        "tokens per parameter",
        lambda: tc.tokens_per_param(16.55e12, 402e9),
    ),
    "Kimi K2 (15.5T tokens, 32B active): tokens per active parameter": (
        "tokens per parameter",
        lambda: tc.tokens_per_param(15.5e12, 32e9),
    ),
    "Qwen3-235B-A22B (about 36T tokens, 22B active): tokens per active parameter": (
        "tokens per parameter",
        lambda: tc.tokens_per_param(36e12, 22e9),
    ),
    # Llama 3.1 405B
    "Llama 3.1 405B: training FLOPs (6ND)": ("FLOPs", _llama_c),
    "Llama 3.1 405B: FLOPs available at BF16 dense peak in 30.84M GPU-hours": (
        "FLOPs",
        lambda: LLAMA_GPU_HOURS * tc.SECONDS_PER_HOUR * BF16,
    ),
    "Llama 3.1 405B: end-to-end utilisation against BF16 dense peak": (
        "%",
        lambda: tc.mfu_from_gpu_hours(_llama_c(), LLAMA_GPU_HOURS, BF16),
    ),
    "Llama 3.1 405B: GPU-hours for 6ND at 43% MFU": (
        "million GPU-hours",
        lambda: tc.gpu_hours(_llama_c(), BF16, 0.43),
    ),
    "Llama 3.1 405B: GPU-hours for 6ND at 38% MFU": (
        "million GPU-hours",
        lambda: tc.gpu_hours(_llama_c(), BF16, 0.38),
    ),
    "Llama 3.1 405B: equivalent wall-clock on 16,384 GPUs": (
        "days",
        lambda: tc.wall_clock_days(LLAMA_GPU_HOURS, 16384),
    ),
    "Llama 3.1 405B: Chinchilla-optimal tokens": (
        "trillion tokens",
        lambda: tc.chinchilla_tokens(LLAMA_N),
    ),
    "Llama 3.1 405B: tokens per parameter": (
        "tokens per parameter",
        lambda: tc.tokens_per_param(LLAMA_D, LLAMA_N),
    ),
    # DeepSeek-V3
    "DeepSeek-V3: full-training GPU-hours (2,664K + 119K + 5K)": (
        "million GPU-hours",
        lambda: DS_PRE + DS_CTX + DS_POST,
    ),
    "DeepSeek-V3: rental cost at USD 2 per GPU-hour": (
        "million US dollars",
        lambda: tc.rental_cost(DS_PRE + DS_CTX + DS_POST, 2.0),
    ),
    "DeepSeek-V3: pre-training GPU-hours at 180K per trillion tokens": (
        "million GPU-hours",
        lambda: DS_PER_T * DS_D / 1e12,
    ),
    "DeepSeek-V3: days per trillion tokens on 2,048 GPUs": (
        "days",
        lambda: tc.wall_clock_days(DS_PER_T, DS_GPUS),
    ),
    "DeepSeek-V3: pre-training wall-clock on 2,048 GPUs": (
        "days",
        lambda: tc.wall_clock_days(DS_PRE, DS_GPUS),
    ),
    "DeepSeek-V3: training FLOPs (6ND, 37B active)": ("FLOPs", _ds_c),
    "DeepSeek-V3: end-to-end utilisation against BF16 dense peak (6ND)": (
        "%",
        lambda: tc.mfu_from_gpu_hours(_ds_c(), DS_PRE, BF16),
    ),
    "DeepSeek-V3: end-to-end utilisation against FP8 dense peak (6ND)": (
        "%",
        lambda: tc.mfu_from_gpu_hours(_ds_c(), DS_PRE, FP8),
    ),
    "DeepSeek-V3: training FLOPs at 250 GFLOPs per token": (
        "FLOPs",
        lambda: DS_FLOPS_PER_TOKEN * DS_D,
    ),
    "DeepSeek-V3: end-to-end utilisation at 250 GFLOPs per token (BF16 peak)": (
        "%",
        lambda: tc.mfu_from_gpu_hours(DS_FLOPS_PER_TOKEN * DS_D, DS_PRE, BF16),
    ),
    "DeepSeek-V3: training FLOPs if total parameters are used (wrong)": (
        "FLOPs",
        lambda: tc.training_flops(DS_TOTAL, DS_D),
    ),
    "DeepSeek-V3: implied utilisation if total parameters are used (wrong)": (
        "%",
        lambda: tc.mfu_from_gpu_hours(tc.training_flops(DS_TOTAL, DS_D), DS_PRE, BF16),
    ),
    "DeepSeek-V3: tokens per active parameter": (
        "tokens per parameter",
        lambda: tc.tokens_per_param(DS_D, DS_ACTIVE),
    ),
    # 7B on 1T tokens, 512 H100 at 40% MFU (hypothetical)
    "7B on 1T tokens: training FLOPs (6ND)": ("FLOPs", _small_c),
    "7B on 1T tokens: GPU-hours at 40% MFU on H100 BF16": (
        "GPU-hours",
        lambda: tc.gpu_hours(_small_c(), BF16, 0.40),
    ),
    "7B on 1T tokens: wall-clock on 512 GPUs": (
        "days",
        lambda: tc.wall_clock_days(tc.gpu_hours(_small_c(), BF16, 0.40), 512),
    ),
    "7B on 1T tokens: wall-clock on 512 GPUs at 90% effective time": (
        "days",
        lambda: tc.wall_clock_days(tc.gpu_hours(_small_c(), BF16, 0.40), 512, 0.90),
    ),
    "7B on 1T tokens: training FLOPs with full recomputation (8ND)": (
        "FLOPs",
        lambda: _small_c(recompute=True),
    ),
    "7B on 1T tokens: GPU-hours with full recomputation at 40% HFU": (
        "GPU-hours",
        lambda: tc.gpu_hours(_small_c(recompute=True), BF16, 0.40),
    ),
    "7B on 1T tokens: MFU when HFU is 40% with full recomputation": (
        "%",
        lambda: 0.40 * _small_c() / _small_c(recompute=True),
    ),
    "7B on 1T tokens: rental cost at USD 2 per GPU-hour": (
        "US dollars",
        lambda: tc.rental_cost(tc.gpu_hours(_small_c(), BF16, 0.40), 2.0),
    ),
    "7B on 1T tokens: Chinchilla-optimal tokens": (
        "billion tokens",
        lambda: tc.chinchilla_tokens(7e9),
    ),
    "7B on 1T tokens: tokens per parameter": (
        "tokens per parameter",
        lambda: tc.tokens_per_param(1e12, 7e9),
    ),
}

# Documented inputs that may appear in the typeset arithmetic (base units; % as fractions).
INPUTS: tuple[float, ...] = (
    *(175e9, 300e9, 140e12),  # GPT-3 size and tokens; Megatron's sustained FLOP/s per A100
    *(LLAMA_N, LLAMA_D, LLAMA_GPU_HOURS, 0.43, 0.38),  # Llama 3.1 405B and its MFU range
    *(BF16, FP8),  # dense H100 SXM peaks
    *(DS_ACTIVE, DS_TOTAL, DS_D, DS_PRE, DS_CTX, DS_POST, DS_PER_T),  # DeepSeek-V3
    *(70e9, 20.0),  # Chinchilla size and tokens per parameter
    *(7e9, 1e12),  # the 7B example
)

UNIT_SCALE = {
    "FLOPs": 1.0,
    "FLOPs per token": 1.0,
    "PFLOP/s-days": 1.0,
    "days": 1.0,
    "%": 0.01,
    "×": 1.0,
    "GPU-hours": 1.0,
    "million GPU-hours": 1e6,
    "US dollars": 1.0,
    "million US dollars": 1e6,
    "billion tokens": 1e9,
    "trillion tokens": 1e12,
    "tokens per parameter": 1.0,
}

HEADER = re.compile(r"^\|\s*Quantity\s*\|\s*Value\s*\|")
VALUE = re.compile(
    r"^\$?\s*(?P<mant>\d[\d,]*(?:\.\d+)?)\s*(?:\\times\s*10\^\{(?P<exp>-?\d+)\})?\s*\$?\s*"
    r"(?P<unit>.*?)\s*$"
)
SCI = re.compile(r"(\d[\d{},]*(?:\.\d+)?)\s*\\times\s*10\^\{(-?\d+)\}")
PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*\\%")
AFTER_RELATION = re.compile(
    r"(?:=|\\approx)\s*(\d[\d{},]*(?:\.\d+)?)(?![\d.{},A-Za-z]|\s*\\times|\s*\\%)"
)
FIX = (
    "Fix: if the page is wrong, print the recomputed value; if the inputs changed, update them "
    f"in {THIS} (SPEC/INPUTS) and the page together; if the formula is wrong, fix "
    "calc/training_compute.py."
)


@dataclass(frozen=True)
class Row:
    line: int
    quantity: str
    value: str


def worked_rows(text: str) -> list[Row]:
    """Rows of every | Quantity | Value | ... | table, with 1-based line numbers."""
    rows: list[Row] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        if HEADER.match(lines[i].strip()):
            i += 2  # header and |---| separator
            while i < len(lines) and lines[i].strip().startswith("|"):
                cells = [c.strip() for c in lines[i].strip().strip("|").split("|")]
                rows.append(Row(i + 1, cells[0], cells[1]))
                i += 1
        i += 1
    return rows


def _decimals(number: str) -> int:
    return len(number.split(".")[1]) if "." in number else 0


def _plain(number: str) -> float:
    return float(number.replace("{,}", "").replace(",", ""))


def check_rows(text: str, path: str = REL) -> list[str]:
    """Every problem with the worked-number tables of `text`, one message each."""
    problems: list[str] = []
    rows = worked_rows(text)
    seen = {r.quantity for r in rows}
    for name in SPEC:
        if name not in seen:
            problems.append(
                f"{path}: no worked-number row named '{name}'. Fix: restore the row in a "
                f"| Quantity | Value | table, or remove it from SPEC in {THIS}."
            )
    for row in rows:
        where = f"{path}:{row.line}"
        if row.quantity not in SPEC:
            problems.append(
                f"{where}: row '{row.quantity}' is not checked. Fix: add it to SPEC in {THIS} "
                "with its unit and how to recompute it (or correct the quantity text)."
            )
            continue
        unit, compute = SPEC[row.quantity]
        match = VALUE.match(row.value)
        if not match:
            problems.append(f"{where}: '{row.quantity}': cannot parse value '{row.value}'.")
            continue
        if match["unit"] != unit:
            problems.append(
                f"{where}: '{row.quantity}' prints unit '{match['unit']}', expected '{unit}'. "
                "Fix: print the value in the expected unit."
            )
            continue
        mantissa = _plain(match["mant"])
        exponent = int(match["exp"] or 0)
        per_printed_unit = UNIT_SCALE[unit] * 10.0**exponent
        computed = compute() / per_printed_unit
        tolerance = 0.5 * 10.0 ** (-_decimals(match["mant"]))
        if abs(computed - mantissa) > tolerance * (1 + 1e-9):
            suggestion = f"{computed:,.{_decimals(match['mant'])}f}"
            problems.append(
                f"{where}: '{row.quantity}' prints {row.value!r} but calc.training_compute "
                f"gives {suggestion} (x {per_printed_unit:g} {unit}; raw {compute():.6g}); "
                f"allowed rounding +-{tolerance:g} in the last printed digit. {FIX}"
            )
    return problems


def display_math(text: str) -> list[tuple[int, str]]:
    """(first line, body) of each $$ ... $$ block."""
    blocks: list[tuple[int, str]] = []
    start: int | None = None
    body: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip() == "$$":
            if start is None:
                start, body = number, []
            else:
                blocks.append((start, "\n".join(body)))
                start = None
        elif start is not None:
            body.append(line)
    return blocks


def _matches(printed: float, decimals: int, scale: float, allowed: list[float]) -> bool:
    tolerance = 0.5 * 10.0 ** (-decimals) * (1 + 1e-9)
    return any(abs(value / scale - printed) <= tolerance for value in allowed)


def check_math(text: str, path: str = REL) -> list[str]:
    """Every number in the display math that matches neither a SPEC value nor an input."""
    allowed = [compute() for _, compute in SPEC.values()] + list(INPUTS)
    problems: list[str] = []
    for first_line, body in display_math(text):
        for offset, line in enumerate(body.splitlines(), start=1):
            where = f"{path}:{first_line + offset}"
            found: list[tuple[str, float, int, float]] = []  # text, number, decimals, unit
            for mant, exp in SCI.findall(line):
                found.append(
                    (f"{mant} x 10^{exp}", _plain(mant), _decimals(mant), 10.0 ** int(exp))
                )
            for pct in PERCENT.findall(line):
                found.append((f"{pct}%", float(pct), _decimals(pct), 0.01))
            for plain in AFTER_RELATION.findall(line):
                found.append((plain, _plain(plain), _decimals(plain), 1.0))
            # (shown text, printed number, printed decimals, value of one printed unit)
            for shown, value, decimals, scale in found:
                if not _matches(value, decimals, scale, allowed):
                    problems.append(
                        f"{where}: the math prints {shown}, which matches no recomputed worked "
                        f"number and no documented input within rounding. {FIX}"
                    )
    return problems


# --- The page -----------------------------------------------------------------------------------


def test_worked_number_tables_match_the_module() -> None:
    problems = check_rows(PAGE.read_text(encoding="utf-8"))
    assert not problems, "\n".join(problems)


def test_display_math_matches_the_module() -> None:
    problems = check_math(PAGE.read_text(encoding="utf-8"))
    assert not problems, "\n".join(problems)


def test_required_section_ids_exist() -> None:
    text = PAGE.read_text(encoding="utf-8")
    for anchor in ("six-nd", "mfu", "chinchilla", "llama-3-405b", "deepseek-v3"):
        assert re.search(rf"^## .*\{{#{anchor}\}}\s*$", text, re.M), (
            f"{REL}: missing H2 with id {{#{anchor}}}; other pages link to it. "
            "Fix: restore the heading id."
        )


def test_a_planted_wrong_table_value_is_reported() -> None:
    text = PAGE.read_text(encoding="utf-8")
    good = "| Llama 3.1 405B: end-to-end utilisation against BF16 dense peak | 34.5% |"
    assert good in text, "the row used for the planted-error test has changed; update the test"
    planted = text.replace(good, good.replace("34.5%", "36.5%"))
    line = next(i for i, ln in enumerate(planted.splitlines(), 1) if "36.5%" in ln)
    problems = check_rows(planted)
    assert len(problems) == 1, problems
    message = problems[0]
    assert f"{REL}:{line}:" in message
    assert "end-to-end utilisation against BF16 dense peak" in message
    assert "36.5%" in message and "34.5" in message and "Fix:" in message


def test_a_planted_wrong_math_value_is_reported() -> None:
    text = PAGE.read_text(encoding="utf-8")
    good = r"\approx 2.40\ \text{days}"
    assert good in text, "the math used for the planted-error test has changed; update the test"
    problems = check_math(text.replace(good, good.replace("2.40", "2.50")))
    assert len(problems) == 1, problems
    assert "2.50" in problems[0] and "Fix:" in problems[0]


def test_a_missing_or_unknown_row_is_reported() -> None:
    text = PAGE.read_text(encoding="utf-8")
    renamed = text.replace(
        "| DeepSeek-V3: tokens per active parameter |", "| DeepSeek-V3: tokens per parameter |"
    )
    problems = check_rows(renamed)
    assert any("no worked-number row named 'DeepSeek-V3: tokens per active" in p for p in problems)
    assert any("row 'DeepSeek-V3: tokens per parameter' is not checked" in p for p in problems)


# --- The module ---------------------------------------------------------------------------------


def test_six_and_eight_nd() -> None:
    assert tc.training_flops(1e9, 1e9) == 6e18
    assert tc.training_flops(1e9, 1e9, recompute=True) == 8e18
    assert tc.training_flops(175e9, 300e9) == pytest.approx(3.14e23, rel=0.005)  # GPT-3 Table D.1


def test_gpu_hours_and_mfu_are_inverse() -> None:
    flops = tc.training_flops(70e9, 2e12)
    hours = tc.gpu_hours(flops, BF16, 0.37)
    assert tc.mfu_from_gpu_hours(flops, hours, BF16) == pytest.approx(0.37, rel=1e-12)


def test_utilization_mfu_vs_hfu() -> None:
    n, tokens_per_s, devices = 7e9, 1e6, 64
    mfu = tc.utilization(tokens_per_s, 6 * n, devices, BF16)
    hfu = tc.utilization(tokens_per_s, 8 * n, devices, BF16)
    assert mfu / hfu == pytest.approx(0.75)


def test_attention_term_matches_t_over_6d() -> None:
    # With H*Q = d and ~12 d^2 parameters per layer, 12LHQT / 6N = T / (6d).
    layers, d, heads, seq = 32, 4096, 32, 4096
    n = 12 * layers * d * d
    ratio = tc.attention_flops_per_token(layers, heads, d // heads, seq) / (6 * n)
    assert ratio == pytest.approx(seq / (6 * d))
    causal = tc.attention_flops_per_token(layers, heads, d // heads, seq, causal=True)
    assert causal == pytest.approx(tc.attention_flops_per_token(layers, heads, d // heads, seq) / 2)
    assert tc.model_flops_per_token(n, layers, heads, d // heads, seq) == pytest.approx(
        6 * n * (1 + seq / (6 * d))
    )


def test_wall_clock_and_misc() -> None:
    assert tc.wall_clock_days(24.0 * 10, 10) == 1.0
    assert tc.wall_clock_days(24.0 * 9, 10, 0.9) == pytest.approx(1.0)
    assert tc.chinchilla_tokens(1e9) == 20e9
    assert tc.tokens_per_param(20e9, 1e9) == 20.0
    assert tc.pflops_days(1e15 * 86400) == pytest.approx(1.0)
    assert tc.rental_cost(10.0, 2.5) == 25.0
    assert math.isclose(tc.H100_SXM_FP8_DENSE / tc.H100_SXM_BF16_DENSE, 2.0, rel_tol=0.01)


@pytest.mark.parametrize(
    "call",
    [
        lambda: tc.training_flops(0, 1e9),
        lambda: tc.gpu_hours(1e20, BF16, 0.0),
        lambda: tc.mfu_from_gpu_hours(1e20, -1.0, BF16),
        lambda: tc.wall_clock_days(100.0, 8, 1.5),
        lambda: tc.attention_flops_per_token(0, 8, 64, 1024),
        lambda: tc.chinchilla_tokens(-1.0),
    ],
)
def test_bad_inputs_raise(call: Callable[[], float]) -> None:
    with pytest.raises(ValueError):
        call()
