"""The memory planner: golden cases (shared with the browser), parsing, windows, training."""

from __future__ import annotations

import math

import pytest

from hfguide import planner
from hfguide.data import model_configs
from hfguide.planner import MemoryEstimateError
from tests.support.memory_cases import CASES, expected_values


@pytest.fixture(scope="module")
def shapes():
    return model_configs.load().shapes


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_golden_case(case, shapes):
    if "error" in case:
        with pytest.raises(MemoryEstimateError, match=case["error"]):
            planner.estimate(case["request"], shapes)
        return
    values = expected_values(planner.estimate(case["request"], shapes))
    for key, value in case["expect"].items():
        assert values[key] == (pytest.approx(value) if isinstance(value, float) else value), key


def test_accelerate_bytes_per_parameter():
    """accelerate's estimate-memory divides the float32 size by 1, 2, 4 and 8 for float32,
    float16, int8 and int4 (accelerate/commands/estimate.py, gather_data): 4, 2, 1 and 0.5 bytes."""
    for name, size in {"float32": 4, "float16": 2, "int8": 1, "int4": 0.5}.items():
        assert planner.bytes_per_parameter(name) == size
        assert planner.weights_gb(8_030_261_248, name) == pytest.approx(8.030261248 * size)


def test_gguf_bits_come_from_the_block_layouts():
    from gguf.constants import GGML_QUANT_SIZES, GGMLQuantizationType

    for name in ("Q4_0", "Q8_0", "Q6_K", "IQ4_XS"):
        block, size = GGML_QUANT_SIZES[GGMLQuantizationType[name]]
        assert planner.precision(name).bits == 8 * size / block
    assert planner.precision("Q4_0").bits == 4.5 and planner.precision("q8_0").bits == 8.5
    # The K-quant mixes keep some tensors at higher precision: above their main block type.
    q4k = 8 * 144 / 256
    assert q4k < planner.precision("Q4_K_M").bits < q4k + 0.5


@pytest.mark.parametrize(
    ("alias", "name"),
    [
        ("fp16", "float16"),
        ("half", "float16"),
        ("BF16", "bfloat16"),
        ("int8", "int8"),
        ("8bit", "int8"),
        ("int4", "int4"),
        ("4bit", "nf4"),
        ("fp8", "fp8"),
        ("GPTQ", "gptq-4bit"),
        ("gptq_8bit", "gptq-8bit"),
        ("q4_k_m", "Q4_K_M"),
        ("Q4_K", "Q4_K_M"),
    ],
)
def test_precision_aliases(alias, name):
    assert planner.precision(alias).name == name


@pytest.mark.parametrize(
    ("text", "value"),
    [("7B", 7e9), ("7 B", 7e9), ("1.5b", 1.5e9), ("350M", 3.5e8), ("7e9", 7e9), ("125k", 1.25e5)],
)
def test_parse_params(text, value):
    assert planner.parse_params(text) == value


@pytest.mark.parametrize(
    ("text", "tokens"), [("32k", 32768), ("128K", 131072), ("4096", 4096), ("1.5k", 1536)]
)
def test_parse_context_counts_in_powers_of_two(text, tokens):
    assert planner.parse_context(text) == tokens


@pytest.mark.parametrize(
    ("text", "value"), [("24GB", 24e9), ("24 GiB", 24 * 2**30), ("80", 80e9), ("512MiB", 2**29)]
)
def test_parse_memory(text, value):
    assert planner.parse_memory(text) == value


def test_max_context_is_the_edge_of_fitting(shapes):
    settings = dict(shape=shapes["meta-llama/Llama-3.1-8B"], precision_name="bf16")
    budget = 24e9
    longest = planner.max_context(budget, **settings)
    assert longest["limit"] == "memory"
    assert planner.plan(**settings, context=longest["tokens"]).total <= budget
    assert planner.plan(**settings, context=longest["tokens"] + 1).total > budget


def test_max_context_stops_at_the_models_own(shapes):
    shape = shapes["HuggingFaceTB/SmolLM2-135M"]
    assert planner.max_context(80e9, shape=shape) == {"tokens": shape.context, "limit": "model"}


