"""The hfguide command: refresh against a replay Hub, and clear errors."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

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
        main(
            [
                "refresh",
                "--output",
                str(out),
                "--leaderboard-output",
                str(board),
                "--configs-output",
                str(board.parent / "configs.json"),
                "--limit",
                "2",
            ]
        )
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
    monkeypatch.setattr("hfguide.hub.transport.RetryPolicy.backoff", 0.01)
    # The model queries succeed, the leaderboard data set is missing: neither file may change.
    assert (
        main(
            [
                "refresh",
                "--output",
                str(out),
                "--leaderboard-output",
                str(board),
                "--configs-output",
                str(board.parent / "configs.json"),
            ]
        )
        == 2
    )
    err = capsys.readouterr().err
    assert "refresh failed, the snapshots were not changed" in err and "Traceback" not in err
    assert out.read_text() == "previous" and board.read_text() == "previous board"
    replay_hub.inject(Fault("status", status=500))
    assert (
        main(
            [
                "refresh",
                "--output",
                str(out),
                "--leaderboard-output",
                str(board),
                "--configs-output",
                str(board.parent / "configs.json"),
            ]
        )
        == 2
    )
    assert out.read_text() == "previous"


def test_the_program_exits_without_collecting_what_the_command_left_alive():
    """``run`` sets the objects alive after the command aside from the last collection: a
    reference cycle with a finalizer, built by the command, is not collected at exit (as without
    ``run`` it would be), and the command's status is the process's."""
    program = (
        "import sys, hfguide.cli as cli\n"
        "class Cycle:\n"
        "    def __del__(self): print('collected', flush=True)\n"
        "def command(argv=None):\n"
        "    a = Cycle(); a.me = a\n"
        "    print('done', flush=True)\n"
        "    return 3\n"
        "cli.main = command\n"
        "cli.run() if sys.argv[1] == 'run' else sys.exit(command())\n"
    )
    results = {
        how: subprocess.run([sys.executable, "-c", program, how], capture_output=True, text=True)
        for how in ("run", "plain")
    }
    assert results["plain"].stdout == "done\ncollected\n"
    assert results["run"].stdout == "done\n" and results["run"].returncode == 3


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
        bad.returncode == 2
        and bad.stderr
        == "hfguide refresh: error: argument --limit: 'lots' is not a whole number "
        "(see hfguide refresh --help)\n"
    )


def test_refresh_rejects_out_of_range_numbers(capsys):
    assert main(["refresh", "--limit", "5000"]) == 2
    assert "--limit: '5000' is not between 1 and 1000" in capsys.readouterr().err
    assert main(["refresh", "--workers", "0"]) == 2
    assert "--workers: '0' is not between 1 and 64" in capsys.readouterr().err


def test_help_says_what_each_command_does_in_plain_words(capsys):
    assert main(["--help"]) == 0
    overview = capsys.readouterr().out
    assert "Find, choose and run models from the Hugging Face Hub" in overview
    commands = re.findall(r"^    ([a-z][\w-]+)(?: |$)", overview, re.MULTILINE)
    assert {"refresh", "memory", "leaderboard", "bench", "check-links", "replay-hub"} <= set(
        commands
    )
    for command in commands:
        assert main([command, "--help"]) == 0
        text = capsys.readouterr().out
        description = text.split("\n\n")[1]
        assert description[0].isupper() and description.rstrip().endswith("."), command
        # No reStructuredText markup and no unexplained environment variables in the summaries.
        assert "``" not in text and not re.search(r"\bHF_[A-Z_]+\b", description), command


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "q.csv",
            b"prompt,A,B,correct\nx,1,2,A\n",
            "a CSV needs columns question, choice0, choice1, ... (or A, B, ...) and answer; "
            "it lacks question and answer (its columns: 'prompt', 'A', 'B', 'correct')",
        ),
        (
            "q.csv",
            b"question,choiceA,choiceB,answer\nx,1,2,0\n",
            "it lacks two or more choices (its columns: 'question', 'choiceA', 'choiceB'",
        ),
        ("q.csv", b"question,A,B,answer\n\xe9t\xe9,1,2,A\n", "q.csv: the file is not UTF-8 text"),
        ("q.jsonl", b'{"question": "\xe9t\xe9"}\n', "q.jsonl: the file is not UTF-8 text"),
    ],
)
def test_bench_says_which_columns_it_needs_and_that_a_file_is_not_utf8(
    tmp_path, capsys, name, content, message
):
    path = tmp_path / name
    path.write_bytes(content)
    assert main(["bench", "--models", "a/b", "--questions", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("hfguide bench: error: ") and message in err
    assert "unexpected error" not in err and "Traceback" not in err


def test_refresh_help_names_the_override_for_a_deliberately_smaller_refresh(capsys):
    assert main(["refresh", "--help"]) == 0
    assert "--allow-shrink" in capsys.readouterr().out
