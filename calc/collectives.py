"""Alpha-beta cost model for GPU collectives, as used on docs/comm.md.

All sizes are in bytes, bandwidths in bytes per second (1 GB/s = 1e9 B/s), times in seconds.
``alpha_s`` is the fixed per-step latency of one point-to-point transfer. The bandwidth
factors follow NVIDIA's nccl-tests doc/PERFORMANCE.md; the ring cost terms follow the
classic analysis of Thakur, Rabenseifner and Gropp (2005).
"""

from __future__ import annotations

import math

GB = 1e9  # decimal gigabyte, as used in link specifications and nccl-tests output
MIB = 1024 * 1024

# Factor that converts algorithm bandwidth (S / t) into nccl-tests "bus bandwidth".
# nccl-tests applies the all-reduce factor whatever algorithm NCCL picks, including NVLS and SHARP
# in-network reduction; there is no separate in-network factor (see docs/comm.md).
_BUS_FACTORS = {
    "allreduce": lambda n: 2.0 * (n - 1) / n,
    "reducescatter": lambda n: (n - 1) / n,
    "allgather": lambda n: (n - 1) / n,
    "alltoall": lambda n: (n - 1) / n,
    "broadcast": lambda n: 1.0,
    "reduce": lambda n: 1.0,
}


def _check(n: int, bw_bytes_per_s: float) -> None:
    if n < 1:
        raise ValueError(f"need at least one rank, got n={n}")
    if bw_bytes_per_s <= 0:
        raise ValueError(f"bandwidth must be positive, got {bw_bytes_per_s}")


def bus_factor(n: int, collective: str) -> float:
    """nccl-tests correction factor busbw / algbw for ``collective`` on ``n`` ranks."""
    try:
        return _BUS_FACTORS[collective.lower()](n)
    except KeyError as exc:
        known = ", ".join(sorted(_BUS_FACTORS))
        raise ValueError(f"unknown collective {collective!r}; known: {known}") from exc


def algorithm_bandwidth(nbytes: float, time_s: float) -> float:
    """algbw = S / t in bytes per second."""
    return nbytes / time_s


def bus_bandwidth(alg_bw: float, n: int, collective: str) -> float:
    """busbw = algbw * factor(n, collective), comparable with a per-rank link speed."""
    return alg_bw * bus_factor(n, collective)


def allreduce_bandwidth_term(nbytes: float, n: int, bw_bytes_per_s: float) -> float:
    """Lower bound on the data-movement time of an all-reduce: 2(n-1)/n * S / B."""
    _check(n, bw_bytes_per_s)
    return 2.0 * (n - 1) / n * nbytes / bw_bytes_per_s


def allreduce_ring_time(nbytes: float, n: int, bw_bytes_per_s: float, alpha_s: float) -> float:
    """Ring all-reduce (reduce-scatter then all-gather): 2(n-1)*alpha + 2(n-1)/n * S/B."""
    _check(n, bw_bytes_per_s)
    return 2 * (n - 1) * alpha_s + allreduce_bandwidth_term(nbytes, n, bw_bytes_per_s)


def allreduce_tree_time(nbytes: float, n: int, bw_bytes_per_s: float, alpha_s: float) -> float:
    """Optimistic pipelined tree all-reduce: 2*ceil(log2 n)*alpha + 2(n-1)/n * S/B.

    The bandwidth term is the same lower bound as the ring (what a well-pipelined
    double binary tree approaches); only the latency term shrinks to logarithmic.
    """
    _check(n, bw_bytes_per_s)
    steps = 2 * math.ceil(math.log2(n)) if n > 1 else 0
    return steps * alpha_s + allreduce_bandwidth_term(nbytes, n, bw_bytes_per_s)


def allgather_ring_time(nbytes: float, n: int, bw_bytes_per_s: float, alpha_s: float) -> float:
    """Ring all-gather of a total output of S bytes: (n-1)*alpha + (n-1)/n * S/B.

    Reduce-scatter has the same cost (ignoring the arithmetic of the reduction).
    """
    _check(n, bw_bytes_per_s)
    return (n - 1) * alpha_s + (n - 1) / n * nbytes / bw_bytes_per_s


reducescatter_ring_time = allgather_ring_time


def alltoall_time(nbytes: float, n: int, bw_bytes_per_s: float, alpha_s: float) -> float:
    """Pairwise all-to-all where each rank holds S bytes, 1/n of it destined to each rank."""
    _check(n, bw_bytes_per_s)
    return (n - 1) * alpha_s + (n - 1) / n * nbytes / bw_bytes_per_s


def ring_crossover_bytes(n: int, bw_bytes_per_s: float, alpha_s: float) -> float:
    """Message size at which a ring all-reduce's latency term equals its bandwidth term.

    Solving 2(n-1)*alpha = 2(n-1)/n * S/B gives S = n * alpha * B.
    """
    _check(n, bw_bytes_per_s)
    return n * alpha_s * bw_bytes_per_s


def moe_dispatch_bytes(tokens: int, top_k: int, hidden: int, bytes_per_element: float) -> float:
    """Bytes one rank sends in an MoE dispatch if every (token, expert) copy leaves the rank.

    Ignores scale factors, routing metadata and the deduplication of copies that go to
    the same node or GPU, so it is an upper bound on payload, not a measurement.
    """
    return float(tokens * top_k * hidden) * bytes_per_element


def link_share(measured: float, line_rate: float) -> float:
    """Measured bandwidth as a fraction of the line rate (both in the same unit, one direction).

    Above 1 is possible for nccl-tests' bus bandwidth when the algorithm (NVLS, tree) moves fewer
    bytes than the ring factor assumes; docs/comm/networks-at-scale.md explains why."""
    if line_rate <= 0:
        raise ValueError(f"line rate must be positive, got {line_rate!r}")
    if measured < 0:
        raise ValueError(f"measured bandwidth must be non-negative, got {measured!r}")
    return measured / line_rate


def busbw_budget(nic_line_rate: float, nic_share: float, nvlink_effective: float) -> float:
    """Per-GPU bus-bandwidth ceiling of a multi-node ring all-reduce on a rail-optimised node
    with one NIC per GPU: the slower of the NIC's achievable rate and the in-node NVLink hop."""
    if not 0 < nic_share <= 1:
        raise ValueError(f"NIC share must be in (0, 1], got {nic_share!r}")
    return min(nic_line_rate * nic_share, nvlink_effective)
