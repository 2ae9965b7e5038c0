"""Presumptions (vermoedens): when one applies, what it decides, how the advice marks it, and
that the strict setting gives the three-valued answer. Every case runs on both backends.

The rule base is small and written here: one regime that needs a yes/no fact, one that needs
a choice, one that reads a list of choices, and one that fails for another reason first.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from regelruimte import Engine
from regelruimte.advies import Advies, Item, Status
from regelruimte.compile import compileer
from regelruimte.load import laad_map

from .backend import HEEFT_DURABLE

BACKENDS = ["durable", "referentie"] if HEEFT_DURABLE else ["referentie"]
PEIL = dt.date(2025, 6, 1)

_GRONDSLAG = [{"wet": "PW", "artikel": "13", "lid": 1, "onderdeel": "a"}]


def _regel(regel_id: str, als: dict[str, Any]) -> dict[str, Any]:
    return {"id": regel_id, "titel": f"Regel {regel_id}", "soort": "regime", "als": als,
            "grondslag": [{"wet": "PW", "artikel": "11"}], "aard": "moet", "uitleg": "Van toepassing, want zo."}


def _vermoeden(vermoeden_id: str, feit: str, waarde: Any, **extra: Any) -> dict[str, Any]:
    return {"id": vermoeden_id, "titel": f"Vermoeden {feit}", "feit": feit, "waarde": waarde,
            "grondslag": _GRONDSLAG, "tenzij": f"{feit} anders blijkt", "toelichting": "Bijna altijd zo.", **extra}


REGELBESTAND: dict[str, Any] = {
    "geldig_vanaf": dt.date(2015, 1, 1),
    "regels": [
        _regel("t.vrij", {"feit": "gedetineerd", "is": False}),
        _regel("t.ouder_en_vrij", {"alle": [{"feit": "leeftijd", "vanaf": 30}, {"feit": "gedetineerd", "is": False}]}),
        _regel("t.geen_uitkering", {"feit": "uitkering", "is": "geen"}),
        _regel("t.vrijgesteld", {"feit": "vrijstellingen", "bevat": "lpw_15"}),
    ],
    "vermoedens": [
        _vermoeden("t.v.vrij", "gedetineerd", False, als={"feit": "leeftijd", "vanaf": 18}),
        _vermoeden("t.v.uitkering", "uitkering", "geen", geldig_tot_en_met=dt.date(2024, 12, 31)),
        _vermoeden("t.v.vrijstellingen", "vrijstellingen", [], als={"feit": "leeftijd", "vanaf": 18},
                   grondslag=[{"bron": "praktijk: een test", "zekerheid": "S"}], onzeker=True,
                   onzeker_toelichting="Een aanname voor de test."),
    ],
}


@pytest.fixture(scope="module")
def map_(tmp_path_factory: pytest.TempPathFactory) -> Path:
    map_ = tmp_path_factory.mktemp("vermoedens")
    (map_ / "dekking.yaml").write_text("vanaf: 2015-01-01\ntoelichting: test\n", encoding="utf-8")
    (map_ / "regels.yaml").write_text(yaml.safe_dump(REGELBESTAND, allow_unicode=True), encoding="utf-8")
    return map_


@pytest.fixture(scope="module", params=BACKENDS)
def engine(request: pytest.FixtureRequest, map_: Path) -> Engine:
    return Engine.from_directory(map_, backend=request.param)


def _item(advies: Advies, item_id: str) -> Item:
    item = advies.item(item_id)
    assert item is not None, item_id
    return item


# (profile, item, status with presumptions, status strict, presumptions the item rests on)
GEVALLEN: list[tuple[str, dict[str, Any], str, Status, Status, list[str]]] = [
    ("afwezig, voorwaarde waar", {"leeftijd": 20}, "t.vrij",
     Status.van_toepassing, Status.onbepaald, ["t.v.vrij"]),
    ("gegeven feit gaat voor", {"leeftijd": 20, "gedetineerd": True}, "t.vrij",
     Status.niet_van_toepassing, Status.niet_van_toepassing, []),
    ("voorwaarde onwaar", {"leeftijd": 17}, "t.vrij", Status.onbepaald, Status.onbepaald, []),
    ("voorwaarde onbekend", {}, "t.vrij", Status.onbepaald, Status.onbepaald, []),
    # decided by its first false part: the presumption is not what decides it
    ("al beslist zonder vermoeden", {"leeftijd": 20}, "t.ouder_en_vrij",
     Status.niet_van_toepassing, Status.niet_van_toepassing, []),
    ("beslist met vermoeden", {"leeftijd": 31}, "t.ouder_en_vrij",
     Status.van_toepassing, Status.onbepaald, ["t.v.vrij"]),
    # t.v.uitkering holds until 2024-12-31: not on PEIL
    ("buiten de geldigheid", {"leeftijd": 20}, "t.geen_uitkering", Status.onbepaald, Status.onbepaald, []),
    ("lijst van keuzes vermoed leeg", {"leeftijd": 20}, "t.vrijgesteld",
     Status.niet_van_toepassing, Status.onbepaald, ["t.v.vrijstellingen"]),
]


@pytest.mark.parametrize(("naam", "profiel", "item_id", "met", "streng", "rust_op"), GEVALLEN,
                         ids=[g[0] for g in GEVALLEN])
def test_presumption_decides_only_what_is_open(engine: Engine, naam: str, profiel: dict[str, Any], item_id: str,
                                               met: Status, streng: Status, rust_op: list[str]) -> None:
    advies = engine.evaluate(profiel, PEIL, alles=True)
    item = _item(advies, item_id)
    assert (item.status, item.vermoedens) == (met, rust_op)
    assert ("Tenzij" in item.uitleg) == bool(rust_op)
    assert _item(engine.evaluate(profiel, PEIL, alles=True, vermoedens=False), item_id).status is streng


def test_the_advice_names_the_presumption_keeps_the_question_last_and_cites_the_basis(engine: Engine) -> None:
    advies = engine.evaluate({"leeftijd": 20}, PEIL, alles=True)
    item = _item(advies, "t.vrij")
    assert item.uitleg.endswith("Tenzij gedetineerd anders blijkt; dat is aangenomen, niet nagevraagd.")
    assert [g.rol for g in item.grondslag] == ["grondslag", "vermoeden"]
    assert not item.onzeker
    # the onzeker presumption makes the item that rests on it onzeker, with the reason
    vrijgesteld = _item(advies, "t.vrijgesteld")
    assert vrijgesteld.onzeker and vrijgesteld.onzeker_toelichting == [
        "Vermoeden 'Vermoeden vrijstellingen': Een aanname voor de test."]
    vragen = [(v.feit, v.vermoeden, v.beslist) for v in advies.vragen]
    # the open question (uitkering) first; the presumed fields after it, most items first,
    # then in the profile's field order
    assert vragen == [("uitkering", None, ["t.geen_uitkering"]),
                      ("vrijstellingen", "t.v.vrijstellingen", ["t.vrijgesteld"]),
                      ("gedetineerd", "t.v.vrij", ["t.vrij"])]
    o = advies.ontvangst
    assert not o.streng
    assert [(v.id, v.feit, v.waarde, v.beslist) for v in o.vermoedens] == [
        ("t.v.vrij", "gedetineerd", False, ["t.vrij"]),
        ("t.v.vrijstellingen", "vrijstellingen", [], ["t.vrijgesteld"])]
    stap = next(t for t in advies.trace if t.conclusie == "t.vrij")
    assert stap.vermoedens == ["t.v.vrij"]
    assert stap.regels[0].vermoedens == ["t.v.vrij"] and stap.regels[0].feiten == {"gedetineerd": False}


def test_strict_is_the_three_valued_answer(engine: Engine) -> None:
    profiel = {"leeftijd": 20}
    streng = engine.evaluate(profiel, PEIL, alles=True, vermoedens=False)
    assert streng.ontvangst.streng and not streng.ontvangst.vermoedens
    assert all(not i.vermoedens and "Tenzij" not in i.uitleg for i in streng.regimes)
    assert {v.feit for v in streng.vragen} == {"gedetineerd", "uitkering", "vrijstellingen"}
    assert all(v.vermoeden is None for v in streng.vragen)
    # the engine's own setting, and the keyword that overrides it
    strikt = Engine(engine.bank, backend=engine.backend, vermoedens=False)
    assert strikt.evaluate(profiel, PEIL, alles=True).model_dump(exclude={"ontvangst": {"backend"}}) == \
        streng.model_dump(exclude={"ontvangst": {"backend"}})
    assert strikt.evaluate(profiel, PEIL, alles=True, vermoedens=True).ontvangst.vermoedens
    assert engine.regeluitkomsten(profiel, PEIL)["t.vrij"] is True
    assert engine.regeluitkomsten(profiel, PEIL, vermoedens=False)["t.vrij"] is None


def test_without_an_applicable_presumption_the_advice_is_the_strict_one_apart_from_the_flag(engine: Engine) -> None:
    profiel = {"leeftijd": 17, "uitkering": "wajong"}
    met = engine.evaluate(profiel, PEIL, alles=True)
    zonder = engine.evaluate(profiel, PEIL, alles=True, vermoedens=False)
    assert not met.ontvangst.vermoedens
    assert met.model_dump(exclude={"ontvangst": {"streng"}}) == zonder.model_dump(exclude={"ontvangst": {"streng"}})


def test_backends_agree_with_presumptions(map_: Path) -> None:
    if not HEEFT_DURABLE:
        pytest.skip("durable-rules is niet beschikbaar")
    durable = Engine.from_directory(map_, backend="durable")
    referentie = Engine.from_directory(map_, backend="referentie")
    for profiel in ({}, {"leeftijd": 20}, {"leeftijd": 31}, {"leeftijd": 31, "gedetineerd": True},
                    {"leeftijd": 40, "vrijstellingen": ["lpw_15"]}):
        assert durable.regeluitkomsten(profiel, PEIL) == referentie.regeluitkomsten(profiel, PEIL)
        assert durable.evaluate(profiel, PEIL, alles=True).model_dump(exclude={"ontvangst": {"backend"}}) == \
            referentie.evaluate(profiel, PEIL, alles=True).model_dump(exclude={"ontvangst": {"backend"}})


# --- compile-time checks not covered by tests/broken --------------------------------------


def _codes(tmp_path: Path, bestanden: dict[str, Any]) -> list[str]:
    (tmp_path / "dekking.yaml").write_text("vanaf: 2015-01-01\ntoelichting: test\n", encoding="utf-8")
    for naam, inhoud in bestanden.items():
        (tmp_path / naam).write_text(yaml.safe_dump(inhoud, allow_unicode=True), encoding="utf-8")
    _, diags = compileer(laad_map(tmp_path))
    return [f"{d.code} {d.message}" for d in sorted(diags)]


def test_a_presumption_id_is_unique_among_rules_and_presumptions(tmp_path: Path) -> None:
    codes = _codes(tmp_path, {"regels.yaml": {
        "geldig_vanaf": dt.date(2015, 1, 1), "regels": [_regel("t.een", {"feit": "kwetsbaar"})],
        "vermoedens": [_vermoeden("t.een", "gedetineerd", False)]}})
    assert codes == ["RR302 dubbele id 't.een'"]


def test_presumptions_are_national(tmp_path: Path) -> None:
    codes = _codes(tmp_path, {"utrecht.yaml": {
        "gemeente": {"code": "GM0344", "naam": "Utrecht"}, "bron": "CVDR1", "geldig_vanaf": dt.date(2015, 1, 1),
        "vermoedens": [_vermoeden("t.v", "gedetineerd", False)],
        "aan_te_tonen": [{"feit": "kwetsbaar", "grondslag": _GRONDSLAG, "toelichting": "Moet worden aangetoond."}]}})
    assert sorted(codes) == ["RR315 'aan_te_tonen' worden landelijk gedeclareerd, niet in een gemeentebestand",
                             "RR315 'vermoedens' worden landelijk gedeclareerd, niet in een gemeentebestand"]


def test_period_basis_and_uncertainty_are_checked_as_for_rules(tmp_path: Path) -> None:
    codes = _codes(tmp_path, {"regels.yaml": {"vermoedens": [
        _vermoeden("t.a", "gedetineerd", False),  # no geldig_vanaf anywhere
        _vermoeden("t.b", "kinderen", False, geldig_vanaf=dt.date(2020, 1, 1), geldig_tot_en_met=dt.date(2019, 1, 1)),
        _vermoeden("t.c", "in_inrichting", False, geldig_vanaf=dt.date(2020, 1, 1),
                   grondslag=[{"wet": "Onbekende wet", "artikel": "1"}, {"bron": "iets", "zekerheid": "K"}]),
    ]}})
    assert codes == [
        "RR202 vermoeden 't.a' heeft geen geldig_vanaf (ook niet op bestandsniveau)",
        "RR306 geldig_tot_en_met 2019-01-01 ligt vóór geldig_vanaf 2020-01-01",
        "RR305 grondslag artikel 1 noemt geen (bekende) wet of bwb-id",
        "RR311 grondslag met zekerheid K maar het vermoeden is niet als onzeker gemarkeerd",
    ]


def test_a_valid_presumption_beside_a_broken_one_is_still_checked(tmp_path: Path) -> None:
    kapot = _vermoeden("t.kapot", "gedetineerd", False)
    del kapot["tenzij"]
    codes = _codes(tmp_path, {"regels.yaml": {"geldig_vanaf": dt.date(2015, 1, 1), "vermoedens": [
        kapot, _vermoeden("t.goed", "kinderen", "nee")]}})
    assert codes == ["RR202 verplicht veld 'tenzij' ontbreekt",
                     "RR308 'kinderen' is ja/nee; vermoed true of false, niet 'nee'"]
