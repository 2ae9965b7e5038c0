"""Benchmark: resident memory by the number of epochs a process has met, on durable-rules,
with one shared network and with a network per epoch (issue 11, memory over every day).

Usage: python bench/netwerken.py [--tijdvakken 1,5,19] [--snelheid [--n 1500]]

Each row is a fresh process: it loads the bundled rules, runs one case on 2026-03-01, then
one case on each of the newest N epochs (twice over), and reports its resident memory. A
network per epoch is ``DurableBackend(delen=False)`` with room for all of them, the way the
backend kept them before the epochs shared one.

``--snelheid`` also times the backend phase alone (CPU time per case, 1,500 cases on
2026-03-01, interleaved in one process) on a network of that epoch alone and on shared
networks of the newest 5 and of all epochs, as a ratio to the first.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def meet(aantal: int, delen: bool) -> dict[str, float | int]:
    """In this process: the memory after ``aantal`` epochs on one backend."""
    from soak import rss_mb

    from regelruimte import Engine, standaard_regels
    from regelruimte.backends.durable import DurableBackend

    engine = Engine.from_directory(standaard_regels(), backend=DurableBackend(delen=delen, max_netwerken=64))
    engine.regeluitkomsten({}, dt.date(2026, 3, 1))
    voor = rss_mb()
    starts = sorted(engine.bank.epoch_starts, reverse=True)[:aantal]
    for _ in range(2):
        for start in starts:
            engine.regeluitkomsten({"leeftijd": 17}, start)
    backend = engine.backend
    assert isinstance(backend, DurableBackend)
    return {"rss_na_eerste_mb": round(voor, 1), "rss_mb": round(rss_mb(), 1),
            "netwerken": backend.netwerken(), "gebouwd": backend.gebouwd}


def snelheid(n: int = 1500) -> str:
    """The backend phase on networks of 1, 5 and all epochs, interleaved in this process."""
    import statistics
    import time

    from bench_advies import populatie

    from regelruimte import Engine, standaard_regels
    from regelruimte.backends.durable import DurableBackend
    from regelruimte.encode import codeer
    from regelruimte.vermoedens import vermoed

    peil = dt.date(2026, 3, 1)
    engine = Engine.from_directory(standaard_regels(), backend="snel")
    programmas = sorted((engine.bank.program(s) for s in engine.bank.epoch_starts), key=lambda p: p.start)
    programma = engine.bank.program(peil)
    keuzes = {"1": [programma], "5": programmas[-5:], str(len(programmas)): programmas}
    backends: dict[str, DurableBackend] = {}
    for naam, keuze in keuzes.items():
        backend = DurableBackend(max_netwerken=1)
        for p in keuze:  # every epoch joins the one network
            backend.evalueer(p, codeer(populatie(1, peil=peil)[0], peil, engine.vocab))
        backends[naam] = backend
    feiten = [vermoed(engine.bank.vermoedens, codeer(p, peil, engine.vocab)) for p in populatie(n, peil=peil)]
    for f in feiten[:200]:  # warm-up
        for backend in backends.values():
            backend.evalueer(programma, f)
    tijden: dict[str, list[int]] = {naam: [] for naam in backends}
    for f in feiten:
        for naam, backend in backends.items():
            t0 = time.process_time_ns()
            backend.evalueer(programma, f)
            tijden[naam].append(time.process_time_ns() - t0)
    basis = statistics.median(tijden["1"])
    regels = ["| tijdvakken in het netwerk | backend p50 ms | / één tijdvak |", "|---|---|---|"]
    for naam, t in tijden.items():
        regels.append(f"| {naam} | {statistics.median(t) / 1e6:.3f} | {statistics.median(t) / basis:.2f} |")
    return "\n".join(regels)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--tijdvakken", default="1,5,19", help="how many of the newest epochs each process meets")
    p.add_argument("--snelheid", action="store_true", help="also time the backend phase per network size")
    p.add_argument("--n", type=int, default=1500, help="cases for --snelheid")
    p.add_argument("--een", help=argparse.SUPPRESS)  # internal: 'N,delen' measured in this process
    args = p.parse_args()
    if args.een:
        aantal, delen = args.een.split(",")
        print(json.dumps(meet(int(aantal), delen == "1")))
        return
    print(f"# {platform.machine()}, Python {platform.python_version()}, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")
    print(f"# herhaal: python {' '.join(sys.argv)}")
    print("| tijdvakken | een netwerk per tijdvak | gedeeld netwerk |")
    print("|---|---|---|")
    for aantal in (int(n) for n in args.tijdvakken.split(",")):
        cellen = []
        for delen in ("0", "1"):
            uit = subprocess.run([sys.executable, __file__, "--een", f"{aantal},{delen}"],
                                 capture_output=True, text=True, check=True)
            r = json.loads(uit.stdout)
            cellen.append(f"{r['rss_mb']} MB ({r['netwerken']} netwerk(en), {r['gebouwd']} keer gebouwd)")
        print(f"| {aantal} | {cellen[0]} | {cellen[1]} |")
    if args.snelheid:
        print()
        print(snelheid(args.n))


if __name__ == "__main__":
    main()
