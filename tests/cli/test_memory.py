"""``hfguide memory``: the breakdown it prints, the limits it finds and its one-line errors, all
from the committed snapshots (offline: no Hub, no weights; a model only the Hub has is in
tests/site/test_browser_any_model.py)."""

from __future__ import annotations

import pytest

from hfguide import planner
from hfguide.data import hub_models, leaderboard, model_configs


@pytest.fixture(autouse=True)
def offline(monkeypatch):
    """These read the recorded configs: the Hub is off, as a reader's HF_HUB_OFFLINE=1 has it."""
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    from hfguide.cli import main

    code = main(["memory", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_cli_breakdown_for_the_issues_case_offline(capsys):
    """`hfguide memory meta-llama/Llama-3.1-8B --precision bf16 --context 128k` with the Hub off:
    the KV cache is 17.2 GB = 16.0 GiB, from the recorded config."""
    code, out, _ = run_cli(
        capsys, "meta-llama/Llama-3.1-8B", "--precision", "bf16", "--context", "128k"
    )
    assert code == 0
    kv_line = next(line for line in out.splitlines() if line.startswith("KV cache"))
    assert kv_line.split()[3:5] == ["17.18", "16.00"]
    assert "own config" in out and "131,072 tokens" in out
    total = next(line for line in out.splitlines() if line.startswith("Total"))
    result = planner.plan(
        shape=model_configs.load().shapes["meta-llama/Llama-3.1-8B"], context=131072
    )
    assert total.split()[1] == f"{result.total / 1e9:,.2f}"


def test_cli_gpu_limits_and_units(capsys):
    code, out, _ = run_cli(
        capsys, "meta-llama/Llama-3.1-8B", "--context", "32k", "--gpu", "24GB", "--unit", "GiB"
    )
    assert code == 0
    assert out.splitlines()[3].split()[1:3] == ["GiB", "GB"]
    shape = model_configs.load().shapes["meta-llama/Llama-3.1-8B"]
    longest = planner.max_context(24e9, shape=shape, context=32768)
    assert f"Longest context that fits at batch 1: {longest['tokens']:,} tokens." in out
    batch = planner.max_batch(24e9, shape=shape, context=32768)
    assert f"Largest batch that fits at 32,768 tokens: {batch:,}." in out


def test_cli_says_when_not_even_one_sequence_fits(capsys):
    code, out, _ = run_cli(capsys, "meta-llama/Llama-3.1-8B", "--context", "128k", "--gpu", "24GB")
    assert code == 0
    assert "Largest batch that fits at 131,072 tokens: none (not even one sequence)." in out


def test_cli_maps_a_leaderboard_finetune_to_its_base(capsys):

    row = next(
        r
        for r in leaderboard.read().rows
        if r.get("base") == "Qwen/Qwen2.5-7B" and r["id"] not in model_configs.load().configs
    )
    code, out, _ = run_cli(capsys, row["id"], "--train", "lora", "--context", "2k")
    assert code == 0
    assert "base model's config, Qwen/Qwen2.5-7B" in out and "LoRA adapters" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["abc"], "neither a size"),
        (["7", "B", "--context", "-1"], "must be positive"),
        (["7B", "--batch", "0"], "must be positive"),
        (["7B", "--gpu", "lots"], "is not an amount of memory"),
        (["7B", "--unit", "MB"], "unknown unit"),
        (["7B", "--train", "rlhf"], "unknown training mode"),
    ],
)
def test_cli_bad_input_is_one_line(capsys, argv, message):
    code, out, err = run_cli(capsys, *argv)
    assert code == 2 and out == ""
    assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_cli_uses_the_base_model_the_hub_record_declares(capsys):
    """Llama-3.3-70B-Instruct's leaderboard row names no recorded base; its Hub record declares
    base_model:meta-llama/Llama-3.1-70B, which has a recorded config."""
    from hfguide.data.hub_models import base_model_of

    model_id = "meta-llama/Llama-3.3-70B-Instruct"
    record = next(r for rs in hub_models.read().results.values() for r in rs if r["id"] == model_id)
    assert base_model_of(record) == "meta-llama/Llama-3.1-70B"
    code, out, _ = run_cli(capsys, model_id, "--context", "8k")
    assert code == 0 and "base model's config, meta-llama/Llama-3.1-70B" in out


def test_cli_never_calls_a_context_beyond_the_model_a_fit(capsys):
    code, out, _ = run_cli(
        capsys, "HuggingFaceTB/SmolLM2-135M", "--context", "16k", "--gpu", "80GB"
    )
    assert code == 0
    assert "The model accepts at most 8,192 tokens" in out and "Fits in 80.00 GB: no." in out
    assert "Largest batch that fits at 8,192 tokens (the model's own maximum):" in out


def test_cli_names_a_model_nothing_knows(capsys):
    code, _, err = run_cli(capsys, "nobody/nothing")
    assert code == 2
    assert "HF_HUB_OFFLINE is set and there is no recorded config or leaderboard row" in err


def test_a_gated_model_with_a_recorded_config_uses_it_and_says_why(monkeypatch, capsys):
    """Online, the Hub answers 401 for the gated model's config.json: the command plans from the
    recorded config and says the Hub keeps it gated, with what to do (the gated page quotes it)."""
    from hfguide.queries.subjects import GATED_FIX
    from hfguide.replay.server import ReplayHub

    monkeypatch.delenv("HF_HUB_OFFLINE")
    with ReplayHub([{"id": "meta-llama/Llama-3.1-8B"}], {}) as hub:
        hub.gate("meta-llama/Llama-3.1-8B")
        monkeypatch.setenv("HF_ENDPOINT", hub.url)
        code, out, err = run_cli(capsys, "meta-llama/Llama-3.1-8B", "--context", "8k")
        asked = [r for r in hub.requests if "/resolve/" in r["path"]]
    assert code == 0, err
    assert asked and " ".join(out.split()).count(f"the Hub keeps it gated ({GATED_FIX})") == 1
