"""Tests for the compute-versus-interconnect example on docs/moe/kernels-and-libraries.md."""

from __future__ import annotations

from pathlib import Path

import pytest

from calc.moe import (
    breakeven_bandwidth,
    ep_overlap_example,
    overlap_ratio,
    routed_expert_flops_per_token,
)
from tests.test_moe_worked_example import printed_values  # noqa: E402

PAGE = Path(__file__).resolve().parents[1] / "docs" / "moe" / "kernels-and-libraries.md"
MARKER = "# moe-overlap-example:"


def _printed_values() -> list[tuple[int, str, str]]:
    return printed_values(PAGE, MARKER)


def test_page_block_matches_module() -> None:
    computed = ep_overlap_example()
    rows = _printed_values()
    assert rows, f"{PAGE}: the block after {MARKER!r} holds no `key = value` lines"
    missing = sorted(set(computed) - {key for _, key, _ in rows})
    assert not missing, (
        f"{PAGE}: the overlap example block lacks {missing}; add the lines printed by "
        "`python -m calc.moe` or drop the keys from calc.moe.ep_overlap_example"
    )
    for line_no, key, text in rows:
        assert key in computed, (
            f"{PAGE}:{line_no}: key {key!r} (printed {text}) is not produced by "
            "calc.moe.ep_overlap_example; rename it or add it to the module"
        )
        printed = float(text.replace(",", ""))
        want = float(computed[key])
        # Printed decimals are rounded to the shown precision; integers must match exactly.
        decimals = len(text.split(".")[1]) if "." in text else 0
        tolerance = 0.5 * 10**-decimals if decimals else 0.0
        assert abs(printed - want) <= tolerance, (
            f"{PAGE}:{line_no}: {key} printed as {text} but calc/moe.py computes {want:,}; "
            "fix the page (and the prose that quotes it) or the formula in calc/moe.py"
        )


def test_prose_quotes_match_block() -> None:
    """The numbered steps repeat the key figures; they must agree with the module."""
    text = PAGE.read_text(encoding="utf-8")
    v = ep_overlap_example()
    for key in (
        "routed_flops_fwd_per_token",
        "dispatch_bytes_per_copy",
        "combine_bytes_per_copy",
        "bytes_8_copies",
        "bytes_4_copies",
    ):
        latex = f"{int(v[key]):,}".replace(",", "{,}")
        assert latex in text, (
            f"{PAGE}: the steps should quote {key} = {int(v[key]):,} (as {latex!r} in LaTeX); "
            "update the prose to the value calc/moe.py computes"
        )
    for key in (
        "compute_us_fwd",
        "nic_us_8_copies",
        "nvlink_us_8_copies",
        "breakeven_gbs_8_copies",
    ):
        shown = f"{v[key]:,}"
        assert f"{shown} " in text, (
            f"{PAGE}: the steps should quote {key} = {shown}; update the prose to match calc/moe.py"
        )


def test_building_blocks() -> None:
    assert routed_expert_flops_per_token(44_040_192, 8) == pytest.approx(704_643_072)
    assert routed_expert_flops_per_token(10, 2, training=True) == pytest.approx(120)
    # 100 bytes at 10 B/s (10 s) against 50 FLOPs at 10 FLOP/s (5 s): ratio 2.
    assert overlap_ratio(100, 10, 50, 10) == pytest.approx(2.0)
    # Break-even: 100 bytes in the 5 s of compute needs 20 B/s.
    assert breakeven_bandwidth(100, 50, 10) == pytest.approx(20.0)
    with pytest.raises(ValueError):
        overlap_ratio(0, 10, 50, 10)


def test_example_is_self_consistent() -> None:
    v = ep_overlap_example()
    assert v["bytes_8_copies"] == 2 * v["bytes_4_copies"]
    assert v["bytes_8_copies"] == 8 * (v["dispatch_bytes_per_copy"] + v["combine_bytes_per_copy"])
    # Training: 3x the FLOPs, 2x the bytes, so the ratio shrinks by a factor 2/3.
    assert v["ratio_nic_4_copies_training"] == pytest.approx(
        v["ratio_nic_4_copies_fwd"] * 2 / 3, abs=0.01
    )
    # Over one 400 Gb/s NIC the exchange cannot hide behind the same tokens' expert compute.
    assert v["ratio_nic_4_copies_fwd"] > 1 > 0.5 * v["ratio_nvlink_8_copies_fwd"]
