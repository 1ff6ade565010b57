"""The HTTP layer under ``huggingface_hub``: bounds on every request hfguide makes to the Hub.

``huggingface_hub`` sends its requests through one ``httpx2`` client that hfguide installs with
``install``. Its transport, ``BoundedTransport``, applies to each request what the
current ``CallBudget`` allows (one budget per retried call of a ``HubClient``):

* the project's timeout (``RetryPolicy.timeout``, no longer than the time left before the
  client's overall deadline) on every request of a call, whatever ``huggingface_hub`` or httpx
  would have used (httpx waits 5 seconds by default, ``hf_hub_download`` 10); only the side
  channels of ``hfguide.hub.side_channels`` keep the library's own, shorter timeouts;
* the token only to the endpoint's own origin (any other host gets no ``Authorization``);
* a cap on the body size (``Content-Length`` checked first, then while reading);
* pagination that stops: ``huggingface_hub`` follows ``Link: <...>; rel="next"`` for as long
  as the server sends one, so the transport drops that header when it points to another
  host, repeats a page already fetched, has an empty cursor, follows an empty page, or
  would pass the page cap;
* answers worth another try (429, 5xx, broken bodies) become ``RetryableResponse``,
  which ``huggingface_hub``'s own backoff lets through, so the client alone decides retries;
* a malformed answer on a side channel the library asks on its own (its agent list) becomes
  an error response, which the library ignores (``hfguide.hub.side_channels``).
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import email.utils
import math
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

import httpx2
from huggingface_hub.utils import get_session, set_client_factory

from hfguide.core.settings import origin, redact
from hfguide.hub.errors import HubRefused, RetryableResponse
from hfguide.hub.side_channels import guard, is_side_channel, side_channel_problem


def parse_retry_after(value: str | None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delta-seconds or an HTTP date.

    Returns:
        The wait in seconds (never negative; 0 for a date in the past), or ``None`` when the
        header is missing or cannot be read.
    """
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return max(0.0, seconds) if not math.isnan(seconds) else None
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


