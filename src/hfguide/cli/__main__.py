"""``python -m hfguide.cli``: the ``hfguide`` command."""

import sys

from hfguide.cli import main

sys.exit(main())
