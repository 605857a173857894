"""How causal attention work splits across context-parallel (CP) ranks, for docs/lcw.md
(section "Parallelism for long sequences").

The sequence is cut into 2 x CP equal chunks. Under a causal mask, the queries of chunk r attend
to chunks 0..r, so chunk r costs r + 1 chunk-by-chunk tiles (the diagonal tile counted whole).

* "contiguous": rank g holds chunks 2g and 2g + 1, so later ranks get far more work.
* "llama3": rank g holds chunks g and 2 x CP - 1 - g (Llama 3's layout), which gives every rank
  2 x CP + 1 tiles.
"""

from __future__ import annotations

from typing import Literal

Layout = Literal["contiguous", "llama3"]


def chunks_of_rank(cp: int, rank: int, layout: Layout) -> tuple[int, int]:
    if not isinstance(cp, int) or cp < 1:
        raise ValueError(f"cp must be a positive int, got {cp!r}")
    if not 0 <= rank < cp:
        raise ValueError(f"rank must be in 0..{cp - 1}, got {rank!r}")
    if layout == "contiguous":
        return 2 * rank, 2 * rank + 1
    if layout == "llama3":
        return rank, 2 * cp - 1 - rank
    raise ValueError(f"unknown layout {layout!r}")


def causal_tiles_per_rank(cp: int, layout: Layout) -> list[int]:
    """Chunk-by-chunk tiles of causal attention computed by each rank."""
    return [sum(c + 1 for c in chunks_of_rank(cp, g, layout)) for g in range(cp)]
