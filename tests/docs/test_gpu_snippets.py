"""The snippets that need a GPU, checked against the installed libraries instead of run, and
the facts the GPU and GGUF pages state about transformers' quantizers, held to their code."""

from __future__ import annotations

import ast
import inspect
import re

import pytest
from pytest_examples import find_examples

from tests.support import ROOT

GPU_ATTRIBUTE = "data-needs-gpu"
GPU_SNIPPETS = [
    e for e in find_examples(ROOT / "docs") if e.prefix_settings().get(GPU_ATTRIBUTE) == "true"
]
GPU_PAGE = ROOT / "docs" / "run" / "gpu.md"
GGUF_PAGE = ROOT / "docs" / "run" / "gguf.md"


def page_text(path) -> str:
    """A page's prose on one line per paragraph, as a reader sees the sentences."""
    return re.sub(r"\s*\n\s*(?![-|#*!`\d])", " ", path.read_text(encoding="utf-8"))


def test_the_gpu_page_has_snippets_that_need_a_gpu():
    assert {e.path.name for e in GPU_SNIPPETS} == {"gpu.md"} and len(GPU_SNIPPETS) >= 2


def _run(node: ast.stmt, namespace: dict) -> None:
    exec(compile(ast.Module(body=[node], type_ignores=[]), "<snippet>", "exec"), namespace)


def _value(node: ast.expr, namespace: dict):
    return eval(compile(ast.Expression(body=node), "<snippet>", "eval"), namespace)


@pytest.mark.parametrize("example", GPU_SNIPPETS, ids=str)
def test_gpu_snippet_matches_the_installed_api(example):
    check_against_api(example.source)


@pytest.mark.parametrize(
    ("wrong", "fails"),
    [
        ("from transformers import BitsAndBytesConfigs", ImportError),
        ("q = BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_type='nf4')", AssertionError),
        (
            "m = AutoModelForCausalLM.from_pretrained('a/b', quantisation_config=None)",
            AssertionError,
        ),
        ("m = AutoModelForCausalLM.from_pretrained('a/b')\nm.memory_footprint()", AssertionError),
    ],
)
def test_the_api_check_catches_a_wrong_name(wrong, fails):
    imports = "from transformers import AutoModelForCausalLM, BitsAndBytesConfig\n"
    with pytest.raises(fails):
        check_against_api(imports + wrong)


def check_against_api(source: str) -> None:
    """Every import resolves; every configuration class the snippet builds takes each argument
    as a named parameter (not swallowed by ``**kwargs``) and keeps the value given;
    ``from_pretrained`` reads every keyword passed to it; every method or attribute called on
    the loaded model exists on transformers' models."""
    from transformers import PreTrainedModel

    tree = ast.parse(source)
    namespace: dict = {}
    reads = inspect.getsource(PreTrainedModel.from_pretrained)
    named = set(inspect.signature(PreTrainedModel.from_pretrained).parameters)
    model_names: set[str] = set()
    configs = 0
    # Only imports, constants and configurations run; loading and generating need the weights.
    for node in tree.body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            _run(node, namespace)  # an ImportError fails the test
            continue
        value = node.value if isinstance(node, ast.Assign | ast.Expr) else None
        if isinstance(node, ast.Assign) and isinstance(value, ast.Constant):
            _run(node, namespace)
        if not isinstance(value, ast.Call):
            continue
        func = value.func
        if isinstance(func, ast.Name) and func.id.endswith("Config"):
            parameters = inspect.signature(namespace[func.id].__init__).parameters
            config = _value(value, namespace)
            for keyword in value.keywords:
                assert keyword.arg in parameters, (func.id, keyword.arg)
                assert getattr(config, keyword.arg) == _value(keyword.value, namespace)
            configs += 1
            if isinstance(node, ast.Assign):
                _run(node, namespace)
        elif (
            isinstance(func, ast.Attribute)
            and func.attr == "from_pretrained"
            and isinstance(func.value, ast.Name)
            and func.value.id.startswith("AutoModel")
        ):
            for keyword in value.keywords:
                assert keyword.arg in named or f'kwargs.pop("{keyword.arg}"' in reads, keyword.arg
            if isinstance(node, ast.Assign):
                model_names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in model_names
            and node.attr != "config"
        ):
            assert hasattr(PreTrainedModel, node.attr), node.attr
    assert model_names, "the snippet loads a model"


# --- what the GPU page says about transformers' quantizers ------------------------------------


def test_bitsandbytes_defaults_are_the_ones_the_page_names():
    import torch
    from transformers import BitsAndBytesConfig
    from transformers.utils.import_utils import BITSANDBYTES_MIN_VERSION

    default = BitsAndBytesConfig(load_in_4bit=True)
    assert default.bnb_4bit_quant_type == "fp4"
    assert default.bnb_4bit_use_double_quant is False
    assert default.bnb_4bit_compute_dtype == torch.float32
    with pytest.raises(ValueError, match="only one can be used"):
        BitsAndBytesConfig(load_in_4bit=True, load_in_8bit=True)
    text = page_text(GPU_PAGE)
    assert "default 4-bit type is **`fp4`**" in text and "the default is `float32`" in text
    assert "(default `False`)" in text and "(both at once is an error)" in text
    assert f"`bitsandbytes` {BITSANDBYTES_MIN_VERSION} or newer" in text


