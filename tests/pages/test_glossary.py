"""Glossary facts checked against their sources: the installed transformers and gguf packages,
the leaderboard's own type labels, and the leaderboard data the markers draw from."""

from __future__ import annotations

import inspect
import re
from urllib.parse import unquote

import pytest

from hfguide.core.settings import DEFAULT_LEADERBOARD
from hfguide.data import leaderboard
from hfguide.data.leaderboard import TYPES
from hfguide.pages.leaderboard_markers import marker
from hfguide.queries.names import declared_domain, declared_tuning
from tests.support import ROOT

GLOSSARY = ROOT / "docs" / "glossary"


def linked_ids(markdown: str) -> list[str]:
    """The model ids a fragment links to (from the hrefs: the link texts are Markdown-escaped)."""
    return [unquote(u) for u in re.findall(r'<a href="https://huggingface\.co/([^"]+)">', markdown)]


def page(name: str) -> str:
    return (GLOSSARY / f"{name}.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def board():
    return leaderboard.read(DEFAULT_LEADERBOARD)


def test_gptq_bits_are_the_ones_transformers_supports():
    from transformers import GPTQConfig

    assert "supported numbers are (2, 3, 4, 8)" in inspect.getdoc(GPTQConfig)
    assert inspect.signature(GPTQConfig.__init__).parameters["group_size"].default == 128
    text = page("precision")
    assert "supports 2, 3, 4 and 8 bits" in text and "| 2, 3, 4 or 8, plus about 0.16 |" in text


def test_awq_fp8_and_bitsandbytes_configs_match_the_page():
    from transformers import AwqConfig, BitsAndBytesConfig, FineGrainedFP8Config

    awq = AwqConfig()
    assert (awq.bits, awq.group_size, awq.zero_point) == (4, 128, True)
    assert FineGrainedFP8Config().weight_block_size == (128, 128)
    config = BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_use_double_quant=True)
    assert config.load_in_4bit and config.bnb_4bit_use_double_quant
    text = page("precision")
    assert "quantization_config=BitsAndBytesConfig(load_in_4bit=True)" in text
    assert "defaults to 4 bits in groups of 128" in text and "128 × 128 weights" in text
    assert "compute capability 8.9" in text
    source = inspect.getsource(
        __import__("transformers.quantizers.quantizer_finegrained_fp8", fromlist=["x"])
    )
    assert "compute capability >= 8.9" in source


def test_gguf_bits_come_from_the_gguf_block_layouts(board):
    table = marker("gguf-bits", [], board)
    # Q4_K: 2 half-precision scales (4 bytes) + 12 bytes of 6-bit sub-scales + 128 bytes of 4-bit
    # values per 256 weights (llama.cpp's block_q4_K) = 144 bytes = 4.5 bits per weight.
    assert "| <code>Q4_K</code> | 256 | 144 | 4.5 |" in table
    assert "| <code>Q8_0</code> | 32 | 34 | 8.5 |" in table
    assert "<!-- hfguide:gguf-bits -->" in page("precision")


def test_zero_shot_default_hypothesis_template_is_quoted_as_transformers_has_it():
    from transformers.pipelines.zero_shot_classification import ZeroShotClassificationPipeline

    default = (
        inspect.signature(ZeroShotClassificationPipeline.preprocess)
        .parameters["hypothesis_template"]
        .default
    )
    text = (ROOT / "docs" / "run" / "zero-shot-classification.md").read_text(encoding="utf-8")
    assert f'default in transformers is `"{default}"`' in text


def test_the_index_lists_all_seven_types_and_says_who_declares_them(board):
    text = page("index")
    for _, label, _ in TYPES:
        assert f"| {label} |" in text or re.search(rf"\| \S+ {re.escape(label)} \|", text), label
    assert "declared by\nwhoever submitted the model" in text
    table = marker("types-declared", [], board)
    finetuned = [r for r in board.rows if r["type"] == "finetuned"]
    share = sum(r["chat_template"] for r in finetuned) / len(finetuned)
    assert f"{share:.0%} of the {len(finetuned):,} rows filed as *fine-tuned" in table
    assert all(f"| {label} |" in table for _, label, _ in TYPES)


def test_continuous_pretraining_may_include_instruction_data():
    assert 'may\ninclude IFT/chat data"' in page("pretrained")


def test_instruction_and_preference_pages_use_different_fitting_examples(board):
    shown = {}
    for kind in ("instruction", "preference"):
        text = marker("tuning-examples", [kind], board)
        ids = linked_ids(text)
        assert ids, kind
        for model_id in ids:
            row = next(r for r in board.rows if r["id"] == model_id)
            assert declared_tuning(row)[0] == kind, model_id
        shown[kind] = set(ids)
    assert not shown["instruction"] & shown["preference"]
    assert "<!-- hfguide:tuning-examples instruction -->" in page("instruction-tuned")
    assert "<!-- hfguide:tuning-examples preference -->" in page("rl-tuned")


