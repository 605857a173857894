"""The numbers that docs/eval/README.md repeats agree with what its figures draw
(figures/eval.py): benchmark sizes, standard errors and detectable gaps."""

from __future__ import annotations

import re

from calc.eval_stats import worked_example
from figures import eval as figs
from tests.figure_text import expect_in_caption, expect_in_text, plant, plant_in_caption, read
from tests.test_eval_stats import NUMBER, table_rows

PAGE = "docs/eval/README.md"
SOURCE = "figures/eval.py"


def check(text: str) -> list[str]:
    problems = []
    # Figure 3: the benchmark sizes are those of the benchmark table ...
    for name, n, cell in figs.BENCHMARKS:
        if not cell.startswith(f"{n:,} "):
            problems.append(f"{SOURCE}: BENCHMARKS draws {name} at {n} but names the cell {cell!r}")
        if not re.search(
            rf"^\|[^|\n]*\|\s*{re.escape(name)}\b[^\n]*\|\s*{re.escape(cell)}", text, re.M
        ):
            problems.append(
                f"{PAGE}: the benchmark table has no {name} row whose size cell starts with "
                f"{cell!r}, the size ({n}) Figure 3 marks; fix BENCHMARKS in {SOURCE} or the table"
            )
    # ... its caption states each marked standard error ...
    cap = [f"{name} ({n:,}" for name, n, _ in figs.BENCHMARKS]
    cap += [f", {figs._fmt_se(se)}" for _, _, se in figs.benchmark_points()]
    problems += expect_in_caption(text, PAGE, "fig-se-vs-benchmark-size", cap, SOURCE)
    # ... and the prose's GPQA figure is the plotted one.
    gpqa = dict((name, se) for name, _, se in figs.benchmark_points())["GPQA"]
    problems += expect_in_text(
        text, PAGE, [f"\\sqrt{{0.25/198}} \\approx {gpqa:.1f}"], "GPQA's SE at 50%", SOURCE
    )
    # Figure 4: the worked example's inputs, and its S4, S6, S7, S8 results.
    problems += expect_in_text(
        text,
        PAGE,
        [
            f"score about {figs.WORKED_P:.0%} on a {figs.WORKED_N}-question benchmark",
            f"$\\rho = {figs.WORKED_RHO:g}$",
        ],
        "the inputs of Figure 4",
        SOURCE,
    )
    mde = figs.mde_data()
    drawn = {
        "S4": mde["at_worked"][0.0],
        "S6": mde["at_worked"][figs.WORKED_RHO],
        "S7": float(mde["needed"][0.0]),
        "S8": float(mde["needed"][figs.WORKED_RHO]),
    }
    for lineno, cells in table_rows(text):
        step = cells[0].strip("* ")
        if step in drawn:
            printed = float(NUMBER.search(cells[-1]).group().replace(",", ""))
            decimals = 2 if step in ("S4", "S6") else 0
            if round(drawn[step], decimals) != printed:
                problems.append(
                    f"{PAGE}:{lineno}: step {step} prints {cells[-1]!r} but Figure 4 draws "
                    f"{drawn[step]:,.{decimals}f}; fix the table or {SOURCE}"
                )
    assert worked_example()["S7"] == drawn["S7"]  # same function behind table and figure
    problems += expect_in_caption(
        text,
        PAGE,
        "fig-detectable-gap-vs-size",
        [
            f"{drawn['S4']:.2f} and {drawn['S6']:.2f} points",
            f"{drawn['S7']:,.0f} and {drawn['S8']:,.0f} questions",
        ],
        SOURCE,
    )
    return problems


def test_page_agrees_with_its_figures() -> None:
    problems = check(read(PAGE))
    assert not problems, "\n".join(problems)


def test_planted_benchmark_size_mistake_is_reported() -> None:
    text = plant(read(PAGE), "| 198 questions in the Diamond", "| 199 questions in the Diamond")
    problems = check(text)
    assert len(problems) == 1 and "no GPQA row" in problems[0], problems


def test_planted_caption_mistake_is_reported() -> None:
    text = plant_in_caption(
        read(PAGE), "fig-se-vs-benchmark-size", "GPQA (198, 3.6)", "GPQA (198, 3.7)"
    )
    problems = check(text)
    assert len(problems) == 1 and "fig-se-vs-benchmark-size" in problems[0], problems
    assert "', 3.6'" in problems[0]


def test_planted_gap_mistake_is_reported() -> None:
    text = plant_in_caption(
        read(PAGE), "fig-detectable-gap-vs-size", "8.12 and 5.74 points", "8.12 and 5.47 points"
    )
    problems = check(text)
    assert len(problems) == 1 and "'8.12 and 5.74 points'" in problems[0], problems
