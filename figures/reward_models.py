"""Figures for docs/post-training/reward-models.md (reward models and verifiers), written to
docs/post-training/.

* orm-vs-prm: one worked solution of four steps and a final answer, scored the two ways the
  page describes. An outcome reward model (ORM) gives one score to the whole solution from its
  final answer; a process reward model (PRM) gives one score per step, so the step where the
  reasoning goes wrong is located. The example is illustrative (no data); ``STEPS`` and
  ``FIRST_ERROR`` are what is drawn and tests/test_figures_reward_models.py checks the page's
  description of the figure against them.
"""

from __future__ import annotations

from figures import figure, style
from figures._layout import check_fits, diagram

# (step text, step is correct)
STEPS = (
    ("step 1: set up equation", True),
    ("step 2: expand brackets", True),
    ("step 3: drop a sign", False),
    ("step 4: solve", False),
)
FIRST_ERROR = next(i for i, (_, ok) in enumerate(STEPS, start=1) if not ok)


def _behind(color: str) -> dict[str, object]:
    return {"boxstyle": "square,pad=0.12", "facecolor": color, "linewidth": 0}


@figure("post-training/orm-vs-prm")
def orm_vs_prm(theme: style.Theme):
    width, height = 360, 284
    fig, ax = diagram(width, height)
    step_w, row_h, gap = 206, 30, 8
    col_prm, col_orm = 246, 318
    top = height - 26
    ax.text(0, height - 2, "Solution", va="top", color=theme.fg)
    ax.text(col_prm, height - 2, "PRM", ha="center", va="top", color=theme.fg, fontweight="bold")
    ax.text(col_orm, height - 2, "ORM", ha="center", va="top", color=theme.fg, fontweight="bold")
    rows = [*STEPS, ("final answer: x = 7", False)]
    for i, (label, ok) in enumerate(rows):
        y = top - (i + 1) * row_h - i * gap
        is_answer = i == len(STEPS)
        fill = None if is_answer else (0 if ok else 1)
        kw = {"bbox": _behind(theme.fill(fill))} if fill is not None else {}
        patch = style.box(ax, 0, y, step_w, row_h, label, theme, fill=fill, **kw)
        if fill == 1:
            patch.set_hatch("//")
            patch.set_edgecolor(theme.color(1))
        if not is_answer:
            ax.text(
                col_prm,
                y + row_h / 2,
                "ok" if ok else "wrong",
                ha="center",
                va="center",
                color=theme.fg,
                fontweight="normal" if ok else "bold",
            )
        else:
            ax.text(col_orm, y + row_h / 2, "0", ha="center", va="center", color=theme.fg)
            ax.text(col_prm, y + row_h / 2, "-", ha="center", va="center", color=theme.fg)
    bottom = top - len(rows) * (row_h + gap)
    ax.text(
        0,
        bottom - 4,
        "ORM: one score per solution, from the\n"
        "answer. PRM: one score per step; the\n"
        f"first wrong step (step {FIRST_ERROR}) is located.",
        va="top",
        color=theme.fg,
        linespacing=1.15,
    )
    return check_fits(fig, "post-training/orm-vs-prm")
