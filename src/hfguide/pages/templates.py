"""The one Jinja2 environment every generated page, table and widget is rendered with.

Autoescaping is on for every template, and every ``{{ value }}`` goes through
`hfguide.pages.escape.html_text` (clean, one line, capped, HTML-escaped) unless it is
``Markup`` that we built: a macro's output, or a value passed through one of the filters

* ``md`` - Hub text in Markdown context (`hfguide.pages.escape.md_text`);
* ``yaml`` - a front matter scalar (`hfguide.pages.escape.yaml_str`);
* ``json`` - JSON inside a ``<script type="application/json">``
  (`hfguide.pages.escape.json_for_html`); ``json_attribute`` - JSON in a quoted attribute;
* ``count`` / ``params`` / ``number`` - number formatting (`hfguide.pages.formats`).

``|safe`` is the visible exception, used only on HTML rendered by these templates.
Undefined names are errors (``StrictUndefined``).

``*.html`` templates are fragments that land inside Markdown, where a blank line would end a raw
HTML block, so they are written over several lines for reading and joined into one when loaded:
a line break next to a tag (``>`` before it, ``<`` or ``{%`` after it) disappears, any other
becomes one space.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from hfguide.core.settings import PUBLIC_HUB
from hfguide.pages import escape, formats

# A cell's end and the next cell keep a space between them: the site search reads a table's
# text with its tags taken out, and "TaskModality" finds neither word.
_BREAK_AFTER_CELL = re.compile(r"(</t[dh]>|</caption>)[ \t]*\n\s*(?=<)")
_BREAK_AT_TAG = re.compile(r"(?<=>)[ \t]*\n\s*|[ \t]*\n\s*(?=<|\{%|\{#)|(?<=%\}|#\})[ \t]*\n\s*")
_BREAK = re.compile(r"[ \t]*\n\s*")


class _Loader(PackageLoader):
    def get_source(self, environment: Environment, template: str) -> tuple[str, Any, Any]:
        source, filename, uptodate = super().get_source(environment, template)
        if template.endswith(".html"):
            source = _BREAK_AFTER_CELL.sub(r"\1 ", source)
            source = _BREAK.sub(" ", _BREAK_AT_TAG.sub("", source)).strip()
        return source, filename, uptodate


@dataclass(frozen=True)
class Option:
    """One ``<option>`` of a choice list (rendered by the ``options`` macro)."""

    value: str
    label: str
    count: int | None = None
    selected: bool = False


def _join(values: Any, separator: str = "") -> Markup:
    """``join`` that escapes each item the way output is escaped (Markup passes as it is)."""
    return Markup(separator).join(_finalize(v) for v in values)


def _md_cell(value: Any) -> Markup:
    """A Markdown table cell: Hub text escaped for Markdown, HTML we built as it is."""
    return value if isinstance(value, Markup) else escape.md_text(value)


def hub_model_url(model_id: str) -> str:
    """A model's page on the public Hub; the id is cleaned and percent-encoded."""
    return f"{PUBLIC_HUB}/{quote(escape.plain(model_id), safe='/')}"


def _finalize(value: Any) -> Any:
    return value if isinstance(value, Markup) else escape.html_text(value)


@cache
def environment() -> Environment:
    env = Environment(
        loader=_Loader("hfguide.pages", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        md=escape.md_text,
        yaml=escape.yaml_str,
        json=escape.json_for_html,
        json_attribute=escape.json_attribute,
        count=formats.human_count,
        params=formats.human_params,
        number=formats.fixed,
        grouped="{:,}".format,
        sort_key=formats.sort_key,
        join=_join,
        md_cell=_md_cell,
        hub_model_url=hub_model_url,
    )
    env.globals["option"] = Option
    return env


def render(name: str, **context: Any) -> str:
    """The template ``name`` rendered with ``context``."""
    return environment().get_template(name).render(**context)


def macro(name: str, template: str = "macros.html") -> Any:
    """A macro of a template, callable from Python (returns ``Markup``)."""
    return getattr(environment().get_template(template).module, name)
