"""Mixture-of-experts arithmetic behind the worked example on docs/moe.md.

Plain integer/float arithmetic in SI units (parameters, bytes, FLOPs; 1 GB = 1e9 bytes).
Conventions:

* An expert is a SwiGLU feed-forward block with three d_model x d_ff matrices (gate, up, down)
  and no biases, so it holds 3 * d_model * d_ff parameters.
* Expert parallelism (EP) splits the routed experts of every MoE layer evenly over ep_degree
  GPUs; each GPU keeps its share of every MoE layer unless a pipeline split says otherwise.
* FLOPs per token follow the 2N (forward) / 6N (training) rule with N the *active* parameters.
* Block-scaled FP8 stores one FP32 scale per block x block tile of each weight matrix
  (128 x 128 in the DeepSeek-V3 checkpoint); activations use one scale per 1 x 128 tile.
"""

from __future__ import annotations

import math

FP8_BYTES = 1
BF16_BYTES = 2
FP32_BYTES = 4

# DeepSeek-V3 (arXiv:2412.19437 section 4.2 and the released config.json).
DSV3_D_MODEL = 7168
DSV3_D_FF_EXPERT = 2048
DSV3_LAYERS = 61
DSV3_DENSE_LAYERS = 3
DSV3_ROUTED_EXPERTS = 256
DSV3_SHARED_EXPERTS = 1
DSV3_TOP_K = 8
DSV3_TOTAL_PARAMS = 671e9
DSV3_ACTIVE_PARAMS = 37e9
DSV3_SCALE_BLOCK = 128


def _positive(**values: float) -> None:
    for name, value in values.items():
        if not value > 0:
            raise ValueError(f"{name} must be positive, got {value!r}")


def expert_params(d_model: int, d_ff: int, n_matrices: int = 3) -> int:
    """Parameters of one bias-free expert: n_matrices weight matrices of d_model x d_ff."""
    _positive(d_model=d_model, d_ff=d_ff, n_matrices=n_matrices)
    return n_matrices * d_model * d_ff


def routed_expert_params(per_expert: int, n_experts: int, n_moe_layers: int) -> int:
    """All routed-expert parameters of a model: per-expert size x experts x MoE layers."""
    _positive(per_expert=per_expert, n_experts=n_experts, n_moe_layers=n_moe_layers)
    return per_expert * n_experts * n_moe_layers


def experts_per_gpu(n_experts: int, ep_degree: int) -> int:
    """Routed experts of one layer held by each GPU; EP needs an even split."""
    _positive(n_experts=n_experts, ep_degree=ep_degree)
    if n_experts % ep_degree:
        raise ValueError(f"{n_experts} experts do not split evenly over EP={ep_degree}")
    return n_experts // ep_degree


def expert_memory_bytes(n_expert_params: float, bytes_per_param: float, ep_degree: int) -> float:
    """Bytes of expert weights on one GPU when n_expert_params are split over ep_degree GPUs."""
    _positive(n_expert_params=n_expert_params, bytes_per_param=bytes_per_param, ep_degree=ep_degree)
    return n_expert_params * bytes_per_param / ep_degree


def block_scale_bytes(
    rows: int, cols: int, block: int = DSV3_SCALE_BLOCK, scale_bytes: int = FP32_BYTES
) -> int:
    """Bytes of per-block scales for one rows x cols matrix (partial blocks padded up)."""
    _positive(rows=rows, cols=cols, block=block, scale_bytes=scale_bytes)
    return math.ceil(rows / block) * math.ceil(cols / block) * scale_bytes


def flops_per_token(active_params: float, training: bool = False) -> float:
    """2N FLOPs per token for a forward pass, 6N for forward plus backward (N = active)."""
    _positive(active_params=active_params)
    return (6.0 if training else 2.0) * active_params


def dispatch_bytes_per_token(
    hidden: int,
    top_k: int,
    bytes_per_elem: float,
    scale_group: int = 0,
    scale_bytes: int = FP32_BYTES,
) -> float:
    """Upper bound on bytes one token sends in one MoE layer: top_k copies of its hidden vector
    (plus one scale per scale_group channels when scale_group > 0). Copies that land on the
    sending GPU, or are deduplicated per node, make the real traffic smaller."""
    _positive(hidden=hidden, top_k=top_k, bytes_per_elem=bytes_per_elem)
    per_copy = hidden * bytes_per_elem
    if scale_group:
        per_copy += math.ceil(hidden / scale_group) * scale_bytes
    return top_k * per_copy