def test_largest_batch_is_the_edge_of_fitting(shapes):
    settings = dict(shape=shapes["Qwen/Qwen2.5-7B"], precision_name="bf16", context=8192)
    batch = planner.max_batch(40e9, **settings)
    assert batch >= 1
    assert planner.plan(**settings, batch=batch).total <= 40e9
    assert planner.plan(**settings, batch=batch + 1).total > 40e9


def test_the_old_rule_of_thumb_fails_where_the_planner_does_not(shapes):
    """The issue's case: 1.2 × weights says 19.3 GB for Llama-3.1-8B at 128k; the KV alone is
    17.2 GB on top of 16 GB of weights."""
    result = planner.plan(shape=shapes["meta-llama/Llama-3.1-8B"], context=131072)
    assert result.term("kv") / 1e9 == pytest.approx(17.18, abs=0.01)
    old_rule = 1.2 * result.term("weights")
    assert old_rule / 1e9 == pytest.approx(19.27, abs=0.01)
    assert old_rule < result.term("weights") + result.term("kv") < result.total


def test_sliding_window_never_grows_the_cache(shapes):
    shape = shapes["mistralai/Mistral-7B-v0.1"]
    at_window = planner.kv_cache_bytes(shape, 4096, 1, 2)
    assert planner.kv_cache_bytes(shape, 65536, 1, 2) == at_window
    assert planner.kv_cache_bytes(shape, 2048, 1, 2) == at_window / 2


def test_training_terms_are_shown_with_their_assumptions(shapes):
    shape = shapes["meta-llama/Llama-3.1-8B"]
    full = planner.plan(shape=shape, train="full", context=2048)
    assert [t.key for t in full.terms] == [
        "weights",
        "gradients",
        "optimizer",
        "activations",
        "overhead",
    ]
    assert "master copy" in full.terms[2].note
    lora = planner.plan(shape=shape, train="lora", context=2048)
    qlora = planner.plan(shape=shape, train="qlora", context=2048)
    assert qlora.precision == "nf4-dq"
    assert qlora.term("weights") < lora.term("weights") / 2
    assert lora.term("adapters") == qlora.term("adapters")
    assert "rank 16" in lora.terms[1].note


def test_size_only_plans_say_what_is_missing():
    result = planner.plan(params=7e9, budget=100e9)
    assert result.missing == ["KV cache", "activations"]
    assert result.fits is None  # the known terms fit, the rest could decide it
    assert planner.plan(params=70e9, budget=10e9).fits is False


def test_browser_constants_are_the_modules():
    constants = planner.browser_constants()
    assert {p["name"]: p["bits"] for p in constants["precisions"]} == {
        p.name: p.bits for p in planner.PRECISIONS
    }
    assert constants["aliases"] == planner.ALIASES
    assert constants["runtimeBytes"] == planner.RUNTIME_BYTES
    assert constants["sizeBuckets"][-1] == ["70+", 70, None]
    assert all(math.isfinite(p["bits"]) for p in constants["precisions"])


@pytest.mark.parametrize(
    ("billions", "bucket"),
    [
        (None, "?"),
        (-1, "?"),
        (float("nan"), "?"),
        (0.5, "~1.5"),
        (1.99, "~1.5"),
        (2, "~1.5"),
        (2.01, "~3"),
        (4, "~3"),
        (8.03, "~7"),
        (9, "~7"),
        (9.01, "~13"),
        (20, "~13"),
        (44.9, "~35"),
        (45, "~35"),
        (69.9, "~60"),
        (70, "~60"),
        (70.01, "70+"),
        (140.6, "70+"),
    ],
)
def test_size_buckets(billions, bucket):
    assert planner.size_bucket(billions) == bucket


def test_fits_uses_the_overhead():
    # 7B in bfloat16: 14 GB of weights, 0.5 GB runtime, 5% slack = 15.2 GB.
    assert planner.inference_gb(7e9, "bfloat16") == pytest.approx(15.2)
    assert planner.fits(7e9, "bfloat16", 15.2)
    assert not planner.fits(7e9, "bfloat16", 15.1)
    with pytest.raises(MemoryEstimateError, match="budget must be positive"):
        planner.fits(7e9, "float16", 0)
