"""Dated versions of a rule ('versies:') and the spelling 'geldig_tot_en_met'.

A rule written with versions must mean exactly what the same rule written as whole copies
means: the same rule versions after resolution, and byte for byte the same advice (apart from
the line a trace step points at). The bundled rules are checked that way against copies made
from them by a separate, naive expansion of the data.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import itertools
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from regelruimte import Engine, spec
from regelruimte.cli import app
from regelruimte.compile import compileer
from regelruimte.compiler import RuleBase, RuleVersion
from regelruimte.engine import standaard_regels
from regelruimte.load import laad_map
from regelruimte.rule_view import describe
from regelruimte.schemas import alle_schemas

from .backend import STANDAARD
from .strategies import profielen

DEKKING = "vanaf: 2015-01-01\ntoelichting: test\n"
EEN_DAG = dt.timedelta(days=1)
PW = [{"wet": "PW", "artikel": "11"}]


def _map(root: Path, regels: list[dict[str, Any]], naam: str = "r") -> Path:
    map_ = root / naam
    map_.mkdir(parents=True, exist_ok=True)
    (map_ / "dekking.yaml").write_text(DEKKING, encoding="utf-8")
    bestand = {"geldig_vanaf": dt.date(2015, 1, 1), "regels": regels}
    (map_ / "regels.yaml").write_text(yaml.safe_dump(bestand, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return map_


def _compile(map_: Path) -> tuple[RuleBase | None, list[str]]:
    bank, diags = compileer(laad_map(map_))
    return bank, [f"{Path(d.file).name}:{d.line}:{d.column}: {d.code} {d.message}" for d in sorted(diags)]


def _at(map_: Path, diag: str) -> str:
    """The text a diagnostic points at: its line of regels.yaml from its column on."""
    _, line, column, _ = diag.split(":", 3)
    return (map_ / "regels.yaml").read_text(encoding="utf-8").splitlines()[int(line) - 1][int(column) - 1:]


def _versions(bank: RuleBase, rule_id: str) -> list[RuleVersion]:
    return sorted((v for v in bank.versions if v.id == rule_id), key=lambda v: v.vanaf)


def _regel(**velden: Any) -> dict[str, Any]:
    return {"id": "t.een", "titel": "Een regel", "soort": "regime", "aard": "moet",
            "uitleg": "Een uitleg van de regel.", "grondslag": PW, **velden}


# --- meaning -------------------------------------------------------------------------------


def test_a_version_takes_over_what_it_does_not_name_and_ends_when_the_next_starts(tmp_path: Path) -> None:
    map_ = _map(tmp_path, [_regel(
        als={"feit": "leeftijd", "vanaf": 18}, uitleg_niet="Niet van toepassing hier.",
        versies=[
            {"geldig_vanaf": dt.date(2020, 1, 1), "titel": "Een regel, nieuw",
             "grondslag": [{"wet": "PW", "artikel": "12"}]},
            {"geldig_vanaf": dt.date(2023, 1, 1), "als": {"feit": "leeftijd", "vanaf": 21}, "uitleg_niet": None},
        ])])
    bank, diags = _compile(map_)
    assert bank is not None, diags
    een, twee, drie = _versions(bank, "t.een")
    assert [(v.vanaf, v.tot) for v in (een, twee, drie)] == [
        (dt.date(2015, 1, 1), dt.date(2019, 12, 31)), (dt.date(2020, 1, 1), dt.date(2022, 12, 31)),
        (dt.date(2023, 1, 1), None)]
    assert [v.spec.titel for v in (een, twee, drie)] == ["Een regel", "Een regel, nieuw", "Een regel, nieuw"]
    assert [g.artikel for v in (een, twee, drie) for g in v.grondslag] == ["11", "12", "12"]
    assert twee.spec.als == een.spec.als != drie.spec.als
    # an explicit null puts a field back to its default
    assert (een.spec.uitleg_niet, drie.spec.uitleg_niet) == ("Niet van toepassing hier.", None)
    assert twee.spec.versies == [] and twee.spec.soort is spec.Soort.regime


def test_a_gap_between_versions_is_only_there_when_written(tmp_path: Path) -> None:
    map_ = _map(tmp_path, [_regel(versies=[
        {"geldig_vanaf": dt.date(2020, 1, 1), "geldig_tot_en_met": dt.date(2020, 6, 30), "titel": "Tweede"},
        {"geldig_vanaf": dt.date(2021, 1, 1), "titel": "Derde"},
    ])])
    bank, diags = _compile(map_)
    assert bank is not None, diags
    engine = Engine(bank, backend="referentie")
    per_datum = {d: (item.titel if (item := engine.evaluate({"leeftijd": 20}, d).item("t.een")) else None)
              for d in (dt.date(2019, 12, 31), dt.date(2020, 6, 30), dt.date(2020, 7, 1),
                        dt.date(2020, 12, 31), dt.date(2021, 1, 1))}
    assert per_datum == {dt.date(2019, 12, 31): "Een regel", dt.date(2020, 6, 30): "Tweede",
                      dt.date(2020, 7, 1): None, dt.date(2020, 12, 31): None, dt.date(2021, 1, 1): "Derde"}


def test_the_rule_itself_may_end_before_its_first_version(tmp_path: Path) -> None:
    map_ = _map(tmp_path, [_regel(geldig_tot_en_met=dt.date(2018, 12, 31),
                                  versies=[{"geldig_vanaf": dt.date(2020, 1, 1), "titel": "Terug"}])])
    bank, diags = _compile(map_)
    assert bank is not None, diags
    assert [(v.vanaf, v.tot) for v in _versions(bank, "t.een")] == [
        (dt.date(2015, 1, 1), dt.date(2018, 12, 31)), (dt.date(2020, 1, 1), None)]


def test_old_spelling_still_means_the_last_day_with_a_warning(tmp_path: Path) -> None:
    later = {"geldig_vanaf": dt.date(2021, 1, 1), "geldig_tot": dt.date(2021, 12, 31)}
    oud_map = _map(tmp_path, [_regel(geldig_tot=dt.date(2019, 12, 31), versies=[later])], "oud")
    oud = _compile(oud_map)
    nieuw = _compile(_map(tmp_path, [_regel(geldig_tot_en_met=dt.date(2019, 12, 31), versies=[
        {"geldig_vanaf": dt.date(2021, 1, 1), "geldig_tot_en_met": dt.date(2021, 12, 31)}])], "nieuw"))
    assert oud[0] is not None and nieuw[0] is not None
    assert [(v.vanaf, v.tot) for v in oud[0].versions] == [(v.vanaf, v.tot) for v in nieuw[0].versions] == [
        (dt.date(2015, 1, 1), dt.date(2019, 12, 31)), (dt.date(2021, 1, 1), dt.date(2021, 12, 31))]
    assert nieuw[1] == []
    assert [d.split(" ", 2)[1:] for d in oud[1]] == [
        ["RR332", "'geldig_tot' is de oude spelling: schrijf 'geldig_tot_en_met: 2019-12-31'"],
        ["RR332", "'geldig_tot' is de oude spelling: schrijf 'geldig_tot_en_met: 2021-12-31'"]]
    assert all(_at(oud_map, d).startswith("geldig_tot:") for d in oud[1])
    assert [w.code for w in oud[0].warnings] == ["RR332", "RR332"]


def test_a_presumption_spells_its_last_day_the_same_way(tmp_path: Path) -> None:
    vermoeden = {"id": "t.v", "titel": "Niet gedetineerd", "feit": "gedetineerd", "waarde": False,
                 "grondslag": PW, "tenzij": "de jongere vastzit", "toelichting": "Bijna altijd zo."}
    periode = [(dt.date(2015, 1, 1), dt.date(2024, 12, 31))]
    nieuw, nieuw_diags = _compile(_write_presumption(
        _map(tmp_path, [_regel()], "nieuw"), {**vermoeden, "geldig_tot_en_met": dt.date(2024, 12, 31)}))
    oud, oud_diags = _compile(_write_presumption(
        _map(tmp_path, [_regel()], "oud"), {**vermoeden, "geldig_tot": dt.date(2024, 12, 31)}))
    assert nieuw is not None and oud is not None
    assert [(v.vanaf, v.tot) for v in nieuw.vermoedens] == [(v.vanaf, v.tot) for v in oud.vermoedens] == periode
    assert nieuw_diags == [] and [d.split(" ", 2)[1] for d in oud_diags] == ["RR332"]


def _write_presumption(map_: Path, vermoeden: dict[str, Any]) -> Path:
    (map_ / "vermoedens.yaml").write_text(yaml.safe_dump(
        {"wet": "PW", "geldig_vanaf": dt.date(2015, 1, 1), "vermoedens": [vermoeden]}), encoding="utf-8")
    return map_


# --- the checker's guarantees --------------------------------------------------------------


@pytest.mark.parametrize("veld", ["id", "soort", "feit", "versies"])
def test_a_version_cannot_change_what_the_rule_is(tmp_path: Path, veld: str) -> None:
    waarde: Any = {"id": "t.twee", "soort": "route", "feit": "iets", "versies": []}[veld]
    map_ = _map(tmp_path, [_regel(versies=[{"geldig_vanaf": dt.date(2020, 1, 1), veld: waarde}])])
    bank, diags = _compile(map_)
    assert bank is None
    assert [d.split(": ", 1)[1].split(" ", 1)[0] for d in diags] == ["RR330"]
    assert f"'{veld}'" in diags[0] or veld == "versies"


def test_versions_in_order_of_their_first_day(tmp_path: Path) -> None:
    map_ = _map(tmp_path, [_regel(versies=[{"geldig_vanaf": dt.date(2021, 1, 1), "titel": "Later"},
                                           {"geldig_vanaf": dt.date(2020, 1, 1), "titel": "Eerder"}])])
    bank, diags = _compile(map_)
    assert bank is None
    assert [d.split(" ", 2)[1:] for d in diags] == [
        ["RR331", "versie begint op 2020-01-01, niet na de versie ervoor (2021-01-01)"]]
    assert _at(map_, diags[0]) == "2020-01-01"


@pytest.mark.parametrize(("versie", "code"), [
    ({"titel": "Zonder datum"}, "RR202"),
    ({"geldig_vanaf": dt.date(2020, 1, 1), "geldig_tot": dt.date(2020, 2, 1),
      "geldig_tot_en_met": dt.date(2020, 2, 1)}, "RR203"),
    ({"geldig_vanaf": dt.date(2020, 1, 1), "geldig_tot_en_met": dt.date(2019, 2, 1)}, "RR306"),
    ({"geldig_vanaf": dt.date(2020, 1, 1), "onzeker": True}, "RR203"),  # the whole rule then is invalid
    ({"geldig_vanaf": dt.date(2020, 1, 1), "titl": "Tikfout"}, "RR201"),
])
def test_a_wrong_version_is_a_positioned_error(tmp_path: Path, versie: dict[str, Any], code: str) -> None:
    map_ = _map(tmp_path, [_regel(versies=[versie])])
    bank, diags = _compile(map_)
    assert bank is None
    assert [d.split(": ", 1)[1][:5] for d in diags] == [code]
    tekst = (map_ / "regels.yaml").read_text(encoding="utf-8").splitlines()
    assert int(diags[0].split(":")[1]) > tekst.index("  versies:")  # inside the version, not at the rule


def test_an_inherited_mistake_is_reported_once_where_it_is_written(tmp_path: Path) -> None:
    map_ = _map(tmp_path, [_regel(
        als={"feit": "leeftijdd", "vanaf": 18},
        grondslag=[{"wet": "PW", "artikel": "11", "zekerheid": "K"}],
        versies=[{"geldig_vanaf": dt.date(2020, 1, 1), "titel": "Twee"},
                 {"geldig_vanaf": dt.date(2021, 1, 1), "als": {"feit": "leeftijdd", "vanaf": 21}}])])
    _, diags = _compile(map_)
    tekst = (map_ / "regels.yaml").read_text(encoding="utf-8").splitlines()
    versies = tekst.index("  versies:") + 1
    assert sorted(d.split(" ", 2)[1] for d in diags) == ["RR301", "RR301", "RR311"]
    eigen, later = sorted((d for d in diags if " RR301 " in d), key=lambda d: int(d.split(":")[1]))
    # the rule's own condition (inherited by the 2020 version) once, at the rule
    assert int(eigen.split(":")[1]) < versies and _at(map_, eigen).startswith("leeftijdd")
    # the 2021 version's own condition, at the version
    assert int(later.split(":")[1]) > versies and _at(map_, later).startswith("leeftijdd")
    # the grondslag, inherited by both versions, once, at the rule
    [onzeker] = [d for d in diags if " RR311 " in d]
    assert int(onzeker.split(":")[1]) < versies


def test_overlap_through_an_explicit_end_is_refused(tmp_path: Path) -> None:
    map_ = _map(tmp_path, [_regel(versies=[
        {"geldig_vanaf": dt.date(2020, 1, 1), "geldig_tot_en_met": dt.date(2021, 1, 1)},
        {"geldig_vanaf": dt.date(2021, 1, 1), "titel": "Drie"}])])
    bank, diags = _compile(map_)
    assert bank is None and [d.split(" ")[1] for d in diags] == ["RR303"]


# --- versions and copies mean the same -----------------------------------------------------


def _as_copies(regel: dict[str, Any]) -> list[dict[str, Any]]:
    """A rule with versions written out as whole copies: a separate, naive reading of the
    data (each version takes over the previous one's fields; null removes a field)."""
    regel = copy.deepcopy(regel)
    versies = regel.pop("versies", [])
    uit = [regel]
    for versie in versies:
        vorige = {k: w for k, w in uit[-1].items() if k not in ("geldig_vanaf", "geldig_tot", "geldig_tot_en_met")}
        for k, w in versie.items():
            if w is None:
                vorige.pop(k, None)
            else:
                vorige[k] = w
        uit.append(vorige)
    for eerder, later in itertools.pairwise(uit):
        if "geldig_tot_en_met" not in eerder and "geldig_tot" not in eerder:
            eerder["geldig_tot_en_met"] = later["geldig_vanaf"] - EEN_DAG
    return uit


def _copies_of(map_: Path, doel: Path) -> Path:
    """A copy of a rule directory with every versioned rule written as whole copies."""
    shutil.copytree(map_, doel, ignore=shutil.ignore_patterns("*.test.yaml"), symlinks=False)
    for pad in sorted(doel.rglob("*.yaml")):
        if pad.name == "dekking.yaml":
            continue
        data = yaml.safe_load(pad.read_text(encoding="utf-8"))
        if any("versies" in r for r in data.get("regels", [])):
            data["regels"] = [c for r in data["regels"] for c in _as_copies(r)]
            pad.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return doel


def _fingerprint(bank: RuleBase) -> list[tuple[Any, ...]]:
    periode = {"geldig_vanaf", "geldig_tot", "geldig_tot_en_met", "versies"}
    return sorted((v.id, v.vanaf, v.tot, v.gemeente, v.grondslag, repr(v.als), v.tonen,
                   json.dumps(v.spec.model_dump(mode="json", exclude=periode), sort_keys=True))
                  for v in bank.versions)


def _advice(engine: Engine, profiel: Any, datum: dt.date) -> str:
    """The advice as JSON, without what differs when a rule moves inside its file."""
    advies = json.loads(engine.evaluate(profiel, datum, alles=True).model_dump_json())
    advies["ontvangst"]["regels_hash"] = ""
    for stap in advies["trace"]:
        for regel in stap["regels"]:
            regel["bestand"] = re.sub(r":\d+$", "", regel["bestand"] or "")
    return json.dumps(advies, sort_keys=True)


def _small_rule_base(root: Path) -> Path:
    """Versions of every kind of rule the later passes treat specially."""
    basis = {"aard": "moet", "uitleg": "Een uitleg van de regel.", "grondslag": PW}
    return _map(root, [
        {"id": "t.feit", "titel": "Afgeleid", "soort": "feit", "feit": "t_feit", "aard": "definitie",
         "uitleg": "Een afgeleid feit hier.", "grondslag": PW, "als": {"feit": "leeftijd", "vanaf": 18},
         "versies": [{"geldig_vanaf": dt.date(2020, 1, 1), "als": {"feit": "leeftijd", "vanaf": 21}}]},
        {"id": "t.recht", "titel": "Recht", "soort": "regime", "als": {"feit": "t_feit"}, **basis,
         "versies": [{"geldig_vanaf": dt.date(2021, 1, 1), "uitleg": "Een nieuwe uitleg vanaf 2021.",
                      "onzeker": True, "onzeker_toelichting": "Aangekondigd, niet nagekeken."},
                     {"geldig_vanaf": dt.date(2022, 1, 1), "onzeker": False, "onzeker_toelichting": None}]},
        {"id": "t.uitz", "titel": "Uitzondering", "soort": "uitzondering", "uitzondering_op": ["t.recht"],
         "als": {"feit": "kwetsbaar"}, **basis,
         "versies": [{"geldig_vanaf": dt.date(2020, 1, 1), "geldig_tot_en_met": dt.date(2020, 12, 31),
                      "als": {"feit": "heeft_partner"}}]},
        {"id": "t.route", "titel": "Route", "soort": "route", "financier": "gemeente", "beslisser": "college",
         "als": {"regel": "t.recht"}, **basis, "aard": "kan",
         "versies": [{"geldig_vanaf": dt.date(2022, 1, 1), "financier": "uwv", "beslisser": "uwv"}]},
        {"id": "t.signaal", "titel": "Signaal", "soort": "signaal", "wetten": ["PW", "Jw"],
         "overbrugging": ["t.route"], "als": {"feit": "leeftijd", "tot": 18}, **basis,
         "versies": [{"geldig_vanaf": dt.date(2022, 1, 1), "wetten": ["PW", "Wmo 2015"]}]},
    ])


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_versions_and_copies_give_the_same_advice(tmp_path_factory: pytest.TempPathFactory,
                                                   data: st.DataObject) -> None:
    versies, kopieen = _small_engines(tmp_path_factory)
    grenzen = sorted({d for s in versies.bank.epoch_starts for d in (s - EEN_DAG, s) if d >= dt.date(2015, 1, 1)})
    datum = data.draw(st.sampled_from(grenzen), label="peildatum")
    profiel, _ = data.draw(profielen(peildatum=datum), label="profiel")
    assert _advice(versies, profiel, datum) == _advice(kopieen, profiel, datum)


_SMALL: dict[str, tuple[Engine, Engine]] = {}


def _small_engines(factory: pytest.TempPathFactory) -> tuple[Engine, Engine]:
    if "e" not in _SMALL:
        root = factory.mktemp("versies")
        versies = _small_rule_base(root)
        kopieen = _copies_of(versies, root / "kopieen")
        _SMALL["e"] = (Engine.from_directory(versies, backend=STANDAARD),
                       Engine.from_directory(kopieen, backend=STANDAARD))
        assert _fingerprint(_SMALL["e"][0].bank) == _fingerprint(_SMALL["e"][1].bank)
    return _SMALL["e"]


@functools.cache
def _bundled() -> tuple[RuleBase | None, list[str]]:
    return _compile(standaard_regels())


def test_bundled_versioned_rules_mean_what_their_copies_mean(tmp_path: Path) -> None:
    regels = standaard_regels()
    kopieen = _copies_of(regels.resolve(), tmp_path / "kopieen")
    bank, diags = _bundled()
    als_kopie, kopie_diags = _compile(kopieen)
    assert bank is not None and als_kopie is not None, diags + kopie_diags
    assert diags == []  # the bundled rules are kept warning-free (no old spelling left)
    assert sum(1 for v in bank.versions if "versies" in v.path) >= 40  # the converted rules
    assert _fingerprint(bank) == _fingerprint(als_kopie)
    engines = (Engine(bank, backend="referentie"), Engine(als_kopie, backend="referentie"))
    profielen_ = [
        {"geboortedatum": dt.date(2008, 3, 1), "onderwijs": "geen", "hoogste_diploma": "vmbo",
         "vorig_onderwijs": "vo", "vrijstellingen": [], "kwetsbaar": True},
        {"geboortedatum": dt.date(2003, 6, 1), "uitkering": "geen", "heeft_partner": False,
         "melding_bijstand_op": dt.date(2015, 1, 5), "onderwijs": "mbo_bol", "woont_in_nederland": True,
         "jeugdhulp": [{"vorm": "pleegzorg", "gestart_op": dt.date(2012, 1, 1)}]},
        {"leeftijd": 19},
    ]
    for start in bank.epoch_starts:
        for profiel in profielen_:
            gegeven = {k: w for k, w in profiel.items()
                       if not (isinstance(w, dt.date) and w > start and k != "geboortedatum")}
            assert _advice(engines[0], gegeven, start) == _advice(engines[1], gegeven, start), (start, profiel)


# --- how a rule reads on a date ------------------------------------------------------------


def test_describe_shows_the_version_that_holds_and_where_each_field_is_written(tmp_path: Path) -> None:
    bank, _ = _compile(_small_rule_base(tmp_path))
    assert bank is not None
    tekst = describe(bank, "t.recht", dt.date(2021, 6, 1))
    regels = tekst.splitlines()
    assert regels[0] == "t.recht: 3 versies"
    assert regels[2].startswith("  ► 2021-01-01 t/m 2021-12-31")
    assert regels[2].endswith("wijzigt: uitleg, onzeker, onzeker_toelichting")
    assert "Zo luidt de regel op 2021-06-01:" in tekst
    assert "uitleg: Een nieuwe uitleg vanaf 2021." in tekst
    assert re.search(r"# regels\.yaml:\d+, versie vanaf 2021-01-01\n(.*\n)*uitleg: Een nieuwe", tekst)
    assert "geldig_tot_en_met: 2021-12-31" in tekst
    assert "# de dag vóór de volgende versie" in tekst
    # after a version that ends by itself, nothing holds
    assert "geldt geen versie" not in describe(bank, "t.uitz", dt.date(2020, 6, 1))
    na = describe(bank, "t.uitz", dt.date(2021, 6, 1))
    assert "Op 2021-06-01 geldt geen versie van deze regel." in na and "►" not in na
    with pytest.raises(KeyError, match=re.escape("bedoel je 't.recht'")):
        describe(bank, "t.rech", dt.date(2021, 6, 1))


def test_check_shows_how_a_rule_reads_on_a_date(tmp_path: Path) -> None:
    map_ = _small_rule_base(tmp_path)
    runner = CliRunner()
    goed = runner.invoke(app, ["check", str(map_), "--regel", "t.route", "--op", "2022-01-01"])
    assert goed.exit_code == 0, goed.output
    assert "► 2022-01-01 t/m open" in goed.output and "wijzigt: beslisser, financier" in goed.output
    assert "financier: uwv" in goed.output
    assert "0 fout(en)" in goed.output
    onbekend = runner.invoke(app, ["check", str(map_), "--regel", "t.rout"])
    assert onbekend.exit_code == 2 and "bedoel je 't.route'" in onbekend.output
    assert runner.invoke(app, ["check", str(map_), "--regel", "t.route", "--op", "1-1-2022"]).exit_code == 2
    assert runner.invoke(app, ["check", str(map_), "--op", "2022-01-01"]).exit_code == 2  # --op without --regel


def test_check_shows_no_rule_of_a_rule_base_with_errors(tmp_path: Path) -> None:
    map_ = _small_rule_base(tmp_path)
    regels = map_ / "regels.yaml"
    regels.write_text(regels.read_text(encoding="utf-8").replace("soort: route", "soort: rout", 1), encoding="utf-8")
    fout = CliRunner().invoke(app, ["check", str(map_), "--regel", "t.route", "--kort"])
    assert fout.exit_code == 1
    assert "RR203" in fout.output and "niet te tonen zolang de regels fouten hebben" in fout.output


# --- the rule language's own description ---------------------------------------------------


def test_a_version_offers_every_rule_field() -> None:
    # A field added to Regel must be a conscious choice: changeable per version, or fixed.
    assert set(spec.RegelVersie.model_fields) == set(spec.Regel.model_fields)
    assert set(spec.Regel.model_fields) > spec.VASTE_VELDEN


def test_schema_offers_versions_without_the_fixed_fields() -> None:
    schema = alle_schemas()["regelbestand"]
    versie = schema["$defs"]["RegelVersie"]["properties"]
    assert "geldig_vanaf" in versie and "als" in versie and "geldig_tot_en_met" in versie
    assert not {"id", "soort", "feit", "versies", "geldig_tot"} & set(versie)
    regel = schema["$defs"]["Regel"]["properties"]
    assert regel["geldig_tot"].get("deprecated") is True and "versies" in regel
