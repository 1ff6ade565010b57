"""``python -m hfguide.cli``: the ``hfguide`` command."""

from hfguide.cli import run

run()
