"""Will it run: the memory a model needs for inference or training, term by term.

This module is the single source of truth for the memory numbers the CLI and the site show.
The browser runs the same formulas (``docs/assets/javascripts/memory.js``) with the constants
of [`browser_constants`][hfguide.planner.memory.browser_constants], which the pages embed as
JSON; ``tests/data/planner-cases.json`` drives both implementations with the same cases.

A plan adds explicit terms, each in bytes:

* **weights**: parameters × bits per weight ÷ 8, by precision
  ([`PRECISIONS`][hfguide.planner.memory.PRECISIONS]). Formats that quantise only the linear
  layers (bitsandbytes, GPTQ, AWQ, fp8) keep the token embedding and the output layer in 16 bits
  when the shape is known.
* **KV cache** (inference): 2 (keys and values) × KV heads × head size × cached tokens × batch ×
  bytes per value, summed over layers; a layer with a sliding window caches at most the window.
* **activations** (inference): the working tensors of one layer for a prefill chunk of
  [`PREFILL_CHUNK`][hfguide.planner.memory.PREFILL_CHUNK] tokens, plus the last position's logits
  in float32.
* **training**: gradients and Adam states (full fine-tuning, mixed precision), LoRA adapters with
  their gradients and Adam states, QLoRA's 4-bit base; activations kept for the backward pass
  with gradient checkpointing.
* **framework overhead**: the CUDA context and loaded kernels
  ([`RUNTIME_BYTES`][hfguide.planner.memory.RUNTIME_BYTES]) plus the allocator's slack
  ([`ALLOCATOR_SLACK`][hfguide.planner.memory.ALLOCATOR_SLACK] of everything else).

Units: GB is 10^9 bytes (as GPU memory is sold), GiB is 2^30 bytes (as ``nvidia-smi`` and
PyTorch report). Context lengths count tokens in powers of two: ``128k`` is 131,072 tokens, as
model configs write it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from hfguide.planner.shapes import GATED_MLP, Shape, parameter_count

UNITS: dict[str, float] = {"GB": 1e9, "GiB": float(2**30)}
MEMORY_UNITS: dict[str, float] = {
    "mb": 1e6,
    "mib": float(2**20),
    "gb": 1e9,
    "gib": float(2**30),
    "tb": 1e12,
    "tib": float(2**40),
}
PARAM_SCALES = {"k": 1e3, "m": 1e6, "b": 1e9, "t": 1e12}
CONTEXT_SCALES = {"k": 1024, "m": 1024 * 1024}
MAX_CONTEXT = 1 << 24  # 16M tokens: beyond any model's context
MAX_BATCH = 1 << 16

#: Tokens a prefill processes at once (vLLM's and llama.cpp's chunked prefill work this way;
#: plain transformers prefills the whole prompt at once and needs more for long prompts).
PREFILL_CHUNK = 2048
#: The CUDA context and the kernels PyTorch loads: about half a GB on current GPUs (it varies
#: from 0.3 to over 1 GB with the GPU, driver and libraries).
RUNTIME_BYTES = 0.5e9
#: Memory the caching allocator holds but cannot use (fragmentation), as a share of the rest.
ALLOCATOR_SLACK = 0.05
#: Bytes per trainable parameter with Adam in mixed precision: 16-bit weight and gradient
#: (2 + 2), float32 master weight (4), two float32 Adam moments (4 + 4) — the 16 bytes of
#: Rajbhandari et al., "ZeRO", 2020, section 3.1.
ADAM_MIXED_BYTES = 16
#: LoRA defaults: rank 16 on every linear layer of every block (PEFT's ``all-linear``).
LORA_RANK = 16
#: Activations kept per token and hidden unit by one transformer layer in 16-bit training,
#: without the attention-score term that fused attention (SDPA, FlashAttention) never stores:
#: Korthikanti et al., "Reducing Activation Recomputation in Large Transformer Models", 2022.
LAYER_ACTIVATION_BYTES = 34
TRAIN_MODES = ("none", "full", "lora", "qlora")


class MemoryEstimateError(ValueError):
    """Input that has no memory answer: unknown precision, a size that is not a number, ..."""


@dataclass(frozen=True)
class Precision:
    name: str
    bits: float  # average bits per weight, scales and zero points included
    family: str  # float, int, bitsandbytes, gptq, awq, gguf
    linear_only: bool  # the format quantises linear layers; embeddings stay in 16 bits
    source: str


def _gguf_block_bits() -> dict[str, float]:
    """Bits per weight of llama.cpp's block formats, from the block layouts in ``gguf``."""
    from gguf.constants import GGML_QUANT_SIZES

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

