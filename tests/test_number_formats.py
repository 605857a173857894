"""Checks the number-format table on docs/low-precision/README.md against calc/number_formats.py.

Every cell of the table under ``## Number formats {#number-formats}`` is recomputed from the bit
layout. A cell passes if it equals the computed value exactly, or if it shows at least five
significant digits and the computed value rounds to it. ``n/a`` marks columns that do not apply.
"""

from __future__ import annotations

import math
import re
import struct
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest

from calc.number_formats import FORMATS, FloatFormat, format_number, properties

PAGE = Path(__file__).resolve().parents[1] / "docs" / "low-precision" / "README.md"
HEADING = re.compile(r"^##\s+Number formats\s+\{#number-formats\}\s*$")
NUMBER = re.compile(r"^-?\d+(?:\.\d+)?(?:e-?\d+)?$")
EXPECTED_FORMATS = [
    "FP32",
    "TF32",
    "BF16",
    "FP16",
    "FP8 E4M3",
    "FP8 E5M2",
    "FP6 E3M2",
    "FP6 E2M3",
    "FP4 E2M1",
    "INT8",
    "NF4",
]
# Page column header -> key of calc.number_formats.properties()
COLUMNS = {
    "Bits": "bits",
    "Exponent bits": "exponent_bits",
    "Mantissa bits": "mantissa_bits",
    "Bias": "bias",
    "Largest finite": "max_finite",
    "Smallest normal": "smallest_normal",
    "Smallest positive": "smallest_positive",
    "Machine epsilon": "epsilon",
    "Inf / NaN": "special",
}


@dataclass(frozen=True)
class Row:
    line: int  # 1-based line number in the file
    cells: dict[str, str]  # header -> cell text


