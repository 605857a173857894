"""Error bars and sample sizes for accuracy-style benchmarks (see docs/eval/README.md).

Normal (CLT) approximations for a mean of 0/1 scores over N independent questions,
as in Miller (2024). They are rough below a few hundred questions.
"""

from __future__ import annotations

import math
from statistics import NormalDist


def z_two_sided(alpha: float = 0.05) -> float:
    """Critical value z_{1 - alpha/2} (1.95996... for alpha = 0.05)."""
    return NormalDist().inv_cdf(1.0 - alpha / 2.0)


def z_power(power: float = 0.80) -> float:
    """z_{power} (0.84162... for 80% power)."""
    return NormalDist().inv_cdf(power)


def se_accuracy(p: float, n: int) -> float:
    """Standard error of an accuracy p measured on n questions: sqrt(p(1-p)/n)."""
    if not 0.0 <= p <= 1.0 or n < 1:
        raise ValueError(f"need 0 <= p <= 1 and n >= 1, got p={p}, n={n}")
    return math.sqrt(p * (1.0 - p) / n)


def ci95_halfwidth(p: float, n: int) -> float:
    """Half-width of the normal-approximation 95% interval: 1.96 * SE."""
    return z_two_sided(0.05) * se_accuracy(p, n)


def se_diff(p: float, n: int, rho: float = 0.0) -> float:
    """SE of the accuracy gap between two models that both score about p.

    rho = 0 treats the two runs as independent samples (unpaired);
    rho > 0 is the per-question correlation of the two models' 0/1 scores
    when both answer the same questions (paired): sqrt(2 p(1-p)(1-rho)/n).
    """
    if not -1.0 <= rho <= 1.0:
        raise ValueError(f"need -1 <= rho <= 1, got {rho}")
    return math.sqrt(2.0 * p * (1.0 - p) * (1.0 - rho) / n)


def min_detectable_diff(se: float, alpha: float = 0.05, power: float = 0.80) -> float:
    """Smallest true gap found significant with the given power: (z_a + z_b) * SE."""
    return (z_two_sided(alpha) + z_power(power)) * se


def questions_needed(
    p: float, delta: float, rho: float = 0.0, alpha: float = 0.05, power: float = 0.80
) -> int:
    """Questions needed to detect a gap delta: (z_a + z_b)^2 * 2p(1-p)(1-rho) / delta^2."""
    if delta <= 0.0:
        raise ValueError(f"need delta > 0, got {delta}")
    z = z_two_sided(alpha) + z_power(power)
    return math.ceil(z * z * 2.0 * p * (1.0 - p) * (1.0 - rho) / (delta * delta))


def worked_example() -> dict[str, float]:
    """Numbers printed in the 'Worked example: error bars' table (pp or question counts)."""
    p, n = 0.70, 500
    se = se_accuracy(p, n)
    se_unpaired = se_diff(p, n, rho=0.0)
    se_paired = se_diff(p, n, rho=0.5)
    return {
        "S1": 100.0 * se,
        "S2": 100.0 * ci95_halfwidth(p, n),
        "S3": 100.0 * se_unpaired,
        "S4": 100.0 * min_detectable_diff(se_unpaired),
        "S5": 100.0 * se_paired,
        "S6": 100.0 * min_detectable_diff(se_paired),
        "S7": float(questions_needed(p, 0.02, rho=0.0)),
        "S8": float(questions_needed(p, 0.02, rho=0.5)),
        "S9": 100.0 * se_accuracy(0.5, 30),
        # GPQA Diamond, the 198-question subset that simple-evals and the gpt-oss evals run.
        "S10": 100.0 * se_accuracy(0.5, 198),
    }
