#!/usr/bin/env bash
# Create .venv and install the pinned dependencies; quick when nothing changed.
# Sourced by serve.sh and test.sh; also runnable on its own.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${HFGUIDE_VENV:-$ROOT/.venv}"
PYTHON="${PYTHON:-python3}"

if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "hfguide needs Python 3.11 or newer; set PYTHON=/path/to/python3.11" >&2
  exit 1
fi

stamp="$(cat "$ROOT/pyproject.toml" "$ROOT/requirements.lock" | sha256sum | cut -c1-16)"
if [ ! -x "$VENV/bin/python" ] || [ "$(cat "$VENV/.hfguide-stamp" 2>/dev/null)" != "$stamp" ]; then
  echo "Setting up $VENV (first run, or dependencies changed) ..." >&2
  [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
  quiet_pip() {  # this machine's pip config names index folders that may not exist: drop that noise
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "$@" 2>&1 \
      | { grep -v "^WARNING: Location 'file:" || true; } >&2
  }
  quiet_pip -r "$ROOT/requirements.lock"
  quiet_pip --no-deps -e "$ROOT"
  echo "$stamp" > "$VENV/.hfguide-stamp"
fi

export PATH="$VENV/bin:$PATH"
# Material prints a notice about MkDocs 2 on every build; these silence that one notice only.
export NO_MKDOCS_2_WARNING=1 DISABLE_MKDOCS_2_WARNING=true
