"""The numbers that docs/eval/pass-at-k.md repeats agree with what its figures draw
(figures/pass_at_k.py)."""

from __future__ import annotations

from figures import pass_at_k as figs
from tests.figure_text import expect_in_caption, expect_in_text, plant, plant_in_caption, read
from tests.test_passk import BIAS_HEADER, printed_ok, worked_rows

PAGE = "docs/eval/pass-at-k.md"
SOURCE = "figures/pass_at_k.py"


def check(text: str) -> list[str]:
    problems = []
    # Figure 1: the p values drawn, and the marked point (p = 0.01, k = 100).
    p, k = figs.MARKED
    value = figs.true_pass_at_k(p, k)
    ps = ", ".join(f"{q:g}" for q in figs.CURVE_PS[:-1]) + f" and {figs.CURVE_PS[-1]:g}"
    problems += expect_in_caption(
        text, PAGE, "fig-passk-vs-k", [ps, f"{value:.3f} at $p = {p:g}$ and $k = {k}$"], SOURCE
    )
    # ... and it is the plug-in value of the n = 200, c = 2, k = 100 row (c / n = p).
    for lineno, cells in worked_rows(text):
        n, c, kk = (int(x) for x in cells[:3])
        if c / n == p and kk == k and not printed_ok(cells[4], value):
            problems.append(
                f"{PAGE}:{lineno}: the naive value of the n={n}, c={c}, k={kk} row is "
                f"{cells[4]}, but Figure 1 marks {value:.4f} there; fix the table or MARKED in "
                f"{SOURCE}"
            )
    # Figure 2: its end points, and the table of expectations.
    bias = figs.bias_data()
    low = min(figs.BIAS_PS)
    truth, naive = bias[low]["truth"][-1], bias[low]["naive"][-1]
    problems += expect_in_caption(
        text,
        PAGE,
        "fig-passk-estimator-bias",
        [f"{naive:.4f} against {truth:.4f}", f"by {round(100 * (truth - naive))} points"],
        SOURCE,
    )
    problems += expect_in_text(
        text,
        PAGE,
        [f"averages {naive:.4f} against a true value of {truth:.4f}"],
        f"the n = {figs.BIAS_N}, p = {low:g}, k = {figs.BIAS_KS[-1]} end point of Figure 2",
        SOURCE,
    )
    rows = worked_rows(text, BIAS_HEADER)
    covered = 0
    for lineno, cells in rows:
        n, q, kk = int(cells[0]), float(cells[1]), int(cells[2])
        if n != figs.BIAS_N or q not in figs.BIAS_PS:
            continue
        covered += 1
        drawn = [bias[q][key][figs.BIAS_KS.index(kk)] for key in ("truth", "naive", "unbiased")]
        for label, printed, value in zip(
            ("true", "naive", "unbiased"), cells[3:6], drawn, strict=True
        ):
            if not printed_ok(printed, value):
                problems.append(
                    f"{PAGE}:{lineno}: {label} mean for n={n}, p={q:g}, k={kk} is printed as "
                    f"{printed} but Figure 2 draws {value:.4f}; fix the table or {SOURCE}"
                )
    if not covered:
        problems.append(
            f"{PAGE}: no row of the expectations table has n = {figs.BIAS_N} and p in "
            f"{figs.BIAS_PS}, so Figure 2 cannot be checked against it; restore those rows"
        )
    return problems


def test_page_agrees_with_its_figures() -> None:
    problems = check(read(PAGE))
    assert not problems, "\n".join(problems)


def test_planted_caption_mistake_is_reported() -> None:
    text = plant_in_caption(
        read(PAGE), "fig-passk-estimator-bias", "(0.4937 against 0.6513)", "(0.4937 against 0.6531)"
    )
    problems = check(text)
    assert len(problems) == 1 and "fig-passk-estimator-bias" in problems[0], problems
    assert "'0.4937 against 0.6513'" in problems[0]


def test_planted_table_mistake_is_reported() -> None:
    text = plant(
        read(PAGE), "| 10 | 0.1 | 10 | 0.6513 | 0.4937 |", "| 10 | 0.1 | 10 | 0.6513 | 0.4973 |"
    )
    problems = check(text)
    assert any("naive mean for n=10, p=0.1, k=10 is printed as 0.4973" in p for p in problems), (
        problems
    )


def test_planted_marked_point_mistake_is_reported() -> None:
    text = plant(
        read(PAGE), "| 200 | 2 | 100 | 0.7513 | 0.6340 |", "| 200 | 2 | 100 | 0.7513 | 0.6430 |"
    )
    problems = check(text)
    assert len(problems) == 1 and "Figure 1 marks 0.6340" in problems[0], problems
