"""The Hub client against the replay Hub: query parameters, faults, retries, cache, token."""

from __future__ import annotations

import json
import threading
import time

import pytest

from hfguide.core.settings import redact_endpoint
from hfguide.data.hub_models import queries_for_tasks, query_many, query_records
from hfguide.data.hub_models.records import model_record
from hfguide.hub.client import HubClient, ModelQuery
from hfguide.hub.errors import HubError, HubOffline
from hfguide.hub.transport import RetryPolicy, parse_retry_after
from hfguide.replay.server import Fault
from tests.support.records import FIXTURE_RECORDS

FAST = RetryPolicy(attempts=3, backoff=0.01, max_backoff=0.02, timeout=2.0)


def client_for(hub, **kw) -> HubClient:
    kw.setdefault("retry", FAST)
    kw.setdefault("use_cache", False)
    return HubClient(endpoint=hub.url, **kw)


def expected_ids(task, field, limit=30):
    records = [r for r in FIXTURE_RECORDS if r.get("pipeline_tag") == task or task is None]
    with_field = sorted(
        (r for r in records if r.get(field) is not None),
        key=lambda r: (r[field], r["id"]),
        reverse=True,
    )
    without = sorted((r for r in records if r.get(field) is None), key=lambda r: r["id"])
    return [r["id"] for r in (with_field + without)[:limit]]


@pytest.mark.parametrize(
    ("sort", "field"),
    [
        ("downloads", "downloads"),
        ("likes", "likes"),
        ("trending_score", "trendingScore"),
        ("last_modified", "lastModified"),
        ("created_at", "createdAt"),
    ],
)
def test_each_sort_orders_like_the_hub(replay_hub, sort, field):
    got = query_records(client_for(replay_hub), ModelQuery("text-classification", sort=sort))
    assert [r["id"] for r in got] == expected_ids("text-classification", field)


def test_pipeline_tag_limit_and_filters(replay_hub):
    client = client_for(replay_hub)
    assert [
        r["id"] for r in query_records(client, ModelQuery("text-classification", limit=2))
    ] == expected_ids("text-classification", "downloads", limit=2)
    apache = query_records(
        client, ModelQuery("text-classification", filters=("license:apache-2.0",))
    )
    assert {r["id"] for r in apache} == {"acme/classify-small", "beta/sentiment-old"}
    french = query_records(client, ModelQuery("text-classification", filters=("fr",)))
    assert [r["id"] for r in french] == ["acme/classify-large"]
    both = query_records(client, ModelQuery(None, filters=("transformers", "license:apache-2.0")))
    assert {r["id"] for r in both} == {"acme/classify-small", "beta/sentiment-old"}


def test_query_asks_for_the_expanded_fields(replay_hub):
    query_records(client_for(replay_hub), ModelQuery("fill-mask"))
    query = next(r["query"] for r in replay_hub.requests if r["path"] == "/api/models")
    assert "pipeline_tag=fill-mask" in query and "sort=downloads" in query and "limit=30" in query
    for field in ("downloads", "likes", "trendingScore", "safetensors", "cardData", "lastModified"):
        assert f"expand={field}" in query or f"expand%5B%5D={field}" in query


def test_records_keep_absent_fields_absent(replay_hub):
    records = {
        r["id"]: r for r in query_records(client_for(replay_hub), ModelQuery("text-classification"))
    }
    old = records["beta/sentiment-old"]
    for missing in ("likes", "trending_score", "last_modified", "parameters"):
        assert missing not in old
    # The card has no licence, library or languages: the tags carry them, and say so.
    assert (old["license"], old["license_source"]) == ("apache-2.0", "tags")
    assert (old["library"], old["library_source"]) == ("transformers", "tags")
    assert (old["languages"], old["languages_source"]) == (["en"], "tags")
    assert old["read_at"] == "2025-03-21"
    full = records["acme/classify-large"]
    assert full["parameters"] == 355_000_000
    assert (full["languages"], full["languages_source"]) == (["fr", "en"], "card")
    assert (full["library"], full["library_source"]) == ("transformers", "hub")
    assert full["license_source"] == "card"
    assert full["last_modified"] == "2024-02-01T10:00:00Z"


