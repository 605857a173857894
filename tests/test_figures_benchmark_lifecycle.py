"""The events that docs/eval/benchmark-lifecycle.md describes agree with what its timeline draws
(figures/benchmark_lifecycle.py, figures/data/benchmark-lifecycle.csv): every drawn event is in
the alt text with its date and numbers, and the caption cites every event's source."""

from __future__ import annotations

import re

from figures import benchmark_lifecycle as figs
from tests.figure_text import expect_in_caption, plant, read

PAGE = "docs/eval/benchmark-lifecycle.md"
SOURCE = "figures/data/benchmark-lifecycle.csv"
FIG = "fig-benchmark-lifecycle-timeline"
NUMBER = re.compile(r"\d[\d,.]*\d|\d")


def alt_text(text: str, fig_id: str) -> tuple[int, str] | None:
    """(line, alt text of the light image) of the figure ``fig_id``."""
    m = re.search(rf'<figure\b[^>]*\bid="{re.escape(fig_id)}"[^>]*>\s*!\[([^\]]*)\]', text)
    if m is None:
        return None
    return text.count("\n", 0, m.start(1)) + 1, m.group(1)


def check(text: str) -> list[str]:
    rows = figs.timeline_rows()
    found = alt_text(text, FIG)
    if found is None:
        return [f'{PAGE}: no <figure id="{FIG}"> with an image; restore the figure']
    lineno, alt = found
    problems = []
    for row in rows:
        # The label's numbers (sizes, versions), with the row's date, must be in the alt text.
        for number in [row["date"], *NUMBER.findall(row["label"])]:
            if number not in alt:
                problems.append(
                    f"{PAGE}:{lineno}: the alt text of #{FIG} lacks {number!r} of the event "
                    f"{row['label']!r} ({row['date']}) that {SOURCE} draws; fix the alt text or "
                    "the CSV"
                )
    problems += expect_in_caption(text, PAGE, FIG, [f"@{row['source']}" for row in rows], SOURCE)
    return problems


def test_page_agrees_with_its_timeline() -> None:
    problems = check(read(PAGE))
    assert not problems, "\n".join(problems)


def test_rows_are_drawn_in_date_order() -> None:
    dates = [row["date"] for row in figs.timeline_rows()]
    assert dates == sorted(dates)
    assert all(re.fullmatch(r"20\d\d-(0[1-9]|1[0-2])", d) for d in dates), dates


def test_planted_number_mistake_is_reported() -> None:
    text = plant(read(PAGE), "HLE card with 2,500 questions", "HLE card with 2,400 questions")
    problems = check(text)
    assert len(problems) == 1 and "'2,500'" in problems[0] and "HLE card" in problems[0], problems


def test_planted_date_mistake_is_reported() -> None:
    text = plant(
        read(PAGE), "Verified dropped by OpenAI 2026-02", "Verified dropped by OpenAI 2026-03"
    )
    problems = check(text)
    assert len(problems) == 1 and "'2026-02'" in problems[0], problems


def test_missing_source_in_caption_is_reported() -> None:
    text = plant(read(PAGE), "@sierra_tau2bench_readme; @zheng2026", "@zheng2026")
    problems = check(text)
    assert len(problems) == 1 and "@sierra_tau2bench_readme" in problems[0], problems
