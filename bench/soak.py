"""Soak test: many evaluations in a row, reporting resident memory along the way.

Usage: python bench/soak.py [--n 1000000] [--backend durable] [--stappen 10] [--elke-dag] [--controleer]

Cycles through a fixed varied population (bench_advies.populatie) and prints one JSON line
per checkpoint: evaluations done, RSS in MB, evaluations per second. The last line is a
summary with the growth between the first checkpoint after warm-up and the end.
``--elke-dag`` gives every evaluation the next day of 2025-2026 as its peildatum (731 days,
so every date-pinned cache meets a new date again and again) instead of three fixed dates.
``--controleer`` runs only the backend (``regeluitkomsten``) and holds every case's rule
outcomes equal to the ``snel`` backend's, counting the differences: freed and recompiled
durable-rules networks must not change an answer.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_advies import populatie

from regelruimte import CaseProfile, Engine, standaard_regels


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for regel in status:
            if regel.startswith("VmRSS:"):
                return int(regel.split()[1]) / 1024
    return float("nan")


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--n", type=int, default=1_000_000)
    p.add_argument("--backend", default="durable")
    p.add_argument("--stappen", type=int, default=10)
    p.add_argument("--elke-dag", action="store_true", help="every day of 2025-2026 in turn as peildatum")
    p.add_argument("--controleer", action="store_true",
                   help="only the backend, each case's rule outcomes checked against snel")
    args = p.parse_args()
    engine = Engine.from_directory(standaard_regels(), backend=args.backend)
    evalueer = engine.evaluate
    verschillen = 0
    if args.controleer:
        controle = Engine(engine.bank, backend="snel")

        def evalueer(prof: CaseProfile, peil: dt.date) -> None:  # type: ignore[misc]
            nonlocal verschillen
            verschillen += engine.regeluitkomsten(prof, peil) != controle.regeluitkomsten(prof, peil)
    peildata = [dt.date(2022, 6, 1), dt.date(2025, 12, 31), dt.date(2026, 3, 1)]
    gevallen = [(prof, peil) for peil in peildata for prof in populatie(500, peil=peil)]
    if args.elke_dag:
        # profiles valid on the last day; on earlier days a birth date may lie ahead of the
        # peildatum, so those are born well before 2025
        dagen = [dt.date(2025, 1, 1) + dt.timedelta(days=d) for d in range(731)]
        profielen = populatie(1000, peil=dt.date(2025, 1, 1))
        gevallen = [(profielen[i % len(profielen)], dag) for i, dag in enumerate(dagen * 2)]
    for prof, peil in gevallen:  # warm-up: every epoch compiled, caches filled
        evalueer(prof, peil)
    stap = max(args.n // args.stappen, 1)
    metingen = []
    start = time.perf_counter()
    vorige = start
    for i in range(1, args.n + 1):
        evalueer(*gevallen[i % len(gevallen)])
        if i % stap == 0:
            nu = time.perf_counter()
            meting = {"evaluaties": i, "rss_mb": round(rss_mb(), 1),
                      "per_seconde": round(stap / (nu - vorige))}
            vorige = nu
            metingen.append(meting)
            print(json.dumps(meting), flush=True)
    eerste, laatste = metingen[0], metingen[-1]
    print(json.dumps({
        "samenvatting": True, "evaluaties": args.n, "backend": engine.backend.naam,
        "rss_na_eerste_stap_mb": eerste["rss_mb"], "rss_eind_mb": laatste["rss_mb"],
        "groei_mb": round(laatste["rss_mb"] - eerste["rss_mb"], 1),
        "seconden": round(time.perf_counter() - start, 1),
        **({"verschillen_met_snel": verschillen} if args.controleer else {}),
    }), flush=True)


if __name__ == "__main__":
    main()
