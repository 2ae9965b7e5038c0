"""What a long-running process asks of its operating system: the cores it may use."""

from __future__ import annotations

import os

__all__ = ["beschikbare_kernen"]


def beschikbare_kernen() -> int:
    """The cores this process may run on (its CPU affinity where the system tells it)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
