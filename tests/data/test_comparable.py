"""Nothing lost: a refresh replaces a snapshot only with comparable data (not empty, not far
smaller), unless told to; a live build uses the Hub for a data set as a whole or not at all, and
the banner says which data sets are live.

Refreshes run end to end (``hfguide refresh``) against a replay Hub into a temporary folder, and
each test says what is on disk afterwards, byte for byte where the data must be kept."""

from __future__ import annotations

import shutil

import pytest

from hfguide import pages
from hfguide.core.settings import DEFAULT_CONFIGS, DEFAULT_LEADERBOARD, DEFAULT_SNAPSHOT
from hfguide.data import hub_models, leaderboard, model_configs
from hfguide.data.comparable import MAX_LOST_ALWAYS, MIN_SHARE, MIN_SHARE_PER_QUERY, shrinks
from hfguide.data.source import SMALLER, load_hub_data, load_leaderboard
from hfguide.hub.client import HubClient
from hfguide.hub.transport import RetryPolicy
from hfguide.replay.recorded import LEADERBOARD_FILE, LEADERBOARD_REPO, records_from_snapshot
from hfguide.replay.server import Fault, ReplayHub
from tests.data.replayed import (
    PER_TASK,
    SNAPSHOT_FILES,
    committed_board_parquet,
    on_disk,
    refresh,
    world_hub,
)
from tests.support.leaderboard import RAW

FAST = RetryPolicy(attempts=3, backoff=0.01, max_backoff=0.02, timeout=20.0)
CONFIGS = model_configs.load()


def client_for(hub: ReplayHub, **kw) -> HubClient:
    kw.setdefault("use_cache", False)
    return HubClient(endpoint=hub.url, retry=FAST, **kw)


# -- empty or far smaller answers --------------------------------------------------------------


def test_the_thresholds_are_named_and_mean_what_they_say():
    assert (MIN_SHARE, MIN_SHARE_PER_QUERY, MAX_LOST_ALWAYS) == (0.8, 0.5, 2)
    assert shrinks(100, 79) and not shrinks(100, 80)
    assert shrinks(30, 0, MIN_SHARE_PER_QUERY) and not shrinks(30, 15, MIN_SHARE_PER_QUERY)
    assert not shrinks(2, 0) and shrinks(3, 0)  # a few records more or less are no loss


@pytest.mark.parametrize("kind", ["empty", "empty_loop"])
def test_empty_pages_fail_the_refresh_and_keep_every_file(world, kept, kind, capsys):
    folder, before = kept
    world.inject(Fault(kind, path="/api/models"))
    assert refresh(folder) == 2
    err = capsys.readouterr().err
    assert "refresh failed, the snapshots were not changed" in err and "Traceback" not in err
    assert "read 2 tasks and 0 models (the answers held no model records;" in err
    assert "6 of 6 queries answered far fewer records than the snapshot's answers, such as" in err
    assert f"0 of {PER_TASK}" in err
    assert f"the snapshot keeps 2 tasks and {2 * PER_TASK} models" in err
    assert "run it again with --allow-shrink" in err
    if kind == "empty_loop":
        assert "it sent an empty page with a next-page link" in err
    assert on_disk(folder) == before  # byte for byte, and no temporary file left


def test_empty_pages_fail_even_without_a_snapshot_to_keep(world, tmp_path, capsys):
    world.inject(Fault("empty", path="/api/models"))
    assert refresh(tmp_path) == 2
    err = capsys.readouterr().err
    assert "read 2 tasks and 0 models" in err and "there is no snapshot to keep" in err
    assert on_disk(tmp_path) == {}


def test_a_few_empty_answers_fail_the_refresh(world, kept, capsys):
    """Two of six queries answer nothing: each model is still in another answer, so only the
    comparison query by query sees the loss."""
    folder, before = kept
    world.inject(Fault("empty", path="/api/models", times=2))
    assert refresh(folder, "--workers", "1") == 2
    err = capsys.readouterr().err
    assert f"read 2 tasks and {2 * PER_TASK} models (2 of 6 queries answered far fewer" in err
    assert on_disk(folder) == before


def test_a_deliberately_smaller_refresh_needs_allow_shrink(world, kept, capsys):
    folder, before = kept
    assert refresh(folder, "--limit", "2") == 2
    assert "6 of 6 queries answered far fewer records" in capsys.readouterr().err
    assert on_disk(folder) == before
    assert refresh(folder, "--limit", "2", "--allow-shrink") == 0
    assert "Wrote" in capsys.readouterr().out
    stored = hub_models.read(folder / SNAPSHOT_FILES[0])
    assert {q.limit for q in stored.results} == {2}
    assert all(len(answered) == 2 for answered in stored.results.values())
    assert sorted(on_disk(folder)) == sorted(SNAPSHOT_FILES)


