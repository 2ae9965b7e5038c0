"""regelruimte test: scenario tables (csv, xlsx) and the JUnit XML report."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from regelruimte.cli import app
from regelruimte.scenario import ScenarioFout
from regelruimte.scenariotabel import lees_tabel

from .backend import STANDAARD

ROOT = Path(__file__).resolve().parents[1]
VOORBEELD = ROOT / "voorbeelden" / "scenariotabel.csv"


def _test(*args: str) -> tuple[int, str]:
    resultaat = CliRunner().invoke(app, ["test", *args, "--backend", STANDAARD])
    return resultaat.exit_code, resultaat.output.replace("\n", "")  # rich wraps long paths


def test_the_example_table_reads_as_scenarios() -> None:
    scenarios = lees_tabel(VOORBEELD)
    assert [s.regel for s in scenarios] == [2, 3, 4, 5, 6]
    eerste = scenarios[0].scenario
    assert eerste.profiel["woont_in_nederland"] is True and eerste.profiel["vrijstellingen"] == []
    assert eerste.verwacht == {"web.9.2.doorstroompunt": "van_toepassing", "pw.11.algemene_bijstand":
                               "niet_van_toepassing", "pw.13.1.f.signaal.minderjarig": "van_toepassing"}
    assert eerste.vragen == ["schooljaren_gevolgd"]
    assert scenarios[4].scenario.fout == "BuitenDekking"
    # the xlsx example holds the same scenarios
    assert [s.scenario for s in lees_tabel(VOORBEELD.with_suffix(".xlsx"))] == [s.scenario for s in scenarios]


def test_example_tables_pass_and_junit_lists_every_scenario(tmp_path: Path) -> None:
    junit = tmp_path / "uitslag.xml"
    code, uitvoer = _test(str(VOORBEELD), str(VOORBEELD.with_suffix(".xlsx")), "--junit", str(junit))
    assert code == 0, uitvoer
    assert "10 geslaagd, 0 mislukt" in uitvoer
    wortel = ET.parse(junit).getroot()
    assert wortel.tag == "testsuites" and wortel.get("tests") == "10" and wortel.get("failures") == "0"
    assert [s.get("tests") for s in wortel.iter("testsuite")] == ["5", "5"]
    assert {g.get("name") for g in wortel.iter("testcase")} >= {"14-jarige op de havo"}


def test_a_failing_row_is_reported_with_its_row_and_in_junit(tmp_path: Path) -> None:
    tabel = tmp_path / "mijn_scenarios.csv"
    tabel.write_text(
        "naam,peildatum,geboortedatum,onderwijs,verwacht:lpw.volledige_leerplicht\n"
        "klopt,2026-03-01,2011-10-01,vo,van_toepassing\n"
        "klopt niet,2026-03-01,2011-10-01,vo,niet van toepassing\n", encoding="utf-8")
    junit = tmp_path / "uitslag.xml"
    code, uitvoer = _test(str(tabel), "--junit", str(junit))
    assert code == 1
    assert f"✘ {tabel}:rij 3: klopt niet" in uitvoer
    assert "lpw.volledige_leerplicht: verwacht niet_van_toepassing, kreeg van_toepassing" in uitvoer.replace("    ", "")
    assert "1 geslaagd, 1 mislukt" in uitvoer
    fouten = list(ET.parse(junit).getroot().iter("failure"))
    assert len(fouten) == 1 and "verwacht niet_van_toepassing" in (fouten[0].text or "")


def test_table_mistakes_name_row_and_column(tmp_path: Path) -> None:
    tabel = tmp_path / "fout.csv"
    tabel.write_text("naam,peildatum,geboortedatum,verwacht:lpw.kwalificatieplicht\n"
                     "a,2026-13-01,2011-10-01,misschien\n", encoding="utf-8")
    with pytest.raises(ScenarioFout) as fout:
        lees_tabel(tabel)
    assert "rij 2: kolom 'peildatum': geen geldige datum" in str(fout.value)
    assert "rij 2: kolom 'verwacht:lpw.kwalificatieplicht': ongeldige waarde 'misschien'" in str(fout.value)
    tabel.write_text("naam,peildatum,geboortedatm\na,2026-01-01,2011-10-01\n", encoding="utf-8")
    with pytest.raises(ScenarioFout, match="onbekende kolom 'geboortedatm' \\(bedoel je 'geboortedatum'\\?\\)"):
        lees_tabel(tabel)
    tabel.write_text("peildatum,geboortedatum\n2026-01-01,2011-10-01\n", encoding="utf-8")
    with pytest.raises(ScenarioFout, match="kolom 'naam' ontbreekt"):
        lees_tabel(tabel)


def test_an_unknown_item_in_a_table_fails_the_row(tmp_path: Path) -> None:
    tabel = tmp_path / "t.csv"
    tabel.write_text("naam,peildatum,leeftijd,verwacht:lpw.kwalificatieplcht\na,2026-01-01,15,onbepaald\n",
                     encoding="utf-8")
    code, uitvoer = _test(str(tabel))
    assert code == 1 and "onbekende regel of item 'lpw.kwalificatieplcht'" in uitvoer


def test_junit_for_scenario_files_beside_the_rules(tmp_path: Path) -> None:
    junit = tmp_path / "regels.xml"
    code, uitvoer = _test(str(ROOT / "rules" / "leerplichtwet" / "leerplicht.test.yaml"), "--junit", str(junit))
    assert code == 0, uitvoer
    gevallen = list(ET.parse(junit).getroot().iter("testcase"))
    assert gevallen and all(g.get("line", "0").isdigit() and int(g.get("line", "0")) > 0 for g in gevallen)
