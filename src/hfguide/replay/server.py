"""A local replay of the Hub's API: recorded records served with the Hub's query semantics.

The Hub itself cannot be reached from the machines that build and test hfguide, so tests and
offline refreshes point ``HF_ENDPOINT`` at this loopback server. It answers

* ``GET /api/models`` — ``search``, ``author``, ``filter`` (every tag must match),
  ``pipeline_tag``, ``sort`` with ``direction``, ``limit``, ``expand``/``full``/``cardData``
  field selection, and cursor pagination through ``Link: <...>; rel="next"`` headers;
* ``GET /api/models/{repo_id}`` and ``GET /api/tasks``;
* ``GET /api/agent-harnesses``, the list of AI agent harnesses that ``huggingface_hub`` itself
  asks for (``agent_harnesses``: a small well-formed registry unless a test changes it or
  poisons the answer with a ``body`` fault);
* data set files the way ``hf_hub_download`` fetches them (``/datasets/{repo}/resolve/...``)
  for any files registered with ``ReplayHub.add_dataset_file``, and model files
  (``/{repo}/resolve/...``: the recorded ``config.json`` files, see ``hfguide.replay.configs``);
  a gated repository's files (``ReplayHub.gate``) answer 401 or 403 as the Hub's do;
* ``POST .../v1/chat/completions`` as Inference Providers answer it through the Hub's router
  (``/v1/...`` for its automatic choice, ``/{provider}/v1/...`` for a named provider): the
  request is recorded (``ReplayHub.chats``) and answered with ``chat_reply`` in the
  chat-completions format; ``ReplayHub.serve_with`` lists a provider in a model's
  ``inferenceProviderMapping``.

Every answer allows any page to read it (``Access-Control-Allow-Origin: *``), as the Hub's do.

Fields a record lacks stay absent. Each record's recording date is passed on as
``_recorded_at`` (a replay-only field the live Hub never sends).

Faults (``hfguide.replay.faults``) can be injected per test — latency, hanging responses,
5xx, 429 with ``Retry-After``, malformed JSON, truncated or oversized bodies, looping or foreign
next-page links, empty pages (once, or without end), any answer text — from Python
(``ReplayHub.inject``) or over HTTP (``POST /_replay/faults``), and ``GET /_replay/stats``
counts the requests served. Bad requests get a 4xx JSON answer, never a dropped connection;
answers to ``HEAD`` carry no body.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Iterable
from dataclasses import asdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlencode, urlsplit

from hfguide.replay.configs import configs_from_folder
from hfguide.replay.faults import Fault
from hfguide.replay.queries import (
    MAX_PAGE,
    decode_cursor,
    encode_cursor,
    page_size,
    query_models,
    select_fields,
)
from hfguide.replay.recorded import (
    LEADERBOARD_CSV,
    LEADERBOARD_FILE,
    LEADERBOARD_REPO,
    leaderboard_parquet,
    load_records,
)

__all__ = ["Fault", "ReplayHub"]

#: The largest request body the control API reads (a list of faults is a few hundred bytes).
MAX_BODY = 64 * 1024
#: What ``/api/agent-harnesses`` answers by default: a registry of the shape the Hub serves.
AGENT_HARNESSES: dict[str, Any] = {
    "standardEnvVars": ["AI_AGENT", "AGENT"],
    "harnesses": {"replay-agent": {"envVars": {"HFGUIDE_REPLAY_AGENT": "*"}}},
}


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
        self.model_files: dict[tuple[str, str], bytes] = {}
        #: Gated repositories and the tokens granted access to their files.
        self.gated: dict[str, set[str]] = {}
        if data_dir is not None:
            self.model_files.update(configs_from_folder(Path(data_dir) / "configs"))
        if data_dir is not None and (Path(data_dir) / LEADERBOARD_CSV).is_file():
            self.add_dataset_file(
                LEADERBOARD_REPO,
                LEADERBOARD_FILE,
                leaderboard_parquet(Path(data_dir) / LEADERBOARD_CSV),
            )
        self.records: list[dict[str, Any]] = list(records or [])
        self.by_id = {r["id"]: r for r in self.records if isinstance(r.get("id"), str)}
        self.tasks: dict[str, Any] = dict(tasks or {})
        self.agent_harnesses: Any = json.loads(json.dumps(AGENT_HARNESSES))
        self.faults: list[Fault] = []
        self.requests: list[dict[str, Any]] = []
        #: Chat-completion requests received: path, Authorization header and JSON body.
        self.chats: list[dict[str, Any]] = []
        self.chat_reply = "A reply from the replay Hub."
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
        """Serve ``content`` as the file ``filename`` of the data set ``repo_id``, listed in the
        data set's file tree and downloadable the way ``hf_hub_download`` fetches it."""
        self.files[(repo_id, filename)] = content

    def add_model_file(self, repo_id: str, filename: str, content: bytes) -> None:
        self.model_files[(repo_id, filename)] = content

    def gate(self, repo_id: str, *, granted: tuple[str, ...] = (), mode: str = "manual") -> None:
        """Make ``repo_id`` gated, as the Hub does it: its metadata stays public (its record, if
        it has one, says ``gated: mode``), its files answer 401 without a token and 403 with a
        token that was not ``granted`` access."""
        self.gated[repo_id] = set(granted)
        if repo_id in self.by_id:
            self.by_id[repo_id]["gated"] = mode

    def serve_with(
        self, repo_id: str, provider: str, provider_id: str, *, status: str = "live"
    ) -> None:
        """List ``provider`` (serving the model as ``provider_id``) in the
        ``inferenceProviderMapping`` of ``repo_id``'s record, as the Hub's model information
        does for models Inference Providers serve."""
        record = self.by_id.get(repo_id)
        if record is None:
            record = {"id": repo_id, "pipeline_tag": "text-generation"}
            self.records.append(record)
            self.by_id[repo_id] = record
        record.setdefault("inferenceProviderMapping", {})[provider] = {
            "providerId": provider_id,
            "status": status,
            "task": "conversational",
        }

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
    ) -> None:
        head = h.command == "HEAD"
        h.send_response(status)
        h.send_header("Content-Type", content_type)
        h.send_header("Content-Length", str(announce if announce is not None else len(body)))
        h.send_header("Access-Control-Allow-Origin", "*")  # the Hub lets any page read it
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
                    "host": h.headers.get("Host"),
                    "authorization": h.headers.get("Authorization"),
                }
            )
        try:
            body = self._body(h)
            if path.startswith("/_replay/"):
                return self._control(h, method, path, body)
            fault = self._take_fault(path)
            if fault is not None and self._apply_fault(h, fault, params):
                return
            if method == "POST" and path.endswith("/v1/chat/completions"):
                return self._chat(h, path, body)
            if method not in {"GET", "HEAD"}:
                return self._json(h, 405, {"error": f"{method} is not served here"})
            if path == "/api/models":
                return self._list_models(h, params, fault)
            if path.startswith("/api/models/"):
                return self._model_info(h, path.removeprefix("/api/models/"), params)
            if path == "/api/tasks":
                return self._json(h, 200, self.tasks)
            if path == "/api/agent-harnesses":
                return self._json(h, 200, self.agent_harnesses)
            if path.startswith("/api/datasets/") and "/tree/" in path:
                return self._dataset_tree(h, path)
            if path.startswith("/datasets/") and "/resolve/" in path:
                return self._dataset_file(h, path)
            if "/resolve/" in path:  # a model repository's file: /{repo_id}/resolve/{rev}/{name}
                repo_id, _, rest = path.lstrip("/").partition("/resolve/")
                filename = rest.partition("/")[2]
                if repo_id in self.gated and not self._granted(h, repo_id):
                    return self._gated(h, repo_id)
                return self._file(h, repo_id, filename, self.model_files.get((repo_id, filename)))
            self._json(h, 404, {"error": f"{path[:200]} is not part of the replay Hub"})
        except _TooLarge as err:
            h.close_connection = True
            self._json(h, 413, {"error": str(err)})
        except (ValueError, TypeError) as err:
            self._json(h, 400, {"error": str(err)[:500]})
        except (BrokenPipeError, ConnectionResetError):
            pass
        except Exception as err:  # a bug in the replay: still an answer, never a dropped line
            self._json(h, 500, {"error": f"{type(err).__name__}: {str(err)[:300]}"})

    @staticmethod
    def _body(h: BaseHTTPRequestHandler) -> bytes:
        text = h.headers.get("Content-Length") or "0"
        if not text.strip().isdigit():
            raise ValueError(f"invalid Content-Length {text[:40]!r}")
        length = int(text)
        if length > MAX_BODY:
            raise _TooLarge(f"a request body of {length} bytes is more than {MAX_BODY} allowed")
        return h.rfile.read(length) if length else b""

    def _apply_fault(
        self, h: BaseHTTPRequestHandler, fault: Fault, params: dict[str, list[str]]
    ) -> bool:
        """Apply a fault; True when it replaced the answer."""
        if fault.kind in {"latency", "loop", "foreign_link"}:
            time.sleep(fault.seconds)
            return False  # the answer is made as usual; the list answer bends its link
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
        elif fault.kind == "oversize":
            sent = b"" if fault.announce_only else b" " * fault.size
            self._send(h, 200, sent, announce=fault.size if fault.announce_only else None)
        elif fault.kind == "empty":
            self._send(h, 200, b"[]")
        elif fault.kind == "empty_loop":
            # Each empty page links to one more, under a cursor never used before.
            cursor = params.get("cursor", [None])[0]
            offset = (decode_cursor(cursor) + 1) if cursor else 1
            next_params = {k: v for k, v in params.items() if k != "cursor"}
            next_params["cursor"] = [encode_cursor(offset)]
            query = urlencode(next_params, doseq=True)
            url = f"http://{self._host(h)}{urlsplit(h.path).path}?{query}"
            self._send(h, 200, b"[]", headers={"Link": f'<{url}>; rel="next"'})
        elif fault.kind == "body":
            self._send(h, 200, fault.body.encode())
        return True

    def _host(self, h: BaseHTTPRequestHandler) -> str:
        return (
            h.headers.get("Host")
            or f"{self._server.server_address[0]}:{self._server.server_address[1]}"
        )

    def _control(self, h: BaseHTTPRequestHandler, method: str, path: str, body: bytes) -> None:
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
                try:
                    spec = json.loads(body or b"{}")
                except ValueError:
                    raise ValueError("the fault list is not JSON") from None
                specs = spec if isinstance(spec, list) else [spec]
                faults = [Fault.from_json(s) for s in specs]  # all checked before any is added
                for fault in faults:
                    self.inject(fault)
            with self._lock:
                return self._json(h, 200, {"faults": [asdict(f) for f in self.faults]})
        self._json(h, 404, {"error": "unknown control path"})

    def _list_models(
        self, h: BaseHTTPRequestHandler, params: dict[str, list[str]], fault: Fault | None
    ) -> None:
        selected = query_models(self.records, params)
        size = page_size(params, self.page_size)
        cursor = params.get("cursor", [None])[0]
        start = decode_cursor(cursor) if cursor else 0
        page = selected[start : start + size]
        host = self._host(h)
        next_url = None
        if start + size < len(selected):
            next_params = {k: v for k, v in params.items() if k != "cursor"}
            next_params["cursor"] = [encode_cursor(start + size)]
            next_url = f"http://{host}/api/models?{urlencode(next_params, doseq=True)}"
        if fault is not None and fault.kind == "loop":
            next_url = f"http://{host}{h.path}"
        elif fault is not None and fault.kind == "foreign_link":
            next_url = fault.target
        headers = {"Link": f'<{next_url}>; rel="next"'} if next_url else {}
        self._json(h, 200, [select_fields(r, params) for r in page], headers=headers)

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
        self._json(h, 200, select_fields(record, chosen))

    def _chat(self, h: BaseHTTPRequestHandler, path: str, body: bytes) -> None:
        """A chat completion, as the chat-completions protocol answers it: the request recorded,
        ``chat_reply`` as the assistant's message."""
        try:
            request = json.loads(body or b"null")
        except ValueError:
            raise ValueError("the request body is not JSON") from None
        if not isinstance(request, dict) or not isinstance(request.get("messages"), list):
            raise ValueError("a chat completion needs a JSON object with a list of messages")
        with self._lock:
            self.chats.append(
                {"path": path, "authorization": h.headers.get("Authorization"), "body": request}
            )
        self._json(
            h,
            200,
            {
                "id": f"chatcmpl-replay-{len(self.chats)}",
                "object": "chat.completion",
                "created": 0,
                "model": str(request.get("model")),
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": self.chat_reply},
                        "finish_reason": "stop",
                    }
                ],
                "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
            },
        )

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

    def _dataset_file(self, h: BaseHTTPRequestHandler, path: str) -> None:
        repo_part, _, rest = path.removeprefix("/datasets/").partition("/resolve/")
        _revision, _, filename = rest.partition("/")
        self._file(h, repo_part, filename, self.files.get((repo_part, filename)))

    def _granted(self, h: BaseHTTPRequestHandler, repo_id: str) -> bool:
        token = (h.headers.get("Authorization") or "").removeprefix("Bearer ").strip()
        return bool(token) and token in self.gated[repo_id]

    def _gated(self, h: BaseHTTPRequestHandler, repo_id: str) -> None:
        """The Hub's answer for a gated repository's file: 401 without a token, 403 with one
        that has no access (``X-Error-Code: GatedRepo`` either way)."""
        if h.headers.get("Authorization"):
            status, words = (
                403,
                f"Access to model {repo_id} is restricted and you are not in the authorized list.",
            )
        else:
            status, words = (
                401,
                f"Access to model {repo_id} is restricted. You must have access to it and be "
                "authenticated to access it.",
            )
        self._json(
            h,
            status,
            {"error": words},
            headers={"X-Error-Code": "GatedRepo", "X-Error-Message": words},
        )

    def _file(
        self, h: BaseHTTPRequestHandler, repo_part: str, filename: str, content: bytes | None
    ) -> None:
        """A repository file as ``hf_hub_download`` expects it (ETag, commit, length)."""
        if content is None:
            return self._json(
                h,
                404,
                {"error": "Entry not found"},
                headers={"X-Error-Code": "EntryNotFound"},
            )
        etag = hashlib.sha256(content).hexdigest()
        commit = hashlib.sha1(f"{repo_part}\n{etag}".encode()).hexdigest()  # new file, new commit
        self._send(
            h,
            200,
            content,
            content_type="application/octet-stream",
            headers={
                "ETag": f'"{etag}"',
                "X-Repo-Commit": commit,
                "Content-Disposition": f'attachment; filename="{quote(filename.split("/")[-1])}"',
            },
        )


class _TooLarge(Exception):
    """A request body larger than the replay Hub reads."""
