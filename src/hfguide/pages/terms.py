"""The words the widgets show that a reader may not know, each with what it means.

A widget that shows one of these words shows it as a term the reader can open where it stands
(``terms.js``): a tap or Enter shows the explanation right after it, a mouse pointer shows it as a
tooltip and a screen reader reads it as the term's description. The explanations reach the page
scripts through the page spec ([`browser_spec`][hfguide.pages.spec.browser_spec]); ``more`` is a
page of this site, relative to its root, that says more.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from hfguide.queries.model_shapes import MATCH_BASE, MATCH_OWN, MATCH_SIZE, SIZE_TOLERANCE


@dataclass(frozen=True)
class Term:
    """A word as widgets show it, what it means, and where the site says more."""

    name: str
    meaning: str
    more: str = ""


TERMS: dict[str, Term] = {
    "average": Term(
        "leaderboard average",
        "The mean of the Open LLM Leaderboard's six benchmark scores, each normalized to a "
        "scale of 0 to 100: 0 is no better than guessing, 100 is every answer right.",
        "leaderboard/#the-six-benchmarks",
    ),
    "flagged": Term(
        "flagged",
        "Left out unless you include them: rows whose listed size or precision contradicts "
        "their name or their base model (this guide's checks), and rows the leaderboard's "
        "community flagged.",
        "finder/#flagged-models",
    ),
    "gated": Term(
        "gated",
        "Its model page and card are public, but its files (config.json, the weights) download "
        "only for a logged-in account that asked for access and was granted it, at once or after "
        "the authors review the request; your code then needs a token.",
        "run/gated/#get-access-then-a-token",
    ),
    "shape": Term(
        "shape",
        "What the memory plan reads from a model's config.json: layers, hidden size, attention "
        "and key-value heads, vocabulary, longest context and sliding windows. "
        f"“{MATCH_OWN}” is the model's own file, “{MATCH_BASE}” its base model's; "
        f"“{MATCH_SIZE}” is a recorded model of the same architecture whose parameter count is "
        f"within {SIZE_TOLERANCE:.0%} of this one's, used when neither file is recorded.",
        "finder/#memory",
    ),
    "sliding-window": Term(
        "sliding window",
        "A layer with a sliding window attends only to the latest tokens, so its KV cache "
        "stops growing at the window's length. “Sliding window of 4,096 tokens on 21 of 42 "
        "layers”: half the layers cache at most 4,096 tokens, the others the whole context.",
        "glossary/size/#context-can-cost-as-much-as-the-weights",
    ),
    "kv-cache": Term(
        "KV cache",
        "The attention keys and values of every token read so far, kept for each layer so "
        "that each new token does not recompute them; it grows with the context and the batch.",
        "glossary/precision/#the-memory-arithmetic",
    ),
}


def browser_terms() -> dict[str, Any]:
    """Every term for the page scripts, by key."""
    return {key: asdict(term) for key, term in TERMS.items()}
