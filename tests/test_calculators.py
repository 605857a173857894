"""The five calculators in the notes (docs/assets/calculators.js), driven in a real Chromium.

Each calculator is typed into like a reader would (fill, which fires input events, or key by key)
and the text it displays is compared with the Python reference in calc/ (training_compute,
kv_cache, passk, moe, memory_inference), formatted by the rules documented at the top of calculators.js and
mirrored below (half-up rounding on the exact binary value). The presets must reproduce the
numbers the pages print. Also: invalid input is reported next to its field and never shows
NaN/Infinity, the query string round-trips the state, nothing leaves the machine, the page reads
without JavaScript, and axe (WCAG 2 A/AA) finds nothing in the calculator, light and dark.

Set SKIP_BROWSER_TESTS=1 to skip these (they are then reported as skipped, never as passed).
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal, localcontext
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

import calc.kv_cache as kv
import calc.memory_inference as mi
import calc.moe as moe
import calc.training_compute as tc
from calc.passk import naive_pass_at_k, pass_at_k
from tests import (
    sitecheck,
    test_estimations_page,
    test_lcw_kv_cache,
    test_memory_inference_page,
    test_moe_worked_example,
    test_passk,
)
from tests.test_browser import AXE_TAGS, Visit, _select_palette, base_url, browser  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        os.environ.get("SKIP_BROWSER_TESTS") == "1",
        reason="SKIP_BROWSER_TESTS=1: calculator browser tests NOT run",
    ),
]

DOCS = Path(__file__).resolve().parents[1] / "docs"
MEM_PAGE = DOCS / "estimations" / "memory-and-inference.md"
# Calculator -> (page URL relative to the site root, form id).
PAGES = {
    "train": ("estimations/", "calc-train"),
    "kv": ("lcw/", "calc-kv"),
    "passk": ("eval/pass-at-k/", "calc-passk"),
    "moe": ("moe/", "calc-moe"),
    "mem": ("estimations/memory-and-inference/", "calc-mem"),
}
# Dense peaks (TFLOPS) behind the GPU choices: the hardware table of docs/low-precision/README.md.
PEAKS = {
    "h100-bf16": 989.0,
    "h100-fp8": 1979.0,
    "b200-bf16": 2250.0,
    "b200-fp8": 4500.0,
    "gb200-bf16": 2500.0,
    "gb200-fp8": 5000.0,
}


# --- The format rules of calculators.js, in Python ------------------------------------------------


def round_sig(x: float, p: int) -> tuple[bool, str, int]:
    """(negative, p digits, decimal exponent) of x rounded half-up to p significant figures."""
    if x == 0:
        return False, "0" * p, 0
    with localcontext() as ctx:
        ctx.prec = 200
        d = abs(Decimal(x))  # the exact binary value
        exp = d.adjusted()
        q = d.quantize(Decimal(1).scaleb(exp - p + 1), rounding=ROUND_HALF_UP)
        if q.adjusted() > exp:  # 9.996 -> 10.0
            exp += 1
            q = d.quantize(Decimal(1).scaleb(exp - p + 1), rounding=ROUND_HALF_UP)
        digits = str(int(q.scaleb(p - 1 - exp)))
    assert len(digits) == p, (x, p, digits)
    return x < 0, digits, exp


def place(neg: bool, digits: str, exp: int) -> str:
    if exp >= len(digits) - 1:
        text = f"{int(digits + '0' * (exp - len(digits) + 1)):,}"
    elif exp >= 0:
        text = f"{int(digits[: exp + 1]):,}.{digits[exp + 1 :]}"
    else:
        text = "0." + "0" * (-exp - 1) + digits
    return ("-" if neg else "") + text


def sig(x: float, p: int = 3) -> str:
    neg, digits, exp = round_sig(x, p)
    return place(neg, digits, exp)


def sci(x: float, p: int = 3) -> str:
    neg, digits, exp = round_sig(x, p)
    return ("-" if neg else "") + digits[0] + ("." + digits[1:] if p > 1 else "") + f" × 10^{exp}"


WORDS = ["", "", "million", "billion", "trillion", "quadrillion", "quintillion"]
SI = ["", "k", "M", "G", "T", "P", "E", "Z", "Y"]


def words(x: float, p: int = 3) -> str:
    neg, digits, exp = round_sig(x, p)
    i = min(exp // 3, len(WORDS) - 1)
    if i < 2:
        return place(neg, digits, exp)
    return place(neg, digits, exp - 3 * i) + " " + WORDS[i]


def si(x: float, unit: str, p: int = 3) -> str:
    neg, digits, exp = round_sig(x, p)
    i = max(0, min(exp // 3, len(SI) - 1))
    return place(neg, digits, exp - 3 * i) + " " + SI[i] + unit


def whole(x: float) -> str:
    return f"{int(Decimal(x).quantize(Decimal(1), rounding=ROUND_HALF_UP)):,}"


def prob(x: float) -> str:
    text = str(Decimal(x).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP))
    if text == "0.0000" and x > 0:
        return "< 0.0001"
    if text == "1.0000" and x < 1:
        return "> 0.9999"
    return text


def byte_units(n: int, base: int, names: list[str]) -> str:
    k, div = 0, 1
    while k < len(names) - 1 and n >= div * base:
        div *= base
        k += 1
    if k == 0:
        return f"{n:,} bytes"
    q = f"{(n * 200 + div) // (2 * div):03d}"
    return f"{int(q[:-2]):,}.{q[-2:]} {names[k]}"


def gib(n: int) -> str:
    return byte_units(n, 1024, ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"])


def gb(n: int) -> str:
    return byte_units(n, 1000, ["bytes", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"])


NUMBER = re.compile(
    r"^([+-]?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?)\s*([kmbgt])?$", re.I
)


def number(text: str) -> float:
    """An input as calculators.js reads it: 7e9, 7B, 7,000,000,000 (k, M, B or G, T)."""
    m = NUMBER.match(text.strip())
    assert m, f"not a valid calculator number: {text!r}"
    suffix = {"k": "e3", "m": "e6", "b": "e9", "g": "e9", "t": "e12"}
    return float(m.group(1).replace(",", "") + (suffix[m.group(2).lower()] if m.group(2) else ""))


def integer(text: str) -> int:
    value = number(text)
    assert value == int(value), text
    return int(value)


# --- Expected display, from the calc/ modules ----------------------------------------------------


def expect_train(inp: dict) -> dict[str, str]:
    params, tokens = number(inp["params"]), number(inp["tokens"])
    gpu = inp.get("gpu", "h100-bf16")
    peak = (number(inp["peak"]) if gpu == "custom" else PEAKS[gpu]) * 1e12
    mfu, eff = number(inp["mfu"]) / 100, number(inp["eff"]) / 100
    recompute = inp.get("recompute", False)
    flops = tc.training_flops(params, tokens, recompute=recompute)
    hours = tc.gpu_hours(flops, peak, mfu)
    days = tc.wall_clock_days(hours, integer(inp["gpus"]), eff)
    out = {
        "flops": sci(flops) + " FLOPs",
        "hours": (whole(hours) if hours < 1e6 else words(hours, 4)) + " GPU-hours",
        "days": sig(days) + " days",
        "tpp": sig(tc.tokens_per_param(tokens, params)),
    }
    if recompute:
        model = mfu * tc.training_flops(params, tokens) / flops
        out["mfu6"] = sig(model * 100) + "%"
    return out


def expect_kv(inp: dict) -> dict[str, str]:
    layers, width = integer(inp["layers"]), int(inp.get("bytes", "2"))
    tokens, batch = integer(inp["tokens"]), integer(inp["batch"])
    if inp.get("mode") == "mla":
        rank, rope = integer(inp["rank"]), integer(inp["ropedim"])
        per_token = kv.mla_cache_bytes(layers, rank, rope, width, 1)
        total = kv.mla_cache_bytes(layers, rank, rope, width, tokens, batch)
        formula = f"{layers} × ({rank} + {rope}) × {width}"
    else:
        heads, dim = integer(inp["kvheads"]), integer(inp["headdim"])
        per_token = kv.kv_cache_bytes(layers, heads, dim, width, 1)
        total = kv.kv_cache_bytes(layers, heads, dim, width, tokens, batch)
        formula = f"2 × {layers} × {heads} × {dim} × {width}"
    return {
        "formula": formula,
        "pertoken": f"{per_token:,} bytes ({gib(per_token)})",
        "total": f"{gib(total)} ({gb(total)})",
        "bytes": f"{total:,} bytes",
    }


def expect_passk(inp: dict) -> dict[str, str]:
    n, c, k = integer(inp["n"]), integer(inp["c"]), integer(inp["k"])
    if c == 0:
        note = "Exactly 0: no sample is correct, so no set of k samples passes."
    elif n - c < k:
        note = (
            f"Exactly 1: only n − c = {n - c:,} samples are wrong, fewer than k = {k:,}, "
            "so every set of k samples holds a correct one."
        )
    elif k == 1:
        note = "With k = 1 both estimates equal c/n."
    else:
        factors = "factor" if c == 1 else "factors"
        note = f"Computed as 1 − ∏ (1 − k/i) for i = {n - c + 1:,} … {n:,}: {c:,} {factors}."
    return {
        "unbiased": prob(pass_at_k(n, c, k)),
        "naive": prob(naive_pass_at_k(n, c, k)),
        "note": note,
    }


MOE_WIDTH = {"fp8s": moe.FP8_BYTES, "fp8": moe.FP8_BYTES, "bf16": moe.BF16_BYTES, "fp32": 4}


def expect_moe(inp: dict) -> dict[str, str]:
    total, active = number(inp["total"]), number(inp["active"])
    d, ff = integer(inp["dmodel"]), integer(inp["dff"])
    experts, layers, ep = integer(inp["experts"]), integer(inp["layers"]), integer(inp["ep"])
    precision = inp.get("precision", "fp8s")
    per_expert = moe.expert_params(d, ff)
    routed = moe.routed_expert_params(per_expert, experts, layers)
    local = moe.experts_per_gpu(experts, ep)
    per_gpu = local * layers * per_expert
    scales = local * layers * 3 * moe.block_scale_bytes(d, ff) if precision == "fp8s" else 0
    memory = moe.expert_memory_bytes(routed, MOE_WIDTH[precision], ep) + scales
    per_gpu_bytes = per_gpu * MOE_WIDTH[precision] + scales
    assert per_gpu_bytes == memory  # the exact integer the page shows is the module's value
    shown = f"{per_gpu_bytes:,} bytes: {gb(per_gpu_bytes)} ({gib(per_gpu_bytes)})"
    if precision == "fp8s":
        shown += f", of which {scales:,} bytes are scales"
    dense = moe.flops_per_token(total, training=True)
    return {
        "perexpert": f"{per_expert:,}",
        "routed": f"{routed:,} ({words(float(routed))}, {sig(100.0 * routed / total)}% of the total)",
        "local": str(local),
        "pergpu": f"{per_gpu:,} ({words(float(per_gpu))})",
        "memory": shown,
        "forward": si(moe.flops_per_token(active), "FLOP"),
        "training": si(moe.flops_per_token(active, training=True), "FLOP"),
        "dense": si(dense, "FLOP") + f" ({sig(total / active)} × more)",
    }


MEM_STATE_BYTES = {"adam": mi.ADAM_STATE_BYTES, "adam8": 6.0}


def expect_mem(inp: dict) -> dict[str, str]:
    params, k = number(inp["params"]), MEM_STATE_BYTES[inp.get("optim", "adam")]
    dp, tp, pp = integer(inp["dp"]), integer(inp["tp"]), integer(inp["pp"])
    states = mi.model_state_bytes(params, dp, int(inp.get("zero", "1")), tp, pp, state_bytes=k)
    shape = (
        integer(inp["seq"]),
        integer(inp["mbs"]),
        integer(inp["hidden"]),
        integer(inp["heads"]),
    )
    mode = inp.get("mode", "selective")
    per_layer = mi.activation_bytes_per_layer(*shape, tp=tp, mode=mode)
    layers = integer(inp["layers"])
    acts = mi.first_stage_activation_bytes(layers, *shape, tp=tp, mode=mode)
    return {
        "weights": si(states["weights"], "B"),
        "grads": si(states["grads"], "B"),
        "optimizer": si(states["optimizer"], "B"),
        "states": si(states["total"], "B"),
        "perlayer": si(per_layer, "B"),
        "acts": si(acts, "B"),
        "total": si(states["total"] + acts, "B"),
    }


EXPECT = {
    "train": expect_train,
    "kv": expect_kv,
    "passk": expect_passk,
    "moe": expect_moe,
    "mem": expect_mem,
}

# --- Input sets: at least five per calculator, edge cases included -------------------------------

TRAIN_BASE = {"gpu": "h100-bf16", "recompute": False, "eff": "100"}
TRAIN_CASES = {
    "llama-405b-at-38pct": {"params": "405B", "tokens": "15.6T", "gpus": "16,384", "mfu": "38"},
    "b200-fp8-recompute": {
        "params": "70e9",
        "tokens": "15T",
        "gpu": "b200-fp8",
        "gpus": "1024",
        "mfu": "35.5",
        "eff": "92",
        "recompute": True,
    },
    "gb200-bf16": {
        "params": "1.2t",
        "tokens": "30T",
        "gpu": "gb200-bf16",
        "gpus": "72k",
        "mfu": "41.25",
    },
    "smallest-inputs": {
        "params": "1",
        "tokens": "1",
        "gpu": "custom",
        "peak": "0.001",
        "gpus": "1",
        "mfu": "100",
        "eff": "100",
    },
    "largest-inputs": {
        "params": "1e16",
        "tokens": "1e17",
        "gpu": "custom",
        "peak": "1000000",
        "gpus": "10000000",
        "mfu": "0.01",
        "eff": "0.01",
        "recompute": True,
    },
}
KV_BASE = {"mode": "gqa", "bytes": "2", "batch": "1"}
KV_CASES = {
    "llama-70b-fp8-32k-batch-16": {
        "layers": "80",
        "kvheads": "8",
        "headdim": "128",
        "bytes": "1",
        "tokens": "32768",
        "batch": "16",
    },
    "mha-64-heads": {"layers": "80", "kvheads": "64", "headdim": "128", "tokens": "131072"},
    "mla-deepseek-v3-batch-8": {
        "mode": "mla",
        "layers": "61",
        "rank": "512",
        "ropedim": "64",
        "tokens": "4096",
        "batch": "8",
    },
    "one-of-everything": {"layers": "1", "kvheads": "1", "headdim": "1", "tokens": "1"},
    "largest-inputs": {
        "layers": "10000",
        "kvheads": "10000",
        "headdim": "100000",
        "bytes": "4",
        "tokens": "1e9",
        "batch": "1e6",
    },
}
PASSK_CASES = {
    "single-sample-correct": {"n": "1", "c": "1", "k": "1"},
    "tiny-value": {"n": "1000000", "c": "1", "k": "1"},
    "near-one": {"n": "100", "c": "50", "k": "20"},
    "half-a-million-factors": {"n": "1000000", "c": "500000", "k": "10"},
    "every-set-has-a-correct-one": {"n": "200", "c": "101", "k": "100"},
}
MOE_BASE = {"precision": "fp8s"}
MOE_CASES = {
    "deepseek-v3-bf16-ep32": {
        "total": "671B",
        "active": "37B",
        "dmodel": "7168",
        "dff": "2048",
        "experts": "256",
        "layers": "58",
        "precision": "bf16",
        "ep": "32",
    },
    "qwen3-like-fp8-no-scales": {
        "total": "235e9",
        "active": "22e9",
        "dmodel": "4096",
        "dff": "1536",
        "experts": "128",
        "layers": "94",
        "precision": "fp8",
        "ep": "16",
    },
    "ep-1-fp32": {
        "total": "47B",
        "active": "13B",
        "dmodel": "4096",
        "dff": "14336",
        "experts": "8",
        "layers": "32",
        "precision": "fp32",
        "ep": "1",
    },
    "partial-scale-blocks": {
        "total": "100M",
        "active": "10M",
        "dmodel": "1000",
        "dff": "300",
        "experts": "12",
        "layers": "4",
        "ep": "3",
    },
    "one-of-everything": {
        "total": "3",
        "active": "1",
        "dmodel": "1",
        "dff": "1",
        "experts": "1",
        "layers": "1",
        "ep": "1",
    },
}
MEM_BASE = {
    "params": "175B",
    "optim": "adam",
    "zero": "1",
    "dp": "16",
    "tp": "8",
    "pp": "8",
    "layers": "96",
    "seq": "2048",
    "mbs": "1",
    "hidden": "12288",
    "heads": "96",
    "mode": "selective",
}
MEM_CASES = {
    "zero-paper-7.5b-stage-3": {"params": "7.5B", "zero": "3", "dp": "64", "tp": "1", "pp": "1"},
    "8-bit-adam-no-sharding": {
        "params": "7.5B",
        "optim": "adam8",
        "zero": "0",
        "tp": "1",
        "pp": "1",
    },
    "tp-only-long-context": {"mode": "tp", "seq": "32768", "mbs": "2", "zero": "2"},
    "nothing-recomputed": {"params": "70B", "mode": "none", "tp": "1", "pp": "4", "dp": "8"},
    "one-of-everything": {
        "params": "1",
        "zero": "0",
        "dp": "1",
        "tp": "1",
        "pp": "1",
        "layers": "1",
        "seq": "1",
        "mbs": "1",
        "hidden": "1",
        "heads": "1",
        "mode": "full",
    },
    "largest-inputs": {
        "params": "1e16",
        "zero": "3",
        "dp": "10000000",
        "tp": "100000",
        "pp": "100000",
        "layers": "10000",
        "seq": "100000000",
        "mbs": "1000000",
        "hidden": "1000000",
        "heads": "100000",
        "mode": "tp+sp",
    },
}
CASES = {
    "train": {k: TRAIN_BASE | v for k, v in TRAIN_CASES.items()},
    "kv": {k: KV_BASE | v for k, v in KV_CASES.items()},
    "passk": PASSK_CASES,
    "moe": {k: MOE_BASE | v for k, v in MOE_CASES.items()},
    "mem": {k: MEM_BASE | v for k, v in MEM_CASES.items()},
}

# (calculator, inputs, field that must carry the message, words the message must contain)
INVALID = [
    ("train", {"params": "-5"}, "params", "at least 1"),
    ("train", {"params": "seven"}, "params", "Not a number"),
    ("train", {"params": "2e16"}, "params", "Too large"),
    ("train", {"gpus": "0"}, "gpus", "at least 1"),
    ("train", {"gpus": "1.5"}, "gpus", "whole number"),
    ("train", {"mfu": "0"}, "mfu", "at least 0.01"),
    ("train", {"gpu": "custom", "peak": "-989"}, "peak", "at least 0.001"),
    ("kv", {"layers": "0"}, "layers", "at least 1"),
    ("kv", {"headdim": "12.5"}, "headdim", "whole number"),
    ("kv", {"tokens": "1e12"}, "tokens", "Too large"),
    ("kv", {"batch": ""}, "batch", "Enter a value"),
    ("kv", {"mode": "mla", "rank": "NaN"}, "rank", "Not a number"),
    ("passk", {"n": "10", "c": "11", "k": "1"}, "c", "Cannot exceed n"),
    ("passk", {"n": "10", "c": "3", "k": "11"}, "k", "Cannot exceed n"),
    ("passk", {"n": "10", "c": "-1", "k": "1"}, "c", "Cannot be negative"),
    ("passk", {"n": "Infinity", "c": "3", "k": "1"}, "n", "Not a number"),
    ("moe", {"total": "37B", "active": "671B"}, "active", "Cannot exceed the total"),
    ("moe", {"ep": "48"}, "ep", "do not split evenly"),
    ("moe", {"total": "100B"}, "total", "Smaller than the routed experts"),
    ("mem", {"params": "0"}, "params", "at least 1"),
    ("mem", {"dp": "2.5"}, "dp", "whole number"),
    ("mem", {"seq": "1e9"}, "seq", "Too large"),
    ("mem", {"heads": ""}, "heads", "Enter a value"),
]
VALID = {  # a valid state to start from and return to around each invalid input
    "train": TRAIN_BASE | {"params": "7B", "tokens": "1T", "gpus": "512", "mfu": "40"},
    "mem": MEM_BASE,
    "kv": KV_BASE | KV_CASES["mha-64-heads"],
    "passk": {"n": "200", "c": "2", "k": "100"},
    "moe": MOE_BASE
    | {
        "total": "671B",
        "active": "37B",
        "dmodel": "7168",
        "dff": "2048",
        "experts": "256",
        "layers": "58",
        "ep": "64",
    },
}

# --- Driving the page -----------------------------------------------------------------------------


class Calculator:
    """One calculator on its page, typed into through Playwright."""

    def __init__(self, visit: Visit, form_id: str) -> None:
        self.visit = visit
        self.page = visit.page
        self.id = form_id
        self.form = self.page.locator(f"#{form_id}")
        self.errors: list[str] = []
        self.initial: tuple[dict, dict] = ({}, {})
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def goto(self, url: str) -> None:
        self.page.goto(url, wait_until="domcontentloaded")
        self.page.wait_for_selector(f"#{self.id}[data-calc-ready]", state="attached")

    def fields(self) -> dict[str, list[str]]:
        """name -> [kind, current value] of every control, in one round trip."""
        return self.form.evaluate(
            """f => { const out = {};
                for (const el of f.querySelectorAll('[data-field]')) {
                    const field = el.dataset.field;
                    const kind = el.tagName === 'SELECT' ? 'select' : el.type;
                    if (kind === 'radio') {
                        if (!(field in out) || el.checked) out[field] = [kind, el.checked ? el.value : ''];
                    } else {
                        out[field] = [kind, kind === 'checkbox' ? String(el.checked) : el.value];
                    }
                }
                return out; }"""
        )

    def set(self, values: dict) -> None:
        """Enter the values as the browser would after a reader's edits, in one round trip: each
        changed control gets its new value and the same input and change events a reader's edit
        fires (test_results_update_key_by_key and test_keyboard_only type key by key instead).
        Fields that already hold the value are left alone."""
        wanted = {
            name: str(value).lower() if isinstance(value, bool) else str(value)
            for name, value in values.items()
        }
        missing = self.form.evaluate(
            """(f, wanted) => {
                const missing = [];
                for (const [name, want] of Object.entries(wanted)) {
                    const controls = [...f.querySelectorAll(`[data-field='${name}']`)];
                    const el = controls[0];
                    if (!el) { missing.push(name); continue; }
                    let target = el;
                    if (el.type === 'radio') {
                        target = controls.find((c) => c.value === want);
                        if (!target) { missing.push(`${name}=${want}`); continue; }
                        if (target.checked) continue;
                        target.checked = true;
                    } else if (el.type === 'checkbox') {
                        if (String(el.checked) === want) continue;
                        el.checked = want === 'true';
                    } else {
                        if (el.value === want) continue;
                        if (el.tagName === 'SELECT' && ![...el.options].some((o) => o.value === want)) {
                            missing.push(`${name}=${want}`); continue;
                        }
                        el.value = want;
                    }
                    target.dispatchEvent(new Event('input', { bubbles: true }));
                    target.dispatchEvent(new Event('change', { bubbles: true }));
                }
                if (document.activeElement) document.activeElement.blur();
                return missing;
            }""",
            wanted,
        )
        assert not missing, f"#{self.id}: no control or option for {missing}"

    def outputs(self) -> dict[str, str]:
        return self.form.evaluate(
            "f => Object.fromEntries([...f.querySelectorAll('dd[data-out]')]"
            ".map(d => [d.dataset.out, d.textContent]))"
        )

    def text(self) -> str:
        return self.form.evaluate("f => f.textContent")

    def field_value(self, name: str) -> str:
        return self.fields()[name][1]


URL_CASES = {  # the state in the link each calculator page is first opened with
    "train": TRAIN_BASE | TRAIN_CASES["b200-fp8-recompute"],  # a GPU choice, but no peak
    "kv": KV_BASE | KV_CASES["mla-deepseek-v3-batch-8"],
    "passk": {"n": "20", "c": "5", "k": "10"},
    "moe": MOE_BASE | MOE_CASES["deepseek-v3-bf16-ep32"],
    "mem": MEM_BASE | MEM_CASES["zero-paper-7.5b-stage-3"],
}


def _pairs(inputs: dict) -> dict[str, str]:
    """field -> value as the link carries it (encodeURIComponent; a checkbox as 1 or 0)."""
    return {
        key: quote(
            ("1" if value else "0") if isinstance(value, bool) else str(value), safe="-_.!~*'()"
        )
        for key, value in inputs.items()
    }


def _shown(inputs: dict) -> dict[str, str]:
    """field -> value as the form holds it (a checkbox as 'true' or 'false')."""
    return {k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in inputs.items()}


@pytest.fixture(scope="module")
def calcs(browser: object, base_url: str) -> Iterator[dict[str, Calculator]]:  # noqa: F811
    """One browser context and one page load per calculator, shared by the tests below. Each
    page is opened with a state in its link, and what the page showed is kept in `initial`."""
    opened: dict[str, Calculator] = {}

    class Lazy(dict):
        def __missing__(self, name: str) -> Calculator:
            path, form_id = PAGES[name]
            calc = Calculator(Visit(browser), form_id)
            state = ";".join(f"{k}:{v}" for k, v in _pairs(URL_CASES[name]).items())
            calc.goto(f"{base_url}{path}?calc-{name}={state}")
            calc.initial = (calc.fields(), calc.outputs())
            opened[name] = calc
            self[name] = calc
            return calc

    yield Lazy()
    for calc in opened.values():
        calc.visit.close()


def _check_case(calc: Calculator, name: str, inputs: dict) -> list[str]:
    got = calc.outputs()
    try:
        want = EXPECT[name](inputs)
    except ValueError:  # calc/ rejects the inputs: the calculator must show no results
        want = {}
    return [
        f"{key}: shown {got.get(key)!r}, calc/ gives {want[key]!r}"
        for key in sorted(set(got) | set(want))
        if got.get(key) != want.get(key)
    ]


@pytest.mark.parametrize(("name", "case"), [(n, c) for n, cases in CASES.items() for c in cases])
def test_results_match_python_reference(calcs: dict, name: str, case: str) -> None:
    calc = calcs[name]
    inputs = CASES[name][case]
    calc.set(inputs)
    problems = _check_case(calc, name, inputs)
    assert not problems, f"{name} / {case} {inputs}:\n" + "\n".join(problems)
    assert not re.search(r"NaN|Infinity|undefined", calc.text())


@pytest.mark.parametrize("name", list(PAGES))
def test_results_update_key_by_key(calcs: dict, name: str) -> None:
    """Typing key by key updates the results on every keystroke, not only on change/blur."""
    calc = calcs[name]
    calc.set(VALID[name])
    field = {"train": "gpus", "kv": "tokens", "passk": "c", "moe": "ep", "mem": "seq"}[name]
    final = {"train": "2048", "kv": "65536", "passk": "17", "moe": "128", "mem": "8192"}[name]
    control = calc.form.locator(f"[data-field='{field}']")
    control.fill("")
    for i, char in enumerate(final, start=1):
        control.press(char)
        typed = VALID[name] | {field: final[:i]}
        problems = _check_case(calc, name, typed)
        assert not problems, f"{name} after typing {final[:i]!r} into {field}:\n" + "\n".join(
            problems
        )


def test_keyboard_only(calcs: dict) -> None:
    """Presets, the attention mode and the fields all work from the keyboard alone."""
    calc = calcs["kv"]
    page = calc.page
    calc.form.locator("button[data-preset='llama405b']").focus()
    page.keyboard.press("Enter")
    assert calc.outputs()["pertoken"].startswith("516,096 bytes")
    calc.form.locator("[data-field='mode'][value='gqa']").focus()
    page.keyboard.press("ArrowRight")  # radio group: the arrow key moves to MLA
    assert calc.field_value("mode") == "mla"
    assert calc.form.locator("[data-field='rank']").is_visible()
    assert calc.form.locator("[data-field='kvheads']").is_hidden()
    page.keyboard.press("Tab")  # from the mode to the first field, Layers
    page.keyboard.press("Control+a")
    page.keyboard.type("61")
    assert calc.outputs()["formula"] == "61 × (512 + 64) × 2"
    calc.set(VALID["kv"])


# --- Presets reproduce the numbers the pages print ----------------------------------------------

_PAGE_NUMBER = re.compile(
    r"\$?\s*(\d[\d,]*(?:\.\d+)?)\s*(?:(?:\\times|×)\s*10\^\{?(-?\d+)\}?)?\s*\$?\s*"
    r"(million|billion|trillion)?"
)
_SCALE = {None: 1.0, "million": 1e6, "billion": 1e9, "trillion": 1e12}


def _printed(text: str) -> tuple[float, int, float]:
    """(value in printed units, printed decimals, size of one printed unit) of '24.76 million'."""
    m = _PAGE_NUMBER.match(text.strip())
    assert m, f"cannot read a number from {text!r}"
    mantissa = m.group(1).replace(",", "")
    decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
    scale = _SCALE[m.group(3)] * 10.0 ** int(m.group(2) or 0)
    return float(mantissa), decimals, scale


def _agrees(shown: str, page: str) -> bool:
    """The calculator's figure, rounded to the page's printed precision, is the page's figure."""
    page_value, decimals, scale = _printed(page)
    shown_value, _, shown_scale = _printed(shown)
    return round(shown_value * shown_scale / scale, decimals) == page_value