#: The Open LLM Leaderboard's size buckets: (label, lower bound in billions, upper bound), each
#: interval open on the left and closed on the right, so 9.0 B is "~7" and 70.0 B is "~60". The
#: edges are the leaderboard's own ``NUMERIC_INTERVALS`` (``pd.Interval(low, high,
#: closed="right")`` in its Space's ``src/display/utils.py``); ``tests/data/test_leaderboard.py``
#: fails if they drift.
SIZE_BUCKETS: list[tuple[str, float, float]] = [
    ("~1.5", 0, 2),
    ("~3", 2, 4),
    ("~7", 4, 9),
    ("~13", 9, 20),
    ("~35", 20, 45),
    ("~60", 45, 70),
    ("70+", 70, math.inf),
]
UNKNOWN_BUCKET = "?"


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


# -- parsing ---------------------------------------------------------------------------------

_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?"
_SCALED = re.compile(rf"^({_NUMBER})\s*([a-z]*)$", re.IGNORECASE)


def _scaled(text: Any, what: str, example: str, scales: dict[str, float]) -> float:
    cleaned = str(text).strip().replace("_", "").replace(",", "")
    match = _SCALED.match(cleaned)
    suffix = match.group(2).lower() if match else ""
    if not match or (suffix and suffix not in scales):
        raise MemoryEstimateError(f"{str(text).strip()!r} is not {what} (try {example})")
    value = float(match.group(1)) * scales.get(suffix, 1)
    if not math.isfinite(value):
        raise MemoryEstimateError(f"{str(text).strip()!r} is not {what} (try {example})")
    if value <= 0:
        raise MemoryEstimateError(f"{what} must be positive, not {str(text).strip()}")
    return value


def check_params(params: Any) -> float:
    """The parameter count ``params`` as a float, once it is known to be a positive number.

    Raises:
        MemoryEstimateError: ``params`` is not a number (booleans and NaN included) or not positive.
    """
    if isinstance(params, bool) or not isinstance(params, (int, float)) or params != params:
        raise MemoryEstimateError("the parameter count must be a number")
    if not math.isfinite(params):
        raise MemoryEstimateError("the parameter count must be a number")
    if params <= 0:
        raise MemoryEstimateError(f"the parameter count must be positive, not {params:g}")
    return float(params)


def parse_params(text: Any) -> float:
    """'7B', '7 B', '1.5b', '350M', '7e9' or '7000000000' → a parameter count.

    Raises:
        MemoryEstimateError: ``text`` is not a positive count in one of those forms.
    """
    return check_params(_scaled(text, "a parameter count", "7B, 350M or 7e9", PARAM_SCALES))


def parse_context(text: Any) -> int:
    """'32k' (32,768), '128K', '4096' or '1M' → a number of tokens.

    Raises:
        MemoryEstimateError: ``text`` is not a whole, positive number of tokens, or is beyond any
            model's context.
    """
    tokens = _scaled(text, "a context length", "4096, 32k or 128k", CONTEXT_SCALES)
    if tokens != int(tokens):
        raise MemoryEstimateError(f"a context length is a whole number of tokens, not {text}")
    if tokens > MAX_CONTEXT:
        raise MemoryEstimateError(f"a context of {int(tokens):,} tokens is beyond any model")
    return int(tokens)


def parse_batch(text: Any) -> int:
    """A batch size typed as text (``'8'``) → a whole number from 1 to ``MAX_BATCH``.

    Raises:
        MemoryEstimateError: ``text`` is not a whole number in that range.
    """
    batch = _scaled(text, "a batch size", "1, 4 or 32", {})
    if batch != int(batch) or batch > MAX_BATCH:
        raise MemoryEstimateError(f"a batch size is a whole number up to {MAX_BATCH}, not {text}")
    return int(batch)


