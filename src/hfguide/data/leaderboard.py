"""The Open LLM Leaderboard (v2) results: loaded from the Hub data set, kept as a snapshot.

The leaderboard publishes its results as the Hub data set ``open-llm-leaderboard/contents``
(parquet files under ``data/``). [`fetch_leaderboard`][fetch_leaderboard] downloads them with
``huggingface_hub`` and reduces every row to the fields the site uses; the result is cached
like other Hub answers and written to ``data/leaderboard.json`` by ``hfguide refresh``.
"""

from __future__ import annotations

import bisect
import difflib
import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Callable
from typing import Any

from hfguide.data.licenses import PERMISSIVE_LICENSES
from hfguide.data.files import json_text, write_text_atomic
from hfguide.data.provenance import (
    InvalidSnapshot,
    check_header,
    header,
    read_snapshot_file,
    too_many_dropped,
)
from hfguide.data.source import live_or_snapshot
from hfguide.hub.client import HubClient, HubError
from hfguide.hub.records import (
    TIMESTAMP,
    check_bool,
    check_finite,
    check_one_of,
    check_text,
    check_whole,
    now_iso,
    optional,
)
from hfguide.settings import DEFAULT_LEADERBOARD
from hfguide.planner.memory import fits, is_precision, size_bucket

REPO_ID = "open-llm-leaderboard/contents"
NOT_STATED = "__none__"  # the licence filter's value for rows that state no licence
FORMAT = 2  # 2: rows carry "implausible" reasons

#: Model types: our key, the label the leaderboard uses (after its emoji), our short name.
TYPES: list[tuple[str, str, str]] = [
    ("pretrained", "pretrained", "Pretrained"),
    ("continuous", "continuously pretrained", "Continuously pretrained"),
    ("finetuned", "fine-tuned on domain-specific datasets", "Fine-tuned"),
    ("chat", "chat models (RLHF, DPO, IFT, ...)", "Chat (RLHF, DPO, IFT)"),
    ("merge", "base merges and moerges", "Merges and MoErges"),
    ("multimodal", "multimodal", "Multimodal"),
    ("other", "other", "Other"),
]
TYPE_LABELS = {key: label for key, _, label in TYPES}

#: Benchmarks: our key, the data set's column (normalised score, 0-100).
BENCHMARKS: list[tuple[str, str]] = [
    ("ifeval", "IFEval"),
    ("bbh", "BBH"),
    ("math", "MATH Lvl 5"),
    ("gpqa", "GPQA"),
    ("musr", "MUSR"),
    ("mmlu_pro", "MMLU-PRO"),
]

COLUMNS = [
    "id",
    "type",
    "precision",
    "params",
    "bucket",
    "license",
    "likes",
    "hub",
    "moe",
    "flagged",
    "implausible",
    "merged",
    "official",
    "chat_template",
    "weight_type",
    "architecture",
    "co2",
    "average",
    *(key for key, _ in BENCHMARKS),
    "submitted",
    "base",
]


def type_key(value: str) -> str:
    """'💬 chat models (RLHF, DPO, IFT, ...)' → 'chat'."""
    text = str(value or "").strip().lower()
    for key, label, _ in sorted(TYPES, key=lambda t: -len(t[1])):  # "continuously pretrained" first
        if text.endswith(label.lower()):
            return key
    return "other"


def _number(value: Any, digits: int = 4) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else round(number, digits)


