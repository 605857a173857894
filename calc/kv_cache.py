"""KV-cache sizes behind the worked example on docs/lcw.md (section "KV-cache memory").

Everything is an exact integer number of bytes, so the page can be checked digit for digit.

* kv_cache_bytes: multi-head or grouped-query attention caches one key and one value vector per
  KV head, per layer, per token: 2 * layers * kv_heads * head_dim * bytes_per_elem * tokens * batch.
  Multi-head attention is the case kv_heads == query heads.
* mla_cache_bytes: multi-head latent attention (DeepSeek-V2/V3) caches one compressed latent of
  kv_lora_rank elements plus one decoupled RoPE key of rope_head_dim elements, shared by all
  heads: layers * (kv_lora_rank + rope_head_dim) * bytes_per_elem * tokens * batch.

bytes_per_elem is 2 for BF16/FP16, 1 for FP8. GiB is 2**30 bytes, GB is 10**9 bytes.
"""

from __future__ import annotations

GIB = 2**30
GB = 10**9


def _check_positive(**values: int) -> None:
    for name, value in values.items():
        if not isinstance(value, int) or isinstance(value, bool):
            raise TypeError(f"{name} must be an int, got {value!r}")
        if value <= 0:
            raise ValueError(f"{name} must be positive, got {value!r}")


def kv_cache_bytes(
    layers: int, kv_heads: int, head_dim: int, bytes_per_elem: int, tokens: int, batch: int = 1
) -> int:
    """Bytes of K and V cache for MHA/GQA: 2 x layers x kv_heads x head_dim x bytes x tokens x batch."""
    _check_positive(
        layers=layers,
        kv_heads=kv_heads,
        head_dim=head_dim,
        bytes_per_elem=bytes_per_elem,
        tokens=tokens,
        batch=batch,
    )
    return 2 * layers * kv_heads * head_dim * bytes_per_elem * tokens * batch


def mla_cache_bytes(
    layers: int,
    kv_lora_rank: int,
    rope_head_dim: int,
    bytes_per_elem: int,
    tokens: int,
    batch: int = 1,
) -> int:
    """Bytes of MLA cache: layers x (kv_lora_rank + rope_head_dim) x bytes x tokens x batch."""
    _check_positive(
        layers=layers,
        kv_lora_rank=kv_lora_rank,
        rope_head_dim=rope_head_dim,
        bytes_per_elem=bytes_per_elem,
        tokens=tokens,
        batch=batch,
    )
    return layers * (kv_lora_rank + rope_head_dim) * bytes_per_elem * tokens * batch


def to_gib(n_bytes: int) -> float:
    """Binary gigabytes (2**30 bytes)."""
    return n_bytes / GIB


def to_gb(n_bytes: int) -> float:
    """Decimal gigabytes (10**9 bytes)."""
    return n_bytes / GB
