"""One Hub model record as the snapshot stores it, flattened from the ``/api/models`` item the
Hub sent.

The items are read as the Hub sent them (``HubClient.list_pages``), not parsed into
``huggingface_hub``'s ``ModelInfo``, which raises on one record it cannot parse (a date that is a
word, a record without ``id``, ``safetensors`` as text) and so would fail every other record of
the answer. ``model_record`` flattens one item into a [`HubRecord`][HubRecord] and fills
library, languages and licence from the record's tags where the card lacks them, following the
Hub's own conventions (library tags such as ``transformers`` or ``timm``, ISO 639-1 language
codes, ``license:...`` tags). Each filled field says where it came from in ``*_source``:
``"hub"`` (the API's own field), ``"card"`` (the model card's metadata) or ``"tags"``.
The checks a record must pass are in ``hfguide.data.hub_models.check``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Literal, TypedDict

from hfguide.core.dates import iso

#: A repository id as the Hub allows it: ``namespace/name`` of letters, digits, ``-``, ``_``, ``.``.
_ID_PART = r"[A-Za-z0-9_][A-Za-z0-9._-]{0,95}"
REPO_ID = re.compile(rf"{_ID_PART}/{_ID_PART}")
NAMESPACE = re.compile(_ID_PART)
#: A task id is also its page's file name, so it must already be a slug.
TASK_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_TASK_ID = 64
#: Page names the generated task pages may not take (``models/index.md`` is the Models index).
RESERVED_SLUGS = frozenset({"index"})
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
#: What the Hub's ``gated`` field says of a gated repository: access is granted automatically or
#: by its authors (``False`` for a repository anyone may download).
GATED_MODES = frozenset({"auto", "manual"})


Source = Literal["hub", "card", "tags"]


class HubRecord(TypedDict, total=False):
    """A model as the Hub snapshot keeps it. Only ``id`` and ``read_at`` are always there: a field
    the Hub did not send is absent, not zero."""

    id: str
    author: str
    downloads: int
    likes: int
    trending_score: float
    pipeline_tag: str
    tags: list[str]
    created_at: str
    last_modified: str
    parameters: int
    read_at: str  #: when the numbers were read
    library: str
    library_source: Source
    languages: list[str]
    languages_source: Source
    license: str
    license_source: Source
    #: ``"auto"`` or ``"manual"``: the files need an account that asked for access (approved
    #: automatically or by the authors); ``False``: not gated; absent: the Hub did not say.
    gated: str | bool


#: A task of ``/api/tasks`` as the snapshot keeps it (id, label, summary, libraries, examples).
Task = dict[str, Any]


def _strings(value: Any) -> Any:
    """A card field that may be one string or a list of them, as a list; odd values unchanged."""
    if value is None:
        return None
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [v for v in value if v is not None] or None
    return value


def once_each(values: Any) -> Any:
    """A list with each value kept once, in its first place (cards list a code several times
    when they map several dialects to it: ``qu`` 22 times for Quechua's); odd values unchanged,
    for the checks to reject."""
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        return values
    return list(dict.fromkeys(values))


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


class UnreadableRecord(ValueError):
    """An ``/api/models`` item that cannot be flattened at all (not an object, or a part that
    must be an object is not); the message says what, in a few words."""


#: A time as the Hub writes it: ``2024-01-02T03:04:05.678Z`` (fraction and zone optional).
_HUB_TIME = re.compile(
    r"(?P<base>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.\d{1,9})?(?P<zone>Z|[+-]\d{2}:\d{2})?"
)


def hub_time(value: Any) -> Any:
    """A Hub timestamp as the snapshot stores it (UTC, to the second); anything that is not a
    real time in the Hub's form is returned as it came, for the checks to reject."""
    if not isinstance(value, str) or not (match := _HUB_TIME.fullmatch(value)):
        return value
    zone = match["zone"] or "Z"
    try:
        when = dt.datetime.fromisoformat(match["base"] + ("+00:00" if zone == "Z" else zone))
    except ValueError:  # 2024-13-45T...: the shape of a time, but none
        return value
    return iso(when)


def model_record(item: Any, read_at: str) -> HubRecord:
    """Turn one ``/api/models`` item, as the Hub sent it, into the flat record the snapshot
    stores.

    Fields the Hub did not send stay absent (they are not zero); values of the wrong type are
    kept as they came, for ``record_problem`` to reject. ``read_at`` is when the numbers
    were read: the replay Hub reports the original recording date as ``_recorded_at``.

    Raises:
        UnreadableRecord: The item is not an object, or its ``cardData`` or ``safetensors`` is
            not one.
    """
    if not isinstance(item, dict):
        raise UnreadableRecord("is not an object")
    card = item.get("cardData")
    if card is not None and not isinstance(card, dict):
        raise UnreadableRecord("cardData is not an object")
    safetensors = item.get("safetensors")
    if safetensors is not None and not isinstance(safetensors, dict):
        raise UnreadableRecord("safetensors is not an object")
    model_id = item.get("id")
    tags = item.get("tags")
    string_tags = [t for t in tags if isinstance(t, str)] if isinstance(tags, list) else []
    author = item.get("author")
    if author is None and isinstance(model_id, str) and "/" in model_id:
        author = model_id.split("/")[0]
    record: dict[str, Any] = {
        "id": model_id,
        "author": author,
        "downloads": item.get("downloads"),
        "likes": item.get("likes"),
        "trending_score": item.get("trendingScore"),
        "pipeline_tag": item.get("pipeline_tag"),
        "tags": tags or None,
        "created_at": hub_time(item.get("createdAt")),
        "last_modified": hub_time(item.get("lastModified")),
        "parameters": safetensors.get("total") if safetensors is not None else None,
        "gated": item.get("gated"),
        "read_at": item.get("_recorded_at") or read_at,
    }
    record = {k: v for k, v in record.items() if v is not None}
    card_license = _strings(card.get("license") if card is not None else None)
    if isinstance(card_license, list):
        card_license = ", ".join(str(v) for v in card_license) or None
    card_languages = once_each(_strings(card.get("language") if card is not None else None))
    _filled(
        record,
        "library",
        item.get("library_name"),
        "hub",
        library_from_tags(string_tags),
    )
    _filled(record, "languages", card_languages, "card", languages_from_tags(string_tags))
    _filled(record, "license", card_license, "card", license_from_tags(string_tags))
    return record


def gated_of(record: HubRecord) -> bool | None:
    """Whether a record's files need access: ``None`` when the record does not say (records
    read before the refresh asked for the field, or a Hub that did not send it)."""
    if "gated" not in record:
        return None
    return record["gated"] in GATED_MODES


def base_model_of(record: HubRecord) -> str | None:
    """The base model a Hub record declares (its ``base_model:ORG/NAME`` tag), if any."""
    for tag in record.get("tags") or []:
        if tag.startswith("base_model:") and tag.count(":") == 1:
            return tag.removeprefix("base_model:")
    return None