def test_task_list(replay_hub):
    assert set(client_for(replay_hub).tasks()) == {
        "text-classification",
        "fill-mask",
        "image-classification",
    }


@pytest.mark.parametrize(
    "fault",
    [
        Fault("status", times=2, status=503),
        Fault("status", times=1, status=500),
        Fault("malformed", times=2),
        Fault("truncated", times=1),
        Fault("ratelimit", times=1, retry_after=0.05),
    ],
    ids=lambda f: f.kind + str(f.status if f.kind == "status" else ""),
)
def test_transient_faults_are_retried(replay_hub, fault):
    replay_hub.inject(fault)
    client = client_for(replay_hub)
    got = query_records(client, ModelQuery("fill-mask"))
    assert [r["id"] for r in got] == ["gamma/masker"]
    assert client.stats.retries >= 1


def test_retry_after_is_honoured(replay_hub):
    replay_hub.inject(Fault("ratelimit", times=1, retry_after=7))
    waits = []
    client = client_for(replay_hub, sleep=waits.append)
    query_records(client, ModelQuery("fill-mask"))
    assert waits == [7.0]


def test_backoff_grows_exponentially(replay_hub):
    replay_hub.inject(Fault("status", times=3))
    waits = []
    policy = RetryPolicy(attempts=4, backoff=0.5, max_backoff=1.5)
    query_records(client_for(replay_hub, retry=policy, sleep=waits.append), ModelQuery("fill-mask"))
    assert waits == [0.5, 1.0, 1.5]


def test_persistent_failure_raises_after_the_last_attempt(replay_hub):
    replay_hub.inject(Fault("status", status=502))
    client = client_for(replay_hub)
    with pytest.raises(HubError, match="after 3 attempts"):
        query_records(client, ModelQuery("fill-mask"))
    assert replay_hub.request_count == 3


def test_client_errors_are_not_retried(replay_hub):
    client = client_for(replay_hub)
    with pytest.raises(HubError, match="Bad request"):
        client.call("bad sort", lambda: list(client.api.list_models(sort="no-such-sort", limit=1)))
    assert replay_hub.request_count == 1


def test_hanging_server_times_out_and_retries(replay_hub):
    """The first answer hangs far longer than the read timeout: the client gives up on it and
    asks again (two requests), instead of waiting for it (one request)."""
    replay_hub.inject(Fault("hang", times=1, seconds=20))
    client = client_for(replay_hub, retry=RetryPolicy(attempts=2, backoff=0.01, timeout=0.3))
    assert query_records(client, ModelQuery("fill-mask"))
    assert replay_hub.request_count == 2


def test_latency_is_applied(replay_hub):
    replay_hub.inject(Fault("latency", seconds=0.3))
    start = time.monotonic()
    query_records(client_for(replay_hub), ModelQuery("fill-mask"))
    assert time.monotonic() - start >= 0.3


