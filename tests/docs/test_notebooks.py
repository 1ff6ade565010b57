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


def printed_text(outputs) -> dict[str, object]:
    """What a cell printed and returned, with timings masked.

    A kernel may split one cell's stdout into any number of stream chunks (it flushes as it
    goes, and under load more often), so the chunks of each stream are joined before comparing.
    stderr is left out: progress bars and warnings there depend on the environment, not on the
    results. So are images, whose text form names a Python object.
    """
    streams: dict[str, str] = {}
    results = []
    for output in outputs:
        if output.get("output_type") == "stream":
            if output.get("name") != "stderr":
                streams[output["name"]] = streams.get(output["name"], "") + "".join(output["text"])
        elif output.get("output_type") in ("execute_result", "display_data"):
            data = output.get("data", {})
            if "image/png" not in data:
                results.append(TIMING.sub("<time>", "".join(data.get("text/plain", ""))))
    return {
        "streams": {name: TIMING.sub("<time>", text) for name, text in sorted(streams.items())},
        "results": results,
    }


def test_printed_text_does_not_depend_on_chunking():
    def stream(text, name="stdout"):
        return {"output_type": "stream", "name": name, "text": text}

    one_chunk = [stream("29/114 right, 31 ms per question\nnext line\n"), stream("bar", "stderr")]
    three_chunks = [
        stream("29/114 right, 3"),
        stream("bar 50%", "stderr"),
        stream("12.5 ms per question\nnext "),
        stream("line\n"),
    ]
    assert printed_text(one_chunk) == printed_text(three_chunks)
    assert printed_text(one_chunk)["streams"] == {
        "stdout": "29/114 right, <time> per question\nnext line\n"
    }
    assert printed_text([stream("29/114 right")]) != printed_text([stream("30/114 right")])


def test_there_are_notebooks():
    assert NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_offline(path, monkeypatch, offline_hf):
    monkeypatch.setenv("HF_HUB_CACHE", str(offline_hf))
    notebook = nbformat.read(path, as_version=4)
    committed_outputs = [c.get("outputs") for c in notebook.cells if c.cell_type == "code"]
    assert all(committed_outputs), f"{path.name}: commit it with the outputs of a real run"
    committed_text = [printed_text(outputs) for outputs in committed_outputs]
    client = NotebookClient(
        notebook,
        timeout=1800,  # a cell may run the bench on three language models, on a busy machine
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


def test_guide_step5_shows_the_committed_notebook_run():
    """Step 5 of the guide quotes the compare-models notebook's printed results exactly; the
    notebook test above keeps those equal to a fresh run, so the page cannot drift from one."""
    notebook = nbformat.read(ROOT / "examples" / "compare-models.ipynb", as_version=4)
    printed = "".join(
        "".join(o["text"])
        for cell in notebook.cells
        if cell.cell_type == "code"
        and cell.source.startswith(("baseline = bench.baselines", "results = bench.bench"))
        for o in cell.outputs
        if o.get("name") == "stdout"
    )
    guide = (ROOT / "docs" / "guide" / "compare-models.md").read_text(encoding="utf-8")
    quoted = re.findall(r"```text\n(.*?)```", guide, re.DOTALL)
    assert printed.count("\n") >= 3  # the baselines and one line per model
    assert printed in quoted
