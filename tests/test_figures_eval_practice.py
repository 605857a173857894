"""The Arena-Hard v2 scores that docs/eval/eval-practice.md repeats agree with what its figure
draws (figures/eval_practice.py, figures/data/arena-hard-v2-judges.csv)."""

from __future__ import annotations

import re

from figures import eval_practice as figs
from tests.figure_text import expect_in_caption, expect_in_text, plant, plant_in_caption, read
from tests.test_figures_benchmark_lifecycle import alt_text

PAGE = "docs/eval/eval-practice.md"
SOURCE = "figures/data/arena-hard-v2-judges.csv"
FIG = "fig-arena-hard-judges"
ALT_NAMES = {"Claude 3.7 (think)": "Claude 3.7 thinking"}  # the y label is shortened


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def check(text: str) -> list[str]:
    data = figs.judge_scores()
    gem, gpt = figs.JUDGES
    problems = []
    found = alt_text(text, FIG)
    if found is None:
        return [f'{PAGE}: no <figure id="{FIG}"> with an image; restore the figure']
    lineno, alt = found
    for model, scores in data.items():
        want = f"{ALT_NAMES.get(model, model)} {scores[gem]:.1f} and {scores[gpt]:.1f}"
        if want not in alt:
            problems.append(
                f"{PAGE}:{lineno}: the alt text of #{FIG} should say {want!r}, which is what "
                f"{SOURCE} draws; fix the alt text or the CSV"
            )
    g25, g41 = data["Gemini 2.5"], data["GPT-4.1"]
    problems += expect_in_caption(
        text,
        PAGE,
        FIG,
        [
            f"Gemini 2.5 at {g25[gem]:.1f} and the GPT-4.1 judge at {g25[gpt]:.1f}",
            f"the judges give {g41[gem]:.1f} and {g41[gpt]:.1f}",
        ],
        SOURCE,
    )
    o3 = data["o3"]
    problems += expect_in_text(
        _flat(text),
        PAGE,
        [
            f"o3 {o3[gem]:.1f} against {o3[gpt]:.1f}",
            f"Gemini 2.5 {g25[gem]:.1f} and the GPT-4.1 judge gives it {g25[gpt]:.1f}",
            f"GPT-4.1 {g41[gpt]:.1f} and the Gemini-2.5 judge gives it {g41[gem]:.1f}",
        ],
        "the scores the prose quotes from Figure 1",
        SOURCE,
    )
    return problems


def test_page_agrees_with_its_figure() -> None:
    problems = check(read(PAGE))
    assert not problems, "\n".join(problems)


def test_planted_alt_text_mistake_is_reported() -> None:
    text = plant(read(PAGE), "DeepSeek-R1 58.0 and 48.0", "DeepSeek-R1 58.0 and 84.0")
    problems = check(text)
    assert len(problems) == 1 and "'DeepSeek-R1 58.0 and 48.0'" in problems[0], problems


def test_planted_caption_mistake_is_reported() -> None:
    text = plant_in_caption(read(PAGE), FIG, "GPT-4.1 judge at 49.1", "GPT-4.1 judge at 41.9")
    problems = check(text)
    assert len(problems) == 1 and FIG in problems[0], problems


def test_planted_prose_mistake_is_reported() -> None:
    text = plant(read(PAGE), "(o3 85.9 against", "(o3 89.5 against")
    problems = check(text)
    assert len(problems) == 1 and "o3 85.9 against 87.0" in problems[0], problems
