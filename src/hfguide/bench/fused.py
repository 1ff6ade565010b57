"""Less work in the forward pass of a Llama-style model.

* RMS normalization in one kernel, where a model's own code computes the same thing in six
  (``fuse_rms_norms``).
* The last decoder layer's MLP at the last position only (``trim_last_mlp``).

Llama and the models whose code is copied from it (Qwen2, Qwen3, Mistral, SmolLM3 and others)
normalize with ``weight * (x * rsqrt(mean(x²) + eps))`` written as separate tensor operations:
each reads and writes the whole activation. ``torch.nn.functional.rms_norm`` does it in one pass.
On a CPU, where those operations are bound by memory rather than arithmetic, the difference is a
few percent of a forward pass.

Only a module whose ``forward`` is, line for line, the code of transformers' ``LlamaRMSNorm``
is changed, and only in float32, where the fused kernel gives the same numbers (a test checks
the logits of a small model both ways). Models that normalize otherwise (Gemma scales by
``1 + weight``) keep their own code.

The MLP of a decoder layer works on each position alone, and after the last layer nothing mixes
positions again: a caller that reads the logits of the last position only (``logits_to_keep=1``,
prompts padded on the left) needs that layer's MLP at that position alone. The attention before it,
whose keys and values the cache keeps, still runs at every position. The hidden states the model
returns for the other positions are then not the model's; only the last one is.

torch and transformers are imported inside the functions that use them: they take seconds to
load.
"""

from __future__ import annotations

import inspect
from functools import cache
from typing import Any


@cache
def _source(cls: type) -> str | None:
    try:
        return inspect.getsource(cls.forward)
    except (OSError, TypeError, AttributeError):
        return None


def _llama_source(name: str) -> str | None:
    try:
        from transformers.models.llama import modeling_llama
    except ImportError:
        return None
    cls = getattr(modeling_llama, name, None)
    return _source(cls) if isinstance(cls, type) else None


def _fused_forward(module: Any) -> Any:
    from torch.nn.functional import rms_norm

    shape = tuple(module.weight.shape)

    def forward(hidden_states: Any) -> Any:
        return rms_norm(hidden_states, shape, module.weight, module.variance_epsilon)

    return forward


def fuse_rms_norms(model: Any) -> int:
    """Give each of the model's Llama-style RMS norms the fused kernel (float32 models only).

    Args:
        model: A loaded ``torch.nn.Module``.

    Returns:
        How many modules now use the fused kernel.
    """
    import torch

    reference = _llama_source("LlamaRMSNorm")
    if reference is None or getattr(model, "dtype", None) != torch.float32:
        return 0
    fused = 0
    for module in model.modules():
        if (
            _source(type(module)) == reference
            and isinstance(getattr(module, "weight", None), torch.Tensor)
            and isinstance(getattr(module, "variance_epsilon", None), float)
        ):
            module.forward = _fused_forward(module)
            fused += 1
    return fused


def _last_position(module: Any, args: tuple[Any, ...]) -> tuple[Any, ...]:
    return (args[0][:, -1:], *args[1:])


def trim_last_mlp(model: Any) -> int:
    """Run the last decoder layer's MLP (and the norm before it) at the last position only, when
    that layer's ``forward`` is, line for line, the code of transformers' ``LlamaDecoderLayer``.

    Only for a caller that reads nothing but the last position's logits.

    Args:
        model: A loaded ``torch.nn.Module``.

    Returns:
        The parameters of the MLP's linear layers (which now run at one position), or 0 when
        the model was left as it was.
    """
    import torch

    reference = _llama_source("LlamaDecoderLayer")
    layers = [m for m in model.modules() if _source(type(m)) == reference]
    norm = getattr(layers[-1], "post_attention_layernorm", None) if reference and layers else None
    mlp = getattr(layers[-1], "mlp", None) if layers else None
    if norm is None or mlp is None:
        return 0
    norm.register_forward_pre_hook(_last_position)
    return sum(m.weight.numel() for m in mlp.modules() if isinstance(m, torch.nn.Linear))
