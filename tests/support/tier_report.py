"""A pytest plugin for the tier tests: writes every collected test's tier markers, and whether the
run selected it, to the JSON file that ``HFGUIDE_TIER_REPORT`` names."""

from __future__ import annotations

import json
import os
from pathlib import Path

from tests.support.tiers import tiers_marked

_deselected: list = []


def pytest_deselected(items):
    _deselected.extend(items)


def pytest_collection_finish(session):
    report = {
        "markexpr": session.config.option.markexpr,
        "selected": {item.nodeid: tiers_marked(item) for item in session.items},
        "deselected": {item.nodeid: tiers_marked(item) for item in _deselected},
    }
    Path(os.environ["HFGUIDE_TIER_REPORT"]).write_text(json.dumps(report))
