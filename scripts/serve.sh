#!/usr/bin/env bash
# Serve the site on http://127.0.0.1:8000 (or HFGUIDE_ADDR). Uses the live Hub when it can
# be reached and the committed snapshot otherwise.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/env.sh"
cd "$ROOT"
exec mkdocs serve --dev-addr "${HFGUIDE_ADDR:-127.0.0.1:8000}" "$@"
