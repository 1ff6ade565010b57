"""The pages made from Hub model queries: one page per task, the task catalogue, the models index,
and their place in the navigation. Rendered through `hfguide.pages.templates`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from hfguide.data.hub_models import HubData, HubRecord, gated_of
from hfguide.hub.client import ModelQuery
from hfguide.pages import escape, spec
from hfguide.pages.task_about import about_section
from hfguide.pages.tasks import (
    HIDDEN_IN_MODELS,
    HUB_TASKS,
    MODALITIES,
    TASK_MODALITY,
    modality_of,
    task_slug,
)
from hfguide.pages.templates import Option, macro, render
from hfguide.queries.candidates import formats

SORT_TABS = (
    ("downloads", "Most downloaded"),
    ("likes", "Most liked"),
    ("trending_score", "Trending"),
)
SORT_FIELD = {"downloads": "downloads", "likes": "likes", "trending_score": "trending_score"}
FIRST_ROWS = spec.FIRST_ROWS

#: Where a task page (``models/<task>/``) links the run recipes from its table's marks.
RECIPE_LINKS = {
    "gguf": "../../run/gguf/",
    "runtimes": "../../run/gguf/#which-runtime-loads-what",
    "gated": "../../run/gated/",
}
#: The formats a table marks, each with what its mark's title says.
MARKED_FORMATS = {
    "GGUF": "GGUF files: llama.cpp and the runtimes built on it; transformers unpacks them",
    "GPTQ": "pre-quantised GPTQ weights: transformers needs gptqmodel and optimum",
    "AWQ": "pre-quantised AWQ weights: transformers needs gptqmodel",
    "MLX": "MLX weights, for Apple silicon",
    "ONNX": "ONNX files, for ONNX Runtime and Transformers.js",
}


@dataclass(frozen=True)
class Mark:
    """A short label after a model's name in a table, linking the page that says what to do."""

    label: str
    href: str
    title: str


def marks(record: HubRecord) -> list[Mark]:
    """The marks a record earns: the formats its tags announce (linking the runtimes page) and
    ``gated`` when its record says its files need access. A record that does not say whether it
    is gated gets no gated mark: unknown, not open."""
    tags = [t for t in record.get("tags") or [] if isinstance(t, str)]
    library = record.get("library")
    found = [
        Mark(label, RECIPE_LINKS["gguf" if label == "GGUF" else "runtimes"], MARKED_FORMATS[label])
        for label in formats(tags, library if isinstance(library, str) else None)
        if label in MARKED_FORMATS
    ]
    if gated_of(record):
        found.append(
            Mark("gated", RECIPE_LINKS["gated"], "its files need an account granted access")
        )
    return found


def options_by_count(
    values: Iterable[str],
    *,
    value_of: Callable[[str], str] = str,
    label_of: Callable[[str], str] = str,
) -> list[Option]:
    """Options for the distinct values, each with its count, the most frequent first."""
    counts = Counter(values)
    ordered = sorted(counts, key=lambda v: (-counts[v], v))
    return [Option(value_of(v), label_of(v), counts[v]) for v in ordered]


@dataclass(frozen=True)
class ModelTable:
    id: str
    caption: str
    records: list[HubRecord]
    first_rows: int = FIRST_ROWS
    not_stated: str = spec.NOT_STATED
    permissive: frozenset[str] = spec.PERMISSIVE_LICENSES

    def marks(self, record: HubRecord) -> list[Mark]:
        return marks(record)

    @property
    def licence_options(self) -> list[Option]:
        licences = [r.get("license") for r in self.records]
        unstated = sum(1 for lic in licences if not lic)
        permissive = sum(1 for lic in licences if lic in spec.PERMISSIVE_LICENSES)
        return [
            Option("", "any"),
            Option(spec.PERMISSIVE, "permissive: commercial use", permissive),
            *options_by_count(lic for lic in licences if lic),
            *([Option(spec.NOT_STATED, "not stated", unstated)] if unstated else []),
        ]

    @property
    def language_options(self) -> list[Option]:
        """ "any", then each language with the number of rows that list it: the rows its filter
        shows."""
        return [
            Option("", "any"),
            *options_by_count(lang for r in self.records for lang in self.languages_of(r)),
        ]

    @staticmethod
    def languages_of(record: HubRecord) -> list[str]:
        """A row's languages as the page shows them (``escape.plain``), each once: the values
        its language filter compares with the list's."""
        return list(dict.fromkeys(escape.plain(lang) for lang in record.get("languages") or []))


