"""Data markers in hand-written pages: ``<!-- hfguide:NAME ARGS -->`` replaced at build time.

Leaderboard markers come from
[`hfguide.pages.leaderboard_markers`][hfguide.pages.leaderboard_markers], memory examples from
[`hfguide.pages.memory_markers`][hfguide.pages.memory_markers], the finder's form from
[`hfguide.pages.finder`][hfguide.pages.finder];
``model-card ORG/NAME`` shows a model's facts (task, licence, downloads and the day they were
read) from the build's Hub data. A marker inside inline code or a fenced code block is text about
markers, and stays as it is.
"""

from __future__ import annotations

import re

from hfguide.core.settings import PUBLIC_HUB
from hfguide.data.hub_models import HubData
from hfguide.data.leaderboard import LeaderboardData
from hfguide.data.model_configs import ModelConfigs
from hfguide.pages import leaderboard_markers, memory_markers
from hfguide.pages.finder import finder_form, finder_notice
from hfguide.pages.tasks import task_slug
from hfguide.pages.templates import render
from hfguide.queries.candidates import Candidates

MARKER = re.compile(r"<!--\s*hfguide:([a-z-]+)((?:\s+[\w./+?~-]+)*)\s*-->")
#: Fenced code blocks (``` or ~~~, up to their closing fence) and inline code spans (which, as
#: in Markdown, end with their paragraph: an unmatched backtick hides nothing past a blank line).
_CODE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,}).*?^(?P=indent)?[ \t]*(?P=fence)[ \t]*$"
    r"|(?P<ticks>`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)(?P=ticks)(?!`)",
    re.MULTILINE | re.DOTALL,
)


def model_card(hub: HubData, model_id: str) -> str:
    """A one-paragraph summary of a model from the Hub records of this build."""
    record = next((r for rs in hub.results.values() for r in rs if r["id"] == model_id), None)
    task = record.get("pipeline_tag") if record else None
    return render(
        "model_card.html",
        model_id=model_id,
        record=record,
        task_page=task_slug(task) if task in hub.tasks else None,
    ).strip()


def snapshot_dates(hub: HubData, board: LeaderboardData) -> str:
    """When the build's data was written and read: the write dates belong on the contributing
    page, the read dates on every page that shows the numbers."""
    read = hub.read_dates()
    return render(
        "snapshot_dates.md",
        hub_source=hub.source,
        hub_written=hub.created_at[:10],
        hub_read=read,
        board_source=board.source,
        board_written=board.created_at[:10],
        board_submitted=board.submitted,
    ).strip()


def expand_markers(
    markdown: str,
    *,
    board: LeaderboardData,
    hub: HubData,
    configs: ModelConfigs,
    candidates: Candidates | None = None,
    hub_endpoint: str = PUBLIC_HUB,
) -> str:
    """``markdown`` with its markers filled (a marker in code stays as it is).

    Raises:
        ValueError: An unknown marker, or one whose arguments are wrong.
    """

    def replace(match: re.Match[str]) -> str:
        name, args = match.group(1), match.group(2).split()
        if name == "model-card":
            if len(args) != 1:
                raise ValueError("model-card takes one model id")
            return model_card(hub, args[0])
        if name == "snapshot-dates":
            return snapshot_dates(hub, board)
        if name == "finder":
            return finder_form(hub_endpoint)
        if name == "finder-notice":
            if candidates is None:
                raise ValueError("finder-notice needs the build's candidates")
            return finder_notice(candidates, hub, board)
        planned = memory_markers.marker(name, args, configs)
        if planned is not None:
            return planned
        return leaderboard_markers.marker(name, args, board)

    pieces, end = [], 0
    for code in _CODE.finditer(markdown):
        pieces += [MARKER.sub(replace, markdown[end : code.start()]), code.group(0)]
        end = code.end()
    pieces.append(MARKER.sub(replace, markdown[end:]))
    return "".join(pieces)
