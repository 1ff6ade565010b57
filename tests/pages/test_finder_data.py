"""The model finder's data: Hub records and leaderboard rows joined without losing what either
knows."""

from __future__ import annotations

from hfguide.data import hub_models, leaderboard, model_configs
from hfguide.data.leaderboard import LeaderboardData
from hfguide.pages import finder


def test_a_model_in_both_sources_keeps_the_leaderboard_size_and_shape():
    board = leaderboard.read()
    data = hub_models.read()
    found = finder.finder_data(data, board, model_configs.load(), [])
    rows = {values[0]: dict(zip(found["columns"], values, strict=True)) for values in found["rows"]}
    on_the_hub = {r["id"] for records in data.results.values() for r in records}
    sized = {r["id"]: r["params"] for r in board.rows if r.get("params") and not r.get("flagged")}
    both = sorted(set(sized) & on_the_hub & set(rows))
    assert len(both) > 10
    for model_id in both:
        assert rows[model_id]["params"], model_id
    assert rows["Qwen/Qwen2.5-7B-Instruct"]["shape"]  # planned with its shape, KV cache included
    assert rows["Qwen/Qwen2.5-7B-Instruct"]["score"] is not None


def test_a_leaderboard_size_of_zero_or_less_is_no_size():
    rows = [
        {"id": f"org/m{i}", "params": size, "average": 20.0, "type": "chat", "license": "mit"}
        for i, size in enumerate([-1, 0, 7.0])
    ]
    board = LeaderboardData(
        rows=rows, source="snapshot", created_at="2026-01-01T00:00:00Z", endpoint=""
    )
    found = finder.finder_data(hub_models.read(), board, model_configs.load(), [])
    sizes = {v[0]: dict(zip(found["columns"], v, strict=True))["params"] for v in found["rows"]}
    assert (sizes["org/m0"], sizes["org/m1"], sizes["org/m2"]) == (None, None, 7e9)
