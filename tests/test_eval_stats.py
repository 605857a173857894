"""Tests for calc/eval_stats.py and the error-bar worked example on docs/eval/README.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from calc.eval_stats import (
    ci95_halfwidth,
    min_detectable_diff,
    questions_needed,
    se_accuracy,
    se_diff,
    worked_example,
)

PAGE = Path(__file__).resolve().parents[1] / "docs" / "eval" / "README.md"
HEADER = re.compile(r"^\|\s*Step\s*\|\s*Quantity\s*\|\s*Arithmetic\s*\|\s*Result\s*\|\s*$")
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def test_formulas() -> None:
    assert se_accuracy(0.5, 100) == pytest.approx(0.05)
    assert ci95_halfwidth(0.5, 100) == pytest.approx(1.959964 * 0.05, rel=1e-6)
    assert se_diff(0.7, 500, rho=0.5) == pytest.approx(se_accuracy(0.7, 500))
    assert min_detectable_diff(1.0) == pytest.approx(1.959964 + 0.841621, rel=1e-6)
    # GPQA Diamond has 198 questions: sqrt(0.25 / 198) = 0.0355, about 3.6 points at 50%.
    assert se_accuracy(0.5, 198) == pytest.approx(0.035533, abs=1e-6)
    # Paired with rho = 0.5 halves the questions needed versus unpaired.
    assert questions_needed(0.7, 0.02, rho=0.5) * 2 == pytest.approx(
        questions_needed(0.7, 0.02), abs=2
    )


def table_rows(text: str) -> list[tuple[int, list[str]]]:
    lines = text.splitlines()
    for idx, line in enumerate(lines):
        if HEADER.match(line.strip()):
            rows = []
            for j in range(idx + 2, len(lines)):
                row = lines[j].strip()
                if not row.startswith("|"):
                    break
                rows.append((j + 1, [cell.strip() for cell in row.strip("|").split("|")]))
            return rows
    return []


def check_page(text: str, name: str) -> list[str]:
    rows = table_rows(text)
    if not rows:
        return [f"{name}: no table with header '| Step | Quantity | Arithmetic | Result |'"]
    expected = worked_example()
    problems = []
    seen = set()
    for lineno, cells in rows:
        step = cells[0].strip("* ")
        if step not in expected:
            problems.append(
                f"{name}:{lineno}: unknown step id {step!r}; use one of {sorted(expected)}"
            )
            continue
        seen.add(step)
        printed = NUMBER.search(cells[-1]).group()
        value = float(printed.replace(",", ""))
        decimals = len(printed.split(".")[1]) if "." in printed else 0
        computed = expected[step]
        if abs(value - computed) > 0.5 * 10**-decimals + 1e-9:
            problems.append(
                f"{name}:{lineno}: step {step} result printed as {printed} but "
                f"calc/eval_stats.py gives {computed:.4f}; fix: print {computed:,.{decimals}f}"
            )
    missing = sorted(set(expected) - seen)
    if missing:
        problems.append(f"{name}: steps missing from the table: {missing}")
    return problems


def test_page_worked_example_matches_module() -> None:
    problems = check_page(PAGE.read_text(encoding="utf-8"), str(PAGE))
    assert not problems, "\n".join(problems)


def test_planted_wrong_value_is_reported() -> None:
    text = PAGE.read_text(encoding="utf-8")
    rows = table_rows(text)
    assert rows, f"{PAGE}: worked-example table missing"
    lineno, cells = rows[0]
    lines = text.splitlines()
    wrong = cells.copy()
    wrong[-1] = "3.14 pp"
    lines[lineno - 1] = "| " + " | ".join(wrong) + " |"
    problems = check_page("\n".join(lines), "copy-of-README.md")
    assert len(problems) == 1, problems
    assert f"copy-of-README.md:{lineno}:" in problems[0] and "3.14" in problems[0]
