"""The API reference: a page for every public module, no raw Sphinx roles, working
cross-references."""

from __future__ import annotations

import pkgutil
import re

from bs4 import BeautifulSoup

import hfguide
from hfguide.site import reference
from tests.support import ROOT

RAW_ROLE = re.compile(r":(?:mod|class|func|meth|data|attr|exc|obj|ref):`")


def modules_on_disk() -> set[str]:
    """Public modules, found by Python's own package walk rather than by the reference code."""
    found = {"hfguide"}
    for module in pkgutil.walk_packages(hfguide.__path__, "hfguide."):
        if not any(part.startswith("_") for part in module.name.split(".")):
            found.add(module.name)
    return found


def test_every_public_module_gets_a_page_and_a_nav_entry():
    modules = reference.public_modules()
    assert set(modules) == modules_on_disk()

    def pages(entries):
        for entry in entries:
            for value in entry.values():
                yield from pages(value) if isinstance(value, list) else [value]

    assert sorted(pages(reference.nav_entries(modules))) == sorted(
        reference.page_path(m) for m in modules
    )


def test_docstrings_use_markdown_cross_references_not_sphinx_roles():
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in (ROOT / "src").rglob("*.py")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if RAW_ROLE.search(line)
    ]
    assert not offenders


def test_built_reference_lists_every_module_without_raw_roles(built_site):
    overview = BeautifulSoup((built_site / "reference" / "index.html").read_text(), "html.parser")
    linked = {a.get_text() for a in overview.select("article table a")}
    assert linked == modules_on_disk()
    for module in modules_on_disk():
        page = built_site / "reference" / module / "index.html"
        html = BeautifulSoup(page.read_text(), "html.parser")
        text = html.select_one("article").get_text()
        assert not RAW_ROLE.search(text), module
        assert html.select_one(f"article h1[id='{module}']"), module
    client = (built_site / "reference" / "hfguide.hub.client" / "index.html").read_text()
    assert "HubClient" in client and "Concurrent, retrying, caching queries" in client
    package = BeautifulSoup(
        (built_site / "reference" / "hfguide" / "index.html").read_text(), "html.parser"
    )
    # The package docstring's cross-references became links to the sub-packages' pages.
    targets = {a["href"] for a in package.select("article a.autorefs-internal")}
    assert "../hfguide.hub/#hfguide.hub" in targets and "../hfguide.cli/#hfguide.cli" in targets
