"""A Hub that misbehaves: hostile records, looping or foreign pagination, huge bodies, long
waits, a token that must not travel. Every case ends within its bounds, with a clear message,
no traceback and no secret, and either inert data or the previous snapshot."""

from __future__ import annotations

import json
import math

import pytest
from huggingface_hub.utils import get_session

from hfguide import pages
from hfguide.cli import main
from hfguide.data import hub_models, model_configs
from hfguide.data.hub_models import query_records
from hfguide.data.hub_models.check import TooManyBadRecords, record_problem, task_problem
from hfguide.data.leaderboard import LeaderboardData
from hfguide.hub.client import HubClient, ModelQuery
from hfguide.hub.errors import HubError
from hfguide.hub.transport import Limits, RetryPolicy
from hfguide.replay.server import Fault, ReplayHub
from tests.support.records import FIXTURE_TASKS

CONFIGS = model_configs.load()  # the committed model configs

FAST = RetryPolicy(attempts=3, backoff=0.01, max_backoff=0.02, timeout=5.0)
TOKEN = "hf_hostile_test_token_0123456789"
PASSWORD = "s3cret-pass-word"
TASK = "text-classification"


def good_records(n: int) -> list[dict]:
    return [
        {
            "id": f"good/model-{i}",
            "author": "good",
            "pipeline_tag": TASK,
            "downloads": 1000 - i,
            "likes": i,
            "trendingScore": i % 5,
            "tags": ["transformers", "en", "license:mit"],
            "createdAt": "2024-01-01T00:00:00.000Z",
            "_recorded_at": "2026-05-04",
        }
        for i in range(n)
    ]


def hostile_records() -> list[dict]:
    base = {"pipeline_tag": TASK, "_recorded_at": "2026-05-04", "tags": ["en"]}
    return [
        {**base, "id": "bad/lots", "downloads": "lots"},
        {**base, "id": "bad/huge", "downloads": 10**400},
        {**base, "id": "bad/nan", "downloads": 10**6, "trendingScore": math.nan},
        {**base, "id": "bad/negative", "downloads": 10**6, "likes": -4},
        {**base, "id": "evil/<svg onload=alert(1)>", "downloads": 10**6},
        {**base, "id": "bad/tags", "downloads": 10**6, "tags": ["x" * 5000]},
    ]


def hostile_tasks() -> dict:
    tasks = {k: v for k, v in FIXTURE_TASKS.items() if k == TASK}
    tasks.update({f"task-{n}": {"id": f"task-{n}", "label": f"Task {n}"} for n in range(30)})
    tasks["index"] = {"id": "index", "label": "Replaces the Models index", "libraries": []}
    tasks["text_classification"] = {"id": "text_classification", "label": "Collides"}
    tasks["long-label"] = {"id": "long-label", "label": "L" * 10_001}
    return tasks


def client_for(hub: ReplayHub, **kw) -> HubClient:
    kw.setdefault("retry", FAST)
    kw.setdefault("use_cache", False)
    return HubClient(endpoint=hub.url, **kw)


# -- records -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("record", "problem"),
    [
        ({"id": "a/b", "read_at": "2026-05-04", "downloads": "lots"}, "downloads is not a whole"),
        ({"id": "a/b", "read_at": "2026-05-04", "downloads": 10**400}, "downloads is out of range"),
        ({"id": "a/b", "read_at": "2026-05-04", "trending_score": math.inf}, "not a finite"),
        ({"id": "a/b", "read_at": "2026-05-04", "likes": True}, "likes is not a whole number"),
        ({"id": "a/b|c", "read_at": "2026-05-04"}, "id has characters"),
        ({"id": "no-namespace", "read_at": "2026-05-04"}, "id has characters"),
        ({"id": "a/b", "read_at": "yesterday"}, "read_at has characters"),
        (
            {"id": "a/b", "read_at": "2026-05-04", "license": "x" * 201},
            "license is empty or longer",
        ),
        ({"id": "a/b", "read_at": "2026-05-04", "languages": ["en", 3]}, "languages entry 2"),
        (
            {"id": "a/b", "read_at": "2026-05-04", "languages": ["qu", "es", "qu"]},
            "languages lists an entry twice",
        ),
        ({"id": "a/b", "read_at": "2026-05-04", "parameters": 0}, "parameters is out of range"),
        ({"id": "a/b", "read_at": "2026-05-04", "evil": 1}, "unknown field 'evil'"),
        ({"id": "a/b"}, "has no read_at"),
        (None, "is not an object"),
    ],
)
def test_record_checks(record, problem):
    assert problem in record_problem(record)


def test_task_checks():
    assert task_problem("index", {"id": "index"}) == "id 'index' is a name the site reserves"
    assert "shape" in task_problem("Text_Classification", {})
    assert "label is empty or longer" in task_problem("x", {"label": "L" * 10_001})
    assert task_problem("fill-mask", {"id": "fill-mask", "label": "Fill-Mask"}) is None


