"""The contributing page and the README name only code and files that exist: every dotted
``hfguide.…`` name imports, and every path in code spans is a file or folder of the project."""

from __future__ import annotations

import importlib
import re

import pytest

from tests.support import ROOT

DOCUMENTS = ["README.md", "docs/contributing.md"]
DOTTED = re.compile(r"`(hfguide(?:\.\w+)+)(?:\(\))?`")
PATH = re.compile(
    r"`((?:src|tests|scripts|docs|data|benchmarks|examples)/[\w./-]*|[\w]+/[\w/]*\.py)`"
)


def resolves(dotted: str) -> bool:
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            target = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for name in parts[cut:]:
            if not hasattr(target, name):
                return False
            target = getattr(target, name)
        return True
    return False


def test_every_dotted_name_resolves():
    text = "".join((ROOT / d).read_text(encoding="utf-8") for d in DOCUMENTS)
    names = sorted(set(DOTTED.findall(text)))
    assert len(names) > 5
    assert [n for n in names if not resolves(n)] == []


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_path_exists(document):
    paths = sorted(set(PATH.findall((ROOT / document).read_text(encoding="utf-8"))))
    assert paths, f"{document} names no path"
    missing = [
        p
        for p in paths
        if "*" not in p and not (ROOT / p).exists() and not (ROOT / "src" / "hfguide" / p).exists()
    ]
    assert missing == []
