"""Notebook pages without the JupyterLab CSS they never use.

mkdocs-jupyter inlines JupyterLab's whole style sheet (some 570 KB, almost all of it
``.jupyter-wrapper ...`` rules and ``--jp-*`` custom properties) into every notebook page, where
the browser has to read it before it paints anything. `prune_notebook_css` keeps what can apply
to the page: a rule whose selector list has a selector whose classes all occur in the page, the
at-rules those rules need, and the custom properties something still reads. The classes in the
HTML are the ones the page will ever have: the only script on a notebook page that adds
JupyterLab classes is mkdocs-jupyter's Mermaid loader, to a diagram's element
(`ADDED_BY_SCRIPTS`), and the site's notebooks have no widgets.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

#: mkdocs-jupyter's style sheets: JupyterLab's, its theme's and Pygments' (the theme's and the
#: plugins' own inline styles carry no ``type``).
_STYLE = re.compile(r'(<style type="text/css">)(.*?)(</style>)', re.DOTALL)
_CLASS_ATTR = re.compile(r"""\sclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)
_VAR = re.compile(r"var\(\s*(--[\w-]+)")
_CLASS_NAME = re.compile(r"\.(-?[_a-zA-Z\u0080-\uffff][\w\u0080-\uffff-]*)")
#: Functional pseudo-classes whose arguments are selectors that may match without the classes
#: they name being on the page the way a plain selector needs them: such a selector is kept.
_OPEN_ENDED = re.compile(r":(?:is|where|has|matches|-\w+-any|host|host-context|slotted)\(", re.I)
#: Classes a script adds to an element of the first class: mkdocs-jupyter's Mermaid loader
#: marks a diagram rendered or failed.
ADDED_BY_SCRIPTS = {"jp-Mermaid": ("jp-RenderedMermaid", "jp-mod-warning")}
#: At-rules that hold rules, kept when one of their rules is.
_GROUPS = ("@media", "@supports", "@container", "@layer", "@document", "@-moz-document", "@scope")


class _Malformed(ValueError):
    """CSS this pruner does not follow; the style sheet is then left as it was."""


@dataclass
class _Node:
    """A rule (``prelude { declarations }``), a group at-rule holding rules, or anything else,
    kept verbatim (``raw``)."""

    prelude: str
    declarations: list[str] = field(default_factory=list)
    children: list[_Node] | None = None
    raw: str | None = None

    @property
    def at_keyword(self) -> str:
        return self.prelude.split(None, 1)[0].lower() if self.prelude.startswith("@") else ""


def prune_notebook_css(page_html: str, other_css: str = "") -> str:
    """``page_html`` with mkdocs-jupyter's inline style sheets cut down to what can apply to it.

    Args:
        page_html: A whole notebook page, as MkDocs writes it.
        other_css: The page's other style sheets: a custom property they read is kept.

    Returns:
        The page with, in each ``<style type="text/css">``, only the rules with a selector whose
        classes all occur in the page's ``class`` attributes (a class under ``:not()`` need not),
        the ``@media``/``@supports`` blocks holding such rules, the ``@font-face`` and
        ``@keyframes`` they name, and the custom-property declarations something reads through
        ``var()`` (kept rules, ``other_css``, the rest of the page, the properties so kept). A
        page whose style sheets it cannot follow comes back unchanged.
    """
    blocks = list(_STYLE.finditer(page_html))
    if not blocks:
        return page_html
    try:
        sheets = [_parse(_strip_comments(block.group(2))) for block in blocks]
        classes = _page_classes(page_html)
        sheets = [_keep_matching(sheet, classes) for sheet in sheets]
        outside = _STYLE.sub("", page_html)
        _drop_unread_properties(sheets, outside + other_css)
        _drop_unused_at_rules(sheets, outside + other_css)
        texts = [_serialize(sheet) for sheet in sheets]
    except (_Malformed, RecursionError):
        return page_html
    pieces, last = [], 0
    for block, text in zip(blocks, texts, strict=True):
        pieces += [page_html[last : block.start(2)], "\n", text, "\n"]
        last = block.end(2)
    return "".join(pieces) + page_html[last:]


def _page_classes(page_html: str) -> set[str]:
    found = set()
    for match in _CLASS_ATTR.finditer(page_html):
        value = next(group for group in match.groups() if group is not None)
        found.update(html_lib.unescape(value).split())
    for marker, added in ADDED_BY_SCRIPTS.items():
        if marker in found:
            found.update(added)
    return found


# --- Reading CSS -------------------------------------------------------------------------------


