"""What a process asks of its operating system (regelruimte.proces)."""

from __future__ import annotations

import os

from regelruimte.proces import beschikbare_kernen


def test_the_cores_are_those_the_process_may_use() -> None:
    assert 1 <= beschikbare_kernen() <= (os.cpu_count() or 1)
