"""The hfguide command: refresh against a replay Hub, and clear errors."""

from __future__ import annotations

import json
import subprocess
import sys

from hfguide.cli import main
from hfguide.replay.server import Fault

from tests.support.leaderboard import RAW, parquet_bytes


def test_refresh_writes_both_snapshots(replay_hub, tmp_path, monkeypatch, capsys):
    replay_hub.add_dataset_file(
        "open-llm-leaderboard/contents", "data/train-00000-of-00001.parquet", parquet_bytes(RAW)
    )
    monkeypatch.setenv("HF_ENDPOINT", replay_hub.url)
    out, board = tmp_path / "snap.json", tmp_path / "board.json"
    assert (
        main(["refresh", "--output", str(out), "--leaderboard-output", str(board), "--limit", "2"])
        == 0
    )
    printed = capsys.readouterr().out
    assert "3 tasks, 9 queries" in printed and "read 2025-03-21 to 2026-05-04" in printed
    assert f"{len(RAW)} leaderboard rows (submitted 2024-06-08 to 2025-02-08)" in printed
    stored = json.loads(out.read_text())
    assert all(len(q["ids"]) <= 2 for q in stored["queries"])
    assert len(json.loads(board.read_text())["rows"]) == len(RAW)


def test_refresh_failure_keeps_the_snapshot_and_says_so(replay_hub, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("HF_ENDPOINT", replay_hub.url)
    out, board = tmp_path / "snap.json", tmp_path / "board.json"
    out.write_text("previous")
    board.write_text("previous board")
    monkeypatch.setattr("hfguide.hub.client.RetryPolicy.backoff", 0.01)
    # The model queries succeed, the leaderboard data set is missing: neither file may change.
    assert main(["refresh", "--output", str(out), "--leaderboard-output", str(board)]) == 2
    err = capsys.readouterr().err
    assert "refresh failed, the snapshots were not changed" in err and "Traceback" not in err
    assert out.read_text() == "previous" and board.read_text() == "previous board"
    replay_hub.inject(Fault("status", status=500))
    assert main(["refresh", "--output", str(out), "--leaderboard-output", str(board)]) == 2
    assert out.read_text() == "previous"


def test_command_line_entry_point_and_usage_errors():
    ok = subprocess.run(
        [sys.executable, "-m", "hfguide.cli", "--version"], capture_output=True, text=True
    )
    assert ok.returncode == 0 and ok.stdout.startswith("hfguide ")
    bad = subprocess.run(
        [sys.executable, "-m", "hfguide.cli", "refresh", "--limit", "lots"],
        capture_output=True,
        text=True,
    )
    assert (
        bad.returncode == 2 and "invalid int value" in bad.stderr and "Traceback" not in bad.stderr
    )


def test_refresh_rejects_out_of_range_numbers(capsys):
    assert main(["refresh", "--limit", "5000"]) == 2
    assert "--limit must be between 1 and 1000" in capsys.readouterr().err
    assert main(["refresh", "--workers", "0"]) == 2
    assert "--workers must be at least 1" in capsys.readouterr().err
