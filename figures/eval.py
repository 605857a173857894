"""Figures for docs/eval/README.md (Evaluation), written to docs/eval/.

Data plots are computed from calc/eval_stats.py: ``se_data`` and ``mde_data`` return the numbers
drawn (tests/test_figures_eval.py checks them against the page). The benchmark sizes marked on
the standard-error plot are those of the page's benchmark table (sources cited there):
``BENCHMARKS`` lists them with the words the table uses, which the test looks for.
Diagrams (harness steps, contamination checks, the position swap) are drawn from the page's text.
"""

from __future__ import annotations

from calc.eval_stats import min_detectable_diff, questions_needed, se_accuracy, se_diff
from figures import figure, style
from figures._layout import check_fits, diagram

# name drawn, questions, the size cell of the page's benchmark table that states it
BENCHMARKS = (
    ("AIME", 30, "30 integer answers per year"),
    ("HumanEval", 164, "164 problems"),
    ("GPQA", 198, "198 questions in the Diamond subset"),
    ("SWE-bench", 2294, "2,294 issues from 12 repos"),
    ("MATH", 12500, "12,500 problems"),
)
SE_PS = (0.5,)  # the worst case, and the one the page quotes
SE_NS = [round(10 ** (1 + i / 20)) for i in range(0, 69)]  # 10 ... ~25,000, 20 per decade
LABEL_BELOW = ("HumanEval", "MATH")
WORKED_P, WORKED_N, WORKED_RHO, WORKED_GAP = 0.70, 500, 0.5, 0.02  # the page's worked example


def se_data() -> dict[float, list[float]]:
    """p -> standard error in percentage points at each N of SE_NS."""
    return {p: [100.0 * se_accuracy(p, n) for n in SE_NS] for p in SE_PS}


def benchmark_points() -> list[tuple[str, int, float]]:
    """(name, questions, SE in points of a 50% score) for each marked benchmark."""
    return [(name, n, 100.0 * se_accuracy(0.5, n)) for name, n, _ in BENCHMARKS]


def mde_data() -> dict[str, object]:
    """Minimum detectable gap (pp) against N, unpaired and paired, at the worked example's p;
    the worked N's values and the questions needed for a 2-point gap."""
    curves = {
        rho: [100.0 * min_detectable_diff(se_diff(WORKED_P, n, rho)) for n in SE_NS]
        for rho in (0.0, WORKED_RHO)
    }
    at_worked = {
        rho: 100.0 * min_detectable_diff(se_diff(WORKED_P, WORKED_N, rho))
        for rho in (0.0, WORKED_RHO)
    }
    needed = {rho: questions_needed(WORKED_P, WORKED_GAP, rho) for rho in (0.0, WORKED_RHO)}
    return {"curves": curves, "at_worked": at_worked, "needed": needed}


def _fmt_int(n: int) -> str:
    return f"{n:,}"


def _fmt_se(se: float) -> str:
    """Standard error as the page prints it: one decimal from 1 point up, else two."""
    return f"{se:.1f}" if se >= 1 else f"{se:.2f}"


@figure("eval/se-vs-benchmark-size")
def se_vs_benchmark_size(theme: style.Theme):
    fig = style.new_figure(432, 384)
    ax = fig.add_subplot()
    data = se_data()
    ax.plot(SE_NS, data[0.5], color=theme.color(0), linewidth=style.LINE_WIDTH)
    for name, n, se in benchmark_points():
        ax.plot([n], [se], marker="o", markersize=7, color=theme.color(0), linestyle="none")
        above = name not in LABEL_BELOW  # sides chosen so that neighbouring labels cannot collide
        ax.annotate(
            f"{name}\n{_fmt_int(n)}: {_fmt_se(se)}",
            xy=(n, se),
            xytext=(7, 5) if above else (-7, -5),
            textcoords="offset points",
            color=theme.fg,
            ha="left" if above else "right",
            va="bottom" if above else "top",
            linespacing=1.1,
        )
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(10, 40000)
    ax.set_ylim(0.1, 30)
    ax.set_xticks([10, 100, 1000, 10000], ["10", "100", "1,000", "10,000"])
    ax.set_yticks([0.2, 0.5, 1, 2, 5, 10, 20], ["0.2", "0.5", "1", "2", "5", "10", "20"])
    ax.minorticks_off()
    ax.set_xlabel("Questions in the benchmark, N")
    ax.set_ylabel("SE of a 50% score, points")
    return fig


