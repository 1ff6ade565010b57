"""The finder's candidates: every model of the Hub snapshot and every leaderboard row as one row of
facts, each with where it came from.

A model can be both a Hub record and leaderboard rows; its candidate joins them. What a source
lacks is filled from the next one, and the row says which (``*_origin``):

* **size** (``params``): the Hub's own count of the weights (not for quantised checkpoints,
  whose files hold packed weights), else the leaderboard's count, else the count its recorded
  config gives, else its base model's count, else the size its name states
  ([`size_from_name`][hfguide.planner.sizes.size_from_name]);
* **languages** and **licence**: the model's Hub record, else (licence only) its leaderboard
  row, else its base model's Hub record;
* **kind** (decoder, encoder, encoder-decoder) and the **longest input**: from the recorded
  config, else from the model type among its tags and that family's usual maximum;
* **score**: the best leaderboard average of its rows, with the day it was submitted;
* **gated**: the Hub record's ``gated`` field (unknown for records read before the refresh
  asked for it, and for models only the leaderboard lists).

Rows the leaderboard's community flagged, or whose size or precision this guide doubts, carry
the reasons in ``flagged``; the queries leave them out unless a reader includes them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, TypedDict

from hfguide.data.hub_models import HubData, HubRecord, base_model_of, gated_of
from hfguide.data.leaderboard import LeaderboardData, LeaderboardRow
from hfguide.data.leaderboard.plausibility import name_contradicts, quantised_in_name
from hfguide.data.model_configs import ModelConfigs
from hfguide.planner.shapes import (
    ENCODER_DECODER,
    ENCODER_ONLY,
    GATED_MLP,
    TYPICAL_CONTEXT,
    model_kind,
    parameter_count,
)
from hfguide.planner.sizes import size_from_name
from hfguide.queries.model_shapes import shape_for

#: Where a size, a licence or languages came from, as the finder shows it.
ORIGINS = {
    "hub": "counted from its weights on the Hub",
    "leaderboard": "as the Open LLM Leaderboard lists it",
    "config": "recomputed from its recorded config",
    "base": "its base model's",
    "name": "read from its name",
    "card": "its model card",
    "tags": "its Hub tags",
    "typical": "usual for its family",
}
#: File formats a repository's tags announce, as the run recipes name them.
FORMAT_TAGS = {
    "gguf": "GGUF",
    "gptq": "GPTQ",
    "awq": "AWQ",
    "mlx": "MLX",
    "onnx": "ONNX",
    "bitsandbytes": "bitsandbytes",
    "4-bit": "4-bit",
    "8-bit": "8-bit",
}
#: Model types a Hub record's tags may name (the word a config's ``model_type`` has).
MODEL_TYPES = ENCODER_ONLY | ENCODER_DECODER | GATED_MLP | {"gpt2", "gpt_neox", "phi"}
COMMUNITY_FLAG = "flagged by the leaderboard's community"


class Candidate(TypedDict):
    """One model the finder can list; ``None`` for what no source says."""

    id: str
    task: str
    license: str | None
    license_origin: str | None
    languages: list[str]
    languages_origin: str | None
    params: float | None  #: a parameter count (not billions)
    params_origin: str | None  #: a key of ``ORIGINS``
    params_note: str | None  #: the words of a name, or why the Hub's count was not used
    downloads: int | None
    created: str | None  #: the day the repository was created (Hub) or uploaded (leaderboard)
    score: float | None  #: the best leaderboard average, 0 to 100
    score_date: str | None  #: the day that row was submitted to the leaderboard
    type: str | None  #: the leaderboard's type key
    chat: bool
    merged: bool
    flagged: list[str]  #: why the row is left out unless a reader includes it
    precision: str | None  #: the precision the leaderboard evaluated it in
    kind: str | None  #: decoder, encoder or encoder-decoder
    context: int | None  #: the longest input it accepts
    context_origin: str | None
    shape: str | None  #: the recorded config it plans with
    how: str | None  #: how that config matched
    formats: list[str]
    gated: bool | None  #: whether the Hub asks readers to request access to its files


COLUMNS = list(Candidate.__annotations__)


@dataclass(frozen=True)
class Candidates:
    """Every candidate, and the recorded shapes they plan with."""

    rows: list[Candidate]

    def origin_shares(self, field: str) -> dict[str, int]:
        """How many rows have each origin of ``field`` (``params``, ``languages``, ...);
        ``None`` counts the rows that no source fills."""
        return dict(Counter(r[f"{field}_origin"] for r in self.rows))  # type: ignore[literal-required]


def _model_type(tags: list[str]) -> str | None:
    return next((t for t in tags if t in MODEL_TYPES), None)


def formats(tags: list[str], library: str | None) -> list[str]:
    """The file formats a repository's tags (or its ``gguf`` library) announce, as
    ``FORMAT_TAGS`` names them."""
    found = [label for tag, label in FORMAT_TAGS.items() if tag in tags]
    if library == "gguf" and "GGUF" not in found:
        found.insert(0, "GGUF")
    return found


def _billions(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and value > 0 else None


def build(hub: HubData, board: LeaderboardData, configs: ModelConfigs) -> Candidates:
    """Every candidate of the build's data: the Hub snapshot's models (those with a task) and the
    leaderboard's rows, joined by id, filled as the module docstring says."""
    records: dict[str, HubRecord] = {}
    for record in hub.records:
        if record.get("pipeline_tag"):
            records[record["id"]] = record
    by_lower = {r["id"].lower(): r for r in hub.records}
    rows_of: dict[str, list[LeaderboardRow]] = {}
    for row in board.rows:
        if row.get("id"):
            rows_of.setdefault(row["id"], []).append(row)
    board_size = {
        i: max(_billions(r.get("params")) or 0 for r in rows) * 1e9
        for i, rows in rows_of.items()
        if any(_billions(r.get("params")) for r in rows)
    }
    candidates = [
        _candidate(i, records.get(i), rows_of.get(i, []), by_lower, board_size, configs)
        for i in [*records, *(i for i in rows_of if i not in records)]
    ]
    return Candidates(rows=candidates)