TRAIN_PRESET_ROWS = {  # preset (+ extra inputs) -> {row of a | Quantity | Value | table: output}
    ("llama405b", ()): {
        "Llama 3.1 405B: training FLOPs (6ND)": "flops",
        "Llama 3.1 405B: GPU-hours for 6ND at 43% MFU": "hours",
        "Llama 3.1 405B: tokens per parameter": "tpp",
    },
    ("dsv3", ()): {
        "DeepSeek-V3: training FLOPs (6ND, 37B active)": "flops",
        "DeepSeek-V3: pre-training GPU-hours at 180K per trillion tokens": "hours",
        "DeepSeek-V3: pre-training wall-clock on 2,048 GPUs": "days",
        "DeepSeek-V3: tokens per active parameter": "tpp",
    },
    ("small", ()): {
        "7B on 1T tokens: training FLOPs (6ND)": "flops",
        "7B on 1T tokens: GPU-hours at 40% MFU on H100 BF16": "hours",
        "7B on 1T tokens: wall-clock on 512 GPUs": "days",
        "7B on 1T tokens: tokens per parameter": "tpp",
    },
    ("small", (("eff", "90"),)): {
        "7B on 1T tokens: wall-clock on 512 GPUs at 90% effective time": "days",
    },
    ("small", (("recompute", True),)): {
        "7B on 1T tokens: training FLOPs with full recomputation (8ND)": "flops",
        "7B on 1T tokens: GPU-hours with full recomputation at 40% HFU": "hours",
        "7B on 1T tokens: MFU when HFU is 40% with full recomputation": "mfu6",
    },
}


