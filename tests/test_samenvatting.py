"""The answer first: the core (samenvatting), readable labels, question order, short view."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from regelruimte import CaseProfile, Engine, lees_profiel
from regelruimte.advies import Status
from regelruimte.render import tekst_advies
from regelruimte.samenvatting import actie_uit, gewicht
from regelruimte.vraagvolgorde import advies_met_volgorde

from .backend import STANDAARD

ROOT = Path(__file__).resolve().parents[1]
ENGINE = Engine.standaard(backend=STANDAARD)
VERHALEN = ["bergeijk-2021", "utrecht-2019", "yulius-2020", "schiedam-2018"]  # leeuwarden: refused


def _advies(verhaal: str) -> object:
    return ENGINE.evaluate(lees_profiel(ROOT / "voorbeelden" / f"{verhaal}.yaml"))


def test_core_lists_exactly_what_applies() -> None:
    advies = ENGINE.evaluate(lees_profiel(ROOT / "voorbeelden" / "bergeijk-2021.yaml"))
    kern = advies.samenvatting
    assert kern is not None
    for sectie in ("regimes", "routes", "maatwerk", "beleid"):
        verwacht = [i.id for i in getattr(advies, sectie) if i.status is Status.van_toepassing]
        assert [k.id for k in getattr(kern, sectie)] == verwacht
    assert [s.id for s in kern.signalen] == [s.id for s in advies.signalen if s.status is Status.van_toepassing]
    assert kern.vragen == advies.vragen[:3]
    assert kern.nog_open == {s: n for s in ("regimes", "signalen", "routes", "maatwerk", "beleid")
                             if (n := sum(1 for i in getattr(advies, s) if i.status is Status.onbepaald))}


def test_signal_says_what_to_do_and_who_acts() -> None:
    advies = ENGINE.evaluate(lees_profiel(ROOT / "voorbeelden" / "bergeijk-2021.yaml"))
    assert advies.samenvatting is not None
    signaal = next(s for s in advies.samenvatting.signalen if s.id == "lpw.4a.signaal.niet_ingeschreven")
    assert signaal.actie == "Meld het bij de leerplichtambtenaar."
    assert signaal.wie[0] == "de leerplichtambtenaar"
    assert {k.id for k in signaal.overbrugging} >= {"web.7.2.7.bbl", "lpw.15.vrijstelling"}
    assert all(k.status is not Status.niet_van_toepassing for k in signaal.overbrugging)


@pytest.mark.parametrize(("uitleg", "actie"), [
    ("De jongere is X. Dat is in strijd met de wet: meld het bij de leerplichtambtenaar. Anders Y.",
     "Meld het bij de leerplichtambtenaar."),
    ("Pleegzorg loopt tot 21 (art. 1.1). Bespreek dit ruim vóór de 21e verjaardag.",
     "Bespreek dit ruim vóór de 21e verjaardag."),
    ("Het college kan wel een leer-werktraject ondersteunen (art. 10f onder a).", None),
])
def test_action_is_the_imperative_part(uitleg: str, actie: str | None) -> None:
    assert actie_uit(uitleg) == actie


def test_labels_sit_next_to_codes() -> None:
    advies = ENGINE.evaluate(lees_profiel(ROOT / "voorbeelden" / "bergeijk-2021.yaml"), alles=True)
    data = json.loads(advies.model_dump_json())
    assert all(r["financier_label"] and r["beslisser_label"] for r in data["routes"])
    assert all(m["beslisser_label"] for m in data["maatwerk"])
    assert next(r for r in data["routes"] if r["financier"] == "gemeente_buig")["financier_label"] == \
        "gemeente (BUIG-budget van het Rijk)"
    o = data["ontvangst"]
    assert o["epoch"] == f"{o['periode_vanaf']} t/m {o['periode_tot']}"
    assert o["gemeente_naam"] == "Bergeijk"


def test_questions_are_ordered_by_what_they_can_settle() -> None:
    from hypothesis import given, settings

    from .strategies import profielen

    @settings(max_examples=40, deadline=None)
    @given(profielen())
    def controleer(geval: tuple[CaseProfile, dt.date]) -> None:
        profiel, peil = geval
        try:
            advies = ENGINE.evaluate(profiel, peil)
        except ValueError:
            return
        gewichten = [gewicht(advies, v) for v in advies.vragen if v.vermoeden is None]
        assert gewichten == sorted(gewichten, reverse=True)
        # questions about a presumed fact come after every other
        vermoed = [v.vermoeden is not None for v in advies.vragen]
        assert vermoed == sorted(vermoed)

    controleer()


def test_what_if_order_puts_a_regime_question_first_and_drops_idle_ones() -> None:
    profiel = lees_profiel(ROOT / "voorbeelden" / "eerste-contact" / "bergeijk-2021.yaml")
    statisch = ENGINE.evaluate(profiel)
    advies = advies_met_volgorde(ENGINE, profiel)
    eerste = advies.vragen[0]
    regimes = {i.id for i in [*advies.regimes, *advies.signalen]}
    assert regimes & set(eerste.beslist)
    # the core follows the what-if order
    assert advies.samenvatting is not None and advies.samenvatting.vragen == advies.vragen[:3]
    # a question none of whose answers changes anything is not asked
    assert {v.feit for v in advies.vragen} < {v.feit for v in statisch.vragen}


@pytest.mark.parametrize("verhaal", VERHALEN)
def test_short_view_is_about_forty_lines_without_rule_ids(verhaal: str) -> None:
    advies = ENGINE.evaluate(lees_profiel(ROOT / "voorbeelden" / f"{verhaal}.yaml"))
    kort = tekst_advies(advies, 100, kort=True)
    assert len(kort.splitlines()) <= 45
    ids = {i.id for s in ("regimes", "routes", "maatwerk", "signalen", "beleid") for i in getattr(advies, s)}
    for tekst in (kort, tekst_advies(advies, 100)):
        assert not [i for i in ids if re.search(rf"(?<![\w.]){re.escape(i)}(?![\w.])", tekst)]
    assert any(i in tekst_advies(advies, 100, details=True) for i in ids)


def test_wrapped_lines_keep_their_indent() -> None:
    advies = ENGINE.evaluate(lees_profiel(ROOT / "voorbeelden" / "bergeijk-2021.yaml"))
    regels = tekst_advies(advies, 60, kort=True).splitlines()
    koppen = {"Wat geldt", "Wat nu te doen", "Routes en wie betaalt", "Ruimte voor maatwerk en wie beslist",
              "Gemeentelijk beleid", "Vragen die het meest beslissen"}
    for vorige, regel in itertools.pairwise(regels[1:]):
        if regel.rstrip() in koppen or regel.startswith("regelruimte ") or vorige.startswith("regelruimte "):
            continue
        assert regel.startswith("  "), regel
        if vorige.startswith(("  ✔ ", "  ! ")) and not regel.startswith(("  ✔ ", "  ! ", "      ")) \
                and regel.strip() and not regel.startswith("  Nog open"):
            assert regel.startswith("    "), (vorige, regel)


def test_terminal_opens_with_the_core() -> None:
    uit = subprocess.run(
        [sys.executable, "-m", "regelruimte.cli", "advies", str(ROOT / "voorbeelden" / "bergeijk-2021.yaml"),
         "--backend", STANDAARD], capture_output=True, text=True, check=True, env={"COLUMNS": "100", "PATH": ""})
    regels = uit.stdout.splitlines()
    assert regels[1].startswith("Wat geldt")
    assert uit.stdout.index("Meld het bij de leerplichtambtenaar") < uit.stdout.index("Het volledige advies")


def test_the_question_about_a_presumed_fact_is_kept_and_asked_last() -> None:
    # From 27 the rules presume 'not tried under the adolescentenstrafrecht'; the Jeugdwet is
    # then decided on that presumption, so no open item would show the answer's effect.
    casus27 = {"geboortedatum": "1999-03-10", "jeugdhulp": [], "peildatum": "2026-06-01"}
    advies = advies_met_volgorde(ENGINE, casus27)
    assert advies.vragen[-1].feit == "berecht_adolescentenstrafrecht"
    assert advies.vragen[-1].vermoeden == "jw.jeugdige.2.niet_berecht"
    assert all(v.vermoeden is None for v in advies.vragen[:-1])
    assert "nu aangenomen" in tekst_advies(advies)
    streng = advies_met_volgorde(ENGINE, casus27, vermoedens=False)
    assert streng.ontvangst.streng and all(v.vermoeden is None for v in streng.vragen)
