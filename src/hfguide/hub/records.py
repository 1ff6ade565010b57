"""One Hub record: normalised from ``huggingface_hub``'s ``ModelInfo``, then checked.

``model_record`` flattens a ``ModelInfo`` into the record the snapshot stores and fills
library, languages and licence from the record's tags where the card lacks them, following the
Hub's own conventions (library tags such as ``transformers`` or ``timm``, ISO 639-1 language
codes, ``license:...`` tags). Each filled field says where it came from in ``*_source``:
``"hub"`` (the API's own field), ``"card"`` (the model card's metadata) or ``"tags"``.

``record_problem`` and ``task_problem`` check one record or task against the schema a
snapshot may hold (types, ranges, finite numbers, lengths, id shapes, reserved names) and say
what is wrong in a few words, or return ``None``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from typing import Any

#: A repository id as the Hub allows it: ``namespace/name`` of letters, digits, ``-``, ``_``, ``.``.
_ID_PART = r"[A-Za-z0-9_][A-Za-z0-9._-]{0,95}"
REPO_ID = re.compile(rf"{_ID_PART}/{_ID_PART}")
NAMESPACE = re.compile(_ID_PART)
#: A task id is also its page's file name, so it must already be a slug.
TASK_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_TASK_ID = 64
#: Page names the generated task pages may not take (``models/index.md`` is the Models index).
RESERVED_SLUGS = frozenset({"index"})
TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z)?")
MAX_COUNT = 10**13  # downloads or likes: far above any real model
MAX_PARAMETERS = 10**14

#: Library tags the Hub uses (``huggingface.js`` ``model-libraries.ts``), most specific first:
#: a sentence-transformers or GGUF repository is often tagged ``transformers`` as well.
LIBRARY_TAGS: tuple[str, ...] = (
    "sentence-transformers",
    "setfit",
    "peft",
    "adapter-transformers",
    "span-marker",
    "gliner",
    "diffusers",
    "timm",
    "open_clip",
    "mlx",
    "gguf",
    "ctranslate2",
    "transformers.js",
    "ml-agents",
    "stable-baselines3",
    "sample-factory",
    "fastai",
    "flair",
    "spacy",
    "speechbrain",
    "pyannote-audio",
    "nemo",
    "espnet",
    "paddlenlp",
    "ultralytics",
    "keras",
    "tf-keras",
    "transformers",
)

#: ISO 639-1 two-letter language codes, the form the Hub's language tags take.
ISO_639_1 = frozenset(
    """aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv
    cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht
    hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la
    lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj
    om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv
    sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh
    zu""".split()
)

SOURCES = frozenset({"hub", "card", "tags"})


def now_iso() -> str:
    """The current UTC time to the second, as ``2026-01-31T12:00:00Z``."""
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _iso(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value


def _strings(value: Any) -> Any:
    """A card field that may be one string or a list of them, as a list; odd values unchanged."""
    if value is None:
        return None
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [v for v in value if v is not None] or None
    return value


def library_from_tags(tags: list[str]) -> str | None:
    """The first library of ``LIBRARY_TAGS`` (in its order) that ``tags`` names, if any."""
    present = set(tags)
    return next((lib for lib in LIBRARY_TAGS if lib in present), None)


def languages_from_tags(tags: list[str]) -> list[str]:
    """The ISO 639-1 language codes among ``tags``, once each, in their order."""
    return list(dict.fromkeys(t for t in tags if t in ISO_639_1))


def license_from_tags(tags: list[str]) -> str | None:
    """The ``license:`` tags' values, joined with commas; ``None`` when there are none."""
    found = [t.split(":", 1)[1] for t in tags if t.startswith("license:") and len(t) > 8]
    return ", ".join(dict.fromkeys(found)) or None


def _filled(record: dict[str, Any], name: str, own: Any, own_source: str, from_tags: Any) -> None:
    if own:
        record[name], record[f"{name}_source"] = own, own_source
    elif from_tags:
        record[name], record[f"{name}_source"] = from_tags, "tags"


