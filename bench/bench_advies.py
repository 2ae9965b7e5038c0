"""Benchmark: full advice per case, in process, on the bundled rules.

Usage: python bench/bench_advies.py [--n 5000] [--backend durable|referentie] [--regels DIR]
                                    [--gc-freeze]

Reports mean, p50, p99 latency of Engine.evaluate (encode + run + explain) and of the
backend run alone, over a fixed pseudo-random population of profiles (seeded), and the
machine it ran on. Prints JSON as well so figures can be pasted into docs/performance.md.
``--gc-freeze`` moves everything alive after the warm-up (rule base, caches, the population)
out of the garbage collector's reach, as a long-running service may do after start-up.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from regelruimte import CaseProfile, Engine, standaard_regels
from regelruimte.encode import codeer
from regelruimte.profile import Diploma, JeugdhulpVorm, Onderwijs, Uitkering


def populatie(n: int, seed: int = 20261122, peil: dt.date = dt.date(2026, 3, 1)) -> list[CaseProfile]:
    """A fixed, varied population of profiles that are valid on ``peil``."""
    rnd = random.Random(seed)
    uit = []
    for _ in range(n):
        geboren = peil - dt.timedelta(days=rnd.randint(12 * 365, 28 * 365))
        velden = {
            "geboortedatum": geboren,
            "onderwijs": rnd.choice(list(Onderwijs)),
            "hoogste_diploma": rnd.choice(list(Diploma)),
            "uitkering": rnd.choice(list(Uitkering)),
            "heeft_partner": rnd.random() < 0.2,
            "kinderen": rnd.random() < 0.1,
            "kan_onderwijs_volgen": rnd.choice([True, False, None]),
            "melding_bijstand_op": peil - dt.timedelta(days=rnd.randint(0, 60)) if rnd.random() < 0.5 else None,
            "jeugdhulp": [
                {"vorm": rnd.choice(list(JeugdhulpVorm)),
                 "gestart_op": geboren + dt.timedelta(days=rnd.randint(3000, 6000))}
                for _ in range(rnd.randint(0, 2))
            ] if rnd.random() < 0.7 else None,
            "vorig_onderwijs": rnd.choice(list(Onderwijs)) if rnd.random() < 0.6 else None,
            "gemeente": rnd.choice(["GM0344", "GM1724", "GM0606", None]),
        }
        velden = {k: v for k, v in velden.items() if v is not None}
        try:
            uit.append(CaseProfile(**velden))
        except ValueError:
            continue
    return uit


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--n", type=int, default=5000)
    p.add_argument("--backend", default="durable")
    p.add_argument("--regels", default=None)
    p.add_argument("--gc-freeze", action="store_true",
                   help="gc.freeze() after the warm-up (see docs/performance.md)")
    args = p.parse_args()
    engine = Engine.from_directory(args.regels or standaard_regels(), backend=args.backend)
    peil = dt.date(2026, 3, 1)
    profielen = populatie(args.n)
    for prof in profielen[:200]:  # warm-up: compile the epoch, fill caches
        engine.evaluate(prof, peil)
    if args.gc_freeze:
        gc.freeze()
    totaal, backend_tijden = [], []
    programma = engine.bank.programma(peil)
    vuringen = 0
    for prof in profielen:
        t0 = time.perf_counter_ns()
        engine.evaluate(prof, peil)
        t1 = time.perf_counter_ns()
        feiten = codeer(prof, peil, engine.vocab)
        t2 = time.perf_counter_ns()
        uitkomst = engine.backend.evalueer(programma, feiten)
        t3 = time.perf_counter_ns()
        vuringen += uitkomst.vuringen
        totaal.append((t1 - t0) / 1e6)
        backend_tijden.append((t3 - t2) / 1e6)

    def samenvat(x: list[float]) -> dict[str, float]:
        x = sorted(x)
        return {"mean_ms": round(statistics.fmean(x), 3), "p50_ms": round(x[len(x) // 2], 3),
                "p99_ms": round(x[int(len(x) * 0.99)], 3), "max_ms": round(x[-1], 3)}

    uitslag = {
        "command": " ".join(["python", *sys.argv]),
        "backend": engine.backend.naam,
        "cases": len(profielen),
        "rules_in_epoch": len(programma.regels),
        "firings_per_case": round(vuringen / len(profielen), 1),
        "gc_freeze": args.gc_freeze,
        "evaluate": samenvat(totaal),
        "backend_only": samenvat(backend_tijden),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
    }
    print(json.dumps(uitslag, indent=2))


if __name__ == "__main__":
    main()