@figure("eval/detectable-gap-vs-size")
def detectable_gap_vs_size(theme: style.Theme):
    fig = style.new_figure(432, 372)
    ax = fig.add_subplot()
    data = mde_data()
    labels = {0.0: "unpaired", WORKED_RHO: f"paired, ρ = {WORKED_RHO:g}"}
    for i, rho in enumerate((0.0, WORKED_RHO)):
        kw = style.series(i, theme)
        ax.plot(SE_NS, data["curves"][rho], **{**kw, "marker": None})
        y = data["at_worked"][rho]
        ax.plot([WORKED_N], [y], marker=kw["marker"], markersize=8, color=kw["color"])
        ax.annotate(
            f"{y:.2f}",
            xy=(WORKED_N, y),
            xytext=(-10, 0),
            textcoords="offset points",
            ha="right",
            va="center",
            color=kw["color"],
        )
        n_needed = data["needed"][rho]
        ax.plot(
            [n_needed], [100 * WORKED_GAP], marker=kw["marker"], markersize=8, color=kw["color"]
        )
        ax.annotate(
            _fmt_int(n_needed),
            xy=(n_needed, 100 * WORKED_GAP),
            xytext=(0, -10 if i == 0 else 10),
            textcoords="offset points",
            ha="center",
            va="top" if i == 0 else "bottom",
            color=kw["color"],
        )
        # Unpaired above its line; paired in the clear space below-left of its line.
        x, y = (
            (30, 100.0 * min_detectable_diff(se_diff(WORKED_P, 30, rho)) * 1.2)
            if i == 0
            else (
                12,
                7,
            )
        )
        ax.text(x, y, labels[rho], color=kw["color"], va="bottom")
    ax.axhline(100 * WORKED_GAP, color=theme.muted, linewidth=style.THIN, linestyle=(0, (4, 3)))
    ax.text(12, 100 * WORKED_GAP * 1.06, "2-point gap", color=theme.muted, va="bottom")
    ax.axvline(WORKED_N, color=theme.muted, linewidth=style.THIN, linestyle=":")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(10, 25000)
    ax.set_ylim(1, 100)
    ax.set_xticks([10, 100, 1000, 10000], ["10", "100", "1,000", "10,000"])
    ax.set_yticks([1, 2, 5, 10, 20, 50, 100], ["1", "2", "5", "10", "20", "50", "100"])
    ax.minorticks_off()
    ax.set_xlabel("Questions, N")
    ax.set_ylabel("Smallest detectable gap, points")
    return fig


# --- Diagrams ------------------------------------------------------------------------------------


HARNESS_STEPS = (
    ("Load the items", "--limit runs only\nthe first items"),
    ("Build prompts", "shots, format,\nchat template"),
    ("Run the model", "backend, temperature,\nmax tokens, samples"),
    ("Extract answers", "regex or boxed-\nanswer parser"),
    ("Score", "exact match, tests\nor a judge"),
    ("Report", "per-sample log,\nmean ± SE"),
)


@figure("eval/harness-pipeline")
def harness_pipeline(theme: style.Theme):
    width, box_h, gap, top = 360, 40, 16, 30
    height = top + len(HARNESS_STEPS) * (box_h + gap) - gap + 4
    fig, ax = diagram(width, height)
    ax.text(0, height - 4, "Step", color=theme.fg, va="top", fontweight="bold")
    ax.text(176, height - 4, "Silent choice", color=theme.fg, va="top", fontweight="bold")
    for i, (step, choice) in enumerate(HARNESS_STEPS):
        y = height - top - (i + 1) * box_h - i * gap
        style.box(ax, 0, y, 150, box_h, step, theme, fill=0)
        ax.text(176, y + box_h / 2, choice, color=theme.fg, va="center", linespacing=1.15)
        ax.plot(
            [150, 170], [y + box_h / 2] * 2, color=theme.muted, linewidth=style.THIN, linestyle=":"
        )
        if i:
            style.arrow(ax, (75, y + box_h + gap), (75, y + box_h), theme)
    return check_fits(fig, "eval/harness-pipeline")