def test_training_presets_reproduce_the_page(calcs: dict) -> None:
    calc = calcs["train"]
    text = (DOCS / "estimations" / "README.md").read_text(encoding="utf-8")
    printed = {r.quantity: r.value for r in test_estimations_page.worked_rows(text)}
    problems = []
    for (preset, extra), rows in TRAIN_PRESET_ROWS.items():
        calc.form.locator(f"button[data-preset='{preset}']").click()
        calc.set(dict(extra))
        got = calc.outputs()
        inputs = {
            n: calc.field_value(n) for n in ("params", "tokens", "peak", "gpus", "mfu", "eff")
        }
        inputs |= {"gpu": calc.field_value("gpu"), "recompute": dict(extra).get("recompute", False)}
        want = expect_train(inputs)
        problems += [
            f"{preset}{extra}: {k} {got[k]!r} != calc/ {want[k]!r}"
            for k in want
            if got.get(k) != want[k]
        ]
        for quantity, key in rows.items():
            if not _agrees(got[key], printed[quantity]):
                problems.append(
                    f"{preset}{extra}: {key} shows {got[key]!r}; page prints "
                    f"{printed[quantity]!r} for '{quantity}'"
                )
    assert not problems, "\n".join(problems)


KV_PRESET_ROWS = {  # preset (+ extra inputs) -> model cell of the table on docs/lcw.md
    ("llama8b", ()): "Llama 3.1 8B, GQA",
    ("llama70b", ()): "Llama 3.1 70B, GQA",
    ("llama70b", (("bytes", "1"),)): "Llama 3.1 70B, GQA, FP8 cache",
    ("llama405b", ()): "Llama 3.1 405B, GQA",
    ("dsv3", ()): "DeepSeek-V3, MLA",
}


