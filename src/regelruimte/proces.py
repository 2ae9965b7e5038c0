"""What a long-running process asks of its operating system: the cores it may use, and
handing back memory that C code freed.

When durable-rules frees a network (about 33 MB in many small blocks), glibc keeps the
freed blocks in its heap. Later allocations land among them and among long-lived ones, so
the pages stay resident: over every day of 2025-2026, with networks evicted and compiled
again, resident memory drifted 20-30 MB upward (docs/performance.md, "Memory over every day
of 2025-2026"). ``malloc_trim(0)`` returns every wholly free page of every arena. It is
glibc's; elsewhere (macOS, musl) :func:`geef_geheugen_terug` does nothing.
"""

from __future__ import annotations

import ctypes
import os
from collections.abc import Callable
from functools import cache

__all__ = ["beschikbare_kernen", "geef_geheugen_terug"]


def beschikbare_kernen() -> int:
    """The cores this process may run on (its CPU affinity where the system tells it)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    try:
        # the symbols already loaded into the process; no ldconfig or compiler run to find libc
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError, TypeError):  # not glibc, or no dlopen(NULL) (Windows)
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


def geef_geheugen_terug() -> bool:
    """Return wholly free heap pages to the operating system; True if any were returned.

    Costs a walk over the heap (well under a millisecond here), so call it after freeing
    much at once, not per case."""
    trim = _malloc_trim()
    return bool(trim(0)) if trim is not None else False
