"""A local replay of the Hub's API: recorded records served with the Hub's query semantics.

The Hub itself cannot be reached from the machines that build and test hfguide, so tests and
offline refreshes point ``HF_ENDPOINT`` at this loopback server. It answers

* ``GET /api/models`` — ``search``, ``author``, ``filter`` (every tag must match),
  ``pipeline_tag``, ``sort`` with ``direction``, ``limit``, ``expand``/``full``/``cardData``
  field selection, and cursor pagination through ``Link: <...>; rel="next"`` headers;
* ``GET /api/models/{repo_id}`` and ``GET /api/tasks``;
* data set files the way ``hf_hub_download`` fetches them (``/datasets/{repo}/resolve/...``)
  for any files registered with [`ReplayHub.add_dataset_file`][ReplayHub.add_dataset_file].

Fields a record lacks stay absent. Each record's recording date is passed on as
``_recorded_at`` (a replay-only field the live Hub never sends).

Faults can be injected per test — latency, hanging responses, 5xx, 429 with ``Retry-After``,
malformed JSON and truncated bodies — from Python ([`ReplayHub.inject`][ReplayHub.inject]) or
over HTTP (``POST /_replay/faults``), and ``GET /_replay/stats`` counts the requests served.
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlencode, urlsplit

DEFAULT_FIELDS = (
    "id",
    "likes",
    "trendingScore",
    "private",
    "downloads",
    "tags",
    "pipeline_tag",
    "library_name",
    "createdAt",
)
SORT_FIELDS = {
    "downloads": "downloads",
    "likes": "likes",
    "trendingScore": "trendingScore",
    "trending_score": "trendingScore",
    "lastModified": "lastModified",
    "last_modified": "lastModified",
    "createdAt": "createdAt",
    "created_at": "createdAt",
    "id": "id",
}
MAX_PAGE = 1000
FAULT_KINDS = ("latency", "hang", "status", "ratelimit", "malformed", "truncated")


@dataclass
class Fault:
    """A fault the replay Hub applies to matching requests.

    ``kind`` is one of ``latency`` (wait ``seconds`` then answer normally), ``hang`` (wait
    ``seconds`` then drop the connection without an answer), ``status`` (answer ``status``,
    a 5xx by default), ``ratelimit`` (429 with ``Retry-After: retry_after``), ``malformed``
    (200 with broken JSON) or ``truncated`` (announce more bytes than are sent). ``times`` is
    how many requests it hits (``None``: all of them); ``path`` limits it to paths with that
    prefix.
    """

    kind: str
    times: int | None = None
    path: str = "/api/"
    seconds: float = 0.0
    status: int = 503
    retry_after: float = 1.0

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault {self.kind!r}; one of {', '.join(FAULT_KINDS)}")


LEADERBOARD_REPO = "open-llm-leaderboard/contents"
LEADERBOARD_FILE = "data/train-00000-of-00001.parquet"
LEADERBOARD_CSV = "open-llm-leaderboard-v2.csv"


def leaderboard_parquet(csv_path: Path) -> bytes:
    """A recorded leaderboard CSV dump as the parquet file the Hub data set serves."""
    import io

    import pandas as pd

    frame = pd.read_csv(csv_path)
    frame = frame.drop(columns=[c for c in frame.columns if c.startswith("Unnamed")])
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    return buffer.getvalue()


def load_records(data_dir: Path) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Read ``models.jsonl`` and ``tasks.json`` from a recorded-data folder."""
    data_dir = Path(data_dir)
    models_path, tasks_path = data_dir / "models.jsonl", data_dir / "tasks.json"
    if not models_path.is_file():
        raise FileNotFoundError(f"{models_path} not found: a replay folder needs models.jsonl")
    records = []
    with models_path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                try:
                    records.append(json.loads(line))
                except ValueError as err:
                    raise ValueError(f"{models_path}:{n}: not JSON ({err})") from None
    tasks = json.loads(tasks_path.read_text(encoding="utf-8")) if tasks_path.is_file() else {}
    return records, tasks


