"""The site search, tuned for readers' words: the theme's client-side lunr index, rewritten after
the build so that both spellings of a word find a page and the API reference stays out of the way.

The theme (mkdocs-material) searches as you type: each word gets a trailing wildcard, which turns
off lunr's stemmer, so ``licence`` never finds ``license`` and ``quantization`` never finds
``quantised``. [`tune_index`][tune_index] gives every indexed section two extra fields, declared
in ``mkdocs.yml`` under ``plugins: search: fields:``, that hold its words in their other
spellings (British and American) and forms ([`FAMILIES`][FAMILIES]): ``spelling_title`` with the
title's weight and ``spelling_text`` with the text's. The theme indexes every field it is told
of but shows only the title and the text, so the reader sees the page's own words.

The API reference pages are written with a low search boost (``reference.SEARCH_BOOST``);
here their section titles lose the values of constants (``MANIFEST = (ModelEntry(...``), which
put every model name of the package into one title.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

#: Words that take -ise in British and -ize in American English, by their beginning: each makes
#: a family of forms (``quantise``, ``quantised``, …, ``quantization``) that find one another.
IZE_WORDS = (
    "quant", "dequant", "token", "detoken", "normal", "optim", "summar", "recogn", "organ",
    "serial", "initial", "visual", "special", "custom", "minim", "maxim", "priorit", "categor",
    "standard", "util",
)  # fmt: skip
_IZE_ENDINGS = ("e", "ed", "es", "ing", "ation", "ations", "er", "ers")

#: Other families of words a reader may type in either spelling, or in another form of the word
#: (the theme's search matches the start of a word, not its stem).
FAMILIES: tuple[tuple[str, ...], ...] = (
    ("licence", "licences", "licenced", "license", "licenses", "licensed", "licensing"),
    ("analyse", "analysed", "analysing", "analyze", "analyzed", "analyzes", "analyzing"),
    ("colour", "colours", "color", "colors"),
    ("behaviour", "behaviours", "behavior", "behaviors"),
    ("favour", "favours", "favourite", "favor", "favors", "favorite"),
    ("neighbour", "neighbours", "neighbor", "neighbors"),
    ("centre", "centres", "center", "centers"),
    ("catalogue", "catalogues", "catalog", "catalogs"),
    ("artefact", "artefacts", "artifact", "artifacts"),
    ("modelling", "modeling"),
    ("labelled", "labeled"),
    ("labelling", "labeling"),
    ("cancelled", "canceled"),
    *(
        tuple(f"{start}{s}{end}" for s in ("is", "iz") for end in _IZE_ENDINGS)
        for start in IZE_WORDS
    ),
)
_FAMILY = {word: family for family in FAMILIES for word in family}

#: Extra index fields: the other spellings of a section's title and text words, with the same
#: weights as the theme gives the title and the text (``mkdocs.yml`` declares them).
FIELDS = {"title": "spelling_title", "text": "spelling_text"}

#: Where the API reference lives in the site.
REFERENCE = "reference/"

_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"[A-Za-z]+")
# The heading of a module constant shows its value: ``<code>NAME = value</code>``.
_CONSTANT_VALUE = re.compile(r"<code>([\w.]+) = .*?</code>", re.DOTALL)


def relatives(word: str) -> tuple[str, ...]:
    """The other words of ``word``'s family, lower case; none for a word outside the families.

    >>> relatives("quantised")[-1], "license" in relatives("Licence"), relatives("model")
    ('quantizers', True, ())
    """
    lower = word.lower()
    return tuple(other for other in _FAMILY.get(lower, ()) if other != lower)


def alternatives(html: str) -> str:
    """The relatives of the words of an index field (HTML), once per occurrence of the word, so
    that a word typed in another spelling weighs what the page's own word weighs."""
    text = _TAG.sub(" ", html)
    return " ".join(other for word in _WORD.findall(text) for other in relatives(word))


def tune_index(index: dict[str, Any]) -> dict[str, Any]:
    """The theme's search index (``search/search_index.json``, parsed) with the spelling fields
    filled and the values of constants cut from the reference's section titles.

    Args:
        index: ``{"config": ..., "docs": [{"location", "title", "text", ...}, ...]}``.

    Returns:
        ``index``, changed in place.

    Raises:
        ValueError: The search configuration does not declare the spelling fields.
    """
    declared = index["config"].get("fields", {})
    missing = [field for field in FIELDS.values() if field not in declared]
    if missing:
        raise ValueError(
            f"mkdocs.yml: plugins: search: fields: needs {', '.join(missing)} for both spellings"
        )
    for doc in index["docs"]:
        if doc["location"].startswith(REFERENCE):
            doc["title"] = _CONSTANT_VALUE.sub(r"<code>\1</code>", doc["title"])
        for source, field in FIELDS.items():
            words = alternatives(doc.get(source, ""))
            if words:
                doc[field] = words
            else:
                doc.pop(field, None)
    return index


def tune_site(site_dir: Path) -> None:
    """Rewrite the built site's search index with [`tune_index`][tune_index]."""
    path = Path(site_dir) / "search" / "search_index.json"
    index = tune_index(json.loads(path.read_text(encoding="utf-8")))
    path.write_text(json.dumps(index, separators=(",", ":")), encoding="utf-8")