def _skip_string(css: str, i: int) -> int:
    """The index after the string that starts at ``css[i]``."""
    quote, i = css[i], i + 1
    while i < len(css):
        if css[i] == "\\":
            i += 2
        elif css[i] == quote:
            return i + 1
        elif css[i] == "\n":
            raise _Malformed("line break in a string")
        else:
            i += 1
    raise _Malformed("unterminated string")


_COMMENT_OR_STRING = re.compile(r"[\"']|/\*")
_SPLIT_STOPS = {sep: re.compile(rf"[\"'()\[\]{{}}{re.escape(sep)}]") for sep in ",;"}
_RULE_STOPS = re.compile(r"[\"'{;}]")


def _strip_comments(css: str) -> str:
    out, i, start = [], 0, 0
    while match := _COMMENT_OR_STRING.search(css, i):
        i = match.start()
        if css[i] in "\"'":
            i = _skip_string(css, i)
            continue
        end = css.find("*/", i + 2)
        if end < 0:
            raise _Malformed("unterminated comment")
        out.append(css[start:i])
        i = start = end + 2
    out.append(css[start:])
    return "".join(out)


def _split(text: str, separator: str) -> list[str]:
    """``text`` split at ``separator`` (``,`` or ``;``) outside strings, brackets and braces."""
    parts, depth, i, start = [], 0, 0, 0
    while match := _SPLIT_STOPS[separator].search(text, i):
        i, char = match.start(), match.group()
        if char in "\"'":
            i = _skip_string(text, i)
            continue
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
            if depth < 0:
                raise _Malformed(f"unbalanced {char!r}")
        elif depth == 0:
            parts.append(text[start:i])
            start = i + 1
        i += 1
    if depth:
        raise _Malformed("unclosed bracket")
    parts.append(text[start:])
    return parts


def _parse(css: str) -> list[_Node]:
    """The rules of comment-free ``css``."""
    nodes, i, start = [], 0, 0
    while match := _RULE_STOPS.search(css, i):
        i, char = match.start(), match.group()
        if char in "\"'":
            i = _skip_string(css, i)
        elif char == "{":
            close = _after_group(css, i, "{", "}") - 1
            prelude, body = css[start:i].strip(), css[i + 1 : close]
            nodes.append(_node(prelude, body))
            i = start = close + 1
        elif char == ";" and css[start:i].strip().startswith("@"):
            nodes.append(_Node(css[start:i].strip(), raw=css[start : i + 1].strip()))
            i = start = i + 1
        else:
            raise _Malformed(f"stray {char!r}")
    if css[start:].strip():
        raise _Malformed("text after the last rule")
    return nodes


def _node(prelude: str, body: str) -> _Node:
    if not prelude:
        raise _Malformed("a block without a selector")
    if prelude.startswith("@"):
        keyword = prelude.split(None, 1)[0].lower()
        if keyword in _GROUPS:
            return _Node(prelude, children=_parse(body))
        return _Node(prelude, raw=f"{prelude}{{{body}}}")
    declarations = [d.strip() for d in _split(body, ";") if d.strip()]
    if any("{" in _unquoted(d) for d in declarations):
        return _Node(prelude, raw=f"{prelude}{{{body}}}")  # nested rules (CSS nesting): kept whole
    return _Node(prelude, declarations=declarations)


def _unquoted(text: str) -> str:
    """``text`` without its strings."""
    out, i, start = [], 0, 0
    while i < len(text):
        if text[i] in "\"'":
            out.append(text[start:i])
            i = start = _skip_string(text, i)
        else:
            i += 1
    return "".join(out) + text[start:]


def _serialize(nodes: list[_Node]) -> str:
    out = []
    for node in nodes:
        if node.raw is not None:
            out.append(node.raw)
        elif node.children is not None:
            out.append(f"{node.prelude}{{{_serialize(node.children)}}}")
        else:
            out.append(f"{node.prelude}{{{';'.join(node.declarations)}}}")
    return "\n".join(out)


# --- Pruning -----------------------------------------------------------------------------------


def selector_can_match(selector: str, classes: set[str]) -> bool:
    """Whether ``selector`` (one of a list) can match given the page's ``classes``: every class
    it names is among them, except those under ``:not()``. A selector this cannot judge (escapes,
    ``:is()``, ``:has()``...) can."""
    if "\\" in selector or _OPEN_ENDED.search(selector):
        return True
    plain = _drop_brackets(selector)
    return all(name in classes for name in _CLASS_NAME.findall(plain))


_BRACKET_OR_NOT = re.compile(r"\[|:not\(", re.IGNORECASE)


