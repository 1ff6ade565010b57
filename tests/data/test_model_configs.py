"""Model configs: read from a (replay) Hub, kept in the snapshot, shapes and parameter counts."""

from __future__ import annotations

import json

import pytest

from hfguide.core.settings import DEFAULT_CONFIGS
from hfguide.data import leaderboard, model_configs
from hfguide.data.model_configs import config_candidates
from hfguide.hub.client import HubClient
from hfguide.planner.shapes import ShapeError, parameter_count, shape_from_config
from hfguide.queries.model_shapes import MATCH_BASE, MATCH_OWN, MATCH_SIZE, shape_for
from hfguide.replay.configs import configs_from_snapshot
from hfguide.replay.server import ReplayHub
from tests.support import ROOT

COUNTS = json.loads((ROOT / "tests" / "cases" / "config-param-counts.json").read_text())


@pytest.fixture(scope="module")
def recorded():
    return model_configs.load()


def test_every_recorded_shape_recomputes_its_recorded_parameter_count(recorded):
    assert set(recorded.shapes) == set(COUNTS["counts"])
    for repo_id, count in COUNTS["counts"].items():
        assert parameter_count(recorded.shapes[repo_id]) == count, repo_id
    assert not recorded.problems


#: Rows whose leaderboard count is known not to be the model's own (configs/SOURCES.md): GPT-2
#: and Pythia count attention-mask buffers, gemma-2 rows are mislabelled or rounded to 9.0, and
#: Mistral-Nemo's own row says 11.58 where its eleven derived rows say 12.248.
LEADERBOARD_EXCEPTIONS = {
    "openai-community/gpt2",
    "EleutherAI/pythia-1.4b",
    "google/gemma-2-2b",
    "google/gemma-2-9b",
    "mistralai/Mistral-Nemo-Base-2407",
}


def test_counts_agree_with_the_leaderboard(recorded):
    """Where the leaderboard has rows for the model itself, one of their counts in billions
    agrees to the digits it gives (it rounds: 0.5 for Qwen2.5-0.5B's 0.494)."""

    counts: dict[str, list[float]] = {}
    for row in leaderboard.read().rows:
        if row.get("params"):
            counts.setdefault(row["id"], []).append(row["params"])

    def agrees(recomputed: float, given: float) -> bool:
        decimals = len(repr(float(given)).partition(".")[2].rstrip("0"))
        return abs(recomputed / 1e9 - given) <= 0.5 * 10**-decimals + 1e-12

    checked = 0
    for repo_id, shape in recorded.shapes.items():
        if repo_id in counts and repo_id not in LEADERBOARD_EXCEPTIONS:
            given = counts[repo_id]
            assert any(agrees(parameter_count(shape), g) for g in given), (repo_id, given)
            checked += 1
    assert checked >= 25


def test_the_snapshot_is_what_the_refresh_writes_from_a_replay(recorded, tmp_path):
    """Serve the snapshot's configs from a replay Hub, read them back with the refresh code:
    the same fields come back, through hf_hub_download (HEAD and GET, cached)."""
    hub = ReplayHub([], {})
    hub.model_files.update(configs_from_snapshot(DEFAULT_CONFIGS))
    with hub:
        client = HubClient(endpoint=hub.url, cache_dir=tmp_path, max_workers=4)
        asked = [*recorded.configs, "nobody/absent-model"]
        fetched = model_configs.fetch(client, asked)
        methods = {r["method"] for r in hub.requests if r["path"].endswith("/config.json")}
    assert {k: v["config"] for k, v in fetched.configs.items()} == {
        k: v["config"] for k, v in recorded.configs.items()
    }
    assert fetched.asked == len(asked) and "nobody/absent-model" not in fetched.configs
    assert methods == {"HEAD", "GET"}


def test_a_token_is_sent_and_never_written(recorded, tmp_path):
    hub = ReplayHub([], {})
    hub.model_files.update(configs_from_snapshot(DEFAULT_CONFIGS))
    with hub:
        client = HubClient(endpoint=hub.url, token="hf_secret", cache_dir=tmp_path)
        data = model_configs.fetch(client, ["google/gemma-2-2b"])
    assert any(r["authorization"] == "Bearer hf_secret" for r in hub.requests)
    assert "hf_secret" not in json.dumps(data.to_json())


def test_leaderboard_rows_map_by_id_then_base_then_size(recorded):
    assert shape_for(recorded, "Qwen/Qwen2.5-7B")[2] == MATCH_OWN
    found = shape_for(recorded, "someone/qwen-finetune", base="Qwen/Qwen2.5-7B")
    assert found[0] == "Qwen/Qwen2.5-7B" and found[2] == MATCH_BASE
    found = shape_for(recorded, "someone/merge", architecture="MistralForCausalLM", params=7.25e9)
    assert found[0].startswith("mistralai/Mistral-7B") and found[2] == MATCH_SIZE
    # Too far from any recorded size, or another architecture: no shape rather than a guess.
    assert shape_for(recorded, "x/y", architecture="MistralForCausalLM", params=9e9) is None
    assert shape_for(recorded, "x/y", architecture="FalconForCausalLM", params=7.2e9) is None


def test_candidates_come_from_the_leaderboard_and_the_hub_snapshot():
    rows = [
        {"id": "a/base", "base": None},
        {"id": "b/tune", "base": "a/base"},
        {"id": "c/tune", "base": "not/a-row"},
    ]
    hub = [
        {"id": "d/chat", "pipeline_tag": "text-generation", "tags": ["base_model:d/base"]},
        {"id": "e/vision", "pipeline_tag": "image-classification", "tags": []},
    ]
    wanted = config_candidates(rows, hub)
    assert {"a/base", "d/chat", "d/base"} <= set(wanted)
    assert not {"not/a-row", "e/vision", "b/tune"} & set(wanted)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"num_hidden_layers": -1}, "out of range"),
        ({"hidden_size": "4096"}, "whole number"),
        ({"num_key_value_heads": 5}, "cannot share"),
        ({"num_hidden_layers": None}, "no num_hidden_layers"),
        ({"sliding_window": 1.5}, "whole number"),
        ({"model_type": None}, "no model_type"),
    ],
)
def test_hostile_configs_are_refused(recorded, change, message):
    config = {**recorded.configs["meta-llama/Llama-3.1-8B"]["config"], **change}
    config["sliding_window"] = change.get("sliding_window")
    with pytest.raises(ShapeError, match=message):
        shape_from_config(
            {k: v for k, v in config.items() if v is not None or k == "sliding_window"}
        )
