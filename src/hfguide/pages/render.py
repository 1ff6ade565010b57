"""Turn Hub data into the Markdown/HTML of the generated pages.

Every string that comes from the Hub (ids, authors, tags, licences, summaries) is treated as
hostile: it is cleaned of control and direction-override characters, HTML-escaped, and only
ever placed inside raw HTML blocks or ``href`` values we build ourselves, so ``|``, backticks,
``<script>``, ``](javascript:...)`` and entities all show up as the literal text they are.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any
from urllib.parse import quote

from hfguide.data.licenses import PERMISSIVE_LICENSES
from hfguide.data.snapshot import HubData
from hfguide.hub.client import PUBLIC_HUB, ModelQuery
from hfguide.pages.tasks import MODALITIES, modality_of, task_slug

SORT_TABS = (
    ("downloads", "Most downloaded"),
    ("likes", "Most liked"),
    ("trending_score", "Trending"),
)
SORT_FIELD = {"downloads": "downloads", "likes": "likes", "trending_score": "trending_score"}
_INVISIBLE = {"Cc", "Cf", "Cs", "Co", "Cn"}


def clean(value: Any) -> str:
    """Text with control, format (e.g. bidi override) and unassigned characters replaced."""
    text = unicodedata.normalize("NFC", str(value))
    return "".join(
        "\N{REPLACEMENT CHARACTER}"
        if unicodedata.category(ch) in _INVISIBLE and ch not in "\t\n"
        else ch
        for ch in text
    )


def esc(value: Any) -> str:
    """Cleaned, HTML-escaped text, safe in element content and in quoted attributes."""
    return html.escape(clean(value), quote=True)


_MD_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")


def md_inline(value: Any) -> str:
    """Escaped text for a Markdown line (a heading): HTML-escaped and Markdown-escaped."""
    return _MD_SPECIALS.sub(r"\\\1", html.escape(clean(value), quote=False))


def front_matter(
    title: str, description: str, *, hide_toc: bool = False, hide_nav: bool = False
) -> str:
    """YAML front matter. Themes print these values into HTML unescaped, so escape them here
    (JSON strings are valid YAML scalars). Wide tables read better without the right-hand toc."""
    return (
        f"---\ntitle: {json.dumps(esc(title), ensure_ascii=True)}\n"
        f"description: {json.dumps(esc(description), ensure_ascii=True)}\n"
        + ("hide:\n" if hide_toc or hide_nav else "")
        + ("  - toc\n" if hide_toc else "")
        + ("  - navigation\n" if hide_nav else "")
        + "---\n\n"
    )


def json_for_html(value: Any) -> str:
    """JSON that can sit inside ``<script type="application/json">`` without ending it."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def hub_model_url(model_id: str) -> str:
    return f"{PUBLIC_HUB}/{quote(clean(model_id), safe='/')}"


def human_count(n: float | None) -> str:
    """1234567 → '1.2M'; None → '—'."""
    if n is None:
        return "—"
    n = float(n)
    for limit, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(n) >= limit:
            value = n / limit
            return (
                f"{value:.0f}{suffix}"
                if value >= 100
                else f"{value:.1f}{suffix}".replace(".0" + suffix, suffix)
            )
    return f"{n:.0f}"


def human_params(n: float | None) -> str:
    """Parameter counts as people say them: 22.7M, 7.2B, 1.1T."""
    return "—" if n is None else human_count(n)


def _num_cell(value: Any, shown: str, title: str = "") -> str:
    sort = -1 if value is None else value
    attr = f' title="{esc(title)}"' if title else ""
    return f'<td data-sort="{esc(sort)}"{attr}>{esc(shown)}</td>'


def _languages(langs: Sequence[str] | None) -> str:
    if not langs:
        return '<td data-sort="">—</td>'
    shown = ", ".join(langs[:3]) + (f" +{len(langs) - 3}" if len(langs) > 3 else "")
    return f'<td title="{esc(", ".join(langs))}">{esc(shown)}</td>'


PERMISSIVE = "__permissive__"
NOT_STATED = "__none__"


def options_by_count(
    values: Iterable[str],
    *,
    value_of: Callable[[str], str] = str,
    label_of: Callable[[str], str] = str,
) -> str:
    """``<option>``s for the distinct values, each with its count, the most frequent first."""
    counts = Counter(values)
    ordered = sorted(counts, key=lambda v: (-counts[v], v))
    return "".join(
        f'<option value="{esc(value_of(v))}">{esc(label_of(v))} ({counts[v]:,})</option>'
        for v in ordered
    )


