"""Scenario results as JUnit XML, the report format every CI system reads (GitLab, Jenkins,
Azure DevOps, GitHub Actions with a test reporter), so a municipality's own pipeline shows
each scenario as a test case."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Resultaat", "schrijf_junit"]


@dataclass(frozen=True)
class Resultaat:
    """One scenario's outcome: where it came from, and its differences (empty = passed)."""

    bestand: str
    regel: int  # line in a scenario file, row in a table
    naam: str
    verschillen: tuple[str, ...]
    seconden: float
    fout: str | None = None  # the file could not be read at all


def schrijf_junit(resultaten: list[Resultaat], pad: Path, *, naam: str = "regelruimte") -> None:
    """One ``testsuite`` per scenario file or table, one ``testcase`` per scenario; a failure
    carries the differences as its text. Written via a temporary file renamed at the end."""
    per_bestand: dict[str, list[Resultaat]] = defaultdict(list)
    for resultaat in resultaten:
        per_bestand[resultaat.bestand].append(resultaat)
    wortel = ET.Element("testsuites", name=naam, tests=str(len(resultaten)),
                        failures=str(sum(1 for r in resultaten if r.verschillen and not r.fout)),
                        errors=str(sum(1 for r in resultaten if r.fout)),
                        time=f"{sum(r.seconden for r in resultaten):.3f}")
    for bestand, eigen in per_bestand.items():
        suite = ET.SubElement(wortel, "testsuite", name=bestand, tests=str(len(eigen)),
                              failures=str(sum(1 for r in eigen if r.verschillen and not r.fout)),
                              errors=str(sum(1 for r in eigen if r.fout)),
                              time=f"{sum(r.seconden for r in eigen):.3f}")
        for r in eigen:
            geval = ET.SubElement(suite, "testcase", classname=bestand, name=r.naam, file=bestand,
                                  line=str(r.regel), time=f"{r.seconden:.3f}")
            if r.fout:
                ET.SubElement(geval, "error", message=r.fout.splitlines()[0][:200]).text = r.fout
            elif r.verschillen:
                ET.SubElement(geval, "failure", message=r.verschillen[0][:200]).text = "\n".join(r.verschillen)
    ET.indent(wortel)
    tijdelijk = pad.with_name(f".{pad.name}.{os.getpid()}.deel")
    try:
        ET.ElementTree(wortel).write(tijdelijk, encoding="utf-8", xml_declaration=True)
        os.replace(tijdelijk, pad)
    finally:
        tijdelijk.unlink(missing_ok=True)
