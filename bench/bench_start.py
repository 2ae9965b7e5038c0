"""Benchmark: the start-up of ``regelruimte advies``, CPU time of the whole process.

Usage: python bench/bench_start.py [--herhalingen 7] [--backend durable|snel|referentie]

Runs, in turns so the machine's load falls on each alike, fresh processes of:

* ``python -c "import pydantic"``: the baseline (an interpreter that imports pydantic);
* ``regelruimte advies voorbeelden/utrecht-2019.yaml`` with the rule-base cache filled
  (what a caseworker's second and later commands cost);
* the same with ``--geen-cache`` (the rules read and compiled: the first command, or
  ``REGELRUIMTE_CACHE=uit``).

CPU time is user + system of the child process (``resource.getrusage(RUSAGE_CHILDREN)``),
so a busy machine slows the wall clock more than this. It prints the median and the lowest
of each, and the medians as a ratio to the baseline's. The cache lives in a temporary
directory, removed at the end; nothing else on disk is touched.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VOORBEELD = ROOT / "voorbeelden" / "utrecht-2019.yaml"


def _cpu(opdracht: list[str], omgeving: dict[str, str]) -> float:
    """CPU seconds (user + system) of one fresh process running ``opdracht``."""
    voor = resource.getrusage(resource.RUSAGE_CHILDREN)
    uit = subprocess.run(opdracht, env=omgeving, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    na = resource.getrusage(resource.RUSAGE_CHILDREN)
    if uit.returncode != 0:
        raise SystemExit(f"{' '.join(opdracht)} faalde:\n{uit.stderr.decode(errors='replace')[-2000:]}")
    return (na.ru_utime - voor.ru_utime) + (na.ru_stime - voor.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--herhalingen", type=int, default=7, help="runs of each command (default 7)")
    parser.add_argument("--backend", default="durable", choices=["durable", "snel", "referentie"])
    args = parser.parse_args()

    advies = [sys.executable, "-m", "regelruimte.cli"]
    gevallen = {
        "python -c 'import pydantic' (basis)": [sys.executable, "-c", "import pydantic"],
        "advies, cache gevuld": [*advies, "advies", str(VOORBEELD), "--backend", args.backend],
        "advies, --geen-cache": [*advies, "--geen-cache", "advies", str(VOORBEELD), "--backend", args.backend],
    }
    with tempfile.TemporaryDirectory(prefix="regelruimte-bench-start-") as cache:
        omgeving = {**os.environ, "REGELRUIMTE_CACHE_DIR": cache,
                    "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))}
        omgeving.pop("REGELRUIMTE_CACHE", None)
        _cpu(gevallen["advies, cache gevuld"], omgeving)  # fills the cache (and writes .pyc where allowed)
        tijden: dict[str, list[float]] = {naam: [] for naam in gevallen}
        for _ in range(args.herhalingen):
            for naam, opdracht in gevallen.items():
                tijden[naam].append(_cpu(opdracht, omgeving))

    basis = statistics.median(next(iter(tijden.values())))
    print(f"start-up van regelruimte advies ({args.backend}), CPU (user+sys) per proces, "
          f"{args.herhalingen} runs; Python {platform.python_version()}, "
          f"PYTHONDONTWRITEBYTECODE={os.environ.get('PYTHONDONTWRITEBYTECODE', '')!r}")
    print(f"{'':40} {'mediaan s':>10} {'laagste s':>10} {'x basis':>8}")
    for naam, waarden in tijden.items():
        mediaan = statistics.median(waarden)
        print(f"{naam:40} {mediaan:10.3f} {min(waarden):10.3f} {mediaan / basis:8.1f}")
    print(f"opnieuw: python bench/bench_start.py --herhalingen {args.herhalingen} --backend {args.backend}")


if __name__ == "__main__":
    main()
