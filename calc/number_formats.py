"""Range and precision of the number formats in docs/low-precision/README.md (#number-formats).

A binary floating-point format is fixed by its exponent bits E, mantissa bits M, exponent bias
and its special-value convention. Three conventions are used in deep learning:

* ``"ieee"``: the all-ones exponent is reserved for +-inf (mantissa 0) and NaN (FP32, TF32,
  BF16, FP16, FP8 E5M2).
* ``"fn"``: finite-only with a single NaN pattern. The all-ones exponent holds ordinary values
  except S.1111.111, which is NaN; there is no infinity (OCP/NVIDIA FP8 E4M3).
* ``"none"``: no inf and no NaN; every bit pattern is a number (OCP MX FP6 E3M2/E2M3, FP4 E2M1).

Integer and codebook (lookup-table) formats such as INT8 and NF4 have no exponent; only their
largest magnitude and smallest positive value are defined.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

Special = Literal["ieee", "fn", "none"]

# The 16 NF4 levels of QLoRA (Dettmers et al., 2023), in units of the block's absolute maximum,
# as shipped in bitsandbytes.
NF4_LEVELS: tuple[float, ...] = (
    -1.0,
    -0.6961928009986877,
    -0.5250730514526367,
    -0.39491748809814453,
    -0.28444138169288635,
    -0.18477343022823334,
    -0.09105003625154495,
    0.0,
    0.07958029955625534,
    0.16093020141124725,
    0.24611230194568634,
    0.33791524171829224,
    0.44070982933044434,
    0.5626170039176941,
    0.7229568362236023,
    1.0,
)


@dataclass(frozen=True)
class FloatFormat:
    """Sign bit + E exponent bits + M mantissa bits, with subnormals."""

    name: str
    exponent_bits: int
    mantissa_bits: int
    special: Special
    bias: int | None = None  # None: the IEEE default 2**(E-1) - 1

    @property
    def exponent_bias(self) -> int:
        return 2 ** (self.exponent_bits - 1) - 1 if self.bias is None else self.bias

    @property
    def total_bits(self) -> int:
        return 1 + self.exponent_bits + self.mantissa_bits

    def max_finite(self) -> float:
        """Largest finite magnitude."""
        e, m = self.exponent_bits, self.mantissa_bits
        top = 2**e - 1  # all-ones exponent field
        if self.special == "ieee":
            # all-ones exponent reserved: largest field is top - 1 with an all-ones mantissa
            return (2.0 - 2.0**-m) * 2.0 ** (top - 1 - self.exponent_bias)
        if self.special == "fn":
            # all-ones exponent usable, but its all-ones mantissa is NaN: largest mantissa 2^M - 2
            return (1.0 + (2**m - 2) / 2**m) * 2.0 ** (top - self.exponent_bias)
        # "none": every pattern is finite
        return (2.0 - 2.0**-m) * 2.0 ** (top - self.exponent_bias)

    def smallest_normal(self) -> float:
        """2^(1 - bias): exponent field 1, mantissa 0."""
        return 2.0 ** (1 - self.exponent_bias)

    def smallest_subnormal(self) -> float:
        """2^(1 - bias - M): exponent field 0, mantissa 0...01."""
        return 2.0 ** (1 - self.exponent_bias - self.mantissa_bits)

    def machine_epsilon(self) -> float:
        """Gap between 1 and the next larger value, 2^-M (twice the unit roundoff)."""
        return 2.0**-self.mantissa_bits


@dataclass(frozen=True)
class IntegerFormat:
    """Two's-complement integer; the real value is integer x scale, set outside the format."""

    name: str
    bits: int

    def max_finite(self) -> float:
        return float(2 ** (self.bits - 1) - 1)

    def smallest_positive(self) -> float:
        return 1.0


@dataclass(frozen=True)
class CodebookFormat:
    """A fixed table of levels indexed by a code, in units of a per-block scale."""

    name: str
    bits: int
    levels: tuple[float, ...]

    def max_finite(self) -> float:
        return max(abs(v) for v in self.levels)

    def smallest_positive(self) -> float:
        return min(v for v in self.levels if v > 0)


Format = FloatFormat | IntegerFormat | CodebookFormat

FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        FloatFormat("FP32", 8, 23, "ieee"),
        FloatFormat("TF32", 8, 10, "ieee"),
        FloatFormat("BF16", 8, 7, "ieee"),
        FloatFormat("FP16", 5, 10, "ieee"),
        FloatFormat("FP8 E4M3", 4, 3, "fn"),
        FloatFormat("FP8 E5M2", 5, 2, "ieee"),
        FloatFormat("FP6 E3M2", 3, 2, "none"),
        FloatFormat("FP6 E2M3", 2, 3, "none"),
        FloatFormat("FP4 E2M1", 2, 1, "none"),
        IntegerFormat("INT8", 8),
        CodebookFormat("NF4", 4, NF4_LEVELS),
    )
}

SPECIAL_TEXT: dict[str, str] = {"ieee": "inf, NaN", "fn": "NaN only", "none": "none"}

Value = int | float | str | None


def properties(name: str) -> dict[str, Value]:
    """Every column of the page's table for one format; None where a column does not apply."""
    fmt = FORMATS[name]
    if isinstance(fmt, FloatFormat):
        return {
            "bits": fmt.total_bits,
            "exponent_bits": fmt.exponent_bits,
            "mantissa_bits": fmt.mantissa_bits,
            "bias": fmt.exponent_bias,
            "max_finite": fmt.max_finite(),
            "smallest_normal": fmt.smallest_normal(),
            "smallest_positive": fmt.smallest_subnormal(),
            "epsilon": fmt.machine_epsilon(),
            "special": SPECIAL_TEXT[fmt.special],
        }
    return {
        "bits": fmt.bits,
        "exponent_bits": None,
        "mantissa_bits": None,
        "bias": None,
        "max_finite": fmt.max_finite(),
        "smallest_normal": None,
        "smallest_positive": fmt.smallest_positive(),
        "epsilon": None,
        "special": "none",
    }


def format_number(x: float) -> str:
    """The page's notation: an exact plain decimal when short, else 5 significant digits.

    Plain decimal if the value is exact with at most 10 significant digits and lies in
    [1e-3, 1e6); otherwise e-notation such as ``3.4028e38`` or ``6.1035e-5``.
    """
    if x == int(x) and abs(x) < 1e6:
        return str(int(x))
    plain = f"{x:.10f}".rstrip("0").rstrip(".")
    digits = plain.replace("-", "").replace(".", "").lstrip("0")
    if 1e-3 <= abs(x) < 1e6 and float(plain) == x and len(digits) <= 10:
        return plain
    if 1e-3 <= abs(x) < 1e6:
        decimals = max(0, 4 - math.floor(math.log10(abs(x))))
        return f"{x:.{decimals}f}"
    mantissa, exponent = f"{x:.4e}".split("e")
    return f"{mantissa}e{int(exponent)}"
