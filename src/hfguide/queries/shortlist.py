"""The one query behind the finder, the explorer's "best that fits" and ``hfguide leaderboard``:
filters, flagged rows left out, a memory plan per row, a sort the reader chooses, pages, and the
filters that emptied the list.

The browser runs the same query (``docs/assets/javascripts/query.js``); the golden cases of
``tests/cases/query-cases.json`` drive both.

A request keeps the rows of its task, licence (any case; ``permissive`` for the permissive
group), chat models, scored rows, leaderboard type and merges. A language keeps the rows that
list it; rows that list no language (or only "multilingual") form their own group. Rows with
flags ([`Candidate.flagged`][hfguide.queries.candidates.Candidate]) are left out and counted,
unless included. Every other row is planned at the request's context and precision (each row's
evaluated precision when the request names none) with its recorded shape, or from its size
alone: it fits (every term known and within the budget), fits as far as is known (the known
terms fit; the KV cache is unknown), does not fit (too big, or a longer input than the model
accepts), or its size is unknown (listed apart; without a budget, listed with the others).
When nothing fits, ``relaxations`` says which single change would bring rows back, and how
many.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from hfguide.planner.errors import MemoryEstimateError
from hfguide.planner.plan import Plan, plan
from hfguide.planner.precisions import is_precision, precision
from hfguide.planner.shapes import Shape
from hfguide.queries.candidates import Candidate
from hfguide.queries.licences import NOT_STATED, PERMISSIVE, PERMISSIVE_LICENSES, licence_ok

SORTS = ("score", "downloads", "newest", "margin")
PAGE_SIZE = 20
DEFAULT_PRECISION = "bfloat16"
#: A request without a context plans this many tokens.
DEFAULT_CONTEXT = 4096
#: Models this small run on a laptop's CPU: the plain transformers recipe.
CPU_PARAMS = 1e9
#: The precision tried when nothing fits, to say whether 4-bit weights would.
SMALLER_PRECISION = "nf4"
#: The context tried when nothing fits at a longer one.
SHORTER_CONTEXT = 2048


#: Request fields whose name differs in the browser's JSON.
JSON_NAMES = {
    "model_type": "modelType",
    "include_flagged": "includeFlagged",
    "page_size": "pageSize",
}


@dataclass(frozen=True)
class Request:
    """What a reader asks for (``""``, ``None`` or ``False``: no such filter)."""

    task: str = ""
    licence: str = ""  # licence ids and ``permissive``, comma-separated; ``""`` for any
    language: str = ""
    chat: bool = False
    scored: bool = False  # only rows with a leaderboard score
    model_type: str = ""  # a leaderboard type key
    merges: bool = True
    include_flagged: bool = False
    budget: float | None = None  # bytes
    precision: str | None = None  # None: each row's evaluated precision, else bfloat16
    context: int = DEFAULT_CONTEXT
    sort: str = "score"
    page: int = 1
    page_size: int = PAGE_SIZE

    @classmethod
    def from_json(cls, value: dict[str, Any]) -> Request:
        """A request as the browser writes it (camelCase keys, ``budget`` in bytes)."""
        names = {JSON_NAMES.get(f, f): f for f in cls.__dataclass_fields__}
        return cls(**{names[k]: v for k, v in value.items()})

    def __post_init__(self) -> None:
        if self.sort not in SORTS:
            raise MemoryEstimateError(f"unknown sort {self.sort!r}; one of {', '.join(SORTS)}")
        if self.precision:
            precision(self.precision)  # an unknown precision is the reader's error


@dataclass
class Item:
    """One row of the answer: the candidate, its plan and what the plan says."""

    row: Candidate
    verdict: str  # fits, known (the known terms fit), too-big, too-long, unknown (size)
    plan: Plan | None = None
    reason: str = ""

    @property
    def margin(self) -> float | None:
        if self.plan is None or self.plan.budget is None:
            return None
        return self.plan.budget - self.plan.total

    def to_json(self) -> dict[str, Any]:
        value: dict[str, Any] = {
            "id": self.row["id"],
            "verdict": self.verdict,
            "reason": self.reason,
            "recipe": recipe(self.row, self.plan),
        }
        if self.plan is not None:
            value["plan"] = self.plan.to_json()
        return value


@dataclass
class Answer:
    """What a request finds. ``shown`` is the current page of the rows that fit (or may)."""

    request: Request
    matched: int  # rows of the task, licence, language, ... before memory and flags
    fitting: list[Item]  # every row that fits or may, sorted
    unknown_size: list[Item]
    language_unknown: list[Item]
    too_big: int
    too_long: int
    flagged: int  # rows that match and are flagged, whether or not the request includes them
    flagged_out: int  # rows that would match but are flagged, and the request leaves out
    relaxations: list[dict[str, Any]] = field(default_factory=list)
    items: list[Item] = field(default_factory=list, repr=False)  # every row planned

    @property
    def pages(self) -> int:
        return max(1, math.ceil(len(self.fitting) / self.request.page_size))

    @property
    def shown(self) -> list[Item]:
        start = (min(self.request.page, self.pages) - 1) * self.request.page_size
        return self.fitting[start : start + self.request.page_size]

    def to_json(self) -> dict[str, Any]:
        return {
            "matched": self.matched,
            "fitting": len(self.fitting),
            "shown": [i.to_json() for i in self.shown],
            "page": min(self.request.page, self.pages),
            "pages": self.pages,
            "unknownSize": [i.to_json() for i in self.unknown_size],
            "languageUnknown": [i.to_json() for i in self.language_unknown],
            "tooBig": self.too_big,
            "tooLong": self.too_long,
            "flagged": self.flagged,
            "flaggedOut": self.flagged_out,
            "relaxations": self.relaxations,
        }


def _languages_unknown(row: Candidate) -> bool:
    return not [lang for lang in row["languages"] if lang.lower() != "multilingual"]


def _kept(row: Candidate, request: Request) -> bool:
    if request.task and row["task"] != request.task:
        return False
    if not licence_ok(row["license"], request.licence):
        return False
    if request.chat and not row["chat"]:
        return False
    if request.scored and row["score"] is None:
        return False
    if request.model_type and row["type"] != request.model_type:
        return False
    return request.merges or not row["merged"]


def assess(row: Candidate, request: Request, shapes: dict[str, Shape]) -> Item:
    """The row planned at the request's context and precision, and what the plan says."""
    shape = shapes.get(row["shape"]) if row["shape"] else None
    if shape is None and not row["params"]:
        return Item(row, "unknown", reason="its size is unknown")
    evaluated = row["precision"] if is_precision(row["precision"]) else DEFAULT_PRECISION
    try:
        planned = plan(
            params=row["params"],
            shape=shape,
            precision_name=request.precision or evaluated,
            context=request.context,
            budget=request.budget,
            kind=None if shape is not None else row["kind"],
            context_limit=None if shape is not None else row["context"],
        )
    except MemoryEstimateError as err:
        return Item(row, "unknown", reason=str(err))
    if planned.beyond_context:
        return Item(
            row, "too-long", planned, f"it accepts at most {planned.context_limit:,} tokens"
        )
    if planned.fits is False:
        return Item(row, "too-big", planned, "it needs more memory")
    if planned.fits is None and planned.budget is not None:
        return Item(row, "known", planned, unknown_terms(planned.missing))
    return Item(row, "fits", planned)


