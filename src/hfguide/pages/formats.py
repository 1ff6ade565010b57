"""How numbers read on the pages. The explorer formats numbers in the browser by the same rules
(``fmt`` in ``explorer.js``); ``tests/cases/number-formats.json`` holds the cases both must meet."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

MISSING = "—"  # what a page shows for a number the data does not have


def finite_number(value: Any) -> float | None:
    """``value`` as a float if it is a finite number (not a bool, a string, NaN or 10**400)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


def sort_key(value: Any) -> str:
    """A number cell's ``data-sort`` value: the number, or -1 when there is none."""
    number = finite_number(value)
    if number is None:
        return "-1"
    return str(int(number)) if number.is_integer() else repr(number)


def human_count(n: float | None) -> str:
    """1234567 → '1.2M'; None (or a value that is not a finite number) → '—'."""
    n = finite_number(n)
    if n is None:
        return MISSING
    for limit, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(n) >= limit:
            value = n / limit
            return (
                f"{value:.0f}{suffix}"
                if value >= 100
                else f"{value:.1f}{suffix}".replace(".0" + suffix, suffix)
            )
    return f"{n:.0f}"


def human_params(n: float | None) -> str:
    """Parameter counts as people say them: 22.7M, 7.2B, 1.1T."""
    return human_count(n)


def fixed(value: float | None, digits: int = 1) -> str:
    """``value`` with ``digits`` decimals; a value that would read as zero (a 3-million-parameter
    model in billions) keeps two significant digits instead."""
    number = finite_number(value)
    if number is None:
        return MISSING
    if number != 0 and abs(number) < 0.5 * 10**-digits:
        return _two_significant(number)
    return _half_up(number, digits)


def _half_up(number: float | Decimal, decimals: int) -> str:
    """``number`` with ``decimals`` decimals, a tie rounded away from zero: JavaScript's
    ``toFixed``, which Python's own formatting (ties to even) is not."""
    exact = Decimal(number).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return f"{exact:.{decimals}f}"


def _two_significant(number: float) -> str:
    """JavaScript's ``toPrecision(2)`` for numbers below 1 (on the exact binary value)."""
    exact = Decimal(number)
    exponent = exact.adjusted()
    if abs(exact.scaleb(-exponent).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)) >= 10:
        exponent += 1  # 0.0996 → 0.10
    if exponent < -6:
        return f"{_half_up(exact.scaleb(-exponent), 1)}e{exponent}"
    return _half_up(exact, max(0, 1 - exponent))
