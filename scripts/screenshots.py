"""Regenerate the guide's screenshots (light and dark) from the built site.

Run: python scripts/screenshots.py [--only NAME ...] [--check] [--site DIR]
"""

import sys

from hfguide.devtools.screenshots import main

if __name__ == "__main__":
    sys.exit(main())
