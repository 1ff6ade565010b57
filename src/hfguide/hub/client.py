"""Query the Hugging Face Hub with ``huggingface_hub``: model lists per task and the task list.

Everything that talks to the Hub goes through [`HubClient`][HubClient]. It honours the usual
environment variables (``HF_ENDPOINT``, ``HF_TOKEN``, ``HF_HUB_OFFLINE``), runs many queries
concurrently on a bounded pool, retries failed requests with exponential backoff (waiting as
long as a ``Retry-After`` header asks), and caches answers on disk so that a rebuild within
the cache's lifetime sends no request at all.
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import email.utils
import hashlib
import json
import os
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

import httpx2
from huggingface_hub import HfApi, constants
from huggingface_hub.errors import HfHubHTTPError
from huggingface_hub.utils import get_session, hf_raise_for_status, set_client_factory

PUBLIC_HUB = "https://huggingface.co"

#: The sorts the Hub's ``/api/models`` understands, keyed by the name ``huggingface_hub`` uses,
#: with the ``sort`` value the public website uses for the same order.
SORTS: dict[str, str] = {
    "downloads": "downloads",
    "likes": "likes",
    "trending_score": "trending",
    "last_modified": "modified",
    "created_at": "created",
}

#: Model fields the generated tables show; asked for with ``expand`` so the Hub sends only these.
EXPAND_FIELDS: list[str] = [
    "author",
    "downloads",
    "likes",
    "trendingScore",
    "pipeline_tag",
    "library_name",
    "tags",
    "createdAt",
    "lastModified",
    "safetensors",
    "cardData",
]


class HubError(RuntimeError):
    """The Hub could not answer a query, after every retry."""


class HubOffline(HubError):
    """``HF_HUB_OFFLINE`` is set, so no request may be sent."""


class _RetryableResponse(Exception):
    """Raised by the transport for answers worth another try (429, 5xx, broken bodies).

    Deliberately *not* an ``httpx2`` error, so ``huggingface_hub``'s own backoff loop lets it
    through and [`HubClient`][HubClient] alone decides how often and how long to retry.
    """

    def __init__(self, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


def env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().upper() in {"1", "ON", "YES", "TRUE"}


def hub_offline() -> bool:
    """True when ``HF_HUB_OFFLINE`` (or ``TRANSFORMERS_OFFLINE``) forbids Hub requests."""
    return env_flag("HF_HUB_OFFLINE") or env_flag("TRANSFORMERS_OFFLINE")


def current_endpoint() -> str:
    return os.environ.get("HF_ENDPOINT", PUBLIC_HUB).rstrip("/")


def redact_endpoint(endpoint: str) -> str:
    """The endpoint without any user:password part, safe to print or store."""
    parts = urlsplit(endpoint)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def parse_retry_after(value: str | None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


@dataclass(frozen=True)
class ModelQuery:
    """One ``/api/models`` query: the top ``limit`` models of a task in one sort order."""

    task: str | None
    sort: str = "downloads"
    limit: int = 30
    filters: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.sort not in SORTS:
            raise ValueError(f"unknown sort {self.sort!r}; choose one of {', '.join(SORTS)}")
        if not 1 <= self.limit <= 1000:
            raise ValueError(f"limit must be between 1 and 1000, not {self.limit}")

    @property
    def key(self) -> str:
        """A stable name for this query (used in snapshots and cache keys)."""
        return json.dumps(
            {
                "task": self.task,
                "sort": self.sort,
                "limit": self.limit,
                "filters": list(self.filters),
            },
            sort_keys=True,
        )

    def hub_url(self) -> str:
        """The same query on the public Hub website, for readers who want the live list."""
        params: list[tuple[str, str]] = []
        if self.task:
            params.append(("pipeline_tag", self.task))
        for tag in self.filters:
            if tag.startswith("license:"):
                params.append(("license", tag))
            else:
                params.append(("other", tag))
        params.append(("sort", SORTS[self.sort]))
        return f"{PUBLIC_HUB}/models?{urlencode(params)}"


@dataclass
class RetryPolicy:
    attempts: int = 4
    backoff: float = 0.5
    max_backoff: float = 8.0
    max_retry_after: float = 60.0
    timeout: float = 20.0

    def delay(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(retry_after, self.max_retry_after)
        return min(self.backoff * (2 ** (attempt - 1)), self.max_backoff)


class _RetryableTransport(httpx2.BaseTransport):
    """Reads whole bodies inside the transport and turns retry-worthy answers into exceptions."""

    def __init__(self, inner: httpx2.BaseTransport, timeout: float):
        self.inner = inner
        self.timeout = httpx2.Timeout(timeout, connect=min(timeout, 10.0)).as_dict()

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        # huggingface_hub passes timeout=None on list calls, which would wait forever.
        asked = request.extensions.get("timeout") or {}
        request.extensions["timeout"] = {k: asked.get(k) or v for k, v in self.timeout.items()}
        try:
            response = self.inner.handle_request(request)
            body = response.read()
        except (httpx2.TimeoutException, httpx2.NetworkError, httpx2.RemoteProtocolError) as err:
            raise _RetryableResponse(f"{type(err).__name__}: {err}") from err
        if response.status_code == 429 or response.status_code >= 500:
            raise _RetryableResponse(
                f"HTTP {response.status_code} from {request.url.copy_with(query=None)}",
                retry_after=parse_retry_after(response.headers.get("Retry-After")),
            )
        return httpx2.Response(
            status_code=response.status_code,
            headers=response.headers,
            content=body,
            request=request,
            extensions=response.extensions,
        )

    def close(self) -> None:
        self.inner.close()


def _client_factory(timeout: float) -> Callable[[], httpx2.Client]:
    from huggingface_hub.utils._http import default_client_factory

    def factory() -> httpx2.Client:
        hooks = default_client_factory().event_hooks  # keeps the offline check and request ids
        return httpx2.Client(
            transport=_RetryableTransport(httpx2.HTTPTransport(), timeout),
            event_hooks=hooks,
            follow_redirects=True,
        )

    return factory


class DiskCache:
    """JSON answers on disk, keyed by endpoint and query, valid for ``ttl`` seconds."""

    def __init__(self, directory: Path, ttl: float):
        self.directory = Path(directory)
        self.ttl = ttl

    def _path(self, endpoint: str, key: str) -> Path:
        digest = hashlib.sha256(f"{redact_endpoint(endpoint)}\n{key}".encode()).hexdigest()
        return self.directory / f"{digest[:32]}.json"

    def get(self, endpoint: str, key: str) -> Any | None:
        path = self._path(endpoint, key)
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if time.time() - stored.get("stored_at", 0) > self.ttl:
            return None
        return stored.get("value")

    def put(self, endpoint: str, key: str, value: Any) -> None:
        path = self._path(endpoint, key)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_json_atomic(path, {"stored_at": time.time(), "key": key, "value": value})


def write_text_atomic(path: Path, text: str) -> None:
    """Write next to ``path`` and rename into place, so readers never see half a file and a
    failure leaves the previous file as it was."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        with tmp.open("w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_json_atomic(path: Path, value: Any, *, indent: int | None = None) -> None:
    text = json.dumps(value, ensure_ascii=False, indent=indent, sort_keys=indent is not None)
    write_text_atomic(path, text + "\n")


