"""The Hub's ``/api/models`` semantics: filters, sort orders, field selection and cursor pages."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Iterable
from typing import Any

DEFAULT_FIELDS = (
    "id",
    "likes",
    "trendingScore",
    "private",
    "downloads",
    "tags",
    "pipeline_tag",
    "library_name",
    "createdAt",
)
SORT_FIELDS = {
    "downloads": "downloads",
    "likes": "likes",
    "trendingScore": "trendingScore",
    "trending_score": "trendingScore",
    "lastModified": "lastModified",
    "last_modified": "lastModified",
    "createdAt": "createdAt",
    "created_at": "createdAt",
    "id": "id",
}
MAX_PAGE = 1000


def select_fields(record: dict[str, Any], params: dict[str, list[str]]) -> dict[str, Any]:
    """The fields of ``record`` a request asked for (``expand``, ``full`` or the default set)."""
    expand = params.get("expand", []) + params.get("expand[]", [])
    if params.get("full", [""])[0].lower() in {"1", "true"}:
        chosen = None
    elif expand:
        chosen = ("id", *expand)
    else:
        chosen = DEFAULT_FIELDS + (("cardData",) if params.get("cardData") else ())
    if chosen is None:
        out = dict(record)
    else:
        out = {k: record[k] for k in chosen if k in record}
    if "_recorded_at" in record:
        out["_recorded_at"] = record["_recorded_at"]
    out.pop("_source", None)
    out["_id"] = hashlib.sha1(str(record.get("id")).encode()).hexdigest()[:24]
    if not expand:
        out["modelId"] = record.get("id")
    return out


def _sort_key(field: str):
    # Mixed types (a hostile record set) must not break sorting: numbers, then text, by value.
    def key(record: dict[str, Any]) -> tuple[Any, ...]:
        value = record[field]
        if isinstance(value, int | float) and not isinstance(value, bool):
            return (0, value, "", str(record.get("id")))
        return (1, 0, str(value), str(record.get("id")))

    return key


def query_models(
    records: Iterable[dict[str, Any]], params: dict[str, list[str]]
) -> list[dict[str, Any]]:
    """Filter and order records as ``/api/models`` does (before paging and field selection)."""

    def one(name: str) -> str | None:
        values = params.get(name)
        return values[0] if values else None

    selected = list(records)
    if (search := one("search")) is not None:
        needle = search.lower()
        selected = [r for r in selected if needle in str(r.get("id")).lower()]
    if (author := one("author")) is not None:
        selected = [
            r for r in selected if (r.get("author") or str(r.get("id")).split("/")[0]) == author
        ]
    if (task := one("pipeline_tag")) is not None:
        selected = [r for r in selected if r.get("pipeline_tag") == task]
    for tag in params.get("filter", []):
        selected = [
            r
            for r in selected
            if tag in (r.get("tags") or []) or tag in (r.get("pipeline_tag"), r.get("library_name"))
        ]
    sort = one("sort")
    if sort is not None:
        if sort not in SORT_FIELDS:
            raise ValueError(f"invalid sort {sort!r}")
        field = SORT_FIELDS[sort]
        descending = (one("direction") or "-1") != "1"
        # Records lacking the field go last whichever way the list is ordered.
        present = [r for r in selected if r.get(field) is not None]
        absent = sorted(
            (r for r in selected if r.get(field) is None), key=lambda r: str(r.get("id"))
        )
        present.sort(key=_sort_key(field), reverse=descending)
        selected = present + absent
    return selected


def page_size(params: dict[str, list[str]], largest: int) -> int:
    """The ``limit`` of a request, clamped to 1..``largest``; ``ValueError`` if not a number."""
    text = params.get("limit", [str(largest)])[0]
    try:
        return max(1, min(int(text), largest))
    except ValueError:
        raise ValueError(f"invalid limit {text[:40]!r}") from None


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"offset": offset}).encode()).decode()


def decode_cursor(cursor: str) -> int:
    """The offset a cursor stands for; ``ValueError`` for anything but one we made."""
    try:
        offset = json.loads(base64.urlsafe_b64decode(cursor.encode()))["offset"]
    except (ValueError, KeyError, TypeError, binascii.Error):
        offset = None
    if not isinstance(offset, int) or isinstance(offset, bool) or not 0 <= offset <= 10**9:
        raise ValueError(f"invalid cursor {cursor[:40]!r}")
    return offset
