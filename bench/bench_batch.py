"""regelruimte batch end to end: synthetic profiles from a file to a results file.

    python bench/bench_batch.py [--aantallen 10000 100000 1000000] [--processen 2]
                                [--formaat parquet] [--basis 500] [--map /tmp/rr-bench]

For each size: ``regelruimte populatie`` writes the input (kept in ``--map`` for the next run),
then ``regelruimte batch IN --uit OUT -j P`` runs as its own process (on the columnar path
``-j`` is the number of threads in that one process). Measured: wall time, CPU time of the
command and any workers it starts, and peak memory (VmRSS) sampled every 20 ms from /proc,
both as the largest single process and as the sum over the command and every process below
it at that moment. The load average is printed before and after, since the machine may be
shared. The baseline, in
this process on the first ``--basis`` rows of the smallest input: the per-case evaluator
(``batch.evalueer_blok``, ``Engine.evaluate`` on the default backend) against the columnar one
(``kolom.evalueer_blok_kolom``) on the same rows, as CPU per case and their ratio. Prints a
markdown table. Linux only (/proc).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

PEILDATUM = dt.date(2026, 3, 1)


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            for regel in f:
                if regel.startswith("VmRSS:"):
                    return int(regel.split()[1])
    except OSError:
        return 0
    return 0


def _boom(pid: int) -> list[int]:
    """The process and every descendant."""
    uit = [pid]
    for p in uit:
        try:
            for taak in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{taak}/children", encoding="ascii") as f:
                    uit.extend(int(k) for k in f.read().split())
        except OSError:
            continue
    return uit


class Geheugen(threading.Thread):
    """Samples the RSS of a process tree until stopped: the peak of the sum and of the largest."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.totaal = self.grootste = 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            rss = [_rss_kb(p) for p in _boom(self.pid)]
            self.totaal = max(self.totaal, sum(rss))
            self.grootste = max(self.grootste, max(rss, default=0))
            time.sleep(0.02)


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "regelruimte.cli", *args]


def populatie(n: int, pad: Path) -> None:
    if not pad.exists():
        subprocess.run(_cli("populatie", "--n", str(n), "--seed", "1", "--peildatum", PEILDATUM.isoformat(),
                            "--uit", str(pad)), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def batch(invoer: Path, uit: Path, processen: int) -> dict[str, float]:
    voor = resource.getrusage(resource.RUSAGE_CHILDREN)
    begin = time.monotonic()
    proces = subprocess.Popen(_cli("batch", str(invoer), "--uit", str(uit), "-j", str(processen)),
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    meter = Geheugen(proces.pid)
    meter.start()
    _, fout = proces.communicate()
    wand = time.monotonic() - begin
    meter.stop.set()
    meter.join()
    na = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proces.returncode != 0:
        raise SystemExit(f"batch faalde ({proces.returncode}): {fout}")
    cpu = (na.ru_utime - voor.ru_utime) + (na.ru_stime - voor.ru_stime)
    return {"wand": wand, "cpu": cpu, "totaal_mb": meter.totaal / 1024, "grootste_mb": meter.grootste / 1024}


def basislijn(invoer: Path, aantal: int) -> tuple[float, float]:
    """CPU ms per case, per case and columnar, on the same rows in this process."""
    from regelruimte import standaard_regels
    from regelruimte.batch import Blok, Opdracht, evalueer_blok, maak_engine
    from regelruimte.kolom import evalueer_blok_kolom
    from regelruimte.tabel import lees_invoer

    opdracht = Opdracht(str(standaard_regels()))
    engine = maak_engine(opdracht)
    blok = Blok(lees_invoer(invoer).rijen.head(aantal))
    evalueer_blok(engine, opdracht, Blok(blok.rijen.head(20)))  # warm: durable network, caches
    evalueer_blok_kolom(engine, opdracht, Blok(blok.rijen.head(20)))
    begin = time.process_time()
    evalueer_blok(engine, opdracht, blok)
    per_geval = (time.process_time() - begin) / blok.rijen.height * 1000
    begin = time.process_time()
    evalueer_blok_kolom(engine, opdracht, blok)
    kolom = (time.process_time() - begin) / blok.rijen.height * 1000
    return per_geval, kolom


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--aantallen", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--processen", type=int, default=2)
    parser.add_argument("--formaat", choices=["parquet", "csv"], default="parquet")
    parser.add_argument("--basis", type=int, default=500)
    parser.add_argument("--map", type=Path, default=Path("/tmp/rr-bench"))
    args = parser.parse_args()
    args.map.mkdir(parents=True, exist_ok=True)
    print(f"# regelruimte batch, {args.formaat} in en uit, -j {args.processen}, {os.cpu_count()} kernen, "
          f"belasting {os.getloadavg()[0]:.1f}")
    rijen = []
    for n in args.aantallen:
        invoer = args.map / f"populatie_{n}.{args.formaat}"
        populatie(n, invoer)
        m = batch(invoer, args.map / f"resultaten_{n}.{args.formaat}", args.processen)
        rijen.append((n, m))
    per_geval, kolom = basislijn(args.map / f"populatie_{min(args.aantallen)}.{args.formaat}", args.basis)
    print("\n| gevallen | wand (s) | CPU (s) | CPU per geval (µs) | piek samen (MB) | piek grootste proces (MB) |"
          " per geval geschat, wand (s) |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for n, m in rijen:
        geschat = per_geval * n / 1000 / args.processen
        print(f"| {n:,} | {m['wand']:.1f} | {m['cpu']:.1f} | {m['cpu'] / n * 1e6:.0f} | {m['totaal_mb']:.0f} |"
              f" {m['grootste_mb']:.0f} | {geschat:,.0f} |")
    print(f"\nbasislijn in dit proces, {args.basis} gevallen: per geval {per_geval:.2f} ms CPU, kolomsgewijs "
          f"{kolom * 1000:.0f} µs CPU; verhouding {per_geval / kolom:.0f}x")
    print(f"belasting na afloop {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
