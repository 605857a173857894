"""The numbers that docs/estimations/reported-costs.md repeats agree with what its figures draw
(figures/reported_costs.py): the alt text of each figure names every bar with its value, and the
page's worked-number tables print the same tokens per parameter as Figure 2."""

from __future__ import annotations

import re

from figures import reported_costs as figs
from tests.figure_text import plant, read
from tests.test_reported_costs_page import worked_rows

PAGE = "docs/estimations/reported-costs.md"
SOURCE = "figures/reported_costs.py"
ALT = re.compile(r"!\[(?P<alt>[^\]]+)\]\((?P<src>[^)#]+)#only-light\)")


def _alt(text: str, src: str) -> tuple[int, str] | None:
    for number, line in enumerate(text.splitlines(), start=1):
        m = ALT.search(line)
        if m and m["src"] == src:
            return number, m["alt"]
    return None


def _pct(u: float) -> str:
    return f"{100 * u:.1f}%"


def _ratio(x: float) -> str:
    return f"{x:,.1f}".removesuffix(".0") if x < 100 else f"{x:,.0f}"


def check(text: str) -> list[str]:
    problems = []
    for src, data, fmt in (
        ("reported-utilisation.svg", figs.utilisation_data(), _pct),
        ("tokens-per-parameter.svg", figs.ratio_data(), _ratio),
    ):
        found = _alt(text, src)
        if found is None:
            problems.append(f"{PAGE}: no light image {src}; restore the figure markup")
            continue
        line, alt = found
        for name, value in data:
            want = f"{name} {fmt(value)}"
            if want not in alt:
                problems.append(
                    f"{PAGE}:{line}: the alt text of {src} should say {want!r}, which is what "
                    f"{SOURCE} draws; fix the alt text (or the data in {SOURCE})"
                )
    drawn = dict(figs.ratio_data())
    for line, quantity, value in worked_rows(text):
        name = quantity.split(" (")[0]
        if "tokens per" not in quantity or name not in drawn:
            continue
        want = f"{_ratio(drawn[name])} tokens per parameter"
        if value != want:
            problems.append(
                f"{PAGE}:{line}: {quantity!r} prints {value!r} but Figure 2 draws {want!r}; "
                f"fix the page or {SOURCE}"
            )
    return problems


def test_page_agrees_with_its_figures() -> None:
    problems = check(read(PAGE))
    assert not problems, "\n".join(problems)


def test_planted_mistakes_are_reported() -> None:
    text = read(PAGE)
    bad_alt = plant(text, "Llama 4 Scout 22.9%", "Llama 4 Scout 32.9%")
    assert any("reported-utilisation.svg" in p and "22.9%" in p for p in check(bad_alt))
    bad_row = plant(text, "| 6,944 tokens per parameter |", "| 6,494 tokens per parameter |")
    assert any("6,494" in p and "Figure 2" in p for p in check(bad_row))
