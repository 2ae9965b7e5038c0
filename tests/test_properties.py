"""Properties of the engine, checked with Hypothesis.

* no valid profile crashes the engine;
* evaluation is deterministic;
* a later evaluation never sees an earlier case's facts;
* durable-rules, the reference evaluator and the compiled evaluator (``snel``) decide every
  rule the same way and give the same advice — on the bundled rules and on randomly
  generated rule files (conditions, derived facts, exceptions, er_is, presumptions);
* presumptions only decide what is open without them, and every item they decide says so;
* the advice without a trace is the advice with it, minus the trace; a new peildatum after
  many others gives the advice a fresh engine gives.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from regelruimte import BuitenDekking, CaseProfile, Engine, ProfielFout, standaard_regels
from regelruimte.advies import Advies, Item, Status
from regelruimte.compile import compileer
from regelruimte.explain import _CACHES
from regelruimte.load import laad_map

from .backend import HEEFT_DURABLE, STANDAARD
from .strategies import PEILDATA, TIJDVAK_GRENZEN, profielen, regelbestanden, regelbestanden_met_tijdvakken

pytestmark = pytest.mark.filterwarnings("ignore::hypothesis.errors.NonInteractiveExampleWarning")

DURABLE = Engine.from_directory(standaard_regels(), backend=STANDAARD)
REFERENTIE = Engine.from_directory(standaard_regels(), backend="referentie")
SNEL = Engine(REFERENTIE.bank, backend="snel")
# A second engine that only ever sees the *later* case of each pair below.
SCHOON = Engine(DURABLE.bank, backend=STANDAARD)
INSTELLINGEN = settings(max_examples=150, deadline=None,
                        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _advies_json(engine: Engine, profiel: CaseProfile, peil: dt.date) -> str:
    return engine.evaluate(profiel, peil, alles=True).model_dump_json()


@INSTELLINGEN
@given(profielen())
def test_no_profile_crashes_the_engine(geval: tuple[CaseProfile, dt.date]) -> None:
    profiel, peil = geval
    try:
        advies = DURABLE.evaluate(profiel, peil)
    except (ProfielFout, BuitenDekking):
        return
    assert advies.ontvangst.peildatum == peil
    for item in [*advies.regimes, *advies.routes, *advies.maatwerk, *advies.signalen]:
        assert item.grondslag, f"{item.id} zonder grondslag"
        # an exception cited as such sets the item aside (or may): never on an applying item
        if item.status.value == "van_toepassing":
            assert all(g.rol != "uitzondering" for g in item.grondslag), item.id


@INSTELLINGEN
@given(profielen())
def test_backends_agree_on_bundled_rules(geval: tuple[CaseProfile, dt.date]) -> None:
    profiel, peil = geval
    try:
        a = DURABLE.regeluitkomsten(profiel, peil)
    except (ProfielFout, BuitenDekking):
        return
    b = REFERENTIE.regeluitkomsten(profiel, peil)
    assert a == b
    assert SNEL.regeluitkomsten(profiel, peil) == b
    zonder_backend = {"ontvangst": {"backend"}}
    verwacht = DURABLE.evaluate(profiel, peil, alles=True).model_dump(exclude=zonder_backend)
    assert REFERENTIE.evaluate(profiel, peil, alles=True).model_dump(exclude=zonder_backend) == verwacht
    assert SNEL.evaluate(profiel, peil, alles=True).model_dump(exclude=zonder_backend) == verwacht


@INSTELLINGEN
@given(profielen())
def test_the_advice_without_trace_is_the_advice_minus_the_trace(geval: tuple[CaseProfile, dt.date]) -> None:
    profiel, peil = geval
    try:
        met = DURABLE.evaluate(profiel, peil)
    except (ProfielFout, BuitenDekking):
        return
    zonder = DURABLE.evaluate(profiel, peil, trace=False)
    assert zonder.trace == []
    assert zonder.model_dump(exclude={"trace"}) == met.model_dump(exclude={"trace"})


@INSTELLINGEN
@given(profielen())
def test_evaluation_is_deterministic(geval: tuple[CaseProfile, dt.date]) -> None:
    profiel, peil = geval
    try:
        eerste = _advies_json(DURABLE, profiel, peil)
    except (ProfielFout, BuitenDekking):
        return
    assert _advies_json(DURABLE, profiel, peil) == eerste


@INSTELLINGEN
@given(profielen(), profielen())
def test_no_state_leaks_between_evaluations(a: tuple[CaseProfile, dt.date],
                                           b: tuple[CaseProfile, dt.date]) -> None:
    try:
        verwacht_b = _advies_json(SCHOON, *b)
    except (ProfielFout, BuitenDekking):
        return
    with contextlib.suppress(ProfielFout, BuitenDekking):
        DURABLE.evaluate(*a)
    assert _advies_json(DURABLE, *b) == verwacht_b


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(regelbestand=regelbestanden(),
       gevallen=st.lists(profielen(dt.date(2025, 6, 1), jeugdhulp_kans=0.8), min_size=2, max_size=6))
def test_backends_agree_on_random_rule_files(tmp_path_factory: pytest.TempPathFactory,
                                            regelbestand: dict[str, Any],
                                            gevallen: list[tuple[CaseProfile, dt.date]]) -> None:
    map_ = _schrijf(tmp_path_factory.mktemp("regels"), regelbestand)
    bank, diags = compileer(laad_map(map_))
    fouten = {d.code for d in diags if d.ernst.value == "fout"}
    assume(bank is not None and not fouten - {"RR304", "RR402", "RR401", "RR404", "RR403"})
    assume(bank is not None)
    durable = Engine(bank, backend=STANDAARD)
    referentie = Engine(bank, backend="referentie")
    snel = Engine(bank, backend="snel")
    for profiel, peil in gevallen:
        try:
            a = durable.regeluitkomsten(profiel, peil)
        except ProfielFout:
            continue
        assert a == referentie.regeluitkomsten(profiel, peil), yaml.safe_dump(regelbestand)
        assert a == snel.regeluitkomsten(profiel, peil), yaml.safe_dump(regelbestand)
        zonder_backend = {"ontvangst": {"backend"}}
        assert snel.evaluate(profiel, peil, alles=True).model_dump(exclude=zonder_backend) == \
            referentie.evaluate(profiel, peil, alles=True).model_dump(exclude=zonder_backend)
        streng = referentie.regeluitkomsten(profiel, peil, vermoedens=False)
        assert all(a[r] == w for r, w in streng.items() if w is not None), yaml.safe_dump(regelbestand)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(regelbestand=regelbestanden_met_tijdvakken(), data=st.data())
def test_one_network_for_every_epoch_agrees_with_the_reference(tmp_path_factory: pytest.TempPathFactory,
                                                               regelbestand: dict[str, Any],
                                                               data: st.DataObject) -> None:
    # durable-rules runs the epochs of a rule base in one network, rules that hold in only
    # some of them behind a test of the case's epoch. Dates in random order, so the network
    # is rebuilt as epochs join, before and after the ones it has.
    assume(HEEFT_DURABLE)
    from regelruimte.backends.durable import DurableBackend

    map_ = _schrijf(tmp_path_factory.mktemp("regels"), regelbestand)
    bank, diags = compileer(laad_map(map_))
    assume(bank is not None and not {d.code for d in diags if d.ernst.value == "fout"})
    assert bank is not None
    durable = Engine(bank, backend=DurableBackend(max_netwerken=1))
    referentie = Engine(bank, backend="referentie")
    datums = [d for g in TIJDVAK_GRENZEN for d in (g - dt.timedelta(days=1), g)]
    for peil in data.draw(st.permutations(datums), label="volgorde"):
        profiel, _ = data.draw(profielen(peil, jeugdhulp_kans=0.8), label="profiel")
        try:
            verwacht = referentie.regeluitkomsten(profiel, peil)
        except ProfielFout:
            continue
        assert durable.regeluitkomsten(profiel, peil) == verwacht, (peil, yaml.safe_dump(regelbestand))
    assert durable.backend.netwerken() == 1  # type: ignore[attr-defined]


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(geval=profielen(), anderen=st.lists(PEILDATA, min_size=1, max_size=20))
def test_a_new_peildatum_after_many_others_gives_what_a_fresh_engine_gives(
        geval: tuple[CaseProfile, dt.date], anderen: list[dt.date]) -> None:
    # The explanation caches per epoch and per peildatum; what it shows must not depend on
    # which dates came before.
    profiel, peil = geval
    for andere in anderen:
        with contextlib.suppress(ProfielFout, BuitenDekking):
            DURABLE.evaluate(profiel, andere)
    try:
        gezien = _advies_json(DURABLE, profiel, peil)
    except (ProfielFout, BuitenDekking):
        return
    _CACHES.pop(REFERENTIE.bank, None)  # the explanation starts from nothing
    assert gezien == _advies_json(REFERENTIE, profiel, peil).replace('"referentie"', f'"{DURABLE.backend.naam}"')


def _items(advies: Advies) -> list[Item]:
    return [*advies.regimes, *advies.routes, *advies.maatwerk, *advies.signalen, *advies.beleid]


@INSTELLINGEN
@given(profielen())
def test_presumptions_only_decide_what_is_open_and_say_so(geval: tuple[CaseProfile, dt.date]) -> None:
    profiel, peil = geval
    try:
        met = DURABLE.evaluate(profiel, peil, alles=True)
    except (ProfielFout, BuitenDekking):
        return
    streng = DURABLE.evaluate(profiel, peil, alles=True, vermoedens=False)
    zonder = {i.id: i for i in _items(streng)}
    for item in _items(met):
        oud = zonder[item.id]
        if oud.status is not Status.onbepaald:
            assert item.status is oud.status, item.id  # monotone: what was decided stays
        if item.status is not oud.status:
            assert item.vermoedens and "Tenzij" in item.uitleg, item.id
        if item.vermoedens:
            assert item.status is not Status.onbepaald, item.id
    if not met.ontvangst.vermoedens:
        assert met.model_dump(exclude={"ontvangst": {"streng"}}) == streng.model_dump(exclude={"ontvangst": {"streng"}})


def _schrijf(map_: Path, regelbestand: dict[str, Any]) -> Path:
    (map_ / "dekking.yaml").write_text("vanaf: 2015-01-01\ntoelichting: test\n", encoding="utf-8")
    (map_ / "regels.yaml").write_text(yaml.safe_dump(regelbestand, allow_unicode=True), encoding="utf-8")
    return map_
