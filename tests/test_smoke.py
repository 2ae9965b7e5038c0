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


def test_cli_json_matches_contract() -> None:
    uit = subprocess.run(
        [sys.executable, "-m", "regelruimte.cli", "advies", str(VOORBEELD), "--json", "--backend", STANDAARD],
        capture_output=True, text=True, check=True)
    data = json.loads(uit.stdout)
    assert set(data) >= {"regimes", "routes", "maatwerk", "signalen", "vragen", "trace", "ontvangst"}
