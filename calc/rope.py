"""Rotary position embedding (RoPE) frequencies and the context-extension rules on docs/lcw.md
(section "Positional encodings and context extension") and docs/lcw/training-recipes.md.

Channel pair i (0 <= i < d/2) of a head of width d rotates by theta_i = base**(-2i/d) radians per
token; its wavelength is 2*pi/theta_i tokens. An extension by the factor s = L'/L changes the
frequencies as follows:

* Position Interpolation (PI): every frequency divided by s.
* NTK-aware scaling: the base multiplied by s**(d/(d-2)), so the fastest pair (i = 0) is unchanged
  and the slowest (i = d/2 - 1) is divided by exactly s.
* YaRN ("NTK-by-parts" plus a logit temperature): with r_i = L / wavelength_i, the number of turns
  pair i makes within the original window L, and a ramp gamma(r) = clamp((r - alpha) /
  (beta - alpha), 0, 1), the new frequency is (1 - gamma) * theta_i / s + gamma * theta_i. Pairs
  that turn more than beta times in the window keep their frequency, pairs that turn less than
  alpha times are interpolated like PI. alpha = 1 and beta = 32 are the defaults of the YaRN
  reference code and DeepSeek-V3's settings.
"""

from __future__ import annotations

import math


def _check(d: int, base: float, s: float = 1.0) -> None:
    if not isinstance(d, int) or d <= 2 or d % 2:
        raise ValueError(f"head width d must be an even int > 2, got {d!r}")
    if base <= 1:
        raise ValueError(f"base must be > 1, got {base!r}")
    if s < 1:
        raise ValueError(f"scale s must be >= 1, got {s!r}")


def frequencies(d: int, base: float) -> list[float]:
    """theta_i = base**(-2i/d) for the d/2 channel pairs, radians per token."""
    _check(d, base)
    return [base ** (-2 * i / d) for i in range(d // 2)]


def wavelengths(d: int, base: float) -> list[float]:
    """Tokens per full turn of each channel pair, 2*pi/theta_i."""
    return [2 * math.pi / t for t in frequencies(d, base)]


def slowest_wavelength(d: int, base: float) -> float:
    """2*pi*base**((d-2)/d): tokens per turn of the slowest channel pair."""
    _check(d, base)
    return 2 * math.pi * base ** ((d - 2) / d)


def base_for_slowest_wavelength(d: int, tokens: float) -> float:
    """The base whose slowest channel pair turns exactly once in ``tokens`` tokens."""
    if tokens <= 2 * math.pi:
        raise ValueError(f"tokens must exceed 2*pi, got {tokens!r}")
    return (tokens / (2 * math.pi)) ** (d / (d - 2))


def pi_frequencies(d: int, base: float, s: float) -> list[float]:
    _check(d, base, s)
    return [t / s for t in frequencies(d, base)]


def ntk_frequencies(d: int, base: float, s: float) -> list[float]:
    _check(d, base, s)
    return frequencies(d, base * s ** (d / (d - 2)))


def yarn_ramp(turns: float, alpha: float = 1.0, beta: float = 32.0) -> float:
    """gamma(r): 0 for r <= alpha (interpolate), 1 for r >= beta (keep), linear between."""
    if not alpha < beta:
        raise ValueError(f"need alpha < beta, got {alpha!r}, {beta!r}")
    return min(1.0, max(0.0, (turns - alpha) / (beta - alpha)))


def yarn_frequencies(
    d: int, base: float, s: float, original_length: int, alpha: float = 1.0, beta: float = 32.0
) -> list[float]:
    _check(d, base, s)
    out = []
    for theta in frequencies(d, base):
        gamma = yarn_ramp(original_length * theta / (2 * math.pi), alpha, beta)
        out.append((1 - gamma) * theta / s + gamma * theta)
    return out


def yarn_temperature_factor(s: float) -> float:
    """sqrt(1/t) = 0.1 ln s + 1, the factor YaRN applies to the attention logits."""
    if s < 1:
        raise ValueError(f"scale s must be >= 1, got {s!r}")
    return 0.1 * math.log(s) + 1
