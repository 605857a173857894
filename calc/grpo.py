"""Group-relative advantages of GRPO (see docs/post-training/README.md#grpo).

GRPO samples a group of G responses per prompt and scores response i with
A_i = (r_i - mean(r)) / std(r) over the group's rewards [Shao et al., 2024]. The paper does
not say which standard deviation; ``group_advantages`` uses the population one (divide by G)
unless ``unbiased=True`` (divide by G - 1). A group whose rewards are all equal has std 0 and
every advantage 0: it contributes no gradient. With 0/1 rewards and a per-sample success
probability p that happens with probability p^G + (1 - p)^G (``zero_advantage_probability``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence


def group_advantages(rewards: Sequence[float], unbiased: bool = False) -> list[float]:
    """(r_i - mean) / std for each reward of one group; all zeros when the rewards are equal."""
    g = len(rewards)
    if g < 2:
        raise ValueError(f"need a group of at least 2 rewards, got {g}")
    mean = sum(rewards) / g
    squares = sum((r - mean) ** 2 for r in rewards)
    std = math.sqrt(squares / (g - 1 if unbiased else g))
    if std == 0.0:
        return [0.0] * g
    return [(r - mean) / std for r in rewards]


def binary_advantages(correct: int, group: int) -> tuple[float, float]:
    """(advantage of a correct response, advantage of a wrong one) for 0/1 rewards with
    ``correct`` of ``group`` responses right, population std: sqrt((1-q)/q) and -sqrt(q/(1-q))
    for q = correct / group; (0, 0) when all or none are correct."""
    if group < 2 or not 0 <= correct <= group:
        raise ValueError(f"need group >= 2 and 0 <= correct <= group, got {correct}/{group}")
    if correct in (0, group):
        return 0.0, 0.0
    q = correct / group
    return math.sqrt((1.0 - q) / q), -math.sqrt(q / (1.0 - q))


def zero_advantage_probability(p: float, group: int) -> float:
    """Probability that a group of ``group`` 0/1 rewards is all right or all wrong."""
    if not 0.0 <= p <= 1.0 or group < 1:
        raise ValueError(f"need 0 <= p <= 1 and group >= 1, got p={p}, group={group}")
    return p**group + (1.0 - p) ** group
