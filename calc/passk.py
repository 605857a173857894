"""pass@k estimators for sampled code/maths evaluations (see docs/eval/pass-at-k.md).

pass_at_k is the unbiased estimator of Chen et al. (2021), computed in the
numerically stable product form; naive_pass_at_k plugs p = c/n into 1 - (1 - p)^k
and is biased low for k > 1. Both work on one problem: average over problems.
"""

from __future__ import annotations

from collections.abc import Iterable
from math import comb


def _check(n: int, c: int, k: int) -> None:
    if n < 1:
        raise ValueError(f"need n >= 1 samples, got n={n}")
    if not 0 <= c <= n:
        raise ValueError(f"need 0 <= c <= n, got c={c}, n={n}")
    if not 1 <= k <= n:
        raise ValueError(f"need 1 <= k <= n, got k={k}, n={n}")


def pass_at_k(n: int, c: int, k: int) -> float:
    """Unbiased pass@k from n samples of which c are correct.

    Equals 1 - C(n-c, k) / C(n, k), evaluated as
    1 - prod_{i=n-c+1}^{n} (1 - k/i) so no huge binomials are formed.
    """
    _check(n, c, k)
    if c == 0:
        return 0.0  # no correct sample: every k-subset fails
    if n - c < k:
        return 1.0  # fewer than k wrong samples: every k-subset holds a correct one
    prob_all_wrong = 1.0
    for i in range(n - c + 1, n + 1):
        prob_all_wrong *= 1.0 - k / i
    return 1.0 - prob_all_wrong


def naive_pass_at_k(n: int, c: int, k: int) -> float:
    """Plug-in estimate 1 - (1 - c/n)^k (biased low for 1 < k, 0 < c < n)."""
    _check(n, c, k)
    return 1.0 - (1.0 - c / n) ** k


def benchmark_pass_at_k(results: Iterable[tuple[int, int]], k: int) -> float:
    """Mean of per-problem unbiased pass@k over (n, c) pairs, one per problem."""
    scores = [pass_at_k(n, c, k) for n, c in results]
    if not scores:
        raise ValueError("no problems given")
    return sum(scores) / len(scores)


def expected_estimates(n: int, p: float, k: int) -> tuple[float, float, float]:
    """(true pass@k, mean of naive, mean of unbiased) when c ~ Binomial(n, p).

    Sums over every possible c, so the means are exact up to float rounding.
    """
    _check(n, 0, k)
    truth = 1.0 - (1.0 - p) ** k
    mean_naive = mean_unbiased = 0.0
    for c in range(n + 1):
        weight = comb(n, c) * p**c * (1.0 - p) ** (n - c)
        mean_naive += weight * naive_pass_at_k(n, c, k)
        mean_unbiased += weight * pass_at_k(n, c, k)
    return truth, mean_naive, mean_unbiased


def true_pass_at_k(p: float, k: int) -> float:
    """pass@k of one problem whose samples each pass with probability p: 1 - (1 - p)^k."""
    if not 0.0 <= p <= 1.0 or k < 1:
        raise ValueError(f"need 0 <= p <= 1 and k >= 1, got p={p}, k={k}")
    return 1.0 - (1.0 - p) ** k