def test_kv_presets_reproduce_the_page(calcs: dict) -> None:
    calc = calcs["kv"]
    _, tokens, rows = test_lcw_kv_cache._table()
    table = {row.model: row for row in rows}
    problems = []
    for (preset, extra), model in KV_PRESET_ROWS.items():
        calc.form.locator(f"button[data-preset='{preset}']").click()
        calc.set(dict(extra))
        row, got = table[model], calc.outputs()
        want_per_token = f"{row.per_token:,} bytes"
        want_total = f"{row.gib_text} GiB ({row.gb_text} GB)"
        if not got["pertoken"].startswith(want_per_token) or got["total"] != want_total:
            problems.append(
                f"{preset}{extra}: shows {got['pertoken']!r}, {got['total']!r}; "
                f"docs/lcw.md:{row.line} prints {want_per_token!r}, {want_total!r}"
            )
        if calc.field_value("tokens") != str(tokens):
            problems.append(f"{preset}: sequence length {calc.field_value('tokens')} != {tokens}")
    calc.form.locator("button[data-preset='opt13b']").click()  # the vLLM cross-check in the prose
    if not calc.outputs()["pertoken"].startswith("819,200 bytes"):
        problems.append(f"opt13b: {calc.outputs()['pertoken']!r}, the page says 819,200 bytes")
    assert not problems, "\n".join(problems)


