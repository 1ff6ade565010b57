"""A model's shape, read from its ``config.json``: what decides its size and its memory.

[`shape_from_config`][hfguide.planner.shapes.shape_from_config] turns the fields of a Hugging
Face ``config.json`` into a [`Shape`][hfguide.planner.shapes.Shape]: the model's kind (a
decoder, an encoder or an encoder-decoder, [`model_kind`][hfguide.planner.shapes.model_kind]),
layers, widths, heads, vocabulary, the longest input it accepts, sliding windows and experts.
From the shape the planner computes the parameter count
([`parameter_count`][hfguide.planner.shapes.parameter_count]: the common decoder families —
Llama, Mistral, Mixtral, Qwen2 and 3, Gemma 1-3, Phi, Phi-3, GPT-2, GPT-NeoX — and the BERT-style
encoders) and which layers keep a full KV cache and which only a window of it
([`Shape.kv_layers`][hfguide.planner.shapes.Shape.kv_layers]; an encoder keeps none: it reads
its whole input at once and generates nothing).

The browser runs the same rules (``shapeFromConfig`` in ``memory.js``, with these tables as its
constants); both are held to the recorded configs and their parameter counts
(``tests/cases/config-param-counts.json``).

Config values are Hub data: every number is checked (a positive integer in a sane range) and a
config that lacks what the planner needs raises
[`ShapeError`][hfguide.planner.shapes.ShapeError] with the missing field named.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

#: Field names by meaning; the first name a config has wins (GPT-2 and DistilBERT use their own
#: names).
FIELDS: dict[str, tuple[str, ...]] = {
    "layers": ("num_hidden_layers", "n_layer", "num_layers", "n_layers"),
    "hidden": ("hidden_size", "n_embd", "d_model", "dim"),
    "heads": ("num_attention_heads", "n_head", "n_heads", "num_heads"),
    "kv_heads": ("num_key_value_heads", "num_kv_heads"),
    "intermediate": ("intermediate_size", "n_inner", "ffn_dim", "d_ff"),
    "vocab": ("vocab_size",),
    "context": ("max_position_embeddings", "n_positions", "n_ctx", "seq_length"),
}

#: ``tie_word_embeddings`` when a config leaves it out: the default of each family's config class
#: in transformers (Gemma and GPT-2 share the input embedding with the output layer).
TIED_BY_DEFAULT = {"gemma", "gemma2", "gemma3", "gemma3_text", "gpt2"}

#: Families whose MLP has a gate (three matrices: gate, up, down) rather than two.
GATED_MLP = {
    "llama",
    "mistral",
    "mixtral",
    "qwen2",
    "qwen2_moe",
    "qwen3",
    "gemma",
    "gemma2",
    "gemma3",
    "gemma3_text",
    "phi3",
    "granite",
    "olmo2",
}
#: Gemma 2 and 3 normalise before and after both attention and MLP (four norms per layer).
FOUR_NORMS = {"gemma2", "gemma3", "gemma3_text"}
#: Gemma 3 also normalises queries and keys per head.
QK_NORMS = {"gemma3", "gemma3_text", "qwen3"}
#: Qwen2 has biases on the query, key and value projections.
QKV_BIAS = {"qwen2", "qwen2_moe"}
#: Gemma 3 keeps one global (full-attention) layer in every six unless ``layer_types`` says more.
GEMMA3_PATTERN = 6

#: Model types that read their input and generate nothing: no KV cache, and an input no longer
#: than their position table.
ENCODER_ONLY = {
    "albert",
    "bert",
    "camembert",
    "deberta",
    "deberta-v2",
    "distilbert",
    "electra",
    "mpnet",
    "modernbert",
    "roberta",
    "xlm-roberta",
}
#: Model types with an encoder and a decoder (the decoder keeps a cache of its own output and one
#: of the encoder's: not planned here).
ENCODER_DECODER = {
    "bart",
    "blenderbot",
    "led",
    "longt5",
    "m2m_100",
    "marian",
    "mbart",
    "mt5",
    "pegasus",
    "switch_transformers",
    "t5",
    "umt5",
    "whisper",
}
KINDS = ("decoder", "encoder", "encoder-decoder")
#: BERT-style encoders whose parameters ``parameter_count`` knows: learned positions and token
#: types, biases everywhere, LayerNorm after attention and MLP; all but DistilBERT add a pooler.
BERT_STYLE = {"bert", "camembert", "distilbert", "roberta", "xlm-roberta"}
#: RoBERTa's positions start after the padding index, so two rows of the table are never used.
POSITION_OFFSET = {"camembert": 2, "mpnet": 2, "roberta": 2, "xlm-roberta": 2}
#: The longest input of each encoder family when no config says otherwise: the position table of
#: the family's config class in transformers, less the offset (a test holds these to
#: transformers' defaults).
TYPICAL_CONTEXT = {
    "albert": 512,
    "bert": 512,
    "camembert": 512,
    "deberta": 512,
    "deberta-v2": 512,
    "distilbert": 512,
    "electra": 512,
    "modernbert": 8192,
    "mpnet": 512,
    "roberta": 512,
    "xlm-roberta": 512,
}

MAX_DIMENSION = 10**7  # no real config has a width, vocabulary or context beyond this
MAX_LAYERS = 10**4


class ShapeError(ValueError):
    """A config that does not describe a shape the planner can use."""


def model_kind(model_type: str | None, config: dict[str, Any] | None = None) -> str:
    """``decoder``, ``encoder`` or ``encoder-decoder``, from a config's ``is_encoder_decoder``
    or the model type (a config's ``model_type``, or the same word among a Hub record's tags)."""
    if config is not None and config.get("is_encoder_decoder") is True:
        return "encoder-decoder"
    kind = str(model_type or "").strip().lower()
    if kind in ENCODER_ONLY:
        return "encoder"
    if kind in ENCODER_DECODER:
        return "encoder-decoder"
    return "decoder"


@dataclass(frozen=True)
class Shape:
    """What decides a model's memory. Widths in numbers of values, not bytes."""

    model_type: str
    layers: int
    hidden: int
    heads: int
    kv_heads: int
    head_dim: int
    intermediate: int | None
    vocab: int
    context: int | None
    tied_embeddings: bool
    experts: int = 1
    experts_per_token: int = 1
    #: ``[[window, layers], ...]``: how many layers keep at most ``window`` tokens of KV cache;
    #: ``window`` None means the layer keeps every token.
    kv_layers: tuple[tuple[int | None, int], ...] = ()
    architecture: str | None = None
    kind: str = "decoder"  #: one of ``KINDS``
    #: Rows of a learned position table (GPT-2, the BERT family); 0 for rotary positions.
    learned_positions: int = 0
    #: Rows of a learned token-type table (BERT's two segments); 0 without one.
    type_vocab: int = 0

    @property
    def q_dim(self) -> int:
        return self.heads * self.head_dim

    @property
    def kv_dim(self) -> int:
        return self.kv_heads * self.head_dim

    @property
    def embedding_parameters(self) -> int:
        """Token embedding plus output layer (once if they are shared; an encoder has none) plus
        learned positions and token types."""
        tables = 1 if self.tied_embeddings or self.kind == "encoder" else 2
        extra = (self.learned_positions + self.type_vocab) * self.hidden
        return tables * self.vocab * self.hidden + extra

    def windows(self) -> list[str]:
        """Plain words for the attention windows, e.g.
        ``['sliding window of 4,096 tokens on 21 of 42 layers']``."""
        return [
            f"sliding window of {window:,} tokens on {count} of {self.layers} layers"
            for window, count in self.kv_layers
            if window is not None
        ]

    def to_json(self) -> dict[str, Any]:
        value = asdict(self)
        value["kv_layers"] = [list(pair) for pair in self.kv_layers]
        try:
            value["params"] = parameter_count(self)
        except ShapeError:  # a family without a formula: its count must come from elsewhere
            value["params"] = None
        value["embedding_params"] = self.embedding_parameters
        return value


