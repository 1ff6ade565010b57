"""Files replaced whole: one at a time, or several together so that readers see all old or all new.

A single file is written beside its target and renamed into place. Several files
(``replace_together``) are written beside their targets first; then a small journal naming
each pair is renamed into place — the moment the new set counts as written — the files are
renamed, and the journal is deleted. A crash before the journal exists leaves the old files and
some temporary ones; a crash after it leaves the journal. ``recover`` (run before every
write and read of the snapshots) finishes an interrupted set from its journal and deletes
temporary files whose writer is gone, so after it the targets are the old set or the new set.
"""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

_TMP = re.compile(r"^\..+\.hfguide-(\d+)-\d+\.tmp$")
_JOURNAL = re.compile(r"^\.hfguide-journal-(\d+)\.json$")


def _tmp_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.hfguide-{os.getpid()}-{threading.get_ident()}.tmp")


def _write_synced(path: Path, text: str) -> None:
    with path.open("w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())


def _sync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_text_atomic(path: Path, text: str) -> None:
    """Write next to ``path`` and rename into place, so readers never see half a file and a
    failure leaves the previous file as it was."""
    path = Path(path)
    tmp = _tmp_path(path)
    try:
        _write_synced(tmp, text)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def json_text(value: Any, *, indent: int | None = None) -> str:
    """JSON as the project stores it; ``NaN`` and ``Infinity`` are refused (not JSON).

    Args:
        value: What to encode (non-ASCII characters are kept as they are).
        indent: Indent and sort the keys when given; one line otherwise.

    Returns:
        The JSON text, ending with a newline.

    Raises:
        ValueError: ``value`` holds ``NaN`` or an infinity.
        TypeError: ``value`` holds something JSON cannot encode.
    """
    text = json.dumps(
        value, ensure_ascii=False, indent=indent, sort_keys=indent is not None, allow_nan=False
    )
    return text + "\n"


def write_json_atomic(path: Path, value: Any, *, indent: int | None = None) -> None:
    """Write ``value`` as ``json_text`` to ``path`` the way ``write_text_atomic`` writes.

    Raises:
        ValueError: ``value`` holds ``NaN`` or an infinity.
        TypeError: ``value`` holds something JSON cannot encode.
    """
    write_text_atomic(path, json_text(value, indent=indent))


def replace_together(contents: Mapping[Path, str]) -> None:
    """Replace every file of ``contents`` (path → text) with its new text, all or none.

    A journal written before the first rename lets ``recover`` finish the set if the process
    stops halfway.

    Raises:
        OSError: a new file could not be written; the old files are left as they were.
    """
    targets = {Path(p).resolve(): text for p, text in contents.items()}
    if not targets:
        return
    recover(p.parent for p in targets)
    pairs: list[tuple[Path, Path]] = []
    journal_dir = next(iter(targets)).parent
    journal = journal_dir / f".hfguide-journal-{os.getpid()}.json"
    try:
        for path, text in targets.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = _tmp_path(path)
            pairs.append((tmp, path))
            _write_synced(tmp, text)
        write_text_atomic(journal, json_text([[str(t), str(p)] for t, p in pairs]))
        _sync_dir(journal_dir)
    except BaseException:
        for tmp, _ in pairs:
            tmp.unlink(missing_ok=True)
        raise
    _finish(journal, pairs)


def _finish(journal: Path, pairs: Iterable[tuple[Path, Path]]) -> None:
    for tmp, path in pairs:
        if tmp.exists():
            os.replace(tmp, path)
            _sync_dir(path.parent)
    journal.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover(directories: Iterable[Path]) -> list[str]:
    """Finish interrupted ``replace_together`` sets and delete stale temporary files in
    ``directories``; returns what was done, one line each (for a log)."""
    done: list[str] = []
    for directory in {Path(d) for d in directories}:
        if not directory.is_dir():
            continue
        for entry in sorted(directory.iterdir()):
            match = _JOURNAL.match(entry.name)
            if not match or _alive(int(match.group(1))) and int(match.group(1)) != os.getpid():
                continue
            try:
                pairs = [(Path(t), Path(p)) for t, p in json.loads(entry.read_text("utf-8"))]
            except (OSError, ValueError, TypeError):
                entry.unlink(missing_ok=True)
                continue
            _finish(entry, pairs)
            done.append(f"finished an interrupted write of {', '.join(p.name for _, p in pairs)}")
        for entry in sorted(directory.iterdir()):
            match = _TMP.match(entry.name)
            if match and not _alive(int(match.group(1))):
                entry.unlink(missing_ok=True)
                done.append(f"deleted the stale temporary file {entry.name}")
    return done
