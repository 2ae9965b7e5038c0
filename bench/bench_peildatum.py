"""Benchmark: does a new peildatum cost more than a known one? (issue 11, item 3)

Usage: python bench/bench_peildatum.py [--backends snel,durable] [--dagen 731] [--rondes 2]

Each case falls on the next day of 2025-2026 (one profile per day, from the benchmark's
population). After the warm-up rounds every epoch is compiled and every shared part of the
explanation built; then the same cases run twice more: once with the explanation keeping
only its usual 16 most recent dates (so every case meets a date not in the cache, as a run
over every day does), once with every date kept (every date known). The table prints the p50
CPU time of one full advice (``Engine.evaluate`` and ``Advies.json_bytes``) for each, and
their ratio. Both runs are in one process, one after the other.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_advies import populatie

from regelruimte import Engine, explain, standaard_regels


def p50_ms(engine: Engine, gevallen: list[tuple[dict[str, Any], dt.date]]) -> float:
    tijden = []
    for profiel, peil in gevallen:
        t0 = time.process_time_ns()
        engine.evaluate(profiel, peil).json_bytes()
        tijden.append(time.process_time_ns() - t0)
    return statistics.median(tijden) / 1e6


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--backends", default="snel,durable")
    p.add_argument("--dagen", type=int, default=731, help="days from 2025-01-01, one case each")
    p.add_argument("--rondes", type=int, default=2, help="warm-up rounds over all cases")
    args = p.parse_args()
    dagen = [dt.date(2025, 1, 1) + dt.timedelta(days=d) for d in range(args.dagen)]
    profielen = populatie(1000, peil=dt.date(2025, 1, 1))
    gevallen = [(profielen[i % len(profielen)].model_dump(mode="json", exclude_none=True), dag)
                for i, dag in enumerate(dagen)]
    print(f"# {len(gevallen)} gevallen, elk op een volgende dag vanaf 2025-01-01; CPU-tijd per advies")
    print(f"# {platform.machine()}, Python {platform.python_version()}, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")
    print(f"# herhaal: python {' '.join(sys.argv)}")
    print("| backend | nieuwe datum p50 ms | bekende datum p50 ms | nieuw / bekend |")
    print("|---|---|---|---|")
    for naam in [n.strip() for n in args.backends.split(",") if n.strip()]:
        engine = Engine.from_directory(standaard_regels(), backend=naam)
        datums = explain._caches(engine.bank).dates
        gewoon = datums.limit
        for _ in range(args.rondes):
            p50_ms(engine, gevallen)
        nieuw = p50_ms(engine, gevallen)  # 16 dates kept: every case on a date not in the cache
        datums.limit = len(gevallen) + 1
        p50_ms(engine, gevallen)  # now every date stays
        bekend = p50_ms(engine, gevallen)
        datums.limit = gewoon
        print(f"| {naam} | {nieuw:.2f} | {bekend:.2f} | {nieuw / bekend:.2f} |")


if __name__ == "__main__":
    main()
