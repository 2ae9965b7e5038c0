"""How the cost of one case grows with the rule base, and where durable-rules stops.

Usage: python bench/groei.py [--n 300] [--keer 1,2,3,4] [--backends durable,snel]

Builds the bundled rule base k times over in a temporary directory (every copy with its rule
ids, derived facts and open terms renamed, so the copies are independent rules of the same
shape; scenario files are left out), compiles each with durable-rules' limits checked, and
times ``Engine.regeluitkomsten`` (encoding + backend, CPU time) on a fixed population. A rule
base the compiler refuses is reported with its RR4xx codes; an engine error per case
(durable-rules' ``error code: 303``) is counted. A baseline workload timed in the same
process gives the ratio column.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import contextlib

import yaml
from bench_advies import PEIL, ijkwerk, populatie

from regelruimte import Engine, standaard_regels
from regelruimte.backends.durable import EngineFout
from regelruimte.diagnostics import RegelbankFout


def _namen(map_: Path) -> set[str]:
    """Rule ids, derived facts and open terms declared in the rule files."""
    uit: set[str] = set()
    for pad in _regelbestanden(map_):
        data = yaml.safe_load(pad.read_text(encoding="utf-8")) or {}
        for regel in data.get("regels", []) or []:
            uit.add(regel["id"])
            if regel.get("soort") == "feit" and regel.get("feit"):
                uit.add(regel["feit"])
        for term in data.get("open_termen", []) or []:
            uit.add(term["id"])
    return uit


def _regelbestanden(map_: Path) -> Iterator[Path]:
    return (p for p in sorted(map_.rglob("*.yaml")) if not p.name.endswith(".test.yaml") and p.name != "dekking.yaml")


def vermenigvuldig(bron: Path, keer: int, doel: Path) -> Path:
    """``keer`` renamed copies of the rule base under ``doel``."""
    shutil.copy(bron / "dekking.yaml", doel / "dekking.yaml")
    namen = sorted(_namen(bron), key=len, reverse=True)
    patroon = re.compile(r"(?<![\w.])(" + "|".join(map(re.escape, namen)) + r")(?![\w])(?!\.\w)")
    for k in range(keer):
        for pad in _regelbestanden(bron):
            tekst = pad.read_text(encoding="utf-8")
            if k:
                tekst = patroon.sub(lambda m, k=k: f"{m.group(1)}_k{k}", tekst)
                data = yaml.safe_load(tekst)
                if "vermoedens" in data:  # a field has one presumption: it stays with the first copy
                    del data["vermoedens"]
                    tekst = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
            uit = doel / f"k{k}" / pad.relative_to(bron)
            uit.parent.mkdir(parents=True, exist_ok=True)
            uit.write_text(tekst, encoding="utf-8")
    return doel


def meet(regels: Path, backend: str, gevallen: list[dict[str, Any]]) -> dict[str, Any]:
    try:
        engine = Engine.from_directory(regels, backend=backend)
    except RegelbankFout as fout:
        return {"geweigerd": sorted({d.code for d in fout.diagnostics})}
    regels_actief = len(engine.bank.programma(PEIL).regels)
    tijden: list[int] = []
    fouten = 0
    for gegevens in gevallen[:20]:  # warm-up
        with contextlib.suppress(EngineFout):
            engine.regeluitkomsten(gegevens, PEIL)
    for gegevens in gevallen:
        t0 = time.process_time_ns()
        try:
            engine.regeluitkomsten(gegevens, PEIL)
        except EngineFout:
            fouten += 1
            continue
        tijden.append(time.process_time_ns() - t0)
    return {"regels": regels_actief, "fouten": fouten,
            "p50_ms": statistics.median(tijden) / 1e6 if tijden else float("nan")}


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--n", type=int, default=300)
    p.add_argument("--keer", default="1,2,3,4")
    p.add_argument("--backends", default="durable,snel")
    args = p.parse_args()
    gevallen = [prof.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
                for prof in populatie(args.n, peil=PEIL)]
    ijk = []
    for _ in range(200):
        t0 = time.process_time_ns()
        ijkwerk()
        ijk.append(time.process_time_ns() - t0)
    basis = statistics.median(ijk) / 1e6
    print(f"# herhaal: python {' '.join(sys.argv)}   (ijk: {basis:.3f} ms)")
    print("| rule base | backend | rules active | p50 ms (encode + backend) | p50 / ijk | cases failed |")
    print("|---|---|---|---|---|---|")
    for keer in [int(k) for k in args.keer.split(",")]:
        with tempfile.TemporaryDirectory() as tmp:
            regels = vermenigvuldig(standaard_regels(), keer, Path(tmp))
            for backend in args.backends.split(","):
                m = meet(regels, backend, gevallen)
                if "geweigerd" in m:
                    print(f"| x{keer} | {backend} | | refused: {', '.join(m['geweigerd'])} | | |")
                else:
                    print(f"| x{keer} | {backend} | {m['regels']} | {m['p50_ms']:.2f} | {m['p50_ms'] / basis:.1f} "
                          f"| {m['fouten']} of {len(gevallen)} |", flush=True)


if __name__ == "__main__":
    main()
