"""The numbers that docs/post-training/rl-frameworks.md repeats agree with the data its timeline
draws (figures/rl_frameworks.py, figures/data/rl-one-step-off.csv)."""

from __future__ import annotations

from figures import rl_frameworks as figs
from tests.figure_text import expect_in_caption, expect_in_text, plant, plant_in_caption, read

PAGE = "docs/post-training/rl-frameworks.md"
SOURCE = "figures/data/rl-one-step-off.csv"


def _hours_minutes(seconds: float) -> str:
    minutes = round(seconds / 60)
    return f"{minutes // 60} h {minutes % 60:02d} min"  # the page writes "13 h 06 min"


def check(text: str) -> list[str]:
    data = figs.timeline_data()
    sync, step_off = data[figs.SYNC], data[figs.ASYNC]
    problems = expect_in_caption(
        text,
        PAGE,
        "fig-one-step-off-timeline",
        [
            f"a step takes {sync['step']:.0f} s",
            f"a step takes {step_off['step']:.0f} s, {step_off['wait_prev_gen']:.0f} s of it",
            f"the {figs.ROLLOUT_GPUS} rollout GPUs",
            f"the {figs.TRAIN_GPUS} training GPUs",
            f"on {figs.ROLLOUT_GPUS + figs.TRAIN_GPUS} H20 GPUs",
            f"({_hours_minutes(sync['total_time'])} and {_hours_minutes(step_off['total_time'])})",
        ],
        SOURCE,
    )
    problems += expect_in_text(
        text,
        PAGE,
        [
            f"from {_hours_minutes(sync['total_time'])} to "
            f"{_hours_minutes(step_off['total_time'])} with FSDP2",
            f"({figs.ROLLOUT_GPUS} for generation, {figs.TRAIN_GPUS} for training)",
        ],
        "the FSDP2 run of the recipe that Figure 2 draws",
        SOURCE,
    )
    return problems


def test_page_agrees_with_its_figures() -> None:
    problems = check(read(PAGE))
    assert not problems, "\n".join(problems)


def test_hours_minutes() -> None:
    assert _hours_minutes(69480) == "19 h 18 min"
    assert _hours_minutes(56040) == "15 h 34 min"
    assert _hours_minutes(47160) == "13 h 06 min"


def test_planted_step_time_mistake_is_reported() -> None:
    text = plant_in_caption(read(PAGE), "fig-one-step-off-timeline", "takes 749 s", "takes 794 s")
    problems = check(text)
    assert len(problems) == 1 and "'a step takes 749 s'" in problems[0], problems


def test_planted_wall_time_mistake_is_reported() -> None:
    text = plant(read(PAGE), "from 19 h 18 min to 15 h 34 min", "from 19 h 18 min to 15 h 43 min")
    problems = check(text)
    assert len(problems) == 1 and "15 h 34 min" in problems[0], problems
