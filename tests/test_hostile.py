"""Hostile input: every probe of issue 7 gives its exact coded error, never a traceback.

``tests/hostile/`` holds the probes: case profiles (``profielen/``, with the exact reasons of
their ProfielFout in ``verwacht.yaml``), rule directories (``regels/<case>/verwacht.txt`` as in
``tests/broken/``) and scenario files (``scenarios/``). Files too large to keep in git are made
here. The billion laughs, recursive aliases, control characters, deep nesting, bad tags, huge
numbers and oversized files each meet a limit of ``regelruimte.limits`` or a reader check.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from regelruimte import Engine, ProfielFout, RegelbankFout, standaard_regels
from regelruimte.compile import compileer
from regelruimte.diagnostics import CODES, Ernst
from regelruimte.load import laad_map
from regelruimte.profile import lees_profiel
from regelruimte.scenario import ScenarioFout, lees_scenarios

HOSTIEL = Path(__file__).parent / "hostile"
PROFIELEN = HOSTIEL / "profielen"
REGELS = HOSTIEL / "regels"
SCENARIOS = HOSTIEL / "scenarios"

#: made at test time (a file over a size limit is not kept in git)
GEMAAKTE_PROFIELEN = {
    "te_groot.yaml": "# " * 50_001,  # 100,002 bytes: over the 100,000 of a profile
    "te_veel_waarden.yaml": "wensen: [" + ", ".join(["werk"] * 10_001) + "]\n",
}
GEMAAKTE_REGELS = {"te_groot": {"regels.yaml": "# " * 500_001}}  # just over 1 MB


def _verwacht(map_: Path) -> dict[str, list[str]]:
    return dict(yaml.safe_load((map_ / "verwacht.yaml").read_text(encoding="utf-8")))


@pytest.mark.parametrize("naam", sorted(_verwacht(PROFIELEN)))
def test_hostile_profile_gives_its_exact_error(naam: str, tmp_path: Path) -> None:
    pad = PROFIELEN / naam
    if naam in GEMAAKTE_PROFIELEN:
        pad = tmp_path / naam
        pad.write_text(GEMAAKTE_PROFIELEN[naam], encoding="utf-8")
    with pytest.raises(ProfielFout) as fout:
        lees_profiel(pad)
    assert [d.tekst() for d in fout.value.details] == _verwacht(PROFIELEN)[naam]


def test_every_hostile_profile_is_listed() -> None:
    bestanden = {p.name for p in PROFIELEN.iterdir() if p.name != "verwacht.yaml"}
    assert bestanden | set(GEMAAKTE_PROFIELEN) == set(_verwacht(PROFIELEN))


def _regelmap(geval: str, tmp_path: Path) -> Path:
    if geval not in GEMAAKTE_REGELS:
        return REGELS / geval
    map_ = tmp_path / geval
    shutil.copytree(REGELS / geval, map_)
    for naam, tekst in GEMAAKTE_REGELS[geval].items():
        (map_ / naam).write_text(tekst, encoding="utf-8")
    return map_


@pytest.mark.parametrize("geval", sorted(p.name for p in REGELS.iterdir()))
def test_hostile_rule_file_gives_exact_errors(geval: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(_regelmap(geval, tmp_path))
    _, diags = compileer(laad_map("."))
    verwacht = (REGELS / geval / "verwacht.txt").read_text(encoding="utf-8").splitlines()
    assert [d.kop() for d in sorted(diags)] == verwacht
    # the library: RegelbankFout with the same diagnostics, never the raw exception; with
    # warnings only (a derived fact nothing reads), the engine loads and lists them
    if all(d.ernst is Ernst.waarschuwing for d in diags):
        engine = Engine.from_directory(".", backend="referentie")
        assert [d.kop() for d in engine.waarschuwingen] == verwacht
        return
    with pytest.raises(RegelbankFout) as fout:
        Engine.from_directory(".", backend="referentie")
    assert [d.kop() for d in fout.value.diagnostics] == verwacht


@pytest.mark.parametrize("naam", sorted(_verwacht(SCENARIOS)))
def test_hostile_scenario_file_gives_exact_errors(naam: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(SCENARIOS)
    with pytest.raises(ScenarioFout) as fout:
        lees_scenarios(Path(naam))
    assert str(fout.value).splitlines() == _verwacht(SCENARIOS)[naam]


def test_every_new_reader_code_has_a_hostile_or_broken_example() -> None:
    gezien: set[str] = set()
    for verwacht in [*HOSTIEL.rglob("verwacht.txt"), *(Path(__file__).parent / "broken").rglob("verwacht.txt")]:
        gezien.update(regel.split(" ")[1] for regel in verwacht.read_text(encoding="utf-8").splitlines() if regel)
    for map_ in (PROFIELEN, SCENARIOS):
        for redenen in _verwacht(map_).values():
            gezien.update(w for r in redenen for w in r.split() if w in CODES)
    assert {c for c in CODES if c.startswith("RR1")} <= gezien


@pytest.mark.parametrize("bestand", ["leerplichtwet/leerplicht.yaml", "wmo/maatwerkvoorziening.yaml",
                                     "participatiewet/zoektermijn.yaml"])
def test_one_unparsable_rule_file_gives_one_error(bestand: str, tmp_path: Path) -> None:
    # Before: 27-37 errors in other files (every reference to a rule of the broken file).
    map_ = tmp_path / "regels"
    shutil.copytree(standaard_regels(), map_)
    doel = map_ / bestand
    regels = doel.read_text(encoding="utf-8").splitlines(keepends=True)
    doel.write_text("".join([*regels[:4], " x: [\n", *regels[4:]]), encoding="utf-8")
    _, diags = compileer(laad_map(map_))
    assert [(d.pad, d.code) for d in diags] == [(str(doel), "RR101")]


def test_file_over_the_size_limit_is_not_read_whole(tmp_path: Path) -> None:
    # /dev/zero-like input: the reader stops after the limit instead of reading on.
    from regelruimte.limits import PROFIEL
    from regelruimte.source import lees_bestand

    if not Path("/dev/zero").exists():
        pytest.skip("geen /dev/zero")
    ruw, fouten = lees_bestand("/dev/zero", PROFIEL)
    assert ruw is None
    assert [d.code for d in fouten] == ["RR105"]


def test_cli_reports_hostile_profiles_without_traceback(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from regelruimte.cli import app

    for naam, redenen in _verwacht(PROFIELEN).items():
        pad = PROFIELEN / naam
        if naam in GEMAAKTE_PROFIELEN:
            pad = tmp_path / naam
            pad.write_text(GEMAAKTE_PROFIELEN[naam], encoding="utf-8")
        uit = CliRunner().invoke(app, ["advies", str(pad), "--backend", "referentie"])
        assert uit.exit_code == 2, (naam, uit.output)
        assert uit.exception is None or isinstance(uit.exception, SystemExit), (naam, uit.exception)
        assert f"fout: Ongeldig casusprofiel in {pad}:" in uit.output
        for reden in redenen:
            assert f"  {reden}" in uit.output


def test_a_50_mb_string_through_the_python_api_is_refused_without_repeating_it() -> None:
    from regelruimte import laad_profiel

    reus = "Utrecht " * 6_250_000  # 50 MB: read from no file, so no size limit applies
    with pytest.raises(ProfielFout) as fout:
        laad_profiel({"gemeente": reus, "wensen": [reus]})
    assert len(str(fout.value)) < 500
    assert fout.value.waarden["gemeente"] is reus


def test_a_key_that_is_not_text_is_named_as_a_key() -> None:
    from regelruimte import laad_profiel

    with pytest.raises(ProfielFout) as fout:
        laad_profiel({17: "ja", "jeugdhulp": [{5: 1, "vorm": "pleegzorg"}]})
    assert sorted(fout.value.fouten) == [("17", "een sleutel moet tekst zijn"),
                                         ("jeugdhulp[0].5", "een sleutel moet tekst zijn")]
