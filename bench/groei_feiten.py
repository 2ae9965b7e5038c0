"""How the cost of one full advice grows with the facts given, and (with --plot) a picture of
that next to the growth with the rule base.

Usage: python bench/groei_feiten.py [--n 3000] [--backends durable,snel,referentie]
                                    [--plot docs/img/groei.png] [--keer 1,2,3,4]

Each profile is a random subset (uniform in size) of one synthetic young person with every
fact known (``regelruimte.populatie`` without its first-contact gaps), from only the birth
date to every field; subsets that break a dependency between fields are drawn again. Each
is evaluated the way the API does it (``Engine.evaluate`` with the trace, then the JSON),
CPU time per case, and the cases are grouped by how many profile fields they give.
A baseline workload timed between the cases in the same process gives the ratio column
(``p50 / ijk``), so runs on a busy and a quiet machine compare.

``--plot PATH`` also times the rule base k times over (``groei.py``'s renamed copies, encoding
+ backend per case, as in that script's table) and draws both curves in one PNG.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_advies import PEIL, ijkwerk
from groei import meet as meet_regelbank
from groei import vermenigvuldig

from regelruimte import CaseProfile, Engine, populatie, standaard_regels
from regelruimte.profile import samenhang_fouten

#: bins of "fields given" (upper bounds, inclusive)
BAKKEN = (5, 10, 15, 20, 25, 30, 99)


def _bak(aantal: int) -> str:
    onder = 0
    for boven in BAKKEN:
        if aantal <= boven:
            return f"{onder}-{boven}" if boven < 99 else f"{onder}+"
        onder = boven + 1
    raise AssertionError(aantal)


def _alles_bekend(rnd: random.Random, velden: dict[str, Any]) -> dict[str, Any]:
    return {naam: waarde for naam, waarde in velden.items() if naam != "leeftijd"}


def gevallen(n: int, peil: dt.date) -> list[dict[str, Any]]:
    """``n`` profiles with between 1 and all of their facts given (uniformly), each a subset
    of one synthetic person with every fact known that still validates."""
    rnd = random.Random(11)
    with mock.patch.object(populatie, "_vergeet", _alles_bekend):
        volledig = [p.model_dump(mode="json", exclude_unset=True)
                    for p in populatie.genereer(n, seed=11, peildatum=peil)]
    uit: list[dict[str, Any]] = []
    for persoon in volledig:
        velden = sorted(set(persoon) - {"peildatum", "geboortedatum"})
        for _ in range(20):  # a subset that breaks a dependency between fields is drawn again
            gekozen = rnd.sample(velden, rnd.randint(0, len(velden)))
            kandidaat = {"peildatum": persoon["peildatum"], "geboortedatum": persoon["geboortedatum"],
                         **{naam: persoon[naam] for naam in gekozen}}
            try:
                profiel = CaseProfile.model_validate(kandidaat)
            except ValueError:
                continue
            if not samenhang_fouten(profiel, peil):
                uit.append(kandidaat)
                break
    return uit


Metingen = dict[str, dict[int, list[int]]]


def meet_feiten(engines: dict[str, Engine], profielen: list[dict[str, Any]]) -> tuple[Metingen, float]:
    """Per backend: CPU ns of one full advice (trace + JSON), by the number of fields given;
    and the baseline's median in ms."""
    uit: dict[str, dict[int, list[int]]] = {naam: {} for naam in engines}
    ijk: list[int] = []
    for gegevens in profielen[:100]:  # warm-up: the epoch compiled, the caches filled
        for engine in engines.values():
            engine.evaluate(gegevens, PEIL).model_dump_json()
    for gegevens in profielen:
        aantal = len(gegevens) - 1  # the peildatum is not a fact about the person
        for naam, engine in engines.items():
            t0 = time.process_time_ns()
            engine.evaluate(gegevens, PEIL).model_dump_json()
            uit[naam].setdefault(aantal, []).append(time.process_time_ns() - t0)
        t0 = time.process_time_ns()
        ijkwerk()
        ijk.append(time.process_time_ns() - t0)
    return uit, statistics.median(ijk) / 1e6


