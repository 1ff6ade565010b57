"""RMS normalization in one kernel, where a model's own code computes the same thing in six.

Llama and the models whose code is copied from it (Qwen2, Qwen3, Mistral, SmolLM3 and others)
normalize with ``weight * (x * rsqrt(mean(x²) + eps))`` written as separate tensor operations:
each reads and writes the whole activation. ``torch.nn.functional.rms_norm`` does it in one pass.
On a CPU, where those operations are bound by memory rather than arithmetic, the difference is a
few percent of a forward pass.

Only a module whose ``forward`` is, line for line, the code of transformers' ``LlamaRMSNorm``
is changed, and only in float32, where the fused kernel gives the same numbers (a test checks
the logits of a small model both ways). Models that normalize otherwise (Gemma scales by
``1 + weight``) keep their own code.

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


def _llama_norm_source() -> str | None:
    try:
        from transformers.models.llama.modeling_llama import LlamaRMSNorm
    except ImportError:
        return None
    return _source(LlamaRMSNorm)


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

    reference = _llama_norm_source()
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
