"""The model finder: its form (a data marker on the finder page), the notice that says where its
facts come from, and the data file it reads: every candidate of
[`hfguide.queries.candidates`][hfguide.queries.candidates], which the one query
([`hfguide.queries.shortlist`][hfguide.queries.shortlist], ``query.js`` in the browser) answers.
"""

from __future__ import annotations

from typing import Any

from hfguide.core.settings import PUBLIC_HUB
from hfguide.data.hub_models import HubData
from hfguide.data.leaderboard import LeaderboardData
from hfguide.pages import spec
from hfguide.pages.escape import json_for_html
from hfguide.pages.templates import macro, render
from hfguide.planner.precisions import TABLE_PRECISIONS
from hfguide.queries.candidates import COLUMNS, ORIGINS, Candidates
from hfguide.queries.shortlist import SORTS

FINDER_FILE = "planner/finder.json"
#: The run recipes a finder row can link to: the page (under ``docs/``) and the page to fall back
#: on while it does not exist.
RECIPES = {
    "cpu": ("run/text-generation.md", "run/index.md"),
    "gpu": ("run/gpu.md", "run/text-generation.md"),
    "gguf": ("run/gguf.md", "run/text-generation.md"),
    "gated": ("run/gated.md", "run/index.md"),
}
SORT_LABELS = {
    "score": "leaderboard average",
    "downloads": "downloads (30 days)",
    "newest": "newest",
    "margin": "memory left",
}


def _url(page: str) -> str:
    """A page under ``docs/`` as a link from the finder page (``run/gpu.md`` → ``../run/gpu/``)."""
    path = page.removesuffix(".md").removesuffix("index")
    return "../" + (path if path.endswith("/") else path + "/")


def finder_data(
    found: Candidates, data: HubData, board: LeaderboardData, hand_written: list[str]
) -> dict[str, Any]:
    """The finder's data file: the candidates in columns, the tasks, where each task's and each
    recipe's run page is, and the days the data was read."""
    tasks = sorted({r["task"] for r in found.rows})
    labels = {t: str(data.tasks.get(t, {}).get("label") or t) for t in tasks}
    pages = set(hand_written)
    run_pages = {
        p.removeprefix("run/").removesuffix(".md"): _url(p)
        for p in sorted(pages)
        if p.startswith("run/") and p != "run/index.md"
    }
    recipes = {
        key: _url(page if page in pages else fallback) for key, (page, fallback) in RECIPES.items()
    }
    return {
        "columns": COLUMNS,
        "rows": [[r[c] for c in COLUMNS] for r in found.rows],
        "tasks": [[t, labels[t]] for t in tasks],
        "runPages": run_pages,
        "recipes": recipes,
        "read": data.created_at[:10],
        "leaderboard": board.created_at[:10],
    }


def finder_file(
    found: Candidates, data: HubData, board: LeaderboardData, hand_written: list[str]
) -> str:
    return str(json_for_html(finder_data(found, data, board, hand_written)))


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "0%"


def finder_notice(found: Candidates, data: HubData, board: LeaderboardData) -> str:
    """Where the finder's facts come from, with the share of rows each source fills."""
    total = len(found.rows)
    shares = {
        field: [
            (ORIGINS.get(origin, origin) if origin else "unknown", _share(n, total))
            for origin, n in sorted(
                found.origin_shares(field).items(), key=lambda kv: (-kv[1], str(kv[0]))
            )
        ]
        for field in ("params", "languages", "license")
    }
    return render(
        "finder_notice.md",
        total=total,
        shares=shares,
        hub_read=data.read_dates(),
        submitted=board.submitted,
    ).strip()


def finder_form(hub_endpoint: str = PUBLIC_HUB) -> str:
    """The finder's form: the spec, the choices it offers and where its data lies."""
    view = {
        "spec": spec.browser_spec(hub_endpoint),
        "precisions": list(TABLE_PRECISIONS),
        "sorts": [(key, SORT_LABELS[key]) for key in SORTS],
        "data": "../planner/finder.json",
        "shapes": "../planner/shapes.json",
        "worker": "../assets/javascripts/finder-worker.js",
    }
    return str(macro("finder_form", "finder.html")(view))