def model_table(records: Iterable[HubRecord], *, table_id: str, caption: str) -> str:
    """A sortable, filterable HTML table of model records, on one line.

    Past the first `FIRST_ROWS` rows are marked ``hfguide-more``: hidden until the reader
    ticks "Show all" (a checkbox, so it works without scripts too) or filters the table."""
    return macro("model_table")(ModelTable(table_id, caption, list(records)))


def tabs(page_key: str, panels: list[tuple[str, str]]) -> str:
    """Material content tabs; ``panels`` are (title, HTML rendered by our templates) pairs."""
    return macro("tabs")(page_key, panels)


@dataclass(frozen=True)
class DataNotice:
    """What the data notice of a page says: the read dates and, offline, why."""

    offline: bool
    read: str  # "on 2025-03-21" or "from 2025-03-21 to 2026-05-04", for the offline notice
    reason: str
    when: str


#: Why a build used the snapshot, in words for readers; the details go to the build log.
OFFLINE_REASONS = (
    ("HF_HUB_OFFLINE", "The build was set to work offline, so the Hub was not queried."),
    ("HFGUIDE_DATA", "The build was asked to use the committed snapshot."),
    (
        "The Hub's answers were empty",
        "The Hub answered with no records, or far fewer than the snapshot holds, when the site "
        "was built.",
    ),
)
UNREACHABLE = "The Hub could not be reached when the site was built."


def reader_reason(note: str) -> str:
    """The reason a build used the snapshot, in plain words: never an error text or a URL."""
    return next((words for key, words in OFFLINE_REASONS if note.startswith(key)), UNREACHABLE)


def data_notice(data: HubData, records: list[HubRecord] | None = None) -> DataNotice:
    dates = data.read_dates(records)
    when = (
        "unknown"
        if dates is None
        else (dates[0] if dates[0] == dates[1] else f"{dates[0]} to {dates[1]}")
    )
    return DataNotice(
        offline=data.source == "snapshot",
        read=read_span(data, records or []),
        reason=reader_reason(data.note),
        when=when,
    )


def read_span(data: HubData, records: list[HubRecord]) -> str:
    """'on 2025-03-21' or 'from 2025-03-21 to 2026-05-04': when these records (or, if there are
    none, all the data's records) were read."""
    dates = data.read_dates(records) if records else data.read_dates()
    if dates is None:
        return "on an unknown day"
    return f"on {dates[0]}" if dates[0] == dates[1] else f"from {dates[0]} to {dates[1]}"


def answered(data: HubData, task_id: str, sort: str) -> list[HubRecord]:
    """The records the data holds for a task's top models in one sort order, whatever the limit
    of the query that read them (the first such query the data holds)."""
    return data.answers(task_id, sort)


def task_models_page(data: HubData, task_id: str) -> str:
    task = data.tasks[task_id]
    label = task.get("label") or task_id
    slug = task_slug(task_id)
    panels = []
    shown: list[HubRecord] = []
    for index, (sort, title) in enumerate(SORT_TABS):
        records_answered = answered(data, task_id, sort)
        # A list ordered by likes or trend says nothing about records that lack the number.
        records = [r for r in records_answered if r.get(SORT_FIELD[sort]) is not None]
        shown.extend(records)
        panel = render(
            "task_panel.html",
            hub_url=ModelQuery(task=task_id, sort=sort).hub_url(),
            left_out=len(records_answered) - len(records),
            answered=len(records_answered),
            field=SORT_FIELD[sort].replace("_", " "),
            read=read_span(data, records_answered),
            table=ModelTable(f"{slug}-{sort}", f"{label}: {title.lower()}", records),
            deferred=index > 0,
        )
        panels.append((title, panel))
    return render(
        "task_models.md",
        label=label,
        summary=task.get("summary") or "The Hub gives no description for this task yet.",
        notice=data_notice(data, shown),
        task_id=task_id,
        modality=MODALITIES[modality_of(task_id)],
        tabs=tabs(slug, panels),
        about=about_section(data, task_id),
        first_rows=FIRST_ROWS,
        gated=gated_counts(shown),
        spec=spec.browser_spec(),
    )


@dataclass(frozen=True)
class GatedCounts:
    """How many of a page's models (each once) say whether they are gated, and how many are."""

    models: int
    known: int
    gated: int