def _candidate(
    model_id: str,
    record: HubRecord | None,
    rows: list[LeaderboardRow],
    records_by_lower: dict[str, HubRecord],
    board_size: dict[str, float],
    configs: ModelConfigs,
) -> Candidate:
    tags = list(record.get("tags") or []) if record else []
    best = max(rows, key=lambda r: r.get("average") or -1) if rows else None
    base = (base_model_of(record) if record else None) or (best.get("base") if best else None)
    base = base.split()[0] if base else None
    base_record = records_by_lower.get(base.lower()) if base else None
    board_params = board_size.get(model_id)
    found = shape_for(
        configs,
        model_id,
        base=base,
        architecture=best.get("architecture") if best else None,
        params=board_params,
    )
    shape = found[1] if found else None

    # The size, from the first source that has it.
    params, origin, note = None, None, None
    quantised = quantised_in_name(model_id) or next(
        (t for t in ("4-bit", "8-bit", "gptq", "awq") if t in tags), None
    )
    if record and _billions(record.get("parameters")):
        if quantised:
            note = f"the Hub's count is of packed weights ({quantised})"
        else:
            params, origin = float(record["parameters"]), "hub"
    if params is None and board_params:
        params, origin = board_params, "leaderboard"
    if params is None and found and found[2] == "own config":
        try:
            params, origin = float(parameter_count(shape)), "config"
        except ValueError:
            pass
    if params is None and base:
        base_count = _billions(base_record.get("parameters")) if base_record else None
        base_count = base_count or board_size.get(base)
        if base_count and not (base_record and quantised_in_name(base)):
            params, origin, note = float(base_count), "base", base
    if params is None and (named := size_from_name(model_id)):
        params, origin, note = named[0] * 1e9, "name", named[1]

    # Doubts: the leaderboard's flags and this guide's, and a name that contradicts a count.
    flagged: list[str] = []
    for row in rows:
        if row.get("flagged") and COMMUNITY_FLAG not in flagged:
            flagged.append(COMMUNITY_FLAG)
        flagged += [d for d in row.get("implausible") or [] if d not in flagged]
    if origin == "hub":
        merged = bool(best and (best.get("merged") or best.get("type") == "merge"))
        doubt = name_contradicts(model_id, params / 1e9, open_ended=merged or "moe" in tags)
        if doubt:
            flagged.append(doubt)

    languages, languages_origin = [], None
    if record and record.get("languages"):
        languages, languages_origin = list(record["languages"]), record.get("languages_source")
    elif base_record and base_record.get("languages"):
        languages, languages_origin = list(base_record["languages"]), "base"

    license_, license_origin = None, None
    if record and record.get("license"):
        license_, license_origin = record["license"], record.get("license_source")
    elif best and best.get("license"):
        license_, license_origin = best["license"], "leaderboard"
    elif base_record and base_record.get("license"):
        license_, license_origin = base_record["license"], "base"

    model_type = shape.model_type if shape else _model_type(tags)
    kind = shape.kind if shape else (model_kind(model_type) if model_type else None)
    if kind is None and best and "ForCausalLM" in str(best.get("architecture") or ""):
        kind = "decoder"
    context, context_origin = None, None
    if shape and shape.context:
        context, context_origin = shape.context, "config"
    elif model_type in TYPICAL_CONTEXT:
        context, context_origin = TYPICAL_CONTEXT[model_type], "typical"

    created = (record.get("created_at") or "")[:10] if record else ""
    if not created and rows:
        created = min((r.get("uploaded") or "")[:10] for r in rows) if rows else ""
    return Candidate(
        id=model_id,
        task=record["pipeline_tag"] if record else "text-generation",
        license=license_,
        license_origin=license_origin,
        languages=languages,
        languages_origin=languages_origin,
        params=params,
        params_origin=origin,
        params_note=note,
        downloads=record.get("downloads") if record else None,
        created=created or None,
        score=best.get("average") if best else None,
        score_date=(best.get("submitted") or "")[:10] or None if best else None,
        type=best.get("type") if best else None,
        chat="conversational" in tags or any(r.get("type") == "chat" for r in rows),
        merged=any(r.get("merged") or r.get("type") == "merge" for r in rows),
        flagged=flagged,
        precision=best.get("precision") if best else None,
        kind=kind,
        context=context,
        context_origin=context_origin,
        shape=found[0] if found else None,
        how=found[2] if found else None,
        formats=formats(tags, record.get("library") if record else None),
        gated=gated_of(record) if record else None,
    )