def _table_filters(records: Sequence[dict[str, Any]], table_id: str) -> str:
    licences = [r.get("license") for r in records]
    permissive = sum(1 for lic in licences if lic in PERMISSIVE_LICENSES)
    unstated = sum(1 for lic in licences if not lic)
    licence_options = (
        f'<option value="">any</option><option value="{PERMISSIVE}">permissive: commercial use ({permissive})</option>'
        + options_by_count(lic for lic in licences if lic)
        + (f'<option value="{NOT_STATED}">not stated ({unstated})</option>' if unstated else "")
    )
    language_options = '<option value="">any</option>' + options_by_count(
        lang for r in records for lang in (r.get("languages") or [])
    )
    return (
        f'<div class="hfguide-filters" role="group" aria-label="Filter the table">'
        f'<label class="hfguide-filter">Filter <input type="search" placeholder="model, author, library…" '
        f'aria-controls="{esc(table_id)}-table"></label>'
        f'<label>Licence <select data-filter="license" aria-controls="{esc(table_id)}-table">{licence_options}</select></label>'
        f'<label>Language <select data-filter="language" aria-controls="{esc(table_id)}-table">{language_options}</select></label>'
        "</div>"
    )


def _row_data(r: dict[str, Any]) -> str:
    licence = r.get("license") or ""
    languages = " ".join(r.get("languages") or [])
    permissive = ' data-permissive="1"' if licence in PERMISSIVE_LICENSES else ""
    return f' data-license="{esc(licence or NOT_STATED)}" data-languages="{esc(languages)}"{permissive}'


FIRST_ROWS = 10  # rows a model table shows before "Show all"; the rest wait, cheap to lay out


def model_table(records: Iterable[dict[str, Any]], *, table_id: str, caption: str) -> str:
    """A sortable, filterable HTML table of model records (one line per row, no blank lines).

    Past the first ``FIRST_ROWS`` rows are marked ``hfguide-more``: hidden until the reader ticks
    "Show all" (a checkbox, so it works without scripts too) or filters the table."""
    records = list(records)
    head = (
        '<thead><tr><th scope="col">Model</th><th scope="col">Author</th>'
        '<th scope="col" data-sort-method="number" title="Downloads in the 30 days before the record was read">Downloads (30 d)</th>'
        '<th scope="col" data-sort-method="number">Likes</th>'
        '<th scope="col" data-sort-method="number">Parameters</th>'
        '<th scope="col">Licence</th><th scope="col">Library</th><th scope="col">Languages</th>'
        '<th scope="col">Last modified</th></tr></thead>'
    )
    rows = []
    for i, r in enumerate(records):
        read = f"read {str(r.get('read_at', ''))[:10]}"
        modified = (r.get("last_modified") or "")[:10]
        more = ' class="hfguide-more"' if i >= FIRST_ROWS else ""
        rows.append(
            f"<tr{more}{_row_data(r)}>"
            f'<td><a href="{esc(hub_model_url(r["id"]))}">{esc(r["id"])}</a></td>'
            f"<td>{esc(r.get('author') or '—')}</td>"
            + _num_cell(r.get("downloads"), human_count(r.get("downloads")), read)
            + _num_cell(r.get("likes"), human_count(r.get("likes")), read)
            + _num_cell(r.get("parameters"), human_params(r.get("parameters")))
            + f"<td>{esc(r.get('license') or '—')}</td>"
            f"<td>{esc(r.get('library') or '—')}</td>"
            + _languages(r.get("languages"))
            + f'<td data-sort="{esc(modified)}">{esc(modified or "—")}</td>'
            "</tr>"
        )
    body = "".join(rows) or '<tr><td colspan="9">No models in this data.</td></tr>'
    show_all = (
        f'<p class="hfguide-show-all"><label><input type="checkbox" data-role="show-all" '
        f'aria-controls="{esc(table_id)}-table"> Show all {len(records)} models</label></p>'
        if len(records) > FIRST_ROWS
        else ""
    )
    return (
        f'<div class="hfguide-table" id="{esc(table_id)}" data-first-rows="{FIRST_ROWS}">'
        + _table_filters(records, table_id)
        + '<p class="hfguide-count" aria-live="polite"></p>'
        f'<table class="hfguide-models" id="{esc(table_id)}-table"><caption>{esc(caption)}</caption>{head}<tbody>{body}</tbody></table>'
        + show_all
        + "</div>"
    )