def test_passk_reproduces_the_worked_examples_table(calcs: dict) -> None:
    calc = calcs["passk"]
    text = (DOCS / "eval" / "pass-at-k.md").read_text(encoding="utf-8")
    rows = test_passk.worked_rows(text)
    assert len(rows) >= 5, "worked-examples table not found on docs/eval/pass-at-k.md"
    problems = []
    for line, cells in rows:
        n, c, k, unbiased, naive = cells[:5]
        calc.set({"n": n, "c": c, "k": k})
        got = calc.outputs()
        if (got["unbiased"], got["naive"]) != (unbiased, naive):
            problems.append(
                f"docs/eval/pass-at-k.md:{line}: n={n} c={c} k={k}: page prints "
                f"{unbiased}, {naive}; calculator shows {got['unbiased']}, {got['naive']}"
            )
        problems += [
            f"line {line}: {p}" for p in _check_case(calc, "passk", {"n": n, "c": c, "k": k})
        ]
    assert not problems, "\n".join(problems)


def test_moe_presets_reproduce_the_page(calcs: dict) -> None:
    calc = calcs["moe"]
    printed = {key: text for _, key, text in test_moe_worked_example._printed_values()}
    example = moe.deepseek_v3_worked_example(ep_degree=64)
    calc.form.locator("button[data-preset='dsv3']").click()
    got = calc.outputs()
    inputs = {
        n: calc.field_value(n)
        for n in ("total", "active", "dmodel", "dff", "experts", "layers", "ep", "precision")
    }
    problems = _check_case(calc, "moe", inputs)
    shown = {  # output -> (page key, how the output starts)
        "perexpert": ("params_per_expert", "{}"),
        "routed": ("routed_expert_params_total", "{} ("),
        "local": ("experts_per_gpu_per_layer", "{}"),
        "pergpu": ("expert_params_per_gpu", "{} ("),
        "memory": ("fp8_bytes_per_gpu", "{} bytes"),
    }
    for key, (page_key, template) in shown.items():
        want = template.format(printed[page_key])
        assert int(printed[page_key].replace(",", "")) == example[page_key]
        if not got[key].startswith(want):
            problems.append(f"{key}: shows {got[key]!r}, the page prints {printed[page_key]}")
    if f"{example['routed_share_of_671b_percent']}% of the total" not in got["routed"]:
        problems.append(f"routed share: {got['routed']!r}, the page prints 97.5%")
    for key, page_key in (
        ("forward", "forward_flops_per_token"),
        ("training", "training_flops_per_token"),
        ("dense", "training_flops_per_token_if_dense_671b"),
    ):
        value = float(printed[page_key].replace(",", ""))
        if not got[key].startswith(si(value, "FLOP")):
            problems.append(f"{key}: shows {got[key]!r}, the page prints {printed[page_key]}")
    calc.set({"precision": "bf16"})
    if not calc.outputs()["memory"].startswith(printed["bf16_bytes_per_gpu"] + " bytes"):
        problems.append(f"bf16: {calc.outputs()['memory']!r} vs {printed['bf16_bytes_per_gpu']}")
    calc.form.locator("button[data-preset='dsv3decode']").click()  # "about 2.55B parameters"
    if not calc.outputs()["pergpu"].startswith(
        f"{58 * example['params_per_expert']:,} (2.55 billion)"
    ):
        problems.append(f"decode layout: {calc.outputs()['pergpu']!r}")
    assert not problems, "\n".join(problems)


