"""Bad input to every ``hfguide`` command: one line on stderr, a non-zero exit, no traceback."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import urllib.error
import urllib.request

import pytest

from hfguide.cli import main

SEED = 20261129
TRIALS = 120

BAD_NUMBERS = ["nan", "NaN", "inf", "-inf", "1e400", "-1", "-0.5", "lots", "", " ", "0x10", "1_0e"]
BAD_COUNTS = ["-1", "nan", "1.5", "1e3", "lots", "", "99999999999999999999999", "-0"]


@pytest.fixture
def bad_files(tmp_path):
    """Files no command can use: not UTF-8, other columns, NaN and null snapshot rows."""
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes("question,choice0,choice1,answer\ncaf\xe9,a,b,0\n".encode("latin-1"))
    columns = tmp_path / "columns.csv"
    columns.write_text("prompt,a,b,label\nq,x,y,0\n")
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    header = '{"format": 1, "created_at": "2026-01-01T00:00:00Z", "endpoint": "", '
    nan_board = tmp_path / "nan-board.json"
    nan_board.write_text(header + '"columns": ["id", "average"], "rows": [["a/b", NaN]]}')
    null_board = tmp_path / "null-board.json"
    null_board.write_text(header + '"columns": ["id", "type"], "rows": [[null, null]]}')
    not_json = tmp_path / "not-json.json"
    not_json.write_bytes(b"\xff\xfe{")
    out_file = tmp_path / "existing-file"
    out_file.write_text("keep me")
    return {
        "questions": [str(latin1), str(columns), str(empty), str(tmp_path / "missing.csv")],
        "boards": [str(nan_board), str(null_board), str(not_json), str(tmp_path / "nope.json")],
        "out": str(out_file),
        "folder": str(tmp_path),
    }


def bad_commands(files: dict, rng: random.Random) -> list[list[str]]:
    """One bad command line per kind of mistake, then random mixes of bad values."""
    fixed = [
        ["refresh", "--limit", "0"],
        ["refresh", "--limit", "1001"],
        ["refresh", "--workers", "nan"],
        ["memory", "nan"],
        ["memory", "inf"],
        ["memory", "--", "-3B"],
        ["memory", "7B", "--gpu-gb", "nan"],
        ["memory", "7B", "--gpu-gb", "-8"],
        ["memory", "nobody/model", "--data", files["boards"][0]],
        ["leaderboard", "--top", "-3"],
        ["leaderboard", "--max-gb", "inf"],
        ["leaderboard", "--type", "<script>"],
        *(["leaderboard", "--data", board] for board in files["boards"]),
        *(["bench", "--models", "a/b", "--questions", q] for q in files["questions"]),
        ["bench", "--models", "a/b", "--out", files["out"]],
        ["bench", "--models", " , ", "--limit", "3"],
        ["bench", "--models", "a/b", "--batch-size", "0"],
        ["check-links", "http://["],
        ["check-links", files["folder"]],
        ["check-links", "\x00"],
        ["replay-hub", "--data", files["folder"] + "/nothing"],
        ["replay-hub", "--data", files["folder"], "--port", "65536"],
        ["replay-hub", "--data", files["folder"], "--port", "-1"],
        ["replay-hub", "--data", files["folder"], "--latency", "nan"],
        ["replay-hub", "--data", files["folder"], "--page-size", "0"],
        ["no-such-command"],
        [],
    ]
    options = {
        "refresh": {"--limit": BAD_COUNTS + ["0", "5000"], "--workers": BAD_COUNTS + ["0"]},
        "memory": {"--gpu-gb": BAD_NUMBERS + ["0"]},
        "leaderboard": {"--max-gb": BAD_NUMBERS + ["0"], "--top": BAD_COUNTS + ["0"]},
        "bench": {"--batch-size": BAD_COUNTS + ["0"], "--limit": BAD_COUNTS + ["0"]},
        "replay-hub": {
            "--port": BAD_COUNTS + ["0", "65536", "70000"],
            "--latency": BAD_NUMBERS,
            "--page-size": BAD_COUNTS + ["0", "1001"],
        },
    }
    needed = {
        "memory": ["7B"],
        "bench": ["--models", "a/b"],
        "replay-hub": ["--data", files["folder"]],
    }
    mixed = []
    for _ in range(TRIALS):
        command = rng.choice(sorted(options))
        argv = [command, *needed.get(command, [])]
        for option in rng.sample(sorted(options[command]), k=rng.randint(1, len(options[command]))):
            argv += [option, rng.choice(options[command][option])]
        mixed.append(argv)
    return fixed + mixed


def test_bad_input_gets_one_line_and_a_non_zero_exit(bad_files, capsys, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")  # nothing here may reach a Hub
    for argv in bad_commands(bad_files, random.Random(SEED)):
        code = main(argv)
        printed = capsys.readouterr()
        assert code != 0, argv
        assert "Traceback" not in printed.out + printed.err, argv
        lines = printed.err.strip().splitlines()
        assert len(lines) == 1 and "error" in lines[0], (argv, printed.err)
    assert open(bad_files["out"]).read() == "keep me"


def test_an_unexpected_error_is_one_line_unless_debug(monkeypatch, capsys):
    def broken(args):
        raise KeyError("surprise")

    monkeypatch.setattr("hfguide.cli.check_links.run", broken)
    from hfguide import cli

    parser = cli.build_parser()
    monkeypatch.setattr(cli, "build_parser", lambda: parser)
    for action in parser._subparsers._group_actions[0].choices.values():
        if action.prog.endswith("check-links"):
            action.set_defaults(func=broken)
    assert main(["check-links"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "run with --debug for details" in err
    assert "Traceback" not in err
    assert main(["--debug", "check-links"]) == 1
    assert "Traceback" in capsys.readouterr().err


def test_a_bad_environment_is_one_line(monkeypatch, capsys):
    monkeypatch.setenv("HF_ENDPOINT", "http://user:pw-secret-1@[")
    assert main(["refresh"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("hfguide refresh: error: HF_ENDPOINT must be an http(s) URL")
    assert "pw-secret-1" not in err
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    monkeypatch.setenv("HFGUIDE_DEADLINE", "nan")
    assert main(["refresh"]) == 2
    assert "HFGUIDE_DEADLINE must be a positive number" in capsys.readouterr().err


@pytest.mark.parametrize(
    "command",
    [
        ["leaderboard", "--type", "chat"],
        ["bench", "--models", "a/b", "--questions", "mmlu-econometrics"],
        ["models", "list"],
        ["memory", "a/b"],
    ],
)
def test_a_malformed_endpoint_is_named_before_any_library_reads_it(command):
    """huggingface_hub reads HF_ENDPOINT when it is imported: the command names the variable
    instead of failing inside that import."""
    env = {**os.environ, "HF_ENDPOINT": "http://user:pw-secret-2@["}
    bad = subprocess.run(
        [sys.executable, "-m", "hfguide.cli", *command], capture_output=True, text=True, env=env
    )
    assert bad.returncode == 2, bad.stderr
    assert bad.stderr.strip() == (
        f"hfguide {command[0]}: error: HF_ENDPOINT must be an http(s) URL with a host, "
        "not 'http://['"
    )


def test_the_entry_point_prints_no_traceback():
    bad = subprocess.run(
        [sys.executable, "-m", "hfguide.cli", "memory", "7B", "--gpu-gb", "nan"],
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert bad.stderr.strip().count("\n") == 0


# -- the replay Hub answers bad requests with a 4xx, never a dropped connection ----------------


def status_of(request: urllib.request.Request | str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        ("GET", "/api/models?cursor=1e400", None, 400),
        ("GET", "/api/models?limit=1e400", None, 400),
        ("GET", "/api/models?cursor=eyJvZmZzZXQiOiAxZTQwMH0=", None, 400),  # {"offset": 1e400}
        ("GET", "/no/such/path", None, 404),
        ("GET", "/_replay/nothing", None, 404),
        ("POST", "/_replay/faults", b'{"kind": "status", "explode": 1}', 400),
        ("POST", "/_replay/faults", b'{"kind": "status", "times": "x"}', 400),
        ("POST", "/_replay/faults", b'{"kind": "status", "seconds": 1e400}', 400),
        ("POST", "/_replay/faults", b'[{"kind": "nope"}]', 400),
        ("POST", "/_replay/faults", b"not json", 400),
        ("POST", "/_replay/faults", b"[1]", 400),
        ("POST", "/api/models", b"{}", 405),
    ],
)
def test_replay_hub_refuses_bad_requests(replay_hub, method, path, body, status):
    request = urllib.request.Request(f"{replay_hub.url}{path}", data=body, method=method)
    code, answer = status_of(request)
    assert code == status
    assert "error" in json.loads(answer)
    assert replay_hub.faults == []


def test_replay_hub_refuses_a_huge_body_with_413(replay_hub):
    import http.client

    host, port = replay_hub.url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=5)
    connection.putrequest("POST", "/_replay/faults")
    connection.putheader("Content-Length", str(10**12))
    connection.endheaders()
    response = connection.getresponse()
    assert response.status == 413 and b"more than" in response.read()
    connection.close()


def test_replay_hub_sends_no_body_on_head(replay_hub):
    import http.client

    host, port = replay_hub.url.removeprefix("http://").split(":")
    for path in ("/api/tasks", "/api/models", "/no/such/path"):
        connection = http.client.HTTPConnection(host, int(port), timeout=5)
        connection.request("HEAD", path)
        response = connection.getresponse()
        assert response.read() == b"" and int(response.headers["Content-Length"]) > 0
        # The connection stays usable: no stray body bytes in front of the next answer.
        connection.request("GET", "/api/tasks")
        assert connection.getresponse().status == 200
        connection.close()