def tabs(page_key: str, panels: Sequence[tuple[str, str]]) -> str:
    """Material content tabs (alternate style) as raw HTML, so no Markdown touches the panels."""
    n = len(panels)
    name = f"__tabbed_{page_key}"
    inputs = "".join(
        f'<input {"checked " if i == 0 else ""}id="{name}_{i + 1}" name="{name}" type="radio">'
        for i in range(n)
    )
    labels = "".join(
        f'<label for="{name}_{i + 1}">{esc(title)}</label>' for i, (title, _) in enumerate(panels)
    )
    blocks = "".join(f'<div class="tabbed-block">{content}</div>' for _, content in panels)
    return (
        f'<div class="tabbed-set tabbed-alternate" data-tabs="1:{n}">{inputs}'
        f'<div class="tabbed-labels">{labels}</div><div class="tabbed-content">{blocks}</div></div>'
    )


def data_notice(data: HubData, records: list[dict[str, Any]] | None = None) -> str:
    """The 'data as of' line, plus a warning banner when the pages use the snapshot."""
    dates = data.read_dates(records)
    when = (
        "unknown"
        if dates is None
        else (dates[0] if dates[0] == dates[1] else f"{dates[0]} to {dates[1]}")
    )
    lines = []
    if data.source == "snapshot":
        lines.append(
            '!!! warning "Offline data: committed snapshot"\n'
            f"    These tables come from the snapshot written on {esc(data.created_at[:10])}, not from a "
            f"live Hub query. {esc(data.note)}\n"
        )
    lines.append(
        f'<p class="hfguide-asof">Data as of <strong>{esc(when)}</strong> (the day each record\'s '
        f"numbers were read; downloads count the 30 days before that). Source: "
        f"{'live Hub query at build time' if data.source == 'live' else 'snapshot of Hub queries'}."
        "</p>\n"
    )
    return "\n".join(lines)


def task_models_page(data: HubData, task_id: str) -> str:
    task = data.tasks[task_id]
    label = task.get("label") or task_id
    slug = task_slug(task_id)
    panels = []
    shown: list[dict[str, Any]] = []
    for index, (sort, title) in enumerate(SORT_TABS):
        query = ModelQuery(task=task_id, sort=sort)
        answered = data.results.get(query, [])
        # A list ordered by likes or trend says nothing about records that lack the number.
        records = [r for r in answered if r.get(SORT_FIELD[sort]) is not None]
        shown.extend(records)
        parts = [
            f'<p><a class="md-button" href="{esc(query.hub_url())}">Open this query on the Hub</a></p>'
        ]
        if len(records) < len(answered):
            parts.append(
                f'<p class="hfguide-asof">{len(answered) - len(records)} of the {len(answered)} records '
                f"this query returned have no {SORT_FIELD[sort].replace('_', ' ')} count in this data, "
                "so they are left out of this list.</p>"
            )
        table = model_table(records, table_id=f"{slug}-{sort}", caption=f"{label}: {title.lower()}")
        # Only the first tab's table is in the page as it loads; the others wait in a template
        # (parsed, but not styled or laid out) until the reader opens their tab or the page is idle.
        parts.append(
            table if index == 0 else f'<template class="hfguide-deferred">{table}</template>'
        )
        panels.append((title, "".join(parts)))
    summary = task.get("summary") or "The Hub gives no description for this task yet."
    return (
        front_matter(
            f"{label} models",
            f"Top {label} models on the Hugging Face Hub by downloads, likes and trend.",
            hide_toc=True,
        )
        + f"# {md_inline(label)} models\n\n"
        f'<p class="hfguide-summary">{esc(summary)}</p>\n\n'
        f"{data_notice(data, shown)}\n"
        f"Task id <code>{esc(task_id)}</code> · "
        f"modality: {MODALITIES[modality_of(task_id)]} · back to the [task catalogue](../tasks/index.md).\n\n"
        f"{tabs(slug, panels)}\n\n"
        f"Each table opens on its first {FIRST_ROWS} rows; *Show all* below it lists the rest. Sort "
        "any column by clicking its header (the first rows are then the new top ones); a filter "
        "searches every row. A dash means the Hub record did not include that field.\n"
    )


def _libraries(task: dict[str, Any]) -> str:
    libs = task.get("libraries") or []
    return ", ".join(esc(lib) for lib in libs) or "none listed"