def _text(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


def _flag(value: Any) -> bool:
    return str(value).strip().lower() in {"true", "1"}


def rows_from_frame(frame: Any) -> list[dict[str, Any]]:
    """The leaderboard's rows (a pandas frame of the data set) as the site's records."""
    rows = []
    for raw in frame.to_dict(orient="records"):
        listed = _number(raw.get("#Params (B)"), 3)
        params = listed if listed is not None and listed > 0 else None
        row = {
            "id": _text(raw.get("fullname")) or _text(raw.get("eval_name")),
            "type": type_key(raw.get("Type")),
            "precision": _text(raw.get("Precision")),
            "params": params,
            "bucket": size_bucket(params),
            "license": _text(raw.get("Hub License")),
            "likes": int(raw["Hub ❤️"]) if _number(raw.get("Hub ❤️")) is not None else None,
            "hub": _flag(raw.get("Available on the hub")),
            "moe": _flag(raw.get("MoE")),
            "flagged": _flag(raw.get("Flagged")),
            "merged": _flag(raw.get("Merged")),
            "official": _flag(raw.get("Official Providers")),
            "chat_template": _flag(raw.get("Chat Template")),
            "weight_type": _text(raw.get("Weight type")),
            "architecture": _text(raw.get("Architecture")),
            "co2": _number(raw.get("CO₂ cost (kg)")),
            "average": _number(raw.get("Average ⬆️")),
            **{key: _number(raw.get(column)) for key, column in BENCHMARKS},
            "submitted": _text(raw.get("Submission Date")),
            "base": _text(raw.get("Base Model")),
        }
        row["implausible"] = _own_doubts(row, listed)
        rows.append(row)
    _add_relative_doubts(rows)
    rows.sort(key=lambda r: (-(r["average"] or 0), r["id"] or ""))
    return rows


# --- Plausibility --------------------------------------------------------------------------
# The leaderboard's "#Params (B)" is read from the checkpoint's files. A few rows are plainly
# wrong: no count, 0 or -1, a packed 4-bit checkpoint counted as fewer parameters, or a count
# that no model of that name could have. Such rows keep their place in the grid, with the
# reasons, but stay out of the Pareto frontier and "best that fits" unless the reader asks.

#: How far a count may stray from the size a name or base model states before it is doubted:
#: names round (Gemma 7B has 8.5 B parameters, Falcon3 1B has 1.67 B) and fine-tunes may untie
#: embeddings, so a count passes within a factor of 1.5 plus half a billion of rounding.
SIZE_FACTOR = 1.5
SIZE_SLACK_B = 0.5
# Sizes in a name: "70b", "7B", "1.5B", "1_8b" (an underscore for the decimal point), "135M".
_NUMBER = r"(\d+(?:[._]\d+)?)"
_BEFORE = r"(?<![a-z0-9.])(?<![0-9]_)"  # not inside a word or a number such as "1_78b"
_SIZE_IN_NAME = re.compile(_BEFORE + _NUMBER + r"([bm])(?![a-z0-9])")
_UNDERSCORED = re.compile(r"\d+_(\d+)")  # "3_8B" may be Llama 3 8B as well as 3.8 B
_EXPERTS_IN_NAME = re.compile(_BEFORE + r"(\d+)x" + _NUMBER + r"([bm])(?![a-z0-9])")
#: Name parts that mean a quantised checkpoint (bitsandbytes, GPTQ, AWQ, GGUF, EXL2, HQQ, ...).
_QUANTISED_IN_NAME = re.compile(
    r"(?<![a-z0-9])(bnb|[2-8]-?bits?|int[48]|nf4|fp8|gptq|awq|gguf|exl2|hqq|aqlm|w[48]a(?:8|16))"
    r"(?![a-z0-9])"
)
_SIXTEEN_BIT_IN_NAME = re.compile(r"(?<![a-z0-9])(f16|fp16|bf16)(?![a-z0-9])")  # e.g. "F16-gguf"
SIXTEEN_BIT = {"float16", "bfloat16"}
#: "1M" in a name is a context length (Qwen2.5-7B-Instruct-1M), not a size.
_SMALLEST_M_IN_NAME = 10


def _billions(number: str, unit: str) -> float:
    return float(number.replace("_", ".")) / (1000 if unit == "m" else 1)


def sizes_in_name(model_id: str) -> list[tuple[str, float, float]]:
    """The sizes a model's name states, as (the words, lowest, highest count in billions).

    ``Llama-3-70b`` → 70 B; ``SmolLM-135M`` → 0.135 B; ``Mixtral-8x7B`` → between one expert
    and eight (experts share the attention layers, so 8x7B has 46.7 B, not 56 B);
    ``OLMoE-1B-7B`` states two sizes (active and total). "B" sizes win over "M" ones."""
    name = model_id.rsplit("/", 1)[-1].lower()
    experts = [
        (m[0].upper(), _billions(m[2], m[3]), int(m[1]) * _billions(m[2], m[3]))
        for m in _EXPERTS_IN_NAME.finditer(name)
        if int(m[1]) > 0 and _billions(m[2], m[3]) > 0
    ]
    if experts:
        return experts
    found = []
    for m in _SIZE_IN_NAME.finditer(name):
        found.append((m[0].upper(), m[1], m[2]))
        if underscored := _UNDERSCORED.fullmatch(m[1]):
            found.append((m[0].upper(), underscored[1], m[2]))
    billions = [(w, _billions(n, u)) for w, n, u in found if u == "b"]
    if not billions:
        billions = [(w, _billions(n, u)) for w, n, u in found if u == "m"]
        billions = [(w, b) for w, b in billions if b * 1000 >= _SMALLEST_M_IN_NAME]
    return [(w, b, b) for w, b in billions if b > 0]


def _within(params: float, low: float, high: float | None) -> bool:
    upper = math.inf if high is None else high * SIZE_FACTOR + SIZE_SLACK_B
    return low / SIZE_FACTOR - SIZE_SLACK_B <= params <= upper


def _billions_text(value: float) -> str:
    return f"{value:.3g}" if value < 1 else f"{value:.2f}".rstrip("0").rstrip(".")


def _own_doubts(row: dict[str, Any], listed: float | None) -> list[str] | None:
    """The reasons a row's own fields contradict each other (None when they agree)."""
    doubts = []
    if listed is None:
        doubts.append("listed with no parameter count")
    elif listed <= 0:
        doubts.append(f"listed at {listed:g} B parameters, which is no size at all")
    name = (row["id"] or "").rsplit("/", 1)[-1].lower()
    stated = sizes_in_name(name)
    # Merges may stack layers (a "passthrough" of two 8B models is bigger) and MoErges add
    # experts, so for them a name's size is only a lower bound.
    open_ended = row["type"] == "merge" or row["merged"] or row["moe"] or "moe" in name
    if stated and row["params"]:
        if not any(
            _within(row["params"], low, None if open_ended else high) for _, low, high in stated
        ):
            doubts.append(
                f"listed at {_billions_text(row['params'])} B parameters, "
                f"but its name says {stated[0][0]}"
            )
    quantised = _QUANTISED_IN_NAME.search(name)
    if quantised and row["precision"] in SIXTEEN_BIT and not _SIXTEEN_BIT_IN_NAME.search(name):
        doubts.append(
            f"its name says quantised ({quantised[0]}), but it is listed as {row['precision']}"
        )
    return doubts or None


#: The score check needs this many larger models to judge by (few models are 10 to 100 times
#: the size of a 14 B one, and those few are old).
_MIN_PEERS = 30


def _add_relative_doubts(rows: list[dict[str, Any]]) -> None:
    """Doubts that need the other rows: a count far from the base model's own row, and an
    average above every model listed at 10 to 100 times the size (a miscounted size)."""
    trusted = [r for r in rows if r["params"] and not r["implausible"]]
    base_sizes: dict[str, list[float]] = defaultdict(list)
    for r in trusted:
        base_sizes[r["id"]].append(r["params"])
    for row in rows:
        base = (row.get("base") or "").strip()
        if not row["params"] or not base or base == row["id"] or row["merged"]:
            continue
        if row["type"] in ("merge", "multimodal") or base not in base_sizes:
            continue  # merges may stack layers; multimodal models add an encoder
        base_params = sorted(base_sizes[base])[len(base_sizes[base]) // 2]
        if not _within(row["params"], base_params, base_params):
            _doubt(
                row,
                f"listed at {_billions_text(row['params'])} B parameters, but its base model "
                f"{base} is listed at {_billions_text(base_params)} B",
            )
    by_size = sorted(
        (r for r in trusted if r.get("average") is not None), key=lambda r: r["params"]
    )
    sizes = [r["params"] for r in by_size]
    for row in rows:
        if not row["params"] or row.get("average") is None:
            continue
        start = bisect.bisect_left(sizes, row["params"] * 10)
        end = bisect.bisect_right(sizes, row["params"] * 100)
        peers = by_size[start:end]
        if len(peers) >= _MIN_PEERS and row["average"] > max(r["average"] for r in peers):
            _doubt(
                row,
                f"listed at {_billions_text(row['params'])} B parameters, yet its average "
                f"({row['average']:.1f}) beats all {len(peers)} models listed at 10 to 100 times "
                "that size",
            )


def _doubt(row: dict[str, Any], reason: str) -> None:
    row["implausible"] = [*(row["implausible"] or []), reason]


#: What each known column may hold (``None``: the leaderboard has no value).
ROW_CHECKS = {
    "id": check_text(200),
    "type": check_one_of(frozenset(key for key, _, _ in TYPES)),
    "precision": optional(check_text(40)),
    "params": optional(check_finite(1e5)),
    "bucket": optional(check_text(40)),
    "license": optional(check_text(200)),
    "likes": optional(check_whole(0, 10**9)),
    "weight_type": optional(check_text(100)),
    "architecture": optional(check_text(200)),
    "co2": optional(check_finite(1e6)),
    "average": optional(check_finite(1000)),
    **{key: optional(check_finite(1000)) for key, _ in BENCHMARKS},
    "submitted": optional(check_text(40, TIMESTAMP)),
    "base": optional(check_text(200)),
    **{flag: check_bool for flag in ("hub", "moe", "flagged", "merged", "official")},
    "chat_template": check_bool,
}


def _other_value(value: Any) -> str | None:
    """A column the checks do not know: a short scalar, or a short list of short texts."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return check_finite(1e15)(value)
    if isinstance(value, str):
        return None if len(value) <= 500 else "is longer than 500 characters"
    if isinstance(value, list) and len(value) <= 20 and all(isinstance(v, str) for v in value):
        return None if all(len(v) <= 500 for v in value) else "has an entry that is too long"
    return "is not a short value"


def row_problem(row: dict[str, Any]) -> str | None:
    """What makes a leaderboard row unfit for the snapshot, in a few words; ``None`` if fine."""
    for name, value in row.items():
        if (problem := ROW_CHECKS.get(name, _other_value)(value)) is not None:
            return f"{name} {problem}"
    return None


def checked_rows(rows: list[dict[str, Any]], warn: Any) -> list[dict[str, Any]]:
    """The rows that pass ``row_problem``; the others are dropped with a warning each.

    Args:
        rows: Leaderboard rows as ``rows_from_frame`` makes them.
        warn: Called with one line per dropped row.

    Raises:
        HubError: too many rows fail, so the data is not worth a refresh.
    """
    kept = []
    for row in rows:
        if (problem := row_problem(row)) is None:
            kept.append(row)
        else:
            warn(f"left out leaderboard row {str(row.get('id'))[:100]!r}: {problem}")
    if too_many_dropped(len(rows) - len(kept), len(rows)):
        raise HubError(
            f"{len(rows) - len(kept)} of {len(rows)} leaderboard rows failed the checks; "
            "nothing was written"
        )
    return kept


@dataclass
class LeaderboardData:
    rows: list[dict[str, Any]]
    source: str  # "live" or "snapshot"
    created_at: str
    endpoint: str
    note: str = ""

    @property
    def submitted(self) -> tuple[str, str] | None:
        days = sorted(r["submitted"] for r in self.rows if r.get("submitted"))
        return (days[0], days[-1]) if days else None

    def columnar(self) -> dict[str, Any]:
        """Compact column-list form, for the snapshot and the page's data file."""
        return {"columns": COLUMNS, "rows": [[row.get(c) for c in COLUMNS] for row in self.rows]}

    def to_json(self) -> dict[str, Any]:
        return {
            **header(FORMAT, self.created_at, self.endpoint),
            "repo": REPO_ID,
            **self.columnar(),
        }

    @classmethod
    def from_json(cls, value: dict[str, Any], *, note: str = "") -> LeaderboardData:
        created_at, endpoint = check_header(value, FORMAT)
        columns, table = value.get("columns"), value.get("rows")
        if not isinstance(columns, list) or not isinstance(table, list):
            raise InvalidSnapshot("columns or rows is not a list")
        if not all(isinstance(c, str) for c in columns) or len(set(columns)) != len(columns):
            raise InvalidSnapshot("columns is not a list of distinct names")
        rows = []
        for n, cells in enumerate(table, 1):
            if not isinstance(cells, list) or len(cells) != len(columns):
                raise InvalidSnapshot(f"row {n} does not have {len(columns)} cells")
            row = dict(zip(columns, cells, strict=True))
            if (problem := row_problem(row)) is not None:
                raise InvalidSnapshot(f"row {n} ({str(row.get('id'))[:100]!r}): {problem}")
            rows.append(row)
        return cls(
            rows=rows, source="snapshot", created_at=created_at, endpoint=endpoint, note=note
        )


def fetch_leaderboard(client: HubClient) -> LeaderboardData:
    """Download the leaderboard data set's parquet files and reduce them to rows.

    Raises:
        HubError: the Hub did not answer, a parquet file is unreadable, or too many rows fail
            their checks.
    """
    import pandas as pd

    def fetch() -> list[dict[str, Any]]:
        paths = client.dataset_files(REPO_ID, prefix="data/", suffix=".parquet")
        try:
            frame = pd.concat([pd.read_parquet(p) for p in paths], ignore_index=True)
        except (OSError, ValueError) as err:
            raise HubError(f"{REPO_ID}: unreadable parquet ({err})") from None
        return rows_from_frame(frame)

    rows = checked_rows(client.cached(f"leaderboard {REPO_ID}", fetch), client.warn)
    return LeaderboardData(
        rows=rows, source="live", created_at=now_iso(), endpoint=client.public_endpoint
    )


def leaderboard_text(data: LeaderboardData) -> str:
    """The leaderboard snapshot file's text (checked the way a reader will check it)."""
    value = data.to_json()
    LeaderboardData.from_json(json.loads(json_text(value)))
    # One row per line keeps the file diffable without the bulk of indenting every value.
    rows = value.pop("rows")
    head = json_text(dict(sorted(value.items()))).rstrip()[:-1]
    body = ",\n".join(json_text(r).rstrip() for r in rows)
    return f'{head}, "rows": [\n{body}\n]}}\n'


def write_leaderboard(data: LeaderboardData, path: Path = DEFAULT_LEADERBOARD) -> None:
    """Write ``data`` as the leaderboard snapshot at ``path``, atomically, creating its folder."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(path, leaderboard_text(data))


def read_leaderboard(path: Path = DEFAULT_LEADERBOARD, *, note: str = "") -> LeaderboardData:
    """The leaderboard snapshot at ``path``; ``note`` says where the data came from.

    Raises:
        SnapshotError: the file is missing or is not a valid leaderboard snapshot.
    """
    return read_snapshot_file(
        path, "leaderboard snapshot", lambda value: LeaderboardData.from_json(value, note=note)
    )


def load_leaderboard(
    path: Path = DEFAULT_LEADERBOARD, *, client: HubClient | None = None
) -> LeaderboardData:
    """Live leaderboard data when the Hub answers, else the snapshot (as for the model tables).

    Args:
        path: The snapshot to fall back on.
        client: The ``HubClient`` to ask; with ``None``, one is made from the environment.

    Raises:
        SnapshotError: the Hub did not answer and the snapshot cannot be read.
    """
    return live_or_snapshot(
        fetch_leaderboard, lambda note: read_leaderboard(path, note=note), client
    )


# --- What a name declares ---------------------------------------------------------------------
# The leaderboard's type is chosen by whoever submitted the model, and its one "chat" type lumps
# instruction tuning (SFT, IFT) with preference tuning (RLHF, DPO, PPO, ...). The glossary picks
# its examples by what a model's own name declares instead.


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


def _name(row: dict[str, Any]) -> str:
    return (row.get("id") or "").rsplit("/", 1)[-1].lower()


def declared_tuning(row: dict[str, Any]) -> tuple[str, str] | None:
    """("preference", "dpo") when the name says DPO, ("instruction", "sft") when it says SFT."""
    for kind, pattern in TUNING_IN_NAME.items():
        if found := pattern.search(_name(row)):
            return kind, found[0]
    return None


def declared_domain(row: dict[str, Any]) -> str | None:
    """The domain a name declares ("math", "code", "medical", ...), if any."""
    found = DOMAIN_IN_NAME.search(_name(row))
    return found[0] if found else None


#: Row fields that keep a row out of the frontier and "best that fits" unless the reader
#: includes it: flagged by the leaderboard's community, or implausible by this guide's checks.
LEFT_OUT_FIELDS = ("flagged", "implausible")
MERGE_TYPE = "merge"


def is_left_out(row: dict[str, Any]) -> bool:
    """Whether the site leaves ``row`` out of its picks: flagged, or with implausible scores."""
    return any(row.get(field) for field in LEFT_OUT_FIELDS)


def is_merge(row: dict[str, Any]) -> bool:
    """A merge by the leaderboard's "Merged" flag or by the type its submitter chose."""
    return bool(row.get("merged")) or row.get("type") == MERGE_TYPE


def licence_matcher(
    rows: list[dict[str, Any]], licences: list[str] | None = None, *, permissive: bool = False
) -> Callable[[dict[str, Any]], bool]:
    """A test for a row's licence.

    Args:
        rows: The leaderboard rows (to check the names against).
        licences: Licences to accept, as the Hub spells them, any case;
            [`NOT_STATED`][NOT_STATED] accepts rows without one. None or empty: any licence.
        permissive: Also accept any licence of [`PERMISSIVE_LICENSES`][PERMISSIVE_LICENSES].

    Returns:
        A function that takes a row and says whether its licence is accepted.

    Raises:
        UnknownLicence: A name that no row carries; the message names the closest ones.
    """
    known = {(r.get("license") or "").lower() for r in rows} - {""}
    wanted = {name.strip().lower() for name in licences or [] if name.strip()}
    for name in sorted(wanted - known - {NOT_STATED}):
        raise UnknownLicence(name, _closest(name, known))
    if not wanted and not permissive:
        return lambda row: True
    allowed = wanted | (PERMISSIVE_LICENSES if permissive else set())
    return lambda row: (row.get("license") or NOT_STATED).lower() in allowed


def _squeeze(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name)


def _closest(name: str, known: set[str]) -> list[str]:
    by_squeezed = {_squeeze(k): k for k in sorted(known)}
    close = difflib.get_close_matches(_squeeze(name), list(by_squeezed), n=3, cutoff=0.6)
    return [by_squeezed[c] for c in close]


class UnknownLicence(ValueError):
    def __init__(self, name: str, suggestions: list[str]):
        hint = f"; did you mean {' or '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"no licence {name!r} in the leaderboard data{hint}")
        self.name, self.suggestions = name, suggestions


@dataclass
class BestThatFit:
    rows: list[dict[str, Any]]
    left_out: int  # rows that would have qualified but are flagged or implausible


def best_that_fit(
    rows: list[dict[str, Any]],
    *,
    budget_gb: float | None = None,
    precision: str | None = None,
    licences: list[str] | None = None,
    permissive: bool = False,
    model_type: str | None = None,
    merges: bool = True,
    limit: int = 10,
    include_flagged: bool = False,
) -> BestThatFit:
    """The highest-average rows that run within a memory budget, filtered by licence, type and
    merges.

    Rows of unknown size or precision fit no budget. Flagged and implausible rows
    ([`is_left_out`][is_left_out]) count as left out unless ``include_flagged``. The explorer's
    ``bestThatFit`` keeps to the same rules (shared golden cases in
    ``tests/data/explorer-cases.json``).

    Args:
        rows: The leaderboard rows.
        budget_gb: GPU memory in GB: weights in the evaluated precision (or ``precision``) plus
            the rule-of-thumb overhead must fit. None: no budget.
        precision: Assume this precision instead of the one each model was evaluated in.
        licences: Licences to accept (see [`licence_matcher`][licence_matcher]);
            [`NOT_STATED`][NOT_STATED] accepts rows without one.
        permissive: Accept any permissive licence.
        model_type: Only rows of this type key (``chat``, ``pretrained``, ...).
        merges: Include merged models.
        limit: How many rows to return at most.
        include_flagged: Include flagged and implausible rows.

    Returns:
        The rows, best average first, and how many qualifying rows were left out as flagged or
        implausible.

    Raises:
        UnknownLicence: A licence name that no row carries.
    """
    licence_ok = licence_matcher(rows, licences, permissive=permissive)
    chosen, left_out = [], 0
    for row in rows:
        if model_type and row["type"] != model_type:
            continue
        if not merges and is_merge(row):
            continue
        if not licence_ok(row):
            continue
        if budget_gb is not None:
            evaluated = precision or row.get("precision")
            if not row.get("params") or not is_precision(evaluated):
                continue
            if not fits(row["params"] * 1e9, evaluated, budget_gb):
                continue
        if is_left_out(row) and not include_flagged:
            left_out += 1
            continue
        chosen.append(row)
    chosen.sort(key=lambda r: (-(r.get("average") or 0), r["id"]))
    return BestThatFit(rows=chosen[:limit], left_out=left_out)
