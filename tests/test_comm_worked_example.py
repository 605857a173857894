"""Check the worked-example table on docs/comm.md against calc/collectives.py.

The page prints one row per quantity, marked by an id in backticks (`WE1` ... `WE13`) in the
first column and the printed value with its unit in the last column. Each id is recomputed
here from the module; a value passes if it matches to the precision it is printed with.
"""

from __future__ import annotations

import ast
import operator
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


# The bus-bandwidth table: '| Operation | busbw / algbw | Note |'. Each operation named on the page
# maps to the calc/collectives.py names whose factor it prints; nccl-tests has one factor per
# operation and none for "in-network" variants, so an unknown operation name is an error.
FACTOR_HEADER = re.compile(r"^\|\s*Operation\s*\|\s*busbw / algbw\s*\|")
PAGE_OPERATIONS = {
    "all-reduce": ("allreduce",),
    "reduce-scatter": ("reducescatter",),
    "all-gather": ("allgather",),
    "all-to-all": ("alltoall",),
    "broadcast, reduce": ("broadcast", "reduce"),
}


def _factor_rows(text: str) -> list[tuple[int, str, str]]:
    lines = text.splitlines()
    for idx, line in enumerate(lines):
        if FACTOR_HEADER.match(line.strip()):
            rows = []
            for j in range(idx + 2, len(lines)):
                row = lines[j].strip()
                if not row.startswith("|"):
                    break
                cells = [c.strip() for c in row.strip("|").split("|")]
                rows.append((j + 1, cells[0], cells[1].strip("$ ")))
            return rows
    return []


_BINARY = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}


def _eval_factor(latex: str, n: int) -> float:
    """Evaluate a printed factor such as '2(n-1)/n', '(n-1)/n' or '1' at n ranks."""
    expr = re.sub(r"(\d)\(", r"\1*(", latex.replace(" ", ""))

    def walk(node: ast.AST) -> float:
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
            return float(node.value)
        if isinstance(node, ast.Name) and node.id == "n":
            return float(n)
        if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
            return _BINARY[type(node.op)](walk(node.left), walk(node.right))
        raise ValueError(f"cannot read factor {latex!r}: only numbers, n, + - * / and brackets")

    return walk(ast.parse(expr, mode="eval").body)


def check_factor_table(text: str, name: str) -> list[str]:
    rows = _factor_rows(text)
    if not rows:
        return [f"{name}: no table with header '| Operation | busbw / algbw | Note |'"]
    problems = []
    for lineno, operation, factor in rows:
        if operation not in PAGE_OPERATIONS:
            problems.append(
                f"{name}:{lineno}: operation {operation!r} has no nccl-tests factor in "
                f"calc/collectives.py; nccl-tests uses one factor per operation "
                f"({', '.join(PAGE_OPERATIONS)}). Remove the row or add the operation to the "
                "module with the source that defines it."
            )
            continue
        for n in (2, 8, 128):
            printed = _eval_factor(factor, n)
            for key in PAGE_OPERATIONS[operation]:
                computed = cc.bus_factor(n, key)
                if abs(printed - computed) > 1e-12:
                    problems.append(
                        f"{name}:{lineno}: {operation} prints busbw/algbw = {factor} "
                        f"({printed:.4f} at n={n}) but calc/collectives.py gives {computed:.4f}; "
                        "fix the page or the module so they agree with nccl-tests."
                    )
    return problems


def test_bus_factor_table_matches_module() -> None:
    problems = check_factor_table(PAGE.read_text(encoding="utf-8"), str(PAGE))
    assert not problems, "\n".join(problems)


def test_module_has_no_in_network_factor() -> None:
    with pytest.raises(ValueError, match="unknown collective"):
        cc.bus_factor(8, "allreduce_innetwork")


def test_planted_in_network_row_is_reported() -> None:
    text = PAGE.read_text(encoding="utf-8")
    rows = _factor_rows(text)
    assert rows, f"{PAGE}: bus-bandwidth factor table missing"
    lines = text.splitlines()
    first = rows[0][0]
    planted = (
        "| all-reduce with in-network reduction | $(n-1)/(n+1)$ | reductions done by switches |"
    )
    lines.insert(first, planted)
    problems = check_factor_table("\n".join(lines), "copy-of-comm.md")
    assert len(problems) == 1, problems
    assert f"copy-of-comm.md:{first + 1}:" in problems[0]
    assert "in-network reduction" in problems[0]


def test_planted_wrong_factor_is_reported() -> None:
    text = PAGE.read_text(encoding="utf-8")
    lineno = _factor_rows(text)[0][0]
    lines = text.splitlines()
    lines[lineno - 1] = "| all-reduce | $(n-1)/n$ | wrong on purpose |"
    problems = check_factor_table("\n".join(lines), "copy-of-comm.md")
    assert problems and all(f"copy-of-comm.md:{lineno}:" in p for p in problems), problems
