"""Figures for docs/eval/eval-practice.md (Evaluation practice in 2026), written to docs/eval/.

* arena-hard-judges: the same models' Arena-Hard-v2.0-Preview scores (hard prompts, style
  control, win rate against o3-mini-2025-01-31 = 50) under the two judges the benchmark offers,
  Gemini-2.5 and GPT-4.1, from figures/data/arena-hard-v2-judges.csv. Its rows are copied from
  the two leaderboard tables of the lmarena/arena-hard-auto README at commit 196f6b8
  (lmarena_arenahard_readme); ``model`` is the short name drawn, ``readme_name`` the README's.
  ``judge_scores`` returns the numbers drawn (tests/test_figures_eval_practice.py checks them
  against the page).
"""

from __future__ import annotations

from figures import data_rows, figure, style

JUDGES_CSV = "arena-hard-v2-judges.csv"
JUDGES = ("gemini-2.5", "gpt-4.1")
JUDGE_LABELS = {"gemini-2.5": "Gemini-2.5 judge", "gpt-4.1": "GPT-4.1 judge"}


def judge_scores() -> dict[str, dict[str, float]]:
    """model -> judge -> score, in the CSV's order."""
    out: dict[str, dict[str, float]] = {}
    for row in data_rows(JUDGES_CSV):
        if row["judge"] not in JUDGES:
            raise ValueError(f"figures/data/{JUDGES_CSV}: unknown judge in {row}")
        out.setdefault(row["model"], {})[row["judge"]] = float(row["score"])
    for model, scores in out.items():
        if set(scores) != set(JUDGES):
            raise ValueError(f"figures/data/{JUDGES_CSV}: {model} needs one row per judge {JUDGES}")
    return out


@figure("eval/arena-hard-judges")
def arena_hard_judges(theme: style.Theme):
    data = judge_scores()
    models = list(data)
    fig = style.new_figure(432, 420)
    ax = fig.add_subplot()
    ys = list(range(len(models)))[::-1]
    for y, model in zip(ys, models, strict=True):
        a, b = (data[model][j] for j in JUDGES)
        ax.plot([a, b], [y, y], color=theme.muted, linewidth=style.THIN, zorder=1)
    for i, judge in enumerate(JUDGES):
        ax.plot(
            [data[m][judge] for m in models],
            ys,
            linestyle="none",
            marker=style.MARKERS[i],
            markersize=8,
            color=theme.color(i),
            label=JUDGE_LABELS[judge],
            zorder=2,
        )
    ax.axvline(50, color=theme.muted, linewidth=style.THIN, linestyle=(0, (4, 3)), zorder=0)
    ax.set_yticks(ys, models)
    ax.set_xlim(40, 92)
    ax.set_ylim(-2.1, len(models) - 0.4)  # room for the legend below the last row
    ax.set_xlabel("score vs o3-mini (= 50), %")
    ax.legend(loc="lower right", frameon=False, handletextpad=0.3, borderaxespad=0.2)
    ax.grid(axis="x", color=theme.grid, linewidth=style.THIN)
    ax.set_axisbelow(True)
    return fig
