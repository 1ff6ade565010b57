"""The Hugging Face Hub, asked through ``huggingface_hub``: one client every data set uses.

Everything that talks to the Hub goes through ``HubClient``. It honours the usual
settings (``HF_ENDPOINT``, ``HF_TOKEN``, ``HF_HUB_OFFLINE``, read by ``hfguide.core.settings``),
runs many calls concurrently on a bounded pool (``map``), retries failed requests with
exponential backoff (waiting as long as a ``Retry-After`` header asks, up to a cap) but only
where another try can help, gives up at an overall deadline, and caches answers on disk
(``cached``) so that a rebuild within the cache's lifetime sends no request at all. The bounds on
each request (timeouts, sizes, pages, where the token goes) are applied by
``hfguide.hub.transport``. Listings are read as the Hub sent them (``list_pages``), not parsed
into ``huggingface_hub``'s types, so one record it cannot parse does not fail the others. What to
ask and how to check the answers belongs to the data sets (``hfguide.data``): the client knows
the Hub's API, not their records, and caches only what they checked.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import json
import logging
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlencode

from huggingface_hub import HfApi, constants, hf_hub_download
from huggingface_hub.errors import HfHubHTTPError
from huggingface_hub.utils import build_hf_headers, get_session, hf_raise_for_status
from tqdm import tqdm

from hfguide.core.settings import (
    PUBLIC_HUB,
    Settings,
    check_endpoint,
    endpoint_secrets,
    origin,
    redact,
    redact_endpoint,
)
from hfguide.hub.cache import DiskCache
from hfguide.hub.errors import (
    HubAccessDenied,
    HubError,
    HubNotFound,
    HubOffline,
    RetryableResponse,
)
from hfguide.hub.transport import CallBudget, Limits, RetryPolicy, budget, install

T = TypeVar("T")
K = TypeVar("K")

log = logging.getLogger("hfguide.hub")

#: The sorts the Hub's ``/api/models`` understands, keyed by the name ``huggingface_hub`` uses,
#: with the ``sort`` value the public website uses for the same order.
SORTS: dict[str, str] = {
    "downloads": "downloads",
    "likes": "likes",
    "trending_score": "trending",
    "last_modified": "modified",
    "created_at": "created",
}
#: The same sorts as ``/api/models`` spells them in its ``sort`` parameter.
API_SORTS: dict[str, str] = {
    "downloads": "downloads",
    "likes": "likes",
    "trending_score": "trendingScore",
    "last_modified": "lastModified",
    "created_at": "createdAt",
}


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

    def api_params(self, expand: Iterable[str] = ()) -> list[tuple[str, str]]:
        """This query's parameters for ``/api/models``, asking for the ``expand`` fields."""
        params: list[tuple[str, str]] = []
        if self.task:
            params.append(("pipeline_tag", self.task))
        params.append(("sort", API_SORTS[self.sort]))
        params.append(("limit", str(self.limit)))
        params.extend(("filter", tag) for tag in self.filters)
        params.extend(("expand", name) for name in expand)
        return params

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
    """Concurrent, retrying, caching queries to the Hub (or the ``HF_ENDPOINT`` Hub), bounded.

    ``deadline`` (seconds, default from the settings) bounds everything the client does from
    its creation: no request starts and no retry waits past it.

    Args:
        endpoint: The Hub's address (default: ``HF_ENDPOINT`` through the settings).
        token: A Hub token (default: ``HF_TOKEN``); sent, never cached, logged or shown.
        settings: Environment-derived settings (default: read from the environment).
        max_workers: Queries in flight at once.
        retry: Attempts, backoff and timeout per request.
        limits: Bounds on answers: pages per listing and body sizes.
        deadline: Seconds the client may spend in all, from its creation.
        cache_dir: The disk cache's folder (default: ``HFGUIDE_CACHE``).
        cache_ttl: Seconds a cached answer stays fresh.
        use_cache: Use the disk cache at all.
        sleep: How the client waits between retries (tests pass a fake clock).
    """

    def __init__(
        self,
        endpoint: str | None = None,
        token: str | None = None,
        *,
        settings: Settings | None = None,
        max_workers: int = 8,
        retry: RetryPolicy | None = None,
        limits: Limits | None = None,
        deadline: float | None = None,
        cache_dir: Path | None = None,
        cache_ttl: float = 6 * 3600,
        use_cache: bool = True,
        sleep: Callable[[float], None] = time.sleep,
    ):
        settings = settings or Settings.from_env()
        self.settings = settings
        self.endpoint = check_endpoint(endpoint) if endpoint else settings.endpoint
        self._token = token if token is not None else settings.token
        self.offline = settings.offline
        self.max_workers = max_workers
        self.retry = retry or RetryPolicy()
        self.limits = limits or Limits()
        self.deadline = deadline if deadline is not None else settings.deadline
        self.deadline_at = time.monotonic() + self.deadline
        self.cache_dir = Path(cache_dir or settings.cache_dir)
        self.cache = DiskCache(self.cache_dir, cache_ttl) if use_cache else None
        self.stats = FetchStats()
        self.warnings: list[str] = []
        self._sleep = sleep
        self.api = HfApi(endpoint=self.endpoint, token=self._token or False)
        install(self.retry.timeout)

    def __repr__(self) -> str:  # never show the token
        return f"HubClient(endpoint={self.public_endpoint!r})"

    @property
    def public_endpoint(self) -> str:
        """The endpoint without credentials: what data, logs and pages may show."""
        return redact_endpoint(self.endpoint)

    def redact(self, text: object) -> str:
        """``text`` without this client's token or endpoint credentials."""
        return redact(text, self._token, *endpoint_secrets(self.endpoint))

    def warn(self, message: str) -> None:
        """Note something the Hub did that hfguide worked around (shown by ``refresh``, logged)."""
        message = self.redact(message)
        with self.stats.lock:
            if message in self.warnings:
                return
            self.warnings.append(message)
        log.warning("%s", message)

    def headers(self) -> dict[str, str]:
        """The headers ``huggingface_hub`` sends with this client's token (none without one)."""
        return build_hf_headers(token=self._token or False)

    # -- one request, retried -------------------------------------------------------------
    def call(self, what: str, fn: Callable[[], T]) -> T:
        """``fn()``, retried under this client's bounds: the one way a request reaches the Hub.

        Args:
            what: The call in a few words, for error messages (``"GET /api/tasks"``).
            fn: Sends the request(s) through ``huggingface_hub`` and reads the answer.

        Returns:
            What ``fn`` returned.

        Raises:
            HubOffline: Offline mode is on.
            HubNotFound: The Hub answered 404.
            HubAccessDenied: The Hub answered 401 or 403 (a gated or private repository).
            HubError: Any other failure, after the retries that help.
        """
        if self.offline or constants.is_offline_mode():
            raise HubOffline("HF_HUB_OFFLINE is set: not querying the Hub")
        where = self.public_endpoint
        call = CallBudget(
            origin(self.endpoint),
            self.deadline_at,
            self.limits,
            self.warn,
            timeout=self.retry.timeout,
        )
        last: Exception | None = None
        attempts = 0
        while attempts < self.retry.attempts:
            if call.remaining() <= 0:
                break
            attempts += 1
            self.stats.add(requests=1)
            call.seen_urls.clear()
            call.pages = 0
            retry_after = None
            try:
                with budget(call):
                    return fn()
            except RetryableResponse as err:
                last, retry_after = err, err.retry_after
            except HubError as err:  # a bound was broken: asking again will not help
                raise HubError(f"{what}: {self.redact(err)}") from None
            except HfHubHTTPError as err:  # 4xx (some are ValueErrors too)
                raise http_error(f"{what}: {self.redact(err)}", err) from None
            except (json.JSONDecodeError, UnicodeDecodeError) as err:  # a broken 200 body
                last = err
            except Exception as err:  # a value it cannot read, offline mode, bad URL, ...
                # Not transient: a date huggingface_hub cannot parse is as wrong the next time.
                raise HubError(f"{what}: {type(err).__name__}: {self.redact(err)}") from None
            if attempts >= self.retry.attempts:
                break
            if retry_after is not None and retry_after > self.retry.max_retry_after:
                raise HubError(
                    f"{what}: gave up after {attempts} attempt{'s' * (attempts > 1)}: "
                    f"{where} asked to wait {retry_after:.0f} s before trying again, more than "
                    f"the {self.retry.max_retry_after:g} s hfguide waits"
                )
            delay = self.retry.delay(attempts, retry_after)
            if delay >= call.remaining():
                break
            self.stats.add(retries=1)
            self._sleep(delay)
        if call.remaining() <= 0 or attempts < self.retry.attempts:
            raise HubError(
                f"{what}: gave up after {attempts} attempt{'s' * (attempts != 1)}: the "
                f"{self.deadline:g} s allowed for Hub queries ran out"
                + (f" ({self.redact(last)})" if last else "")
            )
        raise HubError(
            f"{what}: no answer from {where} after {attempts} attempts ({self.redact(last)})"
        )

    def cached(
        self, key: str, fetch: Callable[[], Any], *, valid: Callable[[Any], bool] | None = None
    ) -> Any:
        """``fetch()``'s value, from the disk cache while it is fresh.

        The cache keeps exactly what ``fetch`` returns, so ``fetch`` returns what passed the data
        set's checks, never a raw answer. A value the cache cannot keep (it is not strict JSON:
        it holds ``NaN``, say) is returned without being kept, with a warning; so is any value
        when the cache's folder cannot be written.

        Args:
            key: What the value answers, unique per query (the endpoint is added to it).
            fetch: Gets the value when the cache has no fresh one; it must be JSON-serialisable.
            valid: Whether a cached value may be used (one that fails is fetched again).

        Returns:
            The cached or fetched value.
        """
        if self._token:  # what one token may read stays its own (gated and private repos)
            key = f"{key}\ntoken {hashlib.sha256(self._token.encode()).hexdigest()[:16]}"
        if self.cache is not None:
            hit = self.cache.get(self.endpoint, key)
            if hit is not None and (valid is None or valid(hit)):
                self.stats.add(cache_hits=1)
                return hit
        value = fetch()
        if self.cache is not None:
            try:
                self.cache.put(self.endpoint, key, value)
            except (OSError, ValueError, TypeError) as err:
                reason = getattr(err, "strerror", None) or str(err)
                self.warn(f"did not keep an answer in the cache ({reason})")
        return value

    def map(
        self,
        fn: Callable[[K], T],
        items: Sequence[K],
        *,
        progress: bool | None = None,
        desc: str = "Hub",
        unit: str = "query",
    ) -> dict[K, T]:
        """``fn`` on every item at once, on a bounded pool. Any failure fails the whole set.

        Args:
            fn: One call of the Hub (it should go through ``call``).
            items: What to call it with; each item must be hashable.
            progress: Show a progress bar (default: only on a terminal).
            desc: The progress bar's label.
            unit: What one item is called in the progress bar.

        Returns:
            Each item's result, in the order of ``items``.

        Raises:
            HubError: A call failed after its retries; the other calls are cancelled.
        """
        results: dict[K, T] = {}
        disable = None if progress is None else not progress  # None: only on a terminal
        bar = tqdm(total=len(items), desc=desc, unit=unit, disable=disable)
        with concurrent.futures.ThreadPoolExecutor(max_workers=self.max_workers) as pool:
            futures = {pool.submit(fn, item): item for item in items}
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
        return {item: results[item] for item in items}

    # -- the Hub's API ------------------------------------------------------------------
    def tasks(self) -> dict[str, Any]:
        """The Hub's task list (``/api/tasks``) as it answered: id → label, summary, ...

        Not cached: the data set caches the tasks that passed its checks.

        Raises:
            HubError: The Hub did not answer, or not with an object.
        """

        def fetch() -> dict[str, Any]:
            response = get_session().get(f"{self.endpoint}/api/tasks", headers=self.headers())
            hf_raise_for_status(response)
            value = response.json()
            if not isinstance(value, dict):
                raise HubError(f"it answered with {_kind(value)}, not an object")
            return value

        return self.call("GET /api/tasks", fetch)

    def list_pages(
        self, path: str, params: Sequence[tuple[str, str]], *, limit: int | None = None
    ) -> list[Any]:
        """The items of a paginated listing (such as ``/api/models``), as the Hub sent them.

        The items are not parsed into ``huggingface_hub``'s types (``ModelInfo`` raises on one
        record it cannot parse, failing all the others): the data sets check each item and drop
        the ones that fail. Next-page links are followed as far as the transport allows. Not
        retried: run it inside ``call``.

        Args:
            path: The listing's path under the endpoint (``/api/models``).
            params: Its query parameters.
            limit: Stop once this many items are read (all pages when ``None``).

        Returns:
            The items, in the Hub's order, at most ``limit``.

        Raises:
            HubError: A page is not a list.
        """
        session = get_session()
        headers = self.headers()
        response = session.get(f"{self.endpoint}{path}", params=list(params), headers=headers)
        items: list[Any] = []
        while True:
            hf_raise_for_status(response)
            page = response.json()
            if not isinstance(page, list):
                raise HubError(f"{path} answered with {_kind(page)}, not a list")
            items.extend(page)
            if limit is not None and len(items) >= limit:
                return items[:limit]
            next_url = response.links.get("next", {}).get("url")
            if not next_url:
                return items
            response = session.get(next_url, headers=headers)

    def download(self, repo_id: str, filename: str, *, repo_type: str = "model") -> Path:
        """One file of a repository, the way ``hf_hub_download`` fetches it (not retried: run it
        inside ``call``). Downloads go to the ``downloads`` folder of the client's cache."""
        return Path(
            hf_hub_download(
                repo_id,
                filename,
                repo_type=repo_type,
                endpoint=self.endpoint,
                token=self._token or False,
                cache_dir=self.cache_dir / "downloads",
            )
        )

    def dataset_files(self, repo_id: str, *, prefix: str = "", suffix: str = "") -> list[Path]:
        """Download a Hub data set's files whose names match, the way ``hf_hub_download`` does.

        Args:
            repo_id: The data set, such as ``open-llm-leaderboard/contents``.
            prefix: Only files whose path starts with this.
            suffix: Only files whose path ends with this.

        Returns:
            The downloaded files, in the order of their names.

        Raises:
            HubError: The Hub failed after retries, no file matched, or more than 100 did.
        """

        def fetch() -> list[Path]:
            names = sorted(
                f
                for f in self.api.list_repo_files(repo_id, repo_type="dataset")
                if f.startswith(prefix) and f.endswith(suffix)
            )
            if not names:
                raise HubError(f"{repo_id} has no files matching {prefix}*{suffix}")
            if len(names) > 100:
                raise HubError(f"{repo_id} has {len(names)} matching files; at most 100 are read")
            return [self.download(repo_id, name, repo_type="dataset") for name in names]

        return self.call(f"files of {repo_id}", fetch)


def _kind(value: Any) -> str:
    """``value``'s JSON type in words (``a list``, ``a number``), for messages."""
    if value is None:
        return "null"
    names = {dict: "an object", list: "a list", str: "text", bool: "true or false"}
    return names.get(type(value), "a number")


def http_error(message: str, err: HfHubHTTPError) -> HubError:
    """The project's error for a 4xx answer: not found, access denied, or another refusal."""
    status = getattr(getattr(err, "response", None), "status_code", None)
    if status == 404:
        return HubNotFound(message)
    if status in (401, 403):
        return HubAccessDenied(message)
    return HubError(message)
