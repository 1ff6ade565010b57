"""Model `config.json` files for the replay Hub, at `/{repo_id}/resolve/main/config.json`.

They come either from a recorded-data folder laid out as ``configs/ORG/NAME/config.json`` (what
``hfguide replay-hub --data DIR`` serves) or from the project's committed configs snapshot
(``data/model-configs.json``), so tests replay exactly what the snapshot recorded.
"""

from __future__ import annotations

import json
from pathlib import Path

from hfguide.replay.recorded import unreadable

MAX_CONFIG_BYTES = 1 << 20  # a config.json is a few KB; anything bigger is not one


def configs_from_folder(folder: Path) -> dict[tuple[str, str], bytes]:
    """``{(repo_id, "config.json"): bytes}`` for every ``ORG/NAME/config.json`` under ``folder``."""
    folder = Path(folder)
    if not folder.is_dir():
        return {}
    files = {}
    for path in sorted(folder.glob("*/*/config.json")):
        try:
            if path.stat().st_size <= MAX_CONFIG_BYTES:
                repo_id = f"{path.parent.parent.name}/{path.parent.name}"
                files[(repo_id, "config.json")] = path.read_bytes()
        except OSError as err:
            raise unreadable(path, err) from None
    return files


def configs_from_snapshot(path: Path) -> dict[tuple[str, str], bytes]:
    """The configs a snapshot recorded, as the files the Hub would serve."""
    snapshot = json.loads(Path(path).read_text(encoding="utf-8"))
    return {
        (repo_id, "config.json"): json.dumps(entry["config"], indent=2).encode()
        for repo_id, entry in snapshot["configs"].items()
    }