def _drop_brackets(selector: str) -> str:
    """``selector`` without attribute selectors and ``:not(...)``."""
    out, i = [], 0
    while match := _BRACKET_OR_NOT.search(selector, i):
        out.append(selector[i : match.start()])
        if match.group() == "[":
            i = _after_group(selector, match.start(), "[", "]")
        else:
            i = _after_group(selector, match.end() - 1, "(", ")")
    out.append(selector[i:])
    return "".join(out)


def _after_group(text: str, i: int, opening: str, closing: str) -> int:
    """The index after the group that opens at ``text[i]``."""
    stops = re.compile(f"[\"'{re.escape(opening)}{re.escape(closing)}]")
    depth = 0
    while match := stops.search(text, i):
        i, char = match.start(), match.group()
        if char in "\"'":
            i = _skip_string(text, i)
            continue
        depth += 1 if char == opening else -1
        if depth == 0:
            return i + 1
        i += 1
    raise _Malformed(f"unclosed {opening!r}")


def _keep_matching(nodes: list[_Node], classes: set[str]) -> list[_Node]:
    return _pruned(
        nodes,
        lambda node: (
            node.prelude.startswith("@")
            or any(selector_can_match(selector, classes) for selector in _split(node.prelude, ","))
        ),
    )


def _rules(nodes: list[_Node]) -> Iterable[_Node]:
    for node in nodes:
        if node.children is not None:
            yield from _rules(node.children)
        elif node.raw is None:
            yield node


def _property(declaration: str) -> str:
    return declaration.split(":", 1)[0].strip()


def _drop_unread_properties(sheets: list[list[_Node]], elsewhere: str) -> None:
    """Drop the custom-property declarations nothing reads: read means named in a ``var()`` of
    ``elsewhere``, of a kept rule's other declarations or at-rules, or of a property so read."""
    rules = [rule for sheet in sheets for rule in _rules(sheet)]
    custom: dict[str, list[str]] = {}  # property -> the values it is given
    read = set(_VAR.findall(elsewhere))
    for rule in rules:
        for declaration in rule.declarations:
            name = _property(declaration)
            if name.startswith("--"):
                custom.setdefault(name, []).append(declaration)
            else:
                read.update(_VAR.findall(declaration))
    for sheet in sheets:  # at-rules and nested rules, kept whole
        read.update(name for n in _walk(sheet) if n.raw for name in _VAR.findall(n.raw))
    todo = list(read)
    while todo:
        for value in custom.get(todo.pop(), ()):
            for name in _VAR.findall(value):
                if name not in read:
                    read.add(name)
                    todo.append(name)
    for rule in rules:
        rule.declarations = [
            d
            for d in rule.declarations
            if not _property(d).startswith("--") or _property(d) in read
        ]
    for sheet in sheets:
        sheet[:] = _without_empty_rules(sheet)


def _walk(nodes: list[_Node]) -> Iterable[_Node]:
    for node in nodes:
        yield node
        if node.children is not None:
            yield from _walk(node.children)


def _pruned(nodes: list[_Node], keep: Callable[[_Node], bool]) -> list[_Node]:
    """The nodes ``keep`` accepts, at-rule blocks kept while anything inside them is."""
    kept = []
    for node in nodes:
        if node.children is not None:
            node.children = _pruned(node.children, keep)
            if node.children:
                kept.append(node)
        elif keep(node):
            kept.append(node)
    return kept


def _without_empty_rules(nodes: list[_Node]) -> list[_Node]:
    return _pruned(nodes, lambda node: node.raw is not None or bool(node.declarations))


_KEYFRAMES = ("@keyframes", "@-webkit-keyframes", "@-moz-keyframes", "@-o-keyframes")


def _drop_unused_at_rules(sheets: list[list[_Node]], elsewhere: str) -> None:
    """Drop the ``@keyframes`` and ``@font-face`` rules that no kept declaration names."""
    named = "\n".join(
        [elsewhere]
        + [d for sheet in sheets for rule in _rules(sheet) for d in rule.declarations]
        + [n.raw for sheet in sheets for n in _walk(sheet) if n.raw and not n.at_keyword]
    ).lower()

    def used(node: _Node) -> bool:
        if node.at_keyword in _KEYFRAMES:
            name = node.prelude[len(node.at_keyword) :].strip().strip("\"'").lower()
        elif node.at_keyword == "@font-face":
            family = re.search(r"font-family\s*:\s*([^;}]+)", node.raw or "", re.I)
            name = family.group(1).strip().strip("\"'").lower() if family else ""
        else:
            return True
        return not name or re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", named) is not None

    for sheet in sheets:
        sheet[:] = _pruned(sheet, lambda node: node.raw is None or used(node))
