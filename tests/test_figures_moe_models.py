"""docs/moe/models-2025-2026.md agrees with the data behind its figure.

* figures/data/moe-models-2025-2026.csv: every row is a row of the table under {#model-table}
  with the same total and active parameters and a source the row cites, and every table row that
  reports both counts is plotted.
* The trends section prints the active shares the CSV gives (one decimal, as printed).
* Figure 1's alt text states the counts and share ranges the figure plots.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

import pytest

from figures import moe as fm
from figures import moe_models_2025_2026 as fmm
from tests.figblocks import figure_block
from tests.test_figures_moe import MODELS_PAGE, _model_table

CSV = "figures/data/moe-models-2025-2026.csv"


def _pct1(share: float) -> str:
    """Share as a percentage with one decimal, rounded half up as the page prints it (6.25 -> 6.3)."""
    value = Decimal(str(round(100 * share, 9))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{value}%"


def _later_table():
    return _model_table(MODELS_PAGE, "{#model-table}")


def test_csv_matches_table() -> None:
    table = _later_table()
    plotted = {m.table_row: m for m in fmm.later_models()}
    for name, model in plotted.items():
        assert name in table, (
            f"{CSV}: table_row {name!r} is not the first cell of a row under {{#model-table}} in "
            f"{MODELS_PAGE}; copy the row's first cell exactly"
        )
        line, total, active, keys = table[name]
        assert (total, active) == (pytest.approx(model.total_b), pytest.approx(model.active_b)), (
            f"{line}: {name} has {total}B / {active}B in the table but {model.total_b}B / "
            f"{model.active_b}B in {CSV}; correct the one that disagrees with the source"
        )
        assert model.source in keys, (
            f"{CSV}: row {name!r} cites {model.source!r}, which the table row at {line} does not "
            f"cite ({sorted(keys)})"
        )
    for name, (line, total, active, _) in table.items():
        if total is not None and active is not None:
            assert name in plotted, (
                f"{line}: {name} reports {total}B total and {active}B active but is missing from "
                f"{CSV}; add it and run make figures"
            )


def _trends_text() -> str:
    text = MODELS_PAGE.read_text(encoding="utf-8")
    start = text.index("{#trends}")
    return re.sub(r"\s+", " ", text[start : text.index("\n## ", start)])


@pytest.mark.parametrize(
    "label, phrase",
    [
        ("Qwen3-Next", "Qwen3-Next at {}"),
        ("GLM-5", "GLM-5 at {}"),
        ("Kimi Linear", "Kimi Linear at {}"),
        ("GLM-4.5", "GLM-4.5 at {}"),
        ("GLM-4.5-Air", "GLM-4.5-Air at {}"),
        ("Qwen3.5-122B", "{} at 122B"),
    ],
)
def test_trends_print_the_plotted_shares(label: str, phrase: str) -> None:
    model = next(m for m in fmm.later_models() if m.label == label)
    printed = phrase.format(_pct1(model.active_share))
    assert printed in _trends_text(), (
        f"{MODELS_PAGE} #trends should say {printed!r} ({model.active_b:g}/{model.total_b:g} from "
        f"{CSV}); update the prose"
    )


def test_figure_alt_text_states_what_is_plotted() -> None:
    block = figure_block(MODELS_PAGE, "fig-active-share-vs-total")
    early, later = fm.moe_models(), fmm.later_models()
    lo, hi = fmm.share_range(later)
    block.require(f"{len(early)} models up to August 2025", "points from moe-params.csv")
    block.require(f"{len(later)} models since August 2025", f"rows of {CSV}")
    block.require(f"between {_pct1(lo)} and {_pct1(hi)}", "range of the later shares")
    kimi = next(m for m in early if m.label == "Kimi K2")
    mixtral = next(m for m in early if m.label.startswith("Mixtral"))
    block.require(f"Kimi K2 at {_pct1(kimi.active_share)}", "lowest earlier share")
    block.require(f"Mixtral 8x7B at {100 * mixtral.active_share:.0f}%", "highest earlier share")
