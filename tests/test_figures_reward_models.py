"""The description of Figure 1 on docs/post-training/reward-models.md (its caption and alt text)
agrees with what figures/reward_models.py draws: which steps the PRM marks ok and wrong, and
which step it locates as the first error."""

from __future__ import annotations

from figures import reward_models as figs
from tests.figure_text import expect_in_caption, expect_in_text, plant_in_caption, read

PAGE = "docs/post-training/reward-models.md"
SOURCE = "figures/reward_models.py"
FIG = "fig-orm-vs-prm"


def _steps(ok: bool) -> str:
    """'1 and 2' for the steps whose verdict is ``ok``."""
    numbers = [str(i) for i, (_, good) in enumerate(figs.STEPS, start=1) if good == ok]
    return ", ".join(numbers[:-1]) + " and " + numbers[-1] if len(numbers) > 1 else numbers[0]


def check(text: str) -> list[str]:
    problems = expect_in_caption(
        text,
        PAGE,
        FIG,
        [
            f"The same {len(figs.STEPS)}-step solution"
            if len(figs.STEPS) != 4
            else "The same four-step solution",
            f"locates the first wrong one, step {figs.FIRST_ERROR}",
        ],
        SOURCE,
    )
    problems += expect_in_text(
        text,
        PAGE,
        [f"marks steps {_steps(True)} ok and steps {_steps(False)} wrong"],
        "the alt text of Figure 1",
        SOURCE,
    )
    return problems


def test_page_agrees_with_its_figure() -> None:
    problems = check(read(PAGE))
    assert not problems, "\n".join(problems)


def test_steps_helper() -> None:
    assert _steps(True) == "1 and 2" and _steps(False) == "3 and 4"
    assert figs.FIRST_ERROR == 3


def test_planted_first_error_mistake_is_reported() -> None:
    text = plant_in_caption(read(PAGE), FIG, "first wrong one, step 3", "first wrong one, step 4")
    problems = check(text)
    assert len(problems) == 1 and "step 3" in problems[0], problems


def test_planted_alt_text_mistake_is_reported() -> None:
    # The alt text appears twice (light and dark image); change both.
    text = read(PAGE).replace("steps 3 and 4 wrong", "steps 2 and 4 wrong")
    assert text != read(PAGE), "cannot plant a mistake: the alt text changed"
    problems = check(text)
    assert len(problems) == 1 and "alt text" in problems[0], problems
