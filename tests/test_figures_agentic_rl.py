"""The description of Figure 1 on docs/post-training/agentic-rl.md agrees with what
figures/agentic_rl.py draws: how many segments carry the loss (mask 1) and how many are tool
output (mask 0)."""

from __future__ import annotations

from figures import agentic_rl as figs
from tests.figure_text import expect_in_caption, plant_in_caption, read

PAGE = "docs/post-training/agentic-rl.md"
SOURCE = "figures/agentic_rl.py"
FIG = "fig-agentic-rollout-loop"


def _count(who: str) -> int:
    return sum(1 for _, author, _ in figs.SEGMENTS if author == who)


def check(text: str) -> list[str]:
    turns, tools = _count("model"), _count("tool")
    return expect_in_caption(
        text,
        PAGE,
        FIG,
        [
            f"A {turns}-turn agent trajectory" if turns != 3 else "A three-turn agent trajectory",
            f"the {figs.trained_segments()} model turns (mask 1)",
            f"the {tools} tool outputs (mask 0)",
            "one outcome reward at the end",
        ],
        SOURCE,
    )


def test_page_agrees_with_its_figure() -> None:
    problems = check(read(PAGE))
    assert not problems, "\n".join(problems)


def test_masks_follow_the_author() -> None:
    """Only tokens the policy sampled carry the loss: mask 1 exactly for the model's turns."""
    wrong = [(label, who, mask) for label, who, mask in figs.SEGMENTS if mask != (who == "model")]
    assert not wrong, f"{SOURCE}: SEGMENTS gives the wrong loss mask to {wrong}"
    assert figs.trained_segments() == _count("model") == 3


def test_planted_mask_count_mistake_is_reported() -> None:
    text = plant_in_caption(read(PAGE), FIG, "the 3 model turns", "the 4 model turns")
    problems = check(text)
    assert len(problems) == 1 and "'the 3 model turns (mask 1)'" in problems[0], problems