def test_offline_mode_sends_nothing(replay_hub, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(HubOffline):
        query_records(client_for(replay_hub), ModelQuery("fill-mask"))
    assert replay_hub.request_count == 0


def test_cache_makes_a_rebuild_send_no_request(replay_hub, tmp_path):
    first = client_for(replay_hub, use_cache=True, cache_dir=tmp_path)
    queries = queries_for_tasks(["text-classification", "fill-mask"])
    answers = query_many(first, queries)
    sent = replay_hub.request_count
    assert sent == len(queries)
    second = client_for(replay_hub, use_cache=True, cache_dir=tmp_path)
    assert query_many(second, queries) == answers
    assert replay_hub.request_count == sent
    assert second.stats.cache_hits == len(queries)


def test_cache_expires(replay_hub, tmp_path):
    query_records(
        client_for(replay_hub, use_cache=True, cache_dir=tmp_path), ModelQuery("fill-mask")
    )
    query_records(
        client_for(replay_hub, use_cache=True, cache_dir=tmp_path, cache_ttl=0),
        ModelQuery("fill-mask"),
    )
    assert replay_hub.request_count == 2


def test_queries_run_concurrently_within_the_bound(replay_hub):
    in_flight, peak, calls, lock = [0], [0], [0], threading.Lock()
    # The first four queries wait for each other: they pass only if four run at once.
    first_four = threading.Barrier(4, timeout=60)
    client = client_for(replay_hub, max_workers=4)

    def tracked(query):
        with lock:
            in_flight[0] += 1
            peak[0] = max(peak[0], in_flight[0])
            calls[0] += 1
            waits = calls[0] <= 4
        try:
            if waits:
                first_four.wait()
            return query_records(client, query)
        finally:
            with lock:
                in_flight[0] -= 1

    queries = queries_for_tasks(["text-classification", "fill-mask", "image-classification"]) * 2
    client.map(tracked, queries)
    assert peak[0] == 4


def test_one_failed_query_fails_the_whole_set(replay_hub):
    replay_hub.inject(Fault("status", path="/api/models", status=500))
    with pytest.raises(HubError):
        query_many(client_for(replay_hub), queries_for_tasks(["fill-mask"]))


def test_token_is_sent_but_never_cached_or_shown(replay_hub, tmp_path):
    token = "hf_testtoken_do_not_leak_123"
    client = client_for(replay_hub, token=token, use_cache=True, cache_dir=tmp_path)
    query_records(client, ModelQuery("fill-mask"))
    assert replay_hub.requests[-1]["authorization"] == f"Bearer {token}"
    assert token not in repr(client)
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert token not in path.read_text()


def test_token_comes_from_hf_token(replay_hub, monkeypatch):
    monkeypatch.setenv("HF_TOKEN", "hf_from_environment")
    query_records(client_for(replay_hub), ModelQuery("fill-mask"))
    assert replay_hub.requests[-1]["authorization"] == "Bearer hf_from_environment"


def test_endpoint_comes_from_hf_endpoint(replay_hub, monkeypatch):
    monkeypatch.setenv("HF_ENDPOINT", replay_hub.url + "/")
    client = HubClient(use_cache=False, retry=FAST)
    assert client.endpoint == replay_hub.url
    assert query_records(client, ModelQuery("fill-mask"))


def test_model_query_validation_and_hub_links():
    with pytest.raises(ValueError, match="unknown sort"):
        ModelQuery("fill-mask", sort="stars")
    with pytest.raises(ValueError, match="limit"):
        ModelQuery("fill-mask", limit=0)
    url = ModelQuery("translation", sort="trending_score", filters=("license:mit",)).hub_url()
    assert (
        url
        == "https://huggingface.co/models?pipeline_tag=translation&license=license%3Amit&sort=trending"
    )
    assert json.loads(ModelQuery("x").key) == {
        "task": "x",
        "sort": "downloads",
        "limit": 30,
        "filters": [],
    }


def test_retry_after_parsing():
    assert parse_retry_after("12") == 12.0
    assert parse_retry_after(None) is None
    assert parse_retry_after("soon") is None
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # a date in the past


def test_redact_endpoint_drops_credentials():
    assert (
        redact_endpoint("https://user:secret@hub.example:8443/base")
        == "https://hub.example:8443/base"
    )


def test_model_record_without_author_uses_the_namespace():
    item = {"id": "org/name", "tags": ["license:bsd-3-clause"]}
    assert model_record(item, "2026-01-01T00:00:00Z") == {
        "id": "org/name",
        "author": "org",
        "tags": ["license:bsd-3-clause"],
        "license": "bsd-3-clause",
        "license_source": "tags",
        "read_at": "2026-01-01T00:00:00Z",
    }


def test_model_record_keeps_each_card_language_once():
    """Cards that map several dialects to one code list it again and again (Quechua's ``qu``);
    a record lists it once, where it first came."""
    item = {"id": "org/name", "cardData": {"language": ["qu", "es", "qu", "ms", "qu", "ms"]}}
    record = model_record(item, "2026-01-01T00:00:00Z")
    assert record["languages"] == ["qu", "es", "ms"]
    assert record["languages_source"] == "card"