def _same_gb(shown: str, printed: str) -> bool:
    """'4.83 GB' shown by the calculator agrees with '4.8 GB' on the page (and '13.0 GB' with
    '12.99 GB'): both round to the same value at the coarser of the two precisions."""
    value, unit = shown.split()
    page, page_unit = printed.split()
    digits = min(len(x.split(".")[1]) if "." in x else 0 for x in (value, page))
    return unit == page_unit == "GB" and round(float(value), digits) == round(float(page), digits)


def test_memory_presets_reproduce_the_page(calcs: dict) -> None:
    """The GPT-3 presets show the page's worked numbers (tests/test_memory_inference_page.py
    checks those against calc/memory_inference.py)."""
    calc = calcs["mem"]
    rows = {q: v for _, q, v in test_memory_inference_page.worked_rows(MEM_PAGE.read_text())}
    calc.form.locator("button[data-preset='gpt3']").click()
    inputs = {n: calc.field_value(n) for n in MEM_BASE}
    problems = _check_case(calc, "mem", inputs)
    got = calc.outputs()
    for key, quantity in (
        ("total", "GPT-3 175B, t=8, p=8, ZeRO stage 1, selective recomputation: total per GPU"),
        ("acts", "GPT-3 175B, t=8: first-stage activations, selective recomputation"),
        ("states", "GPT-3 175B, t=8, p=8, 16 replicas: model states per GPU, ZeRO stage 1"),
    ):
        if not _same_gb(got[key], rows[quantity]):
            problems.append(f"{key}: shows {got[key]!r}, the page prints {rows[quantity]!r}")
    calc.form.locator("button[data-preset='gpt3full']").click()
    full = "GPT-3 175B: first-stage activations, full recomputation"
    if not _same_gb(calc.outputs()["acts"], rows[full]):
        problems.append(f"full recomputation: {calc.outputs()['acts']!r} vs {rows[full]!r}")
    assert not problems, "\n".join(problems)