def routed_expert_bytes_per_gpu(
    d_model: int,
    d_ff: int,
    n_experts: int,
    n_moe_layers: int,
    ep_degree: int,
    bytes_per_param: float,
    scale_block: int = 0,
    scale_bytes: int = FP32_BYTES,
) -> float:
    """Bytes of routed-expert weights on one GPU when each MoE layer's n_experts are split evenly
    over ep_degree GPUs and every GPU keeps its share of every MoE layer (the serving layout of
    the worked example). With scale_block > 0, each of an expert's three d_model x d_ff matrices
    also carries one scale of scale_bytes per scale_block x scale_block tile."""
    _positive(n_moe_layers=n_moe_layers, bytes_per_param=bytes_per_param)
    local_experts = experts_per_gpu(n_experts, ep_degree) * n_moe_layers
    total = local_experts * expert_params(d_model, d_ff) * bytes_per_param
    if scale_block:
        total += local_experts * 3 * block_scale_bytes(d_model, d_ff, scale_block, scale_bytes)
    return total


def deepseek_v3_worked_example(ep_degree: int = 64) -> dict[str, float]:
    """Every number printed in the worked example on docs/moe.md, keyed as on the page."""
    per_expert = expert_params(DSV3_D_MODEL, DSV3_D_FF_EXPERT)
    moe_layers = DSV3_LAYERS - DSV3_DENSE_LAYERS
    routed_total = routed_expert_params(per_expert, DSV3_ROUTED_EXPERTS, moe_layers)
    local = experts_per_gpu(DSV3_ROUTED_EXPERTS, ep_degree)
    params_per_gpu = local * moe_layers * per_expert
    scales_per_expert = 3 * block_scale_bytes(DSV3_D_MODEL, DSV3_D_FF_EXPERT)
    scale_bytes_per_gpu = local * moe_layers * scales_per_expert
    return {
        "params_per_expert": per_expert,
        "moe_layers": moe_layers,
        "routed_expert_params_total": routed_total,
        "routed_share_of_671b_percent": round(100.0 * routed_total / DSV3_TOTAL_PARAMS, 1),
        "fp8_bytes_all_routed_experts": expert_memory_bytes(routed_total, FP8_BYTES, 1),
        "experts_per_gpu_per_layer": local,
        "expert_params_per_gpu": params_per_gpu,
        "fp8_scale_bytes_per_gpu": scale_bytes_per_gpu,
        "fp8_bytes_per_gpu": expert_memory_bytes(routed_total, FP8_BYTES, ep_degree)
        + scale_bytes_per_gpu,
        "bf16_bytes_per_gpu": expert_memory_bytes(routed_total, BF16_BYTES, ep_degree),
        "active_routed_expert_params": DSV3_TOP_K * moe_layers * per_expert,
        "forward_flops_per_token": flops_per_token(DSV3_ACTIVE_PARAMS),
        "training_flops_per_token": flops_per_token(DSV3_ACTIVE_PARAMS, training=True),
        "training_flops_per_token_if_dense_671b": flops_per_token(DSV3_TOTAL_PARAMS, training=True),
        "dispatch_bytes_fp8_per_token_layer": dispatch_bytes_per_token(
            DSV3_D_MODEL, DSV3_TOP_K, FP8_BYTES, scale_group=DSV3_SCALE_BLOCK
        ),
        "combine_bytes_bf16_per_token_layer": dispatch_bytes_per_token(
            DSV3_D_MODEL, DSV3_TOP_K, BF16_BYTES
        ),
    }


# Compute versus interconnect for one MoE layer (docs/moe/kernels-and-libraries.md).
H100_FP8_DENSE_FLOPS = 1979e12  # dense FP8 peak of an H100 SXM (NVIDIA product page)
H100_NVLINK_BYTES_PER_S = 450e9  # 900 GB/s NVLink counting both directions, 450 GB/s each way
NIC_400G_BYTES_PER_S = 50e9  # one 400 Gb/s NIC per GPU, per direction