def _int_field(config: dict[str, Any], meaning: str, *, required: bool = True) -> int | None:
    for name in FIELDS[meaning]:
        if config.get(name) is not None:
            return _positive_int(config[name], name)
    if required:
        raise ShapeError(f"the config has no {' / '.join(FIELDS[meaning])}")
    return None


def _positive_int(value: Any, name: str, limit: int = MAX_DIMENSION) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value):
        raise ShapeError(f"{name} must be a whole number, not {value!r}")
    if not 0 < value <= limit:
        raise ShapeError(f"{name} {value!r} is out of range")
    return int(value)


def _kv_layers(config: dict[str, Any], model_type: str, layers: int, context: int | None):
    """Which layers keep a window of the KV cache rather than all of it."""
    window = config.get("sliding_window")
    if window is None or config.get("use_sliding_window") is False:
        # Qwen2 configs carry a window with use_sliding_window: false; it is not applied.
        return ((None, layers),)
    window = _positive_int(window, "sliding_window")
    if context is not None and window >= context:
        return ((None, layers),)  # a window as long as the context never drops anything
    layer_types = config.get("layer_types")
    if layer_types is not None:
        if not isinstance(layer_types, list) or len(layer_types) != layers:
            raise ShapeError("layer_types must list one type per layer")
        sliding = sum(1 for t in layer_types if t == "sliding_attention")
    elif model_type == "gemma2":
        sliding = (layers + 1) // 2  # layers 0, 2, 4, ... use the window
    elif model_type in {"gemma3", "gemma3_text"}:
        pattern = config.get("sliding_window_pattern") or GEMMA3_PATTERN
        pattern = _positive_int(pattern, "sliding_window_pattern")
        sliding = sum(1 for i in range(layers) if (i + 1) % pattern)
    elif model_type in QKV_BIAS and config.get("max_window_layers") is not None:
        # Qwen2 with the window on: layers from max_window_layers on use it.
        first = _positive_int(config["max_window_layers"], "max_window_layers", MAX_LAYERS)
        sliding = max(0, layers - first)
    else:
        sliding = layers  # Mistral 7B v0.1, Phi-3: every layer
    pairs = [(window, sliding), (None, layers - sliding)]
    return tuple((w, n) for w, n in pairs if n)


