"""The numbers that docs/estimations/README.md repeats agree with what its figures draw
(figures/estimations.py): the attention share, the runs' 6ND compute and the GPU-hours."""

from __future__ import annotations

from figures import estimations as figs
from tests.figure_text import expect_in_caption, plant, plant_in_caption, read
from tests.test_estimations_page import (
    DS_ACTIVE,
    DS_D,
    DS_PRE,
    LLAMA_D,
    LLAMA_GPU_HOURS,
    LLAMA_N,
    UNIT_SCALE,
    VALUE,
    worked_rows,
)

PAGE = "docs/estimations/README.md"
SOURCE = "figures/estimations.py"

# Quantity rows of the page's worked-number tables -> what the figures draw for them.
ATTENTION_ROWS = {
    "Llama 3 405B: attention term relative to 6N at 8,192 tokens": 8192,
    "Llama 3 405B: attention term relative to 6N at 131,072 tokens": 131072,
}
FLOP_ROWS = {
    "GPT-3 175B: training FLOPs (6ND)": "GPT-3",
    "Llama 3.1 405B: training FLOPs (6ND)": "Llama 3.1 405B",
    "DeepSeek-V3: training FLOPs (6ND, 37B active)": "DeepSeek-V3",
    "7B on 1T tokens: training FLOPs (6ND)": "7B example",
}
RATIO_ROWS = {
    "Llama 3.1 405B: tokens per parameter": "Llama 3.1 405B",
    "DeepSeek-V3: tokens per active parameter": "DeepSeek-V3",
}
HOUR_ROWS = {  # (example, utilisation) of a computed point
    "Llama 3.1 405B: GPU-hours for 6ND at 43% MFU": ("Llama 3.1 405B", 0.43),
    "Llama 3.1 405B: GPU-hours for 6ND at 38% MFU": ("Llama 3.1 405B", 0.38),
    "7B on 1T tokens: GPU-hours at 40% MFU on H100 BF16": ("7B on 1T tokens", 0.40),
}
UTIL_ROWS = {  # utilisation implied by the reported GPU-hours
    "Llama 3.1 405B: end-to-end utilisation against BF16 dense peak": "Llama 3.1 405B",
    "DeepSeek-V3: end-to-end utilisation against BF16 dense peak (6ND)": "DeepSeek-V3",
}


def _agrees(printed: str, drawn: float) -> tuple[bool, str]:
    """Does a table cell such as '$3.29 \\times 10^{24}$ FLOPs' or '34.5%' round from ``drawn``?"""
    match = VALUE.match(printed)
    if not match:
        return False, printed
    mant, exp, unit = match["mant"].replace(",", ""), match["exp"], match["unit"]
    scale = UNIT_SCALE.get(unit, 1.0) * (10.0 ** int(exp) if exp else 1.0)
    decimals = len(mant.split(".")[1]) if "." in mant else 0
    return round(drawn / scale, decimals) == float(mant), f"{drawn / scale:.{decimals + 2}f}"


def check(text: str) -> list[str]:
    problems = []
    rows = {row.quantity: row for row in worked_rows(text)}
    attention = dict(zip(figs.CONTEXTS, figs.attention_data()["full"], strict=True))
    runs = {name: (n, d, flops) for name, n, d, flops in figs.runs()}
    hours = {e["name"]: e for e in figs.gpu_hour_data()}
    drawn: dict[str, tuple[float, str]] = {}
    for quantity, t in ATTENTION_ROWS.items():
        drawn[quantity] = (attention[t] / 100, "Figure 1")
    for quantity, name in FLOP_ROWS.items():
        drawn[quantity] = (runs[name][2], "Figure 2")
    for quantity, name in RATIO_ROWS.items():
        drawn[quantity] = (runs[name][1] / runs[name][0], "Figure 2")
    for quantity, (name, mfu) in HOUR_ROWS.items():
        drawn[quantity] = (dict(hours[name]["points"])[mfu], "Figure 3")
    for quantity, name in UTIL_ROWS.items():
        reported = hours[name]["reported"]
        drawn[quantity] = (next(m for m, h in hours[name]["points"] if h == reported), "Figure 3")
    for quantity, (value, fig) in drawn.items():
        row = rows.get(quantity)
        if row is None:
            problems.append(f"{PAGE}: no worked-number row {quantity!r} to check {fig} against")
            continue
        ok, shown = _agrees(row.value, value)
        if not ok:
            problems.append(
                f"{PAGE}:{row.line}: {quantity!r} is {row.value!r} but {fig} draws {shown} "
                f"(in the row's unit); fix the page or {SOURCE}"
            )
    # The figures use the page's documented inputs (as tests/test_estimations_page.py does).
    for name, n, d in (("Llama 3.1 405B", LLAMA_N, LLAMA_D), ("DeepSeek-V3", DS_ACTIVE, DS_D)):
        if runs[name][:2] != (n, d):
            problems.append(f"{SOURCE}: {name} is drawn with N, D = {runs[name][:2]}, not {n, d}")
    if (hours["Llama 3.1 405B"]["reported"], hours["DeepSeek-V3"]["reported"]) != (
        LLAMA_GPU_HOURS,
        DS_PRE,
    ):
        problems.append(f"{SOURCE}: the reported GPU-hours differ from the page's inputs")
    # Captions repeat some of these numbers.
    t_lo, t_hi = figs.CONTEXT_MARKS
    problems += expect_in_caption(
        text,
        PAGE,
        "fig-attention-share",
        [
            f"{attention[t_lo]:.1f}% at {t_lo:,} tokens and {attention[t_hi]:.0f}% at {t_hi:,} tokens"
        ],
        SOURCE,
    )
    ratio = {name: d / n for name, (n, d, _) in runs.items()}
    problems += expect_in_caption(
        text,
        PAGE,
        "fig-compute-plane",
        [
            f"Llama 3.1 405B about {ratio['Llama 3.1 405B']:.1f}",
            f"DeepSeek-V3 about {ratio['DeepSeek-V3']:.0f} tokens per parameter",
        ],
        SOURCE,
    )
    implied = {name: drawn[q][0] for q, name in UTIL_ROWS.items()}
    problems += expect_in_caption(
        text,
        PAGE,
        "fig-gpu-hours-vs-mfu",
        [
            f"{implied['Llama 3.1 405B']:.1%} for Llama 3.1 405B",
            f"{implied['DeepSeek-V3']:.1%} for DeepSeek-V3",
        ],
        SOURCE,
    )
    return problems


def test_page_agrees_with_its_figures() -> None:
    problems = check(read(PAGE))
    assert not problems, "\n".join(problems)


def test_planted_table_mistake_is_reported() -> None:
    text = plant(read(PAGE), "| 24.76 million GPU-hours |", "| 24.67 million GPU-hours |")
    problems = check(text)
    assert len(problems) == 1 and "Figure 3 draws 24.7" in problems[0], problems


def test_planted_caption_mistake_is_reported() -> None:
    text = plant_in_caption(read(PAGE), "fig-attention-share", "134% at", "143% at")
    problems = check(text)
    assert len(problems) == 1 and "fig-attention-share" in problems[0], problems
