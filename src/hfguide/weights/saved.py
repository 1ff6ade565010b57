"""What a converted model folder must not keep from how we built it."""

from __future__ import annotations

import json
from pathlib import Path


def drop_loading_details(tokenizer_config: Path) -> None:
    """Remove what ``save_pretrained`` records about our local load (not part of a Hub model)."""
    settings = json.loads(tokenizer_config.read_text())
    for key in ("is_local", "local_files_only", "name_or_path"):
        settings.pop(key, None)
    tokenizer_config.write_text(json.dumps(settings, indent=2, ensure_ascii=False) + "\n")
