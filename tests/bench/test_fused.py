"""``fuse_rms_norms``: Llama-style norms get the fused kernel, and the logits stay the same.

The models here are small ones built from a configuration with random weights: a stand-in for
the contract (same code path, same numbers), whose output is never shown.
"""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")

from hfguide.bench.fused import fuse_rms_norms  # noqa: E402

LAYERS = 2


def tiny(config_class, **extra):
    config = config_class(
        vocab_size=128,
        hidden_size=64,
        intermediate_size=128,
        num_hidden_layers=LAYERS,
        num_attention_heads=4,
        num_key_value_heads=2,
        head_dim=16,
        max_position_embeddings=64,
        **extra,
    )
    torch.manual_seed(0)
    model = transformers.AutoModelForCausalLM.from_config(config).eval()
    for module in model.modules():  # norms start at ones: make them matter
        if "RMSNorm" in type(module).__name__:
            torch.nn.init.normal_(module.weight, 1.0, 0.2)
    return model


def logits(model):
    ids = torch.tensor([[5, 17, 42, 9, 77, 3], [1, 2, 3, 4, 5, 6]])
    with torch.no_grad():
        return model(input_ids=ids).logits


@pytest.mark.parametrize("config_class", [transformers.LlamaConfig, transformers.Qwen2Config])
def test_llama_style_norms_are_fused_and_the_logits_stay_the_same(config_class):
    model = tiny(config_class)
    before = logits(model)
    assert fuse_rms_norms(model) == 2 * LAYERS + 1  # two per layer and the final one
    after = logits(model)
    assert torch.allclose(before, after, rtol=0, atol=1e-5)
    assert fuse_rms_norms(tiny(config_class)) == 2 * LAYERS + 1


def test_norms_computed_otherwise_keep_their_own_code():
    gemma = tiny(transformers.Gemma3TextConfig, sliding_window=8)
    assert fuse_rms_norms(gemma) == 0


def test_only_float32_models_are_changed():
    model = tiny(transformers.LlamaConfig).to(torch.bfloat16)
    assert fuse_rms_norms(model) == 0
