"""Figures for docs/post-training/rl-frameworks.md (RL frameworks), written to docs/post-training/.

* rollout-placement: colocated against disaggregated placement of the rollout engine and the
  trainer, drawn from the page's "Orchestration patterns" section (GPU counts of verl's
  one-step-off-policy example: 4 for generation, 12 for training).
* one-step-off-timeline: per-step phase times of verl's one-step-off-policy recipe (Qwen2.5-Math-7B,
  DAPO, vLLM + FSDP2 on 16 H20 GPUs), from figures/data/rl-one-step-off.csv. Its rows are the
  FSDP2 rows of the table in docs/advance/one_step_off.md of verl-project/verl (read at commit
  a74fc52e75e31b4f754d64507e2b99056c8e61c2, "Last updated: 07/17/2025"), cited as
  verl_one_step_off; ``phase`` uses the table's column names, ``step`` is its per-step time and
  ``total_time`` its whole-run time in seconds (19h18m and 15h34m). ``timeline_data`` returns
  the numbers drawn (tests/test_figures_rl_frameworks.py checks them against the page).
"""

from __future__ import annotations

from matplotlib.patches import Patch

from figures import data_rows, figure, style
from figures._layout import check_fits, diagram

TIMELINE_CSV = "rl-one-step-off.csv"
SYNC, ASYNC = "colocate sync", "one-step-overlap async"
STEPS_DRAWN = 2
ROLLOUT_GPUS, TRAIN_GPUS = 4, 12  # the recipe's split of its 16 H20 GPUs


def timeline_data() -> dict[str, dict[str, float]]:
    """mode -> phase -> seconds, from the CSV."""
    out: dict[str, dict[str, float]] = {}
    for row in data_rows(TIMELINE_CSV):
        out.setdefault(row["mode"], {})[row["phase"]] = float(row["seconds"])
    return out


def _segments(t: dict[str, float], phases: list[str]) -> list[tuple[str, float]]:
    """(phase, seconds) in step order, with the part of the step the table does not split
    (reward, advantages, weight sync, ...) as 'rest'."""
    out = [(p, t[p]) for p in phases]
    out.append(("rest", t["step"] - sum(s for _, s in out)))
    return out


def _behind(color: str) -> dict[str, object]:
    return {"boxstyle": "square,pad=0.12", "facecolor": color, "linewidth": 0}


def _phase_style(phase: str, theme: style.Theme) -> dict[str, object]:
    if phase in ("gen", "generate_sequences"):
        return {"facecolor": theme.fill(1), "edgecolor": theme.color(1), "hatch": "//"}
    if phase == "old_log_prob":
        return {"facecolor": theme.fill(3), "edgecolor": theme.color(3), "hatch": ".."}
    if phase == "update_actor":
        return {"facecolor": theme.fill(0), "edgecolor": theme.color(0), "hatch": None}
    return {"facecolor": theme.fill(5), "edgecolor": theme.muted, "hatch": None}


@figure("post-training/one-step-off-timeline")
def one_step_off_timeline(theme: style.Theme):
    data = timeline_data()
    sync = _segments(data[SYNC], ["gen", "old_log_prob", "update_actor"])
    train = _segments(data[ASYNC], ["wait_prev_gen", "old_log_prob", "update_actor"])
    fig = style.new_figure(432, 400)
    ax = fig.add_subplot()
    lanes = {"sync": 4.2, "rollout": 1.9, "train": 0.0}
    height = 0.8
    labels = {"gen": "rollout", "generate_sequences": "rollout", "update_actor": "update"}

    def bar(x, w, y, phase):
        look = _phase_style(phase, theme)
        ax.broken_barh([(x, w)], (y, height), linewidth=1.2, **look)
        if phase in labels:
            # A patch of the fill behind the word keeps it legible over the hatching.
            ax.text(
                x + w / 2,
                y + height / 2,
                labels[phase],
                ha="center",
                va="center",
                color=theme.fg,
                bbox=_behind(look["facecolor"]),
            )

    for step in range(STEPS_DRAWN):
        x = step * data[SYNC]["step"]
        for phase, seconds in sync:
            bar(x, seconds, lanes["sync"], phase)
            x += seconds
        start = step * data[ASYNC]["step"]
        x = start
        for phase, seconds in train:
            bar(x, seconds, lanes["train"], phase)
            x += seconds
        # The next batch is generated while this one trains: launched after the wait, with the
        # weights just synchronised (verl's loop: get the batch, sync, launch, then train).
        gen_start = start + data[ASYNC]["wait_prev_gen"]
        bar(gen_start, data[ASYNC]["generate_sequences"], lanes["rollout"], "generate_sequences")
    lane_titles = {
        "sync": f"Synchronous, colocated: {ROLLOUT_GPUS + TRAIN_GPUS} GPUs",
        "rollout": f"One step off: rollout, {ROLLOUT_GPUS} GPUs",
        "train": f"training, {TRAIN_GPUS} GPUs",
    }
    for lane, y in lanes.items():
        ax.text(0, y + height + 0.12, lane_titles[lane], va="bottom", color=theme.fg)
    for mode, y in ((SYNC, lanes["sync"]), (ASYNC, lanes["train"])):
        end = STEPS_DRAWN * data[mode]["step"]
        ax.plot([end, end], [y - 0.15, y + height + 0.15], color=theme.fg, linewidth=style.THIN)
    ax.text(
        STEPS_DRAWN * data[SYNC]["step"],
        lanes["sync"] - 0.2,
        f"{data[SYNC]['step']:.0f} s per step",
        ha="right",
        va="top",
        color=theme.fg,
    )
    ax.text(
        STEPS_DRAWN * data[ASYNC]["step"] + 25,
        lanes["train"] + height / 2,
        f"{data[ASYNC]['step']:.0f} s\nper step",
        ha="left",
        va="center",
        color=theme.fg,
        linespacing=1.1,
    )
    handles = [
        Patch(label="rollout", linewidth=1.2, **_phase_style("gen", theme)),
        Patch(label="log-probs", linewidth=1.2, **_phase_style("old_log_prob", theme)),
        Patch(label="update", linewidth=1.2, **_phase_style("update_actor", theme)),
        Patch(label="wait, other", linewidth=1.2, **_phase_style("rest", theme)),
    ]
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.2),
        ncols=2,
        handlelength=1.6,
        columnspacing=1.0,
        frameon=False,
    )
    ax.set_xlim(0, STEPS_DRAWN * data[SYNC]["step"])
    ax.set_ylim(-0.1, lanes["sync"] + height + 0.75)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    ax.grid(axis="y", visible=False)
    ax.set_xticks([0, 500, 1000, 1500], ["0", "500", "1,000", "1,500"])
    ax.set_xlabel("Time, seconds (two steps)")
    return fig


