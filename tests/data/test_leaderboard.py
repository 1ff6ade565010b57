"""Leaderboard data: loading through the replay Hub, processing, snapshot, best-that-fits, CLI."""

from __future__ import annotations

import pytest

from hfguide.cli import main
from hfguide.data.leaderboard import (
    DEFAULT_LEADERBOARD,
    REPO_ID,
    LeaderboardData,
    best_that_fit,
    fetch_leaderboard,
    load_leaderboard,
    read_leaderboard,
    rows_from_frame,
    type_key,
    write_leaderboard,
)
from hfguide.data.snapshot import SnapshotError
from hfguide.hub.client import HubClient, RetryPolicy
from hfguide.pages.leaderboard import explorer_page
from hfguide.pages.markers import expand_markers as expand_all
from hfguide.planner.memory import inference_gb
from hfguide.replay.server import Fault, ReplayHub

from tests.support.leaderboard import RAW, parquet_bytes

FAST = RetryPolicy(attempts=2, backoff=0.01, timeout=5.0)


@pytest.fixture
def leaderboard_hub():
    with ReplayHub([], {}) as hub:
        hub.add_dataset_file(
            REPO_ID, "data/train-00000-of-00002.parquet", parquet_bytes(RAW.iloc[:2])
        )
        hub.add_dataset_file(
            REPO_ID, "data/train-00001-of-00002.parquet", parquet_bytes(RAW.iloc[2:])
        )
        hub.add_dataset_file(REPO_ID, "README.md", b"# not data")
        yield hub


def client_for(hub, **kw):
    return HubClient(endpoint=hub.url, retry=FAST, **{"use_cache": False, **kw})


def test_fetch_reads_every_parquet_file(leaderboard_hub):
    board = fetch_leaderboard(client_for(leaderboard_hub))
    assert [r["id"] for r in board.rows] == [
        "lab/flagged",
        "org/big-chat",
        "lab/continued",
        "org/small-chat",
    ]
    downloads = [r["path"] for r in leaderboard_hub.requests if "/resolve/" in r["path"]]
    assert any(p.endswith("00000-of-00002.parquet") for p in downloads)
    assert any(p.endswith("00001-of-00002.parquet") for p in downloads)
    assert not any(p.endswith("README.md") for p in downloads)


def test_rows_are_reduced_to_the_sites_fields():
    rows = {r["id"]: r for r in rows_from_frame(RAW)}
    big = rows["org/big-chat"]
    assert big["type"] == "chat" and big["bucket"] == "70+" and big["params"] == 70.6
    assert (big["ifeval"], big["mmlu_pro"], big["average"]) == (80.0, 60.0, 40.5)
    assert big["official"] and big["hub"] and not big["merged"]
    assert rows["lab/continued"]["type"] == "continuous"
    assert rows["lab/continued"]["license"] is None and rows["lab/continued"]["moe"]
    assert rows["lab/flagged"]["params"] is None and rows["lab/flagged"]["bucket"] == "?"


def test_type_keys():
    assert type_key("🤝 base merges and moerges") == "merge"
    assert type_key("🔶 fine-tuned on domain-specific datasets") == "finetuned"
    assert type_key("🟢 pretrained") == "pretrained"
    assert type_key("something new") == "other"


def test_snapshot_round_trip_and_atomicity(tmp_path):
    board = LeaderboardData(
        rows=rows_from_frame(RAW), source="live", created_at="2026-01-01T00:00:00Z", endpoint="x"
    )
    path = tmp_path / "lb.json"
    write_leaderboard(board, path)
    again = read_leaderboard(path)
    assert again.rows == board.rows and again.source == "snapshot"
    assert again.submitted == ("2024-06-08", "2025-02-08")
    assert [p.name for p in tmp_path.iterdir()] == ["lb.json"]


def test_leaderboard_falls_back_to_the_snapshot(
    leaderboard_hub, tmp_path, closed_port_url, monkeypatch
):
    path = tmp_path / "lb.json"
    write_leaderboard(fetch_leaderboard(client_for(leaderboard_hub)), path)
    live = load_leaderboard(path, client=client_for(leaderboard_hub))
    assert live.source == "live"
    offline = load_leaderboard(path, client=client_for(type("H", (), {"url": closed_port_url})))
    assert offline.source == "snapshot" and "could not be queried" in offline.note
    leaderboard_hub.inject(Fault("status", path="/datasets/", status=503))
    assert load_leaderboard(path, client=client_for(leaderboard_hub)).source == "snapshot"
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    assert load_leaderboard(path, client=client_for(leaderboard_hub)).source == "snapshot"
    with pytest.raises(SnapshotError, match="hfguide refresh"):
        load_leaderboard(tmp_path / "missing.json")


