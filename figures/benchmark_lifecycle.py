"""Figures for docs/eval/benchmark-lifecycle.md (Benchmarks' life cycle), written to docs/eval/.

* benchmark-lifecycle-timeline: one row per dated event in the life of four benchmark families
  (release, revised version, saturation or retirement), from figures/data/benchmark-lifecycle.csv.
  Each row names its source (a key of docs/references.bib); ``date`` is the month of the source
  (for the HLE card, the revision read), ``kind`` is new, revised or ended, ``label`` is the text
  drawn. ``timeline_rows`` returns the rows drawn (tests/test_figures_benchmark_lifecycle.py
  checks them against the page's alt text).
* gdpval-grading-flow: how GDPval grades a model, drawn from the page's "GDPval" section.
"""

from __future__ import annotations

from figures import data_rows, figure, style
from figures._layout import check_fits, diagram

TIMELINE_CSV = "benchmark-lifecycle.csv"
FAMILIES = ("MMLU", "SWE-bench", "HLE", "tau-bench")  # colour index = position
KINDS = {"new": "o", "revised": "s", "ended": "X"}
KIND_WORDS = {"new": "new", "revised": "revised", "ended": "saturated or retired"}
ROW_H = 30.0


def timeline_rows() -> list[dict[str, str]]:
    """The CSV rows in date order (the order drawn, top to bottom)."""
    rows = data_rows(TIMELINE_CSV)
    for row in rows:
        if row["family"] not in FAMILIES or row["kind"] not in KINDS:
            raise ValueError(
                f"figures/data/{TIMELINE_CSV}: row {row} has a family or kind the figure does not "
                f"draw (families {FAMILIES}, kinds {tuple(KINDS)})"
            )
    return sorted(rows, key=lambda r: r["date"])


def _marker(ax, x, y, kind: str, color: str, theme: style.Theme):
    ax.plot(
        [x],
        [y],
        marker=KINDS[kind],
        markersize=11 if kind != "ended" else 12,
        color=color,
        markeredgecolor=theme.fg if kind != "ended" else color,
        markeredgewidth=style.THIN,
        linestyle="none",
        zorder=3,
    )


@figure("eval/benchmark-lifecycle-timeline")
def benchmark_lifecycle_timeline(theme: style.Theme):
    rows = timeline_rows()
    legend_h = 44.0
    width, height = 360.0, legend_h + ROW_H * len(rows) + 6
    fig, ax = diagram(width, height)
    date_x, mark_x, text_x = 0.0, 78.0, 94.0
    # Legend: the three kinds of event.
    y_leg = height - 16
    for kind, x in zip(KINDS, (4.0, 76.0, 170.0), strict=True):
        _marker(ax, x + 6, y_leg, kind, theme.muted, theme)
        ax.text(x + 16, y_leg, KIND_WORDS[kind], color=theme.fg, va="center")
    top = height - legend_h
    ys = [top - ROW_H * (i + 0.5) for i in range(len(rows))]
    ax.plot([mark_x, mark_x], [ys[-1], ys[0]], color=theme.muted, linewidth=style.THIN, zorder=1)
    for row, y in zip(rows, ys, strict=True):
        color = theme.color(FAMILIES.index(row["family"]))
        ax.text(date_x, y, row["date"], color=theme.fg, va="center")
        _marker(ax, mark_x, y, row["kind"], color, theme)
        ax.text(text_x, y, row["label"], color=theme.fg, va="center")
    return check_fits(fig, "eval/benchmark-lifecycle-timeline")


@figure("eval/gdpval-grading-flow")
def gdpval_grading_flow(theme: style.Theme):
    width, height = 360, 394
    fig, ax = diagram(width, height)
    lh = {"linespacing": 1.15}
    style.box(
        ax, 50, 340, 260, 50, "an expert's task:\nrequest + reference files", theme, fill=4, **lh
    )
    style.arrow(ax, (120, 340), (85, 306), theme)
    style.arrow(ax, (240, 340), (275, 306), theme)
    style.box(ax, 0, 256, 170, 50, "task writer's\ndeliverable", theme, fill=0, **lh)
    style.box(ax, 190, 256, 170, 50, "deliverable of\nthe model", theme, fill=1, **lh)
    style.arrow(ax, (85, 256), (150, 226), theme)
    style.arrow(ax, (275, 256), (210, 226), theme)
    style.box(
        ax,
        40,
        178,
        280,
        48,
        "both unlabelled: the grader\ndoes not know which is which",
        theme,
        **lh,
    )
    style.arrow(ax, (180, 178), (180, 152), theme)
    style.box(
        ax,
        20,
        84,
        320,
        68,
        "expert from the same occupation\nranks them blind and writes\na justification",
        theme,
        fill=2,
        **lh,
    )
    style.arrow(ax, (180, 84), (180, 60), theme)
    style.box(
        ax,
        20,
        4,
        320,
        56,
        "win, tie or loss: score is the\nwin-or-tie rate vs the expert",
        theme,
        **lh,
    )
    return check_fits(fig, "eval/gdpval-grading-flow")
