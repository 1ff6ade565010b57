"""Faults the replay Hub can inject, to test how hfguide copes with a Hub that misbehaves."""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from typing import Any

FAULT_KINDS = (
    "latency",
    "hang",
    "status",
    "ratelimit",
    "malformed",
    "truncated",
    "loop",
    "foreign_link",
    "oversize",
    "empty",
    "empty_loop",
    "body",
)


@dataclass
class Fault:
    """A fault the replay Hub applies to matching requests.

    ``kind`` is one of ``latency`` (wait ``seconds`` then answer normally), ``hang`` (wait
    ``seconds`` then drop the connection without an answer), ``status`` (answer ``status``,
    a 5xx by default), ``ratelimit`` (429 with ``Retry-After: retry_after``), ``malformed``
    (200 with broken JSON), ``truncated`` (announce more bytes than are sent), ``loop`` (answer
    normally but with a next-page link back to the same page), ``foreign_link`` (a next-page
    link to ``target``, another host) or ``oversize`` (a 200 whose ``Content-Length`` announces
    ``size`` bytes, of which ``size`` are sent unless ``announce_only``), ``empty`` (200 with an
    empty list and no next-page link), ``empty_loop`` (200 with an empty list and a next-page
    link to yet another empty page, without end) or ``body`` (200 with ``body``, any text, as
    the answer: a poisoned answer such as ``[1, 2]`` where an object belongs, or records with
    ``NaN``). ``times`` is how many requests it hits (``None``: all of them); ``path`` limits it
    to paths with that prefix.
    """

    kind: str
    times: int | None = None
    path: str = "/api/"
    seconds: float = 0.0
    status: int = 503
    retry_after: float = 1.0
    target: str = ""
    size: int = 0
    announce_only: bool = False
    body: str = ""

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault {self.kind!r}; one of {', '.join(FAULT_KINDS)}")
        if self.times is not None and (not _whole(self.times) or self.times < 0):
            raise ValueError("times must be a whole number, 0 or more, or null")
        for name in ("seconds", "retry_after"):
            value = getattr(self, name)
            if not _real(value) or not 0 <= value <= 10**6:
                raise ValueError(f"{name} must be a number of seconds from 0 to 1000000")
        if not _whole(self.status) or not 100 <= self.status <= 599:
            raise ValueError("status must be an HTTP status from 100 to 599")
        if not _whole(self.size) or not 0 <= self.size <= 2**40:
            raise ValueError("size must be a whole number of bytes")
        if not all(isinstance(v, str) for v in (self.path, self.target, self.body)):
            raise ValueError("path, target and body must be text")
        if len(self.body) > 1 << 20:
            raise ValueError("body must be at most 1 MiB of text")
        if not isinstance(self.announce_only, bool):
            raise ValueError("announce_only must be true or false")

    @classmethod
    def from_json(cls, spec: Any) -> Fault:
        """A fault from its JSON form; unknown fields and wrong types raise ``ValueError``."""
        if not isinstance(spec, dict):
            raise ValueError("a fault is a JSON object")
        known = {f.name for f in fields(cls)}
        unknown = sorted(str(k) for k in spec if k not in known)
        if unknown:
            raise ValueError(f"unknown fault field {unknown[0][:40]!r}; known: {', '.join(known)}")
        if "kind" not in spec:
            raise ValueError("a fault needs a kind")
        return cls(**spec)


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _real(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
