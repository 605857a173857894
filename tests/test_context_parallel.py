"""Tests for calc/context_parallel.py (the load-balancing figure on docs/lcw.md)."""

from __future__ import annotations

import pytest

from calc.context_parallel import causal_tiles_per_rank, chunks_of_rank


def test_llama3_layout_balances_causal_work() -> None:
    for cp in (1, 2, 4, 8, 16):
        assert causal_tiles_per_rank(cp, "llama3") == [2 * cp + 1] * cp
        chunks = sorted(c for g in range(cp) for c in chunks_of_rank(cp, g, "llama3"))
        assert chunks == list(range(2 * cp))  # every chunk held by exactly one rank


def test_contiguous_layout_is_unbalanced() -> None:
    assert causal_tiles_per_rank(4, "contiguous") == [3, 7, 11, 15]
    assert sum(causal_tiles_per_rank(4, "contiguous")) == sum(causal_tiles_per_rank(4, "llama3"))


@pytest.mark.parametrize("args", [(0, 0, "llama3"), (4, 4, "llama3"), (4, 0, "ring")])
def test_bad_inputs(args) -> None:
    with pytest.raises(ValueError):
        chunks_of_rank(*args)
