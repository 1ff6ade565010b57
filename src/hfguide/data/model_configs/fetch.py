"""Asking the Hub for the ``config.json`` of the models the site plans memory for: the base
models behind leaderboard rows and the text-generation models of the Hub snapshot.

Each config is checked on its own: one that is not a JSON object, or holds ``NaN`` or an
infinity in a field the planner uses, is left out with a warning (too many such, and the
refresh fails); it never fails the others.
"""

from __future__ import annotations

import json
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from hfguide.core.dates import now_iso
from hfguide.core.settings import redact_endpoint
from hfguide.data.hub_models.records import HubRecord, base_model_of
from hfguide.data.leaderboard import LeaderboardRow
from hfguide.data.model_configs.check import config_problem, kept_fields
from hfguide.data.model_configs.store import ModelConfigs
from hfguide.data.provenance import too_many_dropped
from hfguide.hub.client import HubClient
from hfguide.hub.errors import HubAccessDenied, HubError, HubNotFound


class BadConfig(ValueError):
    """A downloaded ``config.json`` that cannot be kept; the message says why, in a few words."""


def read_config(path: Path) -> dict[str, Any]:
    """The kept fields (``KEPT_FIELDS``) of a downloaded ``config.json``, checked.

    Raises:
        BadConfig: The file is not UTF-8 JSON, not an object, or a kept field holds ``NaN``
            or an infinity.
    """
    try:
        value = json.loads(Path(path).read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise BadConfig("config.json is not UTF-8 text") from None
    except ValueError:
        raise BadConfig("config.json is not JSON") from None
    except OSError as err:
        raise BadConfig(f"config.json cannot be read ({err.strerror})") from None
    if not isinstance(value, dict):
        raise BadConfig("config.json is not a JSON object")
    config = kept_fields(value)
    if (problem := config_problem(config)) is not None:
        raise BadConfig(f"config.json: {problem}")
    return config


def fetch_model_config(client: HubClient, repo_id: str) -> dict[str, Any]:
    """A model's ``config.json`` through ``hf_hub_download``: its kept fields, checked, and kept
    in the client's disk cache.

    Raises:
        HubNotFound: The Hub has no such model, or the model no ``config.json``.
        HubAccessDenied: The model is gated or private and the token (if any) has no access.
        HubError: The Hub did not answer after every retry.
        BadConfig: The file is not a JSON object of finite numbers (not retried: the same file
            would come again).
    """

    def fetch() -> dict[str, Any]:
        return read_config(
            client.call(f"config of {repo_id}", lambda: client.download(repo_id, "config.json"))
        )

    return client.cached(
        f"config {repo_id}", fetch, valid=lambda value: config_problem(value) is None
    )


def fetch_parameter_count(client: HubClient, repo_id: str) -> int | None:
    """The parameter count the Hub gives for a model's safetensors weights, or ``None`` when it
    gives none (or an unusable one).

    Raises:
        HubNotFound: The Hub has no such model.
        HubError: The Hub did not answer after every retry.
    """

    def fetch() -> dict[str, Any]:
        info = client.api.model_info(repo_id, expand=["safetensors"])
        return {"total": getattr(getattr(info, "safetensors", None), "total", None)}

    total = client.cached(f"safetensors {repo_id}", lambda: client.call(f"model {repo_id}", fetch))
    count = total.get("total") if isinstance(total, dict) else None
    valid = isinstance(count, int) and not isinstance(count, bool) and 0 < count <= 10**14
    return count if valid else None


def fetch_config(client: HubClient, repo_id: str) -> dict[str, Any] | None:
    """A model's ``config.json`` for a refresh (see [`fetch_model_config`][fetch_model_config]).

    Args:
        client: The ``HubClient`` whose retries and bounds the download runs under.
        repo_id: The model, as ``ORG/NAME``.

    Returns:
        The config's kept fields, or ``None`` if the repo or file is not there, or is gated
        without a token.

    Raises:
        HubError: the Hub did not answer after every retry.
        BadConfig: the file is not a JSON object of finite numbers.
    """
    try:
        return fetch_model_config(client, repo_id)
    except (HubNotFound, HubAccessDenied):
        return None


#: Models the site plans memory for beyond the leaderboard and the Hub snapshot: Gemma 3's
#: smallest model shows the per-layer windows of ``layer_types`` in the glossary.
EXTRA_MODELS = ("google/gemma-3-270m",)


def config_candidates(board_rows: list[LeaderboardRow], hub_models: list[HubRecord]) -> list[str]:
    """Models whose configs the site wants: leaderboard base models that are leaderboard rows
    themselves, and the Hub snapshot's text-generation models with their declared base models."""
    ids = {r["id"] for r in board_rows if r.get("id")}
    wanted = {r["base"] for r in board_rows if r.get("base") in ids} | set(EXTRA_MODELS)
    for record in hub_models:
        if record.get("pipeline_tag") != "text-generation":
            continue
        wanted.add(record["id"])
        if base_model_of(record):
            wanted.add(base_model_of(record))
    return sorted(w for w in wanted if isinstance(w, str) and w.count("/") == 1)


def fetch(client: HubClient, repo_ids: list[str], *, progress: bool = False) -> ModelConfigs:
    """The configs of ``repo_ids``, fetched concurrently with ``fetch_config``.

    Args:
        client: The ``HubClient`` to ask (its ``max_workers`` sets the concurrency).
        repo_ids: Models to ask for, as ``ORG/NAME``.
        progress: Print a count to stderr every 100 models.

    Returns:
        The configs found (only ``KEPT_FIELDS``), with when and where they were read. A config
        that fails ``read_config`` is left out with a warning through the client.

    Raises:
        HubError: the Hub did not answer a request after every retry, or too many configs
            could not be kept (``too_many_dropped``).
    """
    found: dict[str, dict[str, Any]] = {}
    dropped: list[str] = []

    def one(repo_id: str) -> tuple[str, dict[str, Any] | None, str, str | None]:
        try:
            return repo_id, fetch_config(client, repo_id), now_iso(), None
        except BadConfig as err:
            return repo_id, None, now_iso(), str(err)

    with ThreadPoolExecutor(max_workers=client.max_workers) as pool:
        for done, (repo_id, config, read_at, problem) in enumerate(pool.map(one, repo_ids), 1):
            if problem is not None:
                dropped.append(repo_id)
                client.warn(f"left out the config of {repo_id}: {problem}")
            elif config is not None:
                found[repo_id] = {"config": config, "read_at": read_at}
            if progress and (done % 100 == 0 or done == len(repo_ids)):
                print(f"  {done}/{len(repo_ids)} asked, {len(found)} configs", file=sys.stderr)
    if too_many_dropped(len(dropped), len(repo_ids)):
        raise HubError(
            f"{len(dropped)} of {len(repo_ids)} model configs could not be kept "
            f"(first: {dropped[0]}); nothing was written"
        )
    return ModelConfigs(
        configs=found,
        created_at=now_iso(),
        endpoint=redact_endpoint(client.endpoint),
        asked=len(repo_ids),
    )
