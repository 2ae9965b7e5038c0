"""The cheap explanation says what the slow one says (issue "Fast enough for a whole country").

The explanation reads every node's value from the backend (``snel``) or the compiled evaluator
(durable-rules) and caches the shape of each rule's reason and open fields per pattern of node
values. The reference backend keeps the slow path (it evaluates every sub-expression in Python
and walks every reason afresh), so each shortcut is held equal to it here, on a fixed, varied
population. The labels, filled in once per epoch, are held equal to those ``vat_samen`` adds.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
from pathlib import Path
from typing import Any

import pytest

from regelruimte import Engine, explain
from regelruimte.advies import Advies
from regelruimte.backends import Uitkomst
from regelruimte.encode import codeer
from regelruimte.samenvatting import vat_samen

from .backend import HEEFT_DURABLE

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from bench_advies import populatie

PEILDATA = (dt.date(2025, 6, 1), dt.date(2026, 3, 1), dt.date(2027, 2, 1))
ZONDER_BACKEND: Any = {"ontvangst": {"backend"}}


@pytest.fixture(scope="module")
def referentie() -> Engine:
    return Engine.standaard(backend="referentie")


def _gevallen(n: int) -> list[tuple[dict[str, Any], dt.date, dict[str, Any]]]:
    """Profiles of every kind the benchmark draws, on three dates, with varied options."""
    uit = []
    for i, peil in enumerate(PEILDATA):
        for j, profiel in enumerate(populatie(n, seed=peil.toordinal(), peil=peil)):
            opties = {"alles": j % 3 == 0, "trace": j % 4 != 1, "vermoedens": j % 5 != 2}
            if (i + j) % 11 == 0:
                opties["wetdatum"] = dt.date(2027, 1, 1)
            uit.append((profiel.model_dump(mode="json", exclude_none=True), peil, opties))
    return uit


@pytest.mark.parametrize("backend", ["snel", pytest.param("durable", marks=pytest.mark.skipif(
    not HEEFT_DURABLE, reason="durable-rules niet geladen"))])
def test_the_fast_explanation_gives_what_the_slow_one_gives(referentie: Engine, backend: str) -> None:
    engine = Engine(referentie.bank, backend=backend)
    for profiel, peil, opties in _gevallen(60):
        verwacht = referentie.evaluate(profiel, peil, **opties)
        gekregen = engine.evaluate(profiel, peil, **opties)
        assert gekregen.model_dump(exclude=ZONDER_BACKEND) == verwacht.model_dump(exclude=ZONDER_BACKEND), \
            (profiel, peil, opties)
        # the bytes the API sends are the JSON text, encoded
        assert gekregen.json_bytes() == gekregen.model_dump_json().encode()


def test_shapes_stay_bounded_and_right_when_cleared(referentie: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    # a bound of three patterns per epoch clears the shapes over and over: the advice stays the same
    monkeypatch.setattr(explain._Vormen, "GRENS", 3)
    explain._caches(referentie.bank).shapes.data.clear()  # none left from the other tests
    snel = Engine(referentie.bank, backend="snel")
    for profiel, peil, opties in _gevallen(15):
        assert snel.evaluate(profiel, peil, **opties).model_dump(exclude=ZONDER_BACKEND) == \
            referentie.evaluate(profiel, peil, **opties).model_dump(exclude=ZONDER_BACKEND)
    for vormen in explain._caches(referentie.bank).shapes.data.values():
        assert sum(len(v.redenen) + len(v.open) for v in vormen.per_regel.values()) <= 3


def test_labels_filled_in_early_are_those_vat_samen_adds(referentie: Engine) -> None:
    # the explanation fills in the labels and the period once per epoch; vat_samen adds the same
    # ones to an advice that lacks them (an advice built elsewhere)
    snel = Engine(referentie.bank, backend="snel")
    for profiel, peil, opties in _gevallen(10):
        advies = snel.evaluate(profiel, peil, **opties)
        kaal = _zonder_labels(advies)
        assert kaal != advies
        assert vat_samen(kaal).model_dump() == advies.model_dump()


def _zonder_labels(advies: Advies) -> Advies:
    def kaal(items: list[Any]) -> list[Any]:
        return [i.model_copy(update={k: None for k in ("beslisser_label", "financier_label") if hasattr(i, k)})
                for i in items]

    ontvangst = advies.ontvangst.model_copy(update={"periode_vanaf": None, "periode_tot": None,
                                                    "gemeente_naam": None})
    return advies.model_copy(update={
        "regimes": kaal(advies.regimes), "routes": kaal(advies.routes), "maatwerk": kaal(advies.maatwerk),
        "beleid": kaal(advies.beleid), "ontvangst": ontvangst, "samenvatting": None})


@pytest.mark.skipif(not HEEFT_DURABLE, reason="durable-rules niet geladen")
def test_durable_gets_node_values_only_when_they_agree(referentie: Engine, caplog: pytest.LogCaptureFixture) -> None:
    durable = Engine(referentie.bank, backend="durable")
    peil = dt.date(2026, 3, 1)
    profiel = populatie(1, peil=peil)[0]
    profiel.met_peildatum(peil)
    programma = durable.bank.programma(peil)
    feiten = codeer(profiel, peil, durable.vocab)
    uitkomst = durable.backend.evalueer(programma, feiten)
    assert durable.knoopwaarden(programma, feiten, uitkomst).waarden is not None
    # a rule decided otherwise than the compiled evaluator decides it: the explanation
    # evaluates on its own, as before
    regel_id, waarde = next(iter(uitkomst.regels.items()))
    anders = Uitkomst({**uitkomst.regels, regel_id: not waarde}, uitkomst.vuringen)
    with caplog.at_level(logging.WARNING, logger="regelruimte.engine"):
        assert durable.knoopwaarden(programma, feiten, anders).waarden is None
    # ... and says so, naming the rule only: a log line carries no fact of the case
    (melding,) = caplog.records
    assert regel_id in melding.getMessage() and "anders" in melding.getMessage()
    assert str(profiel.geboortedatum) not in melding.getMessage()
    # the reference evaluator is the oracle: it never takes the shortcut
    assert referentie.knoopwaarden(programma, feiten, referentie.backend.evalueer(programma, feiten)).waarden is None


# --- sharing between cases ---------------------------------------------------------------


def test_shared_parts_stay_right_when_their_caches_are_cleared(referentie: Engine,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    # bounds of three entries clear the shared lines, chains, items, dated items and
    # questions over and over: every advice is still the reference's, and its JSON is still
    # pydantic's own
    snel = Engine(referentie.bank, backend="snel")
    caches = explain._caches(referentie.bank)
    klein, delen = explain._Bounded, explain._Delen
    monkeypatch.setattr(explain, "_Delen", lambda: delen(lines=klein(3), chains=klein(3), items=klein(3)))
    for cache in (caches.shared, caches.dated, caches.questions):
        cache.data.clear()  # none left from the other tests
    monkeypatch.setattr(caches.dated, "limit", 3)
    monkeypatch.setattr(caches.questions, "limit", 3)
    for profiel, peil, opties in _gevallen(12):
        gekregen = snel.evaluate(profiel, peil, **opties)
        assert gekregen.model_dump(exclude=ZONDER_BACKEND) == \
            referentie.evaluate(profiel, peil, **opties).model_dump(exclude=ZONDER_BACKEND)
        assert gekregen.json_bytes() == gekregen.model_dump_json().encode()
    assert caches.shared.data
    for gedeeld in caches.shared.data.values():
        assert max(len(gedeeld.lines.data), len(gedeeld.chains.data), len(gedeeld.items.data)) <= 3
    assert max(len(caches.dated.data), len(caches.questions.data)) <= 3
    caches.shared.data.clear()  # the small bounds stay with these epochs: not for the next test


def test_a_shared_part_cannot_be_changed_through_one_advice() -> None:
    # items, trace steps and questions are shared by the cases that give the same one: a
    # change through one advice would show in the next, so their lists and dicts refuse it
    import copy
    import pickle

    snel = Engine.standaard(backend="snel")
    peil = dt.date(2026, 3, 1)
    profiel = populatie(1, peil=peil)[0].model_dump(mode="json", exclude_none=True)
    eerste, tweede = snel.evaluate(profiel, peil), snel.evaluate(profiel, peil)
    assert eerste.regimes[0] is tweede.regimes[0]  # shared, so this test means something
    voor = tweede.model_dump_json()
    item, stap, vraag = eerste.regimes[0], eerste.trace[0], eerste.vragen[0]
    pogingen = [lambda: item.grondslag.append(item.grondslag[0]), lambda: item.onzeker_toelichting.clear(),
                lambda: stap.regels.pop(), lambda: stap.regels[0].feiten.update(x=1),
                lambda: stap.regels[0].steunt_op.extend(["x"]), lambda: vraag.beslist.sort(),
                lambda: item.vermoedens.__setitem__(slice(0, 0), ["x"])]
    for poging in pogingen:
        with pytest.raises(TypeError, match="delen meerdere adviezen"):
            poging()
    assert snel.evaluate(profiel, peil).model_dump_json() == voor
    # what a caller does with an advice works on plain lists and dicts
    for kopie in (pickle.loads(pickle.dumps(eerste)), copy.deepcopy(eerste),
                  eerste.model_copy(deep=True), Advies.model_validate(eerste.model_dump())):
        assert kopie == eerste
        assert type(kopie.regimes[0].grondslag) is list
    assert type(eerste.model_dump()["trace"][0]["regels"][0]["feiten"]) is dict


def test_an_evaluation_leaves_no_garbage_cycles() -> None:
    # per-case objects die when the advice is built; a cycle would keep a whole explanation
    # (a few hundred objects) waiting for the garbage collector, and resident memory creeps up
    import gc

    peil = dt.date(2026, 3, 1)
    gevallen = [p.model_dump(mode="json", exclude_none=True) for p in populatie(20, peil=peil)]
    for backend in ("snel", "referentie", *(("durable",) if HEEFT_DURABLE else ())):
        engine = Engine.standaard(backend=backend)
        for profiel in gevallen:
            engine.evaluate(profiel, peil)
        gc.collect()
        gc.disable()
        try:
            for profiel in gevallen:
                engine.evaluate(profiel, peil)
            assert gc.collect() == 0, backend
        finally:
            gc.enable()


def test_a_new_peildatum_only_dates_what_the_epoch_already_built(referentie: Engine,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    # the links of the citations carry the date; the rest of an item is the epoch's. A case
    # seen on one day, asked again on the next day of the same epoch with the same facts,
    # builds no item and no trace line: it only dates the citations (issue 11, item 3)
    snel = Engine(referentie.bank, backend="snel")
    gebouwd: list[str] = []
    echt_item, echt_lijn = explain._bouw_item, explain._trace_regel
    monkeypatch.setattr(explain, "_bouw_item", lambda u, s, *a: gebouwd.append(s[0].id) or echt_item(u, s, *a))
    monkeypatch.setattr(explain, "_trace_regel", lambda u, r, *a: gebouwd.append(r) or echt_lijn(u, r, *a))
    profiel = {"geboortedatum": "2009-05-01", "onderwijs": "geen", "hoogste_diploma": "geen"}
    dag, volgende = dt.date(2026, 3, 2), dt.date(2026, 3, 3)
    eerst = snel.evaluate(profiel, dag)
    assert gebouwd
    gebouwd.clear()
    daarna = snel.evaluate(profiel, volgende)
    assert gebouwd == []
    assert daarna.model_dump(exclude=ZONDER_BACKEND) == \
        referentie.evaluate(profiel, volgende).model_dump(exclude=ZONDER_BACKEND)
    url = next(c.url for c in daarna.regimes[0].grondslag if c.url and "jci" in c.url)
    assert url.endswith(f"&g={volgende}&z={volgende}")
    assert eerst.regimes[0].grondslag != daarna.regimes[0].grondslag
