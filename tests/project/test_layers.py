"""The package's layers hold: ``lint-imports`` keeps the contracts in ``pyproject.toml`` (every
top-level package in one, no import circle), the contracts catch an upward import, and an import
inside a function says why it waits."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import tomllib

from tests.support import ROOT

PACKAGE = ROOT / "src" / "hfguide"
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]


def lint_imports(src) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(src)}
    command = [sys.executable, "-c", "from importlinter.cli import lint_imports_command as c; c()"]
    return subprocess.run(
        [*command, "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


def test_the_contracts_are_kept():
    result = lint_imports(ROOT / "src")
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_package_is_in_a_contract():
    named = set()
    for contract in CONFIG["contracts"]:
        for key in ("layers", "source_modules", "modules"):
            named |= set(contract.get(key, []))
    packages = {f"hfguide.{p.name}" for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert packages <= named, f"not in any contract: {sorted(packages - named)}"
    assert any(c["type"] == "acyclic_siblings" for c in CONFIG["contracts"])


def test_an_upward_import_breaks_a_contract(tmp_path):
    """A core module importing the CLI (a layer far above it) fails the check, naming the layers."""
    copy = tmp_path / "src"
    shutil.copytree(PACKAGE, copy / "hfguide", ignore=shutil.ignore_patterns("__pycache__"))
    dates = copy / "hfguide" / "core" / "dates.py"
    dates.write_text(dates.read_text() + "\nimport hfguide.cli  # noqa: E402, F401\n")
    result = lint_imports(copy)
    assert result.returncode != 0
    assert "hfguide.core.dates -> hfguide.cli" in result.stdout


def _module_docstring_explains(tree: ast.Module, package: str) -> bool:
    docstring = ast.get_docstring(tree) or ""
    return package in docstring and "inside" in docstring


def test_imports_inside_functions_say_why_they_wait():
    """An import in a function body must wait for a reason: a comment on it or just above it, or
    the module's docstring naming the package and saying it is imported inside functions."""
    unexplained = []
    for path in sorted(PACKAGE.rglob("*.py")):
        lines = path.read_text(encoding="utf-8").splitlines()
        tree = ast.parse("\n".join(lines))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                if not isinstance(node, ast.Import | ast.ImportFrom):
                    continue
                module = node.module if isinstance(node, ast.ImportFrom) else node.names[0].name
                line = lines[node.lineno - 1]
                above = lines[node.lineno - 2].strip() if node.lineno > 1 else ""
                follows_import = above.startswith(("import ", "from "))
                commented = "#" in line or above.startswith("#")
                if follows_import:  # a group of imports shares the comment above its first line
                    continue
                if not commented and not _module_docstring_explains(tree, module.split(".")[0]):
                    unexplained.append(f"{path.relative_to(ROOT)}:{node.lineno}: {module}")
    assert not unexplained, "imports inside functions without a reason:\n" + "\n".join(unexplained)
