"""The query's golden cases (``tests/cases/query-cases.json``), shared by the Python and the
browser tests, and the part of an answer a case names."""

from __future__ import annotations

import json

from tests.support import ROOT

CASES_FILE = ROOT / "tests" / "cases" / "query-cases.json"
QUERY = json.loads(CASES_FILE.read_text(encoding="utf-8"))
ROWS, CASES = QUERY["rows"], QUERY["cases"]


def named_part(answer: dict) -> dict:
    """What a golden case names of an answer's JSON (Python's or the browser's)."""
    return {
        "shown": [[i["id"], i["verdict"], i["recipe"], i["reason"]] for i in answer["shown"]],
        **{
            key: answer[key]
            for key in (
                "matched",
                "fitting",
                "page",
                "pages",
                "tooBig",
                "tooLong",
                "flagged",
                "flaggedOut",
                "relaxations",
            )
        },
        "unknownSize": [i["id"] for i in answer["unknownSize"]],
        "languageUnknown": [i["id"] for i in answer["languageUnknown"]],
    }
