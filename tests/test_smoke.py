"""End-to-end: the bundled example through the public API and the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from regelruimte import Engine, lees_profiel

from .backend import STANDAARD

ROOT = Path(__file__).resolve().parents[1]
VOORBEELD = ROOT / "voorbeelden" / "bergeijk-2021.yaml"


def test_bundled_example_gives_cited_advice() -> None:
    advies = Engine.standaard(backend=STANDAARD).evaluate(lees_profiel(VOORBEELD))
    kwalificatieplicht = advies.item("lpw.kwalificatieplicht")
    assert kwalificatieplicht is not None
    assert kwalificatieplicht.status.value == "van_toepassing"
    assert any(g.artikel == "4a" for g in kwalificatieplicht.grondslag)


def test_bundled_example_files_art_10f_as_maatwerk() -> None:
    # PW 10f (leer-werktraject, up to 2025) is a power of the college ('kan'): room for
    # maatwerk, like its successor 7a lid 3, not a funding route
    advies = Engine.standaard(backend=STANDAARD).evaluate(lees_profiel(VOORBEELD))
    assert [m.id for m in advies.maatwerk if m.id == "pw.10f.leerwerktraject"]
    assert not [r.id for r in advies.routes if r.id == "pw.10f.leerwerktraject"]
    item = next(m for m in advies.maatwerk if m.id == "pw.10f.leerwerktraject")
    assert item.status.value == "van_toepassing" and item.aard == "kan" and item.beslisser == "college"


def test_cli_json_matches_contract() -> None:
    uit = subprocess.run(
        [sys.executable, "-m", "regelruimte.cli", "advies", str(VOORBEELD), "--json", "--backend", STANDAARD],
        capture_output=True, text=True, check=True)
    data = json.loads(uit.stdout)
    assert set(data) >= {"regimes", "routes", "maatwerk", "signalen", "vragen", "trace", "ontvangst"}


def test_short_view_is_the_core() -> None:
    from regelruimte.render import tekst_advies

    advies = Engine.standaard(backend=STANDAARD).evaluate(lees_profiel(VOORBEELD))
    kort_tekst = tekst_advies(advies, kort=True)
    volledig = tekst_advies(advies)
    kort = " ".join(kort_tekst.split())  # compare across line wrapping
    for item in [*advies.regimes, *advies.routes, *advies.maatwerk, *advies.signalen]:
        # what applies by title; the explanations are left to the full view
        assert (item.titel in kort) == (item.status.value == "van_toepassing")
        assert " ".join(item.uitleg.split()) not in kort
    assert len(kort_tekst.splitlines()) < len(volledig.splitlines()) / 3
    assert [v.vraag for v in advies.vragen if v.vraag in kort] == [v.vraag for v in advies.vragen[:3]]
    assert kort_tekst in volledig or volledig.startswith(kort_tekst.rsplit("regelruimte ", 1)[0])


def test_cli_short_view() -> None:
    uit = subprocess.run(
        [sys.executable, "-m", "regelruimte.cli", "advies", str(VOORBEELD), "--kort", "--backend", STANDAARD],
        capture_output=True, text=True, check=True)
    assert "Kwalificatieplicht" in uit.stdout
    assert "Vragen die het meest beslissen" in uit.stdout
