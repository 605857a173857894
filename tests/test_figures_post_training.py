"""The numbers that docs/post-training/README.md repeats agree with what its figures draw
(figures/post_training.py): the LoRA counts, the GRPO advantages and zero-advantage shares."""

from __future__ import annotations

from figures import post_training as figs
from tests.figure_text import expect_in_caption, expect_in_text, plant, plant_in_caption, read
from tests.test_lora_worked_example import LINE

PAGE = "docs/post-training/README.md"
SOURCE = "figures/post_training.py"


def _superscript(exponent: int) -> str:
    return str(exponent).translate(str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))


def check(text: str) -> list[str]:
    problems = []
    # Figure 2 (LoRA) prints the worked example's counts: compare with its [lora-check] lines.
    n = figs.lora_numbers()
    drawn = {
        figs.LORA_PROJ: n["trained"],
        "all_layers": n["all_layers"],
        "base_linear": n["base_linear"],
        "fraction": round(n["fraction_pct"], 2),
    }
    seen = set()
    for lineno, line in enumerate(text.splitlines(), start=1):
        match = LINE.match(line.strip())
        if match and match["name"] in drawn:
            seen.add(match["name"])
            printed = float(match["value"].replace(",", ""))
            if printed != drawn[match["name"]]:
                problems.append(
                    f"{PAGE}:{lineno}: [lora-check] {match['name']} prints {match['value']} but "
                    f"Figure 2 draws {drawn[match['name']]:,}; fix the page or {SOURCE}"
                )
    problems += [
        f"{PAGE}: no '[lora-check] {name}' line to check Figure 2 against; restore it"
        for name in sorted(set(drawn) - seen)
    ]
    problems += expect_in_text(
        text,
        PAGE,
        [
            f"about {n['all_layers'] / 1e6:.1f}M parameters, {n['fraction_pct']:.2f}% of the "
            f"{n['base_linear'] / 1e9:.2f}B weights"
        ],
        "the totals printed in Figure 2",
        SOURCE,
    )
    # Figure 3: the two advantage values of the mixed group.
    _, rewards, adv = figs.advantage_groups()[0]
    problems += expect_in_caption(
        text,
        PAGE,
        "fig-grpo-advantages",
        [
            f"{sum(rewards)} of {len(rewards)} correct",
            f"+{max(adv):.2f}",
            f"−{abs(min(adv)):.2f}",
        ],
        SOURCE,
    )
    # Figure 4: the two marked values, as the prose computes them and as the caption states them.
    (p_mid, g), (p_hi, g_hi) = figs.ZERO_MARKS
    assert g == g_hi
    data = figs.zero_advantage_data()[g]
    v_mid, v_hi = data[figs.ZERO_PS.index(p_mid)], data[figs.ZERO_PS.index(p_hi)]
    mantissa, exponent = f"{v_mid:.0e}".split("e")
    problems += expect_in_text(
        text,
        PAGE,
        [
            f"$G = {g}$",
            f"{2:d} \\times {p_mid:g}^{{{g}}} \\approx {mantissa}\\times10^{{{int(exponent)}}}",
            f"{p_hi:g}^{{{g}}} \\approx {v_hi:.3f}",
        ],
        "the worked zero-gradient shares that Figure 4 marks",
        SOURCE,
    )
    problems += expect_in_caption(
        text,
        PAGE,
        "fig-zero-advantage-groups",
        [
            f"{mantissa} × 10{_superscript(int(exponent))} at $p = {p_mid:g}$",
            f"{v_hi:.3f} at $p = {p_hi:g}$",
        ],
        SOURCE,
    )
    return problems


def test_page_agrees_with_its_figures() -> None:
    problems = check(read(PAGE))
    assert not problems, "\n".join(problems)


def test_planted_lora_mistake_is_reported() -> None:
    text = plant(read(PAGE), "= 41,943,040\n", "= 41,934,040\n")
    problems = check(text)
    assert len(problems) == 1 and "all_layers prints 41,934,040" in problems[0], problems


def test_planted_advantage_mistake_is_reported() -> None:
    text = plant_in_caption(read(PAGE), "fig-grpo-advantages", "+1.73", "+1.37")
    problems = check(text)
    assert len(problems) == 1 and "'+1.73'" in problems[0], problems


def test_planted_zero_share_mistake_is_reported() -> None:
    text = plant(read(PAGE), "0.9^{16} \\approx 0.185", "0.9^{16} \\approx 0.158")
    problems = check(text)
    assert len(problems) == 1 and "0.185" in problems[0], problems
