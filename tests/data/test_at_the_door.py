"""At the door: non-finite numbers, values of the wrong type and records that cannot be parsed
are dropped (or made unknown) one record at a time, before the disk cache, a snapshot or a page
keeps anything; the other records are kept.

Refreshes run end to end (``hfguide refresh``) against a replay Hub into a temporary folder, and
each test says what is on disk afterwards, byte for byte where the data must be kept."""

from __future__ import annotations

import json
import math

import pytest

from hfguide.data import hub_models, leaderboard, model_configs
from hfguide.data.leaderboard.check import row_problem
from hfguide.data.model_configs.check import KEPT_FIELDS, kept_fields
from hfguide.data.model_configs.fetch import BadConfig, read_config
from hfguide.data.source import load_hub_data
from hfguide.hub.client import HubClient
from hfguide.hub.transport import RetryPolicy
from hfguide.replay.server import Fault, ReplayHub
from tests.data.replayed import (
    CONFIG,
    SNAPSHOT_FILES,
    TASKS,
    generators,
    on_disk,
    record,
    refresh,
    world_hub,
    world_records,
)
from tests.support.leaderboard import RAW

FAST = RetryPolicy(attempts=3, backoff=0.01, max_backoff=0.02, timeout=20.0)


def client_for(hub: ReplayHub, **kw) -> HubClient:
    kw.setdefault("use_cache", False)
    return HubClient(endpoint=hub.url, retry=FAST, **kw)


def _refuse(name):
    raise AssertionError(f"the cache holds {name}")


NON_FINITE = [math.nan, math.inf, -math.inf]


@pytest.mark.parametrize("value", NON_FINITE, ids=["nan", "inf", "-inf"])
@pytest.mark.parametrize("field", ["downloads", "likes", "trendingScore", "safetensors.total"])
def test_a_non_finite_number_in_a_record_drops_that_record_only(
    monkeypatch, tmp_path, capsys, field, value
):
    records = world_records()
    bad = records[3]
    if field == "safetensors.total":
        bad["safetensors"] = {"parameters": {}, "total": value}
    else:
        bad[field] = value
    monkeypatch.setattr("hfguide.hub.transport.RetryPolicy.backoff", 0.01)
    with world_hub(records) as replay:
        monkeypatch.setenv("HF_ENDPOINT", replay.url)
        assert refresh(tmp_path) == 0
        assert [r["path"] for r in replay.requests].count("/api/models") == 6  # no retry
    printed = capsys.readouterr()
    assert f"left out record {bad['id']!r}" in printed.err and "Traceback" not in printed.err
    stored = hub_models.read(tmp_path / SNAPSHOT_FILES[0])
    assert {r["id"] for r in stored.records} == {r["id"] for r in records} - {bad["id"]}
    for name in SNAPSHOT_FILES:
        text = (tmp_path / name).read_text()
        assert "NaN" not in text and "Infinity" not in text


#: Records huggingface_hub's ModelInfo cannot parse (it would fail the whole listing), and
#: values of the wrong type that only the project's checks catch.
WRONG = [
    ("createdAt", "yesterday", "created_at has characters"),
    ("createdAt", 1_700_000_000, "created_at is not text"),
    ("createdAt", "2024-13-45T00:00:00.000Z", "created_at is not a real date"),
    ("createdAt", "99999-01-01T00:00:00.000Z", "created_at has characters"),
    ("lastModified", "0000-01-01T00:00:00.000Z", "last_modified is not a real date"),
    ("id", None, "has no id"),
    ("safetensors", "big", "safetensors is not an object"),
    ("cardData", "apache-2.0", "cardData is not an object"),
    ("downloads", "lots", "downloads is not a whole number"),
    ("likes", True, "likes is not a whole number"),
    ("tags", "transformers", "tags is not a list of text"),
    ("author", 7, "author is not text"),
    ("_recorded_at", "soon", "read_at has characters"),
]