def test_leaderboard_cache_means_no_second_download(leaderboard_hub, tmp_path):
    fetch_leaderboard(client_for(leaderboard_hub, use_cache=True, cache_dir=tmp_path))
    sent = leaderboard_hub.request_count
    fetch_leaderboard(client_for(leaderboard_hub, use_cache=True, cache_dir=tmp_path))
    assert leaderboard_hub.request_count == sent


def test_best_that_fit_by_hand():
    rows = rows_from_frame(RAW)
    # 16 GB: small-chat needs 7.6e9*2*1.2/1e9 = 18.24 GB: too much; continued needs 17.28 GB.
    assert best_that_fit(rows, budget_gb=16) == []
    assert [r["id"] for r in best_that_fit(rows, budget_gb=18)] == ["lab/continued"]
    assert [r["id"] for r in best_that_fit(rows, budget_gb=20)] == [
        "lab/continued",
        "org/small-chat",
    ]
    assert [r["id"] for r in best_that_fit(rows, budget_gb=20, license_="apache-2.0")] == [
        "org/small-chat"
    ]
    assert [r["id"] for r in best_that_fit(rows, budget_gb=200, model_type="chat")] == [
        "org/big-chat",
        "org/small-chat",
    ]
    assert [
        r["id"] for r in best_that_fit(rows, budget_gb=20, precision="4bit", model_type="chat")
    ] == ["org/small-chat"]
    assert "lab/flagged" not in [r["id"] for r in best_that_fit(rows)]
    assert inference_gb(7.2e9, "float16") == pytest.approx(17.28)


def test_committed_snapshot_has_the_recorded_rows():
    board = read_leaderboard(DEFAULT_LEADERBOARD)
    assert len(board.rows) == 3827
    assert board.submitted == ("2024-06-08", "2025-02-08")
    assert {r["type"] for r in board.rows} >= {
        "pretrained",
        "continuous",
        "finetuned",
        "chat",
        "merge",
    }


def expand_markers(text, board):
    return expand_all(text, board=board, hub=None)


def test_markers_fill_in_data_and_reject_unknown_ones():
    board = LeaderboardData(
        rows=rows_from_frame(RAW), source="snapshot", created_at="2026-01-01T00:00:00Z", endpoint=""
    )
    text = expand_markers("A\n<!-- hfguide:type-examples chat -->\nB", board)
    assert "2 models are filed as *Chat (RLHF, DPO, IFT)*" in text
    assert text.index("org/big-chat") < text.index("org/small-chat")
    assert "submitted between 2024-06-08 and 2025-02-08" in text
    assert "| 4bit | 0.5 | 0.75 GB | 3.5 GB | 6.5 GB | 35 GB | 1 |" in expand_markers(
        "<!-- hfguide:precision-table -->", board
    )
    with pytest.raises(ValueError, match="unknown hfguide marker"):
        expand_markers("<!-- hfguide:nonsense -->", board)
    with pytest.raises(ValueError, match="known type keys"):
        expand_markers("<!-- hfguide:type-examples robots -->", board)


def test_explorer_page_escapes_licences():
    rows = rows_from_frame(RAW.assign(**{"Hub License": "<script>alert(1)</script>"}))
    page = explorer_page(
        LeaderboardData(rows=rows, source="live", created_at="2026-01-01T00:00:00Z", endpoint="")
    )
    assert (
        "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    )


def test_cli_memory_and_leaderboard(capsys):
    assert main(["memory", "7B", "--precision", "bfloat16", "--gpu-gb", "16"]) == 0
    out = capsys.readouterr().out
    assert "bfloat16   2            14.00       16.80         no" in out
    assert (
        main(
            [
                "leaderboard",
                "--type",
                "chat",
                "--max-gb",
                "16",
                "--license",
                "apache-2.0",
                "--top",
                "3",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out.splitlines()
    board = read_leaderboard(DEFAULT_LEADERBOARD)
    expected = best_that_fit(
        board.rows, budget_gb=16, license_="apache-2.0", model_type="chat", limit=3
    )
    assert [line.split()[1] for line in out[2:]] == [r["id"] for r in expected]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["memory", "7B", "--precision", "fp8"], "unknown precision 'fp8'"),
        (["memory", "--", "-3B"], "must be positive"),
        (["memory", "nobody/nothing"], "neither a size"),
        (["leaderboard", "--type", "robots"], "unknown --type"),
        (["leaderboard", "--max-gb", "-1"], "--max-gb must be positive"),
        (["leaderboard", "--precision", "int3"], "unknown --precision"),
    ],
)
def test_cli_bad_input(argv, message, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