def parse_memory(text: Any) -> float:
    """'24GB', '24 GiB', '80' (GB) or '512MiB' → bytes.

    Raises:
        MemoryEstimateError: ``text`` is not a positive amount of memory.
    """
    value = _scaled(text, "an amount of memory", "24GB, 24GiB or 80", {**MEMORY_UNITS, "": 1})
    match = _SCALED.match(str(text).strip().replace("_", "").replace(",", ""))
    return value if match and match.group(2) else value * UNITS["GB"]


def check_unit(unit: str) -> str:
    """The memory unit ``unit`` spelt as ``UNITS`` spells it (``gib`` → ``GiB``).

    Raises:
        MemoryEstimateError: ``unit`` is neither GB nor GiB.
    """
    for name in UNITS:
        if str(unit).strip().lower() == name.lower():
            return name
    raise MemoryEstimateError(f"unknown unit {unit!r}; choose GB (10^9 bytes) or GiB (2^30 bytes)")


# -- the plan ----------------------------------------------------------------------------------


@dataclass
class Term:
    key: str
    label: str
    bytes: float
    note: str = ""


@dataclass
class Plan:
    """Every term of a memory estimate, in bytes, with the assumptions that produced it."""

    params: float
    precision: str
    context: int
    batch: int
    train: str
    kv_precision: str | None
    terms: list[Term]
    missing: list[str] = field(default_factory=list)  # terms that need the model's shape
    budget: float | None = None

    @property
    def total(self) -> float:
        return sum(t.bytes for t in self.terms)

    @property
    def complete(self) -> bool:
        return not self.missing

    def term(self, key: str) -> float:
        return sum(t.bytes for t in self.terms if t.key == key)

    @property
    def fits(self) -> bool | None:
        """True or False when a budget was given; None when the terms that are missing could
        decide it (the known terms alone fit)."""
        if self.budget is None:
            return None
        if self.total > self.budget:
            return False
        return True if self.complete else None

    def to_json(self) -> dict[str, Any]:
        return {
            "params": self.params,
            "precision": self.precision,
            "kvPrecision": self.kv_precision,
            "context": self.context,
            "batch": self.batch,
            "train": self.train,
            "terms": [
                {"key": t.key, "label": t.label, "bytes": t.bytes, "note": t.note}
                for t in self.terms
            ],
            "missing": self.missing,
            "total": self.total,
            "fits": self.fits,
        }


def kv_cache_bytes(shape: Shape, tokens: int, batch: int, bytes_per_value: float) -> float:
    """2 × KV heads × head size × cached tokens × batch × bytes, summed over the layers; a layer
    with a sliding window caches at most the window."""
    cached = sum(
        count * (min(tokens, window) if window else tokens) for window, count in shape.kv_layers
    )
    return 2 * shape.kv_dim * cached * batch * bytes_per_value


def lora_parameters(shape: Shape, rank: int = LORA_RANK) -> int:
    """Trainable parameters of rank-``rank`` adapters on every linear layer of every block.

    Raises:
        MemoryEstimateError: the shape has no MLP size (its config lacks ``intermediate_size``).
    """
    if shape.intermediate is None:
        raise MemoryEstimateError("the model's MLP size is unknown, so its LoRA size is too")
    h, q, kv, inter = shape.hidden, shape.q_dim, shape.kv_dim, shape.intermediate
    attention = (h + q) + 2 * (h + kv) + (q + h)
    matrices = 3 if shape.model_type in GATED_MLP else 2
    mlp = shape.experts * matrices * (h + inter)
    return rank * shape.layers * (attention + mlp)


def _activation_bytes(p: Precision) -> int:
    return 4 if p.name == "float32" else 2


def _weights(params: float, p: Precision, shape: Shape | None) -> Term:
    if shape is not None and p.linear_only:
        embedding = min(shape.embedding_parameters, params)
        value = (params - embedding) * p.bits / 8 + embedding * 2
        note = f"{p.bits:g} bits per weight; token embedding and output layer kept in 16 bits"
    else:
        value = params * p.bits / 8
        note = f"{p.bits:g} bits per weight"
    return Term("weights", f"Weights ({p.name})", value, note)


