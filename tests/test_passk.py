"""Tests for calc/passk.py and for the worked numbers printed on docs/eval/pass-at-k.md."""

from __future__ import annotations

import itertools
import math
import re
from fractions import Fraction
from pathlib import Path

import pytest

from calc.passk import benchmark_pass_at_k, expected_estimates, naive_pass_at_k, pass_at_k

PAGE = Path(__file__).resolve().parents[1] / "docs" / "eval" / "pass-at-k.md"
# Stable marker: the header row of the "Worked examples" table on the page.
HEADER = re.compile(r"^\|\s*n\s*\|\s*c\s*\|\s*k\s*\|\s*pass@k\s*\|\s*naive\s*\|\s*$")
# Second marker: the table of exact expectations under c ~ Binomial(n, p).
BIAS_HEADER = re.compile(
    r"^\|\s*n\s*\|\s*p\s*\|\s*k\s*\|\s*true pass@k\s*\|\s*mean of naive\s*\|"
    r"\s*mean of unbiased\s*\|\s*$"
)
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def brute_force(n: int, c: int, k: int) -> Fraction:
    """Share of all k-subsets of n samples (the first c correct) holding a correct one."""
    subsets = list(itertools.combinations(range(n), k))
    hits = sum(1 for s in subsets if any(i < c for i in s))
    return Fraction(hits, len(subsets))


def exact_estimator(n: int, c: int, k: int) -> Fraction:
    return 1 - Fraction(math.comb(n - c, k), math.comb(n, k))


@pytest.mark.parametrize("n", range(1, 9))
def test_matches_brute_force_enumeration(n: int) -> None:
    for c in range(n + 1):
        for k in range(1, n + 1):
            want = brute_force(n, c, k)
            assert exact_estimator(n, c, k) == want
            got = pass_at_k(n, c, k)
            assert got == pytest.approx(float(want), abs=1e-12), (n, c, k, got, want)


def test_edge_cases_are_exact() -> None:
    assert pass_at_k(200, 0, 100) == 0.0
    assert pass_at_k(200, 200, 100) == 1.0
    assert pass_at_k(10, 3, 8) == 1.0  # only 7 wrong samples, so any 8 include a correct one
    assert pass_at_k(200, 58, 1) == pytest.approx(58 / 200, abs=1e-15)
    with pytest.raises(ValueError):
        pass_at_k(10, 11, 1)
    with pytest.raises(ValueError):
        pass_at_k(10, 3, 11)
    with pytest.raises(ValueError):
        pass_at_k(10, 3, 0)


def test_large_n_is_stable() -> None:
    # C(1000, 500) overflows a float; the product form must not.
    value = pass_at_k(1000, 3, 500)
    assert value == pytest.approx(float(exact_estimator(1000, 3, 500)), rel=1e-12)


@pytest.mark.parametrize("p", [Fraction(1, 10), Fraction(1, 3), Fraction(7, 10)])
def test_estimator_is_unbiased_and_naive_is_not(p: Fraction) -> None:
    n = 8
    for k in range(1, n + 1):
        truth = 1 - (1 - p) ** k
        expect_unbiased = Fraction(0)
        expect_naive = Fraction(0)
        for c in range(n + 1):
            weight = math.comb(n, c) * p**c * (1 - p) ** (n - c)
            expect_unbiased += weight * exact_estimator(n, c, k)
            expect_naive += weight * (1 - (1 - Fraction(c, n)) ** k)
        assert expect_unbiased == truth
        if k == 1:
            assert expect_naive == truth
        else:
            assert expect_naive < truth  # concave plug-in: biased low


def test_benchmark_mean() -> None:
    assert benchmark_pass_at_k([(20, 0), (20, 5), (20, 20)], 10) == pytest.approx(
        (0.0 + float(exact_estimator(20, 5, 10)) + 1.0) / 3
    )


def worked_rows(text: str, header: re.Pattern[str] = HEADER) -> list[tuple[int, list[str]]]:
    """(line number, cells) of the rows under the given table header."""
    lines = text.splitlines()
    for idx, line in enumerate(lines):
        if header.match(line.strip()):
            rows = []
            for j in range(idx + 2, len(lines)):  # skip the |---| separator
                row = lines[j].strip()
                if not row.startswith("|"):
                    break
                rows.append((j + 1, [cell.strip() for cell in row.strip("|").split("|")]))
            return rows
    return []


