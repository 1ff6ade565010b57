"""``fuse_rms_norms`` and ``trim_last_mlp``: less work, and the logits read stay the same.

The models here are small ones built from a configuration with random weights: a stand-in for
the contract (same code path, same numbers), whose output is never shown.
"""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")

from hfguide.bench.fused import fuse_rms_norms, trim_last_mlp  # noqa: E402

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


def last_position_logits(model):
    """The last position's logits for left-padded prompts, as the letter scorer asks for them."""
    ids = torch.tensor([[0, 0, 17, 42, 9, 77, 3], [5, 1, 2, 3, 4, 5, 6]])
    mask = torch.tensor([[0, 0, 1, 1, 1, 1, 1], [1] * 7])
    with torch.no_grad():
        return model(input_ids=ids, attention_mask=mask, logits_to_keep=1).logits[:, -1]


def test_the_last_mlp_runs_at_the_last_position_and_its_logits_stay_the_same():
    model = tiny(transformers.LlamaConfig)
    before = last_position_logits(model)
    seen = []
    mlp = model.model.layers[-1].mlp
    mlp.register_forward_hook(lambda module, args, out: seen.append(tuple(args[0].shape)))
    assert trim_last_mlp(model) == 3 * 64 * 128  # gate, up and down projections
    after = last_position_logits(model)
    assert seen == [(2, 1, 64)]  # one position of each prompt, not seven
    assert torch.allclose(before, after, rtol=0, atol=1e-5)
    first = model.model.layers[0].mlp
    first.register_forward_hook(lambda module, args, out: seen.append(tuple(args[0].shape)))
    last_position_logits(model)
    assert seen[1] == (2, 7, 64)  # the other layers still run at every position


def test_decoder_layers_written_otherwise_are_not_trimmed():
    gemma = tiny(transformers.Gemma3TextConfig, sliding_window=8)
    assert not trim_last_mlp(gemma)
    assert not trim_last_mlp(torch.nn.Linear(2, 2))


def test_the_work_counted_leaves_out_the_trimmed_positions():
    from hfguide.bench import pass_flop

    model = tiny(transformers.LlamaConfig)
    full = pass_flop(model, 2, 7, 3)
    trimmed = trim_last_mlp(model)
    # Two rows of seven new tokens: the MLP skips six positions of each.
    assert pass_flop(model, 2, 7, 3, read_only_parameters=trimmed) == full - 2 * 2 * 6 * trimmed
    assert pass_flop(model, 2, 1, 3, read_only_parameters=trimmed) == pass_flop(model, 2, 1, 3)