def default_cache_dir() -> Path:
    if "HFGUIDE_CACHE" in os.environ:
        return Path(os.environ["HFGUIDE_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "hfguide" / "hub"


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return str(value)


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value if v is not None]


def model_record(info: Any, read_at: str) -> dict[str, Any]:
    """Turn a ``huggingface_hub`` ``ModelInfo`` into the flat record the snapshot stores.

    Fields the Hub did not send stay absent (they are not zero). ``read_at`` is when the numbers
    were read: the replay Hub reports the original recording date as ``_recorded_at``.
    """
    card = getattr(info, "card_data", None)
    card_license = getattr(card, "license", None) if card is not None else None
    card_languages = getattr(card, "language", None) if card is not None else None
    tags = list(getattr(info, "tags", None) or [])
    license_ = card_license
    if license_ is None:
        license_ = next((t.split(":", 1)[1] for t in tags if t.startswith("license:")), None)
    safetensors = getattr(info, "safetensors", None)
    record: dict[str, Any] = {
        "id": info.id,
        "author": getattr(info, "author", None)
        or (info.id.split("/")[0] if "/" in info.id else None),
        "downloads": getattr(info, "downloads", None),
        "likes": getattr(info, "likes", None),
        "trending_score": getattr(info, "trending_score", None),
        "pipeline_tag": getattr(info, "pipeline_tag", None),
        "library": getattr(info, "library_name", None),
        "tags": tags or None,
        "created_at": _iso(getattr(info, "created_at", None)),
        "last_modified": _iso(getattr(info, "last_modified", None)),
        "parameters": getattr(safetensors, "total", None) if safetensors is not None else None,
        "license": ", ".join(_as_list(license_)) or None,
        "languages": _as_list(card_languages) or None,
        "read_at": getattr(info, "_recorded_at", None) or read_at,
    }
    return {k: v for k, v in record.items() if v is not None}


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class FetchStats:
    requests: int = 0
    cache_hits: int = 0
    retries: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, **counts: int) -> None:
        with self.lock:
            for name, n in counts.items():
                setattr(self, name, getattr(self, name) + n)


