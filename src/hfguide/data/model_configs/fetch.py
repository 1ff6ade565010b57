"""Asking the Hub for the ``config.json`` of the models the site plans memory for: the base
models behind leaderboard rows and the text-generation models of the Hub snapshot."""

from __future__ import annotations

import json
import sys
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from hfguide.core.dates import now_iso
from hfguide.core.settings import redact_endpoint
from hfguide.data.hub_models.records import HubRecord, base_model_of
from hfguide.data.leaderboard import LeaderboardRow
from hfguide.data.model_configs.check import kept_fields
from hfguide.data.model_configs.store import ModelConfigs
from hfguide.hub.client import HubClient
from hfguide.hub.errors import HubAccessDenied, HubError, HubNotFound


def fetch_model_config(client: HubClient, repo_id: str) -> dict[str, Any]:
    """A model's ``config.json`` through ``hf_hub_download``, kept in the client's disk cache.

    Raises:
        HubNotFound: The Hub has no such model, or the model no ``config.json``.
        HubAccessDenied: The model is gated or private and the token (if any) has no access.
        HubError: The Hub did not answer after every retry, or the file is not a JSON object.
    """

    def fetch() -> dict[str, Any]:
        value = json.loads(client.download(repo_id, "config.json").read_text(encoding="utf-8"))
        if not isinstance(value, dict):
            raise HubError(f"{repo_id}/config.json is not a JSON object")
        return value

    return client.cached(f"config {repo_id}", lambda: client.call(f"config of {repo_id}", fetch))


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
    """A model's ``config.json`` for a refresh: ``None`` when the repo or file is not there, or
    is gated without a token (see [`fetch_model_config`][fetch_model_config]).

    Raises:
        HubError: the Hub did not answer after every retry, or the file is not a JSON object.
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
        The configs found (only ``KEPT_FIELDS``), with when and where they were read.

    Raises:
        HubError: the Hub did not answer a request after every retry.
    """
    found: dict[str, dict[str, Any]] = {}

    def one(repo_id: str) -> tuple[str, dict[str, Any] | None, str]:
        return repo_id, fetch_config(client, repo_id), now_iso()

    with ThreadPoolExecutor(max_workers=client.max_workers) as pool:
        for done, (repo_id, config, read_at) in enumerate(pool.map(one, repo_ids), 1):
            if config is not None:
                found[repo_id] = {"config": kept_fields(config), "read_at": read_at}
            if progress and (done % 100 == 0 or done == len(repo_ids)):
                print(f"  {done}/{len(repo_ids)} asked, {len(found)} configs", file=sys.stderr)
    return ModelConfigs(
        configs=found,
        created_at=now_iso(),
        endpoint=redact_endpoint(client.endpoint),
        asked=len(repo_ids),
    )