def printed_ok(printed: str, computed: float) -> bool:
    decimals = len(printed.split(".")[1]) if "." in printed else 0
    return abs(float(printed) - computed) <= 0.5 * 10**-decimals + 1e-12


def check_page(text: str, name: str) -> list[str]:
    rows = worked_rows(text)
    if not rows:
        return [
            f"{name}: no table with header '| n | c | k | pass@k | naive |' found; "
            "restore the Worked examples table"
        ]
    problems = []
    for lineno, cells in rows:
        if len(cells) < 5:
            problems.append(f"{name}:{lineno}: expected 5 cells, got {cells}")
            continue
        n, c, k = (int(NUMBER.search(cells[i]).group()) for i in range(3))
        for col, func, label in ((3, pass_at_k, "pass@k"), (4, naive_pass_at_k, "naive")):
            printed = NUMBER.search(cells[col]).group()
            computed = func(n, c, k)
            if not printed_ok(printed, computed):
                problems.append(
                    f"{name}:{lineno}: {label} for n={n}, c={c}, k={k} is printed as {printed} "
                    f"but calc/passk.py gives {computed:.6f}; fix: print {computed:.4f} "
                    f"(or correct n, c, k in that row)"
                )
    return problems


def test_page_worked_examples_match_module() -> None:
    text = PAGE.read_text(encoding="utf-8")
    rows = worked_rows(text)
    assert len(rows) >= 5, f"{PAGE}: expected at least 5 worked-example rows, found {len(rows)}"
    problems = check_page(text, str(PAGE))
    assert not problems, "\n".join(problems)


def test_planted_wrong_row_is_reported() -> None:
    text = PAGE.read_text(encoding="utf-8")
    rows = worked_rows(text)
    assert rows, f"{PAGE}: worked-examples table missing"
    lineno, cells = rows[1]
    lines = text.splitlines()
    wrong = cells.copy()
    wrong[3] = "0.1234"
    lines[lineno - 1] = "| " + " | ".join(wrong) + " |"
    problems = check_page("\n".join(lines), "copy-of-pass-at-k.md")
    assert len(problems) == 1, problems
    assert f"copy-of-pass-at-k.md:{lineno}:" in problems[0]
    assert "0.1234" in problems[0] and "fix:" in problems[0]


def test_page_bias_table_matches_module() -> None:
    text = PAGE.read_text(encoding="utf-8")
    rows = worked_rows(text, BIAS_HEADER)
    assert rows, f"{PAGE}: table headed '| n | p | k | true pass@k | mean of naive | ...' missing"
    problems = []
    for lineno, cells in rows:
        n, k = int(cells[0]), int(cells[2])
        p = float(cells[1])
        labels = ("true pass@k", "mean of naive", "mean of unbiased")
        values = expected_estimates(n, p, k)
        for label, printed, computed in zip(labels, cells[3:6], values, strict=True):
            if not printed_ok(printed, computed):
                problems.append(
                    f"{PAGE}:{lineno}: {label} for n={n}, p={p}, k={k} is printed as {printed} "
                    f"but calc/passk.py gives {computed:.6f}; fix: print {computed:.4f}"
                )
    assert not problems, "\n".join(problems)


def test_true_pass_at_k() -> None:
    from calc.passk import true_pass_at_k

    assert true_pass_at_k(0.3, 1) == pytest.approx(0.3)
    assert true_pass_at_k(0.01, 100) == pytest.approx(1 - 0.99**100)
    assert true_pass_at_k(0.0, 50) == 0.0
    assert true_pass_at_k(1.0, 3) == 1.0
    # The same truth that expected_estimates reports.
    assert true_pass_at_k(0.1, 10) == pytest.approx(expected_estimates(10, 0.1, 10)[0])
    with pytest.raises(ValueError):
        true_pass_at_k(1.5, 2)
    with pytest.raises(ValueError):
        true_pass_at_k(0.5, 0)


# --- pass^k and maj@k ---------------------------------------------------------------------------

from calc.passk import maj_at_k, pass_hat_k  # noqa: E402


def brute_force_all(n: int, c: int, k: int) -> Fraction:
    """Share of all k-subsets of n samples (the first c correct) that are all correct."""
    subsets = list(itertools.combinations(range(n), k))
    return Fraction(sum(1 for s in subsets if all(i < c for i in s)), len(subsets))


