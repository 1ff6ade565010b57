"""Snapshot refresh, atomic writes, and the live-or-snapshot choice a build makes."""

from __future__ import annotations

import json

import pytest

from hfguide.core.settings import DEFAULT_SNAPSHOT
from hfguide.data import hub_models
from hfguide.data.hub_models import HubData
from hfguide.data.provenance import SnapshotError
from hfguide.data.source import load_hub_data
from hfguide.hub.client import HubClient, ModelQuery
from hfguide.hub.errors import HubError
from hfguide.hub.transport import RetryPolicy
from hfguide.replay.recorded import records_from_snapshot
from hfguide.replay.server import Fault, ReplayHub

FAST = RetryPolicy(attempts=2, backoff=0.01, timeout=2.0)


def client_for(url: str) -> HubClient:
    return HubClient(endpoint=url, use_cache=False, retry=FAST)


def fetch_and_write(path, *, client: HubClient, limit: int = 30) -> HubData:
    """The Hub snapshot alone, fetched and written the way ``hfguide refresh`` writes it."""
    data = hub_models.fetch(client, limit=limit)
    hub_models.write(data, path)
    return data


def test_refresh_writes_every_query_with_read_dates(replay_hub, tmp_path):
    path = tmp_path / "snap.json"
    data = fetch_and_write(path, client=client_for(replay_hub.url))
    stored = json.loads(path.read_text())
    assert set(stored["tasks"]) == {"text-classification", "fill-mask", "image-classification"}
    assert len(stored["queries"]) == 3 * 3
    assert stored["endpoint"] == replay_hub.url
    by_downloads = next(
        q
        for q in stored["queries"]
        if q["task"] == "text-classification" and q["sort"] == "downloads"
    )
    assert by_downloads["ids"] == [
        "beta/sentiment-old",
        "acme/classify-large",
        "acme/classify-small",
        "beta/news-topics",
    ]
    assert stored["models"]["beta/sentiment-old"]["read_at"] == "2025-03-21"
    assert data.read_dates() == ("2025-03-21", "2026-05-04")
    assert not [p for p in tmp_path.iterdir() if p.name != "snap.json"]  # no temporary files left


def test_snapshot_round_trip(replay_hub, tmp_path):
    path = tmp_path / "snap.json"
    written = fetch_and_write(path, client=client_for(replay_hub.url))
    loaded = hub_models.read(path)
    assert loaded.source == "snapshot"
    assert loaded.results == written.results
    assert loaded.tasks == written.tasks


def test_failed_refresh_leaves_the_previous_snapshot(replay_hub, tmp_path):
    path = tmp_path / "snap.json"
    fetch_and_write(path, client=client_for(replay_hub.url))
    before = path.read_bytes()
    replay_hub.inject(Fault("status", path="/api/models", status=500))
    with pytest.raises(HubError):
        fetch_and_write(path, client=client_for(replay_hub.url))
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["snap.json"]