def tabel_feiten(metingen: dict[str, dict[int, list[int]]], ijk: float) -> str:
    namen = list(metingen)
    regels = ["| fields given | cases | " + " | ".join(f"{n} p50 ms | {n} p50 / ijk" for n in namen) + " |",
              "|---|---:|" + "---:|---:|" * len(namen)]
    for bak in dict.fromkeys(_bak(a) for a in sorted(next(iter(metingen.values())))):
        rij = []
        aantal_gevallen = 0
        for naam in namen:
            tijden = [t for a, ts in metingen[naam].items() if _bak(a) == bak for t in ts]
            aantal_gevallen = len(tijden)
            p50 = statistics.median(tijden) / 1e6
            rij.append(f"{p50:.2f} | {p50 / ijk:.1f}")
        regels.append(f"| {bak} | {aantal_gevallen} | " + " | ".join(rij) + " |")
    return "\n".join(regels)


def meet_keer(keren: list[int], backends: list[str], profielen: list[dict[str, Any]]) -> dict[str, dict[int, float]]:
    """Per backend: p50 ms (encoding + backend) per multiple of the rule base; NaN = refused."""
    uit: dict[str, dict[int, float]] = {b: {} for b in backends}
    for keer in keren:
        with tempfile.TemporaryDirectory() as tmp:
            regels = vermenigvuldig(standaard_regels(), keer, Path(tmp))
            for backend in backends:
                m = meet_regelbank(regels, backend, profielen)
                uit[backend][keer] = float("nan") if "geweigerd" in m else m["p50_ms"]
    return uit


def teken(pad: Path, feiten: dict[str, dict[int, list[int]]], keer: dict[str, dict[int, float]], ijk: float) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (links, rechts) = plt.subplots(1, 2, figsize=(10, 4), dpi=110)
    for naam, per_aantal in feiten.items():
        aantallen = [a for a in sorted(per_aantal) if len(per_aantal[a]) >= 10]
        links.plot(aantallen, [statistics.median(per_aantal[a]) / 1e6 / ijk for a in aantallen], marker="o", label=naam)
    links.set_xlabel("gegeven velden in het profiel")
    links.set_ylabel("p50 per advies / ijk")
    links.set_title("Volledig advies (met trace en JSON)")
    links.legend()
    links.set_ylim(bottom=0)
    for naam, per_keer in keer.items():
        keren = sorted(per_keer)
        rechts.plot(keren, [per_keer[k] / ijk for k in keren], marker="o", label=naam)
        rechts.set_xticks(keren, [f"x{k}" for k in keren])
    rechts.set_xlabel("regelbank x k (hernoemde kopieën)")
    rechts.set_ylabel("p50 codering + backend / ijk")
    rechts.set_title("Groei met de regelbank (ontbrekend = geweigerd)")
    rechts.legend()
    rechts.set_ylim(bottom=0)
    fig.tight_layout()
    pad.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(pad)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--n", type=int, default=3000)
    p.add_argument("--backends", default="durable,snel,referentie")
    p.add_argument("--plot", type=Path, default=None, help="also time the rule base k times over and draw a PNG")
    p.add_argument("--keer", default="1,2,3,4")
    args = p.parse_args()
    namen = [n.strip() for n in args.backends.split(",") if n.strip()]
    eerste = Engine.from_directory(standaard_regels(), backend=namen[0])
    engines = {namen[0]: eerste, **{n: Engine(eerste.bank, backend=n) for n in namen[1:]}}
    profielen = gevallen(args.n, PEIL)
    metingen, ijk = meet_feiten(engines, profielen)
    print(f"# {len(profielen)} profielen (deelverzamelingen van regelruimte.populatie, seed 11), peildatum {PEIL}; "
          f"CPU per volledig advies; ijk {ijk:.3f} ms; {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")
    print(f"# herhaal: python {' '.join(sys.argv)}")
    print(tabel_feiten(metingen, ijk))
    if args.plot:
        keer = meet_keer([int(k) for k in args.keer.split(",")], namen, profielen[:300])
        teken(args.plot, metingen, keer, ijk)
        print(f"# figuur: {args.plot}")


if __name__ == "__main__":
    main()
