"""Rewrite the README's Measured table from the committed results in benchmarks/*.json.

Run: python scripts/measured.py [--check]   (--check: exit 1 if the README table is stale)
"""

from __future__ import annotations

import sys

from hfguide.devtools.benchmarks import main_measured

if __name__ == "__main__":
    sys.exit(main_measured())
