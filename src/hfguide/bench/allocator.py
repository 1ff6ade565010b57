"""Keeping freed memory in the process, for the next forward pass to reuse.

Each forward pass allocates its activations afresh: blocks of several megabytes, of the same
sizes pass after pass. glibc's ``malloc`` takes blocks above its mmap threshold (128 KiB at
first, raised by some frees) straight from the kernel and hands them back on ``free``, so a pass
can page-fault its activations in again, each page zeroed by the kernel. Raising the threshold
to its highest (32 MiB on 64-bit glibc) and the trim threshold out of reach keeps freed blocks
in the heap, where the next pass finds them. ``scripts/bench_harness.py`` records the page
faults of the whole ``hfguide bench`` command beside lm-eval's.

Only ``hfguide bench`` calls ``keep_freed_memory``: it changes ``malloc`` for the whole process.
Setting ``MALLOC_MMAP_THRESHOLD_`` or ``MALLOC_TRIM_THRESHOLD_`` in the environment leaves the
choice to the user.
"""

from __future__ import annotations

import ctypes
import os
import sys

#: ``mallopt`` parameters, from glibc's ``malloc.h``.
M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
#: The highest mmap threshold 64-bit glibc accepts (half its 64 MiB heap size).
MMAP_THRESHOLD = 32 << 20
TRIM_THRESHOLD = 1 << 30
USER_SETTINGS = ("MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_")


def glibc() -> ctypes.CDLL | None:
    """The C library when it is glibc with ``mallopt``, else None (musl, macOS, Windows)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return None
    return libc if hasattr(libc, "mallopt") else None


def keep_freed_memory() -> bool:
    """Have glibc's ``malloc`` keep freed blocks up to 32 MiB for reuse.

    Returns:
        Whether the setting took: False where the C library is not glibc, or where the
        environment already sets either threshold.
    """
    libc = glibc()
    if libc is None or any(name in os.environ for name in USER_SETTINGS):
        return False
    return bool(libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(
        libc.mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD)
    )
