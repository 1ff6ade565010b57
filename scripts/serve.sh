#!/usr/bin/env bash
# Serve the site on http://127.0.0.1:8000 (or HFGUIDE_ADDR). Uses the live Hub when it can
# be reached and the committed snapshot otherwise.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/env.sh"
cd "$ROOT"
addr="${HFGUIDE_ADDR:-127.0.0.1:8000}"
# Serve at the root of the address, not under the GitHub Pages path of site_url.
export HFGUIDE_SITE_URL="http://$addr/"
exec mkdocs serve --dev-addr "$addr" "$@"
