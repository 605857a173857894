"""docs/comm/networks-at-scale.md agrees with its data and formulas.

* The measured-versus-line-rate table: every row of figures/data/comm-measured-vs-line-rate.csv
  (the data behind Figure 2) appears in the table with the same measured value, line rate,
  share (computed with calc.collectives.link_share) and source, and the alt text of Figure 2
  states each share.
* The worked example (#busbw-budget): the per-GPU ceiling, the shares of a 40 GB/s run and the
  NVLink margin that the prose prints equal calc.collectives.busbw_budget and link_share.
* Figure 1's block names the rail layout it draws (figures.comm_networks_at_scale.GPUS_PER_NODE).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from calc import collectives as cc
from figures import comm_networks_at_scale as fn
from tests.figblocks import figure_block

PAGE = Path(__file__).resolve().parents[1] / "docs" / "comm" / "networks-at-scale.md"
CSV = "figures/data/comm-measured-vs-line-rate.csv"
NUMBER = r"([0-9]+(?:\.[0-9]+)?)"


def _lines() -> list[str]:
    return PAGE.read_text(encoding="utf-8").splitlines()


def _section(anchor: str) -> tuple[int, str]:
    lines = _lines()
    start = next(i for i, line in enumerate(lines) if anchor in line)
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("#")), len(lines))
    return start + 1, "\n".join(lines[start:end])


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def _table_rows() -> list[tuple[int, list[str]]]:
    lines = _lines()
    start = next(i for i, line in enumerate(lines) if "{#measured-collectives}" in line)
    header = next(i for i in range(start, len(lines)) if lines[i].startswith("| Setting"))
    rows = []
    for i in range(header + 2, len(lines)):
        if not lines[i].startswith("|"):
            break
        rows.append((i + 1, [c.strip() for c in lines[i].strip().strip("|").split("|")]))
    assert rows, f"{PAGE}: no rows in the table under #measured-collectives"
    return rows


def _find_row(m: fn.Measurement) -> tuple[int, list[str]]:
    """The table row for a CSV row: cites the same source and prints the same measured value."""
    measured = f"{m.measured_gbs:g}"
    for line, cells in _table_rows():
        if f"@{m.source}" in cells[-1] and re.search(
            rf"(?<![0-9.]){re.escape(measured)}(?![0-9])", cells[2] + " " + cells[3]
        ):
            return line, cells
    raise AssertionError(
        f"{CSV}: no row of the table under #measured-collectives in {PAGE} cites "
        f"[@{m.source}] and reports {measured} GB/s (row {m.label!r}); add the row or correct "
        "the CSV"
    )


@pytest.mark.parametrize("m", fn.measurements(), ids=lambda m: m.label)
def test_csv_row_matches_table(m: fn.Measurement) -> None:
    line, cells = _find_row(m)
    assert f"{m.line_gbs:g} GB/s" in cells[1], (
        f"{PAGE}:{line}: line rate {cells[1]!r}, but {CSV} row {m.label!r} has "
        f"{m.line_gbs:g} GB/s; correct the one that disagrees with the source"
    )
    assert _pct(m.share) in cells[3], (
        f"{PAGE}:{line}: share {cells[3]!r}, but {m.measured_gbs:g}/{m.line_gbs:g} = "
        f"{_pct(m.share)} (calc.collectives.link_share); print the computed share"
    )


def test_every_table_share_is_computed() -> None:
    """Each 'NN%' in the share column equals measured / line for that row's numbers."""
    for line, cells in _table_rows():
        line_rate = float(re.search(NUMBER, cells[1]).group(1))
        measured = [float(x) for x in re.findall(rf"{NUMBER} GB/s", cells[2])]
        if "48 to 49" in cells[2]:
            measured = [48.5]  # the page says it computes the share at the midpoint, 48.5
        shares = re.findall(r"([0-9]+)%", cells[3])
        assert shares, f"{PAGE}:{line}: no share in {cells[3]!r}"
        wanted = {_pct(cc.link_share(x, line_rate)) for x in measured}
        for share in shares:
            assert f"{share}%" in wanted, (
                f"{PAGE}:{line}: share {share}% is not measured/line for any of {measured} "
                f"over {line_rate:g} GB/s (expected one of {sorted(wanted)})"
            )


def test_measured_figure_alt_text_states_each_share() -> None:
    block = figure_block(PAGE, "fig-measured-vs-line-rate")
    for m in fn.measurements():
        block.require(_pct(m.share), f"the share plotted for {m.label}")
    block.require(CSV.split("/")[-1], "the data file behind the plot")


def test_rail_figure_block_names_what_it_draws() -> None:
    block = figure_block(PAGE, "fig-rail-optimised")
    block.require(f"{fn.GPUS_PER_NODE} GPUs", "the drawn GPUs per node")
    block.require("leaf 3", "the rail the highlighted transfer takes")


def test_busbw_budget_example() -> None:
    line, text = _section("{#busbw-budget}")
    nic = next(m for m in fn.measurements() if m.source == "nccltests_issue267")
    nvlink = next(m for m in fn.measurements() if m.label == "H100 NVLink 4 ring")
    ceiling = cc.busbw_budget(nic.line_gbs, nic.share, nvlink.measured_gbs)
    run = 40.0
    expected = {
        "per-GPU line rate": f"{nic.line_gbs:g} GB/s",
        "NIC share": _pct(nic.share),
        "ceiling": f"about {ceiling:g} GB/s",
        "NVLink effective": f"about {nvlink.measured_gbs:g} GB/s",
        "NVLink margin": f"more than {int(nvlink.measured_gbs / ceiling)} times",
        "run": f"{run:g} GB/s",
        "run over line": f"{_pct(cc.link_share(run, nic.line_gbs))} of the line rate",
        "run over ceiling": f"{_pct(cc.link_share(run, ceiling))} of the NIC's expected ceiling",
        "gap": f"missing {ceiling - run:g} GB/s",
    }
    for what, phrase in expected.items():
        assert phrase in text, (
            f"{PAGE}:{line}: the worked example should print {phrase!r} ({what}, from "
            "calc.collectives); update the prose to the computed value"
        )


def test_link_share_and_budget_guard_inputs() -> None:
    assert cc.link_share(370, 450) == pytest.approx(0.8222, abs=1e-4)
    assert cc.busbw_budget(50, 0.97, 370) == pytest.approx(48.5)
    assert cc.busbw_budget(50, 0.97, 20) == 20  # NVLink binds when it is the slower hop
    with pytest.raises(ValueError):
        cc.link_share(1, 0)
    with pytest.raises(ValueError):
        cc.busbw_budget(50, 1.5, 370)