@dataclass
class RetryPolicy:
    """How often and how long to retry, and the per-request timeout."""

    attempts: int = 4
    backoff: float = 0.5
    max_backoff: float = 8.0
    max_retry_after: float = 60.0
    timeout: float = 20.0

    def delay(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(retry_after, self.max_retry_after)
        return min(self.backoff * (2 ** (attempt - 1)), self.max_backoff)


@dataclass(frozen=True)
class Limits:
    """Bounds on the work one client may do: pages per listing and body sizes in bytes."""

    max_pages: int = 50
    max_api_bytes: int = 32 * 1024 * 1024
    max_file_bytes: int = 512 * 1024 * 1024


@dataclass
class CallBudget:
    """What one retried call may still do; the transport reads it from ``current_budget``."""

    origin: tuple[str, str, int | None]
    deadline_at: float
    limits: Limits
    warn: Callable[[str], None]
    seen_urls: set[str] = field(default_factory=set)
    pages: int = 0
    timeout: float | None = None  #: seconds per request (default: the transport's)

    def remaining(self) -> float:
        return self.deadline_at - time.monotonic()


current_budget: contextvars.ContextVar[CallBudget | None] = contextvars.ContextVar(
    "hfguide_call_budget", default=None
)


@contextlib.contextmanager
def budget(value: CallBudget) -> Iterator[CallBudget]:
    """Run the requests of one call under ``value`` (per thread: calls run concurrently)."""
    token = current_budget.set(value)
    try:
        yield value
    finally:
        current_budget.reset(token)


def _without_query(url: httpx2.URL) -> str:
    return redact(str(url.copy_with(query=None)))


class BoundedTransport(httpx2.BaseTransport):
    """Applies the current ``CallBudget`` to every request (see the module docstring)."""

    def __init__(self, inner: httpx2.BaseTransport, timeout: float):
        self.inner = inner
        self.timeout = timeout

    def _timeouts(self, request: httpx2.Request, call: CallBudget | None) -> dict[str, float]:
        limit = self.timeout
        if call is not None:
            limit = call.timeout or limit
            left = call.remaining()
            if left <= 0:
                raise HubRefused("the time allowed for Hub queries ran out")
            limit = min(limit, left)
        ours = httpx2.Timeout(limit, connect=min(limit, 10.0)).as_dict()
        if call is not None and not is_side_channel(request.url.path):
            # The project's request: its timeout, not httpx's 5 s default (which a request
            # without its own timeout gets) nor the library's own choices.
            return ours
        # Outside a call, and on side channels, whichever is shorter. (huggingface_hub passes
        # timeout=None on list calls, which would wait forever.)
        asked = request.extensions.get("timeout") or {}
        return {k: min(asked.get(k) or v, v) for k, v in ours.items()}

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        call = current_budget.get()
        request.extensions["timeout"] = self._timeouts(request, call)
        if call is not None and origin(str(request.url)) != call.origin:
            if request.headers.pop("Authorization", None) is not None:
                call.warn(f"did not send the token to {_without_query(request.url)}")
        limits = call.limits if call is not None else Limits()
        api = request.url.path.startswith("/api/")
        cap = limits.max_api_bytes if api else limits.max_file_bytes
        try:
            response = self.inner.handle_request(request)
            body = self._read(request, response, cap)
        except (httpx2.TimeoutException, httpx2.NetworkError, httpx2.RemoteProtocolError) as err:
            raise RetryableResponse(f"{type(err).__name__}: {redact(err)}") from err
        if response.status_code == 429 or response.status_code >= 500:
            raise RetryableResponse(
                f"HTTP {response.status_code} from {_without_query(request.url)}",
                retry_after=parse_retry_after(response.headers.get("Retry-After")),
            )
        if response.status_code == 200 and request.method == "GET":
            problem = side_channel_problem(request.url.path, body)
            if problem is not None:
                if call is not None:
                    call.warn(
                        f"ignored the malformed answer of {_without_query(request.url)}: {problem}"
                    )
                return httpx2.Response(
                    status_code=502,
                    headers={"content-type": "application/json"},
                    content=b'{"error": "hfguide refused a malformed answer"}',
                    request=request,
                )
        headers = httpx2.Headers(response.headers)
        if "content-encoding" in headers and request.method != "HEAD":
            del headers["content-encoding"]  # the body below is already decoded
            headers["content-length"] = str(len(body))
        if call is not None and "link" in headers:
            self._bound_pagination(request, headers, body, call)
        return httpx2.Response(
            status_code=response.status_code,
            headers=headers,
            content=body,
            request=request,
            extensions=response.extensions,
        )

    @staticmethod
    def _read(request: httpx2.Request, response: httpx2.Response, cap: int) -> bytes:
        announced = response.headers.get("content-length", "")
        if request.method != "HEAD" and announced.isdigit() and int(announced) > cap:
            response.close()
            raise HubRefused(
                f"{_without_query(request.url)} announced {int(announced):,} bytes, "
                f"more than the {cap:,} allowed"
            )
        chunks, size = [], 0
        try:
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > cap:
                    raise HubRefused(
                        f"{_without_query(request.url)} sent more than the {cap:,} bytes allowed"
                    )
                chunks.append(chunk)
        finally:
            response.close()
        return b"".join(chunks)

    @staticmethod
    def _bound_pagination(
        request: httpx2.Request, headers: httpx2.Headers, body: bytes, call: CallBudget
    ) -> None:
        call.pages += 1
        call.seen_urls.add(str(request.url))
        probe = httpx2.Response(200, headers={"link": headers["link"]}, request=request)
        next_url = probe.links.get("next", {}).get("url")
        if not next_url:
            return
        try:
            cursor = parse_qs(urlsplit(next_url).query, keep_blank_values=True).get("cursor")
            next_origin = origin(next_url)
        except ValueError:
            cursor, next_origin = None, None
        if next_origin != call.origin:
            reason = "its next page is on another host"
        elif cursor is not None and not any(c.strip() for c in cursor):
            reason = "its next-page cursor is empty"
        elif str(httpx2.URL(next_url)) in call.seen_urls:
            reason = "its next page repeats a page already read"
        elif body.strip() in (b"[]", b""):
            reason = "it sent an empty page with a next-page link"
        elif call.pages >= call.limits.max_pages:
            reason = f"it reached the cap of {call.limits.max_pages} pages"
        else:
            return
        del headers["link"]
        call.warn(f"stopped paging {_without_query(request.url)}: {reason}")

    def close(self) -> None:
        self.inner.close()


_default_hooks: dict[str, list[Callable]] | None = None


def install(timeout: float) -> None:
    """Make ``huggingface_hub`` send its requests through a ``BoundedTransport``.

    The client keeps the event hooks of ``huggingface_hub``'s own client (its offline check and
    request ids), read once from the session it makes before ours replaces it. The library's
    agent detection is guarded as well (``hfguide.hub.side_channels.guard``).

    Args:
        timeout: Seconds each request may take, unless the current ``CallBudget`` allows less.
    """
    global _default_hooks
    guard()
    if _default_hooks is None:
        _default_hooks = {k: list(v) for k, v in get_session().event_hooks.items()}
    hooks = _default_hooks

    def factory() -> httpx2.Client:
        return httpx2.Client(
            transport=BoundedTransport(httpx2.HTTPTransport(), timeout),
            event_hooks=hooks,
            follow_redirects=True,
            max_redirects=5,
        )

    set_client_factory(factory)
