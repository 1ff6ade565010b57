"""Every setting hfguide takes from the environment, read in one place into one typed object.

Entry points (the ``hfguide`` command, the MkDocs hook, scripts) call ``Settings.from_env``
once and pass the result down; library code takes a ``settings`` argument and falls back to
``Settings.from_env()`` only when none is given. Nothing else reads ``os.environ``.

Variables (all optional):

* ``HF_ENDPOINT`` - the Hub to query (default ``https://huggingface.co``);
* ``HF_TOKEN`` - sent as a bearer token, only ever to ``HF_ENDPOINT``'s own origin;
* ``HF_HUB_OFFLINE`` / ``TRANSFORMERS_OFFLINE`` - send no request, use the snapshots;
* ``HFGUIDE_DATA=snapshot`` - use the committed snapshots even when the Hub answers;
* ``HFGUIDE_SNAPSHOT``, ``HFGUIDE_LEADERBOARD``, ``HFGUIDE_CONFIGS`` - snapshot files a build
  reads (the Hub's records, the leaderboard, the model configs);
* ``HFGUIDE_CACHE`` (else ``$XDG_CACHE_HOME/hfguide/hub``) - the response cache;
* ``HFGUIDE_DEADLINE`` - seconds a refresh or a build may spend on the Hub in all (default 900);
* ``HFGUIDE_SITE_URL``, ``HFGUIDE_CHROMIUM`` - the published address and the browser for tests;
* ``HFGUIDE_BROWSER_HUB`` - the Hub the published pages' scripts ask, from the reader's browser,
  for a model the site's data lacks (default ``https://huggingface.co``; never ``HF_ENDPOINT``,
  which may be a build machine's private mirror).
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from hfguide import PROJECT_ROOT

PUBLIC_HUB = "https://huggingface.co"
DATA_DIR = PROJECT_ROOT / "data"
DEFAULT_SNAPSHOT = DATA_DIR / "hub-snapshot.json"
DEFAULT_LEADERBOARD = DATA_DIR / "leaderboard.json"
DEFAULT_CONFIGS = DATA_DIR / "model-configs.json"
DEFAULT_DEADLINE = 900.0
DEFAULT_CHROMIUM = "/usr/bin/chromium"
_TRUE = {"1", "ON", "YES", "TRUE"}


class SettingsError(ValueError):
    """An environment variable holds a value hfguide cannot use; the message names it."""


def check_endpoint(url: str, name: str = "HF_ENDPOINT") -> str:
    """``url`` without a trailing slash, if it is an http(s) URL with a host; else SettingsError."""
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError:
        host = None
        parts = None
    if parts is None or parts.scheme not in {"http", "https"} or not host:
        raise SettingsError(f"{name} must be an http(s) URL with a host, not {redact(url)!r}")
    return url.strip().rstrip("/")


def origin(url: str) -> tuple[str, str, int | None]:
    """(scheme, host, port) with default ports filled in: what decides where a token may go."""
    parts = urlsplit(url)
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    return parts.scheme.lower(), (parts.hostname or "").lower(), port


_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/\s?#]*@")


def redact(text: object, *secrets: str | None) -> str:
    """``text`` with the user:password part of every URL and each given secret removed.

    The one function every message, log line and page goes through before it shows anything
    that may hold an endpoint or a token.
    """
    cleaned = _USERINFO.sub(r"\1", str(text))
    for secret in secrets:
        if secret and len(secret) >= 4:
            cleaned = cleaned.replace(secret, "***")
    return cleaned


def redact_endpoint(endpoint: str) -> str:
    """The endpoint without any user:password part (or query), safe to print or store."""
    try:
        parts = urlsplit(endpoint)
        host = parts.hostname or ""
        if parts.port:
            host = f"{host}:{parts.port}"
    except ValueError:
        return redact(endpoint)
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def endpoint_secrets(endpoint: str) -> tuple[str, ...]:
    """The password an endpoint URL carries, if any (it may turn up decoded in messages)."""
    try:
        password = urlsplit(endpoint).password
        return (password,) if password else ()
    except ValueError:
        return ()


def _flag(env: Mapping[str, str], name: str) -> bool:
    return env.get(name, "").strip().upper() in _TRUE


def _seconds(env: Mapping[str, str], name: str, default: float) -> float:
    text = env.get(name, "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value <= 0:
        raise SettingsError(f"{name} must be a positive number of seconds, not {text!r}")
    return value


@dataclass(frozen=True)
class Settings:
    """What the environment asked for, checked. Build one with ``from_env``."""

    endpoint: str = PUBLIC_HUB
    token: str | None = field(default=None, repr=False)
    offline: bool = False
    force_snapshot: bool = False
    snapshot_path: Path = DEFAULT_SNAPSHOT
    leaderboard_path: Path = DEFAULT_LEADERBOARD
    configs_path: Path = DEFAULT_CONFIGS
    cache_dir: Path = Path.home() / ".cache" / "hfguide" / "hub"
    deadline: float = DEFAULT_DEADLINE
    site_url: str | None = None
    chromium: str = DEFAULT_CHROMIUM
    browser_hub: str = PUBLIC_HUB

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read every variable once; a value hfguide cannot use raises ``SettingsError``."""
        env = os.environ if env is None else env
        if env.get("HFGUIDE_CACHE"):
            cache_dir = Path(env["HFGUIDE_CACHE"])
        else:
            base = env.get("XDG_CACHE_HOME") or Path.home() / ".cache"
            cache_dir = Path(base) / "hfguide" / "hub"
        return cls(
            endpoint=check_endpoint(env.get("HF_ENDPOINT") or PUBLIC_HUB),
            token=env.get("HF_TOKEN") or None,
            offline=_flag(env, "HF_HUB_OFFLINE") or _flag(env, "TRANSFORMERS_OFFLINE"),
            force_snapshot=env.get("HFGUIDE_DATA", "").strip().lower() == "snapshot",
            snapshot_path=Path(env.get("HFGUIDE_SNAPSHOT") or DEFAULT_SNAPSHOT),
            leaderboard_path=Path(env.get("HFGUIDE_LEADERBOARD") or DEFAULT_LEADERBOARD),
            configs_path=Path(env.get("HFGUIDE_CONFIGS") or DEFAULT_CONFIGS),
            cache_dir=cache_dir,
            deadline=_seconds(env, "HFGUIDE_DEADLINE", DEFAULT_DEADLINE),
            site_url=env.get("HFGUIDE_SITE_URL") or None,
            chromium=env.get("HFGUIDE_CHROMIUM") or DEFAULT_CHROMIUM,
            browser_hub=redact_endpoint(
                check_endpoint(env.get("HFGUIDE_BROWSER_HUB") or PUBLIC_HUB, "HFGUIDE_BROWSER_HUB")
            ),
        )

    @property
    def public_endpoint(self) -> str:
        """The endpoint as it may be printed, stored or shown on a page."""
        return redact_endpoint(self.endpoint)

    def redact(self, text: object) -> str:
        """``text`` safe to show: no URL credentials, no token."""
        return redact(text, self.token, *endpoint_secrets(self.endpoint))


def secrets_from_env(env: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """The token and endpoint password the environment holds, even when other settings are bad:
    what an error message must never show."""
    env = os.environ if env is None else env
    found = endpoint_secrets(env.get("HF_ENDPOINT", ""))
    return (env["HF_TOKEN"], *found) if env.get("HF_TOKEN") else found