def test_fine_tuned_page_shows_domain_fine_tunes(board):
    text = marker("domain-examples", [], board)
    ids = linked_ids(text)
    rows = [next(r for r in board.rows if r["id"] == i) for i in ids]
    assert len(rows) >= 3 and all(r["type"] == "finetuned" and declared_domain(r) for r in rows)
    assert len({declared_domain(r) for r in rows}) == len(rows)  # one example per domain
    assert "<!-- hfguide:domain-examples -->" in page("fine-tuned")


def test_size_page_states_right_closed_buckets_and_the_unit():
    text = page("size")
    assert 'closed="right"' in text and 'a 70.0 B model is "~60"' in text
    for name in ("size", "precision"):
        assert "GB of 10⁹ bytes" in " ".join(page(name).split()).replace("**", ""), name


def test_the_rl_tuned_page_covers_verifiable_rewards_grpo_and_reasoning_models():
    text = re.sub(r"\s+", " ", page("rl-tuned"))
    assert text.startswith("--- title: RL-tuned models (RLHF, DPO, RLVR, GRPO)")
    for source in ("2203.02155", "2305.18290", "2411.15124", "2402.03300"):
        assert f"(https://arxiv.org/abs/{source})" in text, source
    assert "## Rewards a program can check: RLVR and GRPO" in text
    assert "## Reasoning models" in text and "max_new_tokens" in text
    assert "Reinforcement Learning with Verifiable Rewards (RLVR)" in text
    assert "a variant of Proximal Policy Optimization (PPO)" in text
    index = re.sub(r"\s+", " ", page("index"))
    assert "(RLVR, GRPO)" in index


def board_of(*rows):
    from hfguide.data.leaderboard import LeaderboardData

    return LeaderboardData(
        rows=[dict(r) for r in rows], source="live", created_at="2026-01-01T00:00:00Z", endpoint=""
    )


def test_quantisation_cost_pairs_rows_of_one_model_or_its_base():
    from hfguide.pages.leaderboard_markers import quantisation_cost, quantised_pairs

    rows = [
        {"id": "a/model", "precision": "bfloat16", "average": 30.0},
        {"id": "a/model", "precision": "4bit", "average": 27.5},
        {"id": "b/base", "precision": "float16", "average": 20.0},
        {"id": "c/tuned-4bit", "precision": "4bit", "average": 19.0, "base": "b/base"},
        {"id": "d/alone", "precision": "4bit", "average": 10.0, "base": "x/nothing"},
    ]
    quantised, pairs = quantised_pairs(board_of(*rows))
    assert [r["id"] for r in quantised] == ["a/model", "c/tuned-4bit", "d/alone"]
    assert [(p.quantised["id"], p.full["id"], p.how, p.difference) for p in pairs] == [
        ("a/model", "a/model", "same model", -2.5),
        ("c/tuned-4bit", "b/base", "its base model", -1.0),
    ]
    text = quantisation_cost(board_of(*rows))
    assert "| -2.50 |" in text and "(its base model)" in text


def test_quantisation_cost_says_when_the_data_cannot_measure_it(board):
    from hfguide.planner.precisions import _LLAMA3_8B_GIB, LLAMA3_8B_PPL_INCREASE, precision

    text = marker("quantisation-cost", [], board)
    four_bit = [r for r in board.rows if r["precision"] == "4bit"]
    if four_bit and "cannot measure it" in text:
        assert f"only {len(four_bit)} of its rows were evaluated below 16 bits" in text
    # llama.cpp's table lists a size and a perplexity increase for each mixed preset.
    assert set(_LLAMA3_8B_GIB) <= set(LLAMA3_8B_PPL_INCREASE)
    assert "| <code>Q4_K_M</code> | 4.90 | +0.1754 |" in text
    increases = list(LLAMA3_8B_PPL_INCREASE.values())
    assert increases == sorted(increases) and all(precision(n) for n in LLAMA3_8B_PPL_INCREASE)
    assert "<!-- hfguide:quantisation-cost -->" in page("precision")
    assert "quality drops a little" not in re.sub(r"\s+", " ", page("precision"))


def test_precision_totals_come_from_the_planner():
    from hfguide import planner
    from hfguide.data import model_configs
    from hfguide.pages.memory_markers import precision_totals

    configs = model_configs.load()
    text = precision_totals(configs, "8k", "microsoft/phi-4")
    shape = configs.shapes[configs.find("microsoft/phi-4")]
    for name in ("bfloat16", "fp8", "int8", "nf4", "nf4-dq"):
        total = planner.plan(shape=shape, precision_name=name, context=8192).total
        assert f"{total / 1e9:.1f} GB" in text, name
    with pytest.raises(ValueError, match="no recorded config"):
        precision_totals(configs, "8k", "nobody/nothing")