def plan(
    *,
    params: float | None = None,
    shape: Shape | None = None,
    precision_name: str = "bfloat16",
    context: int = 4096,
    batch: int = 1,
    kv_precision: str | None = None,
    train: str = "none",
    lora_rank: int = LORA_RANK,
    budget: float | None = None,
) -> Plan:
    """The memory terms for running (``train='none'``) or training a model.

    Give ``params`` (a count), ``shape`` (from the model's config), or both (the count wins for
    the weights: a fine-tune may have added tokens). Without a shape the KV cache, activations and
    LoRA adapters cannot be computed; the plan lists them in ``missing``.

    Args:
        params: Parameter count of the model.
        shape: The model's shape, from its config.
        precision_name: Precision (or alias) of the weights.
        context: Tokens per sequence held in the KV cache.
        batch: Sequences processed together.
        kv_precision: Precision of the KV cache; the weights' precision when ``None``.
        train: ``"none"`` to run the model, or the kind of training to plan for.
        lora_rank: Rank of the adapters when ``train`` is LoRA.
        budget: GPU memory in bytes, to say whether the plan fits.

    Returns:
        The ``Plan``: every term in bytes, its total and the assumptions behind it.

    Raises:
        MemoryEstimateError: neither ``params`` nor ``shape`` is given, or a value is out of range
            (context, batch, budget, precision or training kind).
    """
    if train not in TRAIN_MODES:
        raise MemoryEstimateError(
            f"unknown training mode {train!r}; one of {', '.join(TRAIN_MODES)}"
        )
    if params is None and shape is None:
        raise MemoryEstimateError("give a parameter count or a model shape")
    count = check_params(params if params is not None else parameter_count(shape))
    if not isinstance(context, int) or isinstance(context, bool) or not 0 < context <= MAX_CONTEXT:
        raise MemoryEstimateError(f"the context must be a whole number of tokens, not {context}")
    if not isinstance(batch, int) or isinstance(batch, bool) or not 0 < batch <= MAX_BATCH:
        raise MemoryEstimateError(f"the batch size must be a whole number from 1, not {batch}")
    if budget is not None and not (isinstance(budget, (int, float)) and budget > 0):
        raise MemoryEstimateError("the GPU memory must be a positive amount")
    weights_p = precision(precision_name)
    if train == "qlora":
        weights_p = PRECISION_BY_NAME["nf4-dq"]
    if train == "full" and weights_p.family != "float" or train == "full" and weights_p.bits < 16:
        raise MemoryEstimateError(
            f"full fine-tuning updates every weight, so it needs float32, bfloat16 or float16 "
            f"weights, not {weights_p.name}; try train=qlora for a 4-bit base"
        )
    act = _activation_bytes(weights_p)
    terms = [_weights(count, weights_p, shape)]
    missing: list[str] = []
    kv_p = None
    if train == "none":
        kv_p = (
            precision(kv_precision)
            if kv_precision
            else (
                weights_p
                if weights_p.family == "float" and weights_p.bits >= 16
                else PRECISION_BY_NAME["bfloat16"]
            )
        )
        if shape is None:
            missing += ["KV cache", "activations"]
        else:
            terms.append(
                Term(
                    "kv",
                    f"KV cache ({kv_p.name})",
                    kv_cache_bytes(shape, context, batch, kv_p.bits / 8),
                    f"{context:,} tokens × batch {batch}; "
                    + ("; ".join(shape.windows()) or "no sliding window"),
                )
            )
            chunk = min(context, PREFILL_CHUNK)
            per_token = (
                2 * shape.hidden
                + shape.q_dim
                + 2 * shape.kv_dim
                + shape.experts_per_token * 2 * (shape.intermediate or 4 * shape.hidden)
            )
            terms.append(
                Term(
                    "activations",
                    "Activations",
                    batch * chunk * per_token * act + batch * shape.vocab * 4,
                    f"one layer's tensors for a prefill chunk of {chunk:,} tokens, "
                    "plus the last logits in float32",
                )
            )
    else:
        if train == "full":
            terms.append(
                Term(
                    "gradients",
                    "Gradients",
                    count * weights_p.bits / 8,
                    f"one per weight, {weights_p.name}",
                )
            )
            master = 0 if weights_p.bits == 32 else 4
            terms.append(
                Term(
                    "optimizer",
                    "Adam optimizer states",
                    count * (8 + master),
                    "two float32 moments per weight"
                    + (" plus a float32 master copy (mixed precision)" if master else ""),
                )
            )
        elif shape is None:
            missing.append("LoRA adapters")
        else:
            adapters = lora_parameters(shape, lora_rank)
            terms.append(
                Term(
                    "adapters",
                    "LoRA adapters, gradients and Adam states",
                    adapters * ADAM_MIXED_BYTES,
                    f"{adapters:,} trainable parameters (rank {lora_rank} on every linear layer) "
                    f"× {ADAM_MIXED_BYTES} bytes",
                )
            )
        if shape is None:
            missing.append("activations")
        else:
            tokens = batch * context
            checkpoints = tokens * shape.hidden * shape.layers * act
            one_layer = tokens * LAYER_ACTIVATION_BYTES * shape.hidden * act / 2
            logits = tokens * shape.vocab * 4
            terms.append(
                Term(
                    "activations",
                    "Activations (training)",
                    checkpoints + one_layer + logits,
                    "gradient checkpointing: each layer's input kept, one layer recomputed at a "
                    "time; float32 logits for the loss",
                )
            )
    rest = sum(t.bytes for t in terms)
    terms.append(
        Term(
            "overhead",
            "Framework overhead",
            RUNTIME_BYTES + ALLOCATOR_SLACK * rest,
            f"CUDA context and kernels {RUNTIME_BYTES / 1e9:g} GB + allocator slack "
            f"{ALLOCATOR_SLACK:.0%} of the rest",
        )
    )
    return Plan(
        params=count,
        precision=weights_p.name,
        context=context,
        batch=batch,
        train=train,
        kv_precision=kv_p.name if kv_p else None,
        terms=terms,
        missing=missing,
        budget=budget,
    )


