"""Back-of-the-envelope training compute (see docs/estimations/README.md).

Plain float arithmetic in SI units (FLOPs, FLOP/s, hours, tokens) so that a JavaScript
calculator can mirror every function line for line. Conventions:

* training_flops is the 6ND rule (8ND with full activation recomputation); N is the number of
  parameters that touch each token, i.e. the *active* parameters for a mixture-of-experts model.
* attention_flops_per_token is the PaLM correction 12 * L * H * Q * T for the score and value
  matmuls that 6N leaves out (non-causal count; halve it for a causal, lower-triangle count).
* Utilisation is a fraction (0.40, not 40). Peaks are dense (no 2:4 sparsity) per-device FLOP/s.
"""

from __future__ import annotations

SECONDS_PER_HOUR = 3600.0
HOURS_PER_DAY = 24.0

# Dense tensor-core peaks of one H100 SXM (NVIDIA quotes twice these "with sparsity").
H100_SXM_BF16_DENSE = 989e12
H100_SXM_FP8_DENSE = 1979e12

CHINCHILLA_TOKENS_PER_PARAM = 20.0


def _positive(**values: float) -> None:
    for name, value in values.items():
        if not value > 0:
            raise ValueError(f"{name} must be positive, got {value!r}")


def training_flops(params: float, tokens: float, recompute: bool = False) -> float:
    """6 * N * D (forward 2ND + backward 4ND); 8 * N * D if every forward is recomputed."""
    _positive(params=params, tokens=tokens)
    return (8.0 if recompute else 6.0) * params * tokens


def attention_flops_per_token(
    n_layers: int, n_heads: int, head_dim: int, seq_len: int, causal: bool = False
) -> float:
    """Forward+backward FLOPs per token of QK^T and AV that 6N omits: 12 * L * H * Q * T."""
    _positive(n_layers=n_layers, n_heads=n_heads, head_dim=head_dim, seq_len=seq_len)
    full = 12.0 * n_layers * n_heads * head_dim * seq_len
    return full / 2.0 if causal else full


def model_flops_per_token(
    params: float, n_layers: int, n_heads: int, head_dim: int, seq_len: int
) -> float:
    """PaLM's model FLOPs per token, 6N + 12LHQT (the numerator of MFU, per token)."""
    _positive(params=params)
    return 6.0 * params + attention_flops_per_token(n_layers, n_heads, head_dim, seq_len)


def utilization(
    tokens_per_second: float, flops_per_token: float, n_devices: int, peak_flops_per_device: float
) -> float:
    """Achieved FLOP/s over peak FLOP/s. MFU with model FLOPs per token, HFU with executed ones."""
    _positive(
        tokens_per_second=tokens_per_second,
        flops_per_token=flops_per_token,
        n_devices=n_devices,
        peak_flops_per_device=peak_flops_per_device,
    )
    return tokens_per_second * flops_per_token / (n_devices * peak_flops_per_device)


def gpu_hours(flops: float, peak_flops_per_gpu: float, mfu: float) -> float:
    """GPU-hours to execute `flops` at a sustained fraction `mfu` of the per-GPU peak."""
    _positive(flops=flops, peak_flops_per_gpu=peak_flops_per_gpu, mfu=mfu)
    return flops / (peak_flops_per_gpu * mfu) / SECONDS_PER_HOUR


def mfu_from_gpu_hours(flops: float, gpu_hours: float, peak: float) -> float:
    """Utilisation implied by a FLOP count and the GPU-hours it took (end-to-end if the
    GPU-hours include restarts, evaluation and idle time)."""
    _positive(flops=flops, gpu_hours=gpu_hours, peak=peak)
    return flops / (gpu_hours * SECONDS_PER_HOUR * peak)


def wall_clock_days(gpu_hours: float, n_gpus: int, effective_fraction: float = 1.0) -> float:
    """Calendar days for `gpu_hours` of work on `n_gpus`, if only `effective_fraction` of the
    elapsed time is useful training (the rest: failures, restarts, checkpoint stalls)."""
    _positive(gpu_hours=gpu_hours, n_gpus=n_gpus, effective_fraction=effective_fraction)
    if effective_fraction > 1.0:
        raise ValueError(f"effective_fraction must be <= 1, got {effective_fraction!r}")
    return gpu_hours / n_gpus / HOURS_PER_DAY / effective_fraction


def chinchilla_tokens(
    params: float, tokens_per_param: float = CHINCHILLA_TOKENS_PER_PARAM
) -> float:
    """Compute-optimal training tokens by the ~20 tokens-per-parameter reading of Chinchilla."""
    _positive(params=params, tokens_per_param=tokens_per_param)
    return tokens_per_param * params


def tokens_per_param(tokens: float, params: float) -> float:
    """Training tokens divided by parameters (active parameters for an MoE)."""
    _positive(tokens=tokens, params=params)
    return tokens / params


def pflops_days(flops: float) -> float:
    """FLOPs expressed in PFLOP/s-days (1e15 FLOP/s sustained for 86,400 s)."""
    _positive(flops=flops)
    return flops / (1e15 * HOURS_PER_DAY * SECONDS_PER_HOUR)


def rental_cost(gpu_hours: float, price_per_gpu_hour: float) -> float:
    """GPU-hours times an hourly rental price (same currency as the price)."""
    _positive(gpu_hours=gpu_hours, price_per_gpu_hour=price_per_gpu_hour)
    return gpu_hours * price_per_gpu_hour


def cluster_gpu_hours(n_gpus: int, days: float) -> float:
    """GPU-hours of `n_gpus` held for `days` calendar days (the allocation, busy or not)."""
    _positive(n_gpus=n_gpus, days=days)
    return n_gpus * days * HOURS_PER_DAY


def price_per_gpu_hour(dollars: float, gpu_hours: float) -> float:
    """The hourly rate a reported dollar figure implies for a reported number of GPU-hours."""
    _positive(dollars=dollars, gpu_hours=gpu_hours)
    return dollars / gpu_hours


def tokens_for_gpu_hours(gpu_hours: float, params: float, peak: float, mfu: float) -> float:
    """Training tokens that `gpu_hours` buy by 6ND at utilisation `mfu` of `peak` FLOP/s:
    the inverse of gpu_hours(training_flops(params, D), peak, mfu)."""
    _positive(gpu_hours=gpu_hours, params=params, peak=peak, mfu=mfu)
    return gpu_hours * SECONDS_PER_HOUR * peak * mfu / (6.0 * params)
