"""The Hub layer's guards: the project's timeout on every request, only transient errors
retried, raw listings, a disk cache that keeps only strict JSON, and side channels of
``huggingface_hub`` (its agent list) that cannot disable the project's queries."""

from __future__ import annotations

import json
import math

import pytest
from huggingface_hub import constants
from huggingface_hub.utils import _detect_agent, build_hf_headers, get_session

from hfguide.cli import main
from hfguide.data.hub_models import query_records
from hfguide.hub.cache import DiskCache
from hfguide.hub.client import HubClient, ModelQuery
from hfguide.hub.errors import HubError, RetryableResponse
from hfguide.hub.side_channels import agent_registry_problem
from hfguide.hub.transport import RetryPolicy
from hfguide.replay.server import Fault, ReplayHub
from tests.support.leaderboard import RAW, parquet_bytes
from tests.support.records import FIXTURE_RECORDS, FIXTURE_TASKS

FAST = RetryPolicy(attempts=3, backoff=0.01, max_backoff=0.02, timeout=20.0)


def client_for(hub: ReplayHub, **kw) -> HubClient:
    kw.setdefault("retry", FAST)
    kw.setdefault("use_cache", False)
    return HubClient(endpoint=hub.url, **kw)


def count(hub: ReplayHub, path: str) -> int:
    return [r["path"] for r in hub.requests].count(path)


# -- one deadline: the project's timeouts ------------------------------------------------------


def test_a_task_list_slower_than_httpx_default_timeout_is_waited_for(replay_hub):
    """httpx gives a request without a timeout of its own 5 s; the project allows 20 s here."""
    replay_hub.inject(Fault("latency", path="/api/tasks", seconds=5.5))
    client = client_for(replay_hub, retry=RetryPolicy(attempts=1, timeout=20.0))
    assert set(client.tasks()) == set(FIXTURE_TASKS)
    assert count(replay_hub, "/api/tasks") == 1


def test_every_request_of_a_call_gets_the_projects_timeout(replay_hub):
    replay_hub.inject(Fault("latency", path="/api/tasks", seconds=0.5))
    client = client_for(replay_hub, retry=RetryPolicy(attempts=1, timeout=10.0))
    url = f"{replay_hub.url}/api/tasks"
    # huggingface_hub asks for shorter timeouts in places (10 s for a download's HEAD); inside
    # a call of the client, the project's timeout applies.
    response = client.call("slow", lambda: get_session().get(url, timeout=0.1))
    assert response.status_code == 200
    # Outside a call, a shorter timeout that is asked for is kept.
    with pytest.raises(RetryableResponse, match="Timeout"):
        get_session().get(url, timeout=0.1)


def test_the_projects_timeout_still_ends_a_hanging_request(replay_hub):
    replay_hub.inject(Fault("hang", path="/api/tasks", seconds=20, times=1))
    client = client_for(replay_hub, retry=RetryPolicy(attempts=2, backoff=0.01, timeout=0.5))
    assert set(client.tasks()) == set(FIXTURE_TASKS)
    assert count(replay_hub, "/api/tasks") == 2


# -- only transient errors are retried ---------------------------------------------------------


def test_an_error_that_is_not_transient_is_not_retried(replay_hub):
    calls = []

    def unparseable_date():
        calls.append(1)
        raise ValueError("time data 'yesterday' does not match format '%Y-%m-%dT%H:%M:%S.%fZ'")

    with pytest.raises(HubError, match="ValueError: time data 'yesterday'"):
        client_for(replay_hub).call("models", unparseable_date)
    assert calls == [1]


def test_huggingface_hubs_own_parser_fails_a_listing_once_not_four_times():
    """What the project no longer relies on: list_models raises on one record it cannot parse.
    The error is not retried, and the project's own listing keeps the other records."""
    records = [*FIXTURE_RECORDS, {**FIXTURE_RECORDS[0], "id": "bad/date", "createdAt": "never"}]
    with ReplayHub(records, FIXTURE_TASKS) as hub:
        client = client_for(hub)
        with pytest.raises(HubError):
            client.call("list", lambda: list(client.api.list_models(limit=50)))
        assert count(hub, "/api/models") == 1
        got = query_records(client, ModelQuery("text-classification"))
    assert "bad/date" not in {r["id"] for r in got} and len(got) == 4


def test_a_listing_is_read_as_the_hub_sent_it(replay_hub):
    client = client_for(replay_hub)
    query = ModelQuery("fill-mask", sort="trending_score")
    items = client.call("list", lambda: client.list_pages("/api/models", query.api_params()))
    assert [item["id"] for item in items] == ["gamma/masker"]
    sent = next(r["query"] for r in replay_hub.requests if r["path"] == "/api/models")
    assert "sort=trendingScore" in sent and "pipeline_tag=fill-mask" in sent


def test_a_listing_page_that_is_not_a_list_fails_without_a_retry(replay_hub):
    replay_hub.inject(Fault("body", path="/api/models", body='{"error": "odd"}'))
    client = client_for(replay_hub)
    with pytest.raises(HubError, match="answered with an object, not a list"):
        client.call("list", lambda: client.list_pages("/api/models", []))
    assert count(replay_hub, "/api/models") == 1


# -- the disk cache keeps strict JSON only -----------------------------------------------------


def test_a_value_the_cache_cannot_keep_is_returned_with_a_warning(replay_hub, tmp_path):
    client = client_for(replay_hub, use_cache=True, cache_dir=tmp_path)
    value = client.cached("odd", lambda: {"score": math.nan})
    assert math.isnan(value["score"])
    assert list(tmp_path.iterdir()) == []  # nothing written, not even a temporary file
    assert any("did not keep an answer in the cache" in w for w in client.warnings)


