"""The planner's golden cases (``tests/cases/planner-cases.json``), shared by the Python and the
browser tests, and the numbers a case can name from an estimate."""

from __future__ import annotations

import json

from tests.support import ROOT

CASES_FILE = ROOT / "tests" / "cases" / "planner-cases.json"
CASES = json.loads(CASES_FILE.read_text(encoding="utf-8"))["cases"]


def expected_values(result: dict) -> dict:
    """The numbers a golden case can name, from an estimate's JSON (Python's or the browser's)."""
    values = {t["key"]: t["bytes"] for t in result["terms"]}
    values.update({k: result[k] for k in ("precision", "unit", "budget", "fits", "missing")})
    values.update({k: result[k] for k in ("kind", "contextLimit", "beyondContext", "params")})
    if "maxBatchContext" in result:
        values["maxBatchContext"] = result["maxBatchContext"]
    if "kv" in values:
        values["kvGiB"] = round(values["kv"] / 2**30, 1)
    return values
