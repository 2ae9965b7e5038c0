"""`regelruimte vraag`, driven as a person would: in a pseudo-terminal, typing answers."""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from regelruimte.intake import lees_antwoord, uitleg_antwoorden

from .backend import STANDAARD
from .server import ROOT

if sys.platform == "win32":  # pragma: no cover
    pytest.skip("pseudo-terminals need a POSIX system", allow_module_level=True)


class Terminal:
    def __init__(self, *args: str) -> None:
        self.meester, slaaf = pty.openpty()
        omgeving = {**os.environ, "COLUMNS": "100", "LINES": "50", "TERM": "dumb"}
        self.proces = subprocess.Popen(
            [sys.executable, "-m", "regelruimte.cli", "vraag", *args, "--backend", STANDAARD],
            stdin=slaaf, stdout=slaaf, stderr=slaaf, cwd=ROOT, env=omgeving, close_fds=True)
        os.close(slaaf)
        self.scherm = ""

    def wacht_op(self, tekst: str, seconden: float = 60) -> str:
        eind = time.monotonic() + seconden
        while tekst not in self.scherm:
            if time.monotonic() > eind:
                raise AssertionError(f"'{tekst}' verscheen niet; scherm:\n{self.scherm[-3000:]}")
            klaar, _, _ = select.select([self.meester], [], [], 0.5)
            if klaar:
                try:
                    self.scherm += os.read(self.meester, 65536).decode("utf-8", "replace")
                except OSError:
                    break
        return self.scherm

    def typ(self, tekst: str) -> None:
        self.scherm = ""
        os.write(self.meester, (tekst + "\n").encode())

    def sluit(self) -> int:
        try:
            return self.proces.wait(timeout=60)
        finally:
            os.close(self.meester)


def test_intake_asks_what_matters_shows_the_core_and_saves(tmp_path: Path) -> None:
    uit = tmp_path / "aangevuld.yaml"
    t = Terminal(str(ROOT / "voorbeelden" / "eerste-contact" / "bergeijk-2021.yaml"), "--opslaan", str(uit))
    scherm = t.wacht_op("> ")
    assert "Wat geldt" in scherm  # the core comes first
    vraag = re.findall(r"Vraag: (.*)", scherm)[-1]
    assert "geboortedatum" in vraag  # the question that settles the most regimes
    t.typ("31-02-2005")  # an impossible date is refused, the question asked again
    assert "bestaat niet" in t.wacht_op("> ")
    t.typ("10-03-2005")
    scherm = t.wacht_op("> ")
    assert "Kwalificatieplicht" not in re.findall(r"Vraag: (.*)", scherm)[-1]
    volgende = re.findall(r"Vraag: (.*)", scherm)[-1]
    antwoorden = re.findall(r"Antwoord: (.*)", scherm)[-1]
    assert "vorig" in volgende.lower() or "vrijstelling" in volgende.lower() or "onderwijs" in volgende.lower()
    if "vóór het verlaten" in volgende:
        assert "voortgezet onderwijs" in antwoorden  # the allowed answers are offered
        t.typ("3")  # vo
    else:
        t.typ("0")
    scherm = t.wacht_op("> ")
    t.typ("stop")
    assert t.sluit() == 0
    opgeslagen = yaml.safe_load(uit.read_text(encoding="utf-8"))
    assert opgeslagen["geboortedatum"] == "2005-03-10"
    assert opgeslagen["gemeente"] == "GM1724" and opgeslagen["leeftijd"] == 16
    assert len(opgeslagen) == 8  # the six known facts and the two answers


def test_answers_are_read_as_offered() -> None:
    assert lees_antwoord("vorig_onderwijs", "3") == "vo"
    assert lees_antwoord("vrijstellingen", "0") == []
    assert lees_antwoord("vrijstellingen", "1, 7") == ["lpw_3a", "lpw_15"]
    assert lees_antwoord("kwetsbaar", "ja") is True
    assert lees_antwoord("jeugdhulp", "nee") == []
    with pytest.raises(ValueError, match="geen van de mogelijke"):
        lees_antwoord("vorig_onderwijs", "99")
    assert "3=voortgezet onderwijs" in uitleg_antwoorden("vorig_onderwijs")
