"""Requests ``huggingface_hub`` sends on its own, guarded so that an odd answer to one of them
cannot disable the project's queries.

``huggingface_hub`` 2.x asks ``{HF_ENDPOINT}/api/agent-harnesses`` for a registry of AI coding
agents (it names the agent in its ``User-Agent`` header), keeps the answer for 24 hours in
``HF_HOME/.agent_harnesses.json`` and consults it every time it builds the headers of a request.
An answer of the wrong shape (a list where an object belongs) makes header building raise, so
every query would fail, and every build fall back, for a whole day. Two guards keep that from
reaching the project's queries:

* the transport (``hfguide.hub.transport``) checks the answer of every side channel in
  ``SIDE_CHANNELS`` before the library sees it: a malformed answer is replaced by an error
  response, which the library ignores (it never keeps it), and the client warns about it;
* ``guard`` wraps the library's agent detection so that a registry that is malformed all the
  same (kept on disk by an earlier run or by another program) means "no agent" instead of an
  exception.

Side channels keep the library's own, short timeouts (they are best effort); every other
request the project sends uses the project's timeouts.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from typing import Any

try:  # the agent detection of huggingface_hub 2.x (a version without it needs no guard)
    from huggingface_hub.utils import _detect_agent, _headers
except ImportError:  # pragma: no cover
    _detect_agent = _headers = None  # type: ignore[assignment]

log = logging.getLogger("hfguide.hub")

#: The empty registry: no agent is ever detected.
EMPTY_AGENT_REGISTRY: dict[str, Any] = {"standardEnvVars": [], "harnesses": {}}


def agent_registry_problem(value: Any) -> str | None:
    """What makes an ``/api/agent-harnesses`` answer unusable, in a few words; ``None`` if fine.

    The shape ``huggingface_hub`` reads: ``{"standardEnvVars": [text, ...], "harnesses":
    {id: {"envVars": {name: pattern}}}}``.
    """
    if not isinstance(value, dict):
        return f"it is {type(value).__name__}, not an object"
    names = value.get("standardEnvVars", [])
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        return "standardEnvVars is not a list of text"
    harnesses = value.get("harnesses", {})
    if not isinstance(harnesses, dict):
        return "harnesses is not an object"
    for harness, info in harnesses.items():
        if info is None:
            continue
        env_vars = info.get("envVars") if isinstance(info, dict) else None
        if not isinstance(info, dict) or not (
            env_vars is None
            or (
                isinstance(env_vars, dict)
                and all(isinstance(k, str) and isinstance(v, str) for k, v in env_vars.items())
            )
        ):
            return f"harness {str(harness)[:40]!r} is not an object of text patterns"
    return None


#: Paths the library asks on its own, each with the check its answer must pass.
SIDE_CHANNELS: dict[str, Callable[[Any], str | None]] = {
    "/api/agent-harnesses": agent_registry_problem,
}


def is_side_channel(path: str) -> bool:
    """Whether a request's path (under any endpoint prefix) is one of ``SIDE_CHANNELS``."""
    return any(path.endswith(channel) for channel in SIDE_CHANNELS)


def side_channel_problem(path: str, body: bytes) -> str | None:
    """What is wrong with the answer ``body`` to the side channel ``path``; ``None`` when it is
    fine or ``path`` is not a side channel."""
    check = next((c for p, c in SIDE_CHANNELS.items() if path.endswith(p)), None)
    if check is None:
        return None
    try:
        value = json.loads(body, parse_constant=_no_constant)
    except (ValueError, UnicodeDecodeError):
        return "it is not JSON"
    return check(value)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


_guard_lock = threading.Lock()


def guard() -> None:
    """Make the library's agent detection unable to fail a request (see the module docstring).

    Safe to call any number of times; does nothing with a ``huggingface_hub`` that has no agent
    detection.
    """
    if _headers is None:  # pragma: no cover
        return
    with _guard_lock:
        original = getattr(_headers, "detect_agent", None)
        if original is None or getattr(original, "hfguide_guarded", False):
            return

        def detect_agent() -> str | None:
            try:
                return original()
            except Exception as err:  # a malformed registry: no agent, and forget it
                log.warning(
                    "hfguide: ignored huggingface_hub's malformed list of agent harnesses (%s)",
                    type(err).__name__,
                )
                if hasattr(_detect_agent, "_registry"):
                    _detect_agent._registry = {"standardEnvVars": [], "harnesses": {}}
                return None

        detect_agent.hfguide_guarded = True  # type: ignore[attr-defined]
        _headers.detect_agent = detect_agent