def test_interrupted_write_leaves_the_previous_snapshot(replay_hub, tmp_path, monkeypatch):
    path = tmp_path / "snap.json"
    data = fetch_and_write(path, client=client_for(replay_hub.url))
    before = path.read_bytes()

    def explode(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("os.fsync", explode)
    with pytest.raises(OSError, match="disk full"):
        fetch_and_write(path, client=client_for(replay_hub.url))
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["snap.json"]
    assert data.results


def test_build_uses_live_data_when_the_hub_answers(replay_hub, tmp_path):
    data = load_hub_data(tmp_path / "absent.json", client=client_for(replay_hub.url))
    assert data.source == "live"
    assert [r["id"] for r in data.results[ModelQuery("fill-mask")]] == ["gamma/masker"]


def test_build_falls_back_to_the_snapshot_when_the_hub_is_unreachable(
    replay_hub, tmp_path, closed_port_url
):
    path = tmp_path / "snap.json"
    fetch_and_write(path, client=client_for(replay_hub.url))
    data = load_hub_data(path, client=client_for(closed_port_url))
    assert data.source == "snapshot"
    assert "could not be queried" in data.note


def test_build_falls_back_when_one_query_fails(replay_hub, tmp_path):
    path = tmp_path / "snap.json"
    fetch_and_write(path, client=client_for(replay_hub.url))
    replay_hub.inject(Fault("status", path="/api/models", status=503))
    data = load_hub_data(path, client=client_for(replay_hub.url))
    assert data.source == "snapshot"  # never a mix of live and recorded numbers


def test_offline_mode_reads_the_snapshot_without_any_request(replay_hub, tmp_path, monkeypatch):
    path = tmp_path / "snap.json"
    fetch_and_write(path, client=client_for(replay_hub.url))
    sent = replay_hub.request_count
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    data = load_hub_data(path, client=client_for(replay_hub.url))
    assert data.source == "snapshot" and "HF_HUB_OFFLINE" in data.note
    assert replay_hub.request_count == sent


def test_hfguide_data_snapshot_forces_the_snapshot(replay_hub, tmp_path, monkeypatch):
    path = tmp_path / "snap.json"
    fetch_and_write(path, client=client_for(replay_hub.url))
    monkeypatch.setenv("HFGUIDE_DATA", "snapshot")
    assert load_hub_data(path, client=client_for(replay_hub.url)).source == "snapshot"


def test_no_hub_and_no_snapshot_is_a_clear_error(tmp_path, closed_port_url):
    with pytest.raises(SnapshotError, match="hfguide refresh"):
        load_hub_data(tmp_path / "missing.json", client=client_for(closed_port_url))


def test_damaged_snapshot_is_a_clear_error(tmp_path):
    path = tmp_path / "snap.json"
    path.write_text('{"format": 1, "models": {}}')
    with pytest.raises(SnapshotError, match=r"snap.json is not a valid hfguide Hub snapshot \("):
        hub_models.read(path)
    path.write_text("not json")
    with pytest.raises(SnapshotError, match="not JSON.*hfguide refresh.*git checkout"):
        hub_models.read(path)


def test_committed_snapshot_is_complete():
    data = hub_models.read(DEFAULT_SNAPSHOT)
    assert isinstance(data, HubData)
    for task_id in data.tasks:
        for sort in ("downloads", "likes", "trending_score"):
            assert ModelQuery(task_id, sort=sort) in data.results
    records = [r for rs in data.results.values() for r in rs]
    assert all(r.get("read_at") for r in records)
    assert all(r.get("pipeline_tag") in data.tasks for r in records)


def test_replaying_the_committed_snapshot_reproduces_it(tmp_path):
    records, tasks = records_from_snapshot(DEFAULT_SNAPSHOT)
    with ReplayHub(records, tasks) as hub:
        again = fetch_and_write(
            tmp_path / "again.json", client=HubClient(endpoint=hub.url, use_cache=False, retry=FAST)
        )
    original = hub_models.read(DEFAULT_SNAPSHOT)
    assert again.tasks == original.tasks
    assert again.results == original.results


GATED_RECORDS = [
    {"id": "meta-llama/Llama-3.1-8B", "pipeline_tag": "text-generation", "downloads": 9},
    {"id": "open/model", "pipeline_tag": "text-generation", "downloads": 8, "gated": False},
    {"id": "auto/model", "pipeline_tag": "text-generation", "downloads": 7, "gated": "auto"},
    {"id": "old/record", "pipeline_tag": "text-generation", "downloads": 6},
]
GATED_TASKS = {"text-generation": {"id": "text-generation", "label": "Text Generation"}}


def test_refresh_asks_for_the_gated_field_and_keeps_what_the_hub_says(tmp_path):
    """The refresh asks for ``gated``; a record keeps "manual", "auto" or False, and a record
    the Hub sent without it stays without it (unknown, never "not gated")."""
    from hfguide.data.hub_models.fetch import EXPAND_FIELDS

    assert "gated" in EXPAND_FIELDS
    with ReplayHub([dict(r) for r in GATED_RECORDS], GATED_TASKS) as hub:
        hub.gate("meta-llama/Llama-3.1-8B")
        path = tmp_path / "snap.json"
        data = fetch_and_write(path, client=client_for(hub.url))
        asked = [r["query"] for r in hub.requests if r["path"] == "/api/models"]
    assert asked and all("expand=gated" in q or "expand%5B%5D=gated" in q for q in asked)
    stored = json.loads(path.read_text())["models"]
    assert stored["meta-llama/Llama-3.1-8B"]["gated"] == "manual"
    assert stored["auto/model"]["gated"] == "auto"
    assert stored["open/model"]["gated"] is False
    assert "gated" not in stored["old/record"]
    records = {r["id"]: r for rs in data.results.values() for r in rs}
    assert [hub_models.gated_of(records[r["id"]]) for r in GATED_RECORDS] == [
        True,
        False,
        True,
        None,
    ]
    # A snapshot that holds the field replays it as the Hub sent it.
    records_back, _ = records_from_snapshot(path)
    assert {r["id"]: r.get("gated", "absent") for r in records_back} == {
        "meta-llama/Llama-3.1-8B": "manual",
        "open/model": False,
        "auto/model": "auto",
        "old/record": "absent",
    }


@pytest.mark.parametrize("value", [True, "yes", 1, 0, None, ["manual"], "Manual"])
def test_a_gated_field_the_hub_never_sends_is_refused(value):
    from hfguide.data.hub_models.check import record_problem

    record = {"id": "a/b", "read_at": "2026-05-04", "gated": value}
    assert record_problem(record) == "gated is not auto, manual or false"
    assert record_problem({**record, "gated": "manual"}) is None
    assert record_problem({**record, "gated": False}) is None
