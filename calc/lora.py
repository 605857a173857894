"""LoRA parameter counts and adapter/base memory (see docs/post-training/README.md#lora).

LoRA replaces the update of a frozen weight W (d_out x d_in) by B @ A with
B: d_out x r and A: r x d_in, so one adapted matrix trains r * (d_in + d_out)
parameters. model_lora_params sums that over the projections of a decoder-only
Transformer with grouped-query attention and a gated (SwiGLU) MLP.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

# Projection names as used by Hugging Face Llama-style models.
ATTENTION = ("q_proj", "k_proj", "v_proj", "o_proj")
MLP = ("gate_proj", "up_proj", "down_proj")
ALL_LINEAR = ATTENTION + MLP


@dataclass(frozen=True)
class DecoderDims:
    """Shapes of a Llama-style decoder block (GQA attention plus SwiGLU MLP)."""

    hidden: int
    intermediate: int
    n_layers: int
    n_heads: int
    n_kv_heads: int

    @property
    def head_dim(self) -> int:
        if self.hidden % self.n_heads:
            raise ValueError(f"hidden={self.hidden} not divisible by n_heads={self.n_heads}")
        return self.hidden // self.n_heads

    @property
    def kv_dim(self) -> int:
        return self.n_kv_heads * self.head_dim


# Llama 3 8B, Table 3 of the Llama 3 paper: 32 layers, model dim 4,096,
# FFN dim 14,336, 32 attention heads, 8 key/value heads.
LLAMA3_8B = DecoderDims(hidden=4096, intermediate=14336, n_layers=32, n_heads=32, n_kv_heads=8)


def lora_params(d_in: int, d_out: int, rank: int) -> int:
    """Trainable parameters of one LoRA pair (A: rank x d_in, B: d_out x rank)."""
    if min(d_in, d_out) < 1:
        raise ValueError(f"need positive dimensions, got d_in={d_in}, d_out={d_out}")
    if rank < 1:
        raise ValueError(f"need rank >= 1, got rank={rank}")
    return rank * (d_in + d_out)


def projection_shapes(dims: DecoderDims) -> dict[str, tuple[int, int]]:
    """(d_in, d_out) of each linear projection in one decoder block."""
    h, f, kv = dims.hidden, dims.intermediate, dims.kv_dim
    return {
        "q_proj": (h, h),
        "k_proj": (h, kv),
        "v_proj": (h, kv),
        "o_proj": (h, h),
        "gate_proj": (h, f),
        "up_proj": (h, f),
        "down_proj": (f, h),
    }


def _targets(dims: DecoderDims, targets: Iterable[str]) -> dict[str, tuple[int, int]]:
    shapes = projection_shapes(dims)
    chosen = list(targets)
    unknown = [t for t in chosen if t not in shapes]
    if unknown:
        raise ValueError(f"unknown projections {unknown}; choose from {sorted(shapes)}")
    if not chosen:
        raise ValueError("no target projections given")
    return {t: shapes[t] for t in chosen}


def layer_lora_params(
    dims: DecoderDims, rank: int, targets: Iterable[str] = ALL_LINEAR
) -> dict[str, int]:
    """LoRA parameters per target projection in one block."""
    return {
        name: lora_params(d_in, d_out, rank)
        for name, (d_in, d_out) in _targets(dims, targets).items()
    }


def model_lora_params(dims: DecoderDims, rank: int, targets: Iterable[str] = ALL_LINEAR) -> int:
    """LoRA parameters summed over all target projections of all layers."""
    return dims.n_layers * sum(layer_lora_params(dims, rank, targets).values())


def base_linear_params(dims: DecoderDims, targets: Iterable[str] = ALL_LINEAR) -> int:
    """Frozen weights in the chosen projections of all layers (no embeddings, norms)."""
    per_layer = sum(d_in * d_out for d_in, d_out in _targets(dims, targets).values())
    return dims.n_layers * per_layer


def lora_fraction(dims: DecoderDims, rank: int, targets: Iterable[str] = ALL_LINEAR) -> float:
    """Adapter size as a fraction of the projection weights it adapts."""
    chosen = list(targets)
    return model_lora_params(dims, rank, chosen) / base_linear_params(dims, chosen)


def adam_mixed_precision_bytes(n_trainable: int) -> int:
    """Model-state bytes for mixed-precision Adam: 2 (bf16 weight) + 2 (grad) + 12
    (fp32 master copy, first and second moment) = 16 bytes per trainable parameter,
    the ZeRO paper's accounting. Activations are not included."""
    return 16 * n_trainable


def nf4_bits_per_param(block: int = 64, double_quant: bool = True, block2: int = 256) -> float:
    """Storage bits per weight for QLoRA's NF4: 4-bit codes plus quantization constants.

    Without double quantization each block of `block` weights stores one fp32 constant
    (32 / block bits per weight). With it, those constants are themselves stored in 8 bits
    with one fp32 constant per `block2` of them.
    """
    if block < 1 or block2 < 1:
        raise ValueError("block sizes must be positive")
    if not double_quant:
        return 4 + 32 / block
    return 4 + 8 / block + 32 / (block * block2)