# --- Placement ------------------------------------------------------------------------------------


def _gpu(ax, x, y, w, h, parts, theme, label, ha="center"):
    """A GPU box holding the named parts (trainer = blue, engine = vermillion, hatched)."""
    style.box(ax, x, y, w, h, "", theme)
    inner = (h - 8 - 4 * (len(parts) - 1)) / len(parts)
    for i, part in enumerate(parts):
        py = y + h - 4 - (i + 1) * inner - i * 4
        fill = 0 if part == "trainer" else 1
        patch = style.box(
            ax, x + 4, py, w - 8, inner, part, theme, fill=fill, bbox=_behind(theme.fill(fill))
        )
        if part == "engine":
            patch.set_hatch("//")
            patch.set_edgecolor(theme.color(1))
    at = {"center": x + w / 2, "left": x, "right": x + w}[ha]
    ax.text(at, y - 4, label, ha=ha, va="top", color=theme.fg)


@figure("post-training/rollout-placement")
def rollout_placement(theme: style.Theme):
    width, height = 360, 372
    fig, ax = diagram(width, height)
    gpu_w, gpu_h, gap = 78, 78, 16
    # Top: colocated.
    ax.text(0, height - 2, "Colocated (hybrid engine)", va="top", color=theme.fg, fontweight="bold")
    y = height - 30 - gpu_h
    for i in range(4):
        _gpu(
            ax,
            i * (gpu_w + gap),
            y,
            gpu_w,
            gpu_h,
            ("trainer", "engine"),
            theme,
            f"GPU {i}" if i < 3 else "GPU n",
        )
    ax.text(
        0,
        y - 26,
        "One pool takes turns: generate, then\ntrain; weights are copied within GPUs",
        va="top",
        color=theme.fg,
        linespacing=1.15,
    )
    ax.plot(
        [0, width], [y - 74, y - 74], color=theme.muted, linewidth=style.THIN, linestyle=(0, (4, 3))
    )
    # Bottom: disaggregated.
    top = y - 86
    ax.text(0, top, "Disaggregated", va="top", color=theme.fg, fontweight="bold")
    y2 = top - 28 - gpu_h
    _gpu(ax, 0, y2, gpu_w, gpu_h, ("engine",), theme, "rollout GPUs", ha="left")
    right = width - gpu_w
    _gpu(ax, right, y2, gpu_w, gpu_h, ("trainer",), theme, "trainer GPUs", ha="right")
    mid_l, mid_r = gpu_w + 6, right - 6
    style.arrow(ax, (mid_l, y2 + gpu_h * 0.7), (mid_r, y2 + gpu_h * 0.7), theme)
    ax.text(
        (mid_l + mid_r) / 2,
        y2 + gpu_h * 0.7 + 4,
        "samples",
        ha="center",
        va="bottom",
        color=theme.fg,
    )
    style.arrow(ax, (mid_r, y2 + gpu_h * 0.3), (mid_l, y2 + gpu_h * 0.3), theme)
    ax.text(
        (mid_l + mid_r) / 2,
        y2 + gpu_h * 0.3 - 4,
        "weights (NCCL)",
        ha="center",
        va="top",
        color=theme.fg,
    )
    ax.text(
        0,
        y2 - 26,
        "Pools run at once; a sample may come\nfrom weights one step old",
        va="top",
        color=theme.fg,
        linespacing=1.15,
    )
    return check_fits(fig, "post-training/rollout-placement")
