"""KV-cache sizes behind the worked example on docs/lcw.md (section "KV-cache memory").

Everything is an exact integer number of bytes, so the page can be checked digit for digit.

* kv_cache_bytes: multi-head or grouped-query attention caches one key and one value vector per
  KV head, per layer, per token: 2 * layers * kv_heads * head_dim * bytes_per_elem * tokens * batch.
  Multi-head attention is the case kv_heads == query heads.
* mla_cache_bytes: multi-head latent attention (DeepSeek-V2/V3) caches one compressed latent of
  kv_lora_rank elements plus one decoupled RoPE key of rope_head_dim elements, shared by all
  heads: layers * (kv_lora_rank + rope_head_dim) * bytes_per_elem * tokens * batch.

* dsa_indexer_cache_bytes: DeepSeek Sparse Attention (DeepSeek-V3.2) adds, next to the MLA cache,
  one lightning-indexer key per token and layer, stored in FP8 (1 byte per element) with one FP32
  scale per block of scale_block elements, as in the reference inference code:
  layers * (index_head_dim * 1 + (index_head_dim // scale_block) * 4) * tokens * batch.
* fp8_mla_cache_bytes: the FP8 serving layout of an MLA cache used by DeepSeek's FlashMLA sparse
  decoding kernels: the latent ("NoPE" part) in FP8 with one FP32 scale per scale_block elements,
  the RoPE key kept in BF16: layers * (kv_lora_rank * 1 + (kv_lora_rank // scale_block) * 4 +
  rope_head_dim * 2) * tokens * batch (656 bytes per layer and token for 512, 64 and 128).
* hybrid_cache_bytes: a hybrid stack caches keys and values only in its full-attention layers;
  its linear-attention (or state-space) layers keep a fixed-size state that does not grow with
  the context: (full_layers * bytes_per_layer_token * tokens + state_layers * state_bytes) * batch.

* ssm_state_elements: the fixed state of a Mamba-2 layer, heads * head_dim * state_dim values.

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


def dsa_indexer_cache_bytes(
    layers: int, index_head_dim: int, scale_block: int, tokens: int, batch: int = 1
) -> int:
    """Bytes of the DSA indexer key cache: FP8 keys plus one FP32 scale per scale_block elements."""
    _check_positive(
        layers=layers,
        index_head_dim=index_head_dim,
        scale_block=scale_block,
        tokens=tokens,
        batch=batch,
    )
    if index_head_dim % scale_block:
        raise ValueError(
            f"index_head_dim ({index_head_dim}) must be a multiple of scale_block ({scale_block})"
        )
    per_layer_token = index_head_dim * 1 + (index_head_dim // scale_block) * 4
    return layers * per_layer_token * tokens * batch


def fp8_mla_cache_bytes(
    layers: int,
    kv_lora_rank: int,
    rope_head_dim: int,
    scale_block: int,
    tokens: int,
    batch: int = 1,
) -> int:
    """Bytes of an MLA cache with an FP8 latent (FP32 scale per block) and a BF16 RoPE key."""
    _check_positive(
        layers=layers,
        kv_lora_rank=kv_lora_rank,
        rope_head_dim=rope_head_dim,
        scale_block=scale_block,
        tokens=tokens,
        batch=batch,
    )
    if kv_lora_rank % scale_block:
        raise ValueError(
            f"kv_lora_rank ({kv_lora_rank}) must be a multiple of scale_block ({scale_block})"
        )
    per_layer_token = kv_lora_rank * 1 + (kv_lora_rank // scale_block) * 4 + rope_head_dim * 2
    return layers * per_layer_token * tokens * batch


def hybrid_cache_bytes(
    full_layers: int,
    bytes_per_layer_token: int,
    tokens: int,
    state_layers: int = 0,
    state_bytes_per_layer: int = 0,
    batch: int = 1,
) -> int:
    """Bytes of a hybrid stack: KV in full-attention layers plus a fixed state per linear layer."""
    _check_positive(
        full_layers=full_layers,
        bytes_per_layer_token=bytes_per_layer_token,
        tokens=tokens,
        batch=batch,
    )
    for name, value in (
        ("state_layers", state_layers),
        ("state_bytes_per_layer", state_bytes_per_layer),
    ):
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ValueError(f"{name} must be a non-negative int, got {value!r}")
    return (
        full_layers * bytes_per_layer_token * tokens + state_layers * state_bytes_per_layer
    ) * batch


def ssm_state_elements(heads: int, head_dim: int, state_dim: int, layers: int = 1) -> int:
    """Values in the fixed recurrent state of Mamba-2 style layers: heads x head_dim x state_dim
    per layer (the short convolution state is not counted). It does not grow with the context."""
    _check_positive(heads=heads, head_dim=head_dim, state_dim=state_dim, layers=layers)
    return layers * heads * head_dim * state_dim


def full_attention_share(full_layers: int, total_layers: int) -> float:
    """Fraction of layers that keep a growing KV cache; 1 minus it is the saving vs all-full."""
    _check_positive(full_layers=full_layers, total_layers=total_layers)
    if full_layers > total_layers:
        raise ValueError(f"full_layers ({full_layers}) exceeds total_layers ({total_layers})")
    return full_layers / total_layers


def to_gib(n_bytes: int) -> float:
    """Binary gigabytes (2**30 bytes)."""
    return n_bytes / GIB


def to_gb(n_bytes: int) -> float:
    """Decimal gigabytes (10**9 bytes)."""
    return n_bytes / GB
