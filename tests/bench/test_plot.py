"""The accuracy-against-latency plot: valid SVG, points placed by their numbers, names escaped."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pytest

from hfguide.bench.plot import _step, accuracy_latency_svg

SVG = "{http://www.w3.org/2000/svg}"


def draw(points, random=0.25, majority=0.3):
    return ET.fromstring(
        accuracy_latency_svg(points, random=random, majority=majority, title="set, 9 questions")
    )


def texts(root):
    return [t.text for t in root.iter(f"{SVG}text")]


def test_each_model_is_a_labelled_point_placed_by_its_numbers():
    root = draw([("org/fast", 10.0, 0.5), ("org/slow", 40.0, 1.0)])
    circles = [(float(c.get("cx")), float(c.get("cy"))) for c in root.iter(f"{SVG}circle")]
    (fast_x, fast_y), (slow_x, slow_y) = circles
    assert slow_x > fast_x and slow_y < fast_y  # slower to the right, more accurate higher
    assert {"fast", "slow", "set, 9 questions", "accuracy (%)"} <= set(texts(root))
    description = root.find(f"{SVG}desc").text
    assert "org/fast: 50.0% right, 10.0 ms per question" in description
    assert "Random guessing: 25.0%" in description


def test_hostile_names_are_escaped_and_bad_numbers_left_out():
    root = draw(
        [
            ('x/<script>"&amp;\x00', 5.0, 0.5),
            ("x/nan", math.nan, 0.5),
            ("x/inf", 5.0, math.inf),
            ("x/over", 5.0, 1.5),
            ("x/negative", -1.0, 0.5),
            ("x/huge", 1e308, 0.5),
        ]
    )
    assert len(list(root.iter(f"{SVG}circle"))) == 1
    assert '<script>"&amp;' in texts(root)  # shown as typed, not read as markup
    left_out = ("nan", "inf", "over", "negative", "huge")
    assert not any(name in "".join(texts(root)) for name in left_out)


def test_no_model_still_draws_the_axes_and_baselines():
    root = draw([])
    assert not list(root.iter(f"{SVG}circle"))
    assert "No model to plot." in root.find(f"{SVG}desc").text
    dashed = [line for line in root.iter(f"{SVG}line") if line.get("stroke-dasharray")]
    assert len(dashed) == 4  # each baseline and its key


@pytest.mark.parametrize(
    ("span", "step"), [(1.0, 0.2), (7.0, 1.0), (123.0, 20.0), (140.0, 20.0), (4_000.0, 500.0)]
)
def test_ticks_fall_on_round_steps(span, step):
    assert _step(span) == pytest.approx(step)
