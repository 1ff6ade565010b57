"""The best leaderboard models that fit: filtered by licence, type and merges, within a memory
budget, flagged and implausible rows left out unless asked for."""

from __future__ import annotations

from dataclasses import dataclass

from hfguide.data.leaderboard import LeaderboardRow
from hfguide.planner.plan import fits
from hfguide.planner.precisions import is_precision
from hfguide.queries.licences import licence_matcher

#: Row fields that keep a row out of the frontier and "best that fits" unless the reader
#: includes it: flagged by the leaderboard's community, or implausible by this guide's checks.
LEFT_OUT_FIELDS = ("flagged", "implausible")
MERGE_TYPE = "merge"


def is_left_out(row: LeaderboardRow) -> bool:
    """Whether the site leaves ``row`` out of its picks: flagged, or with implausible scores."""
    return any(row.get(field) for field in LEFT_OUT_FIELDS)


def is_merge(row: LeaderboardRow) -> bool:
    """A merge by the leaderboard's "Merged" flag or by the type its submitter chose."""
    return bool(row.get("merged")) or row.get("type") == MERGE_TYPE


@dataclass
class BestThatFit:
    rows: list[LeaderboardRow]
    left_out: int  # rows that would have qualified but are flagged or implausible


def best_that_fit(
    rows: list[LeaderboardRow],
    *,
    budget_gb: float | None = None,
    precision: str | None = None,
    licences: list[str] | None = None,
    permissive: bool = False,
    model_type: str | None = None,
    merges: bool = True,
    limit: int = 10,
    include_flagged: bool = False,
) -> BestThatFit:
    """The highest-average rows that run within a memory budget, filtered by licence, type and
    merges.

    Rows of unknown size or precision fit no budget. Flagged and implausible rows
    ([`is_left_out`][is_left_out]) count as left out unless ``include_flagged``. The explorer's
    ``bestThatFit`` keeps to the same rules (shared golden cases in
    ``tests/cases/explorer-cases.json``).

    Args:
        rows: The leaderboard rows.
        budget_gb: GPU memory in GB: weights in the evaluated precision (or ``precision``) plus
            the rule-of-thumb overhead must fit. None: no budget.
        precision: Assume this precision instead of the one each model was evaluated in.
        licences: Licences to accept (see
            [`licence_matcher`][hfguide.queries.licences.licence_matcher]);
            [`NOT_STATED`][hfguide.queries.licences.NOT_STATED] accepts rows without one.
        permissive: Accept any permissive licence.
        model_type: Only rows of this type key (``chat``, ``pretrained``, ...).
        merges: Include merged models.
        limit: How many rows to return at most.
        include_flagged: Include flagged and implausible rows.

    Returns:
        The rows, best average first, and how many qualifying rows were left out as flagged or
        implausible.

    Raises:
        UnknownLicence: A licence name that no row carries.
    """
    licence_ok = licence_matcher(rows, licences, permissive=permissive)
    chosen, left_out = [], 0
    for row in rows:
        if model_type and row["type"] != model_type:
            continue
        if not merges and is_merge(row):
            continue
        if not licence_ok(row):
            continue
        if budget_gb is not None:
            evaluated = precision or row.get("precision")
            if not row.get("params") or not is_precision(evaluated):
                continue
            if not fits(row["params"] * 1e9, evaluated, budget_gb):
                continue
        if is_left_out(row) and not include_flagged:
            left_out += 1
            continue
        chosen.append(row)
    chosen.sort(key=lambda r: (-(r.get("average") or 0), r["id"]))
    return BestThatFit(rows=chosen[:limit], left_out=left_out)