def _largest(fits_at, low: int, high: int) -> int:
    """The largest n in [low, high] with fits_at(n), given fits_at is monotone; low-1 if none."""
    if not fits_at(low):
        return low - 1
    while low < high:
        middle = (low + high + 1) // 2
        if fits_at(middle):
            low = middle
        else:
            high = middle - 1
    return low


def max_context(budget: float, **kwargs: Any) -> dict[str, Any]:
    """The longest context whose plan fits ``budget`` bytes.

    Args:
        budget: GPU memory in bytes.
        **kwargs: The other arguments of ``plan``; ``shape`` is required.

    Returns:
        ``{"tokens": n, "limit": "memory" | "model"}``: what stopped the search is either the
        memory or the model's own maximum context.

    Raises:
        MemoryEstimateError: no ``shape`` is given, or ``plan`` refuses the other arguments.
    """
    shape = kwargs.get("shape")
    if shape is None:
        raise MemoryEstimateError("the longest context needs the model's shape (its config)")
    limit = shape.context or MAX_CONTEXT
    tokens = _largest(lambda n: plan(**{**kwargs, "context": n}).total <= budget, 1, limit)
    return {"tokens": tokens, "limit": "model" if tokens == limit else "memory"}


def max_batch(budget: float, **kwargs: Any) -> int:
    """The largest batch whose plan fits ``budget`` bytes (0 when not even one sequence fits).

    Args:
        budget: GPU memory in bytes.
        **kwargs: The other arguments of ``plan``; ``shape`` is required.

    Raises:
        MemoryEstimateError: no ``shape`` is given, or ``plan`` refuses the other arguments.
    """
    if kwargs.get("shape") is None:
        raise MemoryEstimateError("the largest batch needs the model's shape (its config)")
    return _largest(lambda n: plan(**{**kwargs, "batch": n}).total <= budget, 1, MAX_BATCH)


# -- the short forms the leaderboard pages use -------------------------------------------------


def weights_gb(params: float, precision_name: str) -> float:
    """Memory of the weights alone, in GB."""
    return check_params(params) * bytes_per_parameter(precision_name) / UNITS["GB"]