@pytest.mark.parametrize(("field", "value", "problem"), WRONG, ids=[w[2] for w in WRONG])
def test_one_record_of_the_wrong_type_is_dropped_and_counted(
    monkeypatch, tmp_path, capsys, field, value, problem
):
    records = world_records()
    bad = dict(records[2])
    if value is None:
        del bad[field]
    else:
        bad[field] = value
    records[2] = bad
    monkeypatch.setattr("hfguide.hub.transport.RetryPolicy.backoff", 0.01)
    with world_hub(records) as replay:
        monkeypatch.setenv("HF_ENDPOINT", replay.url)
        assert refresh(tmp_path) == 0
        assert [r["path"] for r in replay.requests].count("/api/models") == 6  # none retried
    err = capsys.readouterr().err
    # One bad record, warned about and counted once across the three queries that hold it.
    assert "1 warnings:" in err and problem in err and "Traceback" not in err
    stored = hub_models.read(tmp_path / SNAPSHOT_FILES[0])
    assert {r["id"] for r in stored.records} == {r["id"] for r in world_records()} - {"lab/text-2"}
    assert sorted(on_disk(tmp_path)) == sorted(SNAPSHOT_FILES)


def test_an_answer_that_is_not_a_record_is_dropped_like_one(world):
    items = [record("lab/fill-0", "fill-mask", 0), "a string", [1, 2], None]
    world.inject(Fault("body", path="/api/models", body=json.dumps(items)))
    client = client_for(world)
    answer = hub_models.query_answer(client, hub_models.queries_for_tasks(["fill-mask"])[0])
    assert [r["id"] for r in answer.kept] == ["lab/fill-0"]
    assert [problem for _, problem in answer.dropped] == ["is not an object"] * 3


def test_too_many_bad_records_still_fail_the_refresh(world, kept, capsys):
    folder, before = kept
    bad = [{"id": f"bad/model-{i}", "createdAt": "never"} for i in range(8)]
    world.inject(Fault("body", path="/api/models", body=json.dumps(bad)))
    assert refresh(folder) == 2
    assert "model records failed the checks" in capsys.readouterr().err
    assert on_disk(folder) == before


#: Every numeric column of the leaderboard data set, with the row field it becomes.
BOARD_NUMBERS = {
    "#Params (B)": "params",
    "Hub ❤️": "likes",
    "CO₂ cost (kg)": "co2",
    "Average ⬆️": "average",
    **{column: key for key, column in leaderboard.BENCHMARKS},
}


@pytest.mark.parametrize("value", NON_FINITE, ids=["nan", "inf", "-inf"])
@pytest.mark.parametrize("column", BOARD_NUMBERS)
def test_a_non_finite_leaderboard_number_is_unknown(column, value):
    board = RAW.copy()
    board[column] = board[column].astype(float)
    board.loc[0, column] = value
    rows = {r["id"]: r for r in leaderboard.rows_from_frame(board)}
    assert len(rows) == len(RAW)  # no row lost
    assert rows[RAW.loc[0, "fullname"]][BOARD_NUMBERS[column]] is None  # unknown
    assert row_problem(rows[RAW.loc[0, "fullname"]]) is None