def test_a_cache_file_holding_nan_is_no_answer(tmp_path):
    cache = DiskCache(tmp_path, ttl=3600)
    cache.put("http://hub", "k", {"n": 1})
    (path,) = tmp_path.iterdir()
    path.write_text(path.read_text().replace("1", "NaN"))
    assert cache.get("http://hub", "k") is None
    with pytest.raises(ValueError):
        cache.put("http://hub", "k", {"n": math.inf})


# -- huggingface_hub's side channel: the agent list --------------------------------------------


@pytest.fixture
def agent_list(monkeypatch, tmp_path, replay_hub):
    """huggingface_hub's agent list asked of the replay Hub, kept (for a day) in a temporary
    HF_HOME, and not yet resolved in this process."""
    kept = tmp_path / "hf-home" / ".agent_harnesses.json"
    # As huggingface_hub sets them when HF_ENDPOINT names the replay Hub at its import.
    monkeypatch.setattr(constants, "ENDPOINT", replay_hub.url)
    template = replay_hub.url + "/{repo_id}/resolve/{revision}/{filename}"
    monkeypatch.setattr(constants, "HUGGINGFACE_CO_URL_TEMPLATE", template)
    monkeypatch.setattr(constants, "AGENT_HARNESSES_PATH", str(kept))
    monkeypatch.setattr(constants, "HF_HUB_DISABLE_TELEMETRY", False)
    monkeypatch.setattr(_detect_agent, "_registry", None)
    monkeypatch.delenv("AI_AGENT", raising=False)
    monkeypatch.delenv("AGENT", raising=False)
    return kept


def test_a_well_formed_agent_list_is_used_as_the_library_means(replay_hub, agent_list, monkeypatch):
    monkeypatch.setenv("HFGUIDE_REPLAY_AGENT", "1")
    client = client_for(replay_hub)
    assert [r["id"] for r in query_records(client, ModelQuery("fill-mask"))] == ["gamma/masker"]
    assert "agent/replay-agent" in build_hf_headers()["user-agent"]
    assert json.loads(agent_list.read_text()) == replay_hub.agent_harnesses
    assert client.warnings == []


@pytest.mark.parametrize(
    "answer",
    [
        "[1, 2]",
        '{"standardEnvVars": "AI_AGENT", "harnesses": {}}',
        '{"standardEnvVars": [], "harnesses": {"x": {"envVars": "*"}}}',
        '{"standardEnvVars": [], "harnesses": [1]}',
        "not json",
    ],
)
def test_a_poisoned_agent_list_breaks_no_query_and_is_not_kept(replay_hub, agent_list, answer):
    replay_hub.inject(Fault("body", path="/api/agent-harnesses", body=answer))
    client = client_for(replay_hub)
    assert [r["id"] for r in query_records(client, ModelQuery("fill-mask"))] == ["gamma/masker"]
    assert count(replay_hub, "/api/agent-harnesses") == 1  # the library did ask
    assert not agent_list.exists()  # and kept nothing for the next day
    assert "agent/" not in build_hf_headers()["user-agent"]
    assert any("agent-harnesses" in w and "malformed" in w for w in client.warnings)


def test_an_agent_list_poisoned_on_disk_breaks_no_query(replay_hub, agent_list):
    """A malformed list an earlier run (or another program) kept in HF_HOME: huggingface_hub
    reads it for a day; the project's queries go on, and the file is left as it is."""
    agent_list.parent.mkdir(parents=True)
    agent_list.write_text("[1, 2]")
    client = client_for(replay_hub)
    assert [r["id"] for r in query_records(client, ModelQuery("fill-mask"))] == ["gamma/masker"]
    assert set(client.tasks()) == set(FIXTURE_TASKS)
    assert count(replay_hub, "/api/agent-harnesses") == 0
    assert agent_list.read_text() == "[1, 2]"


def test_a_refresh_with_a_poisoned_agent_list_writes_the_snapshots(
    replay_hub, agent_list, tmp_path, monkeypatch, capsys
):
    replay_hub.inject(Fault("body", path="/api/agent-harnesses", body="[1, 2]"))
    replay_hub.add_dataset_file(
        "open-llm-leaderboard/contents", "data/train-00000-of-00001.parquet", parquet_bytes(RAW)
    )
    monkeypatch.setenv("HF_ENDPOINT", replay_hub.url)
    out = tmp_path / "out"
    out.mkdir()
    code = main(
        [
            "refresh",
            *("--output", str(out / "hub.json"), "--leaderboard-output", str(out / "lb.json")),
            *("--configs-output", str(out / "configs.json")),
        ]
    )
    printed = capsys.readouterr()
    assert code == 0, printed.err
    assert sorted(p.name for p in out.iterdir()) == ["configs.json", "hub.json", "lb.json"]
    assert "ignored the malformed answer of" in printed.err and "Traceback" not in printed.err
    assert not agent_list.exists()


def test_agent_list_shapes():
    assert agent_registry_problem({"standardEnvVars": ["A"], "harnesses": {"x": {}}}) is None
    assert agent_registry_problem({}) is None  # the library reads missing parts as empty
    assert agent_registry_problem([]) == "it is list, not an object"
    assert "harness 'x'" in agent_registry_problem({"harnesses": {"x": {"envVars": {"A": 1}}}})
