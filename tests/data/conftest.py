"""Fixtures of the data set tests: a small world served by a replay Hub, and the snapshots a good
refresh of it wrote."""

from __future__ import annotations

import pytest

# tests.data.replayed is imported inside the fixtures: `pytest tests/data` loads this file before
# the root conftest's pytest_configure points huggingface_hub at this run's cache, and
# huggingface_hub reads that setting once, when first imported.


@pytest.fixture
def world(monkeypatch):
    """The small world's replay Hub (``tests.data.replayed``), named by HF_ENDPOINT, retrying
    fast."""
    from tests.data.replayed import world_hub

    monkeypatch.setattr("hfguide.hub.transport.RetryPolicy.backoff", 0.01)
    with world_hub() as replay:
        monkeypatch.setenv("HF_ENDPOINT", replay.url)
        yield replay


@pytest.fixture
def kept(world, tmp_path, capsys):
    """A folder holding the three snapshots of a good refresh of the world, and their bytes."""
    from tests.data.replayed import SNAPSHOT_FILES, on_disk, refresh

    folder = tmp_path / "data"
    folder.mkdir()
    assert refresh(folder) == 0, capsys.readouterr().err
    capsys.readouterr()
    before = on_disk(folder)
    assert sorted(before) == sorted(SNAPSHOT_FILES)
    return folder, before
