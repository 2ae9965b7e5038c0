"""Dates at the edges: no date arithmetic overflows, a peildatum has an upper limit, and an
end date of 9999-12-31 (the "no end date" of many source systems) means the help still runs.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from regelruimte import BuitenDekking, Engine, ProfielFout, laad_profiel, standaard_regels
from regelruimte.encode import _jaren, _maanden, _plus_maanden, datummaten
from regelruimte.limits import MAX_PEILDATUM
from regelruimte.profile import leeftijd_op
from regelruimte.scenario import lees_scenarios

from .backend import STANDAARD

ENGINE = Engine.from_directory(standaard_regels(), backend=STANDAARD)
REFERENTIE = Engine(ENGINE.bank, backend="referentie")
ALLE_DATA = st.dates(min_value=dt.date.min, max_value=dt.date.max)


@settings(max_examples=300, deadline=None)
@given(datum=ALLE_DATA, peildatum=st.dates(max_value=MAX_PEILDATUM), geboren=st.none() | ALLE_DATA)
def test_date_measures_never_overflow(datum: dt.date, peildatum: dt.date, geboren: dt.date | None) -> None:
    maten = datummaten(datum, peildatum, geboren)
    assert maten["j"] == leeftijd_op(datum, peildatum)  # whole years, 29 February counting on 1 March
    assert maten["m"] == _maanden(datum, peildatum)


@pytest.mark.parametrize(("van", "tot", "jaren", "maanden"), [
    (dt.date(9999, 12, 31), dt.date(9000, 12, 31), -999, -11988),
    (dt.date(9999, 12, 31), dt.date(9999, 12, 31), 0, 0),
    (dt.date(1, 1, 1), dt.date(9999, 12, 31), 9998, 119987),
    (dt.date(9996, 2, 29), dt.date(9999, 2, 28), 2, 36),  # months clamp to the 28th, years move to 1 March
])
def test_years_and_months_at_the_ends_of_the_calendar(van: dt.date, tot: dt.date, jaren: int, maanden: int) -> None:
    assert (_jaren(van, tot), _maanden(van, tot)) == (jaren, maanden)


def test_six_months_after_the_last_day_of_the_calendar() -> None:
    assert _plus_maanden(dt.date(9999, 12, 31), 6) == (10000, 6, 30)  # a tuple: no year 10000 to build


@pytest.mark.parametrize("engine", [ENGINE, REFERENTIE], ids=lambda e: e.backend.naam)
def test_latest_peildatum_evaluates_and_a_later_one_is_refused(engine: Engine) -> None:
    profiel = {"geboortedatum": "8990-01-01", "onderwijs": "geen",
               "jeugdhulp": [{"vorm": "pleegzorg", "gestart_op": "8995-01-01", "beeindigd_op": "9999-12-31",
                              "hervat_op": "9999-12-31"}]}
    advies = engine.evaluate(profiel, MAX_PEILDATUM)
    assert advies.ontvangst.peildatum == MAX_PEILDATUM
    for peildatum in (MAX_PEILDATUM + dt.timedelta(days=1), dt.date.max):
        with pytest.raises(ProfielFout) as fout:
            engine.evaluate(profiel, peildatum)
        assert fout.value.fouten == [("peildatum", "ligt na 9000-12-31, de uiterste peildatum")]
    with pytest.raises(ProfielFout, match="peildatum: ligt na 9000-12-31"):
        laad_profiel({"peildatum": "9999-12-31"})


def test_end_date_9999_on_an_ordinary_peildatum() -> None:
    # was: ValueError: year 10000 is out of range
    profiel = {"geboortedatum": "2008-01-01",
               "jeugdhulp": [{"vorm": "behandeling", "gestart_op": "2024-01-01", "beeindigd_op": "9999-12-31",
                              "hervat_op": "9999-12-31"}]}
    for engine in (ENGINE, REFERENTIE):
        engine.evaluate(profiel, dt.date(2025, 1, 1))


def _open_perioden() -> list[tuple[str, dict[str, object], dt.date]]:
    gevallen = []
    for bestand in sorted(standaard_regels().rglob("*.test.yaml")):
        for geladen in lees_scenarios(bestand):
            s = geladen.scenario
            perioden = s.profiel.get("jeugdhulp") or []
            if any(isinstance(p, dict) and "beeindigd_op" not in p and "hervat_op" not in p for p in perioden):
                gevallen.append((f"{bestand.name}: {s.naam}", s.profiel, s.peildatum))
    return gevallen


def test_end_date_9999_reads_as_no_end_date() -> None:
    # The rule (docs/contract.md): an end date after the peildatum is a planned end, so the
    # help still runs on the peildatum. Every bundled scenario with open-ended help decides
    # every rule the same with beeindigd_op: 9999-12-31.
    gevallen = _open_perioden()
    assert len(gevallen) > 50
    for naam, profiel, peildatum in gevallen:
        met_einde = copy.deepcopy(profiel)
        for periode in met_einde["jeugdhulp"]:  # type: ignore[union-attr]
            if "beeindigd_op" not in periode and "hervat_op" not in periode:
                periode["beeindigd_op"] = dt.date(9999, 12, 31)
        try:
            verwacht = REFERENTIE.regeluitkomsten(profiel, peildatum)
        except (ProfielFout, BuitenDekking):
            continue
        assert REFERENTIE.regeluitkomsten(met_einde, peildatum) == verwacht, naam


@pytest.mark.parametrize("waarde", [86400, "86400", "20250101", "2025-W01-1", "2025-001", "2025-01-01T00:00:00",
                                    "2025-01-01 00:00", dt.datetime(2025, 1, 1), True, b"2025-01-01", 1.0])
def test_profile_dates_are_only_jjjj_mm_dd(waarde: object) -> None:
    # pydantic alone read 86400 as 1970-01-02 and accepted a time of day
    with pytest.raises(ProfielFout) as fout:
        laad_profiel({"geboortedatum": waarde})
    assert fout.value.fouten == [("geboortedatum", "geen geldige datum; gebruik JJJJ-MM-DD (bv. 2015-02-28)")]


@pytest.mark.parametrize("waarde", ["2008-05-01", dt.date(2008, 5, 1)])
def test_profile_dates_as_jjjj_mm_dd_or_date(waarde: object) -> None:
    assert laad_profiel({"geboortedatum": waarde}).geboortedatum == dt.date(2008, 5, 1)


@pytest.mark.parametrize(("tekst", "melding"), [
    ("20250101", "fout: --peildatum '20250101' is geen datum; gebruik JJJJ-MM-DD"),
    ("2025-W01-1", "fout: --peildatum '2025-W01-1' is geen datum; gebruik JJJJ-MM-DD"),
    ("2025-02-30", "fout: --peildatum '2025-02-30' is geen datum; gebruik JJJJ-MM-DD"),
    ("9001-01-01", "fout: --peildatum 9001-01-01 ligt na 9000-12-31, de uiterste peildatum"),
])
def test_cli_peildatum_is_jjjj_mm_dd_up_to_the_limit(tekst: str, melding: str) -> None:
    from regelruimte.cli import app

    voorbeeld = Path(__file__).resolve().parents[1] / "voorbeelden" / "bergeijk-2021.yaml"
    uit = CliRunner().invoke(app, ["advies", str(voorbeeld), "--peildatum", tekst])
    assert uit.exit_code == 2
    assert uit.output.strip() == melding
