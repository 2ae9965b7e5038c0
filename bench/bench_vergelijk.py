"""Benchmark: the evaluation step of ``regelruimte vergelijk``, one pool per side against one
pass for both sides, in the same process on the same synthetic population.

Usage: python bench/bench_vergelijk.py [--n 10000] [--seed 1] [--peildatum 2025-12-31]
                                       [--basis 2025-12-31] [--variant 2026-01-01] [-j 2]

"twee pools": what vergelijk did before: ``evalueer_tabel`` once per side, each with its own
worker pool (and so its own engines in every worker). "één doorgang": what it does now
(``vergelijk._uitvoer``): every chunk evaluated on both sides by the worker that holds it.
Both must give the same result tables; the script checks that, and prints the wall times and
the CPU seconds (this process and its finished workers: less sensitive to a busy machine than
the wall time), their ratios and the machine's load as JSON.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import polars as pl

from regelruimte import standaard_regels
from regelruimte.batch import Opdracht, evalueer_tabel, maak_engine
from regelruimte.populatie import schrijf
from regelruimte.tabel import lees_invoer
from regelruimte.vergelijk import _uitvoer


def _cpu() -> float:
    """CPU seconds of this process and of its workers that have ended."""
    return sum(r.ru_utime + r.ru_stime for r in (resource.getrusage(resource.RUSAGE_SELF),
                                                 resource.getrusage(resource.RUSAGE_CHILDREN)))


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--n", type=int, default=10_000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--peildatum", type=dt.date.fromisoformat, default=dt.date(2025, 12, 31))
    p.add_argument("--basis", type=dt.date.fromisoformat, default=dt.date(2025, 12, 31))
    p.add_argument("--variant", type=dt.date.fromisoformat, default=dt.date(2026, 1, 1))
    p.add_argument("-j", "--processen", type=int, default=2)
    a = p.parse_args()
    regels = str(standaard_regels())
    opdrachten = (Opdracht(regels, wetdatum=a.basis), Opdracht(regels, wetdatum=a.variant))
    with tempfile.TemporaryDirectory() as map_:
        pad = Path(map_) / "populatie.parquet"
        schrijf(a.n, a.seed, a.peildatum, pad)
        invoer = lees_invoer(pad)
    maak_engine(opdrachten[0])  # the main process's engine, as vergelijk builds it before the run
    tijden: dict[str, float] = {}
    begin, cpu = time.perf_counter(), _cpu()
    los = [pl.concat([u.uitvoer for u in evalueer_tabel(invoer, o, processen=a.processen)]) for o in opdrachten]
    tijden["twee_pools_s"], tijden["twee_pools_cpu_s"] = time.perf_counter() - begin, _cpu() - cpu
    begin, cpu = time.perf_counter(), _cpu()
    samen = _uitvoer(invoer, opdrachten, a.processen, None)
    tijden["een_doorgang_s"], tijden["een_doorgang_cpu_s"] = time.perf_counter() - begin, _cpu() - cpu
    gelijk = all(x.equals(y) for x, y in zip(los, samen, strict=True))
    print(json.dumps({
        "n": a.n, "processen": a.processen, "basis": str(a.basis), "variant": str(a.variant),
        **{k: round(v, 1) for k, v in tijden.items()},
        "verhouding": round(tijden["twee_pools_s"] / tijden["een_doorgang_s"], 2),
        "verhouding_cpu": round(tijden["twee_pools_cpu_s"] / tijden["een_doorgang_cpu_s"], 2),
        "zelfde_uitkomst": gelijk, "load_na": os.getloadavg()[0], "kernen": os.cpu_count(),
    }))
    if not gelijk:
        sys.exit(1)


if __name__ == "__main__":
    main()
