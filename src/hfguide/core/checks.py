"""Checks for values that come from the Hub: each returns ``None`` for a fitting value, else what
is wrong, in a few words. Data sets compose them into a table per record type
(field name → check) and run it with [`fields_problem`][fields_problem]."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

Check = Callable[[Any], "str | None"]


def check_text(max_len: int, pattern: re.Pattern[str] | None = None) -> Check:
    """A check for text of 1 to ``max_len`` characters, matching ``pattern`` if one is given.

    Returns:
        A function that returns ``None`` for a fitting value, else what is wrong, in a few words.
    """

    def check(value: Any) -> str | None:
        if not isinstance(value, str):
            return "is not text"
        if not value.strip() or len(value) > max_len:
            return f"is empty or longer than {max_len} characters"
        if pattern is not None and not pattern.fullmatch(value):
            return "has characters or a shape the Hub does not allow"
        return None

    return check


def check_whole(low: int, high: int) -> Check:
    """A check for a whole number from ``low`` to ``high`` (booleans are not numbers).

    Returns:
        A function that returns ``None`` for a fitting value, else what is wrong, in a few words.
    """

    def check(value: Any) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int):
            return "is not a whole number"
        if not low <= value <= high:
            return f"is out of range ({low} to {high:.0e})"
        return None

    return check


def check_finite(limit: float) -> Check:
    """A check for a finite number no larger than ``limit`` in size.

    Returns:
        A function that returns ``None`` for a fitting value, else what is wrong, in a few words.
    """

    def check(value: Any) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return "is not a number"
        if isinstance(value, float) and not math.isfinite(value):
            return "is not a finite number"
        if abs(value) > limit:
            return "is out of range"
        return None

    return check


def check_text_list(max_items: int, max_len: int) -> Check:
    """A check for a list of at most ``max_items`` texts of 1 to ``max_len`` characters each.

    Returns:
        A function that returns ``None`` for a fitting value, else what is wrong, in a few words.
    """
    item = check_text(max_len)

    def check(value: Any) -> str | None:
        if not isinstance(value, list) or not value:
            return "is not a list of text"
        if len(value) > max_items:
            return f"has more than {max_items} entries"
        for n, entry in enumerate(value):
            if (problem := item(entry)) is not None:
                return f"entry {n + 1} {problem}"
        return None

    return check


def check_one_of(values: frozenset[str]) -> Check:
    """A check that a value is one of ``values``.

    Returns:
        A function that returns ``None`` for a fitting value, else what is wrong, in a few words.
    """

    def check(value: Any) -> str | None:
        return None if value in values else f"is not one of {', '.join(sorted(values))}"

    return check


def optional(check: Check) -> Check:
    """``check``, with ``None`` (a value the source lacks) allowed."""
    return lambda value: None if value is None else check(value)


def check_bool(value: Any) -> str | None:
    """``None`` if ``value`` is ``True`` or ``False``, else what is wrong, in a few words."""
    return None if isinstance(value, bool) else "is not true or false"


def fields_problem(value: dict[Any, Any], checks: dict[str, Check]) -> str | None:
    """The first field of ``value`` that ``checks`` has no check for or whose check fails.

    Args:
        value: A record or task, as a dict.
        checks: Field names mapped to checks that return ``None`` or a problem.

    Returns:
        The field's name and its problem (``"downloads is not a whole number"``), or ``None``.
    """
    for name, field_value in value.items():
        check = checks.get(name)
        if check is None:
            return f"has an unknown field {str(name)[:40]!r}"
        if (problem := check(field_value)) is not None:
            return f"{name} {problem}"
    return None
