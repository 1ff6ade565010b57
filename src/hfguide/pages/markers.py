"""Data markers in hand-written pages: ``<!-- hfguide:NAME ARGS -->`` replaced at build time.

Leaderboard markers come from [`hfguide.pages.leaderboard`][hfguide.pages.leaderboard]; ``model-card ORG/NAME`` shows a
model's facts (task, licence, downloads and the day they were read) from the build's Hub data.
"""

from __future__ import annotations

import re

from hfguide.data.leaderboard import LeaderboardData
from hfguide.data.snapshot import HubData
from hfguide.pages import leaderboard as leaderboard_pages
from hfguide.pages.render import esc, hub_model_url, human_count, human_params
from hfguide.pages.tasks import task_slug

MARKER = re.compile(r"<!--\s*hfguide:([a-z-]+)((?:\s+[\w./+?~-]+)*)\s*-->")


def model_card(hub: HubData, model_id: str) -> str:
    """A one-paragraph summary of a model from the Hub records of this build."""
    record = next((r for rs in hub.results.values() for r in rs if r["id"] == model_id), None)
    link = f'<a href="{esc(hub_model_url(model_id))}">{esc(model_id)}</a>'
    if record is None:
        return f"{link}: not among the top models this build read from the Hub; see its model card."
    task = record.get("pipeline_tag")
    table = (
        f' · <a href="../../models/{task_slug(task)}/">other {esc(task)} models</a>'
        if task in hub.tasks
        else ""
    )
    return (
        f'<p class="hfguide-model-card">{link} · task <code>{esc(task or "none")}</code> · '
        f"licence <strong>{esc(record.get('license') or 'not stated')}</strong> · "
        f"{esc(human_params(record.get('parameters')))} parameters · "
        f"{esc(human_count(record.get('downloads')))} downloads in the 30 days before "
        f"{esc(str(record.get('read_at', ''))[:10])}{table}</p>"
    )


def expand_markers(markdown: str, *, board: LeaderboardData, hub: HubData) -> str:
    def replace(match: re.Match[str]) -> str:
        name, args = match.group(1), match.group(2).split()
        if name == "model-card":
            if len(args) != 1:
                raise ValueError("model-card takes one model id")
            return model_card(hub, args[0])
        return leaderboard_pages.marker(name, args, board)

    return MARKER.sub(replace, markdown)
