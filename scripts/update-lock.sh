#!/usr/bin/env bash
# Re-resolve pyproject.toml's dependencies in a scratch venv and write requirements.lock.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
python3 -m venv "$scratch/venv"
"$scratch/venv/bin/pip" install --quiet "torch==2.13.0" -e "$ROOT[test]"
{
  echo "# Exact versions for reproducible builds: regenerate with 'bash scripts/update-lock.sh'."
  "$scratch/venv/bin/pip" freeze --exclude-editable | sed 's/^torch==\([0-9.]*\)+cpu$/torch==\1/'
} > "$ROOT/requirements.lock"
echo "wrote $ROOT/requirements.lock"