def records_from_snapshot(path: Path) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Hub-shaped records and tasks rebuilt from an hfguide snapshot file, for replaying it."""
    snapshot = json.loads(Path(path).read_text(encoding="utf-8"))
    records = []
    for flat in snapshot["models"].values():
        record = {
            "id": flat["id"],
            "author": flat.get("author"),
            "downloads": flat.get("downloads"),
            "likes": flat.get("likes"),
            "trendingScore": flat.get("trending_score"),
            "pipeline_tag": flat.get("pipeline_tag"),
            "library_name": flat.get("library"),
            "tags": flat.get("tags"),
            "createdAt": flat.get("created_at"),
            "lastModified": flat.get("last_modified"),
            "private": False,
            "_recorded_at": flat.get("read_at"),
        }
        if flat.get("parameters") is not None:
            record["safetensors"] = {"parameters": {}, "total": flat["parameters"]}
        card = {
            k: v
            for k, v in (("license", flat.get("license")), ("language", flat.get("languages")))
            if v
        }
        if card:
            record["cardData"] = card
        records.append({k: v for k, v in record.items() if v is not None})
    return records, snapshot["tasks"]


def _select(record: dict[str, Any], params: dict[str, list[str]]) -> dict[str, Any]:
    expand = params.get("expand", []) + params.get("expand[]", [])
    if params.get("full", [""])[0].lower() in {"1", "true"}:
        chosen = None
    elif expand:
        chosen = ("id", *expand)
    else:
        chosen = DEFAULT_FIELDS + (("cardData",) if params.get("cardData") else ())
    if chosen is None:
        out = dict(record)
    else:
        out = {k: record[k] for k in chosen if k in record}
    if "_recorded_at" in record:
        out["_recorded_at"] = record["_recorded_at"]
    out.pop("_source", None)
    out["_id"] = hashlib.sha1(record["id"].encode()).hexdigest()[:24]
    if not expand:
        out["modelId"] = record["id"]
    return out


def query_models(
    records: Iterable[dict[str, Any]], params: dict[str, list[str]]
) -> list[dict[str, Any]]:
    """Filter and order records as ``/api/models`` does (before paging and field selection)."""

    def one(name: str) -> str | None:
        values = params.get(name)
        return values[0] if values else None

    selected = list(records)
    if (search := one("search")) is not None:
        needle = search.lower()
        selected = [r for r in selected if needle in r["id"].lower()]
    if (author := one("author")) is not None:
        selected = [r for r in selected if (r.get("author") or r["id"].split("/")[0]) == author]
    if (task := one("pipeline_tag")) is not None:
        selected = [r for r in selected if r.get("pipeline_tag") == task]
    for tag in params.get("filter", []):
        selected = [
            r
            for r in selected
            if tag in (r.get("tags") or []) or tag in (r.get("pipeline_tag"), r.get("library_name"))
        ]
    sort = one("sort")
    if sort is not None:
        if sort not in SORT_FIELDS:
            raise ValueError(f"invalid sort {sort!r}")
        field = SORT_FIELDS[sort]
        descending = (one("direction") or "-1") != "1"
        # Records lacking the field go last whichever way the list is ordered.
        present = [r for r in selected if r.get(field) is not None]
        absent = sorted((r for r in selected if r.get(field) is None), key=lambda r: r["id"])
        present.sort(key=lambda r: (r[field], r["id"]), reverse=descending)
        selected = present + absent
    return selected


class ReplayHub:
    """A loopback HTTP server replaying recorded Hub records. Use as a context manager."""

    def __init__(
        self,
        records: Iterable[dict[str, Any]] | None = None,
        tasks: dict[str, Any] | None = None,
        *,
        data_dir: Path | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        page_size: int = MAX_PAGE,
    ):
        self.page_size = page_size
        if data_dir is not None:
            loaded_records, loaded_tasks = load_records(data_dir)
            records = [*(records or []), *loaded_records]
            tasks = {**loaded_tasks, **(tasks or {})}
        self.files: dict[tuple[str, str], bytes] = {}
        if data_dir is not None and (Path(data_dir) / LEADERBOARD_CSV).is_file():
            self.add_dataset_file(
                LEADERBOARD_REPO,
                LEADERBOARD_FILE,
                leaderboard_parquet(Path(data_dir) / LEADERBOARD_CSV),
            )
        self.records: list[dict[str, Any]] = list(records or [])
        self.by_id = {r["id"]: r for r in self.records}
        self.tasks: dict[str, Any] = dict(tasks or {})
        self.faults: list[Fault] = []
        self.requests: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer((host, port), self._handler_class())
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None

    # -- lifecycle ----------------------------------------------------------------------
    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> ReplayHub:
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def serve_forever(self) -> None:
        self._server.serve_forever()

    def __enter__(self) -> ReplayHub:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- test controls ------------------------------------------------------------------
    def inject(self, fault: Fault) -> None:
        with self._lock:
            self.faults.append(fault)

    def clear_faults(self) -> None:
        with self._lock:
            self.faults.clear()

    def add_dataset_file(self, repo_id: str, filename: str, content: bytes) -> None:
        self.files[(repo_id, filename)] = content

    @property
    def request_count(self) -> int:
        return sum(1 for r in self.requests if not r["path"].startswith("/_replay"))

    def _take_fault(self, path: str) -> Fault | None:
        with self._lock:
            for fault in self.faults:
                if path.startswith(fault.path) and (fault.times is None or fault.times > 0):
                    if fault.times is not None:
                        fault.times -= 1
                    return fault
        return None

    # -- HTTP ---------------------------------------------------------------------------
    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        hub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # keep test output quiet
                pass

            def do_GET(self) -> None:
                hub._dispatch(self, "GET")

            def do_HEAD(self) -> None:
                hub._dispatch(self, "HEAD")

            def do_POST(self) -> None:
                hub._dispatch(self, "POST")

            def do_DELETE(self) -> None:
                hub._dispatch(self, "DELETE")

        return Handler

    def _send(
        self,
        h: BaseHTTPRequestHandler,
        status: int,
        body: bytes,
        *,
        content_type: str = "application/json",
        headers: dict[str, str] | None = None,
        announce: int | None = None,
        head: bool = False,
    ) -> None:
        h.send_response(status)
        h.send_header("Content-Type", content_type)
        h.send_header("Content-Length", str(announce if announce is not None else len(body)))
        for name, value in (headers or {}).items():
            h.send_header(name, value)
        h.end_headers()
        if not head:
            h.wfile.write(body)
        if announce is not None:
            h.close_connection = True

    def _json(self, h: BaseHTTPRequestHandler, status: int, value: Any, **kw: Any) -> None:
        self._send(h, status, json.dumps(value).encode(), **kw)

    def _dispatch(self, h: BaseHTTPRequestHandler, method: str) -> None:
        parts = urlsplit(h.path)
        path = unquote(parts.path)
        params = parse_qs(parts.query, keep_blank_values=True)
        with self._lock:
            self.requests.append(
                {
                    "method": method,
                    "path": path,
                    "query": parts.query,
                    "authorization": h.headers.get("Authorization"),
                }
            )
        try:
            if path.startswith("/_replay/"):
                return self._control(h, method, path)
            fault = self._take_fault(path)
            if fault is not None and self._apply_fault(h, fault):
                return
            if path == "/api/models":
                return self._list_models(h, params)
            if path.startswith("/api/models/"):
                return self._model_info(h, path.removeprefix("/api/models/"), params)
            if path == "/api/tasks":
                return self._json(h, 200, self.tasks)
            if path.startswith("/api/datasets/") and "/tree/" in path:
                return self._dataset_tree(h, path)
            if path.startswith("/datasets/") and "/resolve/" in path:
                return self._dataset_file(h, path, head=method == "HEAD")
            self._json(h, 404, {"error": f"{path} is not part of the replay Hub"})
        except ValueError as err:
            self._json(h, 400, {"error": str(err)})
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _apply_fault(self, h: BaseHTTPRequestHandler, fault: Fault) -> bool:
        """Apply a fault; True when it replaced the answer."""
        if fault.kind == "latency":
            time.sleep(fault.seconds)
            return False
        if fault.kind == "hang":
            time.sleep(fault.seconds)
            h.close_connection = True
            return True
        if fault.kind == "status":
            self._json(h, fault.status, {"error": f"injected {fault.status}"})
        elif fault.kind == "ratelimit":
            self._json(
                h, 429, {"error": "rate limited"}, headers={"Retry-After": f"{fault.retry_after:g}"}
            )
        elif fault.kind == "malformed":
            self._send(h, 200, b'[{"id": "broken", "downloads": ')
        elif fault.kind == "truncated":
            body = json.dumps([{"id": "x" * 200}]).encode()
            self._send(h, 200, body[: len(body) // 2], announce=len(body))
        return True

    def _control(self, h: BaseHTTPRequestHandler, method: str, path: str) -> None:
        if path == "/_replay/stats":
            with self._lock:
                by_path: dict[str, int] = {}
                for r in self.requests:
                    if not r["path"].startswith("/_replay"):
                        by_path[r["path"]] = by_path.get(r["path"], 0) + 1
            return self._json(h, 200, {"requests": sum(by_path.values()), "by_path": by_path})
        if path == "/_replay/faults":
            if method == "DELETE":
                self.clear_faults()
                return self._json(h, 200, {"faults": []})
            if method == "POST":
                length = int(h.headers.get("Content-Length") or 0)
                spec = json.loads(h.rfile.read(length) or b"{}")
                specs = spec if isinstance(spec, list) else [spec]
                for s in specs:
                    self.inject(Fault(**s))
            with self._lock:
                return self._json(h, 200, {"faults": [asdict(f) for f in self.faults]})
        self._json(h, 404, {"error": "unknown control path"})

    def _list_models(self, h: BaseHTTPRequestHandler, params: dict[str, list[str]]) -> None:
        selected = query_models(self.records, params)
        limit_text = params.get("limit", [str(self.page_size)])[0]
        try:
            page_size = max(1, min(int(limit_text), self.page_size))
        except ValueError:
            raise ValueError(f"invalid limit {limit_text!r}") from None
        cursor = params.get("cursor", [None])[0]
        start = _decode_cursor(cursor) if cursor else 0
        page = selected[start : start + page_size]
        headers = {}
        if start + page_size < len(selected):
            next_params = {k: v for k, v in params.items() if k != "cursor"}
            next_params["cursor"] = [_encode_cursor(start + page_size)]
            host = (
                h.headers.get("Host")
                or f"{self._server.server_address[0]}:{self._server.server_address[1]}"
            )
            headers["Link"] = (
                f'<http://{host}/api/models?{urlencode(next_params, doseq=True)}>; rel="next"'
            )
        self._json(h, 200, [_select(r, params) for r in page], headers=headers)

    def _model_info(
        self, h: BaseHTTPRequestHandler, repo_id: str, params: dict[str, list[str]]
    ) -> None:
        record = self.by_id.get(repo_id)
        if record is None:
            return self._json(
                h,
                404,
                {"error": "Repository not found"},
                headers={"X-Error-Code": "RepoNotFound", "X-Error-Message": "Repository not found"},
            )
        chosen = params if (params.get("expand") or params.get("expand[]")) else {"full": ["true"]}
        self._json(h, 200, _select(record, chosen))

    def _dataset_tree(self, h: BaseHTTPRequestHandler, path: str) -> None:
        repo_id, _, rest = path.removeprefix("/api/datasets/").partition("/tree/")
        _revision, _, folder = rest.partition("/")
        names = sorted(
            name for repo, name in self.files if repo == repo_id and name.startswith(folder)
        )
        if not any(repo == repo_id for repo, _ in self.files):
            return self._json(
                h, 404, {"error": "Repository not found"}, headers={"X-Error-Code": "RepoNotFound"}
            )
        self._json(
            h,
            200,
            [
                {
                    "type": "file",
                    "path": name,
                    "size": len(self.files[(repo_id, name)]),
                    "oid": hashlib.sha1(self.files[(repo_id, name)]).hexdigest(),
                }
                for name in names
            ],
        )

    def _dataset_file(self, h: BaseHTTPRequestHandler, path: str, *, head: bool) -> None:
        repo_part, _, rest = path.removeprefix("/datasets/").partition("/resolve/")
        _revision, _, filename = rest.partition("/")
        content = self.files.get((repo_part, filename))
        if content is None:
            return self._json(
                h,
                404,
                {"error": "Entry not found"},
                headers={"X-Error-Code": "EntryNotFound"},
                head=head,
            )
        etag = hashlib.sha256(content).hexdigest()
        commit = hashlib.sha1(repo_part.encode()).hexdigest()
        self._send(
            h,
            200,
            content,
            content_type="application/octet-stream",
            head=head,
            headers={
                "ETag": f'"{etag}"',
                "X-Repo-Commit": commit,
                "Content-Disposition": f'attachment; filename="{quote(filename.split("/")[-1])}"',
            },
        )


def _encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"offset": offset}).encode()).decode()


def _decode_cursor(cursor: str) -> int:
    try:
        return int(json.loads(base64.urlsafe_b64decode(cursor.encode()))["offset"])
    except (ValueError, KeyError, TypeError):
        raise ValueError(f"invalid cursor {cursor!r}") from None
