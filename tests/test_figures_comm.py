"""The figures on docs/comm.md agree with the page: the ring all-reduce simulation behind Figure
'fig-ring-allreduce-steps' is a correct all-reduce and its caption's counts are the simulation's;
the step counts, factors and bandwidths that the other figures show equal what the page's text,
tables and worked example print, computed with calc/collectives.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from calc import collectives as cc
from figures import comm as fc
from tests import test_comm_worked_example as we
from tests.figblocks import Block, figure_block

PAGE = Path(__file__).resolve().parents[1] / "docs" / "comm.md"


def _text() -> str:
    return PAGE.read_text(encoding="utf-8")


def _block(fig_id: str) -> Block:
    return figure_block(PAGE, fig_id)


# --- Ring all-reduce, step by step ----------------------------------------------------------------


@pytest.mark.parametrize("n", range(2, 9))
def test_ring_simulation_is_an_allreduce(n: int) -> None:
    stages = fc.ring_allreduce_states(n)
    assert len(stages) == 1 + 2 * (n - 1), f"n={n}: expected start + 2(n-1) steps"
    everyone = frozenset(range(n))
    label, final, _ = stages[-1]
    assert all(cell == everyone for row in final for cell in row), (
        f"n={n}: after {label} some chunk does not hold the sum of all ranks: {final}"
    )
    _, after_rs, _ = stages[n - 1]
    for r in range(n):
        full = [c for c in range(n) if after_rs[r][c] == everyone]
        assert full == [(r + 1) % n], (
            f"n={n}: after reduce-scatter rank {r} should own exactly chunk {(r + 1) % n}, "
            f"owns {full}"
        )
    for label, _, received in stages[1:]:
        ranks = sorted(r for r, _ in received)
        assert ranks == list(range(n)), f"n={n}, {label}: every rank receives one chunk: {ranks}"
    assert fc.chunks_sent_per_rank(n) == 2 * (n - 1)


def test_ring_steps_caption_matches_simulation() -> None:
    n = fc.RING_RANKS
    block = _block("fig-ring-allreduce-steps")
    sent = fc.chunks_sent_per_rank(n)
    block.require(f"Ring all-reduce on {n} GPUs", "the drawn rank count")
    block.require(f"the {n - 1} reduce-scatter steps (RS)", "steps of the simulation")
    block.require(f"the {n - 1} all-gather steps (AG)", "steps of the simulation")
    block.require(f"Each GPU sends {sent} chunks of $S/{n}$", "chunks each rank sends")
    block.require(f"{sent / n:g}\\,S$", "bytes each rank sends, as a multiple of S")
    block.require(f"GPU {n - 1} sends to GPU 0", "the ring's wrap-around")


# --- Ring against tree ----------------------------------------------------------------------------


def test_ring_and_tree_step_counts_match_page() -> None:
    text = _text()
    for n, ring, tree in ((8, fc.ring_steps(8), fc.tree_steps(8)), (128, 254, 14)):
        assert fc.ring_steps(n) == ring and fc.tree_steps(n) == tree, (
            f"calc/collectives.py gives ring {fc.ring_steps(n)} and tree {fc.tree_steps(n)} "
            f"steps at n={n}; the page's worked example says {ring} and {tree}"
        )
    # The worked example's prose (Case B, n = 128) prints the same counts as the figure.
    for pattern, value in (
        (r"The ring needs \$2 \\cdot 127 = (\d+)\$ steps", fc.ring_steps(128)),
        (r"A tree needs \$2 \\cdot 7 = (\d+)\$ steps", fc.tree_steps(128)),
    ):
        found = re.search(pattern, text)
        assert found, f"{PAGE}: no sentence matches {pattern!r} (Case B step counts)"
        assert int(found.group(1)) == value, (
            f"{PAGE}:{text[: found.start()].count(chr(10)) + 1}: prints {found.group(1)} steps, "
            f"figure comm/ring-vs-tree shows {value}; fix the prose or calc/collectives.py"
        )
    block = _block("fig-ring-vs-tree")
    n = fc.TREE_RANKS
    block.require(f"The two schedules on {n} ranks", "the drawn rank count")
    block.require(f"ring 2(n - 1), {fc.ring_steps(n)} at n = {n}", "ring steps at the drawn n")
    block.require(f"{fc.ring_steps(128)} at n = 128", "ring steps at n = 128")
    block.require(
        f"tree 2 ceil(log2 n), {fc.tree_steps(n)} at n = {n} and {fc.tree_steps(128)} at n = 128",
        "tree steps",
    )
    block.require(
        f"the counts are {fc.ring_steps(128)} and {fc.tree_steps(128)}",
        "steps at the worked example's 128 ranks",
    )


# --- algbw and busbw ------------------------------------------------------------------------------


def test_busbw_factor_matches_table_and_figure() -> None:
    text = _text()
    found = re.search(r"^\| all-reduce \| \$2\(n-1\)/n\$ \| ([0-9.]+) at \$n=8\$", text, re.M)
    assert found, f"{PAGE}: the bus-bandwidth factor table's all-reduce row is missing"
    assert float(found.group(1)) == cc.bus_factor(8, "allreduce"), (
        f"{PAGE}:{text[: found.start()].count(chr(10)) + 1}: table says {found.group(1)} at n=8, "
        f"calc/collectives.py gives {cc.bus_factor(8, 'allreduce')}"
    )
    block = _block("fig-busbw-factor")
    ideal = {n: fc.B_NVLINK / cc.bus_factor(n, "allreduce") / cc.GB for n in (2, 8, 128)}
    block.require(f"links of {fc.B_NVLINK / cc.GB:g} GB/s", "the modelled link speed")
    block.require(f"falls from {ideal[2]:.0f} at n = 2", "algbw at n = 2")
    block.require(f"to {ideal[8]:.0f} at n = 8", "algbw at n = 8")
    block.require(f"about {ideal[128]:.0f} at n = 128", "algbw at n = 128")
    block.require(f"the factor {cc.bus_factor(8, 'allreduce'):g}", "the factor at n = 8")
    block.require(f"({cc.bus_factor(8, 'allreduce'):g} at $n = 8$)", "the factor at n = 8")


def test_busbw_vs_size_uses_the_worked_example() -> None:
    a, tree, ring = fc.CASE_A, fc.CASE_B_TREE, fc.CASE_B_RING
    assert (a.n, a.bandwidth, a.alpha, a.tree) == (8, we.B_NVLINK, we.ALPHA_A, False), (
        f"figures/comm.py: case {a.label!r} is (n, B, alpha, tree) = "
        f"{(a.n, a.bandwidth, a.alpha, a.tree)}, not Case A of tests/test_comm_worked_example.py"
    )
    for case, is_tree in ((tree, True), (ring, False)):
        assert (case.n, case.bandwidth, case.alpha, case.tree) == (
            128,
            we.RAILS * we.B_NIC,
            we.ALPHA_B,
            is_tree,
        ), f"figure case {case.label!r} differs from Case B of tests/test_comm_worked_example.py"
    assert fc.BUCKET == we.BUCKET, f"figures/comm.py: BUCKET {fc.BUCKET} is not WE1's {we.BUCKET}"
    printed = we._printed_rows()
    # The labelled point: Case A's bucket at the busbw the table prints as WE6.
    _, we6, unit, text6 = printed["WE6"]
    assert unit == "GB/s"
    drawn = a.busbw(fc.BUCKET) / cc.GB
    assert abs(drawn - we6) <= we._tolerance(text6), (
        f"{PAGE}: WE6 prints {text6} GB/s but figure comm/busbw-vs-size draws {drawn:.2f} there"
    )
    # The other labelled point: the Case B ring at its crossover size WE10, at half its link.
    _, we10, unit, text10 = printed["WE10"]
    assert unit == "MB"
    cross = cc.ring_crossover_bytes(ring.n, ring.bandwidth, ring.alpha)
    assert abs(cross / 1e6 - we10) <= we._tolerance(text10)
    assert ring.busbw(cross) == pytest.approx(ring.bandwidth / 2)
    cross_a = cc.ring_crossover_bytes(a.n, a.bandwidth, a.alpha)
    assert a.busbw(cross_a) == pytest.approx(a.bandwidth / 2)
    block = _block("fig-busbw-vs-size")
    block.require("a model, not a measurement", "it is computed, not measured")
    block.require(f"{drawn:.1f} GB/s (`WE6`)", "Case A at the bucket")
    block.require(f"S* = {cross / 1e6:.0f} MB at {ring.bandwidth / 2 / cc.GB:.0f} GB/s", "S*")
    block.require(
        f"({cross_a / 1e6:.1f} MB in Case A, {cross / 1e6:.0f} MB in Case B)",
        "crossover sizes",
    )
    for case in fc.CASES:
        top = case.busbw(fc.SIZES[-1]) / case.bandwidth
        assert 0.95 < top < 1, f"{case.label}: at 8 GiB the model should near the link: {top}"
