"""What makes the engine fast must not change what it says (issue "Fast enough for a whole country").

Each shortcut is held against the slow path it replaces: the compiled evaluator (``snel``)
against the tree-walking one and durable-rules (also in tests/test_properties.py and the
construct table of tests/test_semantics.py), the explanation without trace against the full one.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from regelruimte import Engine, explain
from regelruimte.backends import KEUZES, kies_backend
from regelruimte.diagnostics import RegelbankFout
from regelruimte.semantics import CompiledProgram

from .backend import HEEFT_DURABLE, STANDAARD

PEIL = dt.date(2026, 3, 1)
PROFIELEN = [
    {"leeftijd": 17, "onderwijs": "geen"},
    {"geboortedatum": dt.date(2007, 5, 10), "hoogste_diploma": "vmbo",
     "jeugdhulp": [{"vorm": "pleegzorg", "gestart_op": dt.date(2020, 1, 1)}]},
    {"leeftijd": 23, "uitkering": "geen", "gemeente": "GM0344"},
    {},
]


@pytest.fixture(scope="module")
def snel() -> Engine:
    return Engine.standaard(backend="snel")


def test_snel_is_chosen_only_explicitly(monkeypatch: pytest.MonkeyPatch) -> None:
    assert "snel" in KEUZES
    monkeypatch.setenv("REGELRUIMTE_BACKEND", "snel")
    assert kies_backend()[0].naam == "snel"
    monkeypatch.delenv("REGELRUIMTE_BACKEND")
    assert kies_backend()[0].naam != "snel"


def test_the_explanation_reads_every_value_from_snel(snel: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    # snel hands the value of every node to the explanation: it evaluates no expression again
    def niet_nog_eens(*_: object) -> None:
        raise AssertionError("de uitleg rekende een uitdrukking opnieuw uit")

    verwacht = [Engine(snel.bank, backend="referentie").evaluate(p, PEIL, alles=True) for p in PROFIELEN]
    monkeypatch.setattr(explain, "evaluate", niet_nog_eens)
    for profiel, advies in zip(PROFIELEN, verwacht, strict=True):
        gekregen = snel.evaluate(profiel, PEIL, alles=True)
        assert gekregen.model_dump(exclude={"ontvangst": {"backend"}}) == \
            advies.model_dump(exclude={"ontvangst": {"backend"}})


def test_no_rule_text_enters_the_generated_source(snel: Engine) -> None:
    # names and values come from a table of constants, so no rule text is ever executed as code
    programma = snel.bank.programma(PEIL)
    bron = CompiledProgram(programma).source
    for regel in programma.rules:
        assert regel.id not in bron
    assert "'" not in bron and '"' not in bron


@pytest.mark.parametrize("backend", [STANDAARD, "snel"])
def test_without_trace_only_the_trace_is_missing(backend: str) -> None:
    engine = Engine(Engine.standaard(backend="referentie").bank, backend=backend)
    for profiel in PROFIELEN:
        met = engine.evaluate(profiel, PEIL, alles=True)
        zonder = engine.evaluate(profiel, PEIL, alles=True, trace=False)
        assert met.trace and zonder.trace == []
        assert zonder.model_dump(exclude={"trace"}) == met.model_dump(exclude={"trace"})


def test_the_explanation_keeps_few_dates(snel: Engine) -> None:
    # date-pinned citations are cached for a few recent peildata only: memory stays flat
    # however many days a process sees
    for dag in range(60):
        snel.evaluate(PROFIELEN[0], dt.date(2025, 1, 1) + dt.timedelta(days=dag))
    caches = explain._CACHES[snel.bank]
    assert len(caches.dates.data) <= caches.dates.limit


BROKEN = Path(__file__).resolve().parent / "broken"


def test_only_durable_builds_the_plan_of_every_epoch() -> None:
    # RR405 is durable-rules' limit: the compiled backend runs that rule base, and a durable
    # Engine on the same bank refuses it before any case instead of failing per case
    snel = Engine.from_directory(BROKEN / "rr405_netwerk", backend="snel")
    assert not snel.bank.plan_checked
    assert snel.regeluitkomsten({"kwetsbaar": True}, PEIL)
    if HEEFT_DURABLE:
        with pytest.raises(RegelbankFout, match="RR405"):
            Engine(snel.bank, backend="durable")
    with pytest.raises(RegelbankFout, match="RR405"):
        Engine.from_directory(BROKEN / "rr405_netwerk", backend=STANDAARD if HEEFT_DURABLE else "durable")


@pytest.mark.parametrize("backend", [STANDAARD, "snel"])
def test_eight_threads_on_one_engine_give_what_one_gives(backend: str) -> None:
    # The compiled programs and the explanation's caches (per epoch, citations per peildatum,
    # shared lines and items) are filled while threads read them: every advice must be the one
    # a single thread gives.
    import threading

    engine = Engine.standaard(backend=backend)  # a bank of its own: its caches start empty
    gevallen = [(profiel, dt.date(2025, 1, 1) + dt.timedelta(days=37 * i))
                for i in range(6) for profiel in PROFIELEN]
    orakel = Engine.standaard(backend="referentie")
    verwacht = [orakel.evaluate(p, d).model_dump_json(exclude={"ontvangst": {"backend"}}) for p, d in gevallen]
    fouten: list[str] = []

    def werk(start: int) -> None:
        for i in range(len(gevallen)):
            j = (start + i) % len(gevallen)
            profiel, datum = gevallen[j]
            advies = engine.evaluate(profiel, datum)
            if advies.model_dump_json(exclude={"ontvangst": {"backend"}}) != verwacht[j]:
                fouten.append(f"geval {j}")
            # the shared parts' JSON, serialised once by whichever thread came first
            if advies.json_bytes() != advies.model_dump_json().encode():
                fouten.append(f"geval {j}: json_bytes")

    draden = [threading.Thread(target=werk, args=(k * 5,)) for k in range(8)]
    for d in draden:
        d.start()
    for d in draden:
        d.join()
    assert fouten == []
