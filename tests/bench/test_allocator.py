"""``keep_freed_memory``: glibc's malloc keeps blocks of a forward pass's size in its heap.

Each case runs in a fresh interpreter, since the setting holds for the whole process. glibc's
``mallinfo2`` counts the blocks ``malloc`` holds as separate kernel mappings (``hblks``): an
8 MiB block is one of them by default, and comes from the heap once freed memory is kept.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from hfguide.bench.allocator import glibc

pytestmark = pytest.mark.skipif(
    glibc() is None or not hasattr(glibc(), "mallinfo2"),
    reason="glibc 2.33 or later only: elsewhere keep_freed_memory changes nothing",
)

PROBE = """
import ctypes, json, sys
from hfguide.bench.allocator import glibc, keep_freed_memory

class MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd",
        "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost")]

libc = glibc()
libc.mallinfo2.restype = MallInfo2
libc.malloc.restype = ctypes.c_void_p
libc.free.argtypes = [ctypes.c_void_p]
took = keep_freed_memory() if sys.argv[1] == "keep" else None
before = libc.mallinfo2().hblks
block = libc.malloc(8 << 20)
ctypes.memset(block, 1, 8 << 20)
mapped = libc.mallinfo2().hblks - before
libc.free(block)
print(json.dumps({"took": took, "mapped": mapped, "kept": libc.mallinfo2().arena >= 8 << 20}))
"""


def probe(mode: str, **env: str) -> dict:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("MALLOC_")}
    out = subprocess.run(
        [sys.executable, "-c", PROBE, mode],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


def test_by_default_a_large_block_is_its_own_mapping():
    assert probe("default")["mapped"] == 1


def test_kept_memory_serves_a_large_block_from_the_heap_and_keeps_it_after_free():
    result = probe("keep")
    assert result == {"took": True, "mapped": 0, "kept": True}


@pytest.mark.parametrize("name", ["MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_"])
def test_a_threshold_set_in_the_environment_is_left_to_the_user(name):
    result = probe("keep", **{name: str(128 * 1024)})
    assert result["took"] is False
    assert result["mapped"] == 1
