"""Which recorded shape a model plans with, and how it matched."""

from __future__ import annotations

from hfguide.data.model_configs import ModelConfigs
from hfguide.planner.shapes import Shape

#: How close (relative) a leaderboard row's parameter count must be to a recorded shape's for
#: the row to borrow that shape when neither its id nor its base model has a config.
SIZE_TOLERANCE = 0.03
MATCH_OWN, MATCH_BASE, MATCH_SIZE = (
    "own config",
    "base model's config",
    "same architecture and size",
)


def shape_for(
    configs: ModelConfigs,
    repo_id: str,
    *,
    base: str | None = None,
    architecture: str | None = None,
    params: float | None = None,
) -> tuple[str, Shape, str] | None:
    """The recorded shape a model plans with: by its own id, then by its base model, then (for
    leaderboard rows, which give an architecture and a size) a recorded model of the same
    architecture within [`SIZE_TOLERANCE`][SIZE_TOLERANCE] of its parameter count.

    Returns:
        ``(recorded repo id, shape, how it matched)``, or None when nothing matches.
    """
    for candidate, how in ((repo_id, MATCH_OWN), (base, MATCH_BASE)):
        found = configs.find(candidate)
        if found:
            return found, configs.shapes[found], how
    if not architecture or not params or params <= 0:
        return None
    close = [
        (abs(configs.counts[recorded] / params - 1), recorded)
        for recorded, shape in configs.shapes.items()
        if shape.architecture == architecture
        and abs(configs.counts[recorded] / params - 1) <= SIZE_TOLERANCE
    ]
    if not close:
        return None
    _, recorded = min(close)
    return recorded, configs.shapes[recorded], MATCH_SIZE
