"""Every notebook in examples/ runs top to bottom, offline, without an error."""

from __future__ import annotations

import os
import re

import nbformat
import pytest
from nbclient import NotebookClient

from tests.support import ROOT

NOTEBOOKS = sorted((ROOT / "examples").glob("*.ipynb"))
TIMING = re.compile(r"\d+(?:\.\d+)? ?(?:ms|s)\b")


def printed_text(outputs) -> list[str]:
    """The text a cell printed or returned, with timings masked (progress bars and warnings on
    stderr depend on the environment, not on the results)."""
    texts = []
    for output in outputs:
        if output.get("name") == "stderr":
            continue
        text = output.get("text") or output.get("data", {}).get("text/plain", "")
        if "text/plain" in output.get("data", {}) and "image/png" in output.get("data", {}):
            continue  # an image's text form names a Python object, not a result
        texts.append(TIMING.sub("<time>", "".join(text)))
    return texts


def test_there_are_notebooks():
    assert NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_offline(path, monkeypatch, offline_hf):
    monkeypatch.setenv("HF_HUB_CACHE", str(offline_hf))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    notebook = nbformat.read(path, as_version=4)
    committed_outputs = [c.get("outputs") for c in notebook.cells if c.cell_type == "code"]
    assert all(committed_outputs), f"{path.name}: commit it with the outputs of a real run"
    committed_text = [printed_text(outputs) for outputs in committed_outputs]
    client = NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()  # raises CellExecutionError on the first failing cell
    errors = [
        o
        for c in notebook.cells
        if c.cell_type == "code"
        for o in c.outputs
        if o.output_type == "error"
    ]
    assert not errors
    # What the committed notebook shows (accuracy, counts, answers) is what the code prints now;
    # only timings may differ from run to run.
    fresh_text = [printed_text(c.outputs) for c in notebook.cells if c.cell_type == "code"]
    assert fresh_text == committed_text, f"{path.name}: re-run it and commit the new outputs"
    assert os.environ["HF_HUB_OFFLINE"] == "1"