def brute_force_majority(counts: list[int], correct: int, k: int) -> Fraction:
    """Enumerate every k-subset of labelled samples; ties split uniformly."""
    labels = [j for j, x in enumerate(counts) for _ in range(x)]
    total, subsets = Fraction(0), list(itertools.combinations(range(len(labels)), k))
    for s in subsets:
        votes = [0] * len(counts)
        for i in s:
            votes[labels[i]] += 1
        top = max(votes)
        if votes[correct] == top:
            total += Fraction(1, sum(1 for v in votes if v == top))
    return total / len(subsets)


@pytest.mark.parametrize("n", range(1, 9))
def test_pass_hat_k_matches_brute_force(n: int) -> None:
    for c in range(n + 1):
        for k in range(1, n + 1):
            want = brute_force_all(n, c, k)
            got = pass_hat_k(n, c, k)
            assert got == pytest.approx(float(want), abs=1e-12), (n, c, k, got, want)
            if k == 1:
                assert got == pytest.approx(pass_at_k(n, c, 1), abs=1e-15)


@pytest.mark.parametrize(
    "counts", [[3, 2], [2, 2, 2], [4, 1, 1, 1], [1, 3, 2], [0, 4, 1], [5], [2, 3, 1, 1]]
)
def test_maj_at_k_matches_brute_force(counts: list[int]) -> None:
    n = sum(counts)
    for correct in range(len(counts)):
        for k in range(1, n + 1):
            want = brute_force_majority(counts, correct, k)
            got = maj_at_k(counts, correct, k)
            assert got == pytest.approx(float(want), abs=1e-12), (counts, correct, k, got)


def test_maj_at_k_edge_cases() -> None:
    assert maj_at_k([5, 3, 2], 0, 1) == pytest.approx(0.5)  # k = 1 is pass@1 = c / n
    assert maj_at_k([0, 7], 0, 3) == 0.0
    assert maj_at_k([4, 6], 0, 10) == 0.0  # all samples vote: the wrong answer wins
    with pytest.raises(ValueError):
        maj_at_k([3, 2], 2, 1)
    with pytest.raises(ValueError):
        maj_at_k([3, -1], 0, 1)
    with pytest.raises(ValueError):
        pass_hat_k(4, 5, 1)


REPEAT_HEADER = re.compile(r"^\|\s*n\s*\|\s*c\s*\|\s*k\s*\|\s*pass@k\s*\|\s*pass\^k\s*\|\s*$")
MAJ_HEADER = re.compile(r"^\|\s*answer counts\s*\|\s*k\s*\|\s*maj@k\s*\|\s*pass@k\s*\|\s*$")


def _rows_after(header: re.Pattern[str]) -> list[tuple[int, list[str]]]:
    lines = PAGE.read_text(encoding="utf-8").splitlines()
    start = next((i for i, line in enumerate(lines) if header.match(line.strip())), None)
    assert start is not None, f"{PAGE}: table header {header.pattern!r} not found"
    rows = []
    for i in range(start + 2, len(lines)):
        if not lines[i].strip().startswith("|"):
            break
        rows.append((i + 1, [c.strip() for c in lines[i].strip().strip("|").split("|")]))
    assert rows, f"{PAGE}:{start + 1}: table has no rows"
    return rows


def test_pass_hat_k_table_on_page() -> None:
    for line, (n, c, k, at, hat) in _rows_after(REPEAT_HEADER):
        n_, c_, k_ = int(n), int(c), int(k)
        for shown, want, name in (
            (at, pass_at_k(n_, c_, k_), "pass@k"),
            (hat, pass_hat_k(n_, c_, k_), "pass^k"),
        ):
            assert f"{want:.4f}" == shown, (
                f"docs/eval/pass-at-k.md:{line}: {name} for n={n}, c={c}, k={k} prints {shown}, "
                f"calc/passk.py gives {want:.4f}. Fix the page or the function."
            )


def test_maj_at_k_table_on_page() -> None:
    for line, (counts, k, maj, at) in _rows_after(MAJ_HEADER):
        cs = [int(x) for x in NUMBER.findall(counts)]
        n, k_ = sum(cs), int(k)
        want_maj, want_at = maj_at_k(cs, 0, k_), pass_at_k(n, cs[0], k_)
        assert f"{want_maj:.4f}" == maj and f"{want_at:.4f}" == at, (
            f"docs/eval/pass-at-k.md:{line}: counts {counts} (first = correct), k={k}: page "
            f"prints maj@k {maj}, pass@k {at}; calc/passk.py gives {want_maj:.4f}, "
            f"{want_at:.4f}. Fix the page or the function."
        )
