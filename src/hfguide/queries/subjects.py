"""What a memory plan is about: a size someone typed, or a model id.

A model's shape comes from its ``config.json`` on the Hub (``HF_ENDPOINT``, through the client's
cache), with the parameter count the Hub gives for its weights. Offline, or when the Hub cannot be
reached, the snapshots answer: the model's recorded config, its base model's, or a leaderboard
row's size. A gated or missing model says what to do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from hfguide.core.dates import now_iso
from hfguide.core.settings import Settings
from hfguide.data import hub_models, leaderboard, model_configs
from hfguide.data.hub_models import base_model_of
from hfguide.data.hub_models.records import REPO_ID
from hfguide.data.leaderboard import LeaderboardRow
from hfguide.data.model_configs import BadConfig, fetch_model_config, fetch_parameter_count
from hfguide.hub.client import HubClient
from hfguide.hub.errors import HubAccessDenied, HubError, HubNotFound
from hfguide.hub.transport import RetryPolicy
from hfguide.planner.errors import MemoryEstimateError
from hfguide.planner.parsing import parse_params
from hfguide.planner.shapes import Shape, ShapeError, parameter_count, shape_from_config
from hfguide.queries.model_shapes import shape_for


@dataclass
class Subject:
    """What the plan is about: a size, or a model with (perhaps) a recorded shape."""

    label: str
    params: float | None
    shape: Shape | None
    how: str  # where the shape or size came from, in plain words


def _leaderboard_row(model_id: str, data: str | None) -> LeaderboardRow | None:
    rows = leaderboard.read(Path(data or Settings.from_env().leaderboard_path)).rows
    wanted = model_id.lower()
    return next((r for r in rows if (r.get("id") or "").lower() == wanted), None)


def _hub_base_model(model_id: str) -> str | None:
    """The base model the Hub snapshot's record of ``model_id`` declares, if it has one."""
    wanted = model_id.lower()
    for records in hub_models.read(Settings.from_env().snapshot_path).results.values():
        for record in records:
            if record["id"].lower() == wanted:
                return base_model_of(record)
    return None


#: What a reader does about a gated model, after the model's id.
GATED_FIX = (
    "request access on its page on the Hub, then set HF_TOKEN to a token of the account that "
    "has it (or run `hf auth login`)"
)


def resolve_subject(
    text: str,
    *,
    data: str | None = None,
    configs: str | None = None,
    client: HubClient | None = None,
) -> Subject:
    """A size ('7B') or a model id: its config.json on the Hub, else (offline, or the Hub away)
    its recorded config, its base model's, or a leaderboard row's size (then without a shape).

    Raises:
        MemoryEstimateError: Neither a size nor a model id; a model the Hub does not have or
            keeps gated, with nothing recorded; or a model nothing can size.
    """
    try:
        params = parse_params(text)
        return Subject(f"{params / 1e9:g}B parameters", params, None, "a size only")
    except MemoryEstimateError:
        if re.match(r"^\s*[-+.\d]", str(text)):  # a number, just not a usable one
            raise
    model_id = str(text).strip()
    if not REPO_ID.fullmatch(model_id):
        raise MemoryEstimateError(
            f"{model_id!r} is neither a size (like 7B) nor a Hub model id (like org/name)"
        )
    settings = client.settings if client is not None else Settings.from_env()
    why_recorded = "HF_HUB_OFFLINE is set"
    if not settings.offline:
        try:
            return _from_hub(model_id, client or HubClient(settings=settings, retry=PROBE))
        except HubAccessDenied:
            recorded = _recorded(model_id, data, configs)
            if recorded is None:
                raise MemoryEstimateError(
                    f"{model_id} is gated: the Hub shows its config.json only to accounts with "
                    f"access; {GATED_FIX}"
                ) from None
            why_recorded = f"the Hub keeps it gated ({GATED_FIX})"
        except HubNotFound:
            recorded = _recorded(model_id, data, configs)
            if recorded is None:
                raise MemoryEstimateError(
                    f"the Hub at {settings.public_endpoint} has no model {model_id} (or no "
                    "config.json in it); check the id"
                ) from None
            why_recorded = "the Hub has no config.json for it"
        except HubError:
            why_recorded = "the Hub could not be reached"
    recorded = _recorded(model_id, data, configs)
    if recorded is None:
        raise MemoryEstimateError(
            f"{why_recorded} and there is no recorded config or leaderboard row for {model_id}; "
            "give its size instead (like 7B)"
        )
    recorded.how += f"; {why_recorded}"
    return recorded


#: A first request that fails fast when the Hub is away (as a build's probe does).
PROBE = RetryPolicy(attempts=2, backoff=0.25)


def _from_hub(model_id: str, client: HubClient) -> Subject:
    try:
        config = fetch_model_config(client, model_id)
    except BadConfig as err:
        raise MemoryEstimateError(f"{model_id} on the Hub: {err}") from None
    try:
        shape = shape_from_config(config)
    except ShapeError as err:
        raise MemoryEstimateError(f"the config.json of {model_id}: {err}") from None
    try:
        counted = fetch_parameter_count(client, model_id)
    except HubNotFound:  # the file is there but not the model's metadata: count it ourselves
        counted = None
    where = f"its config.json on the Hub ({client.public_endpoint}, read {now_iso()[:10]})"
    if counted is not None:
        return Subject(model_id, float(counted), shape, f"{where}; parameters counted there")
    try:
        return Subject(model_id, float(parameter_count(shape)), shape, where)
    except ShapeError:
        raise MemoryEstimateError(
            f"the Hub gives no parameter count for {model_id} and its family has no formula "
            "here; give its size instead (like 7B)"
        ) from None


def _recorded(model_id: str, data: str | None, configs: str | None) -> Subject | None:
    """The snapshots' answer: the model's recorded config, its base model's, a recorded model of
    the same architecture and size, or its leaderboard row's size; ``None`` when none knows it."""
    recorded = model_configs.load(Path(configs or Settings.from_env().configs_path))
    row = _leaderboard_row(model_id, data)
    bases = [row.get("base") if row else None, _hub_base_model(model_id)]
    found = shape_for(
        recorded,
        model_id,
        base=next((b for b in bases if recorded.find(b)), None),
        architecture=row.get("architecture") if row else None,
        params=row["params"] * 1e9 if row and row.get("params") else None,
    )
    if found is not None:
        repo_id, shape, how = found
        read_at = str(recorded.configs[repo_id].get("read_at", ""))[:10]
        source = f"{how}, {repo_id}" if repo_id != model_id else how
        return Subject(model_id, parameter_count(shape), shape, f"{source} (read {read_at})")
    if row and row.get("params"):
        return Subject(
            row["id"], row["params"] * 1e9, None, "leaderboard parameter count; no recorded config"
        )
    return None