def model_record(info: Any, read_at: str) -> dict[str, Any]:
    """Turn a ``huggingface_hub`` ``ModelInfo`` into the flat record the snapshot stores.

    Fields the Hub did not send stay absent (they are not zero); values of the wrong type are
    kept as they came, for ``record_problem`` to reject. ``read_at`` is when the numbers
    were read: the replay Hub reports the original recording date as ``_recorded_at``.
    """
    model_id = getattr(info, "id", None)
    card = getattr(info, "card_data", None)
    tags = getattr(info, "tags", None)
    string_tags = [t for t in tags if isinstance(t, str)] if isinstance(tags, list) else []
    safetensors = getattr(info, "safetensors", None)
    author = getattr(info, "author", None)
    if author is None and isinstance(model_id, str) and "/" in model_id:
        author = model_id.split("/")[0]
    record: dict[str, Any] = {
        "id": model_id,
        "author": author,
        "downloads": getattr(info, "downloads", None),
        "likes": getattr(info, "likes", None),
        "trending_score": getattr(info, "trending_score", None),
        "pipeline_tag": getattr(info, "pipeline_tag", None),
        "tags": tags or None,
        "created_at": _iso(getattr(info, "created_at", None)),
        "last_modified": _iso(getattr(info, "last_modified", None)),
        "parameters": getattr(safetensors, "total", None) if safetensors is not None else None,
        "read_at": getattr(info, "_recorded_at", None) or read_at,
    }
    record = {k: v for k, v in record.items() if v is not None}
    card_license = _strings(getattr(card, "license", None) if card is not None else None)
    if isinstance(card_license, list):
        card_license = ", ".join(str(v) for v in card_license) or None
    card_languages = _strings(getattr(card, "language", None) if card is not None else None)
    _filled(
        record,
        "library",
        getattr(info, "library_name", None),
        "hub",
        library_from_tags(string_tags),
    )
    _filled(record, "languages", card_languages, "card", languages_from_tags(string_tags))
    _filled(record, "license", card_license, "card", license_from_tags(string_tags))
    return record


# -- checks ------------------------------------------------------------------------------------


def check_text(max_len: int, pattern: re.Pattern[str] | None = None) -> Callable[[Any], str | None]:
    """A check for text of 1 to ``max_len`` characters, matching ``pattern`` if one is given.

    Returns:
        A function that returns ``None`` for a fitting value, else what is wrong, in a few words.
    """

    def check(value: Any) -> str | None:
        if not isinstance(value, str):
            return "is not text"
        if not value.strip() or len(value) > max_len:
            return f"is empty or longer than {max_len} characters"
        if pattern is not None and not pattern.fullmatch(value):
            return "has characters or a shape the Hub does not allow"
        return None

    return check


def check_whole(low: int, high: int) -> Callable[[Any], str | None]:
    """A check for a whole number from ``low`` to ``high`` (booleans are not numbers).

    Returns:
        A function that returns ``None`` for a fitting value, else what is wrong, in a few words.
    """

    def check(value: Any) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int):
            return "is not a whole number"
        if not low <= value <= high:
            return f"is out of range ({low} to {high:.0e})"
        return None

    return check


def check_finite(limit: float) -> Callable[[Any], str | None]:
    """A check for a finite number no larger than ``limit`` in size.

    Returns:
        A function that returns ``None`` for a fitting value, else what is wrong, in a few words.
    """

    def check(value: Any) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return "is not a number"
        if isinstance(value, float) and not math.isfinite(value):
            return "is not a finite number"
        if abs(value) > limit:
            return "is out of range"
        return None

    return check


def check_text_list(max_items: int, max_len: int) -> Callable[[Any], str | None]:
    """A check for a list of at most ``max_items`` texts of 1 to ``max_len`` characters each.

    Returns:
        A function that returns ``None`` for a fitting value, else what is wrong, in a few words.
    """
    item = check_text(max_len)

    def check(value: Any) -> str | None:
        if not isinstance(value, list) or not value:
            return "is not a list of text"
        if len(value) > max_items:
            return f"has more than {max_items} entries"
        for n, entry in enumerate(value):
            if (problem := item(entry)) is not None:
                return f"entry {n + 1} {problem}"
        return None

    return check


def check_one_of(values: frozenset[str]) -> Callable[[Any], str | None]:
    """A check that a value is one of ``values``.

    Returns:
        A function that returns ``None`` for a fitting value, else what is wrong, in a few words.
    """

    def check(value: Any) -> str | None:
        return None if value in values else f"is not one of {', '.join(sorted(values))}"

    return check