def routed_expert_flops_per_token(per_expert: int, top_k: int, training: bool = False) -> float:
    """FLOPs one token spends in the routed experts of one MoE layer: 2 per parameter of each
    of its top_k experts forward, 6 per parameter for forward plus backward."""
    _positive(per_expert=per_expert, top_k=top_k)
    return (6.0 if training else 2.0) * top_k * per_expert


def overlap_ratio(bytes_moved: float, bandwidth: float, flops: float, flop_rate: float) -> float:
    """Communication time over computation time; above 1 the exchange cannot hide behind
    the expert GEMMs of the same tokens."""
    _positive(bytes_moved=bytes_moved, bandwidth=bandwidth, flops=flops, flop_rate=flop_rate)
    return (bytes_moved / bandwidth) / (flops / flop_rate)


def breakeven_bandwidth(bytes_moved: float, flops: float, flop_rate: float) -> float:
    """Link bandwidth (bytes/s) at which moving bytes_moved takes as long as the flops."""
    _positive(bytes_moved=bytes_moved, flops=flops, flop_rate=flop_rate)
    return bytes_moved * flop_rate / flops


def ep_overlap_example() -> dict[str, float]:
    """Every number printed in the compute-versus-interconnect example, keyed as on the page.

    DeepSeek-V3 shapes (hidden 7168, 8 routed experts of width 2048 per token), FP8 dispatch with
    one FP32 scale per 128 channels, BF16 combine, an H100-class GPU at its dense FP8 peak.
    "8 copies" assumes every routed copy crosses the link; "4 copies" assumes node-limited
    routing to at most 4 nodes with one copy per destination node in each direction."""
    per_expert = expert_params(DSV3_D_MODEL, DSV3_D_FF_EXPERT)
    flops_fwd = routed_expert_flops_per_token(per_expert, DSV3_TOP_K)
    flops_train = routed_expert_flops_per_token(per_expert, DSV3_TOP_K, training=True)
    dispatch_copy = dispatch_bytes_per_token(DSV3_D_MODEL, 1, FP8_BYTES, DSV3_SCALE_BLOCK)
    combine_copy = dispatch_bytes_per_token(DSV3_D_MODEL, 1, BF16_BYTES)
    per_copy = dispatch_copy + combine_copy
    bytes8, bytes4 = 8 * per_copy, 4 * per_copy
    peak = H100_FP8_DENSE_FLOPS
    return {
        "routed_flops_fwd_per_token": flops_fwd,
        "dispatch_bytes_per_copy": dispatch_copy,
        "combine_bytes_per_copy": combine_copy,
        "bytes_8_copies": bytes8,
        "bytes_4_copies": bytes4,
        "compute_us_fwd": round(flops_fwd / peak * 1e6, 3),
        "nic_us_8_copies": round(bytes8 / NIC_400G_BYTES_PER_S * 1e6, 3),
        "nic_us_4_copies": round(bytes4 / NIC_400G_BYTES_PER_S * 1e6, 3),
        "nvlink_us_8_copies": round(bytes8 / H100_NVLINK_BYTES_PER_S * 1e6, 3),
        "ratio_nic_8_copies_fwd": round(
            overlap_ratio(bytes8, NIC_400G_BYTES_PER_S, flops_fwd, peak), 2
        ),
        "ratio_nic_4_copies_fwd": round(
            overlap_ratio(bytes4, NIC_400G_BYTES_PER_S, flops_fwd, peak), 2
        ),
        "ratio_nvlink_8_copies_fwd": round(
            overlap_ratio(bytes8, H100_NVLINK_BYTES_PER_S, flops_fwd, peak), 2
        ),
        "ratio_nic_4_copies_training": round(
            overlap_ratio(2 * bytes4, NIC_400G_BYTES_PER_S, flops_train, peak), 2
        ),
        "breakeven_gbs_8_copies": round(breakeven_bandwidth(bytes8, flops_fwd, peak) / 1e9, 1),
        "breakeven_gbs_4_copies": round(breakeven_bandwidth(bytes4, flops_fwd, peak) / 1e9, 1),
    }


if __name__ == "__main__":
    for key, value in deepseek_v3_worked_example().items():
        print(f"{key:40s} = {value:,}")
    print()
    for key, value in ep_overlap_example().items():
        print(f"{key:30s} = {value:,}")
