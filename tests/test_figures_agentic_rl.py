"""The description of Figure 1 on docs/post-training/agentic-rl.md agrees with what
figures/agentic_rl.py draws: how many segments carry the loss (mask 1) and how many are tool
output (mask 0)."""

from __future__ import annotations

from figures import agentic_rl as figs
from tests.figure_text import expect_in_caption, expect_in_text, plant, plant_in_caption, read

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


# --- Figure 2: fully asynchronous speed-ups ------------------------------------------------------

FIG2 = "fig-fully-async-speedup"
CSV = "figures/data/rl-fully-async.csv"


def _d_h_min(minutes: int) -> str:
    """'1 d 16 h 48 min' or '17 h 22 min', as the page writes the verl table's times."""
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    return (f"{days} d " if days else "") + f"{hours} h {mins} min"


def check_speedups(text: str) -> list[str]:
    data, ratio = figs.async_minutes(), figs.speedups()
    wanted_caption = [
        f"{ratio[32]:.2f}x, {ratio[64]:.2f}x and {ratio[128]:.2f}x faster on 32, 64 and 128 GPUs"
    ]
    problems = expect_in_caption(text, PAGE, FIG2, wanted_caption, CSV)
    wanted = []
    for gpus in (32, 64, 128):
        sync, fast = data[gpus][figs.SYNC_MODE], data[gpus][figs.ASYNC_MODE]
        wanted.append(f"{_d_h_min(sync)}")
        wanted.append(f"{_d_h_min(fast)}")
        wanted.append(f"({ratio[gpus]:.2f}x)" if gpus != 128 else f"a {ratio[gpus]:.2f}x speed-up")
    problems += expect_in_text(text, PAGE, wanted, "the verl runs Figure 2 draws", CSV)
    return problems


def test_page_agrees_with_figure_2() -> None:
    problems = check_speedups(read(PAGE))
    assert not problems, "\n".join(problems)


def test_d_h_min() -> None:
    assert _d_h_min(5345) == "3 d 17 h 5 min"
    assert _d_h_min(1042) == "17 h 22 min"


def test_planted_speedup_mistake_is_reported() -> None:
    text = plant_in_caption(read(PAGE), FIG2, "1.92x and", "1.29x and")
    problems = check_speedups(text)
    assert len(problems) == 1 and "1.92x" in problems[0], problems


def test_planted_wall_time_mistake_is_reported() -> None:
    text = plant(read(PAGE), "1 d 9 h 26 min", "1 d 9 h 62 min")
    problems = check_speedups(text)
    assert len(problems) == 1 and "1 d 9 h 26 min" in problems[0], problems