def shape_from_config(config: dict[str, Any]) -> Shape:
    """The [`Shape`][hfguide.planner.shapes.Shape] of a decoder model from its config fields.

    Args:
        config: A model's ``config.json`` as a dict.

    Raises:
        ShapeError: the config is not an object, has no ``model_type``, or its sizes do not
            describe a decoder (heads that do not divide the width, missing or invalid fields).
    """
    if not isinstance(config, dict):
        raise ShapeError("a config is a JSON object")
    model_type = str(config.get("model_type") or "").strip().lower()
    if not model_type:
        raise ShapeError("the config has no model_type")
    layers = _positive_int(_int_field(config, "layers"), "num_hidden_layers", MAX_LAYERS)
    hidden = _int_field(config, "hidden")
    heads = _int_field(config, "heads")
    kv_heads = _int_field(config, "kv_heads", required=False) or heads
    if heads % kv_heads:
        raise ShapeError(f"{heads} attention heads cannot share {kv_heads} key-value heads")
    head_dim = config.get("head_dim")
    head_dim = _positive_int(head_dim, "head_dim") if head_dim is not None else None
    if head_dim is None:
        if hidden % heads:
            raise ShapeError(f"hidden size {hidden} is not a multiple of {heads} heads")
        head_dim = hidden // heads
    intermediate = _int_field(config, "intermediate", required=False)
    if model_type == "distilbert" and config.get("hidden_dim") is not None:
        intermediate = _positive_int(config["hidden_dim"], "hidden_dim")
    if intermediate is None and model_type in {"gpt2", "gpt_neox"}:
        intermediate = 4 * hidden
    positions = _int_field(config, "context", required=False)
    offset = POSITION_OFFSET.get(model_type, 0)
    context = positions - offset if positions is not None and positions > offset else positions
    kind = model_kind(model_type, config)
    tied = config.get("tie_word_embeddings")
    tied = model_type in TIED_BY_DEFAULT if tied is None else bool(tied)
    experts = config.get("num_local_experts") or config.get("num_experts") or 1
    per_token = config.get("num_experts_per_tok") or 1
    architectures = config.get("architectures") or []
    learned = positions if model_type in BERT_STYLE or model_type == "gpt2" else None
    type_vocab = 0
    if model_type in BERT_STYLE - {"distilbert"}:
        type_vocab = _positive_int(config.get("type_vocab_size", 2), "type_vocab_size")
    return Shape(
        model_type=model_type,
        layers=layers,
        hidden=hidden,
        heads=heads,
        kv_heads=kv_heads,
        head_dim=head_dim,
        intermediate=intermediate,
        vocab=_int_field(config, "vocab"),
        context=context,
        tied_embeddings=tied,
        experts=_positive_int(experts, "num_local_experts", 4096),
        experts_per_token=_positive_int(per_token, "num_experts_per_tok", 4096),
        kv_layers=() if kind == "encoder" else _kv_layers(config, model_type, layers, context),
        architecture=str(architectures[0]) if architectures else None,
        kind=kind,
        learned_positions=learned or 0,
        type_vocab=type_vocab,
    )


