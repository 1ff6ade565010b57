"""Whether a Hub task runs as a pipeline of the installed transformers, or what replaced it.

Read from the installed package at build time, never from memory: ``SUPPORTED_TASKS`` names the
pipelines, ``TASK_ALIASES`` their other names (``text-to-speech`` runs as ``text-to-audio``), and
``REMOVED_TASKS`` (transformers 5) the pipelines that were removed, each with the package's own
advice on what to use instead, and ``_resolve_deprecated_task`` the tasks ``pipeline()`` still
accepts but builds as another one (``image-to-text`` is built as ``image-text-to-text``, with a
warning): its ``if task == "old": ... return "new"`` branches. The tables are read from the
source of ``transformers/pipelines/__init__.py``: importing that module loads PyTorch and every
model class (seconds of a site build) to answer what its first lines already say. A test checks
the two agree.
"""

from __future__ import annotations

import ast
import importlib.metadata
import importlib.util
import inspect
import textwrap
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from hfguide import PROJECT_ROOT

RUN_PAGES = PROJECT_ROOT / "docs" / "run"


@dataclass(frozen=True)
class PipelineSupport:
    task: str
    transformers_version: str
    pipeline: str | None = None  # the name to pass to transformers.pipeline()
    removed_advice: str | None = None  # transformers' own words when the pipeline was removed
    #: True when ``pipeline(task)`` still works but builds ``pipeline`` instead, with a warning
    redirected: bool = False

    @property
    def runs(self) -> bool:
        return self.pipeline is not None


Tables = tuple[str, frozenset[str], dict[str, str], dict[str, str], dict[str, str]]

#: The function of ``transformers.pipelines`` that turns a retired task name into its replacement.
RESOLVER = "_resolve_deprecated_task"


@cache
def _transformers_tables() -> Tables:
    """The installed transformers' version, pipeline names, aliases, removed pipelines and
    redirected tasks."""
    return tables_from_source() or tables_from_import()


def tables_from_import() -> Tables:
    # Importing the pipelines loads PyTorch and every model class: the fallback of a slow path.
    import transformers
    from transformers import pipelines

    resolver = getattr(pipelines, RESOLVER, None)
    redirects = {}
    if resolver is not None:
        tree = ast.parse(textwrap.dedent(inspect.getsource(resolver)))
        redirects = redirects_in(tree.body[0]) if tree.body else {}
    return (
        transformers.__version__,
        frozenset(pipelines.SUPPORTED_TASKS),
        dict(getattr(pipelines, "TASK_ALIASES", {})),
        dict(getattr(pipelines, "REMOVED_TASKS", {})),
        redirects,
    )


def redirects_in(function: ast.AST) -> dict[str, str]:
    """The tasks a resolver function hands on as other tasks: each ``if task == "old":`` branch
    that ends in ``return "new"`` (the argument compared is the function's first parameter)."""
    if not isinstance(function, ast.FunctionDef) or not function.args.args:
        return {}
    parameter = function.args.args[0].arg
    found = {}
    for node in ast.walk(function):
        if not isinstance(node, ast.If):
            continue
        test = node.test
        if not (
            isinstance(test, ast.Compare)
            and isinstance(test.left, ast.Name)
            and test.left.id == parameter
            and len(test.ops) == 1
            and isinstance(test.ops[0], ast.Eq)
            and isinstance(test.comparators[0], ast.Constant)
            and isinstance(test.comparators[0].value, str)
        ):
            continue
        returned = [
            n.value.value
            for n in node.body
            if isinstance(n, ast.Return)
            and isinstance(n.value, ast.Constant)
            and isinstance(n.value.value, str)
        ]
        if returned:
            found[test.comparators[0].value] = returned[-1]
    return found


def tables_from_source() -> Tables | None:
    """The same tables read from the module's source, or None when it is not laid out as
    expected (then the caller imports the module)."""
    spec = importlib.util.find_spec("transformers")
    if spec is None or spec.origin is None:
        return None
    source = Path(spec.origin).parent / "pipelines" / "__init__.py"
    try:
        tree = ast.parse(source.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, UnicodeDecodeError):
        return None
    found: dict[str, ast.Dict] = {}
    redirects: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == RESOLVER:
            redirects = redirects_in(node)
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    found[target.id] = node.value
    try:
        supported = frozenset(_literal_keys(found["SUPPORTED_TASKS"]))
        aliases = _literal_dict(found.get("TASK_ALIASES"))
        removed = _literal_dict(found.get("REMOVED_TASKS"))
    except (KeyError, ValueError, TypeError):
        return None
    if not supported:
        return None
    return importlib.metadata.version("transformers"), supported, aliases, removed, redirects


def _literal_keys(node: ast.Dict) -> list[str]:
    keys = [ast.literal_eval(key) for key in node.keys if key is not None]
    if len(keys) != len(node.keys) or not all(isinstance(k, str) for k in keys):
        raise ValueError("not a table of task names")
    return keys


def _literal_dict(node: ast.Dict | None) -> dict[str, str]:
    if node is None:
        return {}
    values = [ast.literal_eval(value) for value in node.values]
    return {key: str(value) for key, value in zip(_literal_keys(node), values, strict=True)}


def pipeline_support(task_id: str) -> PipelineSupport:
    """How ``task_id`` (a Hub task) runs in the installed transformers."""
    version, supported, aliases, removed, redirects = _transformers_tables()
    if task_id in supported:
        return PipelineSupport(task_id, version, pipeline=task_id)
    if aliases.get(task_id) in supported:
        return PipelineSupport(task_id, version, pipeline=aliases[task_id])
    if redirects.get(task_id) in supported:
        return PipelineSupport(task_id, version, pipeline=redirects[task_id], redirected=True)
    if task_id in removed:
        return PipelineSupport(task_id, version, removed_advice=str(removed[task_id]))
    return PipelineSupport(task_id, version)


def run_page(task_id: str, run_pages: Path = RUN_PAGES) -> str | None:
    """The file name of the guide's "Run a task" page for ``task_id``, if it has one."""
    name = f"{task_id}.md"
    return name if (run_pages / name).is_file() else None