def optional(check: Callable[[Any], str | None]) -> Callable[[Any], str | None]:
    """``check``, with ``None`` (a value the source lacks) allowed."""
    return lambda value: None if value is None else check(value)


def check_bool(value: Any) -> str | None:
    """``None`` if ``value`` is ``True`` or ``False``, else what is wrong, in a few words."""
    return None if isinstance(value, bool) else "is not true or false"


RECORD_FIELDS: dict[str, Callable[[Any], str | None]] = {
    "id": check_text(193, REPO_ID),
    "author": check_text(96, NAMESPACE),
    "downloads": check_whole(0, MAX_COUNT),
    "likes": check_whole(0, MAX_COUNT),
    "trending_score": check_finite(1e9),
    "pipeline_tag": check_text(MAX_TASK_ID, TASK_ID),
    "library": check_text(100),
    "library_source": check_one_of(SOURCES),
    "tags": check_text_list(1000, 200),
    "created_at": check_text(40, TIMESTAMP),
    "last_modified": check_text(40, TIMESTAMP),
    "parameters": check_whole(1, MAX_PARAMETERS),
    "license": check_text(200),
    "license_source": check_one_of(SOURCES),
    "languages": check_text_list(1000, 100),
    "languages_source": check_one_of(SOURCES),
    "read_at": check_text(40, TIMESTAMP),
}
REQUIRED_RECORD_FIELDS = ("id", "read_at")


def record_problem(record: Any) -> str | None:
    """What makes ``record`` unfit for a snapshot, in a few words; ``None`` if it is fine."""
    if not isinstance(record, dict):
        return "is not an object"
    for name in REQUIRED_RECORD_FIELDS:
        if name not in record:
            return f"has no {name}"
    return fields_problem(record, RECORD_FIELDS)


def fields_problem(
    value: dict[Any, Any], checks: dict[str, Callable[[Any], str | None]]
) -> str | None:
    """The first field of ``value`` that ``checks`` has no check for or whose check fails.

    Args:
        value: A record or task, as a dict.
        checks: Field names mapped to checks that return ``None`` or a problem.

    Returns:
        The field's name and its problem (``"downloads is not a whole number"``), or ``None``.
    """
    for name, field_value in value.items():
        check = checks.get(name)
        if check is None:
            return f"has an unknown field {str(name)[:40]!r}"
        if (problem := check(field_value)) is not None:
            return f"{name} {problem}"
    return None


def _described_list(max_items: int) -> Callable[[Any], str | None]:
    """Example models, data sets or metrics of a task: objects of short text values."""

    def check(value: Any) -> str | None:
        if not isinstance(value, list) or len(value) > max_items:
            return f"is not a list of at most {max_items} entries"
        for n, entry in enumerate(value):
            if not isinstance(entry, dict) or not all(
                isinstance(k, str) and isinstance(v, str) and len(v) <= 2000
                for k, v in entry.items()
            ):
                return f"entry {n + 1} is not an object of short texts"
        return None

    return check


TASK_FIELDS: dict[str, Callable[[Any], str | None]] = {
    "id": check_text(MAX_TASK_ID, TASK_ID),
    "label": check_text(10_000),  # pages cut long labels; this only stops absurd ones
    "summary": lambda v: None if isinstance(v, str) and len(v) <= 5000 else "is not short text",
    "libraries": lambda v: None if v == [] else check_text_list(200, 100)(v),
    "models": _described_list(100),
    "datasets": _described_list(100),
    "metrics": _described_list(100),
    "isPlaceholder": check_bool,
    "canonicalId": check_text(MAX_TASK_ID, TASK_ID),
}


def task_problem(task_id: Any, task: Any) -> str | None:
    """What makes a task unfit for a snapshot (its id is also a page name); ``None`` if fine."""
    if (problem := TASK_FIELDS["id"](task_id)) is not None:
        return f"id {problem}"
    if task_id in RESERVED_SLUGS:
        return f"id {task_id!r} is a name the site reserves"
    if not isinstance(task, dict):
        return "is not an object"
    if task.get("id", task_id) != task_id:
        return "names a different id inside"
    return fields_problem(task, TASK_FIELDS)
