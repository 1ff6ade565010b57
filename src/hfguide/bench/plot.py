"""The bench's accuracy-against-latency plot, written as SVG.

A few points, two reference lines and their labels need no plotting library. Written as text, the
plot takes microseconds where loading matplotlib took most of a second of every bench run, and it
stays sharp at any zoom. Every name is escaped for XML, and a point whose accuracy or latency is
not a finite number in range is left out of the plot (the results files still hold it).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from html import escape

WIDTH, HEIGHT = 640, 400
LEFT, RIGHT, TOP, BOTTOM = 64, 24, 58, 52
#: Point colours, told apart by readers with the common colour-vision deficiencies (Okabe and Ito).
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
#: The prefix of the ids in the SVG: unique when the SVG is put inline in a page.
ID = "hfguide-bench-plot"
#: Latencies above this (about 30 years) are not measurements; they would overflow the axis.
MAX_LATENCY_MS = 1e12
FONT = 'font-family="DejaVu Sans, Arial, Helvetica, sans-serif"'
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: object) -> str:
    return escape(_NOT_XML.sub("", str(value)), quote=True)


def _step(span: float, most: int = 8) -> float:
    """The tick step for ``span``: 1, 2 or 5 times a power of ten, giving at most ``most`` steps."""
    power = 10.0 ** math.floor(math.log10(span / most))
    return next(power * m for m in (1, 2, 5, 10) if span / (power * m) <= most)


def _number(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 or value == 0 else f"{value:g}"


def accuracy_latency_svg(
    points: Sequence[tuple[str, float, float]],
    *,
    random: float,
    majority: float,
    title: str,
) -> str:
    """The plot of accuracy against mean latency, one point per model, as an SVG document.

    Args:
        points: ``(model, mean latency in ms, accuracy from 0 to 1)`` for each model.
        random: The accuracy of guessing at random, from 0 to 1 (a dashed line).
        majority: The accuracy of always giving the most common answer (a dotted line).
        title: The line under the plot's heading (the question set and its size).

    Returns:
        The SVG text.
    """
    shown = [
        (name, latency, accuracy)
        for name, latency, accuracy in points
        if 0 <= latency <= MAX_LATENCY_MS and 0 <= accuracy <= 1  # NaN fails every comparison
    ]
    x_max = max((latency for _, latency, _ in shown), default=0.0) * 1.4 or 1.0
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(latency: float) -> float:
        return LEFT + inner_w * latency / x_max

    def y(percent: float) -> float:
        return TOP + inner_h * (1 - percent / 100)

    described = "; ".join(
        f"{name}: {accuracy:.1%} right, {latency:,.1f} ms per question"
        for name, latency, accuracy in shown
    )
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" '
        f'height="{HEIGHT}" style="max-width: 100%; height: auto" role="img" '
        f'aria-labelledby="{ID}-title {ID}-desc" {FONT} font-size="12">',
        f'<title id="{ID}-title">Accuracy against latency</title>',
        f'<desc id="{ID}-desc">{_text(title)}. {_text(described or "No model to plot.")} '
        f"Random guessing: {random:.1%}; the most common answer: {majority:.1%}.</desc>",
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
        f'<text x="{WIDTH / 2}" y="22" text-anchor="middle" font-size="14">'
        "Accuracy against latency</text>",
        f'<text x="{WIDTH / 2}" y="40" text-anchor="middle" fill="#444444">{_text(title)}</text>',
    ]
    for percent in range(0, 101, 20):
        out.append(
            f'<line x1="{LEFT}" x2="{LEFT + inner_w}" y1="{y(percent):.1f}" y2="{y(percent):.1f}" '
            'stroke="#e5e5e5"/>'
            f'<text x="{LEFT - 8}" y="{y(percent) + 4:.1f}" text-anchor="end">{percent}</text>'
        )
    step = _step(x_max)
    for i in range(int(x_max / step) + 1):
        tick = i * step
        out.append(
            f'<line x1="{x(tick):.1f}" x2="{x(tick):.1f}" y1="{TOP + inner_h}" '
            f'y2="{TOP + inner_h + 5}" stroke="#333333"/>'
            f'<text x="{x(tick):.1f}" y="{TOP + inner_h + 19}" text-anchor="middle">'
            f"{_number(tick)}</text>"
        )
    out.append(
        f'<rect x="{LEFT}" y="{TOP}" width="{inner_w}" height="{inner_h}" fill="none" '
        'stroke="#333333"/>'
        f'<text x="{LEFT + inner_w / 2}" y="{HEIGHT - 10}" text-anchor="middle">'
        "mean latency per question (ms)</text>"
        f'<text transform="translate(18 {TOP + inner_h / 2}) rotate(-90)" text-anchor="middle">'
        "accuracy (%)</text>"
    )
    references = (
        ("random guess", random, "6 4"),
        ("most common answer", majority, "2 3"),
    )
    for row, (label, share, dashes) in enumerate(references):
        if math.isfinite(share) and 0 <= share <= 1:
            out.append(
                f'<line x1="{LEFT}" x2="{LEFT + inner_w}" y1="{y(share * 100):.1f}" '
                f'y2="{y(share * 100):.1f}" stroke="#777777" stroke-dasharray="{dashes}"/>'
            )
        key_y = TOP + 16 + 18 * row
        key_x = LEFT + inner_w - 170
        out.append(
            f'<line x1="{key_x}" x2="{key_x + 28}" y1="{key_y - 4}" y2="{key_y - 4}" '
            f'stroke="#777777" stroke-dasharray="{dashes}"/>'
            f'<text x="{key_x + 36}" y="{key_y}" font-size="11">{label}</text>'
        )
    for i, (name, latency, accuracy) in enumerate(shown):
        colour = COLOURS[i % len(COLOURS)]
        cx, cy = x(latency), y(accuracy * 100)
        out.append(
            f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="5" fill="{colour}"/>'
            f'<text x="{cx:.1f}" y="{cy - 10:.1f}" text-anchor="middle" font-size="11" '
            'stroke="#ffffff" stroke-width="3" paint-order="stroke">'
            f"{_text(name.split('/')[-1])}</text>"
        )
    out.append("</svg>")
    return "\n".join(out) + "\n"
