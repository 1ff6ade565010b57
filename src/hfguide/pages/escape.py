"""The one way a Hub string or number enters a page.

Hub data is hostile input: anyone can publish a model id, label or licence. Every string that
reaches a page goes through `plain` (control and direction-override characters replaced,
white space collapsed to single spaces, cut at `MAX_TEXT` characters with an ellipsis),
then one of

* `html_text` for HTML element content and quoted attributes (what the page templates'
  autoescaping applies to every ``{{ value }}``);
* `md_text` for Markdown (tables, headings, admonitions): HTML-escaped *and* every
  character Markdown or the site's extensions give a meaning to written as a numeric entity,
  so ``|`` cannot split a table row and `` ` ``, ``*``, ``[x](javascript:...)`` or ``{: ...}``
  show as the literal text;
* `yaml_str` for front matter.

Collapsing line breaks matters as much as escaping: a blank line inside a raw HTML block would
end it and hand the rest of the string to Markdown, and a line starting with ``--8<--`` would be
a snippet include.

Numbers reach JSON through `finite` (NaN and infinities become ``null``) and are written
with ``allow_nan=False``; `json_for_html` keeps JSON inert inside ``<script>``.
"""

from __future__ import annotations

import html
import json
import math
import re
import unicodedata
from typing import Any

from markupsafe import Markup

#: Longest Hub string a page shows, in characters; longer ones end in an ellipsis. The longest
#: real value (a task summary) has under 500 characters.
MAX_TEXT = 1000
ELLIPSIS = "…"

_INVISIBLE = {"Cc", "Cf", "Cs", "Co", "Cn"}
_SPACE = re.compile(r"\s+")
#: Characters with a meaning inside a line of Markdown or of the site's extensions (escapes, inline
#: code, emphasis, links, table cells, attr_list, headings), written as entities in Markdown text.
#: Line-start syntax (lists, ``--8<--``) cannot occur: `plain` leaves no line breaks.
_MARKDOWN_SIGNIFICANT = re.compile(r"[\\`*_{}\[\]|~#]")


def clean(value: Any) -> str:
    """Text with control, format (e.g. bidi override) and unassigned characters replaced."""
    text = unicodedata.normalize("NFC", str(value))
    return "".join(
        "\N{REPLACEMENT CHARACTER}"
        if unicodedata.category(ch) in _INVISIBLE and ch not in "\t\n\r"
        else ch
        for ch in text
    )


def plain(value: Any, limit: int = MAX_TEXT) -> str:
    """One line of clean text of at most ``limit`` characters (an ellipsis marks a cut)."""
    text = _SPACE.sub(" ", clean(value)).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + ELLIPSIS


def html_text(value: Any, limit: int = MAX_TEXT) -> Markup:
    """Text safe in HTML element content and in quoted attribute values."""
    return Markup(html.escape(plain(value, limit), quote=True))


def md_text(value: Any, limit: int = MAX_TEXT) -> Markup:
    """Text safe anywhere in Markdown, including inside raw HTML and table cells."""
    escaped = html.escape(plain(value, limit), quote=True)
    return Markup(_MARKDOWN_SIGNIFICANT.sub(lambda m: f"&#{ord(m.group(0))};", escaped))


def yaml_str(value: Any, limit: int = MAX_TEXT) -> Markup:
    """A YAML scalar for front matter. Themes print these values into HTML unescaped, so the
    text is HTML-escaped first (a JSON string is a valid YAML scalar)."""
    return Markup(json.dumps(str(html_text(value, limit)), ensure_ascii=True))


def finite(value: Any) -> Any:
    """``value`` with every NaN or infinite float (in lists and dicts too) replaced by None."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(v) for v in value]
    return value


def json_for_html(value: Any) -> Markup:
    """JSON that can sit inside ``<script type="application/json">`` (or be served as a data
    file) without ending it or starting a comment, and that holds no NaN or Infinity."""
    text = json.dumps(finite(value), ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return Markup(
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def json_attribute(value: Any) -> Markup:
    """JSON for a quoted HTML attribute (``data-...``), read back with ``JSON.parse``: the
    attribute's quotes and ``&`` are written as entities."""
    text = json.dumps(finite(value), ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return Markup(html.escape(text, quote=True))
