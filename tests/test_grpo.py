"""Tests for calc/grpo.py (GRPO group-relative advantages; see docs/post-training/README.md)."""

from __future__ import annotations

import math
import statistics

import pytest

from calc.grpo import binary_advantages, group_advantages, zero_advantage_probability


def test_advantages_are_standardised() -> None:
    rewards = [0.2, 1.0, 0.0, 0.7, 0.7]
    adv = group_advantages(rewards)
    assert sum(adv) == pytest.approx(0.0, abs=1e-12)
    assert statistics.pstdev(adv) == pytest.approx(1.0)
    # Order is kept: a higher reward gets a higher advantage.
    assert sorted(range(5), key=lambda i: adv[i]) == sorted(range(5), key=lambda i: rewards[i])


def test_population_and_sample_std_differ_by_sqrt_g_minus_1_over_g() -> None:
    rewards = [1, 0, 0, 1, 0, 0, 0, 0]
    pop, sample = group_advantages(rewards), group_advantages(rewards, unbiased=True)
    for a, b in zip(pop, sample, strict=True):
        assert b == pytest.approx(a * math.sqrt(7 / 8))
    assert statistics.stdev(sample) == pytest.approx(1.0)


def test_equal_rewards_give_zero_advantages() -> None:
    assert group_advantages([1, 1, 1, 1]) == [0.0] * 4
    assert group_advantages([0.0, 0.0]) == [0.0, 0.0]
    assert binary_advantages(0, 8) == (0.0, 0.0)
    assert binary_advantages(8, 8) == (0.0, 0.0)


@pytest.mark.parametrize("correct", range(1, 8))
def test_binary_closed_form_matches_the_general_formula(correct: int) -> None:
    rewards = [1] * correct + [0] * (8 - correct)
    adv = group_advantages(rewards)
    good, bad = binary_advantages(correct, 8)
    assert adv[0] == pytest.approx(good)
    assert adv[-1] == pytest.approx(bad)


def test_two_of_eight() -> None:
    good, bad = binary_advantages(2, 8)
    assert good == pytest.approx(math.sqrt(3))  # 1.732...
    assert bad == pytest.approx(-1 / math.sqrt(3))  # -0.577...


def test_zero_advantage_probability() -> None:
    assert zero_advantage_probability(0.5, 16) == pytest.approx(2 * 0.5**16)
    assert zero_advantage_probability(0.9, 16) == pytest.approx(0.9**16 + 0.1**16)
    assert zero_advantage_probability(0.0, 8) == 1.0
    assert zero_advantage_probability(1.0, 8) == 1.0
    # Symmetric in p and 1 - p, and smallest at p = 0.5.
    assert zero_advantage_probability(0.3, 8) == pytest.approx(zero_advantage_probability(0.7, 8))
    assert min(zero_advantage_probability(p / 20, 8) for p in range(21)) == pytest.approx(
        zero_advantage_probability(0.5, 8)
    )


def test_bad_inputs_are_rejected() -> None:
    with pytest.raises(ValueError, match="at least 2"):
        group_advantages([1.0])
    with pytest.raises(ValueError):
        binary_advantages(9, 8)
    with pytest.raises(ValueError):
        zero_advantage_probability(1.2, 8)
    with pytest.raises(ValueError):
        zero_advantage_probability(0.5, 0)