def test_a_leaderboard_with_non_finite_numbers_is_kept_with_them_unknown(
    monkeypatch, tmp_path, capsys
):
    """Every numeric column NaN in one row, +inf in the next, -inf in the third: the refresh
    writes every row, and a live fetch caches only strict JSON."""
    board = RAW.copy()
    for column in BOARD_NUMBERS:
        board[column] = board[column].astype(float)
        for row, value in enumerate(NON_FINITE):
            board.loc[row, column] = value
    monkeypatch.setattr("hfguide.hub.transport.RetryPolicy.backoff", 0.01)
    with world_hub(board=board) as replay:
        monkeypatch.setenv("HF_ENDPOINT", replay.url)
        assert refresh(tmp_path) == 0, capsys.readouterr().err
        live = leaderboard.fetch(client_for(replay, use_cache=True, cache_dir=tmp_path / "c"))
    stored = leaderboard.read(tmp_path / SNAPSHOT_FILES[1])
    assert len(stored.rows) == len(RAW) == len(live.rows)
    odd = {RAW.loc[row, "fullname"] for row in range(len(NON_FINITE))}
    for row in stored.rows:
        if row["id"] in odd:
            assert all(row[key] is None for key in BOARD_NUMBERS.values()), row
    text = (tmp_path / SNAPSHOT_FILES[1]).read_text()
    assert "NaN" not in text and "Infinity" not in text
    cached = list((tmp_path / "c").glob("*.json"))
    assert cached
    for path in cached:
        json.loads(path.read_text(), parse_constant=_refuse)


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity"])
@pytest.mark.parametrize("field", ["hidden_size", "num_hidden_layers", "vocab_size"])
def test_a_config_with_a_non_finite_number_is_left_out(world, tmp_path, capsys, field, value):
    bad = generators(world_records())[1]
    text = json.dumps({**CONFIG, field: 12345}).replace("12345", value)
    world.add_model_file(bad, "config.json", text.encode())
    assert refresh(tmp_path) == 0
    err = capsys.readouterr().err
    assert f"left out the config of {bad}: config.json: {field} is not a finite number" in err
    stored = model_configs.read(tmp_path / SNAPSHOT_FILES[2])
    assert bad not in stored.configs and len(stored.configs) == len(generators(world_records()))


#: Every field of a config the planner reads that holds a number.
NUMERIC_CONFIG_FIELDS = [
    name
    for name in KEPT_FIELDS
    if name
    not in {"architectures", "model_type", "layer_types", "torch_dtype", "tie_word_embeddings"}
    | {"use_sliding_window"}
]


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity"])
@pytest.mark.parametrize("field", NUMERIC_CONFIG_FIELDS)
def test_every_numeric_config_field_refuses_non_finite_numbers(tmp_path, field, value):
    path = tmp_path / "config.json"
    path.write_text(json.dumps({**CONFIG, field: 12345}).replace("12345", value))
    with pytest.raises(BadConfig, match=f"config.json: {field} is not a finite number"):
        read_config(path)
    path.write_text(
        json.dumps({**CONFIG, "rope_scaling": {"factor": 12345}}).replace("12345", value)
    )
    assert read_config(path) == kept_fields(CONFIG)  # a field it does not keep is no matter


def test_a_config_that_is_not_an_object_is_left_out_not_retried(world, tmp_path, capsys):
    bad = generators(world_records())[0]
    world.add_model_file(bad, "config.json", b"[1, 2, 3]")
    assert refresh(tmp_path) == 0
    assert f"left out the config of {bad}: config.json is not a JSON object" in (
        capsys.readouterr().err
    )
    assert [r["path"] for r in world.requests if r["method"] == "GET"].count(
        f"/{bad}/resolve/main/config.json"
    ) == 1


# -- the disk cache keeps only what passed the checks ------------------------------------------


def test_a_live_build_caches_only_checked_records(world, tmp_path):
    records = world_records()
    records[0]["downloads"] = math.nan
    records[1]["createdAt"] = "yesterday"
    cache = tmp_path / "cache"
    with ReplayHub(records, TASKS) as replay:
        data = load_hub_data(
            tmp_path / "absent.json", client=client_for(replay, use_cache=True, cache_dir=cache)
        )
        assert data.source == "live"
        sent = replay.request_count
        again = load_hub_data(
            tmp_path / "absent.json", client=client_for(replay, use_cache=True, cache_dir=cache)
        )
        assert replay.request_count == sent  # every answer came from the cache
    assert again.results == data.results
    assert {records[0]["id"], records[1]["id"]}.isdisjoint(r["id"] for r in data.records)
    texts = [p.read_text() for p in cache.glob("*.json")]
    assert texts, "the answers were cached"
    for text in texts:
        json.loads(text, parse_constant=_refuse)
        assert '"yesterday"' not in text
