"""How much arithmetic a forward pass does, and how fast this machine multiplies matrices of the
model's own shapes: the two figures that say how near the machine's limit the letter scorer runs.

A causal language model's forward pass over ``t`` new tokens costs, in floating-point operations:

* ``2 t P`` in its decoder's linear layers (``P`` their weights: attention projections and the
  MLP; the embedding is a look-up and costs nothing);
* ``4 t k h d L`` in attention, each new token against ``k`` keys (cached ones included), with
  ``h`` heads of ``d`` dimensions in ``L`` layers (scores, then the weighted sum of values);
* ``2 r H V`` in the output layer for the ``r`` positions read (hidden size ``H``, vocabulary
  ``V``).

``matmul_gflops`` times the decoder's linear layers alone as plain matrix products over the same
number of tokens: what the machine reaches on these shapes, the ceiling a forward pass can come
near but not pass.

torch is imported inside the functions that use it: it takes seconds to load.
"""

from __future__ import annotations

import time
from typing import Any


def decoder_linears(model: Any) -> list[Any]:
    """The weights of the linear layers of the model's decoder (not the output layer)."""
    import torch

    decoder = model.get_decoder() if hasattr(model, "get_decoder") else model
    return [m.weight for m in decoder.modules() if isinstance(m, torch.nn.Linear)]


def linear_parameters(model: Any) -> int:
    """How many weights the decoder's linear layers hold: the ``P`` of ``2 t P``."""
    return sum(w.numel() for w in decoder_linears(model))


def pass_flop(
    model: Any,
    batch: int,
    new_tokens: int,
    past_tokens: int,
    read: int = 1,
    read_only_parameters: int = 0,
) -> int:
    """The floating-point operations of one forward pass of ``batch`` rows.

    Args:
        model: The causal language model.
        batch: Rows in the batch.
        new_tokens: Tokens computed per row (padding included: it is computed too).
        past_tokens: Tokens already in the cache, per row.
        read: Positions per row at which the output layer runs.
        read_only_parameters: Parameters of linear layers that, like the output layer, run only
            at the ``read`` positions (a last MLP trimmed by ``trim_last_mlp``).
    """
    config = (
        model.config.get_text_config() if hasattr(model.config, "get_text_config") else model.config
    )
    heads = config.num_attention_heads
    head_dim = getattr(config, "head_dim", None) or config.hidden_size // heads
    layers = config.num_hidden_layers
    tokens = batch * new_tokens
    keys = past_tokens + new_tokens
    linear = 2 * tokens * linear_parameters(model)
    linear -= 2 * batch * max(new_tokens - read, 0) * read_only_parameters
    attention = 4 * tokens * keys * heads * head_dim * layers
    output = 2 * batch * read * config.hidden_size * config.vocab_size
    return linear + attention + output


def matmul_gflops(model: Any, tokens: int, repeats: int = 3) -> float:
    """GFLOP/s of the decoder's linear layers as plain matrix products over ``tokens`` tokens.

    Each linear layer's weight multiplies a matrix of ``tokens`` random rows, one layer after the
    other as in a forward pass; the best of ``repeats`` passes counts (after one unmeasured).

    Args:
        model: The causal language model (its weights, dtype and device are used).
        tokens: Rows of the input matrices: the tokens of a typical batch.
        repeats: Passes measured.
    """
    import torch

    weights = decoder_linears(model)
    inputs = {
        (w.shape[1], w.dtype, w.device): torch.randn(
            tokens, w.shape[1], dtype=w.dtype, device=w.device
        )
        for w in weights
    }
    flop = 2 * tokens * sum(w.numel() for w in weights)
    best = float("inf")
    with torch.no_grad():
        for attempt in range(repeats + 1):
            start = time.perf_counter()
            for w in weights:
                torch.nn.functional.linear(inputs[(w.shape[1], w.dtype, w.device)], w)
            if w.device.type == "cuda":
                torch.cuda.synchronize()
            if attempt:
                best = min(best, time.perf_counter() - start)
    return flop / best / 1e9