def catalogue_page(data: HubData) -> str:
    by_modality: dict[str, list[str]] = {m: [] for m in MODALITIES}
    for task_id in data.tasks:
        by_modality[modality_of(task_id)].append(task_id)
    sections = []
    for modality, heading in MODALITIES.items():
        ids = sorted(
            by_modality[modality], key=lambda t: str(data.tasks[t].get("label") or t).lower()
        )
        if not ids:
            continue
        cards = []
        for task_id in ids:
            task = data.tasks[task_id]
            label = task.get("label") or task_id
            count = len(data.results.get(ModelQuery(task=task_id, sort="downloads"), []))
            summary = task.get("summary") or "No description on the Hub yet."
            cards.append(
                f'<li><p><strong><a href="../models/{task_slug(task_id)}/">{esc(label)}</a></strong></p>'
                f"<p>{esc(summary)}</p>"
                f"<p><em>Libraries:</em> {_libraries(task)}</p>"
                f'<p><a href="../models/{task_slug(task_id)}/">{count} top models</a> · '
                f'<a href="{esc(ModelQuery(task=task_id).hub_url())}">on the Hub</a></p></li>'
            )
        sections.append(
            f'## {heading}\n\n<div class="grid cards"><ul>{"".join(cards)}</ul></div>\n'
        )
    return (
        front_matter(
            "Task catalogue",
            "Every task on the Hugging Face Hub, grouped by modality, with the libraries that serve it.",
        )
        + "# Task catalogue\n\n"
        f"The Hub sorts models by what they do. These are its {len(data.tasks)} tasks, grouped by "
        "the kind of input and output they handle. Pick the one that matches your problem, then "
        "open its model table. Not sure which it is? The guide's [first step](../guide/identify-task.md) "
        "helps.\n\n"
        f"{data_notice(data)}\n" + "\n".join(sections)
    )


def models_index_page(data: HubData) -> str:
    rows = []
    for modality, heading in MODALITIES.items():
        for task_id in sorted(t for t in data.tasks if modality_of(t) == modality):
            task = data.tasks[task_id]
            top = data.results.get(ModelQuery(task=task_id, sort="downloads"), [])
            first = top[0] if top else None
            top_cell = (
                f'<a href="{esc(hub_model_url(first["id"]))}">{esc(first["id"])}</a>'
                if first
                else "—"
            )
            rows.append(
                f'<tr><td><a href="{task_slug(task_id)}/">{esc(task.get("label") or task_id)}</a></td>'
                f"<td>{esc(heading)}</td><td>{top_cell}</td>"
                + _num_cell(
                    first.get("downloads") if first else None,
                    human_count(first.get("downloads") if first else None),
                )
                + f'<td data-sort="{len(top)}">{len(top)}</td></tr>'
            )
    table = (
        '<div class="hfguide-table" id="models-index"><div class="hfguide-filters"><label class="hfguide-filter">Filter '
        '<input type="search" placeholder="task or model…" aria-controls="models-index-table"></label></div>'
        '<p class="hfguide-count" aria-live="polite"></p>'
        '<table class="hfguide-models" id="models-index-table"><caption>Most downloaded model of each task</caption>'
        '<thead><tr><th scope="col">Task</th><th scope="col">Modality</th><th scope="col">Most downloaded model</th>'
        '<th scope="col" data-sort-method="number">Downloads (30 d)</th><th scope="col" data-sort-method="number">Models listed</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )
    return (
        front_matter(
            "Models by task",
            "The most downloaded, most liked and trending models of every Hub task, generated from Hub queries.",
            hide_toc=True,
        )
        + "# Models by task\n\n"
        "Each task has a page listing its top models three ways: by downloads (what people "
        "actually use), by likes (what people rate) and by trend (what is rising now). The tables "
        "are generated from Hub queries when the site is built.\n\n"
        f"{data_notice(data)}\n{table}\n"
    )


def nav_entries(data: HubData) -> list[dict[str, Any]]:
    """Navigation for the generated model pages, grouped by modality."""
    nav: list[dict[str, Any]] = []
    for modality, heading in MODALITIES.items():
        ids = sorted(
            (t for t in data.tasks if modality_of(t) == modality),
            key=lambda t: str(data.tasks[t].get("label") or t).lower(),
        )
        if ids:
            nav.append(
                {
                    heading: [
                        {
                            esc(
                                re.sub(r"\s+", " ", str(data.tasks[t].get("label") or t))
                            ): f"models/{task_slug(t)}.md"
                        }
                        for t in ids
                    ]
                }
            )
    return nav


def generated_pages(data: HubData) -> dict[str, str]:
    """Every generated page, keyed by its path under ``docs/``."""
    pages = {"tasks/index.md": catalogue_page(data), "models/index.md": models_index_page(data)}
    used: set[str] = set()
    for task_id in data.tasks:
        slug = task_slug(task_id)
        if slug in used:
            raise ValueError(f"two Hub tasks share the page name {slug!r}")
        used.add(slug)
        pages[f"models/{slug}.md"] = task_models_page(data, task_id)
    return pages
