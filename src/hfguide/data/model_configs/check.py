"""What a configs snapshot keeps of a ``config.json``, and the checks a config (fetched or in a
snapshot) passes."""

from __future__ import annotations

from typing import Any

from hfguide.data.checks import non_finite
from hfguide.planner.shapes import FIELDS

FORMAT = 1
#: The fields kept from a config.json: those that decide size and memory, and what identifies
#: the architecture.
KEPT_FIELDS = (
    "architectures",
    "model_type",
    *(name for names in FIELDS.values() for name in names),
    "head_dim",
    "sliding_window",
    "use_sliding_window",
    "max_window_layers",
    "layer_types",
    "sliding_window_pattern",
    "tie_word_embeddings",
    "num_local_experts",
    "num_experts",
    "num_experts_per_tok",
    "torch_dtype",
    "is_encoder_decoder",
    "type_vocab_size",
    "hidden_dim",
)


def kept_fields(config: dict[str, Any]) -> dict[str, Any]:
    """The fields of ``config`` the planner uses (``KEPT_FIELDS``); the rest is not stored."""
    return {k: config[k] for k in KEPT_FIELDS if k in config}


def config_problem(config: Any) -> str | None:
    """What makes a config (its kept fields) unfit to keep, in a few words; ``None`` if fine."""
    if not isinstance(config, dict):
        return "is not a JSON object"
    if (where := non_finite(config)) is not None:
        return f"{where} is not a finite number"
    return None


def check_snapshot(value: dict[str, Any]) -> None:
    """Raise ``ValueError`` (or ``KeyError``) when ``value`` is not a configs snapshot."""
    if value.get("format") != FORMAT:
        raise ValueError(f"configs snapshot format {value.get('format')!r} is not {FORMAT}")
    configs = value["configs"]
    if not isinstance(configs, dict) or not all(
        isinstance(e, dict) and isinstance(e.get("config"), dict) for e in configs.values()
    ):
        raise ValueError("every recorded config needs a config object")
    for repo_id, entry in configs.items():
        if (problem := config_problem(entry["config"])) is not None:
            raise ValueError(f"the config of {str(repo_id)[:100]!r}: {problem}")
