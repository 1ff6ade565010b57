"""What a model's name declares: its kind of tuning and its domain.

The leaderboard's type is chosen by whoever submitted the model, and its one "chat" type lumps
instruction tuning (SFT, IFT) with preference tuning (RLHF, DPO, PPO, ...). The glossary picks
its examples by what a model's own name declares instead.
"""

from __future__ import annotations

import re

from hfguide.data.leaderboard import LeaderboardRow


def _word_pattern(words: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![a-z0-9])({words})(?![a-z0-9])")


TUNING_IN_NAME: dict[str, re.Pattern[str]] = {
    # preference first: "SFT-DPO" was preference-tuned last
    "preference": _word_pattern("rlhf|dpo|ppo|orpo|simpo|kto|ipo|grpo|rloo|cpo"),
    "instruction": _word_pattern("sft|ift"),
}
DOMAIN_IN_NAME = _word_pattern(
    "med|medical|bio|biomed|clinical|health|mental_health|law|legal|finance|financial|code|coder|"
    "coding|math|chem|chemistry|science|sql|cyber|security|doctor|psy"
)


def _name(row: LeaderboardRow) -> str:
    return (row.get("id") or "").rsplit("/", 1)[-1].lower()


def declared_tuning(row: LeaderboardRow) -> tuple[str, str] | None:
    """("preference", "dpo") when the name says DPO, ("instruction", "sft") when it says SFT."""
    for kind, pattern in TUNING_IN_NAME.items():
        if found := pattern.search(_name(row)):
            return kind, found[0]
    return None


def declared_domain(row: LeaderboardRow) -> str | None:
    """The domain a name declares ("math", "code", "medical", ...), if any."""
    found = DOMAIN_IN_NAME.search(_name(row))
    return found[0] if found else None
