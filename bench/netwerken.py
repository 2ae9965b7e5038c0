"""Benchmark: resident memory by the number of epochs a process has met, on durable-rules,
with one shared network and with a network per epoch (issue 11, memory over every day).

Usage: python bench/netwerken.py [--tijdvakken 1,5,19]

Each row is a fresh process: it loads the bundled rules, runs one case on 2026-03-01, then
one case on each of the newest N epochs (twice over), and reports its resident memory. A
network per epoch is ``DurableBackend(delen=False)`` with room for all of them, the way the
backend kept them before the epochs shared one.
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


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--tijdvakken", default="1,5,19", help="how many of the newest epochs each process meets")
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


if __name__ == "__main__":
    main()
