"""Tests for the worked numbers on docs/estimations/reported-costs.md.

Every ``| Quantity | Value | Source |`` row on the page is looked up by its exact Quantity text in
SPEC (the unit printed after the number, and how to recompute the value from
calc/training_compute.py with the reported inputs below). Rows without a SPEC entry and SPEC
entries missing from the page both fail. A printed value passes if the recomputed value rounds
to it at the printed precision ("22.9%" allows 22.85-22.95; "4.08 x 10^24" allows +-0.005e24).
Numbers after ``\\approx`` in display math must match a SPEC value the same way, so the typeset
arithmetic cannot disagree with the tables.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

import calc.training_compute as tc

ROOT = Path(__file__).resolve().parents[1]
REL = "docs/estimations/reported-costs.md"
PAGE = ROOT / REL
THIS = "tests/test_reported_costs_page.py"
BF16 = tc.H100_SXM_BF16_DENSE
FP8 = tc.H100_SXM_FP8_DENSE
BEHEMOTH_TFLOPS = 390e12  # Meta's Llama 4 launch post: FP8 on 32K GPUs, 390 TFLOPs/GPU

# Reported inputs (sources on the page) ---------------------------------------------------------
SCOUT = (17e9, 40e12, 5.0e6)  # active parameters, tokens, GPU-hours: Llama 4 model card
MAVERICK = (17e9, 22e12, 2.38e6)
SMOL = (3e9, 11e12, 384, 24.0)  # parameters, tokens, GPUs, days: SmolLM3 pretraining README
M1_GPUS, M1_DAYS, M1_USD = 512, 21.0, 534_700.0  # MiniMax-M1 abstract: 512 H800, three weeks
GPTOSS_HOURS, GPTOSS_ACTIVE, ILLUSTRATIVE_MFU = 2.1e6, 5.1e9, 0.30  # gpt-oss card and README


def _util(n: float, d: float, hours: float) -> float:
    return tc.mfu_from_gpu_hours(tc.training_flops(n, d), hours, BF16)


def _smol_hours() -> float:
    return tc.cluster_gpu_hours(SMOL[2], SMOL[3])


SPEC: dict[str, tuple[str, Callable[[], float]]] = {
    "Llama 4 Scout: training FLOPs (6ND, 17B active, 40T tokens)": (
        "FLOPs",
        lambda: tc.training_flops(*SCOUT[:2]),
    ),
    "Llama 4 Scout: end-to-end utilisation against H100 BF16 dense peak": (
        "%",
        lambda: _util(*SCOUT),
    ),
    "Llama 4 Maverick: training FLOPs (6ND, 17B active, 22T tokens)": (
        "FLOPs",
        lambda: tc.training_flops(*MAVERICK[:2]),
    ),
    "Llama 4 Maverick: end-to-end utilisation against H100 BF16 dense peak": (
        "%",
        lambda: _util(*MAVERICK),
    ),
    "Llama 4 Scout: end-to-end utilisation against H100 FP8 dense peak": (
        "%",
        lambda: tc.mfu_from_gpu_hours(tc.training_flops(*SCOUT[:2]), SCOUT[2], FP8),
    ),
    "Llama 4 Maverick: end-to-end utilisation against H100 FP8 dense peak": (
        "%",
        lambda: tc.mfu_from_gpu_hours(tc.training_flops(*MAVERICK[:2]), MAVERICK[2], FP8),
    ),
    "Llama 4 Behemoth: stated 390 TFLOPS per GPU as a share of the H100 FP8 dense peak": (
        "%",
        lambda: BEHEMOTH_TFLOPS / FP8,
    ),
    "SmolLM3: GPU-hours allocated (384 GPUs for 24 days)": ("GPU-hours", _smol_hours),
    "SmolLM3: training FLOPs (6ND, 3B, 11T tokens)": (
        "FLOPs",
        lambda: tc.training_flops(*SMOL[:2]),
    ),
    "SmolLM3: end-to-end utilisation against H100 BF16 dense peak": (
        "%",
        lambda: _util(SMOL[0], SMOL[1], _smol_hours()),
    ),
    "MiniMax-M1 RL: GPU-hours allocated (512 GPUs for 21 days)": (
        "GPU-hours",
        lambda: tc.cluster_gpu_hours(M1_GPUS, M1_DAYS),
    ),
    "MiniMax-M1 RL: implied price per GPU-hour": (
        "US dollars",
        lambda: tc.price_per_gpu_hour(M1_USD, tc.cluster_gpu_hours(M1_GPUS, M1_DAYS)),
    ),
    "gpt-oss-120b: tokens 2.1M H100-hours would buy at 30% utilisation (6ND, 5.1B active)": (
        "trillion tokens",
        lambda: tc.tokens_for_gpu_hours(GPTOSS_HOURS, GPTOSS_ACTIVE, BF16, ILLUSTRATIVE_MFU),
    ),
    "Llama 4 Scout (about 40T tokens, 17B active): tokens per active parameter": (
        "tokens per parameter",
        lambda: tc.tokens_per_param(40e12, 17e9),
    ),
    "Llama 4 Maverick (about 22T tokens, 17B active): tokens per active parameter": (
        "tokens per parameter",
        lambda: tc.tokens_per_param(22e12, 17e9),
    ),
    "SmolLM3 (11T tokens, 3B): tokens per parameter": (
        "tokens per parameter",
        lambda: tc.tokens_per_param(11e12, 3e9),
    ),
    "Nemotron 3 Nano (25T tokens, 3.6B active): tokens per active parameter": (
        "tokens per parameter",
        lambda: tc.tokens_per_param(25e12, 3.6e9),
    ),
    "Nemotron 3 Super (25T tokens, 12.7B active): tokens per active parameter": (
        "tokens per parameter",
        lambda: tc.tokens_per_param(25e12, 12.7e9),
    ),
    "Nemotron 3 Ultra (20T tokens, 55B active): tokens per active parameter": (
        "tokens per parameter",
        lambda: tc.tokens_per_param(20e12, 55e9),
    ),
}
# Values quoted in the prose and math that are not table rows (base units; % as fractions).
EXTRA = (
    tc.training_flops(12.7e9, 25e12),  # Nemotron 3 Super 6ND, "about 1.9 x 10^24"
    tc.training_flops(*MAVERICK[:2]),  # Maverick, "2.2 x 10^24" in prose
)
UNIT_SCALE = {
    "FLOPs": 1.0,
    "%": 0.01,
    "GPU-hours": 1.0,
    "US dollars": 1.0,
    "trillion tokens": 1e12,
    "tokens per parameter": 1.0,
}
HEADER = re.compile(r"^\|\s*Quantity\s*\|\s*Value\s*\|")
VALUE = re.compile(
    r"^\$?\s*(?P<mant>\d[\d,]*(?:\.\d+)?)\s*(?:\\times\s*10\^\{(?P<exp>-?\d+)\})?\s*\$?\s*"
    r"(?P<unit>.*?)\s*$"
)
APPROX = re.compile(
    r"\\approx\s*(?P<mant>\d[\d{},]*(?:\.\d+)?)\s*(?:\\times\s*10\^\{(?P<exp>-?\d+)\}|(?P<pct>\\%))?"
)
FIX = (
    f"Fix: print the recomputed value, or change the inputs in {THIS} and the page together, "
    "or fix the formula in calc/training_compute.py."
)


def _decimals(number: str) -> int:
    return len(number.split(".")[1]) if "." in number else 0


def worked_rows(text: str) -> list[tuple[int, str, str]]:
    rows, lines, i = [], text.splitlines(), 0
    while i < len(lines):
        if HEADER.match(lines[i].strip()):
            i += 2
            while i < len(lines) and lines[i].strip().startswith("|"):
                cells = [c.strip() for c in lines[i].strip().strip("|").split("|")]
                rows.append((i + 1, cells[0], cells[1]))
                i += 1
        i += 1
    return rows


def _matches(mant: str, exp: str | None, scale: float, value: float) -> bool:
    printed = float(mant.replace("{,}", "").replace(",", ""))
    unit = scale * (10.0 ** int(exp) if exp else 1.0)
    tol = 0.5 * 10.0 ** (-_decimals(mant)) * (1 + 1e-9)
    return abs(value / unit - printed) <= tol


def check_rows(text: str, path: str = REL) -> list[str]:
    problems: list[str] = []
    rows = worked_rows(text)
    seen = {q for _, q, _ in rows}
    problems += [
        f"{path}: no worked-number row named '{name}'. Fix: restore it or remove it from SPEC "
        f"in {THIS}."
        for name in SPEC
        if name not in seen
    ]
    for line, quantity, value in rows:
        where = f"{path}:{line}"
        if quantity not in SPEC:
            problems.append(f"{where}: row '{quantity}' is not checked. Fix: add it to SPEC.")
            continue
        unit, compute = SPEC[quantity]
        m = VALUE.match(value)
        if not m or m["unit"] != unit:
            problems.append(f"{where}: '{quantity}' value {value!r}: expected '<n> {unit}'.")
            continue
        computed = compute()
        if not _matches(m["mant"], m["exp"], UNIT_SCALE[unit], computed):
            problems.append(
                f"{where}: '{quantity}' prints {value!r} but calc.training_compute gives "
                f"{computed / UNIT_SCALE[unit]:.6g} {unit}. {FIX}"
            )
    return problems


def check_math(text: str, path: str = REL) -> list[str]:
    """Numbers after \\approx (in display math and inline $...$) must match a SPEC value or a
    quoted EXTRA value, as a plain number, a power of ten or a percentage."""
    allowed = [c() for _, c in SPEC.values()] + list(EXTRA)
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        for m in APPROX.finditer(line):
            scale = 0.01 if m["pct"] else 1.0
            if not any(_matches(m["mant"], m["exp"], scale, v) for v in allowed):
                problems.append(
                    f"{path}:{number}: the math prints {m.group(0)!r}, which matches no worked "
                    f"number. {FIX}"
                )
    return problems


def test_worked_number_tables_match_the_module() -> None:
    problems = check_rows(PAGE.read_text(encoding="utf-8"))
    assert not problems, "\n".join(problems)


def test_math_matches_the_module() -> None:
    problems = check_math(PAGE.read_text(encoding="utf-8"))
    assert not problems, "\n".join(problems)


def test_a_planted_wrong_number_is_caught() -> None:
    text = PAGE.read_text(encoding="utf-8")
    bad = text.replace("| 22.9% |", "| 29.2% |", 1)
    assert bad != text
    assert any("29.2%" in p and "Llama 4 Scout" in p for p in check_rows(bad))
    bad_math = text.replace(r"\approx 2.07", r"\approx 2.70", 1)
    assert bad_math != text
    assert any("2.70" in p for p in check_math(bad_math))
    bad_row = text.replace("| 258,048 GPU-hours |", "| 258,048 GPU hours |", 1)
    assert any("expected '<n> GPU-hours'" in p for p in check_rows(bad_row))


def test_new_helpers() -> None:
    assert tc.cluster_gpu_hours(8, 1.0) == pytest.approx(192.0)
    assert tc.price_per_gpu_hour(10.0, 5.0) == pytest.approx(2.0)
    # tokens_for_gpu_hours inverts gpu_hours(training_flops(N, D), peak, mfu)
    hours = tc.gpu_hours(tc.training_flops(7e9, 1e12), BF16, 0.4)
    assert tc.tokens_for_gpu_hours(hours, 7e9, BF16, 0.4) == pytest.approx(1e12)
    for bad in (
        lambda: tc.cluster_gpu_hours(0, 1.0),
        lambda: tc.price_per_gpu_hour(1.0, 0.0),
        lambda: tc.tokens_for_gpu_hours(1.0, 1.0, 1.0, 0.0),
    ):
        with pytest.raises(ValueError):
            bad()
