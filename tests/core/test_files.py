"""Files replaced together or not at all, even when the writer is killed at any point."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from hfguide.core.files import _tmp_path, recover, replace_together, write_text_atomic
from hfguide.data import hub_models, leaderboard, model_configs
from hfguide.data.model_configs import EXTRA_MODELS
from tests.support import ROOT
from tests.support.leaderboard import RAW, parquet_bytes

BOARD_REPO, BOARD_FILE = "open-llm-leaderboard/contents", "data/train-00000-of-00001.parquet"
SNAPSHOTS = ("hub-snapshot.json", "leaderboard.json", "model-configs.json")


def board_parquet(rows: int) -> bytes:
    return parquet_bytes(RAW.head(rows))


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_replace_together_writes_every_file(tmp_path):
    a, b = tmp_path / "a.json", tmp_path / "sub" / "b.json"
    replace_together({a: "A1", b: "B1"})
    replace_together({a: "A2", b: "B2"})
    assert (a.read_text(), b.read_text()) == ("A2", "B2")
    assert leftovers(tmp_path) == [] and leftovers(b.parent) == []


def test_a_failed_write_changes_nothing(tmp_path, monkeypatch):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    replace_together({a: "A1", b: "B1"})
    calls = []

    def failing_fsync(fd):
        calls.append(fd)
        if len(calls) == 2:  # the second file's data
            raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(OSError, match="disk full"):
        replace_together({a: "A2", b: "B2"})
    assert (a.read_text(), b.read_text()) == ("A1", "B1")
    assert leftovers(tmp_path) == []


def test_recover_finishes_a_journal_and_removes_stale_temporary_files(tmp_path):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.write_text("A1")
    b.write_text("B1")
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], text=True, capture_output=True
    ).stdout.strip()
    tmp_a = tmp_path / f".a.json.hfguide-{dead}-1.tmp"
    tmp_b = tmp_path / f".b.json.hfguide-{dead}-1.tmp"
    tmp_a.write_text("A2")
    tmp_b.write_text("B2")
    (tmp_path / f".hfguide-journal-{dead}.json").write_text(
        json.dumps([[str(tmp_a), str(a)], [str(tmp_b), str(b)]])
    )
    (tmp_path / f".other.json.hfguide-{dead}-7.tmp").write_text("half")
    done = recover([tmp_path])
    assert (a.read_text(), b.read_text()) == ("A2", "B2")
    assert leftovers(tmp_path) == []
    assert len(done) == 2


def test_a_live_writers_files_are_left_alone(tmp_path):
    mine = tmp_path / f".x.json.hfguide-{os.getpid()}-1.tmp"
    mine.write_text("being written")
    recover([tmp_path])
    assert mine.exists()


def test_json_snapshots_refuse_nan(tmp_path):
    from hfguide.core.files import write_json_atomic

    with pytest.raises(ValueError):
        write_json_atomic(tmp_path / "x.json", {"average": float("nan")})
    assert not list(tmp_path.iterdir())


# A refresh run in a child process that kills itself (SIGKILL, no clean-up of any kind) just
# before its Nth file operation, so every point of the write can be hit without timing.
CHILD = textwrap.dedent(
    """
    import json, os, signal, sys
    kill_at = int(sys.argv[1])
    log = []
    real = {"replace": os.replace, "fsync": os.fsync}

    def counted(name):
        def call(*args):
            if len(log) == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
            log.append(name)
            return real[name](*args)
        return call

    os.replace, os.fsync = counted("replace"), counted("fsync")
    from hfguide.cli import main
    code = main(sys.argv[2:])
    print(json.dumps(log))
    sys.exit(code)
    """
)


def run_refresh(kill_at: int, out: Path, board: Path, limit: int, env: dict[str, str]):
    configs = out.with_name("model-configs.json")
    argv = [
        "refresh",
        *("--output", str(out), "--leaderboard-output", str(board)),
        *("--configs-output", str(configs)),
    ]
    cache = out.parent.parent / f"cache-{limit}-{kill_at}"  # a fresh download every run
    return subprocess.run(
        [sys.executable, "-c", CHILD, str(kill_at), *argv, "--limit", str(limit)],
        capture_output=True,
        text=True,
        env={**env, "HFGUIDE_CACHE": str(cache)},
        timeout=120,
    )


def serve_config(hub, layers: int) -> None:
    """A config the refresh always asks for (``EXTRA_MODELS``) whose layer count names the
    refresh that read it."""
    config = {"model_type": "gemma3_text", "num_hidden_layers": layers, "hidden_size": 8}
    hub.model_files[(EXTRA_MODELS[0], "config.json")] = json.dumps(config).encode()


def set_generation(out: Path, board: Path) -> int:
    """1 for the old set of three files, 2 for the new one; fails the test for a mixed set.

    The refreshes of a test differ in their limit (the Hub snapshot), their rows (the leaderboard)
    and the config they read (``serve_config``)."""
    hub_limit = {q["limit"] for q in hub_models.read(out).to_json()["queries"]}
    board_rows = len(leaderboard.read(board).rows)
    configs = model_configs.read(out.with_name("model-configs.json")).configs
    layers = configs[EXTRA_MODELS[0]]["config"]["num_hidden_layers"]
    assert hub_limit == {board_rows}, "the Hub snapshot and the leaderboard are from two refreshes"
    assert layers == board_rows, "the configs are from another refresh"
    return board_rows


@pytest.mark.build  # slow for the unit tier: one refresh process per kill point
def test_sigkill_at_any_point_leaves_the_old_set_or_the_new_set(replay_hub, tmp_path):
    env = {
        **os.environ,
        "HF_ENDPOINT": replay_hub.url,
        "PYTHONPATH": str(ROOT / "src"),
        "TQDM_DISABLE": "1",
    }
    folder = tmp_path / "data"
    folder.mkdir()
    out, board = folder / "hub-snapshot.json", folder / "leaderboard.json"
    replay_hub.add_dataset_file(BOARD_REPO, BOARD_FILE, board_parquet(1))
    configs = folder / "model-configs.json"
    serve_config(replay_hub, layers=1)
    first = run_refresh(10**6, out, board, 1, env)
    assert first.returncode == 0, first.stderr
    old = (out.read_bytes(), board.read_bytes(), configs.read_bytes())
    replay_hub.add_dataset_file(BOARD_REPO, BOARD_FILE, board_parquet(2))
    serve_config(replay_hub, layers=2)
    dry = run_refresh(10**6, out, board, 2, env)
    assert dry.returncode == 0, dry.stderr
    operations = len(json.loads(dry.stdout.splitlines()[-1]))
    assert set_generation(out, board) == 2
    # Every operation of the final write (the last ten) and a few random earlier ones.
    final = range(max(0, operations - 10), operations)
    earlier = range(0, max(0, operations - 10))
    points = {*final, *random.Random(20261129).sample(earlier, k=min(3, len(earlier)))}
    seen = set()
    for kill_at in sorted(points):
        out.write_bytes(old[0])
        board.write_bytes(old[1])
        configs.write_bytes(old[2])
        killed = run_refresh(kill_at, out, board, 2, env)
        assert killed.returncode == -signal.SIGKILL, (kill_at, killed.stderr[-500:])
        # The next run (here: reading the snapshots, as a build does) cleans up first.
        seen.add(set_generation(out, board))
        assert leftovers(folder) == [], kill_at
    assert seen == {1, 2}  # some kills came before the commit point, some after


def test_write_text_atomic_leaves_no_temporary_file(tmp_path):
    write_text_atomic(tmp_path / "x.txt", "one")
    write_text_atomic(tmp_path / "x.txt", "two")
    assert (tmp_path / "x.txt").read_text() == "two" and leftovers(tmp_path) == []


def test_what_a_killed_refresh_leaves_in_data_is_git_ignored():
    """A refresh killed mid-write leaves temporary files (and perhaps a journal) beside the
    snapshots until the next run removes them: git must not offer to commit them."""
    data = ROOT / "data"
    left = [
        *(_tmp_path(data / name).relative_to(ROOT) for name in SNAPSHOTS),
        Path("data") / f".hfguide-journal-{os.getpid()}.json",
    ]
    kept = [Path("data") / name for name in SNAPSHOTS]

    def ignored(path: Path) -> bool:
        result = subprocess.run(
            ["git", "check-ignore", "--no-index", "-q", str(path)], cwd=ROOT, timeout=30
        )
        assert result.returncode in (0, 1), result
        return result.returncode == 0

    assert [p for p in left if not ignored(p)] == []
    assert [p for p in kept if ignored(p)] == []