def test_a_few_hostile_records_are_dropped_and_counted(tmp_path):
    records = good_records(80) + hostile_records()
    with ReplayHub(records, hostile_tasks()) as hub:
        client = client_for(hub)
        data = hub_models.fetch(client)
    assert set(data.tasks) == {TASK, *(f"task-{n}" for n in range(30))}
    kept = {r["id"] for r in data.records}
    assert kept < {f"good/model-{i}" for i in range(80)} and len(kept) >= 30
    assert len(client.warnings) == 3 + 6  # three tasks, six records, each named once
    assert any("'index'" in w and "reserves" in w for w in client.warnings)
    assert any("bad/lots" in w and "downloads" in w for w in client.warnings)
    # The pages built from what was kept render the good records, and nothing else.
    board = LeaderboardData(rows=[], source="live", created_at="2026-01-01T00:00:00Z", endpoint="")
    site = pages.build(data, board, CONFIGS)
    assert "models/index.md" in site.files and "models/text-classification.md" in site.files
    assert not any("svg onload" in text for text in site.files.values())


def test_mostly_hostile_answers_fail_the_refresh_and_keep_the_snapshot(
    replay_hub, tmp_path, monkeypatch, capsys
):
    out, board = tmp_path / "snap.json", tmp_path / "board.json"
    out.write_text("previous")
    board.write_text("previous board")
    with ReplayHub(good_records(3) + hostile_records(), hostile_tasks()) as hub:
        with pytest.raises(TooManyBadRecords, match="6 of 9 model records"):
            hub_models.fetch(client_for(hub))
        monkeypatch.setenv("HF_ENDPOINT", hub.url)
        code = main(
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
    err = capsys.readouterr().err
    assert code == 2 and "refresh failed, the snapshots were not changed" in err
    assert "6 of 9 model records failed the checks" in err and "Traceback" not in err
    assert out.read_text() == "previous" and board.read_text() == "previous board"


def test_a_hostile_snapshot_file_is_one_clear_error(tmp_path):
    path = tmp_path / "hub-snapshot.json"
    with ReplayHub(good_records(5), hostile_tasks()) as hub:
        value = hub_models.fetch(client_for(hub)).to_json()
    for poison, expected in [
        (lambda v: v["models"]["good/model-2"].update(downloads="lots"), "record 3"),
        (lambda v: v["models"]["good/model-0"].update(downloads=None), "downloads is not a whole"),
        (lambda v: v["tasks"].update({"index": {"id": "index"}}), "reserves"),
        (lambda v: v["queries"][0]["ids"].append("ghost/model"), "'ghost/model' is missing"),
        (lambda v: v.update(format=7), "format is 7"),
    ]:
        copy = json.loads(json.dumps(value))
        poison(copy)
        path.write_text(json.dumps(copy))
        with pytest.raises(Exception) as err:
            hub_models.read(path)
        message = str(err.value)
        assert "hub-snapshot.json is not a valid hfguide Hub snapshot" in message
        assert expected in message and "hfguide refresh" in message
        assert "\n" not in message
    path.write_text('{"format": 1, "models": {"a/b": {"id": "a/b", "downloads": NaN}}}')
    with pytest.raises(Exception, match="NaN, which is not a number JSON allows"):
        hub_models.read(path)


# -- pagination --------------------------------------------------------------------------------


def test_a_link_back_to_the_same_page_stops(replay_hub):
    replay_hub.inject(Fault("loop", path="/api/models"))
    client = client_for(replay_hub)
    got = query_records(client, ModelQuery(TASK, limit=30))
    assert len(got) == 4  # the first page, once
    assert [r["path"] for r in replay_hub.requests].count("/api/models") == 1
    assert any("repeats a page" in w for w in client.warnings)


def test_an_empty_cursor_stops(replay_hub):
    replay_hub.inject(Fault("foreign_link", target=f"{replay_hub.url}/api/models?cursor="))
    client = client_for(replay_hub)
    query_records(client, ModelQuery(TASK))
    assert [r["path"] for r in replay_hub.requests].count("/api/models") == 1
    assert any("cursor is empty" in w for w in client.warnings)


def test_pages_stop_at_the_cap():
    with ReplayHub(good_records(20), hostile_tasks(), page_size=2) as hub:
        client = client_for(hub, limits=Limits(max_pages=3))
        got = query_records(client, ModelQuery(TASK, limit=30))
        assert len(got) == 6
        assert [r["path"] for r in hub.requests].count("/api/models") == 3
    assert any("cap of 3 pages" in w for w in client.warnings)


def test_the_token_never_goes_to_another_host(replay_hub):
    with ReplayHub(good_records(2), hostile_tasks()) as other:
        replay_hub.inject(Fault("foreign_link", target=f"{other.url}/api/models?cursor=abc"))
        client = client_for(replay_hub, token=TOKEN)
        query_records(client, ModelQuery(TASK))
        # A request to another host inside a call (a redirect, say) loses its Authorization.
        client.call(
            "other host",
            lambda: get_session().get(f"{other.url}/api/tasks", headers=client.headers()),
        )
        assert [r["authorization"] for r in other.requests] == [None]
        assert [r["path"] for r in other.requests] == ["/api/tasks"]
    assert replay_hub.requests[0]["authorization"] == f"Bearer {TOKEN}"
    assert any("another host" in w for w in client.warnings)
    assert any("did not send the token" in w for w in client.warnings)


# -- sizes, waits, deadlines -------------------------------------------------------------------


def test_a_huge_body_is_refused_without_retrying(replay_hub):
    replay_hub.inject(Fault("oversize", size=50_000))
    with pytest.raises(HubError, match="50,000 bytes, more than the 10,000 allowed"):
        query_records(client_for(replay_hub, limits=Limits(max_api_bytes=10_000)), ModelQuery(TASK))
    assert replay_hub.request_count == 1


def test_a_huge_announced_length_is_refused_before_reading(replay_hub):
    replay_hub.inject(Fault("oversize", size=10**12, announce_only=True))
    with pytest.raises(HubError, match="announced 1,000,000,000,000 bytes"):
        query_records(client_for(replay_hub), ModelQuery(TASK))


def test_a_retry_after_beyond_the_cap_gives_up_and_says_after_how_many_attempts(replay_hub):
    replay_hub.inject(Fault("ratelimit", retry_after=99999))
    waits = []
    with pytest.raises(HubError) as err:
        query_records(client_for(replay_hub, sleep=waits.append), ModelQuery(TASK))
    assert "gave up after 1 attempt:" in str(err.value)
    assert "asked to wait 99999 s" in str(err.value) and "60 s" in str(err.value)
    assert waits == []


def test_the_overall_deadline_ends_a_hanging_hub(replay_hub):
    replay_hub.inject(Fault("hang", seconds=30))
    client = client_for(replay_hub, deadline=1.0, retry=RetryPolicy(attempts=5, timeout=20.0))
    with pytest.raises(HubError, match="allowed for Hub queries ran out"):
        query_records(client, ModelQuery(TASK))
    assert replay_hub.request_count <= 2


# -- secrets -----------------------------------------------------------------------------------


def test_no_secret_in_messages_logs_or_files(replay_hub, tmp_path, monkeypatch, capsys, caplog):
    host = replay_hub.url.removeprefix("http://")
    monkeypatch.setenv("HF_ENDPOINT", f"http://user:{PASSWORD}@{host}")
    monkeypatch.setenv("HF_TOKEN", TOKEN)
    out, board = tmp_path / "snap.json", tmp_path / "board.json"
    replay_hub.inject(Fault("foreign_link", target="http://elsewhere.invalid/api/models?cursor=x"))
    # The leaderboard data set is missing here: the refresh fails, after warnings and errors.
    code = main(
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
    printed = capsys.readouterr()
    assert code == 2
    for text in (printed.out, printed.err, caplog.text):
        assert PASSWORD not in text and TOKEN not in text and "Traceback" not in text
    assert "http://" + host in printed.err
    # A refresh that succeeds stores the endpoint without its credentials.
    monkeypatch.setenv("HFGUIDE_CACHE", str(tmp_path / "cache"))
    with ReplayHub(good_records(3), hostile_tasks()) as hub:
        client = HubClient(endpoint=f"http://user:{PASSWORD}@{hub.url[7:]}", use_cache=False)
        data = hub_models.fetch(client)
        text = json.dumps(data.to_json())
    assert PASSWORD not in text and "user:" not in text
    assert data.endpoint == hub.url and PASSWORD not in repr(client)
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert (
                PASSWORD.encode() not in path.read_bytes()
                and TOKEN.encode() not in path.read_bytes()
            )


def test_refresh_writes_what_passed_and_lists_what_it_left_out(tmp_path, monkeypatch, capsys):
    from tests.support.leaderboard import RAW, parquet_bytes

    out, board = tmp_path / "snap.json", tmp_path / "board.json"
    with ReplayHub(good_records(80) + hostile_records(), hostile_tasks()) as hub:
        hub.add_dataset_file(
            "open-llm-leaderboard/contents", "data/train-00000-of-00001.parquet", parquet_bytes(RAW)
        )
        monkeypatch.setenv("HF_ENDPOINT", hub.url)
        code = main(
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
    printed = capsys.readouterr()
    assert code == 0, printed.err
    assert "9 warnings:" in printed.err and "left out record 'bad/lots'" in printed.err
    stored = hub_models.read(out)
    assert not {r["id"] for r in stored.records} & {r["id"] for r in hostile_records()}
    assert set(stored.tasks) == {TASK, *(f"task-{n}" for n in range(30))}
