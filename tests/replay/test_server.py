"""The replay Hub's own semantics, checked through ``huggingface_hub`` and plain HTTP."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from huggingface_hub import HfApi, hf_hub_download
from huggingface_hub.errors import EntryNotFoundError, RepositoryNotFoundError

from hfguide.cli import main
from hfguide.replay.queries import query_models
from hfguide.replay.recorded import load_records
from hfguide.replay.server import Fault, ReplayHub
from tests.support.records import FIXTURE_RECORDS, FIXTURE_TASKS


def get_json(url: str):
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.loads(response.read()), response.headers


def test_cursor_pagination_follows_link_headers():
    with ReplayHub(FIXTURE_RECORDS, FIXTURE_TASKS, page_size=2) as hub:
        ids = [m.id for m in HfApi(endpoint=hub.url).list_models(sort="downloads")]
        pages = [r for r in hub.requests if r["path"] == "/api/models"]
    expected = [
        r["id"] for r in sorted(FIXTURE_RECORDS, key=lambda r: r["downloads"], reverse=True)
    ]
    assert ids == expected
    assert len(pages) == 3  # 6 records, 2 per page
    assert all("cursor=" in p["query"] for p in pages[1:])


def test_link_header_absent_on_the_last_page(replay_hub):
    body, headers = get_json(f"{replay_hub.url}/api/models?limit=100")
    assert len(body) == len(FIXTURE_RECORDS)
    assert headers.get("Link") is None
    body, headers = get_json(f"{replay_hub.url}/api/models?limit=4")
    assert 'rel="next"' in headers["Link"]


def test_direction_search_and_author(replay_hub):
    ascending, _ = get_json(f"{replay_hub.url}/api/models?sort=downloads&direction=1")
    downloads = [m["downloads"] for m in ascending]
    assert downloads == sorted(downloads)
    found, _ = get_json(f"{replay_hub.url}/api/models?search=CLASSIFY")
    assert {m["id"] for m in found} == {"acme/classify-small", "acme/classify-large"}
    by_author, _ = get_json(f"{replay_hub.url}/api/models?author=gamma")
    assert {m["id"] for m in by_author} == {"gamma/masker", "gamma/no-task-model"}


def test_field_selection(replay_hub):
    default, _ = get_json(f"{replay_hub.url}/api/models?search=classify-small")
    assert "cardData" not in default[0] and "safetensors" not in default[0]
    assert default[0]["downloads"] == 5000
    expanded, _ = get_json(
        f"{replay_hub.url}/api/models?search=classify-small&expand=likes&expand=cardData"
    )
    assert set(expanded[0]) == {"id", "_id", "likes", "cardData", "_recorded_at"}
    full, _ = get_json(f"{replay_hub.url}/api/models?search=classify-small&full=true")
    assert full[0]["safetensors"]["total"] == 66_000_000
    old, _ = get_json(
        f"{replay_hub.url}/api/models?search=sentiment-old&expand=likes&expand=downloads"
    )
    assert "likes" not in old[0]  # absent stays absent, never zero
    assert "_source" not in full[0]


def test_model_info_and_tasks(replay_hub):
    api = HfApi(endpoint=replay_hub.url)
    info = api.model_info("acme/classify-large")
    assert info.safetensors.total == 355_000_000 and info.card_data.license == "mit"
    with pytest.raises(RepositoryNotFoundError):
        api.model_info("nobody/nothing")
    tasks, _ = get_json(f"{replay_hub.url}/api/tasks")
    assert tasks == FIXTURE_TASKS


def test_bad_query_parameters_get_400(replay_hub):
    for query in ("sort=stars", "limit=many", "cursor=%%%"):
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(f"{replay_hub.url}/api/models?{query}", timeout=5)
        assert err.value.code == 400


def test_dataset_files_download_like_the_hub(replay_hub, tmp_path):
    replay_hub.add_dataset_file("org/data", "data/train.csv", b"a,b\n1,2\n")
    path = hf_hub_download(
        "org/data",
        "data/train.csv",
        repo_type="dataset",
        endpoint=replay_hub.url,
        cache_dir=tmp_path,
    )
    assert open(path, "rb").read() == b"a,b\n1,2\n"
    with pytest.raises(EntryNotFoundError):
        hf_hub_download(
            "org/data",
            "missing.csv",
            repo_type="dataset",
            endpoint=replay_hub.url,
            cache_dir=tmp_path,
        )


def test_faults_over_http_and_stats(replay_hub):
    request = urllib.request.Request(
        f"{replay_hub.url}/_replay/faults",
        method="POST",
        data=json.dumps({"kind": "status", "times": 1, "status": 504}).encode(),
    )
    urllib.request.urlopen(request, timeout=5)
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(f"{replay_hub.url}/api/tasks", timeout=5)
    assert err.value.code == 504
    assert get_json(f"{replay_hub.url}/api/tasks")[0] == FIXTURE_TASKS  # fault used up
    stats, _ = get_json(f"{replay_hub.url}/_replay/stats")
    assert stats == {"requests": 2, "by_path": {"/api/tasks": 2}}
    urllib.request.urlopen(
        urllib.request.Request(f"{replay_hub.url}/_replay/faults", method="DELETE"), timeout=5
    )
    assert replay_hub.faults == []


def test_ratelimit_fault_sends_retry_after(replay_hub):
    replay_hub.inject(Fault("ratelimit", times=1, retry_after=3))
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(f"{replay_hub.url}/api/models", timeout=5)
    assert err.value.code == 429 and err.value.headers["Retry-After"] == "3"


def test_unknown_fault_kind_is_rejected():
    with pytest.raises(ValueError, match="unknown fault"):
        Fault("explode")


def test_load_records_reports_the_bad_line(tmp_path):
    (tmp_path / "models.jsonl").write_text('{"id": "a/b"}\n{not json\n')
    with pytest.raises(ValueError, match=r"models.jsonl:2"):
        load_records(tmp_path)
    with pytest.raises(FileNotFoundError):
        load_records(tmp_path / "missing")


def test_query_models_filters_need_every_tag():
    got = query_models(FIXTURE_RECORDS, {"filter": ["transformers", "en"]})
    assert {r["id"] for r in got} == {
        "acme/classify-small",
        "beta/sentiment-old",
    }  # classify-large: "fr" tag only


def test_replay_hub_command_rejects_a_missing_folder(tmp_path, capsys):
    assert main(["replay-hub", "--data", str(tmp_path / "nope")]) == 2
    assert "no such folder" in capsys.readouterr().err


def test_empty_pages_once_or_without_end(replay_hub):
    replay_hub.inject(Fault("empty", path="/api/models", times=1))
    body, headers = get_json(f"{replay_hub.url}/api/models?limit=2")
    assert body == [] and headers.get("Link") is None
    assert len(get_json(f"{replay_hub.url}/api/models?limit=2")[0]) == 2  # fault used up
    replay_hub.inject(Fault("empty_loop", path="/api/models"))
    url, cursors = f"{replay_hub.url}/api/models?limit=2", set()
    for _ in range(5):
        body, headers = get_json(url)
        assert body == []
        url = headers["Link"].split(";")[0].strip("<>")
        cursors.add(url.rsplit("cursor=", 1)[1])
        assert "limit=2" in url
    assert len(cursors) == 5  # each page links to one never seen before


def test_a_body_fault_answers_any_text(replay_hub):
    replay_hub.inject(Fault("body", path="/api/tasks", body='[1, NaN, "x"]', times=1))
    with urllib.request.urlopen(f"{replay_hub.url}/api/tasks", timeout=5) as response:
        assert response.read() == b'[1, NaN, "x"]' and response.status == 200
    with pytest.raises(ValueError, match="body must be text"):
        Fault("body", body=[1, 2])
    with pytest.raises(ValueError, match="at most 1 MiB"):
        Fault("body", body="x" * (2 << 20))


def test_the_agent_list_huggingface_hub_asks_for(replay_hub):
    body, _ = get_json(f"{replay_hub.url}/api/agent-harnesses")
    assert isinstance(body["standardEnvVars"], list) and isinstance(body["harnesses"], dict)
    replay_hub.inject(Fault("body", path="/api/agent-harnesses", body="[1, 2]", times=1))
    assert get_json(f"{replay_hub.url}/api/agent-harnesses")[0] == [1, 2]


def test_records_without_an_id_or_with_odd_values_are_served_as_they_are():
    records = [
        {"pipeline_tag": "fill-mask", "downloads": 3},
        {"id": "a/b", "pipeline_tag": "fill-mask", "downloads": float("nan")},
        {"id": "a/c", "pipeline_tag": "fill-mask", "downloads": "lots"},
    ]
    with ReplayHub(records, {}) as hub:
        with urllib.request.urlopen(
            f"{hub.url}/api/models?pipeline_tag=fill-mask&sort=downloads&expand=downloads",
            timeout=5,
        ) as response:
            body = json.loads(response.read())  # NaN is read back as a float
        assert sorted(str(r.get("id")) for r in body) == ["None", "a/b", "a/c"]
        assert set(hub.by_id) == {"a/b", "a/c"}


def test_an_unreadable_records_file_is_named_not_the_port(tmp_path, monkeypatch, capsys):
    (tmp_path / "models.jsonl").write_text('{"id": "a/b"}\n')
    real_open = Path.open

    def refuse(self, *args, **kwargs):
        if self.name == "models.jsonl":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    assert main(["replay-hub", "--data", str(tmp_path), "--host", "203.0.113.1"]) == 2
    err = capsys.readouterr().err
    assert f"{tmp_path / 'models.jsonl'}: cannot read it: Permission denied" in err
    assert "listen" not in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("models.jsonl", b'{"id": "\xff"}\n', "models.jsonl: cannot read it: it is not UTF-8 text"),
        ("tasks.json", b"{not json", "tasks.json: cannot read it: Expecting property name"),
        ("tasks.json", b"\xff\xfe", "tasks.json: cannot read it: it is not UTF-8 text"),
    ],
)
def test_a_records_folder_that_cannot_be_read_names_the_file(
    tmp_path, capsys, name, content, message
):
    (tmp_path / "models.jsonl").write_text('{"id": "a/b"}\n')
    (tmp_path / name).write_bytes(content)
    assert main(["replay-hub", "--data", str(tmp_path), "--host", "203.0.113.1"]) == 2
    err = capsys.readouterr().err
    assert message in err and "listen" not in err
