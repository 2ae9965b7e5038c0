"""regelruimte hiaten: the scan finds a gap planted in a small rule base, with a minimal example."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from regelruimte import Engine
from regelruimte.cli import app
from regelruimte.hiaten import rapport, scan, zoekruimte

from .backend import STANDAARD

PEIL = dt.date(2026, 6, 1)
REGELS = """\
geldig_vanaf: 2015-01-01
regels:
  - id: t.kwalificatieplicht
    titel: Kwalificatieplicht
    soort: regime
    aard: moet
    als: {alle: [{feit: leeftijd, vanaf: 16}, {feit: leeftijd, tot: 18}]}
    uitleg: Tot 18 jaar naar school.
    grondslag: [{wet: Lpw, artikel: "4a"}]
  - id: t.terug_naar_school
    titel: Terug naar school (pas vanaf 18)
    soort: route
    aard: kan
    financier: gemeente
    beslisser: college
    als: {alle: [{feit: onderwijs, is: geen}, {feit: leeftijd, vanaf: 18}]}
    uitleg: Begeleiding terug naar school, vanaf 18.
    grondslag: [{wet: PW, artikel: "7"}]
  - id: t.signaal.thuis
    titel: Kwalificatieplichtig en thuis
    soort: signaal
    aard: definitie
    wetten: [Lpw, PW]
    overbrugging: [t.terug_naar_school]
    als: {alle: [{regel: t.kwalificatieplicht}, {feit: onderwijs, is: geen}]}
    uitleg: Kwalificatieplichtig maar nergens ingeschreven.
    grondslag: [{wet: Lpw, artikel: "4a"}]
"""


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    map_ = tmp_path_factory.mktemp("regels")
    (map_ / "dekking.yaml").write_text("vanaf: 2015-01-01\ntoelichting: test\n", encoding="utf-8")
    (map_ / "wet.yaml").write_text(REGELS, encoding="utf-8")
    return Engine.from_directory(map_, backend=STANDAARD)


def test_the_search_space_holds_the_boundaries_of_the_rules(engine: Engine) -> None:
    ruimte = zoekruimte(engine, PEIL)
    assert {15, 16, 17, 18, 19} <= set(ruimte.leeftijden)
    assert set(ruimte.velden["onderwijs"]) >= {"geen", "vo", "mbo_bol"}


def test_a_planted_gap_is_found_with_a_minimal_example(engine: Engine) -> None:
    uitkomst = scan(engine, PEIL, aantal=400, seed=3)
    gevonden = {(b.soort, b.sleutel): b for b in uitkomst.bevindingen}
    # 16-17, not in school: a need (school_of_werk) and a signal whose only bridge starts at 18
    behoefte = gevonden[("behoefte", "school_of_werk")]
    assert behoefte.regels == ["t.terug_naar_school"]
    assert set(behoefte.voorbeeld) == {"geboortedatum", "onderwijs", "hoogste_diploma"}
    plicht = gevonden[("plicht", "t.signaal.thuis")]
    assert plicht.regels == ["t.signaal.thuis", "t.terug_naar_school"]
    assert set(plicht.voorbeeld) == {"geboortedatum", "onderwijs"}
    leeftijd = PEIL.year - plicht.voorbeeld["geboortedatum"].year
    assert 16 <= leeftijd <= 18
    # the example reproduces the finding in a plain advice
    advies = engine.evaluate(plicht.voorbeeld, PEIL, alles=True)
    assert advies.item("t.signaal.thuis").status.value == "van_toepassing"  # type: ignore[union-attr]
    assert advies.item("t.terug_naar_school").status.value == "niet_van_toepassing"  # type: ignore[union-attr]
    # no route or power refers to the duty itself (only the signal does)
    assert uitkomst.plichten_zonder_route == ["t.kwalificatieplicht"]
    assert any("t.signaal.thuis" in r for r in rapport(uitkomst))


def test_the_scan_is_deterministic_for_a_seed(engine: Engine) -> None:
    a = scan(engine, PEIL, aantal=150, seed=5)
    b = scan(engine, PEIL, aantal=150, seed=5)
    assert [(x.soort, x.sleutel, x.voorbeeld, x.treffers) for x in a.bevindingen] == \
        [(x.soort, x.sleutel, x.voorbeeld, x.treffers) for x in b.bevindingen]


def test_command_on_the_bundled_rules(tmp_path: Path) -> None:
    resultaat = CliRunner().invoke(app, ["hiaten", "--peildatum", "2026-06-01", "--aantal", "150", "--backend",
                                         STANDAARD, "--voorbeelden", str(tmp_path / "vb")])
    assert resultaat.exit_code == 0, resultaat.output
    assert "Wal-en-schipscan op peildatum 2026-06-01: 150 profielen" in resultaat.output
    from regelruimte import standaard_regels
    from regelruimte.profile import lees_profiel

    gedeeld = Engine.from_directory(standaard_regels(), backend=STANDAARD)
    for bestand in (tmp_path / "vb").glob("*.yaml"):  # every example is a valid case profile
        gedeeld.evaluate(lees_profiel(bestand))


def test_a_signal_that_is_itself_the_action_is_counted_apart(engine: Engine) -> None:
    uitkomst = scan(engine, PEIL, aantal=400, seed=3, zelf_de_handeling=["t.signaal.thuis"])
    assert ("plicht", "t.signaal.thuis") not in {(b.soort, b.sleutel) for b in uitkomst.bevindingen}
    assert uitkomst.handelingen["t.signaal.thuis"] > 0
    # the need found alongside it stays a finding: only that signal is set apart
    assert ("behoefte", "school_of_werk") in {(b.soort, b.sleutel) for b in uitkomst.bevindingen}
    assert any(r.startswith("  - t.signaal.thuis (") for r in rapport(uitkomst))


def test_the_bundled_signals_set_apart_exist_and_only_they_are(tmp_path: Path) -> None:
    from regelruimte import standaard_regels
    from regelruimte.hiaten import ZELF_DE_HANDELING, _bevindingen, _Kenner

    gedeeld = Engine.from_directory(standaard_regels(), backend=STANDAARD)
    kenner = _Kenner(gedeeld, PEIL)
    assert set(ZELF_DE_HANDELING) <= set(kenner.signalen)  # a renamed signal fails here

    def soorten(profiel: dict[str, object]) -> dict[str, str]:
        uit = gedeeld.regeluitkomsten(profiel, PEIL)
        return {k: s for s, k, _, _ in _bevindingen(kenner, profiel, uit, PEIL, ZELF_DE_HANDELING)}

    # an 11-year-old enrolled nowhere: the report to the leerplichtambtenaar is the action
    kind = soorten({"geboortedatum": dt.date(2015, 6, 1), "onderwijs": "geen", "vrijstellingen": []})
    assert kind.get("lpw.2.signaal.niet_ingeschreven") == "handeling"
    # a 23-year-old without lawful residence: no bridge by law, still reported as a gap
    zonder = soorten({"geboortedatum": dt.date(2002, 9, 24), "verblijfsstatus": "geen_rechtmatig_verblijf",
                      "jeugdhulp_nodig_besloten_voor_18": False, "jeugdhulp_voortzetting_nodig_besloten": False,
                      "berecht_adolescentenstrafrecht": False, "arbeidsvermogen": "verminderd",
                      "uitkering": "wajong", "kwetsbaar": True, "wensen": ["werk"], "onderwijs": "geen"})
    assert zonder.get("signaal.geen_regime") == "plicht"
