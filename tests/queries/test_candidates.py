"""The finder's candidates: Hub records and leaderboard rows joined without losing what either
knows, each fact with where it came from."""

from __future__ import annotations

from hfguide.data import hub_models, leaderboard, model_configs
from hfguide.data.hub_models import HubData
from hfguide.data.leaderboard import LeaderboardData
from hfguide.hub.client import ModelQuery
from hfguide.queries import candidates

WHEN = "2026-01-01T00:00:00Z"


def board_of(rows):
    return LeaderboardData(rows=rows, source="snapshot", created_at=WHEN, endpoint="")


def hub_of(records, task="text-generation"):
    return HubData(
        tasks={task: {"id": task, "label": task}},
        results={ModelQuery(task): records},
        source="snapshot",
        created_at=WHEN,
        endpoint="",
    )


def row(model_id, **fields):
    return {
        "id": model_id,
        "type": "chat",
        "params": None,
        "license": None,
        "average": 20.0,
        "flagged": False,
        "implausible": None,
        "merged": False,
        "precision": "bfloat16",
        "base": None,
        **fields,
    }


def by_id(found):
    return {r["id"]: r for r in found.rows}


def test_a_model_in_both_sources_keeps_the_leaderboard_size_and_shape():
    board, data = leaderboard.read(), hub_models.read()
    rows = by_id(candidates.build(data, board, model_configs.load()))
    on_the_hub = {r["id"] for r in data.records}
    sized = {r["id"] for r in board.rows if r.get("params") and not r.get("flagged")}
    both = sorted(sized & on_the_hub & set(rows))
    assert len(both) > 10
    for model_id in both:
        assert rows[model_id]["params"], model_id
    qwen = rows["Qwen/Qwen2.5-7B-Instruct"]
    assert qwen["shape"] and qwen["score"] is not None and qwen["score_date"]


def test_a_leaderboard_size_of_zero_or_less_is_no_size():
    board = board_of([row(f"org/m{i}", params=size) for i, size in enumerate([-1, 0, 7.0])])
    rows = by_id(candidates.build(hub_of([]), board, model_configs.load()))
    assert [rows[f"org/m{i}"]["params"] for i in range(3)] == [None, None, 7e9]


def test_missing_sizes_come_from_the_base_model_then_the_name_with_their_origin():
    records = [
        {
            "id": "org/base-model",
            "pipeline_tag": "text-generation",
            "parameters": 1_234_000_000,
            "read_at": WHEN,
            "languages": ["de", "fr"],
            "languages_source": "card",
            "license": "apache-2.0",
            "license_source": "card",
        },
        {
            "id": "org/tuned",
            "pipeline_tag": "text-generation",
            "read_at": WHEN,
            "tags": ["base_model:org/base-model"],
        },
        {"id": "org/Qwen3-8B-like", "pipeline_tag": "text-generation", "read_at": WHEN},
        {"id": "org/gemma-9-E4B", "pipeline_tag": "text-generation", "read_at": WHEN},
        {
            "id": "org/thing-bnb-4bit",
            "pipeline_tag": "text-generation",
            "read_at": WHEN,
            "parameters": 500_000_000,
            "tags": ["4-bit", "bitsandbytes"],
        },
    ]
    rows = by_id(candidates.build(hub_of(records), board_of([]), model_configs.load()))
    assert (rows["org/base-model"]["params"], rows["org/base-model"]["params_origin"]) == (
        1.234e9,
        "hub",
    )
    tuned = rows["org/tuned"]
    assert (tuned["params"], tuned["params_origin"], tuned["params_note"]) == (
        1.234e9,
        "base",
        "org/base-model",
    )
    assert tuned["languages"] == ["de", "fr"] and tuned["languages_origin"] == "base"
    assert tuned["license"] == "apache-2.0" and tuned["license_origin"] == "base"
    named = rows["org/Qwen3-8B-like"]
    assert (named["params"], named["params_origin"], named["params_note"]) == (8e9, "name", "8B")
    assert rows["org/gemma-9-E4B"]["params_note"] == "E4B (an effective size)"
    packed = rows["org/thing-bnb-4bit"]
    assert packed["params"] is None and "packed weights" in packed["params_note"]
    assert packed["formats"] == ["bitsandbytes", "4-bit"]


def test_flags_and_doubts_travel_with_the_row():
    board = board_of(
        [
            row("org/flagged-7b", params=7.0, flagged=True),
            row("org/doubted-7b", params=3.0, implausible=["listed at 3 B, but its name says 7B"]),
        ]
    )
    records = [
        {
            "id": "org/named-70b",
            "pipeline_tag": "text-generation",
            "read_at": WHEN,
            "parameters": 1_000_000_000,
        },
    ]
    rows = by_id(candidates.build(hub_of(records), board, model_configs.load()))
    assert rows["org/flagged-7b"]["flagged"] == [candidates.COMMUNITY_FLAG]
    assert rows["org/doubted-7b"]["flagged"] == ["listed at 3 B, but its name says 7B"]
    assert rows["org/named-70b"]["flagged"] == ["counted at 1 B parameters, but its name says 70B"]


def test_encoders_are_known_from_their_tags():
    records = [
        {
            "id": "org/bert-es",
            "pipeline_tag": "text-classification",
            "read_at": WHEN,
            "parameters": 110_000_000,
            "tags": ["transformers", "bert", "es"],
        },
        {
            "id": "org/t5-x",
            "pipeline_tag": "text-classification",
            "read_at": WHEN,
            "parameters": 60_000_000,
            "tags": ["t5"],
        },
    ]
    rows = by_id(
        candidates.build(hub_of(records, "text-classification"), board_of([]), model_configs.load())
    )
    assert (rows["org/bert-es"]["kind"], rows["org/bert-es"]["context"]) == ("encoder", 512)
    assert rows["org/bert-es"]["context_origin"] == "typical"
    assert rows["org/t5-x"]["kind"] == "encoder-decoder" and rows["org/t5-x"]["context"] is None


def test_the_origin_shares_count_every_row():
    found = candidates.build(hub_models.read(), leaderboard.read(), model_configs.load())
    for field in ("params", "languages", "license"):
        assert sum(found.origin_shares(field).values()) == len(found.rows)
    assert found.origin_shares("params").get("name", 0) > 0


def test_gated_comes_from_the_hub_record_and_is_unknown_without_one():
    said = {"meta/locked": "manual", "meta/auto": "auto", "open/plain": False, "old/record": None}
    records = [
        {"id": i, "pipeline_tag": "text-generation", "read_at": WHEN}
        | ({} if gated is None else {"gated": gated})
        for i, gated in said.items()
    ]
    rows = by_id(
        candidates.build(hub_of(records), board_of([row("board/only")]), model_configs.load())
    )
    assert {i: r["gated"] for i, r in rows.items()} == {
        "meta/locked": True,
        "meta/auto": True,
        "open/plain": False,
        "old/record": None,
        "board/only": None,
    }
