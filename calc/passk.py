"""pass@k estimators for sampled code/maths evaluations (see docs/eval/pass-at-k.md).

pass_at_k is the unbiased estimator of Chen et al. (2021), computed in the
numerically stable product form; naive_pass_at_k plugs p = c/n into 1 - (1 - p)^k
and is biased low for k > 1. Both work on one problem: average over problems.

pass_hat_k is tau-bench's pass^k, the chance that all k of k attempts succeed, estimated without
bias as C(c, k) / C(n, k) (Yao et al., arXiv:2406.12045). maj_at_k is majority voting
(self-consistency, Wang et al., arXiv:2203.11171): the chance that the most frequent final answer
among k of the n samples is the correct one, with ties broken uniformly at random. All three are
exact expectations over the C(n, k) ways to pick k of the n samples.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction
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


def pass_hat_k(n: int, c: int, k: int) -> float:
    """Unbiased pass^k (all k attempts succeed) from n samples with c correct: C(c,k)/C(n,k).

    Evaluated as prod_{i=0}^{k-1} (c - i) / (n - i), so no huge binomials are formed.
    """
    _check(n, c, k)
    if c < k:
        return 0.0  # fewer than k correct samples: no k-subset is all correct
    prob = 1.0
    for i in range(k):
        prob *= (c - i) / (n - i)
    return prob


def maj_at_k(counts: Sequence[int], correct: int, k: int) -> float:
    """Majority-vote accuracy over k of the samples, exact over all C(n, k) subsets.

    counts[j] is how many of the n samples gave distinct final answer j, and counts[correct]
    is the number of correct samples (samples with no parseable answer are best dropped before
    counting, since a harness would not vote for "no answer"). A subset scores 1 if the correct answer
    has strictly the most votes, 1/(t+1) if it ties with t other answers, else 0.
    """
    counts = list(counts)
    if not counts or any(x < 0 for x in counts):
        raise ValueError(f"counts must be non-negative and non-empty, got {counts!r}")
    if not 0 <= correct < len(counts):
        raise ValueError(f"correct must index counts, got {correct!r} for {len(counts)} answers")
    n = sum(counts)
    _check(n, counts[correct], k)
    others = counts[:correct] + counts[correct + 1 :]
    total = Fraction(0)
    for x in range(1, min(k, counts[correct]) + 1):
        # ways[m][t]: ways to draw m samples from the other answers, each answer at most x
        # votes, with t answers at exactly x votes.
        ways: dict[tuple[int, int], int] = {(0, 0): 1}
        for size in others:
            nxt: dict[tuple[int, int], int] = {}
            for (m, t), w in ways.items():
                for y in range(0, min(size, x, k - x - m) + 1):
                    key = (m + y, t + (y == x))
                    nxt[key] = nxt.get(key, 0) + w * comb(size, y)
            ways = nxt
        rest = k - x
        for (m, t), w in ways.items():
            if m == rest:
                total += Fraction(comb(counts[correct], x) * w, t + 1)
    return float(total / comb(n, k))
