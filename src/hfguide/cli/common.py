"""What every ``hfguide`` command shares: the one-line error, the parser that reports usage errors
in one line, argument types that refuse bad values with one clear line, and the text table."""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable, Sequence
from typing import NoReturn

from hfguide.core.settings import SettingsError, check_endpoint, redact, secrets_from_env


class CliError(Exception):
    """An error worth one clear line to the user."""


class Parser(argparse.ArgumentParser):
    """Usage errors in one line (the usage itself is one ``--help`` away)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {' '.join(message.split())} (see {self.prog} --help)\n")


def command(sub, name: str, summary: str) -> argparse.ArgumentParser:
    """A sub-command whose one-line summary shows in ``hfguide --help`` and opens its own help."""
    return sub.add_parser(name, help=summary, description=summary[0].upper() + summary[1:] + ".")


# -- argument types other subcommands share: each refuses bad values with one clear line -------


def _number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"{text!r} is not a finite number")
    return value


def _integer(text: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None


def _at_least(
    parse: Callable[[str], float], low: float, *, above: bool, refusal: str
) -> Callable[[str], float]:
    def check(text: str) -> float:
        value = parse(text)
        if value < low or (above and value == low):
            raise argparse.ArgumentTypeError(f"{text!r} {refusal}")
        return value

    return check


#: A finite number above zero (``nan``, ``inf``, ``0`` and negatives are refused).
finite_positive_float = _at_least(_number, 0, above=True, refusal="is not above zero")
#: A finite number, zero or more.
non_negative_float = _at_least(_number, 0, above=False, refusal="is negative")
#: A whole number, zero or more.
non_negative_int = _at_least(_integer, 0, above=False, refusal="is negative")
#: A whole number, one or more.
positive_int = _at_least(_integer, 1, above=False, refusal="is not at least 1")


def int_between(low: int, high: int) -> Callable[[str], int]:
    """A whole number from ``low`` to ``high``."""

    def check(text: str) -> int:
        value = _integer(text)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{text!r} is not between {low} and {high}")
        return value

    check.__name__ = f"whole number from {low} to {high}"
    return check


def port(text: str) -> int:
    """A TCP port, 1 to 65535."""
    return int_between(1, 65535)(text)


def url(text: str) -> str:
    """An http(s) URL with a host."""
    try:
        return check_endpoint(text, "the URL")
    except SettingsError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Rows under headers in aligned columns, as plain text."""
    widths = [
        max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)
    ]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)])


def one_line(text: object) -> str:
    """``text`` on one line of at most 1,000 characters, without the environment's secrets."""
    return " ".join(redact(text, *secrets_from_env()).split())[:1000]
