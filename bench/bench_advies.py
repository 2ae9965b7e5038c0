"""Benchmark: one full advice per case, on each backend, split into its phases.

Usage: python bench/bench_advies.py [--n 2000] [--backends durable,referentie,snel] [--zonder-trace]
                                    [--regels DIR] [--gc-freeze] [--json] [--alle-tijdvakken]

Prints a table: per backend the p50 and p99 CPU time of one advice and the median of each
phase (validation, encoding, backend, explanation, JSON), and the ratio of the p50 to a
baseline run in the same process (the ``ijk`` row: a fixed pure-Python workload timed
between the cases, so a busier machine moves both). Cases are interleaved over the backends,
so they share the machine's mood. CPU time per case (``time.process_time_ns``), because the
machine may be shared. Phases mirror ``Engine.evaluate``; the first cases are checked to give
exactly what ``Engine.evaluate`` gives, so the split measures the real path.
``--gc-freeze`` moves everything alive after the warm-up out of the collector's reach, as a
long-running service does after start-up. ``--alle-tijdvakken`` first runs one case on every
epoch, so durable-rules' network runs every epoch of the rule base (as in a service that has
met every date); the backend ``durable-los`` keeps a network per epoch (the behaviour before
the epochs shared one), for an A/B in the same process.
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
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from regelruimte import CaseProfile, Engine, standaard_regels
from regelruimte.encode import codeer
from regelruimte.explain import leg_uit
from regelruimte.profile import Diploma, JeugdhulpVorm, Onderwijs, Uitkering, laad_profiel
from regelruimte.samenvatting import vat_samen
from regelruimte.vermoedens import markeer, vermoed


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


ONDERDELEN = ("validatie", "codering", "backend", "uitleg", "json")
PEIL = dt.date(2026, 3, 1)


def ijkwerk() -> None:
    """The baseline: a fixed pure-Python workload (dicts, strings, sorting) of about a
    millisecond, the kind of work the engine does."""
    d = {f"k{i}": i * 7 % 13 for i in range(400)}
    json.dumps(sorted(d.items(), key=lambda kv: (kv[1], kv[0])))


def per_onderdeel(engine: Engine, gegevens: dict[str, Any], *, trace: bool = True) -> tuple[list[int], str]:
    """One advice the way Engine.evaluate builds it, timed per phase (CPU ns)."""
    klok = time.process_time_ns
    t0 = klok()
    profiel = laad_profiel(dict(gegevens))
    profiel.met_peildatum(PEIL)
    t1 = klok()
    programma = engine.bank.programma(PEIL)
    feiten = vermoed(engine.bank.vermoedens, codeer(profiel, PEIL, engine.vocab))
    t2 = klok()
    uitkomst = engine.backend.evalueer(programma, feiten)
    t3 = klok()
    uitkomst = engine.knoopwaarden(programma, feiten, uitkomst)
    # as Engine.evaluate: a case with a presumption applied builds the trace anyway
    advies = leg_uit(engine.bank, programma, feiten, uitkomst, engine.vocab, profiel,
                     versie="bench", backend=engine.backend.naam, trace=trace or bool(feiten.vermoed))
    advies = markeer(advies, engine.bank, feiten, streng=False)
    if not trace and advies.trace:
        advies = advies.model_copy(update={"trace": []})
    advies = vat_samen(advies)
    t4 = klok()
    tekst = advies.json_bytes()  # what the HTTP service sends
    t5 = klok()
    return [t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4], tekst.decode()


def _ms(ns: float) -> float:
    return ns / 1e6


def _kwantiel(x: list[int], q: float) -> float:
    x = sorted(x)
    return _ms(x[min(int(len(x) * q), len(x) - 1)])


ZONDER = " zonder trace"


def meet(engines: dict[str, Engine], gevallen: list[dict[str, Any]]) -> dict[str, dict[str, list[int]]]:
    """Per backend (and the baseline 'ijk'): per phase and in total, the CPU ns per case.
    A name ending in ZONDER is that backend without the trace (as the batch runs it)."""
    uit: dict[str, dict[str, list[int]]] = {
        naam: {f: [] for f in (*ONDERDELEN, "totaal")} for naam in [*engines, "ijk"]}
    for gegevens in gevallen:
        for naam, engine in engines.items():
            tijden, _ = per_onderdeel(engine, gegevens, trace=not naam.endswith(ZONDER))
            for f, t in zip(ONDERDELEN, tijden, strict=True):
                uit[naam][f].append(t)
            uit[naam]["totaal"].append(sum(tijden))
        t0 = time.process_time_ns()
        ijkwerk()
        uit["ijk"]["totaal"].append(time.process_time_ns() - t0)
    return uit


def controleer(engines: dict[str, Engine], gevallen: list[dict[str, Any]]) -> None:
    """The phases give exactly what Engine.evaluate gives (apart from the version field)."""
    for gegevens in gevallen:
        for engine in engines.values():
            verwacht = engine.evaluate(gegevens, PEIL).model_dump(mode="json", exclude={"ontvangst": {"versie"}})
            _, tekst = per_onderdeel(engine, gegevens)
            gekregen = json.loads(tekst)
            gekregen["ontvangst"].pop("versie")
            if gekregen != verwacht:
                raise SystemExit(f"bench: de onderdelen geven iets anders dan Engine.evaluate ({engine.backend.naam})")


def tabel(metingen: dict[str, dict[str, list[int]]], basis: str) -> str:
    ijk = statistics.median(metingen["ijk"]["totaal"])
    p50_basis = statistics.median(metingen[basis]["totaal"])
    regels = ["| backend | p50 ms | p99 ms | " + " | ".join(f"{f} ms" for f in ONDERDELEN)
              + f" | p50 / ijk | p50 / {basis} |", "|---" * (len(ONDERDELEN) + 5) + "|"]
    for naam, m in metingen.items():
        if naam == "ijk":
            continue
        p50 = statistics.median(m["totaal"])
        regels.append(f"| {naam} | {_ms(p50):.2f} | {_kwantiel(m['totaal'], 0.99):.2f} | "
                      + " | ".join(f"{_ms(statistics.median(m[f])):.3f}" for f in ONDERDELEN)
                      + f" | {p50 / ijk:.1f} | {p50 / p50_basis:.2f} |")
    regels.append(f"| ijk (baseline) | {_ms(ijk):.3f} | {_kwantiel(metingen['ijk']['totaal'], 0.99):.3f} | "
                  + " | ".join("" for _ in ONDERDELEN) + " | 1.0 | |")
    return "\n".join(regels)


def _engine(naam: str, eerste: Engine) -> Engine:
    """An engine on the backend ``naam`` sharing the rule base; ``durable-los``: a
    durable-rules network per epoch."""
    if naam == "durable-los":
        from regelruimte.backends.durable import DurableBackend

        return Engine(eerste.bank, backend=DurableBackend(delen=False, max_netwerken=64))
    return Engine(eerste.bank, backend=naam)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--n", type=int, default=2000)
    p.add_argument("--backends", default="durable,referentie,snel")
    p.add_argument("--regels", default=None)
    p.add_argument("--gc-freeze", action="store_true",
                   help="gc.freeze() after the warm-up (see docs/performance.md)")
    p.add_argument("--json", action="store_true", help="also print the medians as JSON")
    p.add_argument("--alle-tijdvakken", action="store_true",
                   help="first one case on every epoch, so durable's network runs them all")
    p.add_argument("--zonder-trace", action="store_true",
                   help="also each backend without the trace (Engine.evaluate(trace=False), as the batch)")
    args = p.parse_args()
    namen = [n.strip() for n in args.backends.split(",") if n.strip()]
    regels = args.regels or standaard_regels()
    eerste = Engine.from_directory(regels, backend="snel")
    engines = {n: _engine(n, eerste) for n in namen}
    gevallen = [prof.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
                for prof in populatie(args.n, peil=PEIL)]
    if args.alle_tijdvakken:
        for engine in engines.values():
            for start in engine.bank.epoch_starts:
                engine.regeluitkomsten({}, start)
    controleer(engines, gevallen[:50])
    if args.zonder_trace:
        engines |= {naam + ZONDER: engine for naam, engine in list(engines.items())}
    for gegevens in gevallen[:200]:  # warm-up: compile the epoch, fill the caches
        for engine in engines.values():
            per_onderdeel(engine, gegevens)
    if args.gc_freeze:
        gc.freeze()
    metingen = meet(engines, gevallen)
    programma = eerste.bank.programma(PEIL)
    print(f"# {len(gevallen)} gevallen, peildatum {PEIL}, {len(programma.regels)} regels actief; "
          f"CPU-tijd per advies; gc.freeze: {'ja' if args.gc_freeze else 'nee'}")
    print(f"# {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")
    print(f"# herhaal: python {' '.join(sys.argv)}")
    print(f"# alle tijdvakken eerst: {'ja' if args.alle_tijdvakken else 'nee'}")
    print(tabel(metingen, namen[0]))
    if args.json:
        print(json.dumps({naam: {f: round(_ms(statistics.median(m[f])), 4) for f in m if m[f]}
                          for naam, m in metingen.items()}))


if __name__ == "__main__":
    main()
