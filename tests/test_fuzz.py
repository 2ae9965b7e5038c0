"""Fuzzers for what a caller or a file can put in: only the project's own errors come out.

* junk case profiles (wrong types, junk keys, extreme numbers and dates, nested junk) through
  ``Engine.evaluate`` on both backends: the answers agree, only ``ProfielFout`` and
  ``BuitenDekking`` are raised, and no refused value shows up in an error message;
* random YAML and JSON text through the readers of profiles, scenario files and rule files:
  only ``ProfielFout``, ``ScenarioFout`` or coded diagnostics;
* every pydantic error type these inputs produce has a Dutch reason of its own.

``-m slow`` runs the same with many more examples.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import tempfile
from pathlib import Path
from typing import Any, get_args

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from regelruimte import BuitenDekking, CaseProfile, Engine, ProfielFout, standaard_regels
from regelruimte.diagnostics import CODES
from regelruimte.limits import MAX_PEILDATUM
from regelruimte.load import Geladen, laad_bestand
from regelruimte.messages import VERTAALD
from regelruimte.profile import lees_profiel
from regelruimte.scenario import ScenarioBestand, ScenarioFout, lees_scenarios
from regelruimte.spec import Dekking, RegelBestand

from .backend import STANDAARD
from .strategies import profielen

pytestmark = pytest.mark.filterwarnings("ignore::hypothesis.errors.NonInteractiveExampleWarning")

DURABLE = Engine.from_directory(standaard_regels(), backend=STANDAARD)
REFERENTIE = Engine(DURABLE.bank, backend="referentie")

SNEL = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
GRONDIG = settings(SNEL, max_examples=3000)

#: every junk text starts with this, so a message that repeats a value is easy to spot
MERK = "QZXW"
RANDDATA = [dt.date.min, dt.date(1900, 2, 28), dt.date(1970, 1, 1), dt.date(2000, 2, 29), dt.date(2008, 5, 1),
            dt.date(2014, 12, 31), dt.date(2015, 1, 1), dt.date(2025, 6, 1), dt.date(2026, 1, 1),
            MAX_PEILDATUM, dt.date(9001, 1, 1), dt.date(9999, 12, 31)]
DATA = st.sampled_from(RANDDATA) | st.dates()
TEKST = st.text(max_size=12).map(lambda t: MERK + t)
SCALAIR = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=-(10**60), max_value=10**60),
    st.floats(), TEKST, DATA, DATA.map(dt.date.isoformat), st.datetimes(), st.binary(max_size=6),
    st.sampled_from(["", " ", "2025-W01-1", "20250101", "86400", "9" * 5000, "[/]", "ja", "GM0344", "Utrecht",
                     "2004-02-30", "\x00", "\x1b[2J"]),
)
JUNK = st.recursive(SCALAIR, lambda binnen: st.lists(binnen, max_size=3)
                    | st.dictionaries(st.text(max_size=6), binnen, max_size=3), max_leaves=6)


def _geldig(veld: str) -> st.SearchStrategy[Any]:
    """A value of the right type for ``veld``, taken to its extremes."""
    info = CaseProfile.model_fields[veld]
    soort = str(info.annotation)
    if "date" in soort:
        return DATA
    if "int" in soort:
        return st.integers(min_value=-5, max_value=140)
    if "bool" in soort:
        return st.booleans()
    if veld == "gemeente":
        return st.sampled_from(["GM0344", "Utrecht", "Bergeijk", "GM9999", MERK + "dorp"])
    if veld == "jeugdhulp":
        periode = st.fixed_dictionaries(
            {"vorm": st.sampled_from(["pleegzorg", "verblijf", "begeleiding", MERK]) | JUNK},
            optional={"gestart_op": DATA | JUNK, "beeindigd_op": DATA | JUNK, "hervat_op": DATA | JUNK,
                      "onbekend_veld": JUNK})
        return st.lists(periode | JUNK, max_size=4)
    keuzes = _keuzes(info.annotation)
    if "list" in soort:
        return st.lists(st.sampled_from(keuzes) | TEKST, max_size=4)
    return st.sampled_from(keuzes) if keuzes else TEKST


def _keuzes(annotatie: Any) -> list[str]:
    from enum import Enum
    from typing import get_args

    for soort in [annotatie, *get_args(annotatie), *(a for x in get_args(annotatie) for a in get_args(x))]:
        if isinstance(soort, type) and issubclass(soort, Enum):
            return [e.value for e in soort]
    return []


@st.composite
def junk_profielen(draw: st.DrawFn) -> dict[Any, Any]:
    velden = draw(st.lists(st.sampled_from(list(CaseProfile.model_fields)), max_size=10, unique=True))
    # mostly values of the right type (at their extremes), so that many profiles get an advice
    profiel: dict[Any, Any] = {v: draw(JUNK if draw(st.integers(0, 7)) == 0 else _geldig(v)) for v in velden}
    if draw(st.integers(0, 9)) == 0:
        profiel[draw(st.text(max_size=8) | st.integers())] = draw(JUNK)
    return profiel


PEILDATA = st.one_of(st.none(), DATA, DATA, DATA, JUNK)


@st.composite
def randgevallen(draw: st.DrawFn) -> tuple[dict[str, Any], Any]:
    """A valid profile (tests/strategies.py) taken to the edges of the calendar: open-ended
    help ending 9999-12-31, the latest peildatum, the first day of the coverage."""
    profiel, peildatum = draw(profielen(jeugdhulp_kans=0.8))
    data = profiel.model_dump(exclude_none=True)
    for periode in data.get("jeugdhulp", []):
        if "beeindigd_op" not in periode and draw(st.booleans()):
            periode["beeindigd_op"] = dt.date(9999, 12, 31)
            if draw(st.booleans()):
                periode["hervat_op"] = dt.date(9999, 12, 31)
    return data, draw(st.sampled_from([peildatum, MAX_PEILDATUM, dt.date(2015, 1, 1), dt.date.max]))


GEVALLEN = st.one_of(st.tuples(junk_profielen(), PEILDATA), randgevallen())


def _uitkomst(engine: Engine, profiel: dict[Any, Any], peildatum: Any) -> tuple[str, Any]:
    try:
        advies = engine.evaluate(profiel, peildatum, alles=True)
    except ProfielFout as fout:
        _geen_waarde_in(fout, profiel, peildatum)
        return "ProfielFout", fout.fouten
    except BuitenDekking as fout:
        return "BuitenDekking", str(fout)
    return "advies", advies.model_dump(exclude={"ontvangst": {"backend"}})


def _sleutels(waarde: Any) -> set[str]:
    if isinstance(waarde, dict):
        return {str(k) for k in waarde} | {s for v in waarde.values() for s in _sleutels(v)}
    if isinstance(waarde, list):
        return {s for v in waarde for s in _sleutels(v)}
    return set()


def _waarden(waarde: Any) -> list[Any]:
    if isinstance(waarde, dict):
        return [x for v in waarde.values() for x in _waarden(v)]
    if isinstance(waarde, list):
        return [x for v in waarde for x in _waarden(v)]
    return [waarde]


def _geen_waarde_in(fout: ProfielFout, profiel: dict[Any, Any], peildatum: Any) -> None:
    tekst = str(fout) + repr(fout) + repr(fout.fouten) + repr(fout.details)
    assert MERK not in tekst
    genoemd = {MAX_PEILDATUM.isoformat()} | _sleutels(profiel)  # a key is a name: it may be named
    for peil in (peildatum, profiel.get("peildatum")):
        if isinstance(peil, dt.date):
            genoemd.add(peil.isoformat())
    for waarde in _waarden(profiel):
        if isinstance(waarde, dt.date) and waarde.isoformat() not in genoemd:
            assert waarde.isoformat() not in tekst, (waarde, tekst)
        if isinstance(waarde, int) and not isinstance(waarde, bool) and abs(waarde) >= 100_000:
            assert str(waarde) in genoemd or str(waarde) not in tekst, (waarde, tekst)


def _profielen_gelijk(profiel: dict[Any, Any], peildatum: Any) -> None:
    assert _uitkomst(DURABLE, profiel, peildatum) == _uitkomst(REFERENTIE, profiel, peildatum)


@SNEL
@given(geval=GEVALLEN)
def test_junk_profiles_give_only_profile_errors_and_the_backends_agree(geval: tuple[dict[Any, Any], Any]) -> None:
    _profielen_gelijk(*geval)


@pytest.mark.slow
@GRONDIG
@given(geval=GEVALLEN)
def test_many_junk_profiles(geval: tuple[dict[Any, Any], Any]) -> None:
    _profielen_gelijk(*geval)


# --- readers -------------------------------------------------------------------------------

BOUWSTENEN = st.sampled_from([
    "leeftijd", "jeugdhulp", "vorm", "scenarios", "regels", "id", "als", "feit", "peildatum", "a", "x", "17",
    "9" * 150, "2025-01-01", "9999-12-31", "true", "null", ":", ": ", " ", "\n", "\n  ", "- ", "[", "]", "{", "}",
    ", ", "&a ", "*a", "&b ", "*b", "<<: *a", "!!str ", "!!int ", "!!bool ", "!!timestamp ", "!!binary ",
    "!!python/object/apply:os.system ", "!x ", "? ", "'", '"', "\\", "#", "|", ">", "\t", "---", "...",
    "%YAML 1.1", "\x00", "\x0c", "\x1b", "\x85", "\ufeff", "\ud800", "é", "NaN", "Infinity",
])
TEKSTEN = st.lists(BOUWSTENEN, max_size=40).map("".join)


def _lees(map_: Path, tekst: str) -> None:
    ruw = tekst.encode("utf-8", "surrogatepass")  # a lone surrogate makes the bytes invalid UTF-8
    for naam in ("profiel.yaml", "profiel.json"):
        pad = map_ / naam
        pad.write_bytes(ruw)
        try:
            lees_profiel(pad)
        except ProfielFout as fout:
            assert MERK not in str(fout)
    pad = map_ / "x.test.yaml"
    pad.write_bytes(ruw)
    with contextlib.suppress(ScenarioFout):
        lees_scenarios(pad)
    geladen = Geladen(map_)
    laad_bestand(geladen, map_ / "regels.yaml", ruw)
    assert all(d.code in CODES and d.regel >= 1 and d.kolom >= 1 for d in geladen.diagnostics)


@SNEL
@given(tekst=TEKSTEN)
def test_random_yaml_and_json_give_only_reader_errors(tekst: str) -> None:
    with tempfile.TemporaryDirectory() as map_:
        _lees(Path(map_), tekst)


@pytest.mark.slow
@GRONDIG
@given(tekst=TEKSTEN)
def test_much_more_random_yaml_and_json(tekst: str) -> None:
    with tempfile.TemporaryDirectory() as map_:
        _lees(Path(map_), tekst)


# --- Dutch reasons ---------------------------------------------------------------------------

MODELLEN = [CaseProfile, RegelBestand, Dekking, ScenarioBestand]
GEZIEN: set[str] = set()


def _modellen_in(annotatie: Any) -> list[type[BaseModel]]:
    if isinstance(annotatie, type) and issubclass(annotatie, BaseModel):
        return [annotatie]
    return [m for arg in get_args(annotatie) for m in _modellen_in(arg)]


def _junk_voor(model: type[BaseModel], diepte: int = 0) -> st.SearchStrategy[Any]:
    """A mapping with the fields of ``model``: junk, or (for a field that holds models) the
    same one level down, so every field at every depth can receive junk."""
    velden: dict[str, st.SearchStrategy[Any]] = {}
    for naam, info in model.model_fields.items():
        binnen = _modellen_in(info.annotation) if diepte < 4 else []
        waarde = JUNK
        if binnen:
            sub = st.one_of(*(_junk_voor(m, diepte + 1) for m in binnen))
            waarde = st.one_of(sub, st.lists(sub, max_size=2), JUNK)
        velden[info.alias or naam] = waarde
    return st.fixed_dictionaries({}, optional=velden)


@settings(SNEL, max_examples=300)
@given(invoer=st.one_of(*(_junk_voor(m).map(lambda d, m=m: (m, d)) for m in MODELLEN)))
def test_every_pydantic_error_a_user_can_meet_has_a_dutch_reason(invoer: tuple[type[BaseModel], Any]) -> None:
    model, data = invoer
    try:
        model.model_validate(data)
    except ValidationError as fout:
        soorten = {e["type"] for e in fout.errors()}
        GEZIEN.update(soorten)
        assert soorten <= VERTAALD | {"conditie", "datum_vorm", "peildatum_te_laat"}, soorten - VERTAALD