def unknown_terms(missing: list[str]) -> str:
    """``the KV cache is unknown``, ``the KV cache and activations are unknown``, ..."""
    words = " and ".join(missing)
    return f"the {words} {'is' if missing == ['KV cache'] else 'are'} unknown"


def _sort_value(item: Item, sort: str) -> Any:
    if sort == "margin":
        return item.margin
    field_name = {"score": "score", "downloads": "downloads", "newest": "created"}[sort]
    return item.row[field_name]  # type: ignore[literal-required]


def sorted_items(items: Iterable[Item], sort: str) -> list[Item]:
    """Largest (best, most downloaded, newest, most room left) first; rows without the value
    last; ties by id."""
    items = list(items)
    with_value = [i for i in items if _sort_value(i, sort) is not None]
    without = [i for i in items if _sort_value(i, sort) is None]
    with_value.sort(key=lambda i: i.row["id"])
    with_value.sort(key=lambda i: _sort_value(i, sort), reverse=True)
    without.sort(key=lambda i: i.row["id"])
    return with_value + without


def recipe(row: Candidate, planned: Plan | None) -> str:
    """Which run recipe fits the row: ``gguf`` for a GGUF repository, ``cpu`` for a small
    text-generation model in 16 or 32 bits, ``gpu`` for a larger or quantised one, else
    ``task`` (the task's own run page)."""
    if "GGUF" in row["formats"]:
        return "gguf"
    if row["task"] != "text-generation":
        return "task"
    quantised = planned is not None and precision(planned.precision).bits < 16
    if row["params"] and row["params"] <= CPU_PARAMS and not quantised:
        return "cpu"
    return "gpu"


def shortlist(rows: list[Candidate], request: Request, shapes: dict[str, Shape]) -> Answer:
    """The answer to ``request`` over ``rows`` (see the module docstring)."""
    answer = _answer(rows, request, shapes)
    if not answer.fitting:
        answer.relaxations = relaxations(rows, request, shapes)
    return answer