class HubClient:
    """Concurrent, retrying, caching queries to the Hub (or whatever ``HF_ENDPOINT`` names)."""

    def __init__(
        self,
        endpoint: str | None = None,
        token: str | None = None,
        *,
        max_workers: int = 8,
        retry: RetryPolicy | None = None,
        cache_dir: Path | None = None,
        cache_ttl: float = 6 * 3600,
        use_cache: bool = True,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.endpoint = (endpoint or current_endpoint()).rstrip("/")
        self._token = token if token is not None else (os.environ.get("HF_TOKEN") or None)
        self.max_workers = max_workers
        self.retry = retry or RetryPolicy()
        self.cache = DiskCache(cache_dir or default_cache_dir(), cache_ttl) if use_cache else None
        self.stats = FetchStats()
        self._sleep = sleep
        self._api = HfApi(endpoint=self.endpoint, token=self._token or False)
        set_client_factory(_client_factory(self.retry.timeout))

    def __repr__(self) -> str:  # never show the token
        return f"HubClient(endpoint={redact_endpoint(self.endpoint)!r})"

    # -- one request, retried -------------------------------------------------------------
    def _call(self, what: str, fn: Callable[[], Any]) -> Any:
        if hub_offline() or constants.is_offline_mode():
            raise HubOffline("HF_HUB_OFFLINE is set: not querying the Hub")
        last: Exception | None = None
        for attempt in range(1, self.retry.attempts + 1):
            self.stats.add(requests=1)
            retry_after = None
            try:
                return fn()
            except _RetryableResponse as err:
                last, retry_after = err, err.retry_after
            except (
                HfHubHTTPError
            ) as err:  # 4xx (some are ValueErrors too): asking again will not help
                raise HubError(f"{what}: {err}") from None
            except ValueError as err:  # malformed JSON in a 200 answer
                last = err
            except Exception as err:  # offline mode raised by huggingface_hub, bad URL, ...
                raise HubError(f"{what}: {type(err).__name__}: {err}") from None
            if attempt < self.retry.attempts:
                if retry_after is not None and retry_after > self.retry.max_retry_after:
                    break
                self.stats.add(retries=1)
                self._sleep(self.retry.delay(attempt, retry_after))
        raise HubError(
            f"{what}: no answer from {redact_endpoint(self.endpoint)} after "
            f"{self.retry.attempts} attempts ({last})"
        )

    def cached(self, key: str, fetch: Callable[[], Any]) -> Any:
        """``fetch()``'s value, from the disk cache while it is fresh."""
        if self.cache is not None:
            hit = self.cache.get(self.endpoint, key)
            if hit is not None:
                self.stats.add(cache_hits=1)
                return hit
        value = fetch()
        if self.cache is not None:
            self.cache.put(self.endpoint, key, value)
        return value

    # -- queries ------------------------------------------------------------------------
    def tasks(self) -> dict[str, dict[str, Any]]:
        """The Hub's task list (``/api/tasks``): id → label, summary, libraries, ..."""

        def fetch() -> dict[str, Any]:
            response = get_session().get(
                f"{self.endpoint}/api/tasks", headers=self._api._build_hf_headers()
            )
            hf_raise_for_status(response)
            value = response.json()
            if not isinstance(value, dict):
                raise ValueError("/api/tasks did not answer with an object")
            return value

        return self.cached("tasks", lambda: self._call("GET /api/tasks", fetch))

    def models(self, query: ModelQuery) -> list[dict[str, Any]]:
        """The records answering one model query, in the Hub's order."""

        def fetch() -> list[dict[str, Any]]:
            read_at = now_iso()
            infos = self._api.list_models(
                pipeline_tag=query.task,
                sort=query.sort,
                limit=query.limit,
                filter=list(query.filters) or None,
                expand=EXPAND_FIELDS,
            )
            return [model_record(info, read_at) for info in infos]

        return self.cached(query.key, lambda: self._call(f"models {query.key}", fetch))

    def dataset_files(self, repo_id: str, *, prefix: str = "", suffix: str = "") -> list[Path]:
        """Download a Hub data set's files whose names match, the way ``hf_hub_download`` does."""
        from huggingface_hub import hf_hub_download

        downloads = (
            self.cache.directory if self.cache else Path(default_cache_dir())
        ) / "downloads"

        def fetch() -> list[Path]:
            names = sorted(
                f
                for f in self._api.list_repo_files(repo_id, repo_type="dataset")
                if f.startswith(prefix) and f.endswith(suffix)
            )
            if not names:
                raise HubError(f"{repo_id} has no files matching {prefix}*{suffix}")
            return [
                Path(
                    hf_hub_download(
                        repo_id,
                        name,
                        repo_type="dataset",
                        endpoint=self.endpoint,
                        token=self._token or False,
                        cache_dir=downloads,
                    )
                )
                for name in names
            ]

        return self._call(f"files of {repo_id}", fetch)

    def models_many(
        self, queries: Sequence[ModelQuery], *, progress: bool | None = None, desc: str = "Hub"
    ) -> dict[ModelQuery, list[dict[str, Any]]]:
        """Run many model queries at once on a bounded pool. Any failure fails the whole set."""
        from tqdm import tqdm

        results: dict[ModelQuery, list[dict[str, Any]]] = {}
        disable = None if progress is None else not progress  # None: only on a terminal
        bar = tqdm(total=len(queries), desc=desc, unit="query", disable=disable)
        with concurrent.futures.ThreadPoolExecutor(max_workers=self.max_workers) as pool:
            futures = {pool.submit(self.models, q): q for q in queries}
            try:
                for future in concurrent.futures.as_completed(futures):
                    results[futures[future]] = future.result()
                    bar.update(1)
            except BaseException:
                for f in futures:
                    f.cancel()
                raise
            finally:
                bar.close()
        return {q: results[q] for q in queries}


def queries_for_tasks(task_ids: Iterable[str], limit: int = 30) -> list[ModelQuery]:
    """The queries one build needs: each task's top models by downloads, likes and trend."""
    return [
        ModelQuery(task=t, sort=sort, limit=limit)
        for t in task_ids
        for sort in ("downloads", "likes", "trending_score")
    ]
