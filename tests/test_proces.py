"""What a process asks of its operating system (regelruimte.proces)."""

from __future__ import annotations

import ctypes
import os
import sys
from pathlib import Path

import pytest

from regelruimte.proces import _malloc_trim, beschikbare_kernen, geef_geheugen_terug

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from soak import rss_mb  # resident memory, as the soak reads it


@pytest.mark.skipif(_malloc_trim() is None, reason="malloc_trim is glibc's")
def test_freed_blocks_among_live_ones_are_returned() -> None:
    # 64 MB in 1 KB blocks, all freed but the last: glibc trims a free heap top by itself,
    # but not the free pages below a live block, which is how a freed durable-rules network
    # sits among what was allocated after it.
    libc = ctypes.CDLL(None)
    libc.malloc.restype = ctypes.c_void_p
    libc.malloc.argtypes = [ctypes.c_size_t]
    libc.free.argtypes = [ctypes.c_void_p]
    blokken = []
    for _ in range(64 * 1024):
        blok = libc.malloc(1024)
        ctypes.memset(blok, 1, 1024)  # touched, so resident
        blokken.append(blok)
    bovenste = blokken.pop()
    try:
        for blok in blokken:
            libc.free(blok)
        voor = rss_mb()
        assert geef_geheugen_terug()
        assert voor - rss_mb() > 40, "vrije heap-pagina's bleven in gebruik"
    finally:
        libc.free(bovenste)


def test_without_glibc_nothing_happens(monkeypatch: pytest.MonkeyPatch) -> None:
    import regelruimte.proces as proces

    monkeypatch.setattr(proces, "_malloc_trim", lambda: None)
    assert proces.geef_geheugen_terug() is False


def test_the_cores_are_those_the_process_may_use() -> None:
    assert 1 <= beschikbare_kernen() <= (os.cpu_count() or 1)