def test_a_far_smaller_leaderboard_is_refused(monkeypatch, kept, capsys):
    folder, before = kept
    with world_hub(board=RAW.iloc[:1]) as smaller:
        monkeypatch.setenv("HF_ENDPOINT", smaller.url)
        assert refresh(folder) == 2
    err = capsys.readouterr().err
    assert f"leaderboard.json: read 1 leaderboard row; the snapshot keeps {len(RAW)} rows" in err
    assert on_disk(folder) == before


def test_a_replay_without_configs_cannot_wipe_the_recorded_configs(tmp_path, monkeypatch, capsys):
    """The committed snapshots, replayed faithfully but for the configs: the 42 recorded configs
    would be replaced by none. Nothing is written; the copies stay byte for byte."""
    monkeypatch.setattr("hfguide.hub.transport.RetryPolicy.backoff", 0.01)
    for path in (DEFAULT_SNAPSHOT, DEFAULT_LEADERBOARD, DEFAULT_CONFIGS):
        shutil.copy(path, tmp_path / path.name)
    before = on_disk(tmp_path)
    recorded = model_configs.read(DEFAULT_CONFIGS)
    with ReplayHub(*records_from_snapshot(DEFAULT_SNAPSHOT)) as replay:
        replay.add_dataset_file(LEADERBOARD_REPO, LEADERBOARD_FILE, committed_board_parquet())
        monkeypatch.setenv("HF_ENDPOINT", replay.url)
        assert refresh(tmp_path, "--workers", "16") == 2
    err = capsys.readouterr().err
    assert "model-configs.json: read 0 configs of" in err
    assert f"the snapshot keeps {len(recorded.configs)} configs" in err
    assert on_disk(tmp_path) == before


# -- a live build: one source per data set, and the banner says which --------------------------


def test_a_live_build_with_empty_answers_uses_the_snapshot_and_says_so(world, kept):
    folder, before = kept
    world.inject(Fault("empty", path="/api/models"))
    client = client_for(world)
    data = load_hub_data(folder / SNAPSHOT_FILES[0], client=client)
    board = load_leaderboard(folder / SNAPSHOT_FILES[1], client=client)
    assert data.source == "snapshot" and data.note == SMALLER
    assert len(data.records) == 2 * PER_TASK
    assert board.source == "live"  # the leaderboard answered in full
    site = pages.build(data, board, CONFIGS)
    assert site.banner.startswith(
        "Mixed build: the leaderboard is live from the Hub, but the Hub tables come from the "
        "committed snapshot"
    )
    page = site.files["models/fill-mask.md"]
    assert "Offline data: committed snapshot" in page
    assert "The Hub answered with no records, or far fewer than the snapshot holds" in page
    assert on_disk(folder) == before


def test_a_live_build_with_an_empty_leaderboard_uses_its_snapshot(kept):
    folder, before = kept
    with world_hub(board=RAW.iloc[:0]) as replay:
        client = client_for(replay)
        data = load_hub_data(folder / SNAPSHOT_FILES[0], client=client)
        board = load_leaderboard(folder / SNAPSHOT_FILES[1], client=client)
    assert data.source == "live" and board.source == "snapshot" and board.note == SMALLER
    assert len(board.rows) == len(RAW)
    assert pages.build(data, board, CONFIGS).banner == (
        "Mixed build: the Hub tables are live from the Hub, but the leaderboard comes from the "
        "committed snapshot."
    )
    assert on_disk(folder) == before


def test_a_slow_task_list_is_waited_for_and_both_data_sets_come_live(world, kept, tmp_path):
    """/api/tasks answers after 5.5 s, longer than httpx's 5 s default: with the project's
    timeout (20 s here) the build gets it, and both data sets come from the Hub."""
    folder, _ = kept
    world.requests.clear()
    world.inject(Fault("latency", path="/api/tasks", seconds=5.5))
    client = client_for(world, use_cache=True, cache_dir=tmp_path / "cache")
    data = load_hub_data(folder / SNAPSHOT_FILES[0], client=client)
    board = load_leaderboard(folder / SNAPSHOT_FILES[1], client=client)
    assert (data.source, board.source) == ("live", "live")
    assert pages.build(data, board, CONFIGS).banner is None
    assert [r["path"] for r in world.requests].count("/api/tasks") == 1  # cached once checked


def test_a_slow_task_list_does_not_fail_the_refresh(world, kept, capsys):
    folder, _ = kept
    rows = leaderboard.read(folder / SNAPSHOT_FILES[1]).rows
    records = hub_models.read(folder / SNAPSHOT_FILES[0]).results
    world.inject(Fault("latency", path="/api/tasks", seconds=5.5, times=1))
    assert refresh(folder) == 0, capsys.readouterr().err
    assert sorted(on_disk(folder)) == sorted(SNAPSHOT_FILES)
    assert hub_models.read(folder / SNAPSHOT_FILES[0]).results == records
    assert leaderboard.read(folder / SNAPSHOT_FILES[1]).rows == rows
