#!/usr/bin/env bash
# The project's environment: on first use (or when the pinned dependencies changed) create .venv
# and install requirements.lock into it, showing each step and pip's progress; then put .venv/bin
# on PATH. Safe to `source scripts/env.sh` in your own shell: it sets no shell options and, when
# something fails, returns with a message instead of closing the shell. serve.sh and test.sh
# source it; `bash scripts/env.sh` only sets up .venv.

_hfguide_env() {
  local root venv python stamp
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  venv="${HFGUIDE_VENV:-$root/.venv}"
  python="${PYTHON:-python3}"

  if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "hfguide needs Python 3.11 or newer; set PYTHON=/path/to/python3.11" >&2
    return 1
  fi
  stamp="$(cat "$root/pyproject.toml" "$root/requirements.lock" | sha256sum | cut -c1-16)"
  if [ ! -x "$venv/bin/python" ] || [ "$(cat "$venv/.hfguide-stamp" 2>/dev/null)" != "$stamp" ]; then
    echo "Setting up $venv (first run, or the dependencies changed); later runs skip this." >&2
    if [ ! -x "$venv/bin/python" ]; then
      echo "[1/3] Creating the virtual environment ..." >&2
      "$python" -m venv "$venv" || return 1
    fi
    echo "[2/3] Installing the pinned dependencies from requirements.lock" \
      "(on a first run PyTorch and transformers take a few minutes) ..." >&2
    "$venv/bin/python" -m pip install --disable-pip-version-check --progress-bar on \
      -r "$root/requirements.lock" || return 1
    echo "[3/3] Installing hfguide itself (editable) ..." >&2
    "$venv/bin/python" -m pip install --disable-pip-version-check --quiet --no-deps -e "$root" \
      || return 1
    echo "$stamp" > "$venv/.hfguide-stamp"
    echo "Environment ready." >&2
  fi

  case ":$PATH:" in
    *":$venv/bin:"*) ;;
    *) export PATH="$venv/bin:$PATH" ;;
  esac
  # Material prints a notice about MkDocs 2 on every build; these silence that one notice only.
  export NO_MKDOCS_2_WARNING=1 DISABLE_MKDOCS_2_WARNING=true
}

if [ "${BASH_SOURCE[0]}" != "$0" ]; then
  # Sourced: leave the caller's shell as it was, apart from PATH and the two variables above.
  _hfguide_env || { unset -f _hfguide_env; return 1; }
  unset -f _hfguide_env
else
  set -euo pipefail
  _hfguide_env
fi
