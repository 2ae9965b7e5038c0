"""Evaluations in a row run in flat memory (bench/soak.py in a fresh process).

The default run does 15,000 evaluations across three epochs; the ``slow`` variant does the
full million (run with ``pytest -m slow``; about an hour on 2 cores). Growth is measured
from the first checkpoint after warm-up, so one-off caches do not count.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .backend import STANDAARD

SOAK = Path(__file__).resolve().parents[1] / "bench" / "soak.py"


def _soak(n: int, *opties: str, env: dict[str, str] | None = None) -> dict[str, float]:
    uit = subprocess.run([sys.executable, str(SOAK), "--n", str(n), "--stappen", "10", "--backend", STANDAARD,
                          *opties], capture_output=True, text=True, check=True,
                         env=None if env is None else {**os.environ, **env})
    return json.loads(uit.stdout.strip().splitlines()[-1])


def test_fifteen_thousand_evaluations_in_flat_memory() -> None:
    samenvatting = _soak(15_000)
    assert samenvatting["groei_mb"] < 2.0, samenvatting


def test_freed_and_recompiled_networks_give_the_same_answers() -> None:
    # Every day of 2025-2026 in turn with room for one durable-rules network: a network is
    # freed and compiled again at every change of epoch (some twenty times here), and every
    # case's rule outcomes must still be those of snel. (On the reference backend the soak
    # compares two evaluators without networks, which still checks the comparison itself.)
    samenvatting = _soak(1_500, "--elke-dag", "--controleer", env={"REGELRUIMTE_DURABLE_NETWERKEN": "1"})
    assert samenvatting["verschillen_met_snel"] == 0, samenvatting


@pytest.mark.slow
def test_a_million_evaluations_in_flat_memory() -> None:
    samenvatting = _soak(1_000_000)
    assert samenvatting["groei_mb"] < 2.0, samenvatting


def test_explanation_caches_live_as_long_as_their_rule_base() -> None:
    # The explanation owns its caches (templates and citations per epoch and peildatum),
    # one set per rule base, released with it: a process that builds engine after engine
    # (a test run, a reload) does not keep every old rule base's citations alive.
    import datetime as dt
    import gc
    import weakref

    from regelruimte import Engine, standaard_regels
    from regelruimte.explain import _CACHES

    engine = Engine.from_directory(standaard_regels(), backend="referentie")
    engine.evaluate({"leeftijd": 17, "onderwijs": "geen"}, dt.date(2026, 3, 1))
    bank = engine.bank
    assert bank in _CACHES and _CACHES[bank].templates.data and _CACHES[bank].dates.data
    # Counted by identity, not by len(_CACHES): other tests in the same worker may leave rule
    # bases that this collection frees too.
    weg = weakref.ref(bank)
    del engine, bank
    gc.collect()
    over = weg()
    assert over is None, [type(r).__name__ for r in gc.get_referrers(over)]