def inference_gb(params: float, precision_name: str) -> float:
    """Weights plus framework overhead in GB: what is known from a parameter count alone (the KV
    cache and activations need the model's shape)."""
    return plan(params=params, precision_name=precision_name).total / UNITS["GB"]


def fits(params: float, precision_name: str, budget_gb: float) -> bool:
    """Whether the weights and framework overhead fit in ``budget_gb`` GB.

    Raises:
        MemoryEstimateError: ``budget_gb`` is not positive, or ``params`` or ``precision_name`` is
            not valid.
    """
    if not (isinstance(budget_gb, (int, float)) and budget_gb > 0):
        raise MemoryEstimateError(f"the memory budget must be positive, not {budget_gb:g}")
    return inference_gb(params, precision_name) <= budget_gb


def size_bucket(params_billions: float | None) -> str:
    """The leaderboard's size bucket for a parameter count in billions (``?`` if unknown):
    the bucket whose interval ``(low, high]`` holds it."""
    if params_billions is None or math.isnan(params_billions) or params_billions <= 0:
        return UNKNOWN_BUCKET
    for label, low, high in SIZE_BUCKETS:
        if low < params_billions <= high:
            return label
    return UNKNOWN_BUCKET


def browser_constants() -> dict[str, Any]:
    """Everything ``memory.js`` needs, generated from this module: the browser has no constants
    of its own."""
    return {
        "precisions": [
            {"name": p.name, "bits": p.bits, "family": p.family, "linearOnly": p.linear_only}
            for p in PRECISIONS
        ],
        "aliases": ALIASES,
        "units": UNITS,
        "memoryUnits": MEMORY_UNITS,
        "paramScales": PARAM_SCALES,
        "contextScales": CONTEXT_SCALES,
        "maxContext": MAX_CONTEXT,
        "maxBatch": MAX_BATCH,
        "prefillChunk": PREFILL_CHUNK,
        "runtimeBytes": RUNTIME_BYTES,
        "allocatorSlack": ALLOCATOR_SLACK,
        "adamMixedBytes": ADAM_MIXED_BYTES,
        "loraRank": LORA_RANK,
        "layerActivationBytes": LAYER_ACTIVATION_BYTES,
        "trainModes": list(TRAIN_MODES),
        "gatedMlp": sorted(GATED_MLP),
        "sizeBuckets": [
            [label, low, None if math.isinf(high) else high] for label, low, high in SIZE_BUCKETS
        ],
        "unknownBucket": UNKNOWN_BUCKET,
    }


def estimate(request: dict[str, Any], shapes: dict[str, Shape]) -> dict[str, Any]:
    """What the calculators do with what a reader typed.

    The browser's ``estimate`` takes and returns the same (``tests/data/planner-cases.json`` runs
    both).

    Args:
        request: Text fields as typed: ``model`` or ``params``, ``precision``, ``context``,
            ``batch``, ``kvPrecision``, ``train``, ``gpu``, ``unit``.
        shapes: Model ids mapped to their shapes.

    Returns:
        The plan as JSON, with the longest context and largest batch that fit when a GPU is given.

    Raises:
        MemoryEstimateError: a field cannot be read, or ``model`` has no recorded config.
    """
    unit = check_unit(request.get("unit") or "GB")
    shape = None
    params = None
    model = str(request.get("model") or "").strip()
    if model:
        shape = shapes.get(model)
        if shape is None:
            raise MemoryEstimateError(f"no recorded config for {model}")
    else:
        params = parse_params(request.get("params", ""))
    settings: dict[str, Any] = {
        "params": params,
        "shape": shape,
        "precision_name": request.get("precision") or "bfloat16",
        "context": parse_context(request.get("context") or "4096"),
        "batch": parse_batch(request.get("batch") or "1"),
        "kv_precision": request.get("kvPrecision") or None,
        "train": request.get("train") or "none",
    }
    budget = parse_memory(request["gpu"]) if request.get("gpu") else None
    result = plan(**settings, budget=budget).to_json()
    result["unit"] = unit
    result["budget"] = budget
    if budget is not None and shape is not None:
        if settings["train"] == "none":
            result["maxContext"] = max_context(budget, **settings)
        result["maxBatch"] = max_batch(budget, **settings)
    return result
