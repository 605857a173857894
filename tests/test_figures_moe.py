"""The figures on docs/moe.md agree with the page: the data behind each plot against the table and
prose that repeat its numbers, and the figure blocks' captions and alt text against the data.

Also unit tests for calc.moe.routed_expert_bytes_per_gpu, which the expert-memory plot uses.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from calc import moe as cm
from figures import moe as fm
from tests.figblocks import figure_block

PAGE = Path(__file__).resolve().parents[1] / "docs" / "moe.md"
CSV = "figures/data/moe-params.csv"


def _billions(cell: str) -> float | None:
    """'671B (+14B ...)' -> 671, '~47B' -> 47, '1T' -> 1000, 'n/r' -> None."""
    match = re.match(r"\s*~?\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*([BT])\b", cell)
    if not match:
        return None
    value = float(match.group(1).replace(",", ""))
    return value * 1000 if match.group(2) == "T" else value


MODELS_PAGE = PAGE.parent / "moe" / "models-2025-2026.md"  # the full table, where it exists


def _model_table(
    page: Path = PAGE, anchor: str = "{#moe-models}"
) -> dict[str, tuple[str, float | None, float | None, set[str]]]:
    """First cell -> (file:line, total B, active B, cited keys) for the first model table after the
    line holding ``anchor`` (on the sub-page: after its front matter)."""
    lines = page.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if anchor in line)
    header = next(i for i in range(start, len(lines)) if lines[i].startswith("| Model"))
    cells = [c.strip() for c in lines[header].strip("|").split("|")]
    col_total, col_active = cells.index("Total params"), cells.index("Active params")
    rows = {}
    for i in range(header + 2, len(lines)):
        if not lines[i].startswith("|"):
            break
        row = [c.strip() for c in lines[i].strip().strip("|").split("|")]
        keys = set(re.findall(r"@([\w-]+)", row[-1]))
        where = f"{page.relative_to(PAGE.parents[1])}:{i + 1}"
        rows[row[0]] = (where, _billions(row[col_total]), _billions(row[col_active]), keys)
    assert rows, f"{PAGE}: found no rows in the table under {{#moe-models}}"
    return rows


def test_params_csv_matches_model_table() -> None:
    main = _model_table()
    table = {**(_model_table(MODELS_PAGE, "# ") if MODELS_PAGE.exists() else {}), **main}
    plotted = {m.table_row: m for m in fm.moe_models()}
    for name, model in plotted.items():
        assert name in table, (
            f"{CSV}: table_row {name!r} is not the first cell of any row of the model tables on "
            f"{PAGE} (#moe-models) or {MODELS_PAGE.name}; copy the row's first cell exactly"
        )
        line, total, active, keys = table[name]
        for what, page_value, csv_value in (
            ("total", total, model.total_b),
            ("active", active, model.active_b),
        ):
            assert page_value == pytest.approx(csv_value), (
                f"{line}: {name} has {what} {page_value}B in the table but {csv_value}B "
                f"in {CSV}; correct the one that disagrees with the source, then run make figures"
            )
        assert model.source in keys, (
            f"{CSV}: row {name!r} cites {model.source!r}, which the table row at {line} "
            f"does not cite ({sorted(keys)}); cite one of the table's sources"
        )
    for name, (line, total, active, _) in main.items():
        if total is not None and active is not None:
            assert name in plotted, (
                f"{line}: {name} reports total and active parameters but is missing "
                f"from {CSV}; add the row so Figure 'fig-moe-active-vs-total' shows it"
            )


def test_active_vs_total_alt_text_matches_data() -> None:
    block = figure_block(PAGE, "fig-moe-active-vs-total")
    for m in fm.moe_models():
        total = f"{m.total_b:,.1f}".removesuffix(".0")
        active = f"{m.active_b:,.1f}".removesuffix(".0")
        pattern = (
            rf"{re.escape(m.label)} (?:about )?{re.escape(total)} and {re.escape(active)} "
            rf"\({100 * m.active_share:.1f}%\)"
        )
        assert re.search(pattern, block.alts[0]), (
            f"{PAGE}:{block.line}: the alt text of fig-moe-active-vs-total should read "
            f"'{m.label} {total} and {active} ({100 * m.active_share:.1f}%)' as the data in "
            f"{CSV} gives; update the alt text of both images"
        )


def _lowest_ep_within(precision: str, limit: float) -> int:
    return min(ep for ep in fm.EP_DEGREES if fm.expert_memory(precision, ep) <= limit)


def test_expert_memory_figure_matches_prose_and_caption() -> None:
    text = PAGE.read_text(encoding="utf-8")
    # The worked example's prose quotes the points the figure labels: steps 5 and 6 (EP=64) and
    # the decode layout with one routed expert per GPU (EP=256).
    prose = {
        ("fp8", 64): r"^5\. .*about ([0-9.]+ GB) per GPU",
        ("bf16", 64): r"^6\. .*about ([0-9.]+ GB) per GPU",
        (
            "fp8",
            256,
        ): r"with one routed expert per GPU, the routed weights .*?about ([0-9.]+ GB) in FP8",
    }
    assert set(prose) == set(fm.LABELLED_POINTS)
    for point, pattern in prose.items():
        found = re.search(pattern, text, flags=re.MULTILINE)
        assert found, f"{PAGE}: no sentence matches {pattern!r}, which quotes {point}"
        label = fm.gb_label(fm.expert_memory(*point))
        assert found.group(1) == label, (
            f"{PAGE}:{text[: found.start(1)].count(chr(10)) + 1}: the prose says {found.group(1)} "
            f"for {point} but figure moe/expert-memory-vs-ep labels {label} "
            "(calc.moe.routed_expert_bytes_per_gpu); fix the prose or the formula"
        )
    block = figure_block(PAGE, "fig-expert-memory-vs-ep")
    h100 = fm.H100_BYTES
    fp8_ep, bf16_ep = _lowest_ep_within("fp8", h100), _lowest_ep_within("bf16", h100)
    expected = [
        f"only from EP{fp8_ep} in FP8 ({fm.gb_label(fm.expert_memory('fp8', fp8_ep // 2))} at "
        f"EP{fp8_ep // 2})",
        f"from EP{bf16_ep} in BF16 ({fm.gb_label(fm.expert_memory('bf16', bf16_ep // 2))} at "
        f"EP{bf16_ep // 2})",
        f"BF16 from {fm.expert_memory('bf16', 1) / 1e9:,.1f} GB at EP1 to "
        f"{fm.gb_label(fm.expert_memory('bf16', 256))} at EP256",
        f"FP8 with block scales from {fm.gb_label(fm.expert_memory('fp8', 1))} to "
        f"{fm.gb_label(fm.expert_memory('fp8', 256))}",
        f"labelled {fm.gb_label(fm.expert_memory('bf16', 64))} (BF16) and "
        f"{fm.gb_label(fm.expert_memory('fp8', 64))} (FP8) at EP64",
    ]
    for phrase in expected:
        block.require(phrase, "as calc/moe.py computes")


# --- calc.moe.routed_expert_bytes_per_gpu ---------------------------------------------------------

DSV3 = (cm.DSV3_D_MODEL, cm.DSV3_D_FF_EXPERT, cm.DSV3_ROUTED_EXPERTS, 58)


def test_routed_expert_bytes_reproduce_the_worked_example() -> None:
    v = cm.deepseek_v3_worked_example(ep_degree=64)
    assert cm.routed_expert_bytes_per_gpu(*DSV3, 64, 1, scale_block=128) == 10_219_819_008
    assert cm.routed_expert_bytes_per_gpu(*DSV3, 64, 1, scale_block=128) == v["fp8_bytes_per_gpu"]
    assert cm.routed_expert_bytes_per_gpu(*DSV3, 64, 2) == v["bf16_bytes_per_gpu"]
    # One expert per GPU (the decode layout): 58 experts and their scales.
    assert cm.routed_expert_bytes_per_gpu(*DSV3, 256, 1, scale_block=128) == 58 * (
        44_040_192 + 10_752
    )


def test_routed_expert_bytes_small_case_by_hand() -> None:
    # 2 layers of 4 experts of 3 x (256 x 128) parameters over EP=2: 2 x 2 local experts.
    local = 2 * 2
    assert cm.routed_expert_bytes_per_gpu(256, 128, 4, 2, 2, 2) == local * 3 * 256 * 128 * 2
    # 128-blocks: each 256 x 128 matrix has 2 x 1 blocks of one 4-byte scale.
    assert cm.routed_expert_bytes_per_gpu(256, 128, 4, 2, 2, 1, scale_block=128) == (
        local * 3 * 256 * 128 + local * 3 * 2 * 4
    )
    assert cm.routed_expert_bytes_per_gpu(256, 128, 4, 2, 2, 0.5) == local * 3 * 256 * 128 / 2
    # Halving per doubling of EP.
    assert cm.routed_expert_bytes_per_gpu(256, 128, 4, 2, 1, 1) == 2 * (
        cm.routed_expert_bytes_per_gpu(256, 128, 4, 2, 2, 1)
    )


@pytest.mark.parametrize(
    "args",
    [
        (7168, 2048, 256, 58, 48, 1),  # 256 experts do not split over 48 GPUs
        (7168, 2048, 256, 0, 64, 1),  # no MoE layers
        (7168, 2048, 256, 58, 64, 0),  # no bytes per parameter
        (7168, 2048, 256, 58, 0, 1),  # no GPUs
    ],
)
def test_routed_expert_bytes_rejects_bad_input(args: tuple) -> None:
    with pytest.raises(ValueError):
        cm.routed_expert_bytes_per_gpu(*args)
