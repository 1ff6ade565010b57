"""Memory arithmetic: weights by precision, the inference rule of thumb, size buckets."""

from __future__ import annotations

import math

import pytest

from hfguide.planner import memory
from hfguide.planner.memory import MemoryEstimateError

from tests.support.memory_cases import CASES


@pytest.mark.parametrize(("params", "precision", "weights", "inference"), CASES)
def test_weights_and_inference(params, precision, weights, inference):
    assert memory.weights_gb(params, precision) == pytest.approx(weights)
    assert memory.inference_gb(params, precision) == pytest.approx(inference)


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
    assert memory.size_bucket(billions) == bucket


def test_fits_uses_the_overhead():
    assert memory.fits(7e9, "bfloat16", 16.8)
    assert not memory.fits(7e9, "bfloat16", 16.7)
    assert memory.fits(7e9, "4bit", 8)


def test_kv_cache_for_a_known_config():
    # A Llama-2-7B-like shape: 32 layers, 32 KV heads of 128 dims, 4096 tokens, fp16 values.
    assert memory.kv_cache_gb(layers=32, kv_heads=32, head_dim=128, context=4096) == pytest.approx(
        2.147483648
    )
    assert memory.kv_cache_gb(
        layers=32, kv_heads=8, head_dim=128, context=4096, batch=4
    ) == pytest.approx(2.147483648)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: memory.weights_gb(7e9, "fp8"), "unknown precision 'fp8'"),
        (lambda: memory.weights_gb(-3, "float16"), "must be positive"),
        (lambda: memory.weights_gb(float("nan"), "float16"), "must be a number"),
        (lambda: memory.fits(7e9, "float16", 0), "budget must be positive"),
        (
            lambda: memory.kv_cache_gb(layers=0, kv_heads=1, head_dim=1, context=1),
            "layers must be positive",
        ),
        (lambda: memory.parse_params("seven"), "not a parameter count"),
    ],
)
def test_bad_input_is_a_clear_error(call, message):
    with pytest.raises(MemoryEstimateError, match=message):
        call()


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("7B", 7e9),
        ("1.5b", 1.5e9),
        ("350M", 3.5e8),
        ("7e9", 7e9),
        ("7_000_000_000", 7e9),
        ("125k", 1.25e5),
    ],
)
def test_parse_params(text, value):
    assert memory.parse_params(text) == value


def test_browser_constants_mirror_the_module():
    constants = memory.browser_constants()
    assert constants["bytesPerParameter"] == memory.BYTES_PER_PARAMETER
    assert constants["overheadFactor"] == memory.OVERHEAD_FACTOR
    assert constants["sizeBuckets"][-1] == ["70+", 70, None]
    assert all(
        not isinstance(v, float) or math.isfinite(v)
        for b in constants["sizeBuckets"]
        for v in b[1:]
        if v
    )
