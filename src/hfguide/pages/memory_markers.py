"""Worked memory examples for hand-written pages, filled from data markers: a model's every term
in four precisions, its KV cache by context length, and the weights of a size in words.

Every number here comes from [`hfguide.planner`][hfguide.planner] with a recorded shape from the
configs snapshot; none is typed into a page.
"""

from __future__ import annotations

from typing import Any

from hfguide import planner
from hfguide.data.model_configs import ModelConfigs
from hfguide.pages.templates import macro
from hfguide.planner.shapes import Shape, parameter_count

EXAMPLE_PRECISIONS = ("bfloat16", "int8", "nf4", "Q4_K_M")
EXAMPLE_CONTEXTS = (4096, 32768, 131072)
EXAMPLE_GPU_GB = 24


def _shape(configs: ModelConfigs, model_id: str) -> tuple[str, Shape]:
    found = configs.find(model_id)
    if found is None:
        raise ValueError(f"no recorded config for {model_id}")
    return found, configs.shapes[found]


def _fragment(name: str, view: dict[str, Any]) -> str:
    return str(macro(name, "planner.md")(view))


def memory_example(configs: ModelConfigs, model_id: str, context_text: str) -> str:
    """A worked example: every term for one model at one context, in four precisions."""
    model_id, shape = _shape(configs, model_id)
    context = planner.parse_context(context_text)
    plans = [
        planner.plan(shape=shape, precision_name=p, context=context) for p in EXAMPLE_PRECISIONS
    ]
    keys = [t.key for t in plans[0].terms]
    rows = [
        {
            "label": plans[0].terms[i].label.split(" (")[0],
            "note": plans[0].terms[i].note if keys[i] != "weights" else "",
            "cells": [p.terms[i].bytes for p in plans],
        }
        for i in range(len(keys))
    ]
    budget = EXAMPLE_GPU_GB * planner.UNITS["GB"]
    view = {
        "model": model_id,
        "params": parameter_count(shape),
        "shape": shape,
        "context": context,
        "precisions": [p.precision for p in plans],
        "rows": rows,
        "totals": [p.total for p in plans],
        "gpu": EXAMPLE_GPU_GB,
        "longest": [
            planner.max_context(budget, shape=shape, precision_name=p)["tokens"]
            for p in EXAMPLE_PRECISIONS
        ],
        "units": planner.UNITS,
    }
    return _fragment("memory_example", view)


def context_table(configs: ModelConfigs, model_id: str) -> str:
    """KV cache and total by context length for one model in bfloat16."""
    model_id, shape = _shape(configs, model_id)
    contexts = [n for n in EXAMPLE_CONTEXTS if not shape.context or n <= shape.context]
    if shape.context and shape.context not in contexts:
        contexts.append(shape.context)  # the model's own maximum, when it is not a round one
    plans = [planner.plan(shape=shape, context=n) for n in contexts]
    view = {
        "model": model_id,
        "rows": [
            {
                "context": p.context,
                "kv": p.term("kv"),
                "weights": p.term("weights"),
                "total": p.total,
            }
            for p in plans
        ],
        "units": planner.UNITS,
        "windows": shape.windows(),
    }
    return _fragment("context_table", view)


#: The precisions of the GPU recipes' memory table: 16-bit, FP8, bitsandbytes 8-bit, and 4-bit
#: without and with double quantisation.
RECIPE_PRECISIONS = ("bfloat16", "fp8", "int8", "nf4", "nf4-dq")


def precision_totals(configs: ModelConfigs, context_text: str, *model_ids: str) -> str:
    """Total memory to run each model (its recorded shape) at one context, in each precision of
    ``RECIPE_PRECISIONS``, batch 1."""
    context = planner.parse_context(context_text)
    rows = []
    for wanted in model_ids:
        model_id, shape = _shape(configs, wanted)
        plans = [
            planner.plan(shape=shape, precision_name=p, context=context) for p in RECIPE_PRECISIONS
        ]
        rows.append(
            {
                "model": model_id,
                "params": parameter_count(shape),
                "totals": [p.total for p in plans],
                "bits": [planner.precision(p).bits for p in RECIPE_PRECISIONS],
            }
        )
    view = {
        "context": context,
        "precisions": [planner.precision(p) for p in RECIPE_PRECISIONS],
        "rows": rows,
        "units": planner.UNITS,
    }
    return _fragment("precision_totals", view)


def weights_example(size_text: str, *precisions: str) -> str:
    """One sentence: the weights of a model of that size in each precision."""
    params = planner.parse_params(size_text)
    parts = []
    for name in precisions:
        p = planner.precision(name)
        gb = planner.plan(params=params, precision_name=name).term("weights") / planner.UNITS["GB"]
        parts.append(f"{params / 1e9:g} × 10⁹ × {p.bits:g} ÷ 8 bytes = {gb:.2f} GB in {p.name}")
    return f"For a {params / 1e9:g}-billion-parameter model: " + "; ".join(parts) + "."


def marker(name: str, args: list[str], configs: ModelConfigs) -> str | None:
    """The Markdown for a planner marker, or None when ``name`` is not one."""
    if name == "weights-example":
        if len(args) < 2:
            raise ValueError("weights-example takes a size and one or more precisions")
        return weights_example(*args)
    if name == "memory-example":
        if len(args) != 2:
            raise ValueError("memory-example takes a model id and a context, e.g. 128k")
        return memory_example(configs, *args)
    if name == "precision-totals":
        if len(args) < 2:
            raise ValueError("precision-totals takes a context and one or more model ids")
        return precision_totals(configs, *args)
    if name == "context-table":
        if len(args) != 1:
            raise ValueError("context-table takes one model id")
        return context_table(configs, args[0])
    return None
