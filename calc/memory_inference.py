"""Training memory and inference cost (see docs/estimations/memory-and-inference.md).

Plain float arithmetic in bytes, FLOPs, seconds and US dollars. Conventions:

* Model states follow ZeRO (Rajbhandari et al., arXiv:1910.02054): with mixed-precision Adam a
  parameter costs 2 bytes of 16-bit weight, 2 bytes of 16-bit gradient and K = 12 bytes of
  optimiser state (FP32 master weight, first and second moment). ZeRO stage 1 divides the
  optimiser state by the data-parallel degree, stage 2 also the gradients, stage 3 also the
  weights. Tensor and pipeline parallelism divide all three by t * p first.
* Activations per transformer layer follow Korthikanti et al. (arXiv:2205.05198, Table 2) for a
  GPT-style layer (multi-head attention, 4h MLP, 16-bit activations), in bytes:
  none s*b*h*(34 + 5*a*s/h); tensor parallel s*b*h*(10 + 24/t + 5*a*s/(h*t)); tensor + sequence
  parallel s*b*h/t*(34 + 5*a*s/h); selective recomputation 34*s*b*h/t; full recomputation
  2*s*b*h (only each layer's input is kept).
* Decoding one token for a batch reads every weight once and each sequence's KV cache once; the
  step takes at least bytes / bandwidth and at least FLOPs / peak. Prefill is compute-bound.
"""

from __future__ import annotations

ADAM_STATE_BYTES = 12.0  # K: FP32 master weight + two FP32 moments
WEIGHT_BYTES_16 = 2.0
GRAD_BYTES_16 = 2.0
GB = 1e9
SECONDS_PER_HOUR = 3600.0

# H100 SXM: dense tensor-core peaks and HBM3 bandwidth (NVIDIA product page).
H100_SXM_BF16_DENSE = 989e12
H100_SXM_FP8_DENSE = 1979e12
H100_SXM_HBM_BANDWIDTH = 3.35e12

RECOMPUTE_MODES = ("none", "tp", "tp+sp", "selective", "full")


def _positive(**values: float) -> None:
    for name, value in values.items():
        if not value > 0:
            raise ValueError(f"{name} must be positive, got {value!r}")


def model_state_bytes(
    params: float,
    dp: int = 1,
    zero_stage: int = 0,
    tp: int = 1,
    pp: int = 1,
    state_bytes: float = ADAM_STATE_BYTES,
) -> dict[str, float]:
    """Per-GPU bytes of weights, gradients and optimiser state (and their total).

    Tensor and pipeline parallelism split the parameters over tp * pp GPUs; ZeRO stage 1, 2, 3
    then shards the optimiser state, also the gradients, also the weights over dp replicas.
    FSDP's FULL_SHARD is stage 3 and SHARD_GRAD_OP stage 2.
    """
    _positive(params=params, dp=dp, tp=tp, pp=pp, state_bytes=state_bytes)
    if zero_stage not in (0, 1, 2, 3):
        raise ValueError(f"zero_stage must be 0, 1, 2 or 3, got {zero_stage!r}")
    local = params / (tp * pp)
    weights = WEIGHT_BYTES_16 * local / (dp if zero_stage >= 3 else 1)
    grads = GRAD_BYTES_16 * local / (dp if zero_stage >= 2 else 1)
    optimizer = state_bytes * local / (dp if zero_stage >= 1 else 1)
    return {
        "weights": weights,
        "grads": grads,
        "optimizer": optimizer,
        "total": weights + grads + optimizer,
    }


