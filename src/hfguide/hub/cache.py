"""Hub answers kept on disk for a while, so a rebuild within the cache's lifetime asks nothing.

The cache keeps what the data sets checked (see ``HubClient.cached``), as strict JSON: ``put``
refuses ``NaN`` and infinities, and ``get`` treats a file holding them (or any file it cannot
read) as no answer at all.
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path
from typing import Any

from hfguide.core.files import write_json_atomic
from hfguide.core.settings import redact_endpoint


class DiskCache:
    """JSON answers on disk, keyed by endpoint and query, valid for ``ttl`` seconds."""

    def __init__(self, directory: Path, ttl: float):
        self.directory = Path(directory)
        self.ttl = ttl

    def _path(self, endpoint: str, key: str) -> Path:
        digest = hashlib.sha256(f"{redact_endpoint(endpoint)}\n{key}".encode()).hexdigest()
        return self.directory / f"{digest[:32]}.json"

    def get(self, endpoint: str, key: str) -> Any | None:
        """The fresh value kept for ``key``, or ``None`` (missing, stale, damaged, not JSON)."""
        path = self._path(endpoint, key)
        try:
            stored = json.loads(path.read_text(encoding="utf-8"), parse_constant=_no_constant)
        except (OSError, ValueError):
            return None
        if not isinstance(stored, dict) or stored.get("key") != key:
            return None
        stored_at = stored.get("stored_at")
        if not isinstance(stored_at, (int, float)) or time.time() - stored_at > self.ttl:
            return None
        return stored.get("value")

    def put(self, endpoint: str, key: str, value: Any) -> None:
        """Keep ``value`` for ``key``.

        Raises:
            ValueError: ``value`` holds ``NaN`` or an infinity (nothing is written).
            TypeError: ``value`` is not JSON (nothing is written).
            OSError: The file could not be written.
        """
        path = self._path(endpoint, key)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_json_atomic(path, {"stored_at": time.time(), "key": key, "value": value})


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")
