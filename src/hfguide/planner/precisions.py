"""Precisions: bits per weight of every format the planner knows, and the names people use.

Formats that quantise only the linear layers (bitsandbytes, GPTQ, AWQ, fp8) keep the token
embedding and the output layer in 16 bits (``linear_only``); the plan applies that when the
model's shape is known.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gguf.constants import GGML_QUANT_SIZES

from hfguide.planner.errors import MemoryEstimateError


@dataclass(frozen=True)
class Precision:
    name: str
    bits: float  # average bits per weight, scales and zero points included
    family: str  # float, int, bitsandbytes, gptq, awq, gguf
    linear_only: bool  # the format quantises linear layers; embeddings stay in 16 bits
    source: str


def _gguf_block_bits() -> dict[str, float]:
    """Bits per weight of llama.cpp's block formats, from the block layouts in ``gguf``."""
    return {t.name: 8 * size / block for t, (block, size) in GGML_QUANT_SIZES.items()}


_BLOCK = _gguf_block_bits()
#: File sizes llama.cpp's quantize tool lists for its mixed K-quant presets on Llama-3-8B
#: (8,030,261,248 parameters; sizes in GiB): tools/quantize/quantize.cpp, QUANT_OPTIONS.
_LLAMA3_8B_GIB = {
    "Q2_K": 2.96,
    "Q3_K_S": 3.41,
    "Q3_K_M": 3.74,
    "Q3_K_L": 4.03,
    "Q4_K_S": 4.37,
    "Q4_K_M": 4.58,
    "Q5_K_S": 5.21,
    "Q5_K_M": 5.33,
}
_LLAMA3_8B_PARAMS = 8_030_261_248
#: The perplexity increase the same table (llama.cpp's tools/quantize/quantize.cpp, QUANT_OPTIONS,
#: as ``llama-quantize --help`` prints it: "Q4_K_M : 4.58G, +0.1754 ppl @ Llama-3-8B") lists for
#: each type on Llama-3-8B: how much worse the quantised model predicts text than the original.
LLAMA3_8B_PPL_INCREASE = {
    "Q8_0": 0.0026,
    "Q6_K": 0.0217,
    "Q5_K_M": 0.0569,
    "Q5_K_S": 0.1049,
    "Q5_1": 0.1062,
    "Q5_0": 0.1316,
    "Q4_K_M": 0.1754,
    "Q4_K_S": 0.2689,
    "Q4_1": 0.4511,
    "Q4_0": 0.4685,
    "Q3_K_L": 0.5562,
    "Q3_K_M": 0.6569,
    "Q3_K_S": 1.6321,
    "Q2_K": 3.5199,
}


def _measured_bits(preset: str) -> float:
    return round(_LLAMA3_8B_GIB[preset] * 2**30 * 8 / _LLAMA3_8B_PARAMS, 3)


def _gptq_bits(bits: int, group: int = 128) -> float:
    # Packed integers, plus per group of 128 weights one float16 scale and one packed zero point.
    return bits + (16 + bits) / group


_BNB = "bitsandbytes 4-bit: 4-bit codes plus one float32 scale per 64 weights"
PRECISIONS: tuple[Precision, ...] = (
    Precision("float32", 32, "float", False, "IEEE single precision"),
    Precision("float16", 16, "float", False, "IEEE half precision"),
    Precision("bfloat16", 16, "float", False, "brain float: float32's range in 16 bits"),
    Precision("fp8", 8, "float", True, "float8 (E4M3) weights with a scale per tensor"),
    Precision("int8", 8, "int", True, "8-bit integers (bitsandbytes LLM.int8)"),
    Precision("int4", 4, "int", True, "plain 4-bit integers, no scales (accelerate's int4)"),
    Precision("nf4", 4.5, "bitsandbytes", True, _BNB),
    Precision(
        "nf4-dq",
        4.127,
        "bitsandbytes",
        True,
        "bitsandbytes 4-bit with double quantisation (QLoRA: 0.127 bits of scales per weight)",
    ),
    *(
        Precision(
            f"gptq-{b}bit",
            _gptq_bits(b),
            "gptq",
            True,
            f"GPTQ {b}-bit, group size 128: float16 scale and {b}-bit zero point per group",
        )
        for b in (2, 3, 4, 8)
    ),
    Precision(
        "awq", _gptq_bits(4), "awq", True, "AWQ 4-bit, group size 128 (scales and zero points)"
    ),
    *(
        Precision(
            name, _BLOCK[name], "gguf", False, f"GGUF {name} block: from the ggml block layout"
        )
        for name in ("Q8_0", "Q6_K", "Q5_0", "Q5_1", "Q4_0", "Q4_1", "IQ4_NL", "IQ4_XS")
    ),
    *(
        Precision(
            name,
            _measured_bits(name),
            "gguf",
            False,
            f"GGUF {name} mix: llama.cpp's file size for Llama-3-8B ({_LLAMA3_8B_GIB[name]} GiB)",
        )
        for name in _LLAMA3_8B_GIB
    ),
)
PRECISION_BY_NAME = {p.name: p for p in PRECISIONS}