# --- Invalid input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "bad", "field", "message"),
    INVALID,
    ids=[f"{n}-{f}-{'-'.join(v for v in b.values())}" for n, b, f, _ in INVALID],
)
def test_invalid_input_is_explained_next_to_the_field(
    calcs: dict, name: str, bad: dict, field: str, message: str
) -> None:
    calc = calcs[name]
    calc.set(VALID[name])
    calc.set(bad)
    seen = calc.form.evaluate(
        """(f, name) => {
            const el = f.querySelector(`[data-field="${name}"]`);
            const errorId = (el.getAttribute('aria-describedby') || '').split(' ')
                .find(id => id.endsWith('-err'));
            const error = errorId && document.getElementById(errorId);
            const region = f.querySelector('.calc-results');
            return {
                id: error && error.id, message: error ? error.textContent : '',
                visible: !!error && error.checkVisibility(),
                invalid: el.getAttribute('aria-invalid'),
                describedby: (el.getAttribute('aria-describedby') || '').split(' '),
                live: region.getAttribute('aria-live'), region: region.textContent,
                results: f.querySelectorAll('dd[data-out]').length,
                text: f.textContent,
            };
        }""",
        field,
    )
    assert message in seen["message"] and seen["visible"], f"{field}: {seen['message']!r}"
    assert seen["invalid"] == "true" and seen["id"] in seen["describedby"], seen
    assert seen["live"] == "polite" and "No results until" in seen["region"], seen["region"]
    assert seen["results"] == 0, "results must not be shown for invalid input"
    assert not re.search(r"NaN|Infinity|undefined", seen["text"]), seen["text"]
    calc.set(VALID[name])  # fixing the field clears the message and brings the results back
    assert calc.form.evaluate(
        """(f, name) => { const el = f.querySelector(`[data-field="${name}"]`);
            return [document.getElementById(el.id + '-err').textContent,
                    el.getAttribute('aria-invalid')]; }""",
        field,
    ) == ["", None]
    assert not _check_case(calc, name, VALID[name])


# --- State in the URL -----------------------------------------------------------------------------

TYPED = {  # typed on each page after the state in the link was restored
    "train": TRAIN_BASE | TRAIN_CASES["gb200-bf16"] | {"recompute": True},
    "kv": VALID["kv"],
    "passk": VALID["passk"],
    "moe": VALID["moe"],
    "mem": MEM_BASE | MEM_CASES["8-bit-adam-no-sharding"],
}


@pytest.mark.parametrize("name", list(PAGES))
def test_state_in_the_url_is_restored_on_load(calcs: dict, name: str) -> None:
    """Each page was opened with ?calc-<name>=field:value;... : fields and results come back.
    The training link names a GPU but no peak, as a hand-edited link might: the GPU brings it."""
    fields, outputs = calcs[name].initial
    inputs = URL_CASES[name]
    assert {k: fields[k][1] for k in inputs} == _shown(inputs)
    assert outputs == EXPECT[name](inputs)
    if name == "train":
        assert fields["peak"][1] == "4500"


@pytest.mark.parametrize("name", list(PAGES))
def test_typing_writes_the_state_to_the_url(calcs: dict, name: str) -> None:
    """Typing writes the same documented format to the URL (a moment after typing stops), so
    the link reproduces the result; for the training calculator the link is opened again."""
    calc = calcs[name]
    inputs = TYPED[name]
    calc.set(inputs)
    want = _pairs(inputs)
    calc.page.wait_for_function(
        """([key, pairs]) => { const q = new URLSearchParams(location.search).get(key) || '';
            const have = new Set(q.split(';').map(p => p.split(':')[0] + ':' +
                encodeURIComponent(decodeURIComponent(p.slice(p.indexOf(':') + 1)))));
            return pairs.every(p => have.has(p)); }""",
        arg=[f"calc-{name}", [f"{k}:{v}" for k, v in want.items()]],
        timeout=5_000,
    )
    url = calc.page.evaluate("location.href")  # page.url may lag behind history.replaceState
    query = urlsplit(url).query
    state = next(p.split("=", 1)[1] for p in query.split("&") if p.startswith(f"calc-{name}="))
    pairs = dict(pair.split(":", 1) for pair in state.split(";"))
    assert {k: pairs.get(k) for k in want} == want, url
    assert set(pairs) == set(calc.fields()), "every field is in the link"
    if name == "train":  # a reader opening the shared link
        calc.goto(url)
        assert {k: calc.field_value(k) for k in inputs} == _shown(inputs)
        problems = _check_case(calc, name, inputs)
        assert not problems, "\n".join(problems)


