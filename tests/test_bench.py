"""The benchmarks in bench/ still run: each once, on a small population, in a fresh process.

They are not timed here (a timed unit test on a shared machine proves nothing); what is
checked is that they finish and print their table, so a change to the engine cannot leave
a benchmark quietly measuring a path the engine no longer takes (bench_advies checks its
phases against Engine.evaluate and exits non-zero when they differ).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"

RUNS = {
    "bench_advies.py": ["--n", "60", "--zonder-trace"],
    "groei.py": ["--n", "20", "--keer", "1,2"],
    "bench_vergelijk.py": ["--n", "200"],
    "bench_vragen.py": ["--backend", "referentie"],
    "bench_batch.py": ["--aantallen", "1000"],
    "bench_start.py": ["--herhalingen", "1"],
    "netwerken.py": ["--tijdvakken", "1,2", "--snelheid", "--n", "30"],
    "bench_peildatum.py": ["--backends", "snel", "--dagen", "40", "--rondes", "1"],
    "groei_feiten.py": ["--n", "30", "--backends", "snel,referentie", "--keer", "1", "--plot", "{tmp}/groei.png"],
}


@pytest.mark.parametrize("script", sorted(RUNS))
def test_benchmark_runs_and_prints_its_result(script: str, tmp_path: Path) -> None:
    uit = subprocess.run([sys.executable, str(BENCH / script), *(a.format(tmp=tmp_path) for a in RUNS[script])],
                         capture_output=True, text=True, timeout=300)
    assert uit.returncode == 0, uit.stderr[-2000:]
    assert uit.stdout.strip(), f"{script} printed nothing"
    if "--plot" in RUNS[script]:
        assert (tmp_path / "groei.png").stat().st_size > 10_000
