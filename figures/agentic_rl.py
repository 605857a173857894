"""Figures for docs/post-training/agentic-rl.md (agentic, multi-turn RL), written to
docs/post-training/.

* agentic-rollout-loop: one multi-turn trajectory as the trainer sees it, segment by segment:
  the prompt, the model's turns (sampled by the inference engine) and the tool outputs (written
  by the environment), with the loss mask each segment gets and the single outcome reward at the
  end. The segments and mask values follow the token-in/token-out contract that verl's agent
  loop (``response_mask``: 1 for generated tokens, 0 for tool tokens) and slime's agent guide
  (``loss_mask``) document; ``SEGMENTS`` is what is drawn and tests/test_figures_agentic_rl.py
  checks the page's description of the figure against it.
* fully-async-speedup: wall time of 400 DAPO steps of Qwen2.5-Math-7B (responses up to 28K
  tokens, H20 GPUs) colocated and synchronous against verl's fully asynchronous trainer (half the
  GPUs for rollout, half for training) on 32, 64 and 128 GPUs, from
  figures/data/rl-fully-async.csv. Its rows are the "total time 400 step" column of the first
  table in docs/advance/fully_async.md of verl-project/verl at tag v0.9.0 (cited as
  verl_docs_v090), in minutes ("3d 17h 5m" = 5,345). ``speedups`` returns the ratios
  drawn; tests/test_figures_agentic_rl.py checks the page's times and ratios against the CSV.
"""

from __future__ import annotations

from matplotlib.patches import Patch

from figures import data_rows, figure, style
from figures._layout import check_fits, diagram

# (label, who writes it, loss mask). "model" = sampled by the policy in the inference engine.
SEGMENTS = (
    ("task prompt", "prompt", 0),
    ("turn 1: reasoning, tool call", "model", 1),
    ("tool output (sandbox)", "tool", 0),
    ("turn 2: reasoning, tool call", "model", 1),
    ("tool output (sandbox)", "tool", 0),
    ("turn 3: final answer", "model", 1),
)
REWARD = "reward at the end: tests pass? 1 or 0"


def trained_segments() -> int:
    """How many segments the loss is computed on (mask 1)."""
    return sum(mask for _, _, mask in SEGMENTS)


def _look(who: str, theme: style.Theme) -> dict[str, object]:
    if who == "model":
        return {"fill": 0, "hatch": None, "edge": theme.color(0)}
    if who == "tool":
        return {"fill": 1, "hatch": "//", "edge": theme.color(1)}
    return {"fill": None, "hatch": None, "edge": theme.fg}


def _behind(color: str) -> dict[str, object]:
    return {"boxstyle": "square,pad=0.12", "facecolor": color, "linewidth": 0}


@figure("post-training/agentic-rollout-loop")
def agentic_rollout_loop(theme: style.Theme):
    width, height = 360, 330
    fig, ax = diagram(width, height)
    row_h, gap = 30, 7
    bar_w = 258
    ax.text(0, height - 2, "One trajectory, three turns", va="top", color=theme.fg)
    ax.text(width, height - 2, "loss mask", ha="right", va="top", color=theme.fg)
    top = height - 30
    for i, (label, who, mask) in enumerate(SEGMENTS):
        y = top - (i + 1) * row_h - i * gap
        look = _look(who, theme)
        text_kw = {"bbox": _behind(theme.fill(look["fill"]))} if look["fill"] is not None else {}
        patch = style.box(ax, 0, y, bar_w, row_h, label, theme, fill=look["fill"], **text_kw)
        patch.set_edgecolor(look["edge"])
        if look["hatch"]:
            patch.set_hatch(look["hatch"])
        ax.text(
            width - 30,
            y + row_h / 2,
            str(mask),
            ha="center",
            va="center",
            color=theme.fg,
            fontweight="bold" if mask else "normal",
        )
    last = top - len(SEGMENTS) * (row_h + gap)
    style.arrow(ax, (bar_w / 2, last + gap - 2), (bar_w / 2, last - 16), theme)
    ax.text(0, last - 22, REWARD, va="top", color=theme.fg)
    ax.text(
        0,
        last - 44,
        "blue: sampled by the engine; hatched:\nwritten by the environment",
        va="top",
        color=theme.fg,
        linespacing=1.15,
    )
    return check_fits(fig, "post-training/agentic-rollout-loop")


ASYNC_CSV = "rl-fully-async.csv"
SYNC_MODE, ASYNC_MODE = "colocate sync", "fully async"


def async_minutes() -> dict[int, dict[str, int]]:
    """GPUs -> mode -> minutes for 400 steps, from the CSV."""
    out: dict[int, dict[str, int]] = {}
    for row in data_rows(ASYNC_CSV):
        out.setdefault(int(row["gpus"]), {})[row["mode"]] = int(row["minutes_400_steps"])
    return out


def speedups() -> dict[int, float]:
    """GPUs -> synchronous time / fully asynchronous time."""
    return {g: t[SYNC_MODE] / t[ASYNC_MODE] for g, t in async_minutes().items()}


@figure("post-training/fully-async-speedup")
def fully_async_speedup(theme: style.Theme):
    data = async_minutes()
    ratio = speedups()
    fig = style.new_figure(432, 330)
    ax = fig.add_subplot()
    gpus = sorted(data)
    height = 0.36
    for i, g in enumerate(gpus):
        y = len(gpus) - 1 - i
        sync_h = data[g][SYNC_MODE] / 60
        async_h = data[g][ASYNC_MODE] / 60
        ax.barh(
            y + height / 2,
            sync_h,
            height,
            facecolor=theme.fill(5),
            edgecolor=theme.fg,
            linewidth=1.0,
        )
        ax.barh(
            y - height / 2,
            async_h,
            height,
            facecolor=theme.fill(0),
            edgecolor=theme.color(0),
            hatch="//",
            linewidth=1.0,
        )
        ax.text(sync_h + 1.5, y + height / 2, f"{sync_h:.0f} h", va="center", color=theme.fg)
        ax.text(
            async_h + 1.5,
            y - height / 2,
            f"{async_h:.0f} h, {ratio[g]:.2f}x faster",
            va="center",
            color=theme.fg,
        )
    ax.set_yticks(range(len(gpus)), [f"{g} GPUs" for g in reversed(gpus)])
    ax.set_xlim(0, 125)
    ax.set_xticks([0, 24, 48, 72, 96])
    ax.set_xlabel("Hours for 400 steps")
    ax.grid(axis="y", visible=False)
    handles = [
        Patch(label="colocated, synchronous", facecolor=theme.fill(5), edgecolor=theme.fg),
        Patch(
            label="fully asynchronous",
            facecolor=theme.fill(0),
            edgecolor=theme.color(0),
            hatch="//",
        ),
    ]
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.45, -0.22),
        ncols=1,
        frameon=False,
    )
    return fig
