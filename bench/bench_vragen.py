"""Benchmark: how many answers decide every regime and signal, from first contact.

Usage: python bench/bench_vragen.py [--json] [--backend durable|referentie]

For each of the five stories, start from what the caseworker knows at first contact
(``voorbeelden/eerste-contact/*.yaml``) and ask the questions in order; each question is
answered as the story tells it (the full profile in ``voorbeelden/*.yaml``). A question the
story does not answer is passed over (the caseworker says "weet ik niet") and the next one is
asked. It stops when every regime and signal that the full story decides is decided, or
when no remaining question can be answered from the story. Items that stay open even on the
full profile (the story does not tell the facts they need) are reported apart.

Three orders are compared in the same process:

* ``aantal``: the original order, by how many items a question can decide;
* ``klasse``: ``Engine.evaluate``'s static order (regime/signal > route > maatwerk, then count);
* ``wat_als``: the intake's order (:mod:`regelruimte.vraagvolgorde`), by what each possible
  answer would settle.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from regelruimte import Advies, BuitenDekking, CaseProfile, Engine, lees_profiel
from regelruimte.advies import Status, Vraag
from regelruimte.vraagvolgorde import advies_met_volgorde

ROOT = Path(__file__).resolve().parents[1]
VERHALEN = ["bergeijk-2021", "utrecht-2019", "leeuwarden-2000", "yulius-2020", "schiedam-2018"]
MAX_VRAGEN = 40

Volgorde = Callable[[Engine, CaseProfile], Advies]


def _aantal(engine: Engine, profiel: CaseProfile) -> Advies:
    advies = engine.evaluate(profiel)
    velden = list(CaseProfile.model_fields)

    def sleutel(v: Vraag) -> tuple[int, int]:
        return -len(v.beslist), velden.index(v.feit) if v.feit in velden else 99

    return advies.model_copy(update={"vragen": sorted(advies.vragen, key=sleutel)})


def _klasse(engine: Engine, profiel: CaseProfile) -> Advies:
    return engine.evaluate(profiel)


def _wat_als(engine: Engine, profiel: CaseProfile) -> Advies:
    return advies_met_volgorde(engine, profiel)


VOLGORDES: dict[str, Volgorde] = {"aantal": _aantal, "klasse": _klasse, "wat_als": _wat_als}


def _open_regimes_signalen(advies: Advies, doel: set[str] | None = None) -> list[str]:
    return [i.id for i in [*advies.regimes, *advies.signalen]
            if i.status is Status.onbepaald and (doel is None or i.id in doel)]


def speel(engine: Engine, verhaal: str, volgorde: Volgorde) -> dict[str, Any]:
    """Play one story: the answers given, the questions passed over, what stays open."""
    start = lees_profiel(ROOT / "voorbeelden" / "eerste-contact" / f"{verhaal}.yaml")
    volledig = lees_profiel(ROOT / "voorbeelden" / f"{verhaal}.yaml")
    verteld = volledig.model_dump(exclude_none=True)
    gegevens = start.model_dump(exclude_none=True)
    beantwoord: list[str] = []
    overgeslagen: set[str] = set()
    t0 = time.perf_counter()
    try:
        advies = volgorde(engine, CaseProfile.model_validate(gegevens))
    except BuitenDekking:
        return {"verhaal": verhaal, "buiten_dekking": True, "antwoorden": 0, "beantwoord": [],
                "overgeslagen": [], "open_bij_start": None, "nog_open": [], "open_in_verhaal": [],
                "seconden": 0.0}
    eind = engine.evaluate(volledig)
    beslisbaar = {i.id for i in [*eind.regimes, *eind.signalen] if i.status is not Status.onbepaald}
    open_bij_start = len(_open_regimes_signalen(advies, beslisbaar))
    while _open_regimes_signalen(advies, beslisbaar) and len(beantwoord) + len(overgeslagen) < MAX_VRAGEN:
        volgende = next((v for v in advies.vragen if v.feit not in overgeslagen), None)
        if volgende is None:
            break
        if volgende.feit not in verteld:
            overgeslagen.add(volgende.feit)
            continue
        gegevens[volgende.feit] = verteld[volgende.feit]
        beantwoord.append(volgende.feit)
        advies = volgorde(engine, CaseProfile.model_validate(gegevens))
    return {"verhaal": verhaal, "buiten_dekking": False, "antwoorden": len(beantwoord), "beantwoord": beantwoord,
            "overgeslagen": sorted(overgeslagen), "open_bij_start": open_bij_start,
            "nog_open": _open_regimes_signalen(advies, beslisbaar),
            "open_in_verhaal": _open_regimes_signalen(eind), "seconden": round(time.perf_counter() - t0, 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--backend", default="durable")
    args = parser.parse_args()
    engine = Engine.standaard(backend=args.backend)
    uitslag: dict[str, Any] = {
        "machine": f"{platform.machine()}, {platform.python_implementation()} {platform.python_version()}",
        "datum": dt.date.today().isoformat(), "backend": args.backend, "volgordes": {}}
    for naam, volgorde in VOLGORDES.items():
        uitslag["volgordes"][naam] = [speel(engine, verhaal, volgorde) for verhaal in VERHALEN]
    if args.json:
        print(json.dumps(uitslag, indent=2, ensure_ascii=False))
        return
    print(f"machine: {uitslag['machine']} · backend {args.backend}")
    print(f"{'verhaal':17} " + " ".join(f"{n:>9}" for n in VOLGORDES) + "   (antwoorden tot elk regime en signaal"
          " beslist is; * = blijft open)")
    for i, verhaal in enumerate(VERHALEN):
        cellen = []
        for naam in VOLGORDES:
            r = uitslag["volgordes"][naam][i]
            cellen.append("geweigerd" if r["buiten_dekking"] else f"{r['antwoorden']}{'*' if r['nog_open'] else ''}")
        print(f"{verhaal:17} " + " ".join(f"{c:>9}" for c in cellen))
    for naam in VOLGORDES:
        print(f"\n{naam}:")
        for r in uitslag["volgordes"][naam]:
            if r["buiten_dekking"]:
                print(f"  {r['verhaal']}: buiten de dekking, geen advies")
                continue
            print(f"  {r['verhaal']}: {r['antwoorden']} antwoorden ({', '.join(r['beantwoord'])}); "
                  f"overgeslagen (verhaal zegt het niet): {', '.join(r['overgeslagen']) or '-'}; "
                  f"open bij start {r['open_bij_start']}, nog open: {', '.join(r['nog_open']) or '-'}; "
                  f"ook met het hele verhaal open: {', '.join(r['open_in_verhaal']) or '-'}; "
                  f"{r['seconden']} s")


if __name__ == "__main__":
    main()
