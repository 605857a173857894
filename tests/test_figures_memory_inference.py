"""The numbers that docs/estimations/memory-and-inference.md repeats agree with what its figure
draws (figures/memory_and_inference.py): the alt text names each bar with its total, the caption
gives the model states with and without ZeRO, and the page's worked-number table prints the
same activations and total as the bars."""

from __future__ import annotations

from figures import memory_and_inference as figs
from tests.figure_text import expect_in_caption, plant, plant_in_caption, read
from tests.test_memory_inference_page import worked_rows

PAGE = "docs/estimations/memory-and-inference.md"
SOURCE = "figures/memory_and_inference.py"
FIG = "fig-memory-breakdown"
ROWS = {  # worked-number row -> (bar label, part drawn)
    "GPT-3 175B, t=8: first-stage activations, tensor and sequence parallelism": (
        "ZeRO-1, TP+SP",
        "activations",
    ),
    "GPT-3 175B, t=8: first-stage activations, selective recomputation": (
        "ZeRO-1, selective",
        "activations",
    ),
    "GPT-3 175B: first-stage activations, full recomputation": ("ZeRO-1, full", "activations"),
    "GPT-3 175B, t=8, p=8, ZeRO stage 1, selective recomputation: total per GPU": (
        "ZeRO-1, selective",
        "total",
    ),
}


def check(text: str) -> list[str]:
    problems = []
    bars = {str(r["label"]): r for r in figs.breakdown_data()}
    alt_line = next((ln for ln in text.splitlines() if "memory-breakdown.svg#only-light" in ln), "")
    if not alt_line:
        problems.append(f"{PAGE}: no light image memory-breakdown.svg; restore the figure")
    for label, bar in bars.items():
        want = f"{label} {float(bar['total']):.1f}"
        if want not in alt_line:
            problems.append(
                f"{PAGE}: the alt text of memory-breakdown.svg should say {want!r}, which is "
                f"what {SOURCE} draws; fix the alt text (or the data in {SOURCE})"
            )
    states = {k: sum(float(bars[k][p]) for p in figs.PARTS[:3]) for k in bars}
    problems += expect_in_caption(
        text,
        PAGE,
        FIG,
        [
            f"{states['No ZeRO, TP+SP']:.2f} GB",
            f"{states['ZeRO-1, TP+SP']:.2f} GB",
        ],
        SOURCE,
    )
    for line, quantity, value in worked_rows(text):
        if quantity not in ROWS:
            continue
        label, part = ROWS[quantity]
        number, unit = value.split()
        digits = len(number.split(".")[1]) if "." in number else 0
        drawn = float(bars[label][part])
        if unit != "GB" or round(drawn, digits) != float(number):
            problems.append(
                f"{PAGE}:{line}: {quantity!r} prints {value!r} but Figure 1 draws "
                f"{drawn:.{digits + 2}f} GB; fix the page or {SOURCE}"
            )
    return problems


def test_page_agrees_with_its_figure() -> None:
    problems = check(read(PAGE))
    assert not problems, "\n".join(problems)


def test_planted_mistakes_are_reported() -> None:
    text = read(PAGE)
    bad_alt = plant(text, "ZeRO-1, selective 23.3", "ZeRO-1, selective 32.3")
    assert any("ZeRO-1, selective 23.3" in p for p in check(bad_alt))
    bad_caption = plant_in_caption(text, FIG, "12.99 GB", "13.99 GB")
    assert any("12.99 GB" in p and "caption" in p for p in check(bad_caption))
    bad_row = plant(text, "| 10.3 GB | our estimate |", "| 11.3 GB | our estimate |")
    assert any("11.3 GB" in p and "Figure 1" in p for p in check(bad_row))