def parameter_count(shape: Shape) -> int:
    """Parameters recomputed from the shape, family by family.

    Learned weights only: GPT-2's and GPT-NeoX's causal-mask buffers, which some counts include,
    are not parameters. An encoder is counted as its base model (with BERT's pooler, without a
    task head, which adds a few thousand to a few million more).

    Raises:
        ShapeError: the MLP size is unknown (the config had no ``intermediate_size``), or the
            model is an encoder or encoder-decoder of a family the planner has no formula for.
    """
    h, layers, kind = shape.hidden, shape.layers, shape.model_type
    inter = shape.intermediate
    if inter is None:
        raise ShapeError("the config has no intermediate_size, so the MLP size is unknown")
    q, kv = shape.q_dim, shape.kv_dim
    if kind in BERT_STYLE:
        attention = 4 * (h * h + h)
        block = attention + 2 * h + (h * inter + inter) + (inter * h + h) + 2 * h
        pooler = 0 if kind == "distilbert" else h * h + h
        return shape.embedding_parameters + 2 * h + layers * block + pooler
    if shape.kind != "decoder":
        raise ShapeError(f"no parameter formula for {shape.kind} models of type {kind!r}")
    if kind == "gpt2":
        block = (
            2 * 2 * h + (h * 3 * h + 3 * h) + (h * h + h) + (h * inter + inter) + (inter * h + h)
        )
        return shape.embedding_parameters + layers * block + 2 * h
    if kind == "gpt_neox":
        block = (
            2 * 2 * h + (h * 3 * h + 3 * h) + (h * h + h) + (h * inter + inter) + (inter * h + h)
        )
        return shape.embedding_parameters + layers * block + 2 * h
    if kind == "phi":
        # Parallel attention and MLP after one LayerNorm; biases everywhere; lm_head has a bias.
        attention = h * q + q + 2 * (h * kv + kv) + q * h + h
        block = 2 * h + attention + (h * inter + inter) + (inter * h + h)
        head_bias = 0 if shape.tied_embeddings else shape.vocab
        return shape.embedding_parameters + head_bias + layers * block + 2 * h
    attention = h * q + 2 * h * kv + q * h
    if kind in QKV_BIAS:
        attention += q + 2 * kv
    if kind in QK_NORMS:
        attention += 2 * shape.head_dim
    matrices = 3 if kind in GATED_MLP else 2
    mlp = shape.experts * matrices * h * inter
    if shape.experts > 1:
        mlp += h * shape.experts  # the router
    norms = (4 if kind in FOUR_NORMS else 2) * h
    return shape.embedding_parameters + layers * (attention + mlp + norms) + h
