"""Three-valued semantics of every condition construct, on every backend.

A table per construct: profile -> expected outcome (True, False, None = unknown). Small and
exhaustive where Hypothesis would only sample; a wrong rail in the durable plan fails here.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from regelruimte import Engine

from .backend import HEEFT_DURABLE

BACKENDS = ["durable", "referentie", "snel"] if HEEFT_DURABLE else ["referentie", "snel"]

PEIL = dt.date(2025, 6, 1)
GEBOREN = dt.date(2005, 1, 1)  # 20 on PEIL

ER_IS_BEGELEIDING = {"er_is": {"lijst": "jeugdhulp", "waarvoor": {"feit": "vorm", "is": "begeleiding"}}}
ER_IS_PLEEGZORG = {"er_is": {"lijst": "jeugdhulp", "waarvoor": {"feit": "vorm", "is": "pleegzorg"}}}

GEVALLEN: list[tuple[str, dict[str, Any], dict[str, Any], bool | None]] = [
    # (name, condition, profile, expected)
    ("vanaf waar", {"feit": "leeftijd", "vanaf": 18}, {"leeftijd": 18}, True),
    ("vanaf onwaar", {"feit": "leeftijd", "vanaf": 18}, {"leeftijd": 17}, False),
    ("vanaf onbekend", {"feit": "leeftijd", "vanaf": 18}, {}, None),
    ("tot grens", {"feit": "leeftijd", "tot": 18}, {"leeftijd": 18}, False),
    ("tot_en_met grens", {"feit": "leeftijd", "tot_en_met": 18}, {"leeftijd": 18}, True),
    ("boven grens", {"feit": "leeftijd", "boven": 18}, {"leeftijd": 18}, False),
    ("is_niet", {"feit": "leeftijd", "is_niet": 18}, {"leeftijd": 19}, True),
    ("is_niet onbekend", {"feit": "leeftijd", "is_niet": 18}, {}, None),
    ("in", {"feit": "onderwijs", "in": ["pro", "vso"]}, {"onderwijs": "vso"}, True),
    ("in onwaar", {"feit": "onderwijs", "in": ["pro", "vso"]}, {"onderwijs": "vo"}, False),
    ("niet_in", {"feit": "onderwijs", "niet_in": ["pro", "vso"]}, {"onderwijs": "vo"}, True),
    ("niet_in onbekend", {"feit": "onderwijs", "niet_in": ["pro"]}, {}, None),
    ("bool", {"feit": "kwetsbaar"}, {"kwetsbaar": True}, True),
    ("bool onwaar", {"feit": "kwetsbaar"}, {"kwetsbaar": False}, False),
    ("bool is false", {"feit": "kwetsbaar", "is": False}, {"kwetsbaar": False}, True),
    ("bevat", {"feit": "vrijstellingen", "bevat": "lpw_15"}, {"vrijstellingen": ["lpw_15"]}, True),
    ("bevat leeg", {"feit": "vrijstellingen", "bevat": "lpw_15"}, {"vrijstellingen": []}, False),
    ("bevat onbekend", {"feit": "vrijstellingen", "bevat": "lpw_15"}, {}, None),
    ("bevat_niet", {"feit": "vrijstellingen", "bevat_niet": "lpw_15"}, {"vrijstellingen": ["lpw_3a"]}, True),
    ("datummaat", {"feit": "melding_bijstand_op.weken_geleden", "tot": 4},
     {"melding_bijstand_op": PEIL - dt.timedelta(days=27)}, True),
    ("datummaat grens", {"feit": "melding_bijstand_op.weken_geleden", "tot": 4},
     {"melding_bijstand_op": PEIL - dt.timedelta(days=28)}, False),
    ("leeftijd_op zonder geboortedatum", {"feit": "onderwijs_verlaten_op.leeftijd_op", "tot": 18},
     {"onderwijs_verlaten_op": dt.date(2020, 1, 1)}, None),
    ("leeftijd_op", {"feit": "onderwijs_verlaten_op.leeftijd_op", "tot": 18},
     {"onderwijs_verlaten_op": dt.date(2020, 1, 1), "geboortedatum": GEBOREN}, True),
    ("vaste datum vanaf", {"feit": "onderwijs_verlaten_op", "vanaf": dt.date(2021, 8, 1)},
     {"onderwijs_verlaten_op": dt.date(2021, 8, 1)}, True),
    ("vaste datum vanaf onwaar", {"feit": "onderwijs_verlaten_op", "vanaf": dt.date(2021, 8, 1)},
     {"onderwijs_verlaten_op": dt.date(2021, 7, 31)}, False),
    ("vaste datum tot", {"feit": "onderwijs_verlaten_op", "tot": dt.date(2025, 5, 31)},
     {"onderwijs_verlaten_op": dt.date(2025, 5, 30)}, True),
    ("vaste datum tot grens", {"feit": "onderwijs_verlaten_op", "tot": dt.date(2025, 5, 31)},
     {"onderwijs_verlaten_op": dt.date(2025, 5, 31)}, False),
    ("vaste datum onbekend", {"feit": "onderwijs_verlaten_op", "tot": dt.date(2026, 1, 1)}, {}, None),
    ("vaste datum in element", {"er_is": {"lijst": "jeugdhulp", "waarvoor": {"feit": "gestart_op", "vanaf": dt.date(2018, 7, 1)}}},
     {"jeugdhulp": [{"vorm": "pleegzorg", "gestart_op": dt.date(2018, 6, 30)}]}, False),
    # bekend: given or not, never unknown
    ("bekend waar", {"feit": "doelgroepregister", "bekend": True}, {"doelgroepregister": False}, True),
    ("bekend onwaar", {"feit": "doelgroepregister", "bekend": True}, {}, False),
    ("niet bekend", {"feit": "doelgroepregister", "bekend": False}, {}, True),
    ("niet bekend maar gegeven", {"feit": "doelgroepregister", "bekend": False}, {"doelgroepregister": True}, False),
    ("bekend op berekend kenmerk", {"feit": "leeftijd", "bekend": True}, {"geboortedatum": GEBOREN}, True),
    ("bekend op lijst", {"feit": "jeugdhulp", "bekend": True}, {"jeugdhulp": []}, True),
    ("bekend en test", {"alle": [{"feit": "doelgroepregister", "bekend": True}, {"feit": "doelgroepregister"}]},
     {"doelgroepregister": True}, True),
    ("bekend of onbekend feit", {"een_van": [{"feit": "kwetsbaar", "bekend": False}, {"feit": "leeftijd", "vanaf": 18}]},
     {}, True),
    ("bekend in element", {"er_is": {"lijst": "jeugdhulp", "waarvoor": {"feit": "gestart_op", "bekend": True}}},
     {"jeugdhulp": [{"vorm": "pleegzorg"}]}, False),
    ("niet bekend in element", {"er_is": {"lijst": "jeugdhulp", "waarvoor": {"feit": "gestart_op", "bekend": False}}},
     {"jeugdhulp": [{"vorm": "pleegzorg"}]}, True),
    # Kleene logic
    ("en: onwaar wint van onbekend", {"alle": [{"feit": "kwetsbaar"}, {"feit": "leeftijd", "vanaf": 18}]},
     {"leeftijd": 17}, False),
    ("en: onbekend", {"alle": [{"feit": "kwetsbaar"}, {"feit": "leeftijd", "vanaf": 18}]},
     {"leeftijd": 19}, None),
    ("of: waar wint van onbekend", {"een_van": [{"feit": "kwetsbaar"}, {"feit": "leeftijd", "vanaf": 18}]},
     {"leeftijd": 19}, True),
    ("of: onbekend", {"een_van": [{"feit": "kwetsbaar"}, {"feit": "leeftijd", "vanaf": 18}]},
     {"leeftijd": 17}, None),
    ("niet onbekend", {"niet": {"feit": "kwetsbaar"}}, {}, None),
    ("niet", {"niet": {"feit": "kwetsbaar"}}, {"kwetsbaar": False}, True),
    # er_is: true if some element is true, false if all are false, else unknown
    ("er_is lijst onbekend", {"er_is": {"lijst": "jeugdhulp", "waarvoor": {"feit": "vorm", "is": "pleegzorg"}}},
     {}, None),
    ("er_is lege lijst", {"er_is": {"lijst": "jeugdhulp", "waarvoor": {"feit": "vorm", "is": "pleegzorg"}}},
     {"jeugdhulp": []}, False),
    ("er_is waar", {"er_is": {"lijst": "jeugdhulp", "waarvoor": {"feit": "vorm", "is": "pleegzorg"}}},
     {"jeugdhulp": [{"vorm": "begeleiding"}, {"vorm": "pleegzorg"}]}, True),
    ("er_is onwaar", {"er_is": {"lijst": "jeugdhulp", "waarvoor": {"feit": "vorm", "is": "pleegzorg"}}},
     {"jeugdhulp": [{"vorm": "begeleiding"}]}, False),
    ("er_is element onbekend", {"er_is": {"lijst": "jeugdhulp", "waarvoor": {"feit": "gestart_op.leeftijd_op", "tot": 18}}},
     {"jeugdhulp": [{"vorm": "pleegzorg", "gestart_op": dt.date(2020, 1, 1)}]}, None),
    ("er_is element onbekend maar ander waar",
     {"er_is": {"lijst": "jeugdhulp", "waarvoor": {"feit": "gestart_op.leeftijd_op", "tot": 18}}},
     {"geboortedatum": GEBOREN, "jeugdhulp": [{"vorm": "pleegzorg"}, {"vorm": "verblijf", "gestart_op": dt.date(2020, 1, 1)}]},
     True),
    ("niet er_is met onbekend element",
     {"niet": {"er_is": {"lijst": "jeugdhulp", "waarvoor": {"feit": "gestart_op.leeftijd_op", "tot": 18}}}},
     {"jeugdhulp": [{"vorm": "pleegzorg", "gestart_op": dt.date(2020, 1, 1)}]}, None),
    ("er_is met niet binnen", {"er_is": {"lijst": "jeugdhulp", "waarvoor": {"niet": {"feit": "lopend"}}}},
     {"jeugdhulp": [{"vorm": "pleegzorg", "gestart_op": dt.date(2020, 1, 1), "beeindigd_op": dt.date(2021, 1, 1)}]},
     True),
    ("er_is met niet niet binnen", {"er_is": {"lijst": "jeugdhulp", "waarvoor": {"niet": {"niet": {"feit": "vorm", "is": "begeleiding"}}}}},
     {"jeugdhulp": [{"vorm": "begeleiding"}]}, True),
    ("er_is met niet niet binnen onwaar", {"er_is": {"lijst": "jeugdhulp", "waarvoor": {"niet": {"niet": {"feit": "vorm", "is": "begeleiding"}}}}},
     {"jeugdhulp": [{"vorm": "pleegzorg"}]}, False),
    # 'in' with several values is a membership property the durable driver computes
    ("er_is in", {"er_is": {"lijst": "jeugdhulp", "waarvoor": {"feit": "vorm", "in": ["pleegzorg", "verblijf"]}}},
     {"jeugdhulp": [{"vorm": "begeleiding"}, {"vorm": "verblijf"}]}, True),
    ("er_is in onwaar", {"er_is": {"lijst": "jeugdhulp", "waarvoor": {"feit": "vorm", "in": ["pleegzorg", "verblijf"]}}},
     {"jeugdhulp": [{"vorm": "begeleiding"}]}, False),
    ("niet er_is niet_in", {"niet": {"er_is": {"lijst": "jeugdhulp", "waarvoor": {"feit": "vorm", "niet_in": ["pleegzorg", "verblijf"]}}}},
     {"jeugdhulp": [{"vorm": "pleegzorg"}, {"vorm": "verblijf"}]}, True),
    ("niet_in onwaar", {"feit": "onderwijs", "niet_in": ["pro", "vso"]}, {"onderwijs": "pro"}, False),
    ("in en niet_in, zelfde waarden", {"alle": [{"feit": "onderwijs", "in": ["pro", "vso"]},
                                                 {"niet": {"feit": "onderwijs", "niet_in": ["vso", "pro"]}}]},
     {"onderwijs": "vso"}, True),
    ("er_is en van twee velden", {"er_is": {"lijst": "jeugdhulp", "waarvoor": {"alle": [
        {"feit": "vorm", "is": "pleegzorg"}, {"feit": "lopend"}]}}},
     {"jeugdhulp": [{"vorm": "pleegzorg", "beeindigd_op": dt.date(2021, 1, 1)}, {"vorm": "verblijf"}]}, False),
    # er_is and 'no element' over one list: durable does not let the element that fills the
    # er_is pattern block the same rule's $not, so the plan must exclude it explicitly
    ("er_is en niet er_is, zelfde test", {"alle": [ER_IS_BEGELEIDING, {"niet": ER_IS_BEGELEIDING}]},
     {"jeugdhulp": [{"vorm": "begeleiding"}]}, False),
    ("er_is pleegzorg en geen begeleiding, beide aanwezig", {"alle": [ER_IS_PLEEGZORG, {"niet": ER_IS_BEGELEIDING}]},
     {"jeugdhulp": [{"vorm": "begeleiding"}, {"vorm": "pleegzorg"}]}, False),
    ("er_is pleegzorg en geen begeleiding", {"alle": [ER_IS_PLEEGZORG, {"niet": ER_IS_BEGELEIDING}]},
     {"jeugdhulp": [{"vorm": "verblijf"}, {"vorm": "pleegzorg"}]}, True),
    ("er_is lopend en geen pleegzorg, zelfde element", {"alle": [
        {"er_is": {"lijst": "jeugdhulp", "waarvoor": {"feit": "lopend"}}}, {"niet": ER_IS_PLEEGZORG}]},
     {"jeugdhulp": [{"vorm": "pleegzorg"}]}, False),
    ("er_is lopend en geen pleegzorg, ander element", {"alle": [
        {"er_is": {"lijst": "jeugdhulp", "waarvoor": {"feit": "lopend"}}}, {"niet": ER_IS_PLEEGZORG}]},
     {"jeugdhulp": [{"vorm": "verblijf"}]}, True),
    # an age at most a year ago is bounded by the age now: only the age given
    ("vorig schooljaar vanaf, leeftijd erboven", {"feit": "leeftijd_einde_vorig_schooljaar", "vanaf": 16},
     {"leeftijd": 17}, True),
    ("vorig schooljaar vanaf, leeftijd eronder", {"feit": "leeftijd_einde_vorig_schooljaar", "vanaf": 16},
     {"leeftijd": 15}, False),
    ("vorig schooljaar vanaf, leeftijd op de grens", {"feit": "leeftijd_einde_vorig_schooljaar", "vanaf": 16},
     {"leeftijd": 16}, None),
    ("vorig kwartaal tot, leeftijd eronder", {"feit": "leeftijd_einde_vorig_kwartaal", "tot": 18},
     {"leeftijd": 17}, True),
    ("vorig kwartaal tot, leeftijd op de grens", {"feit": "leeftijd_einde_vorig_kwartaal", "tot": 18},
     {"leeftijd": 18}, None),
    ("vorig kwartaal tot, leeftijd erboven", {"feit": "leeftijd_einde_vorig_kwartaal", "tot": 18},
     {"leeftijd": 19}, False),
    ("vorig schooljaar is, buiten bereik", {"feit": "leeftijd_einde_vorig_schooljaar", "is": 15},
     {"leeftijd": 17}, False),
    ("vorig schooljaar is, binnen bereik", {"feit": "leeftijd_einde_vorig_schooljaar", "is": 15},
     {"leeftijd": 16}, None),
    ("vorig schooljaar is_niet, buiten bereik", {"feit": "leeftijd_einde_vorig_schooljaar", "is_niet": 15},
     {"leeftijd": 14}, True),
    # with the birth date the past age decides (20 on PEIL, 19 on 31 July 2024)
    ("vorig schooljaar vanaf, geboortedatum, onwaar", {"feit": "leeftijd_einde_vorig_schooljaar", "vanaf": 20},
     {"geboortedatum": GEBOREN}, False),
    ("vorig schooljaar vanaf, geboortedatum, waar", {"feit": "leeftijd_einde_vorig_schooljaar", "vanaf": 19},
     {"geboortedatum": GEBOREN}, True),
]


def _engine(map_: Path, conditie: dict[str, Any], backend: str) -> Engine:
    (map_ / "dekking.yaml").write_text("vanaf: 2015-01-01\ntoelichting: test\n", encoding="utf-8")
    bestand = {"geldig_vanaf": "2015-01-01", "regels": [{
        "id": "t.regel", "titel": "Testregel", "soort": "regime", "als": conditie,
        "grondslag": [{"wet": "PW", "artikel": "11"}], "aard": "moet", "uitleg": "Uitleg van de test."}]}
    (map_ / "r.yaml").write_text(yaml.safe_dump(bestand, allow_unicode=True), encoding="utf-8")
    return Engine.from_directory(map_, backend=backend)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(("naam", "conditie", "profiel", "verwacht"), GEVALLEN, ids=[g[0] for g in GEVALLEN])
def test_construct(tmp_path: Path, backend: str, naam: str, conditie: dict[str, Any],
                   profiel: dict[str, Any], verwacht: bool | None) -> None:
    engine = _engine(tmp_path, conditie, backend)
    assert engine.regeluitkomsten(profiel, PEIL)["t.regel"] is verwacht


@pytest.mark.parametrize("backend", BACKENDS)
def test_exception_sets_rule_aside(tmp_path: Path, backend: str) -> None:
    (tmp_path / "dekking.yaml").write_text("vanaf: 2015-01-01\ntoelichting: test\n", encoding="utf-8")
    basis = {"grondslag": [{"wet": "PW", "artikel": "11"}], "aard": "moet", "uitleg": "Uitleg van de test."}
    bestand = {"geldig_vanaf": "2015-01-01", "regels": [
        {"id": "t.recht", "titel": "Recht", "soort": "regime", "als": {"feit": "leeftijd", "vanaf": 18}, **basis},
        {"id": "t.uitz", "titel": "Uitzondering", "soort": "uitzondering", "uitzondering_op": ["t.recht"],
         "als": {"feit": "kwetsbaar"}, **basis,
         "grondslag": [{"wet": "PW", "artikel": "13", "lid": 2, "onderdeel": "c"}]},
    ]}
    (tmp_path / "r.yaml").write_text(yaml.safe_dump(bestand), encoding="utf-8")
    engine = Engine.from_directory(tmp_path, backend=backend)
    assert engine.regeluitkomsten({"leeftijd": 19, "kwetsbaar": False}, PEIL)["t.recht"] is True
    assert engine.regeluitkomsten({"leeftijd": 19, "kwetsbaar": True}, PEIL)["t.recht"] is False
    assert engine.regeluitkomsten({"leeftijd": 19}, PEIL)["t.recht"] is None
    assert engine.regeluitkomsten({"leeftijd": 17}, PEIL)["t.recht"] is False
    advies = engine.evaluate({"leeftijd": 19, "kwetsbaar": True}, PEIL)
    item = advies.item("t.recht")
    assert item is not None and item.status.value == "niet_van_toepassing"
    assert "Uitzondering" in item.uitleg
    assert any(g.rol == "uitzondering" for g in item.grondslag)


@pytest.mark.parametrize("backend", BACKENDS)
def test_exception_that_holds_is_cited_alone(tmp_path: Path, backend: str) -> None:
    # One exception holds, another may hold: the item is set aside by the first, and the
    # second is no ground for that (PW 41 lid 4 onder b was cited where only onder a held).
    (tmp_path / "dekking.yaml").write_text("vanaf: 2015-01-01\ntoelichting: test\n", encoding="utf-8")
    basis = {"aard": "moet", "uitleg": "Uitleg van de test."}
    bestand = {"geldig_vanaf": "2015-01-01", "regels": [
        {"id": "t.recht", "titel": "Recht", "soort": "regime", "als": {"feit": "leeftijd", "vanaf": 18},
         "grondslag": [{"wet": "PW", "artikel": "41", "lid": 4}], **basis},
        {"id": "t.a", "titel": "Onder a", "soort": "uitzondering", "uitzondering_op": ["t.recht"],
         "als": {"feit": "kwetsbaar"}, "grondslag": [{"wet": "PW", "artikel": "41", "lid": 4, "onderdeel": "a"}],
         **basis},
        {"id": "t.b", "titel": "Onder b", "soort": "uitzondering", "uitzondering_op": ["t.recht"],
         "als": {"feit": "medisch_urenbeperkt"},
         "grondslag": [{"wet": "PW", "artikel": "41", "lid": 4, "onderdeel": "b"}], **basis},
    ]}
    (tmp_path / "r.yaml").write_text(yaml.safe_dump(bestand), encoding="utf-8")
    engine = Engine.from_directory(tmp_path, backend=backend)

    def onderdelen(profiel: dict[str, Any]) -> list[str | None]:
        item = engine.evaluate(profiel, PEIL).item("t.recht")
        assert item is not None
        return [g.onderdeel for g in item.grondslag if g.rol == "uitzondering"]

    assert onderdelen({"leeftijd": 19, "kwetsbaar": True}) == ["a"]
    assert onderdelen({"leeftijd": 19, "kwetsbaar": True, "medisch_urenbeperkt": True}) == ["a", "b"]
    # neither holds yet: both may set the item aside, so both are cited
    assert onderdelen({"leeftijd": 19}) == ["a", "b"]


TWEE_ER_IS = {"alle": [
    {"er_is": {"lijst": "jeugdhulp", "waarvoor": {"feit": "vorm", "is": "pleegzorg"}}},
    {"er_is": {"lijst": "jeugdhulp", "waarvoor": {"feit": "lopend"}}},
]}


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(("jeugdhulp", "verwacht"), [
    ([{"vorm": "pleegzorg"}], True),  # one element satisfies both
    ([{"vorm": "pleegzorg", "beeindigd_op": dt.date(2021, 1, 1)}, {"vorm": "verblijf"}], True),  # two elements
    ([{"vorm": "pleegzorg", "beeindigd_op": dt.date(2021, 1, 1)}], False),
    ([{"vorm": "verblijf"}], False),
    ([{"vorm": "verblijf", "gestart_op": dt.date(2030, 1, 1)}], False),
], ids=["een element", "twee elementen", "niet lopend", "geen pleegzorg", "nog niet gestart"])
def test_two_er_is_over_one_list(tmp_path: Path, backend: str, jeugdhulp: list[dict[str, Any]],
                                 verwacht: bool) -> None:
    engine = _engine(tmp_path, TWEE_ER_IS, backend)
    assert engine.regeluitkomsten({"jeugdhulp": jeugdhulp}, PEIL)["t.regel"] is verwacht
    niet = _engine(tmp_path, {"een_van": [{"niet": c} for c in TWEE_ER_IS["alle"]]}, backend)
    assert niet.regeluitkomsten({"jeugdhulp": jeugdhulp}, PEIL)["t.regel"] is (not verwacht)


@pytest.mark.parametrize("op", ["ge", "gt", "lt", "le", "eq", "ne"])
def test_past_age_bound_is_exact(op: str) -> None:
    """The rewrite of a comparison on an age at most a year ago: the same value whenever that
    age is known, and with only the age now known, never a value that some consistent past
    age would contradict."""
    from regelruimte import ir
    from regelruimte.compiler.translate import bound_by_current_age
    from regelruimte.encode import Feiten
    from regelruimte.semantics import evaluate

    vorig = "leeftijd_einde_vorig_schooljaar"

    def uit(expr: ir.Expr, nu: int, toen: int | None) -> bool | None:
        feiten = Feiten(PEIL)
        feiten.per_naam["leeftijd"] = {"k": "f", "n": "leeftijd", "v": nu}
        if toen is not None:
            feiten.per_naam[vorig] = {"k": "f", "n": vorig, "v": toen}
        return evaluate(expr, feiten, lambda _: None)

    for n in range(10, 22):
        atoom = ir.Atom(vorig, "v", op, n, vorig)  # type: ignore[arg-type]
        herschreven = bound_by_current_age(atoom)
        for nu in range(8, 25):
            mogelijk = {uit(atoom, nu, toen) for toen in (nu - 1, nu)}
            for toen in (nu - 1, nu):
                assert uit(herschreven, nu, toen) is uit(atoom, nu, toen)
            zonder = uit(herschreven, nu, None)
            assert zonder is None or mogelijk == {zonder}
            if len(mogelijk) == 1:  # decided by the age now: the rewrite must see it
                assert zonder is mogelijk.pop(), (op, n, nu)


def test_dekking_meldingen_in_the_ontvangst_for_their_period(tmp_path: Path) -> None:
    (tmp_path / "dekking.yaml").write_text(yaml.safe_dump({
        "vanaf": dt.date(2015, 1, 1), "toelichting": "test",
        "meldingen": [
            {"vanaf": dt.date(2027, 1, 1), "tekst": "Aangekondigd per 2027, niet gecontroleerd."},
            {"vanaf": dt.date(2026, 1, 1), "tot_en_met": dt.date(2026, 12, 31), "tekst": "Alleen in 2026 geldig."},
        ]}), encoding="utf-8")
    bestand = {"geldig_vanaf": "2015-01-01", "regels": [{
        "id": "t.regel", "titel": "Testregel", "soort": "regime", "als": {"feit": "leeftijd", "vanaf": 18},
        "grondslag": [{"wet": "PW", "artikel": "11"}], "aard": "moet", "uitleg": "Uitleg van de test."}]}
    (tmp_path / "r.yaml").write_text(yaml.safe_dump(bestand), encoding="utf-8")
    engine = Engine.from_directory(tmp_path, backend="referentie")

    def meldingen(peildatum: dt.date) -> list[str]:
        return engine.evaluate({"leeftijd": 20}, peildatum).ontvangst.waarschuwingen

    assert meldingen(dt.date(2025, 12, 31)) == []
    assert meldingen(dt.date(2026, 1, 1)) == ["Alleen in 2026 geldig."]
    assert meldingen(dt.date(2026, 12, 31)) == ["Alleen in 2026 geldig."]
    assert meldingen(dt.date(2027, 1, 1)) == ["Aangekondigd per 2027, niet gecontroleerd."]


def test_bundled_rules_say_on_a_2027_peildatum_what_rests_on_announced_law() -> None:
    engine = Engine.standaard(backend="referentie")
    voor = engine.evaluate({"leeftijd": 20}, dt.date(2026, 12, 31)).ontvangst.waarschuwingen
    op = engine.evaluate({"leeftijd": 20}, dt.date(2027, 1, 1)).ontvangst.waarschuwingen
    assert not any("1 januari 2027" in w for w in voor)
    assert any("Aangekondigd per 1 januari 2027" in w and "onzeker" in w for w in op)
