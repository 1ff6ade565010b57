"""The API reference: one page per public module of the package, with its nav and an overview
page, generated from the package tree at build time so that no module can be left out."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

PACKAGE_DIR = Path(__file__).resolve().parents[1]
#: The folder of the site the reference pages live in, and the nav section that lists them.
REFERENCE_DIR = "reference"
NAV_SECTION = "Reference"
OVERVIEW = f"{REFERENCE_DIR}/index.md"
CROSS_REFERENCE = re.compile(r"\[(`[^`\]]+`)\]\[[\w.]*\]")
#: The search boost of the reference pages (the theme's ``search: boost:`` front matter): a
#: thousandth, so that a word in a reference heading weighs about what the same word does once in
#: the guide's text. Readers' words find the guide first; API names, in no guide heading, still
#: find their reference section first.
SEARCH_BOOST = 0.001


def public_modules(package_dir: Path = PACKAGE_DIR) -> list[str]:
    """Dotted names of the package's public modules and sub-packages, in file-tree order.

    A module is public unless its name, or the name of a package it is in, starts with ``_``
    (``__init__.py`` stands for its package).
    """
    names = []
    for path in sorted(package_dir.rglob("*.py")):
        parts = path.relative_to(package_dir.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if not any(part.startswith("_") for part in parts):
            names.append(".".join(parts))
    return sorted(names, key=lambda name: name.split("."))


def summary(module: str, package_dir: Path = PACKAGE_DIR) -> str:
    """The first paragraph of a module's docstring, on one line, read without importing it.

    Args:
        module: A dotted name from [`public_modules`][public_modules].
        package_dir: The package's folder.

    Returns:
        The paragraph, with cross-references shown as plain code; empty without a docstring.
    """
    path = package_dir.parent.joinpath(*module.split("."))
    module_file = path.with_suffix(".py")
    source = module_file if module_file.is_file() else path / "__init__.py"
    docstring = ast.get_docstring(ast.parse(source.read_text(encoding="utf-8"))) or ""
    first_paragraph = " ".join(docstring.split("\n\n")[0].split())
    # Cross-references are resolved in the module's own scope: elsewhere they stay plain code.
    return CROSS_REFERENCE.sub(r"\1", first_paragraph)


def page_path(module: str) -> str:
    """The module's page in the docs tree, such as ``reference/hfguide.hub.client.md``."""
    return f"{REFERENCE_DIR}/{module}.md"


def module_page(module: str, is_package: bool = False) -> str:
    """The Markdown of a module's page: its docstring and members, rendered by mkdocstrings.

    Args:
        module: The module's dotted name.
        is_package: Whether it is a package (named so in the page's title).

    Returns:
        The page, with front matter giving its title and a description of at most 200 characters.
    """
    kind = "package" if is_package else "module"
    description = f"API reference of the {module} {kind}. {summary(module).replace('`', '')}"
    if len(description) > 200:  # the length search engines show
        description = description[:199].rsplit(" ", 1)[0] + "…"
    front_matter = {
        "title": f"{module} {kind}",
        "description": description,
        "search": {"boost": SEARCH_BOOST},
    }
    return (
        "---\n"
        + "".join(
            f"{key}: {json.dumps(value, ensure_ascii=False)}\n"
            for key, value in front_matter.items()
        )
        + "---\n\n"
        + f"::: {module}\n"
        + "    options:\n"
        + "      show_root_heading: true\n"
        + "      heading_level: 1\n"
    )


def overview_page(modules: list[str]) -> str:
    """The reference's first page: every module with the first line of what it does."""
    rows = "".join(f"| [`{m}`]({m}.md) | {_table_cell(summary(m))} |\n" for m in modules)
    return (
        "---\n"
        "title: API reference\n"
        "description: Every module of the hfguide Python package, generated from its docstrings.\n"
        f"search: {json.dumps({'boost': SEARCH_BOOST})}\n"
        "---\n\n"
        "# API reference\n\n"
        "The `hfguide` package generates this site's data-driven pages and runs its checks. "
        "Its sub-packages are layers, each importing only those below it: `core`, `planner`, "
        "`hub`, the data sets (`data`), `queries`, `pages`, `site` and `cli`, with the replay "
        "Hub (`replay`), real weights (`weights`), the bench (`bench`) and the developers' "
        "tools (`devtools`) beside them. Each module has a page, generated from its "
        "docstrings.\n\n"
        "| Module | What it does |\n|---|---|\n" + rows
    )


