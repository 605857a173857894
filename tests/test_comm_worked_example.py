"""Check the worked-example table on docs/comm.md against calc/collectives.py.

The page prints one row per quantity, marked by an id in backticks (`WE1` ... `WE13`) in the
first column and the printed value with its unit in the last column. Each id is recomputed
here from the module; a value passes if it matches to the precision it is printed with.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from calc import collectives as cc  # noqa: E402

PAGE = ROOT / "docs" / "comm.md"

ROW = re.compile(
    r"^\|\s*`(WE\d+)`\s*\|.*\|\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*(bytes|µs|ms|GB/s|MB)\s*\|\s*$"
)

# Unit of the printed value -> factor that converts the SI base value (s, B, B/s) into it.
UNIT_SCALE = {"bytes": 1.0, "µs": 1e6, "ms": 1e3, "GB/s": 1e-9, "MB": 1e-6}

BUCKET = 25 * cc.MIB  # PyTorch DDP default bucket cap, in bytes
ALPHA_A = 2e-6  # assumed per-step latency inside one NVLink node (Case A)
ALPHA_B = 5e-6  # assumed per-step latency for the 128-GPU case (Case B)
B_NVLINK = 450 * cc.GB  # H100 NVLink, one direction
B_NIC = 50 * cc.GB  # one 400 Gb/s NIC, one direction
RAILS = 8


def _case_a_total() -> float:
    return cc.allreduce_ring_time(BUCKET, 8, B_NVLINK, ALPHA_A)


def _case_a_algbw() -> float:
    return cc.algorithm_bandwidth(BUCKET, _case_a_total())


EXPECTED: dict[str, tuple[str, Callable[[], float]]] = {
    "WE1": ("bytes", lambda: BUCKET),
    "WE2": ("µs", lambda: cc.allreduce_bandwidth_term(BUCKET, 8, B_NVLINK)),
    "WE3": ("µs", lambda: cc.allreduce_ring_time(0, 8, B_NVLINK, ALPHA_A)),
    "WE4": ("µs", _case_a_total),
    "WE5": ("GB/s", _case_a_algbw),
    "WE6": ("GB/s", lambda: cc.bus_bandwidth(_case_a_algbw(), 8, "allreduce")),
    # Each of the 8 rings carries BUCKET / 8 through one NIC.
    "WE7": ("µs", lambda: cc.allreduce_bandwidth_term(BUCKET / RAILS, 128, B_NIC)),
    "WE8": ("µs", lambda: cc.allreduce_ring_time(BUCKET, 128, RAILS * B_NIC, ALPHA_B)),
    "WE9": ("µs", lambda: cc.allreduce_tree_time(BUCKET, 128, RAILS * B_NIC, ALPHA_B)),
    "WE10": ("MB", lambda: cc.ring_crossover_bytes(128, RAILS * B_NIC, ALPHA_B)),
    "WE11": ("ms", lambda: cc.allreduce_bandwidth_term(8e9 * 2, 128, RAILS * B_NIC)),
    "WE12": ("bytes", lambda: cc.moe_dispatch_bytes(128, 8, 7168, 1)),
    "WE13": ("µs", lambda: cc.moe_dispatch_bytes(128, 8, 7168, 1) / B_NIC),
}


def _printed_rows() -> dict[str, tuple[int, float, str, str]]:
    rows: dict[str, tuple[int, float, str, str]] = {}
    for lineno, line in enumerate(PAGE.read_text(encoding="utf-8").splitlines(), start=1):
        match = ROW.match(line.strip())
        if match:
            ident, number, unit = match.groups()
            rows[ident] = (lineno, float(number.replace(",", "")), unit, number)
    return rows


def _tolerance(printed: str) -> float:
    """Half a unit in the last printed digit, so the check follows the page's rounding."""
    decimals = len(printed.split(".")[1]) if "." in printed else 0
    return 0.5 * 10 ** (-decimals) + 1e-9


def test_page_exists() -> None:
    assert PAGE.exists(), f"{PAGE}: page not found; the worked example lives on docs/comm.md"


def test_all_worked_example_rows_present() -> None:
    rows = _printed_rows()
    missing = sorted(set(EXPECTED) - set(rows), key=lambda s: int(s[2:]))
    extra = sorted(set(rows) - set(EXPECTED), key=lambda s: int(s[2:]))
    assert not missing, (
        f"{PAGE}: worked-example rows {missing} not found. Each row must look like "
        "'| `WEn` | quantity | inputs | <number> <unit> |' with unit one of "
        f"{sorted(UNIT_SCALE)}; restore the row or update EXPECTED in {Path(__file__).name}."
    )
    assert not extra, (
        f"{PAGE}: rows {extra} have no expected value; add them to EXPECTED in {Path(__file__).name}."
    )


@pytest.mark.parametrize("ident", sorted(EXPECTED, key=lambda s: int(s[2:])))
def test_worked_example_value(ident: str) -> None:
    rows = _printed_rows()
    if ident not in rows:
        pytest.fail(f"{PAGE}: row `{ident}` missing from the worked-example table")
    lineno, printed_value, unit, printed_text = rows[ident]
    want_unit, compute = EXPECTED[ident]
    assert unit == want_unit, (
        f"{PAGE}:{lineno}: `{ident}` is printed in '{unit}' but the test expects '{want_unit}'; "
        "fix the unit on the page or in EXPECTED."
    )
    computed = compute() * UNIT_SCALE[unit]
    assert abs(printed_value - computed) <= _tolerance(printed_text), (
        f"{PAGE}:{lineno}: `{ident}` prints {printed_text} {unit} but calc/collectives.py gives "
        f"{computed:,.4f} {unit}. Fix the number on the page (and any arithmetic that repeats it) "
        "or, if the model changed on purpose, the inputs in this test."
    )
