"""Whether fresh data may replace a snapshot: only comparable data may.

A Hub that answers with empty pages (or next-page links that loop over them) still answers: the
transport stops the paging with a warning, the records pass their checks, and without this
guard a refresh would write a snapshot with no models over a good one, and a live build would
show empty tables. So before a refresh writes, and before a build uses live data, the fresh data
are compared with the snapshot they would replace. They are refused when

* the Hub's model records or the leaderboard's rows are none at all (whether or not there is
  a snapshot: the site has nothing to show without them);
* any data set holds far fewer entries than the snapshot: fewer than ``MIN_SHARE`` of its
  model records, tasks, leaderboard rows or model configs;
* any model query answered far fewer records than the snapshot's answer to the same query
  (whatever its limit): fewer than ``MIN_SHARE_PER_QUERY`` of them;

each time only when more than ``MAX_LOST_ALWAYS`` entries are missing, as a few records more
or less are the Hub's business. A refresh that is refused writes nothing and says what was read
and what the snapshot keeps; ``hfguide refresh --allow-shrink`` replaces the snapshots anyway,
for a deliberate change (a smaller ``--limit``, say). A build whose live data are refused uses
the snapshot for that data set and says so (``hfguide.data.source``).
"""

from __future__ import annotations

from hfguide.data.hub_models import HubData
from hfguide.data.leaderboard import LeaderboardData
from hfguide.data.model_configs import ModelConfigs
from hfguide.hub.errors import HubError

#: Fresh data may hold no fewer than this share of the snapshot's model records, tasks,
#: leaderboard rows or model configs.
MIN_SHARE = 0.8
#: Each model query's answer may hold no fewer than this share of the records the snapshot's
#: answer to the same query holds (trending lists move; empty answers do not pass).
MIN_SHARE_PER_QUERY = 0.5
#: Losing this many entries or fewer never counts as shrinking.
MAX_LOST_ALWAYS = 2


class NotComparable(HubError):
    """The fresh data are empty or far smaller than the snapshot they would replace; the
    message says what was read and what the snapshot keeps."""


def shrinks(before: int, after: int, share: float = MIN_SHARE) -> bool:
    """Whether ``after`` entries are far fewer than ``before``: fewer than ``share`` of them,
    and more than ``MAX_LOST_ALWAYS`` fewer."""
    return after < share * before and before - after > MAX_LOST_ALWAYS


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def hub_change(new: HubData, old: HubData | None) -> str | None:
    """Why ``new`` may not replace the Hub snapshot ``old`` (``None``: no snapshot), in words
    that say what was read and what is kept; ``None`` when it may."""
    reasons = []
    records = len(new.records)
    if records == 0:
        reasons.append("the answers held no model records")
    if old is not None:
        before = {(q.task, q.sort, q.filters): len(rs) for q, rs in old.results.items()}
        fewer = []
        for query, answered in new.results.items():
            had = before.get((query.task, query.sort, query.filters))
            if had is not None and shrinks(had, len(answered), MIN_SHARE_PER_QUERY):
                fewer.append(
                    f"{query.task or 'all tasks'} by {query.sort}: {len(answered)} of {had}"
                )
        if fewer:
            reasons.append(
                f"{len(fewer)} of {len(new.results)} queries answered far fewer records than "
                f"the snapshot's answers, such as {fewer[0]}"
            )
        if records and shrinks(len(old.records), records):
            reasons.append(f"{records} model records where the snapshot has {len(old.records)}")
        if shrinks(len(old.tasks), len(new.tasks)):
            reasons.append(f"{len(new.tasks)} tasks where the snapshot has {len(old.tasks)}")
    if not reasons:
        return None
    kept = (
        f"the snapshot keeps {_plural(len(old.tasks), 'task')} and "
        f"{_plural(len(old.records), 'model')}"
        if old is not None
        else "there is no snapshot to keep"
    )
    read = f"{_plural(len(new.tasks), 'task')} and {_plural(records, 'model')}"
    return f"read {read} ({'; '.join(reasons)}); {kept}"


def board_change(new: LeaderboardData, old: LeaderboardData | None) -> str | None:
    """Why ``new`` may not replace the leaderboard snapshot ``old``; ``None`` when it may."""
    rows = len(new.rows)
    if rows and (old is None or not shrinks(len(old.rows), rows)):
        return None
    kept = (
        f"the snapshot keeps {_plural(len(old.rows), 'row')}"
        if old is not None
        else "there is no snapshot to keep"
    )
    return f"read {_plural(rows, 'leaderboard row')}; {kept}"


def configs_change(new: ModelConfigs, old: ModelConfigs | None) -> str | None:
    """Why ``new`` may not replace the configs snapshot ``old``; ``None`` when it may.

    Unlike the other two, an empty set of configs is no problem by itself: many models have no
    config the Hub serves (gated, missing), and a small replay may serve none.
    """
    if old is None or not shrinks(len(old.configs), len(new.configs)):
        return None
    return (
        f"read {_plural(len(new.configs), 'config')} of {new.asked} models asked; "
        f"the snapshot keeps {_plural(len(old.configs), 'config')}"
    )
