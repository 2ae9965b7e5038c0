"""The law's date (wetdatum) apart from the person's peildatum: "the same young person under
other law" keeps every age and date interval and moves only the rule versions."""

from __future__ import annotations

import datetime as dt

import pytest

from regelruimte import Advies, Engine, standaard_regels
from regelruimte.engine import BuitenDekking

from .backend import STANDAARD

ENGINE = Engine.from_directory(standaard_regels(), backend=STANDAARD)
OUDEJAARSDAG = dt.date(2025, 12, 31)
NIEUWJAARSDAG = dt.date(2026, 1, 1)
# turns 18 on 2026-01-01: 17 on the peildatum, 18 a day later
PROFIEL = {"geboortedatum": "2008-01-01", "onderwijs": "geen", "hoogste_diploma": "vmbo"}


def test_wetdatum_keeps_the_age_on_the_peildatum() -> None:
    def status(advies: Advies) -> str:
        item = advies.item("lpw.kwalificatieplicht")
        assert item is not None
        return item.status.value

    # kwalificatieplicht ends at 18: it holds for the 17-year-old, and is over a day later
    zelfde_persoon = status(ENGINE.evaluate(PROFIEL, OUDEJAARSDAG, wetdatum=NIEUWJAARSDAG))
    assert zelfde_persoon == status(ENGINE.evaluate(PROFIEL, OUDEJAARSDAG)) == "van_toepassing"
    assert status(ENGINE.evaluate(PROFIEL, NIEUWJAARSDAG)) == "niet_van_toepassing"


def test_wetdatum_selects_the_epoch_and_pins_the_citations() -> None:
    advies = ENGINE.evaluate(PROFIEL, OUDEJAARSDAG, wetdatum=NIEUWJAARSDAG, alles=True)
    basis = ENGINE.evaluate(PROFIEL, OUDEJAARSDAG, alles=True)
    assert advies.ontvangst.peildatum == OUDEJAARSDAG
    assert advies.ontvangst.wetdatum == NIEUWJAARSDAG
    assert advies.ontvangst.epoch.startswith("2026-01-01")
    assert basis.ontvangst.wetdatum is None and basis.ontvangst.epoch.endswith("2025-12-31")
    urls = [g.url for item in advies.regimes for g in item.grondslag if g.url and "wetten.overheid.nl" in g.url]
    assert urls and all("g=2026-01-01" in u for u in urls)
    # the 2026 items (Doorstroompunt) exist under the 2026 law only
    assert advies.item("web.9.2.doorstroompunt") is not None
    assert basis.item("web.9.2.doorstroompunt") is None


def test_wetdatum_equal_to_peildatum_changes_nothing() -> None:
    assert (ENGINE.evaluate(PROFIEL, NIEUWJAARSDAG, wetdatum=NIEUWJAARSDAG).model_dump_json()
            == ENGINE.evaluate(PROFIEL, NIEUWJAARSDAG).model_dump_json())


def test_regeluitkomsten_take_the_wetdatum() -> None:
    uitkomsten = ENGINE.regeluitkomsten(PROFIEL, OUDEJAARSDAG, wetdatum=NIEUWJAARSDAG)
    assert "web.9.2.doorstroompunt" in uitkomsten
    assert uitkomsten["lpw.kwalificatieplicht"] is True  # 17 on the peildatum: not over yet


def test_wetdatum_before_the_coverage_is_refused() -> None:
    with pytest.raises(BuitenDekking, match="Wetdatum 2014-06-01"):
        ENGINE.evaluate(PROFIEL, OUDEJAARSDAG, wetdatum=dt.date(2014, 6, 1))


def test_warning_after_gecontroleerd_tot_names_the_date_it_is_about() -> None:
    # the law of 2027 for a person on 2025-12-31: the law's date is past gecontroleerd_tot,
    # the peildatum is not, so the warning must not blame the peildatum
    gecontroleerd = ENGINE.bank.dekking.gecontroleerd_tot
    assert gecontroleerd is not None and OUDEJAARSDAG < gecontroleerd < dt.date(2027, 1, 1)
    wet = ENGINE.evaluate(PROFIEL, OUDEJAARSDAG, wetdatum=dt.date(2027, 1, 1)).ontvangst.waarschuwingen
    over = [w for w in wet if str(gecontroleerd) in w]
    assert len(over) == 1 and over[0].startswith(f"De wetdatum 2027-01-01 ligt na {gecontroleerd}")
    assert "peildatum" not in over[0]
    # a late peildatum without a wetdatum: the peildatum is the law's date too
    laat = ENGINE.evaluate(PROFIEL, dt.date(2027, 1, 1)).ontvangst.waarschuwingen
    assert any(w.startswith(f"De peildatum 2027-01-01 ligt na {gecontroleerd}") for w in laat)