def test_bitsandbytes_devices_are_asked_of_bitsandbytes_not_assumed():
    from transformers.integrations import bitsandbytes

    source = inspect.getsource(bitsandbytes.validate_bnb_backend_availability)
    assert 'getattr(bnb, "supported_torch_devices", set())' in source
    assert "It no longer requires CUDA itself" in page_text(GPU_PAGE)


def test_planner_figures_the_page_explains_are_bitsandbytes_storage():
    from hfguide.planner.precisions import precision

    assert precision("fp4").bits == precision("nf4").bits == 4.5
    assert precision("nf4-dq").bits == 4.127
    text = page_text(GPU_PAGE)
    assert "4.127 instead of 4.5 bits per weight" in text
    assert "<!-- hfguide:precision-totals 8k" in GPU_PAGE.read_text(encoding="utf-8")


def test_fp8_below_compute_capability_8_9_is_dequantized():
    from transformers.quantizers import quantizer_finegrained_fp8

    source = inspect.getsource(quantizer_finegrained_fp8)
    assert "(major < 8) or (major == 8 and minor < 9)" in source
    assert "self.quantization_config.dequantize = True" in source
    text = page_text(GPU_PAGE)
    assert "*dequantized to 16 bits*: 2 bytes per weight" in text
    assert "**dequantized to 16 bits**: 2 bytes per weight" in text


def test_pre_quantized_formats_need_what_the_table_says():
    from transformers.quantizers import (
        quantizer_awq,
        quantizer_gptq,
        quantizer_mxfp4,
        quantizer_nvfp4,
    )

    assert (quantizer_gptq.MIN_OPTIMUM_VERSION, quantizer_gptq.MIN_GPTQ_VERSION) == (
        "1.24.0",
        "1.4.3",
    )
    assert "gptq_supports_cpu = is_gptqmodel_available()" in inspect.getsource(quantizer_gptq)
    awq = inspect.getsource(quantizer_awq)
    assert "requires gptqmodel" in awq and "Casting to `torch.float16`" in awq
    mxfp4 = inspect.getsource(quantizer_mxfp4)
    assert "compute_capability >= (7, 5)" in mxfp4 and "default to dequantizing" in mxfp4
    nvfp4 = inspect.getsource(quantizer_nvfp4)
    refusal = "Loading pre-quantized NVFP4 checkpoints is not supported yet."
    assert refusal in nvfp4 and "if major < 10:" in nvfp4
    text = page_text(GPU_PAGE)
    assert "`optimum` 1.24.0 or newer and `gptqmodel` 1.4.3 or newer" in text
    assert refusal in text and "compute capability 7.5 or more" in text


def test_dtype_auto_is_the_default_of_from_pretrained():
    from transformers import PreTrainedModel

    source = inspect.getsource(PreTrainedModel.from_pretrained)
    assert re.search(r'if dtype is None:\s+dtype = "auto"', source)
    assert "it is transformers 5's default" in page_text(GPU_PAGE)


# --- what the GGUF page says about transformers' GGUF loader ----------------------------------


def test_only_three_gguf_architectures_stay_packed():
    from transformers.integrations.gguf.gguf_conversion_mapping import GGUF_ARCHS
    from transformers.quantizers import quantizer_gguf

    assert set(GGUF_ARCHS) == {"qwen35", "qwen35moe", "lfm2"}
    source = inspect.getsource(quantizer_gguf.GgufHfQuantizer.update_dtype)
    assert "if not self.supported:" in source and "torch.get_default_dtype()" in source
    text = page_text(GGUF_PAGE)
    assert "(`qwen35`, `qwen35moe` and `lfm2`)" in text
    assert "a GGUF file of this architecture loads in float32" in text


def test_the_runtime_table_has_every_format_and_runtime_and_cites_each_cell():
    text = GGUF_PAGE.read_text(encoding="utf-8")
    table = "| Format |" + text.split("| Format |", 1)[1].split("\n\n", 1)[0]
    head, _, *rows = table.splitlines()
    assert [c.strip() for c in head.split("|")[2:-1]] == [
        "transformers 5.24",
        "llama.cpp",
        "Ollama",
        "LM Studio",
        "vLLM",
        "TGI",
    ]
    formats = [r.split("|")[1].strip() for r in rows]
    for name in ("safetensors", "GGUF", "GPTQ", "AWQ", "bitsandbytes", "FP8", "MXFP4", "NVFP4"):
        assert any(name in f for f in formats), name
    notes = set(re.findall(r"^\[\^(\w)\]:", text, re.MULTILINE))
    for row in rows:
        for cell in row.split("|")[2:-1]:
            cited = re.findall(r"\[\^(\w)\]", cell)
            assert cited or cell.strip() == "not documented", row
            assert set(cited) <= notes