def _answer(rows: list[Candidate], request: Request, shapes: dict[str, Shape]) -> Answer:
    matched = [r for r in rows if _kept(r, request)]
    wanted = request.language.strip().lower()
    in_language, language_unknown = [], []
    for row in matched:
        if not wanted or wanted in [lang.lower() for lang in row["languages"]]:
            in_language.append(row)
        elif _languages_unknown(row):
            language_unknown.append(row)
    flagged = [r for r in in_language if r["flagged"]]
    considered = (
        in_language if request.include_flagged else [r for r in in_language if not r["flagged"]]
    )
    items = [assess(r, request, shapes) for r in considered]
    # Without a budget nothing has to fit: a row of unknown size is listed like the others.
    listed = ("fits", "known") if request.budget is not None else ("fits", "known", "unknown")
    fitting = [i for i in items if i.verdict in listed]
    unknown_lang = [assess(r, request, shapes) for r in language_unknown if not r["flagged"]]
    return Answer(
        request=request,
        matched=len(in_language),
        fitting=sorted_items(fitting, request.sort),
        unknown_size=sorted_items(
            (i for i in items if i.verdict == "unknown" and i.verdict not in listed), request.sort
        ),
        language_unknown=sorted_items(
            (i for i in unknown_lang if i.verdict in ("fits", "known", "unknown")), request.sort
        ),
        too_big=sum(1 for i in items if i.verdict == "too-big"),
        too_long=sum(1 for i in items if i.verdict == "too-long"),
        flagged=len(flagged),
        flagged_out=0 if request.include_flagged else len(flagged),
        items=items,
    )


def relaxations(
    rows: list[Candidate], request: Request, shapes: dict[str, Shape]
) -> list[dict[str, Any]]:
    """The single changes of the request that would make rows fit, each with how many:
    ``{"field": ..., "value": ..., "count": n}``, in the order a reader would try them."""
    changes: list[tuple[str, Any]] = []
    if request.language:
        changes.append(("language", ""))
    if request.licence:
        changes.append(("licence", ""))
    if request.chat:
        changes.append(("chat", False))
    if request.model_type:
        changes.append(("model_type", ""))
    if not request.merges:
        changes.append(("merges", True))
    if request.scored:
        changes.append(("scored", False))
    if not request.include_flagged:
        changes.append(("include_flagged", True))
    if request.context > SHORTER_CONTEXT:
        changes.append(("context", SHORTER_CONTEXT))
    longest = _longest_accepted(rows, request, shapes)
    if longest is not None and longest != SHORTER_CONTEXT:
        changes.append(("context", longest))
    if request.budget is not None and (request.precision or "") != SMALLER_PRECISION:
        changes.append(("precision", SMALLER_PRECISION))
    found = []
    for name, value in changes:
        count = len(_answer(rows, replace(request, **{name: value}), shapes).fitting)
        if count:
            found.append({"field": JSON_NAMES.get(name, name), "value": value, "count": count})
    needed = _memory_needed(rows, request, shapes)
    if needed is not None:
        found.append({"field": "budget", "value": needed, "count": 1})
    return found


def _longest_accepted(
    rows: list[Candidate], request: Request, shapes: dict[str, Shape]
) -> int | None:
    """The longest input that one of the rows too long for the request accepts."""
    items = _answer(rows, request, shapes).items
    limits = [i.plan.context_limit for i in items if i.verdict == "too-long" and i.plan]
    return max(limits) if limits else None


def _memory_needed(
    rows: list[Candidate], request: Request, shapes: dict[str, Shape]
) -> float | None:
    """The least memory, in whole GB, at which one row of the request would fit."""
    if request.budget is None:
        return None
    unlimited = _answer(rows, replace(request, budget=None), shapes)
    totals = [i.plan.total for i in unlimited.fitting if i.plan is not None]
    return float(math.ceil(min(totals) / 1e9)) if totals else None


def query_constants() -> dict[str, Any]:
    """What ``query.js`` needs, generated from this module: the browser has no constants of its
    own."""
    return {
        "sorts": list(SORTS),
        "pageSize": PAGE_SIZE,
        "defaultPrecision": DEFAULT_PRECISION,
        "defaultContext": DEFAULT_CONTEXT,
        "cpuParams": CPU_PARAMS,
        "smallerPrecision": SMALLER_PRECISION,
        "shorterContext": SHORTER_CONTEXT,
        "permissive": PERMISSIVE,
        "notStated": NOT_STATED,
        "permissiveLicences": sorted(PERMISSIVE_LICENSES),
    }
