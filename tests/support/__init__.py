"""Helpers and fixture data shared by the tests (tests import these, never each other)."""

from pathlib import Path

#: The repository's root folder.
ROOT = Path(__file__).resolve().parents[2]
