"""Will it run: the memory a model needs for inference or training, term by term.

This module is the single source of truth for the memory numbers the CLI and the site show.
The browser runs the same formulas (``docs/assets/javascripts/memory.js``) with the constants
of [`browser_constants`][hfguide.planner.browser.browser_constants], which the pages embed as
JSON; ``tests/cases/planner-cases.json`` drives both implementations with the same cases.

A plan adds explicit terms, each in bytes:

* **weights**: parameters × bits per weight ÷ 8, by precision
  ([`PRECISIONS`][hfguide.planner.precisions.PRECISIONS]). Formats that quantise only the linear
  layers (bitsandbytes, GPTQ, AWQ, fp8) keep the token embedding and the output layer in 16 bits
  when the shape is known.
* **KV cache** (inference): 2 (keys and values) × KV heads × head size × cached tokens × batch ×
  bytes per value, summed over layers; a layer with a sliding window caches at most the window.
* **activations** (inference): the working tensors of one layer for a prefill chunk of
  [`PREFILL_CHUNK`][hfguide.planner.plan.PREFILL_CHUNK] tokens, plus the last position's logits
  in float32.
* **training**: gradients and Adam states (full fine-tuning, mixed precision), LoRA adapters with
  their gradients and Adam states, QLoRA's 4-bit base; activations kept for the backward pass
  with gradient checkpointing.
* **framework overhead**: the CUDA context and loaded kernels
  ([`RUNTIME_BYTES`][hfguide.planner.plan.RUNTIME_BYTES]) plus the allocator's slack
  ([`ALLOCATOR_SLACK`][hfguide.planner.plan.ALLOCATOR_SLACK] of everything else).

Units are those of [`hfguide.planner.parsing`][hfguide.planner.parsing].
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hfguide.planner.errors import MemoryEstimateError
from hfguide.planner.parsing import MAX_BATCH, MAX_CONTEXT, UNITS, check_params
from hfguide.planner.precisions import PRECISION_BY_NAME, Precision, bytes_per_parameter, precision
from hfguide.planner.shapes import GATED_MLP, KINDS, Shape, ShapeError, parameter_count

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
#: Why a plan from a shape alone cannot start: no formula counts that family's parameters.
UNKNOWN_COUNT = "the model's parameter count is unknown (no formula for its family): give its size"
#: What the plan says of an encoder's KV cache.
NO_CACHE = "none: an encoder reads its whole input at once and generates nothing"


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
    kind: str = "decoder"  #: decoder, encoder or encoder-decoder
    #: The longest input the model accepts (its position table), when known.
    context_limit: int | None = None

    @property
    def beyond_context(self) -> bool:
        """Whether the plan is for a longer input than the model accepts: then it never fits."""
        return self.context_limit is not None and self.context > self.context_limit

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
        if self.total > self.budget or self.beyond_context:
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
            "kind": self.kind,
            "contextLimit": self.context_limit,
            "beyondContext": self.beyond_context,
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
    kind: str | None = None,
    context_limit: int | None = None,
) -> Plan:
    """The memory terms for running (``train='none'``) or training a model.

    Give ``params`` (a count), ``shape`` (from the model's config), or both (the count wins for
    the weights: a fine-tune may have added tokens). Without a shape the KV cache, activations and
    LoRA adapters cannot be computed; the plan lists them in ``missing``. An encoder keeps no KV
    cache (a term of 0 bytes, known even without its shape); an encoder-decoder's caches are not
    planned (listed in ``missing``). A context beyond the model's own maximum never fits.

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
        kind: ``decoder``, ``encoder`` or ``encoder-decoder`` (default: the shape's, else decoder).
        context_limit: The longest input the model accepts (default: the shape's).

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
    if params is None:
        try:
            params = parameter_count(shape)
        except ShapeError:
            raise MemoryEstimateError(UNKNOWN_COUNT) from None
    count = check_params(params)
    if not isinstance(context, int) or isinstance(context, bool) or not 0 < context <= MAX_CONTEXT:
        raise MemoryEstimateError(f"the context must be a whole number of tokens, not {context}")
    if not isinstance(batch, int) or isinstance(batch, bool) or not 0 < batch <= MAX_BATCH:
        raise MemoryEstimateError(f"the batch size must be a whole number from 1, not {batch}")
    if budget is not None and not (isinstance(budget, (int, float)) and budget > 0):
        raise MemoryEstimateError("the GPU memory must be a positive amount")
    kind = kind or (shape.kind if shape is not None else "decoder")
    if kind not in KINDS:
        raise MemoryEstimateError(f"unknown model kind {kind!r}; one of {', '.join(KINDS)}")
    if context_limit is None and shape is not None:
        context_limit = shape.context
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
        if kind == "encoder":
            terms.append(Term("kv", "KV cache", 0, NO_CACHE))
        elif kind == "encoder-decoder":
            missing.append("KV cache")
        elif shape is not None:
            terms.append(
                Term(
                    "kv",
                    f"KV cache ({kv_p.name})",
                    kv_cache_bytes(shape, context, batch, kv_p.bits / 8),
                    f"{context:,} tokens × batch {batch}; "
                    + ("; ".join(shape.windows()) or "no sliding window"),
                )
            )
        else:
            missing.append("KV cache")
        if shape is None:
            missing.append("activations")
        elif kind == "encoder":
            per_token = 2 * shape.hidden + shape.q_dim + 2 * shape.kv_dim + 2 * shape.intermediate
            terms.append(
                Term(
                    "activations",
                    "Activations",
                    batch * context * per_token * act + batch * context * shape.vocab * 4,
                    f"one layer's tensors for the whole input of {context:,} tokens, plus "
                    "logits at every position in float32 (fill-mask's case; classifiers need less)",
                )
            )
        else:
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
        kind=kind,
        context_limit=context_limit,
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


def accepted_context(context: int, shape: Shape) -> int:
    """``context``, or the model's own maximum when that is shorter."""
    return min(context, shape.context) if shape.context else context


def max_batch(budget: float, **kwargs: Any) -> int:
    """The largest batch whose plan fits ``budget`` bytes (0 when not even one sequence fits), at
    the context asked for or, when that is longer than the model accepts, at the model's maximum
    ([`accepted_context`][accepted_context]).

    Args:
        budget: GPU memory in bytes.
        **kwargs: The other arguments of ``plan``; ``shape`` is required.

    Raises:
        MemoryEstimateError: no ``shape`` is given, or ``plan`` refuses the other arguments.
    """
    shape = kwargs.get("shape")
    if shape is None:
        raise MemoryEstimateError("the largest batch needs the model's shape (its config)")
    kwargs = {**kwargs, "context": accepted_context(kwargs.get("context", 4096), shape)}
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
