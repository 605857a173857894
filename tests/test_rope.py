"""Tests for calc/rope.py, and for the RoPE numbers printed on docs/lcw.md."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from calc import rope

LCW = Path(__file__).resolve().parents[1] / "docs" / "lcw.md"


def test_frequencies_and_wavelengths() -> None:
    theta = rope.frequencies(128, 10_000)
    assert len(theta) == 64 and theta[0] == 1.0
    assert theta[-1] == pytest.approx(10_000 ** (-126 / 128))
    assert rope.wavelengths(128, 10_000)[-1] == pytest.approx(rope.slowest_wavelength(128, 10_000))
    base = rope.base_for_slowest_wavelength(128, 65_536)
    assert rope.slowest_wavelength(128, base) == pytest.approx(65_536)


def test_slowest_wavelengths_printed_on_lcw() -> None:
    """'about 54,000 tokens for beta = 10,000 and d = 128, but about 2.6 million for 500,000'."""
    text = LCW.read_text(encoding="utf-8")
    assert re.search(r"about\s+54,000 tokens for \$\\beta = 10\{,\}000\$", text), (
        "docs/lcw.md: the sentence on the slowest RoPE wavelength changed; update this test"
    )
    assert re.search(r"about 2\.6 million for \$\\beta = 500\{,\}000\$", text)
    assert round(rope.slowest_wavelength(128, 10_000), -3) == 54_000
    assert round(rope.slowest_wavelength(128, 500_000) / 1e6, 1) == 2.6


def test_extension_rules() -> None:
    d, base, s = 128, 10_000, 16
    theta = rope.frequencies(d, base)
    assert rope.pi_frequencies(d, base, s) == pytest.approx([t / s for t in theta])
    ntk = rope.ntk_frequencies(d, base, s)
    assert ntk[0] == theta[0] and ntk[-1] == pytest.approx(theta[-1] / s)
    assert all(a > b for a, b in zip(ntk, ntk[1:], strict=False))
    yarn = rope.yarn_frequencies(d, base, s, original_length=2048)
    turns = [2048 * t / (2 * math.pi) for t in theta]
    for t, y, r in zip(theta, yarn, turns, strict=True):
        if r >= 32:
            assert y == t  # fast pairs kept
        elif r <= 1:
            assert y == pytest.approx(t / s)  # slow pairs interpolated
        else:
            assert t / s < y < t
    assert rope.yarn_ramp(1) == 0 and rope.yarn_ramp(32) == 1 and rope.yarn_ramp(16.5) == 0.5


def test_yarn_temperature_of_deepseek_v3() -> None:
    # s = 40 (DeepSeek-V3): 0.1 ln 40 + 1
    assert rope.yarn_temperature_factor(40) == pytest.approx(1.3689, abs=1e-4)


@pytest.mark.parametrize(
    "call",
    [
        lambda: rope.frequencies(127, 10_000),
        lambda: rope.frequencies(128, 1),
        lambda: rope.pi_frequencies(128, 10_000, 0.5),
        lambda: rope.yarn_ramp(3, alpha=5, beta=2),
        lambda: rope.base_for_slowest_wavelength(128, 3),
    ],
)
def test_bad_inputs_are_rejected(call) -> None:
    with pytest.raises(ValueError):
        call()