def precision_key(text: str) -> str:
    """A precision name as the alias table keys it: lower case, no spaces, dashes or dots."""
    return re.sub(r"[\s_\-./]", "", str(text).lower())


#: Other names for the precisions, as people, configs and the leaderboard write them.
ALIASES: dict[str, str] = {
    **{precision_key(p.name): p.name for p in PRECISIONS},
    "fp32": "float32",
    "f32": "float32",
    "single": "float32",
    "fp16": "float16",
    "f16": "float16",
    "half": "float16",
    "bf16": "bfloat16",
    "float8": "fp8",
    "e4m3": "fp8",
    "fp8e4m3": "fp8",
    "8bit": "int8",
    "llmint8": "int8",
    "bnb8bit": "int8",
    "q8": "int8",
    "4bit": "nf4",
    "bnb4bit": "nf4",
    "fp4": "nf4",
    "nf4doublequant": "nf4-dq",
    "gptq": "gptq-4bit",
    "gptq4": "gptq-4bit",
    "gptq8": "gptq-8bit",
    "gptq3": "gptq-3bit",
    "gptq2": "gptq-2bit",
    "awq4bit": "awq",
    "q4k": "Q4_K_M",
    "q5k": "Q5_K_M",
    "q3k": "Q3_K_M",
}

#: The precisions the glossary's table shows, most common first.
TABLE_PRECISIONS = (
    "float32",
    "bfloat16",
    "float16",
    "fp8",
    "int8",
    "nf4",
    "int4",
    "gptq-4bit",
    "awq",
    "Q8_0",
    "Q6_K",
    "Q5_K_M",
    "Q4_K_M",
    "Q4_0",
    "Q3_K_M",
    "Q2_K",
)

#: Bytes per parameter by precision name (for callers that need only the weights).
BYTES_PER_PARAMETER: dict[str, float] = {p.name: p.bits / 8 for p in PRECISIONS}


def precision(name: str) -> Precision:
    """The precision called ``name`` or one of its aliases (``bf16``, ``int4``, ``q4_k_m``...).

    Args:
        name: A precision name or alias, in any case, with or without dashes and dots.

    Returns:
        The canonical ``Precision``.

    Raises:
        MemoryEstimateError: ``name`` is no precision or alias the planner knows.
    """
    found = ALIASES.get(precision_key(name)) if name is not None else None
    if found is None:
        raise MemoryEstimateError(
            f"unknown precision {name!r}; try float32, bf16, fp16, fp8, int8, nf4, gptq-4bit, awq "
            "or a GGUF type such as Q4_K_M"
        )
    return PRECISION_BY_NAME[found]


def is_precision(name: str | None) -> bool:
    """Whether ``name`` is a precision or an alias of one (the leaderboard's ``4bit``, ...)."""
    return name is not None and precision_key(name) in ALIASES


def bytes_per_parameter(name: str) -> float:
    """Bytes one parameter takes at the precision called ``name`` (an alias works too).

    Raises:
        MemoryEstimateError: ``name`` is no precision the planner knows.
    """
    return precision(name).bits / 8