def test_malformed_url_is_explained(calcs: dict, base_url: str) -> None:  # noqa: F811
    """A malformed value in a link arrives as an explained invalid field, not a broken page."""
    passk = calcs["passk"]
    passk.goto(base_url + "eval/pass-at-k/?calc-passk=n:ten;c:3;k:5;bogus:1")
    assert "Not a number" in passk.page.locator("#calc-passk-n-err").text_content()
    assert passk.field_value("c") == "3" and passk.field_value("k") == "5"
    assert not passk.outputs()
    assert not re.search(r"NaN|Infinity|undefined", passk.text())
    passk.set({"n": "200"})


# --- Offline, without JavaScript, and accessible ---------------------------------------------------


def test_built_forms_read_without_javascript(built_site: sitecheck.Site) -> None:
    """In the built HTML (what a reader without JavaScript gets): each form holds its defaults,
    a visible label for every control, the note that results need JavaScript, and no presets."""
    problems = []
    for path, form_id in PAGES.values():
        form = built_site.soup(path + "index.html").find("form", id=form_id)
        if form is None:
            problems.append(f"{path}: no form #{form_id}")
            continue
        note = form.select_one(".calc-results")
        if note is None or "Results need JavaScript" not in note.get_text():
            problems.append(f"{path}: the results region lacks the no-JavaScript note")
        presets = form.select_one(".calc-presets")
        if presets is not None and not presets.has_attr("hidden"):
            problems.append(f"{path}: preset buttons do nothing without JavaScript; hide them")
        for control in form.select("[data-field]"):
            label = control.find_parent("label") or form.find(
                "label", attrs={"for": control.get("id")}
            )
            if label is None or not label.get_text(strip=True):
                problems.append(f"{path}: {control.get('data-field')} has no visible label")
            if (
                control.name == "input"
                and control.get("type") == "text"
                and not control.get("value")
            ):
                problems.append(f"{path}: {control.get('data-field')} has no default value")
    assert not problems, "\n".join(problems)


def test_page_reads_without_javascript(browser: object, base_url: str) -> None:  # noqa: F811
    """One page in a browser with JavaScript off: the form and its note show, presets do not."""
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        path, form_id = PAGES["passk"]
        page.goto(base_url + path, wait_until="load")
        form = page.locator(f"#{form_id}")
        assert form.is_visible() and page.locator("article h1").is_visible()
        assert "Results need JavaScript" in form.locator(".calc-results").inner_text()
        assert form.locator("dd[data-out]").count() == 0
        assert form.locator("[data-field='n']").input_value() == "200"
    finally:
        context.close()


AXE_RUN = """([context, tags]) => axe.run(context,
        {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
    .then(r => r.violations.map(v => `${v.id}: ${v.help} at ` +
        JSON.stringify(v.nodes.slice(0, 3).map(n => n.target))))"""


def _palette(page: object, scheme: str) -> None:
    """Switch the palette through Material's own radio input (the toggle itself is tested in
    tests/test_browser.py), then wait until the colours have finished fading."""
    _select_palette(page, scheme)


@pytest.mark.parametrize("name", list(PAGES))
def test_calculator_is_accessible_light_and_dark(calcs: dict, name: str) -> None:
    """axe (WCAG 2 A/AA) on the whole calculator while it shows an error message, and on its
    results region while it shows results (the only part that differs), in both palettes."""
    from axe_playwright_python.sync_playwright import Axe

    calc = calcs[name]
    calc.page.evaluate(Axe().axe_script)  # inject once; each run below reuses it
    bad = next(case[1] for case in INVALID if case[0] == name)
    form, results = f"#{calc.id}", {"include": [[f"#{calc.id} .calc-results"]]}
    problems = []
    for scheme, states in (("default", ("error", "results")), ("slate", ("results", "error"))):
        _palette(calc.page, scheme)
        for state in states:
            calc.set(VALID[name] | bad if state == "error" else VALID[name])
            context = form if state == "error" else results
            if state == "error" and calc.page.locator(f"#{calc.id} button[data-preset]").count():
                # A hovered preset button must keep its contrast too.
                calc.page.hover(f"#{calc.id} button[data-preset]")
            found = calc.page.evaluate(AXE_RUN, [context, AXE_TAGS])
            problems += [f"[{scheme}, {state}] {v}" for v in found]
    calc.set(VALID[name])
    assert not problems, "\n".join(problems)


def test_no_request_leaves_the_machine_and_no_script_error(calcs: dict) -> None:
    seen = {name: (calcs[name].visit.external, calcs[name].errors) for name in PAGES}
    assert not any(external or errors for external, errors in seen.values()), seen


def test_format_rules_examples() -> None:
    """The Python mirror of the format rules, on the examples in calculators.js."""
    assert sig(2.4) == "2.40" and sig(54.199) == "54.2" and sig(1234.5) == "1,230"
    assert sig(9.9996) == "10.0" and sig(0.012345) == "0.0123"
    assert sci(3.7908e25) == "3.79 × 10^25" and sci(4.2e22) == "4.20 × 10^22"
    assert words(24760740.2, 4) == "24.76 million" and words(653908770816.0) == "654 billion"
    assert si(74e9, "FLOP") == "74.0 GFLOP" and si(4.026e12, "FLOP") == "4.03 TFLOP"
    assert whole(29491.4) == "29,491" and prob(0.0) == "0.0000" and prob(1e-6) == "< 0.0001"
    assert gib(40 * kv.GIB) == "40.00 GiB" and gb(40 * kv.GIB) == "42.95 GB"
    assert gib(17_314_086_912) == "16.13 GiB"  # 16.125 exactly: half-up, like Number#toFixed
    assert number("7B") == 7e9 and number("15.6T") == 15.6e12 and number("1,024") == 1024
    assert math.isclose(number("2.5e3"), 2500)
