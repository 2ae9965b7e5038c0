"""The cheap explanation says what the slow one says (issue "Fast enough for a whole country").

The explanation reads every node's value from the backend (``snel``) or the compiled evaluator
(durable-rules) and caches the shape of each rule's reason and open fields per pattern of node
values. The reference backend keeps the slow path (it evaluates every sub-expression in Python
and walks every reason afresh), so each shortcut is held equal to it here, on a fixed, varied
population. The labels, filled in once per epoch, are held equal to those ``vat_samen`` adds.
"""

from __future__ import annotations

import datetime as dt
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
def test_durable_gets_node_values_only_when_they_agree(referentie: Engine) -> None:
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
    assert durable.knoopwaarden(programma, feiten, anders).waarden is None
    # the reference evaluator is the oracle: it never takes the shortcut
    assert referentie.knoopwaarden(programma, feiten, referentie.backend.evalueer(programma, feiten)).waarden is None
