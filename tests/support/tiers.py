"""Test tiers: which marker each test gets, from the fixtures it uses (``tests/conftest.py``)."""

from __future__ import annotations

import pytest

TIERS = ("unit", "build", "browser", "model", "notebook")
#: The fixtures that put a test in a tier, checked in this order (a browser test builds the site
#: too, and is a browser test).
TIER_FIXTURES = {
    "browser": {"browser", "page", "site_server"},
    "build": {"built_site", "mkdocs_build"},
    "model": {"offline_hf"},
}


def tier_of(item: pytest.Item) -> str:
    """The test's own tier marker if it has one, else the tier its fixtures or parameters imply."""
    explicit = [mark.name for mark in item.iter_markers() if mark.name in TIERS]
    if explicit:
        return explicit[0]
    params = item.callspec.params if hasattr(item, "callspec") else {}
    if any(str(value).endswith(".ipynb") for value in params.values()):
        return "notebook"
    fixtures = set(getattr(item, "fixturenames", ())) - set(params)
    for tier, names in TIER_FIXTURES.items():
        if fixtures & names:
            return tier
    return "unit"


def tiers_marked(item: pytest.Item) -> list[str]:
    return [mark.name for mark in item.iter_markers() if mark.name in TIERS]
