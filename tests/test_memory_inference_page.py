"""Tests for calc/memory_inference.py and the worked numbers on
docs/estimations/memory-and-inference.md.

Every ``| Quantity | Value | Source |`` table row on the page is looked up by its exact Quantity
text in SPEC (unit printed after the number, and how to recompute it). Unknown rows and SPEC
entries missing from the page both fail; a printed value passes if the recomputed value rounds
to it at the printed precision. Numbers after ``\\approx`` in display math must match a SPEC
value or an input the same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

import calc.memory_inference as mi

ROOT = Path(__file__).resolve().parents[1]
REL = "docs/estimations/memory-and-inference.md"
PAGE = ROOT / REL
THIS = "tests/test_memory_inference_page.py"

# Inputs (sources on the page) -------------------------------------------------------------------
GPT3 = {"n_layers": 96, "seq_len": 2048, "micro_batch": 1, "hidden": 12288, "heads": 96}
GPT3_N, T, P, D = 175e9, 8, 8, 16  # our assumed layout: tensor 8, pipeline 8, 16 replicas
LLAMA_N, KV_PER_TOKEN, BATCH, CTX, GPUS = 70e9, 327680, 64, 4096, 8
BW, FP8 = mi.H100_SXM_HBM_BANDWIDTH, mi.H100_SXM_FP8_DENSE
PRICE = 2.0  # USD per GPU-hour, illustrative
B300_BW, B300_FP8 = 8.0e12, 4.5e15  # B300 SXM: 8 TB/s HBM3e, 4.5 PFLOPS dense FP8 (Bekman)
DS_NODE_DECODE = 14.8e3  # output tokens/s per 8-GPU H800 node (DeepSeek, Feb 2025)


def _gpt3_act(mode: str, tp: int = T) -> float:
    return mi.first_stage_activation_bytes(tp=tp, mode=mode, **GPT3)


def _llama_kv() -> float:
    return KV_PER_TOKEN * CTX * BATCH


def _llama_step(batch: int = BATCH, bandwidth: float = BW, peak: float = FP8) -> float:
    kv = KV_PER_TOKEN * CTX * batch
    return mi.decode_step_seconds(LLAMA_N, kv, 2 * LLAMA_N * batch, GPUS, bandwidth, peak)


def _llama_tps() -> float:
    return mi.decode_tokens_per_second_per_gpu(BATCH, _llama_step(), GPUS)


def _prefill() -> float:
    return mi.prefill_tokens_per_second_per_gpu(LLAMA_N, FP8, 0.40)


SPEC: dict[str, tuple[str, Callable[[], float]]] = {
    "7.5B model, mixed-precision Adam: model states per GPU, no sharding": (
        "GB",
        lambda: mi.model_state_bytes(7.5e9)["total"],
    ),
    **{
        f"7.5B model on 64 GPUs: model states per GPU, ZeRO stage {z}": (
            "GB",
            (lambda z=z: mi.model_state_bytes(7.5e9, dp=64, zero_stage=z)["total"]),
        )
        for z in (1, 2, 3)
    },
    "7.5B model, 8-bit Adam states (K = 6): model states per GPU, no sharding": (
        "GB",
        lambda: mi.model_state_bytes(7.5e9, state_bytes=6.0)["total"],
    ),
    "GPT-3 175B, t=8, p=8: model states per GPU, no ZeRO": (
        "GB",
        lambda: mi.model_state_bytes(GPT3_N, tp=T, pp=P)["total"],
    ),
    "GPT-3 175B, t=8, p=8, 16 replicas: model states per GPU, ZeRO stage 1": (
        "GB",
        lambda: mi.model_state_bytes(GPT3_N, dp=D, zero_stage=1, tp=T, pp=P)["total"],
    ),
    "GPT-3 175B at 2,048 tokens: activations per layer, nothing recomputed, no parallelism": (
        "GB",
        lambda: mi.activation_bytes_per_layer(2048, 1, 12288, 96, 1, "none"),
    ),
    "GPT-3 175B, t=8: first-stage activations, tensor and sequence parallelism": (
        "GB",
        lambda: _gpt3_act("tp+sp"),
    ),
    "GPT-3 175B, t=8: first-stage activations, selective recomputation": (
        "GB",
        lambda: _gpt3_act("selective"),
    ),
    "GPT-3 175B: first-stage activations, full recomputation": ("GB", lambda: _gpt3_act("full")),
    "GPT-3 175B, t=8, p=8, ZeRO stage 1, selective recomputation: total per GPU": (
        "GB",
        lambda: (
            mi.model_state_bytes(GPT3_N, dp=D, zero_stage=1, tp=T, pp=P)["total"]
            + _gpt3_act("selective")
        ),
    ),
    "Llama 3.1 70B: BF16 KV cache of 64 sequences at 4,096 tokens": ("GB", _llama_kv),
    "Llama 3.1 70B, FP8, 8 × H100, batch 64: bytes read per GPU per decode step": (
        "GB",
        lambda: (LLAMA_N + _llama_kv()) / GPUS,
    ),
    "Llama 3.1 70B, FP8, 8 × H100, batch 64: decode step at full HBM bandwidth": (
        "ms",
        _llama_step,
    ),
    "Llama 3.1 70B, FP8, 8 × H100, batch 64: decode step if compute-bound": (
        "ms",
        lambda: 2 * LLAMA_N * BATCH / (GPUS * FP8),
    ),
    "Llama 3.1 70B, FP8, 8 × H100, batch 64: decode throughput upper bound": (
        "tokens/s per GPU",
        _llama_tps,
    ),
    "Llama 3.1 70B, FP8, 8 × H100, batch 1: decode speed upper bound for one sequence": (
        "tokens/s",
        lambda: 1.0 / _llama_step(1),
    ),
    "H100 SXM, FP8 weights: batch at which decode turns compute-bound": (
        "sequences",
        lambda: mi.ridge_batch(FP8, BW, 1.0),
    ),
    "Llama 3.1 70B, FP8, batch 64: output cost at USD 2 per GPU-hour": (
        "US dollars per million tokens",
        lambda: mi.usd_per_million_tokens(PRICE, _llama_tps()),
    ),
    "Llama 3.1 70B, FP8, H100: prefill throughput at 40% MFU": ("tokens/s per GPU", _prefill),
    "Llama 3.1 70B, FP8, H100: prompt cost at 40% MFU and USD 2 per GPU-hour": (
        "US dollars per million tokens",
        lambda: mi.usd_per_million_tokens(PRICE, _prefill()),
    ),
    "Llama 3.1 70B, FP8, 8 × B300, batch 64: decode step at full HBM bandwidth": (
        "ms",
        lambda: _llama_step(bandwidth=B300_BW, peak=B300_FP8),
    ),
    "Llama 3.1 70B, FP8, 8 × B300, batch 64: decode throughput upper bound": (
        "tokens/s per GPU",
        lambda: mi.decode_tokens_per_second_per_gpu(
            BATCH, _llama_step(bandwidth=B300_BW, peak=B300_FP8), GPUS
        ),
    ),
    "DeepSeek-V3/R1 production decode: output per H800 (14.8k per 8-GPU node)": (
        "tokens/s per GPU",
        lambda: DS_NODE_DECODE / 8,
    ),
    "DeepSeek-V3/R1 production decode: output cost at USD 2 per GPU-hour": (
        "US dollars per million tokens",
        lambda: mi.usd_per_million_tokens(PRICE, DS_NODE_DECODE / 8),
    ),
    # MiniMax-M2.5 README (February 2026): listed speeds and output prices
    "M2.5-Lightning: output tokens in one hour at 100 tokens/s": (
        "tokens",
        lambda: 100.0 * mi.SECONDS_PER_HOUR,
    ),
    "M2.5-Lightning: one hour of output at USD 2.4 per million tokens": (
        "US dollars",
        lambda: mi.usd_per_hour_at_price(2.4, 100.0),
    ),
    "M2.5: one hour of output at 50 tokens/s and USD 1.2 per million tokens": (
        "US dollars",
        lambda: mi.usd_per_hour_at_price(1.2, 50.0),
    ),
}

UNIT_SCALE = {
    "GB": 1e9,
    "ms": 1e-3,
    "tokens/s": 1.0,
    "tokens/s per GPU": 1.0,
    "sequences": 1.0,
    "US dollars per million tokens": 1.0,
    "US dollars": 1.0,
    "tokens": 1.0,
}
INPUTS = (GPT3_N, 16.0, 70e9, 3.35e12, 64.0, 4.75)
HEADER = re.compile(r"^\|\s*Quantity\s*\|\s*Value\s*\|")
VALUE = re.compile(r"^(?P<num>\d[\d,]*(?:\.\d+)?)\s+(?P<unit>.+?)\s*$")
FIX = (
    f"Fix: print the recomputed value, or update the inputs in {THIS} and the page together, "
    "or fix the formula in calc/memory_inference.py."
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
        printed = float(m["num"].replace(",", ""))
        computed = compute() / UNIT_SCALE[unit]
        tol = 0.5 * 10.0 ** (-_decimals(m["num"])) * (1 + 1e-9)
        if abs(computed - printed) > tol:
            problems.append(
                f"{where}: '{quantity}' prints {value!r} but calc.memory_inference gives "
                f"{computed:,.{_decimals(m['num'])}f} {unit}. {FIX}"
            )
    return problems


def check_math(text: str, path: str = REL) -> list[str]:
    """Numbers after \\approx in $$ blocks must match a SPEC value or an input, in any unit."""
    allowed = [c() for _, c in SPEC.values()] + list(INPUTS)
    scales = (1.0, 1e9, 1e-3)
    problems, inside = [], False
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip() == "$$":
            inside = not inside
            continue
        if not inside:
            continue
        for num in re.findall(r"\\approx\s*(\d[\d{},]*(?:\.\d+)?)", line):
            printed = float(num.replace("{,}", "").replace(",", ""))
            tol = 0.5 * 10.0 ** (-_decimals(num)) * (1 + 1e-9)
            if not any(abs(v / s - printed) <= tol for v in allowed for s in scales):
                problems.append(
                    f"{path}:{number}: the math prints {num}, which matches no worked number. {FIX}"
                )
    return problems


def test_worked_number_tables_match_the_module() -> None:
    problems = check_rows(PAGE.read_text(encoding="utf-8"))
    assert not problems, "\n".join(problems)


def test_display_math_matches_the_module() -> None:
    problems = check_math(PAGE.read_text(encoding="utf-8"))
    assert not problems, "\n".join(problems)


def test_a_planted_wrong_number_is_caught() -> None:
    text = PAGE.read_text(encoding="utf-8")
    bad = text.replace("| 12.99 GB |", "| 13.99 GB |", 1)
    assert bad != text
    assert any("13.99 GB" in p and "12.99" in p for p in check_rows(bad))
    bad_math = text.replace(r"\approx 5.82", r"\approx 6.82", 1)
    assert bad_math != text
    assert any("6.82" in p for p in check_math(bad_math))


def test_zero_reproduces_the_paper_figure() -> None:
    # ZeRO (arXiv:1910.02054) Figure 1: 7.5B parameters, K = 12, N_d = 64.
    got = [mi.model_state_bytes(7.5e9, dp=64, zero_stage=z)["total"] / 1e9 for z in range(4)]
    assert [round(g, 1) for g in got] == [120.0, 31.4, 16.6, 1.9]


def test_sharding_formulas() -> None:
    s = mi.model_state_bytes(1e9, dp=4, zero_stage=2, tp=2, pp=5)
    local = 1e9 / 10
    assert s["weights"] == pytest.approx(2 * local)
    assert s["grads"] == pytest.approx(2 * local / 4)
    assert s["optimizer"] == pytest.approx(12 * local / 4)
    with pytest.raises(ValueError):
        mi.model_state_bytes(1e9, zero_stage=4)
    with pytest.raises(ValueError):
        mi.model_state_bytes(0)


def test_activation_modes_are_ordered_and_consistent() -> None:
    args = (2048, 1, 12288, 96)
    none, tp, tpsp, sel, full = (
        mi.activation_bytes_per_layer(*args, tp=8, mode=m) for m in mi.RECOMPUTE_MODES
    )
    assert none > tp > tpsp > sel > full
    # with t = 1 tensor parallelism changes nothing
    assert mi.activation_bytes_per_layer(*args, tp=1, mode="tp") == pytest.approx(
        mi.activation_bytes_per_layer(*args, tp=1, mode="none")
    )
    with pytest.raises(ValueError):
        mi.activation_bytes_per_layer(*args, mode="some")


def test_decode_is_memory_bound_below_the_ridge_batch() -> None:
    ridge = mi.ridge_batch(FP8, BW, 1.0)
    small = mi.decode_step_seconds(LLAMA_N, 0.0, 2 * LLAMA_N * 8, 1, BW, FP8)
    assert small == pytest.approx(LLAMA_N / BW)
    big_batch = int(ridge * 2)
    big = mi.decode_step_seconds(LLAMA_N, 0.0, 2 * LLAMA_N * big_batch, 1, BW, FP8)
    assert big == pytest.approx(2 * LLAMA_N * big_batch / FP8)
    with pytest.raises(ValueError):
        mi.decode_step_seconds(LLAMA_N, -1.0, 1.0, 1, BW, FP8)


def test_cost_per_million_tokens() -> None:
    # 1,000 tokens/s for one hour is 3.6M tokens; at USD 3.6 per hour that is USD 1 per million.
    assert mi.usd_per_million_tokens(3.6, 1000.0) == pytest.approx(1.0)


def test_hourly_cost_inverts_the_price_per_million() -> None:
    assert mi.usd_per_hour_at_price(mi.usd_per_million_tokens(2.0, 500.0), 500.0) == pytest.approx(
        2.0
    )
    with pytest.raises(ValueError):
        mi.usd_per_hour_at_price(0.0, 1.0)


def test_a_planted_price_mistake_is_caught() -> None:
    text = PAGE.read_text(encoding="utf-8")
    bad = text.replace("| 0.86 US dollars |", "| 1.00 US dollars |", 1)
    assert bad != text
    assert any("1.00 US dollars" in p and "0.86" in p for p in check_rows(bad))