PACKAGE_MAP = "<!-- hfguide:package-map -->"


def package_map(package_dir: Path = PACKAGE_DIR) -> str:
    """Markdown for the contributing page's map: every public module by its path in the source
    tree, grouped by top-level package, with the first line of its docstring. Generated from the
    tree at build time, so the map cannot drift from the code.

    Args:
        package_dir: The package's folder.

    Returns:
        A section per top-level package: its summary and a table of its modules.
    """
    modules = public_modules(package_dir)
    parts = []
    for package in (m for m in modules if m.count(".") == 1 and _is_package(m, modules)):
        members = [m for m in modules if m.startswith(package + ".")]
        rows = "".join(
            f"| `{_source_path(m, package_dir)}` | {_table_cell(summary(m, package_dir))} |\n"
            for m in members
        )
        parts.append(
            f"**`{_source_path(package, package_dir)}`**: {summary(package, package_dir)}\n\n"
            "| Module | What it does |\n|---|---|\n" + rows
        )
    return "\n".join(parts)


def _source_path(module: str, package_dir: Path) -> str:
    path = package_dir.parent.joinpath(*module.split("."))
    relative = Path("src") / path.relative_to(package_dir.parent)
    return f"{relative.as_posix()}/" if path.is_dir() else f"{relative.as_posix()}.py"


def fill_package_map(markdown: str) -> str:
    """``markdown`` with the package-map marker replaced by [`package_map`][package_map]."""
    return markdown.replace(PACKAGE_MAP, package_map()) if PACKAGE_MAP in markdown else markdown


def _table_cell(text: str) -> str:
    return text.replace("|", "\\|")


def nav_entries(modules: list[str]) -> list[Any]:
    """Nav entries for the module pages: the package and its top-level modules first, then a
    section per sub-package with the package's own page and its modules."""
    top = [m for m in modules if m.count(".") == 0 or not _is_package(m, modules)]
    entries: list[Any] = [{m: page_path(m)} for m in top if m.count(".") <= 1]
    for package in (m for m in modules if m.count(".") == 1 and _is_package(m, modules)):
        members = [m for m in modules if m == package or m.startswith(package + ".")]
        entries.append({package: [{m: page_path(m)} for m in members]})
    return entries


def _is_package(module: str, modules: list[str]) -> bool:
    return any(other.startswith(module + ".") for other in modules)


def reference_pages() -> tuple[dict[str, str], list[Any]]:
    """Every reference page (path under ``docs/`` → Markdown) and the nav entries after the
    overview page."""
    modules = public_modules()
    pages = {
        OVERVIEW: overview_page(modules),
        **{page_path(m): module_page(m, _is_package(m, modules)) for m in modules},
    }
    return pages, nav_entries(modules)


def reference_section(section: list[Any], entries: list[Any]) -> list[Any]:
    """The nav's Reference section with the overview first, then ``entries``, then the rest."""
    return [OVERVIEW, *entries, *(entry for entry in section if entry != OVERVIEW)]


def add_reference(files: Files, config: Any) -> Files:
    """Add the reference pages to ``files`` and list them in the nav's ``Reference`` section,
    after its overview page.

    Called from the MkDocs hook's ``on_files``: MkDocs reads the nav after that event.

    Args:
        files: The site's files; generated pages replace files of the same path.
        config: The MkDocs configuration; its ``nav`` is changed in place.

    Returns:
        ``files``, with the reference pages.

    Raises:
        PluginError: The nav has no ``Reference`` section.
    """
    pages, entries = reference_pages()
    for src_uri, content in pages.items():
        existing = files.get_file_from_path(src_uri)
        if existing is not None:
            files.remove(existing)
        files.append(File.generated(config, src_uri, content=content))
    for item in config["nav"] or []:
        if isinstance(item, dict) and NAV_SECTION in item:
            item[NAV_SECTION] = reference_section(item[NAV_SECTION], entries)
            return files
    raise PluginError(f"mkdocs.yml nav needs a '{NAV_SECTION}' section for the API reference")
