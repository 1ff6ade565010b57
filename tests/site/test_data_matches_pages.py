"""The data is what the built pages say: random rows (seeded) of the model tables and of the
explorer's data file checked against the committed snapshots, and every implausible leaderboard
row checked against the reason it states."""

from __future__ import annotations

import json
import math
import random
import re
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup

from hfguide.core.settings import DEFAULT_LEADERBOARD, DEFAULT_SNAPSHOT
from hfguide.data import hub_models, leaderboard
from hfguide.data.leaderboard.plausibility import SIXTEEN_BIT, SIZE_FACTOR, SIZE_SLACK_B
from hfguide.pages import formats, model_tables
from hfguide.pages.tasks import task_slug
from hfguide.planner.sizes import sizes_in_name

SEED = 13
SAMPLE = 40


@pytest.fixture(scope="module")
def board():
    return leaderboard.read(DEFAULT_LEADERBOARD)


@pytest.fixture(scope="module")
def hub():
    return hub_models.read(DEFAULT_SNAPSHOT)


def test_explorer_data_file_rows_are_the_snapshot_rows(built_site, board):
    data = json.loads((built_site / "leaderboard" / "data.json").read_text(encoding="utf-8"))
    served = [dict(zip(data["columns"], row, strict=True)) for row in data["rows"]]
    assert len(served) == len(board.rows)
    for index in random.Random(SEED).sample(range(len(served)), SAMPLE):
        assert served[index] == {c: board.rows[index].get(c) for c in data["columns"]}, index
    assert "implausible" in data["columns"]


def cell_texts(row) -> list[str]:
    return [td.get_text(" ", strip=True) for td in row.find_all("td")]


def test_model_table_rows_are_the_snapshot_records(built_site, hub):
    records = {r["id"]: r for rs in hub.results.values() for r in rs}
    rng = random.Random(SEED)
    checked = 0
    for task_id in rng.sample(sorted(hub.tasks), 8):
        html = (built_site / "models" / task_slug(task_id) / "index.html").read_text()
        soup = BeautifulSoup(html, "html.parser")
        rows = [tr for tr in soup.select("table.hfguide-models tbody tr") if tr.find("a")]
        for tr in rng.sample(rows, min(5, len(rows))):
            link = tr.find("a")["href"]
            model_id = unquote(link.removeprefix("https://huggingface.co/"))
            record = records[model_id]
            cells = cell_texts(tr)
            marks = [m.label for m in model_tables.marks(record)]  # formats and gated, after it
            assert cells[0] == " ".join([model_id, *marks])
            assert cells[1] == (record.get("author") or "—")
            assert cells[2] == formats.human_count(record.get("downloads"))
            assert cells[3] == formats.human_count(record.get("likes"))
            assert cells[4] == formats.human_params(record.get("parameters"))
            assert cells[5] == (record.get("license") or "—")
            assert cells[6] == (record.get("library") or "—")
            downloads_cell = tr.find_all("td")[2]
            assert downloads_cell["title"] == f"read {str(record.get('read_at'))[:10]}"
            checked += 1
    assert checked >= 20


# --- Implausible rows against their reasons ----------------------------------------------------

NO_SIZE = re.compile(r"listed at (-?[\d.]+) B parameters, which is no size at all")
NO_COUNT = "listed with no parameter count"
NAME_SIZE = re.compile(r"listed at ([\d.]+) B parameters, but its name says (\S+)")
BASE_SIZE = re.compile(
    r"listed at ([\d.]+) B parameters, but its base model (\S+) is listed at ([\d.]+) B"
)
QUANTISED = re.compile(r"its name says quantised \((\S+)\), but it is listed as (\S+)")
SCORE = re.compile(
    r"listed at ([\d.]+) B parameters, yet its average \(([\d.]+)\) beats all (\d+) models "
    r"listed at 10 to 100 times that size"
)


def close(shown: str, value: float) -> bool:
    """A number as the reason prints it (3 significant digits below 1, else 2 decimals)."""
    return math.isclose(float(shown), value, rel_tol=5e-3, abs_tol=5e-3)


def test_every_implausible_row_matches_its_stated_reason(board):
    trusted = [r for r in board.rows if r["params"] and not r["implausible"]]
    doubted = [r for r in board.rows if r["implausible"]]
    assert doubted
    for row in doubted:
        name = row["id"].rsplit("/", 1)[-1].lower()
        for reason in row["implausible"]:
            if reason == NO_COUNT or NO_SIZE.fullmatch(reason):
                assert row["params"] is None and row["bucket"] == "?", row["id"]
            elif m := BASE_SIZE.fullmatch(reason):
                assert close(m[1], row["params"]) and row["base"] == m[2], row["id"]
                base_sizes = [r["params"] for r in trusted if r["id"] == m[2]]
                assert base_sizes and any(close(m[3], p) for p in base_sizes), row["id"]
                ratio = max(row["params"], float(m[3])) / min(row["params"], float(m[3]))
                assert ratio > SIZE_FACTOR, row["id"]
            elif m := NAME_SIZE.fullmatch(reason):
                assert close(m[1], row["params"]), row["id"]
                stated = sizes_in_name(row["id"])
                assert stated and stated[0][0] == m[2] and m[2].lower() in name, row["id"]
                # no size the name states comes near the count (for merges, which may stack
                # layers, only a count far below the name's size counts)
                open_ended = row["type"] == "merge" or row["merged"] or row["moe"]
                for _, low, high in stated:
                    assert row["params"] < low / SIZE_FACTOR - SIZE_SLACK_B or (
                        not open_ended and row["params"] > high * SIZE_FACTOR + SIZE_SLACK_B
                    ), row["id"]
            elif m := QUANTISED.fullmatch(reason):
                assert m[1] in name and row["precision"] == m[2] in SIXTEEN_BIT, row["id"]
            elif m := SCORE.fullmatch(reason):
                assert close(m[1], row["params"]) and close(m[2], row["average"]), row["id"]
                peers = [
                    r
                    for r in trusted
                    if r.get("average") is not None
                    and row["params"] * 10 <= r["params"] <= row["params"] * 100
                ]
                assert len(peers) == int(m[3]), row["id"]
                assert all(row["average"] > r["average"] for r in peers), row["id"]
            else:
                pytest.fail(f"{row['id']}: a reason no check knows: {reason!r}")


def test_flagged_rows_in_the_explorer_grid_carry_their_reasons(built_site, board):
    """The built explorer ships each implausible row with the same reasons the data holds."""
    data = json.loads((built_site / "leaderboard" / "data.json").read_text(encoding="utf-8"))
    column = data["columns"].index("implausible")
    ids = data["columns"].index("id")
    served = {row[ids]: row[column] for row in data["rows"] if row[column]}
    expected = {r["id"]: r["implausible"] for r in board.rows if r["implausible"]}
    assert served == expected
    html = (built_site / "leaderboard" / "explorer" / "index.html").read_text()
    count = len([r for r in board.rows if r["implausible"]])
    assert f"Include the {count:,} implausible rows in the frontier" in html