def gated_counts(records: Iterable[HubRecord]) -> GatedCounts:
    distinct = {r["id"]: r for r in records}
    known = [gated_of(r) for r in distinct.values() if gated_of(r) is not None]
    return GatedCounts(len(distinct), len(known), sum(known))


def _tasks_by_label(data: HubData, modality: str) -> list[str]:
    return sorted(
        (t for t in data.tasks if modality_of(t) == modality),
        key=lambda t: str(data.tasks[t].get("label") or t).lower(),
    )


def catalogue_page(data: HubData) -> str:
    sections = []
    for modality, heading in MODALITIES.items():
        cards = [
            {
                "slug": task_slug(task_id),
                "label": data.tasks[task_id].get("label") or task_id,
                "summary": data.tasks[task_id].get("summary") or "No description on the Hub yet.",
                "libraries": data.tasks[task_id].get("libraries") or [],
                "count": len(answered(data, task_id, "downloads")),
                "hub_url": ModelQuery(task=task_id).hub_url(),
            }
            for task_id in _tasks_by_label(data, modality)
        ]
        if cards:
            sections.append({"heading": heading, "cards": render("task_cards.html", cards=cards)})
    return render(
        "catalogue.md",
        task_count=len(data.tasks),
        notice=data_notice(data),
        sections=sections,
        listed_on=(data.read_dates() or ("an unknown day",))[0],
        uncovered=uncovered_tags(data),
        lacking=lacking_tasks(data),
        hub_task_count=len(HUB_TASKS),
    )


@dataclass(frozen=True)
class LackingTask:
    """A pipeline type of the Hub's current list that the data's task list lacks, and why."""

    id: str
    modality: str
    hidden: bool  # the Hub hides it from its models page's task filter
    records: int  # records of the data tagged with it


def lacking_tasks(data: HubData) -> list[LackingTask]:
    """The Hub's current pipeline types (huggingface.js ``PIPELINE_DATA``) missing from the
    data's task list, in the catalogue's modality order."""
    tagged = dict(uncovered_tags(data))
    order = list(MODALITIES)
    missing = [t for t in HUB_TASKS if t not in data.tasks]
    missing.sort(key=lambda t: (order.index(HUB_TASKS[t]), t))
    return [
        LackingTask(t, MODALITIES[HUB_TASKS[t]], t in HIDDEN_IN_MODELS, tagged.get(t, 0))
        for t in missing
    ]


def uncovered_tags(data: HubData) -> list[tuple[str, int]]:
    """Task tags the records carry that the task list lacks (newer tasks, or retired ones), with
    how many records carry each: models under them have no page here."""
    counts: Counter[str] = Counter()
    distinct = {r["id"]: r for records in data.results.values() for r in records}
    for record in distinct.values():
        tags = {record.get("pipeline_tag"), *(record.get("tags") or [])}
        counts.update(t for t in tags if t in TASK_MODALITY and t not in data.tasks)
    return counts.most_common()


def models_index_page(data: HubData) -> str:
    rows = []
    for modality, heading in MODALITIES.items():
        for task_id in sorted(t for t in data.tasks if modality_of(t) == modality):
            top = answered(data, task_id, "downloads")
            rows.append(
                {
                    "slug": task_slug(task_id),
                    "label": data.tasks[task_id].get("label") or task_id,
                    "modality": heading,
                    "top": top[0] if top else None,
                    "listed": len(top),
                }
            )
    return render(
        "models_index.md",
        notice=data_notice(data),
        table=render("models_index_table.html", rows=rows),
    )


def nav_entries(data: HubData) -> list[dict[str, Any]]:
    """Navigation for the generated model pages, grouped by modality. MkDocs prints nav titles
    without escaping them, so they are escaped here."""
    nav: list[dict[str, Any]] = []
    for modality, heading in MODALITIES.items():
        ids = _tasks_by_label(data, modality)
        if ids:
            nav.append(
                {
                    heading: [
                        {
                            str(
                                escape.html_text(data.tasks[t].get("label") or t)
                            ): f"models/{task_slug(t)}.md"
                        }
                        for t in ids
                    ]
                }
            )
    return nav


def task_page_path(task_id: str) -> str:
    """Where a task's page goes, under ``docs/``."""
    return f"models/{task_slug(task_id)}.md"