def split_row(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def parse_table(text: str) -> tuple[list[str], list[Row]]:
    """Header and rows of the first Markdown table after the #number-formats heading."""
    lines = text.splitlines()
    start = next((i for i, ln in enumerate(lines) if HEADING.match(ln)), None)
    if start is None:
        raise AssertionError("heading '## Number formats {#number-formats}' not found")
    i = start + 1
    while i < len(lines) and not lines[i].lstrip().startswith("|"):
        if lines[i].startswith("## "):
            raise AssertionError(f"no table under the #number-formats heading (line {start + 1})")
        i += 1
    if i + 1 >= len(lines):
        raise AssertionError("table header or separator missing under #number-formats")
    header = split_row(lines[i])
    rows: list[Row] = []
    for j in range(i + 2, len(lines)):  # skip the |---| separator line
        if not lines[j].lstrip().startswith("|"):
            break
        cells = split_row(lines[j])
        rows.append(Row(line=j + 1, cells=dict(zip(header, cells, strict=False))))
    return header, rows


def significant_digits(cell: str) -> int:
    mantissa = cell.lower().split("e")[0].replace("-", "").replace(".", "")
    return len(mantissa.lstrip("0"))


def half_ulp(cell: str) -> float:
    """Half a unit in the last printed digit of a decimal or e-notation number."""
    d = Decimal(cell.lower())
    return 0.5 * 10.0 ** d.as_tuple().exponent


def cell_matches(cell: str, want: object) -> bool:
    if want is None:
        return cell == "n/a"
    if isinstance(want, str):
        return cell.lower() == want.lower()
    if not NUMBER.match(cell.lower()):
        return False
    got = float(cell)
    if isinstance(want, int):
        return got == want
    assert isinstance(want, float)
    if got == want:
        return True
    close = abs(got - want) <= half_ulp(cell) * (1 + 1e-9)
    return close and significant_digits(cell) >= 5


def shown(want: object) -> str:
    if want is None:
        return "n/a"
    if isinstance(want, float):
        return format_number(want)
    return str(want)


def check_rows(header: list[str], rows: list[Row], file: str) -> list[str]:
    """One message per wrong, missing or unexpected cell; empty when the table is right."""
    errors: list[str] = []
    if not header or header[0] != "Format":
        errors.append(f"{file}: first column must be 'Format', got {header[:1]}")
    for col in COLUMNS:
        if col not in header:
            errors.append(f"{file}: column {col!r} missing from the #number-formats table")
    names = [r.cells.get("Format", "") for r in rows]
    if names != EXPECTED_FORMATS:
        errors.append(
            f"{file}: format rows are {names}; fix: use exactly {EXPECTED_FORMATS} in this order"
        )
    for row in rows:
        name = row.cells.get("Format", "")
        if name not in FORMATS:
            errors.append(f"{file}:{row.line}: unknown format {name!r}")
            continue
        want_all = properties(name)
        for col, key in COLUMNS.items():
            if col not in row.cells:
                continue
            cell, want = row.cells[col], want_all[key]
            if not cell_matches(cell, want):
                errors.append(
                    f"{file}:{row.line}: format {name!r}, column {col!r}: page shows {cell!r}, "
                    f"computed {want!r}; fix: write {shown(want)!r} (or correct the layout in "
                    "calc/number_formats.py if the page is right)"
                )
    return errors


# --- The page ------------------------------------------------------------------------------------


def test_page_table_matches_computed_values() -> None:
    header, rows = parse_table(PAGE.read_text(encoding="utf-8"))
    errors = check_rows(header, rows, str(PAGE.relative_to(PAGE.parents[2])))
    assert not errors, "\n".join(errors)


# --- The checker can fail ------------------------------------------------------------------------

GOOD_TABLE = """\
## Number formats {#number-formats}

| Format | Bits | Exponent bits | Mantissa bits | Bias | Largest finite | Smallest normal | \
Smallest positive | Machine epsilon | Inf / NaN |
|---|---|---|---|---|---|---|---|---|---|
"""


def _table_with(rows: dict[str, list[str]]) -> str:
    lines = [GOOD_TABLE.rstrip("\n")]
    for name in EXPECTED_FORMATS:
        p = properties(name)
        cells = rows.get(name) or [shown(p[k]) for k in COLUMNS.values()]
        lines.append("| " + " | ".join([name, *cells]) + " |")
    return "\n".join(lines) + "\n\nAfter the table.\n"


def test_generated_correct_table_passes() -> None:
    header, rows = parse_table(_table_with({}))
    assert check_rows(header, rows, "fake.md") == []


def test_wrong_e4m3_max_is_reported_with_file_line_and_fix() -> None:
    wrong = [shown(v) for v in properties("FP8 E4M3").values()]
    wrong[4] = "480"  # the IEEE-style guess; OCP E4M3 tops out at 448
    header, rows = parse_table(_table_with({"FP8 E4M3": wrong}))
    errors = check_rows(header, rows, "fake.md")
    assert len(errors) == 1, errors
    msg = errors[0]
    assert "fake.md:9:" in msg  # heading, blank, header, separator, FP32..FP16 -> line 9
    assert "'FP8 E4M3'" in msg and "'Largest finite'" in msg
    assert "'480'" in msg and "448.0" in msg and "write '448'" in msg


def test_tf32_with_fp32_max_is_caught_by_precision_rule() -> None:
    wrong = [shown(v) for v in properties("TF32").values()]
    wrong[4] = "3.4028e38"  # FP32's value: TF32 keeps 10 mantissa bits, so its max is lower
    header, rows = parse_table(_table_with({"TF32": wrong}))
    errors = check_rows(header, rows, "fake.md")
    assert len(errors) == 1 and "'TF32'" in errors[0] and "3.4012e38" in errors[0]


def test_too_few_digits_and_missing_rows_are_reported() -> None:
    vague = [shown(v) for v in properties("FP32").values()]
    vague[4] = "3.4e38"  # within rounding, but only two significant digits
    text = _table_with({"FP32": vague}).replace("| NF4 |", "| NF4-ish |")
    header, rows = parse_table(text)
    errors = check_rows(header, rows, "fake.md")
    assert any("'FP32'" in e and "'3.4e38'" in e for e in errors), errors
    assert any("format rows are" in e for e in errors), errors
    assert any("unknown format 'NF4-ish'" in e for e in errors), errors


def test_missing_heading_fails_loudly() -> None:
    with pytest.raises(AssertionError, match="number-formats"):
        parse_table("# Title\n\n| Format |\n|---|\n| FP32 |\n")


# --- The formulas against independent references -------------------------------------------------


def test_known_constants() -> None:
    fp32 = FORMATS["FP32"]
    assert isinstance(fp32, FloatFormat)
    assert fp32.max_finite() == struct.unpack(">f", bytes.fromhex("7f7fffff"))[0]
    assert fp32.smallest_normal() == struct.unpack(">f", bytes.fromhex("00800000"))[0]
    assert fp32.smallest_subnormal() == struct.unpack(">f", bytes.fromhex("00000001"))[0]
    expected_max = {
        "FP16": 65504.0,
        "BF16": 3.3895313892515355e38,
        "FP8 E4M3": 448.0,
        "FP8 E5M2": 57344.0,
        "FP6 E3M2": 28.0,
        "FP6 E2M3": 7.5,
        "FP4 E2M1": 6.0,
        "INT8": 127.0,
        "NF4": 1.0,
    }
    for name, value in expected_max.items():
        assert FORMATS[name].max_finite() == value, name
    e4m3 = FORMATS["FP8 E4M3"]
    assert isinstance(e4m3, FloatFormat)
    assert e4m3.smallest_normal() == 2.0**-6 and e4m3.smallest_subnormal() == 2.0**-9
    e5m2 = FORMATS["FP8 E5M2"]
    assert isinstance(e5m2, FloatFormat)
    assert e5m2.smallest_normal() == 2.0**-14 and e5m2.smallest_subnormal() == 2.0**-16


def test_fp4_e2m1_enumerates_to_the_ocp_value_set() -> None:
    fmt = FORMATS["FP4 E2M1"]
    assert isinstance(fmt, FloatFormat)
    values = set()
    for exp_field in range(4):
        for man in range(2):
            if exp_field == 0:
                values.add(man * 0.5 * fmt.smallest_normal())
            else:
                values.add((1 + man / 2) * 2.0 ** (exp_field - fmt.exponent_bias))
    assert sorted(values) == [0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0]
    assert max(values) == fmt.max_finite()


def test_against_ml_dtypes_when_available() -> None:
    ml_dtypes = pytest.importorskip("ml_dtypes")
    pairs = {
        "FP8 E4M3": ml_dtypes.float8_e4m3fn,
        "FP8 E5M2": ml_dtypes.float8_e5m2,
        "FP6 E3M2": ml_dtypes.float6_e3m2fn,
        "FP6 E2M3": ml_dtypes.float6_e2m3fn,
        "FP4 E2M1": ml_dtypes.float4_e2m1fn,
        "BF16": ml_dtypes.bfloat16,
    }
    for name, dtype in pairs.items():
        info = ml_dtypes.finfo(dtype)
        fmt = FORMATS[name]
        assert isinstance(fmt, FloatFormat)
        assert float(info.max) == fmt.max_finite(), name
        assert float(info.smallest_normal) == fmt.smallest_normal(), name
        assert float(info.eps) == fmt.machine_epsilon(), name
        assert math.isclose(float(info.smallest_subnormal), fmt.smallest_subnormal()), name