def activation_bytes_per_layer(
    seq_len: int, micro_batch: int, hidden: int, heads: int, tp: int = 1, mode: str = "none"
) -> float:
    """Korthikanti et al.'s activation bytes stored by one transformer layer for the backward."""
    _positive(seq_len=seq_len, micro_batch=micro_batch, hidden=hidden, heads=heads, tp=tp)
    s, b, h, a, t = float(seq_len), float(micro_batch), float(hidden), float(heads), float(tp)
    sbh = s * b * h
    if mode == "none":
        return sbh * (34.0 + 5.0 * a * s / h)
    if mode == "tp":
        return sbh * (10.0 + 24.0 / t + 5.0 * a * s / (h * t))
    if mode == "tp+sp":
        return sbh / t * (34.0 + 5.0 * a * s / h)
    if mode == "selective":
        return 34.0 * sbh / t
    if mode == "full":
        return 2.0 * sbh
    raise ValueError(f"mode must be one of {RECOMPUTE_MODES}, got {mode!r}")


def first_stage_activation_bytes(
    n_layers: int,
    seq_len: int,
    micro_batch: int,
    hidden: int,
    heads: int,
    tp: int = 1,
    mode: str = "none",
) -> float:
    """Activations held by the first pipeline stage under 1F1B.

    That stage keeps p micro-batches in flight over its L/p layers, i.e. L layers' worth, so the
    pipeline degree cancels (Korthikanti et al., Section 4).
    """
    _positive(n_layers=n_layers)
    return n_layers * activation_bytes_per_layer(seq_len, micro_batch, hidden, heads, tp, mode)


def decode_step_seconds(
    weight_bytes: float,
    kv_bytes: float,
    flops: float,
    n_gpus: int,
    bandwidth: float,
    peak_flops: float,
) -> float:
    """Lower bound on one decode step: the slower of reading all bytes and doing all FLOPs."""
    _positive(weight_bytes=weight_bytes, flops=flops, n_gpus=n_gpus)
    _positive(bandwidth=bandwidth, peak_flops=peak_flops)
    if kv_bytes < 0:
        raise ValueError(f"kv_bytes must be >= 0, got {kv_bytes!r}")
    memory_time = (weight_bytes + kv_bytes) / (n_gpus * bandwidth)
    compute_time = flops / (n_gpus * peak_flops)
    return max(memory_time, compute_time)


def decode_tokens_per_second_per_gpu(batch: int, step_seconds: float, n_gpus: int) -> float:
    """Each step emits one token for each of `batch` sequences."""
    _positive(batch=batch, step_seconds=step_seconds, n_gpus=n_gpus)
    return batch / step_seconds / n_gpus


def prefill_tokens_per_second_per_gpu(params: float, peak_flops: float, mfu: float) -> float:
    """Prompt tokens per GPU-second when prefill runs at `mfu` of peak, 2N FLOPs per token."""
    _positive(params=params, peak_flops=peak_flops, mfu=mfu)
    return peak_flops * mfu / (2.0 * params)


def ridge_batch(peak_flops: float, bandwidth: float, bytes_per_weight: float) -> float:
    """Decode batch at which 2*B FLOPs per weight equal the hardware's FLOPs per byte.

    Below it, weight reads dominate and decoding is memory-bound (KV reads ignored).
    """
    _positive(peak_flops=peak_flops, bandwidth=bandwidth, bytes_per_weight=bytes_per_weight)
    return peak_flops / bandwidth * bytes_per_weight / 2.0


def usd_per_million_tokens(usd_per_gpu_hour: float, tokens_per_second_per_gpu: float) -> float:
    """Hardware cost of a million tokens at a given rental price and per-GPU throughput."""
    _positive(
        usd_per_gpu_hour=usd_per_gpu_hour, tokens_per_second_per_gpu=tokens_per_second_per_gpu
    )
    return usd_per_gpu_hour / (tokens_per_second_per_gpu * SECONDS_PER_HOUR) * 1e6


def usd_per_hour_at_price(usd_per_million_tokens: float, tokens_per_second: float) -> float:
    """What an hour of generation at `tokens_per_second` costs at a per-million-token price:
    the inverse of usd_per_million_tokens."""
    _positive(usd_per_million_tokens=usd_per_million_tokens, tokens_per_second=tokens_per_second)
    return usd_per_million_tokens * tokens_per_second * SECONDS_PER_HOUR / 1e6