@figure("eval/contamination-checks")
def contamination_checks(theme: style.Theme):
    width, height = 360, 396
    fig, ax = diagram(width, height)
    col_w, left, right = 172, 0, 188
    # Top: the question.
    style.box(ax, 60, 344, 240, 48, "Is the training corpus\navailable?", theme, fill=4)
    # Two branches.
    style.arrow(ax, (120, 344), (left + col_w / 2, 300), theme)
    style.arrow(ax, (240, 344), (right + col_w / 2, 300), theme)
    ax.text(84, 326, "yes", color=theme.fg, ha="right", va="center")
    ax.text(276, 326, "no", color=theme.fg, ha="left", va="center")
    style.box(
        ax,
        left,
        236,
        col_w,
        64,
        "n-gram overlap\nwith training\ndocuments",
        theme,
        fill=0,
        linespacing=1.15,
    )
    style.box(
        ax,
        right,
        236,
        col_w,
        64,
        "model behaviour:\nperplexity, n-gram\nprediction",
        theme,
        fill=2,
        linespacing=1.15,
    )
    style.arrow(ax, (left + col_w / 2, 236), (left + col_w / 2, 204), theme)
    style.arrow(ax, (right + col_w / 2, 236), (right + col_w / 2, 204), theme)
    style.box(
        ax, left, 156, col_w, 48, "report the full\nand clean scores", theme, linespacing=1.15
    )
    style.box(ax, right, 156, col_w, 48, "disclose signs\nof leakage", theme, linespacing=1.15)
    ax.text(
        left + col_w / 2,
        146,
        "misses paraphrases\nand translations",
        color=theme.fg,
        ha="center",
        va="top",
        linespacing=1.15,
    )
    ax.text(
        right + col_w / 2,
        146,
        "approximate: no\nproof either way",
        color=theme.fg,
        ha="center",
        va="top",
        linespacing=1.15,
    )
    # Bottom: the alternative that sidesteps the question.
    ax.plot([0, width], [88, 88], color=theme.muted, linewidth=style.THIN, linestyle=(0, (4, 3)))
    style.box(
        ax,
        0,
        4,
        width,
        70,
        "or avoid it: a date-cut benchmark\nscores only items released\n"
        "after the model's training cutoff",
        theme,
        fill=5,
        linespacing=1.15,
    )
    return check_fits(fig, "eval/contamination-checks")


def _pair(ax, x, y, first: str, second: str, theme: style.Theme):
    """Two answer boxes shown to the judge, in order; A and B have their own tint and letter."""
    fills = {"A": 0, "B": 1}
    for j, name in enumerate((first, second)):
        style.box(ax, x + j * 44, y, 38, 30, name, theme, fill=fills[name], fontweight="bold")


@figure("eval/judge-position-swap")
def judge_position_swap(theme: style.Theme):
    width, height = 360, 270
    fig, ax = diagram(width, height)
    cases = (
        ("Verdict follows the position", ("A", "B"), ("B", "A"), "position bias:\ncount a tie"),
        ("Verdict survives the swap", ("A", "A"), ("A", "A"), "A wins in both\norders: count it"),
    )
    for c, (title, picks_1, picks_2, outcome) in enumerate(cases):
        base = height - c * 146
        ax.text(0, base - 2, title, color=theme.fg, va="top", fontweight="bold")
        rows = ((("A", "B"), picks_1[0]), (("B", "A"), picks_2[0]))
        for r, ((first, second), pick) in enumerate(rows):
            y = base - 66 - r * 46
            _pair(ax, 0, y, first, second, theme)
            style.arrow(ax, (88, y + 15), (122, y + 15), theme)
            ax.text(128, y + 15, f"judge: {pick}", color=theme.fg, va="center")
        # Bracket joining the two verdicts, then the outcome.
        y0, y1 = base - 112 + 15, base - 66 + 15
        ax.plot([222, 228, 228, 222], [y1, y1, y0, y0], color=theme.fg, linewidth=style.THIN)
        style.arrow(ax, (228, (y0 + y1) / 2), (238, (y0 + y1) / 2), theme)
        style.box(
            ax,
            240,
            (y0 + y1) / 2 - 26,
            120,
            52,
            outcome,
            theme,
            fill=5 if c == 0 else 2,
            linespacing=1.15,
        )
        for j, label in enumerate(("1st", "2nd")):
            ax.text(19 + j * 44, base - 24, label, color=theme.fg, ha="center", va="top")
    return check_fits(fig, "eval/judge-position-swap")
