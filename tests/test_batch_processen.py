"""A synthetic population through the batch: the same results with one process and with two."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import polars as pl
import pytest

from regelruimte import standaard_regels
from regelruimte.batch import BLOKGROOTTE, FOUT, Opdracht, evalueer_blok, evalueer_tabel
from regelruimte.kolom import evalueer_blok_kolom
from regelruimte.populatie import schrijf
from regelruimte.tabel import lees_invoer, lees_stroom

from .backend import STANDAARD


def _draai(invoer: Path, processen: int, per_geval: bool = False, draden: bool | None = None) -> pl.DataFrame:
    opdracht = Opdracht(str(standaard_regels()), STANDAARD)
    if per_geval:
        uitkomsten = evalueer_tabel(lees_invoer(invoer), opdracht, processen=processen, evaluator=evalueer_blok)
    else:
        # chunks of 2,500, so both processes get work
        uitkomsten = evalueer_tabel(lees_stroom(invoer), opdracht, processen=processen, evaluator=evalueer_blok_kolom,
                                    grootte=2_500, draden=draden)
    return pl.concat([u.uitvoer for u in uitkomsten])


@pytest.mark.parametrize("aantal", [
    # the columnar path (the batch's default): 10,000 cases in a few seconds of CPU per run
    10_000,
])
def test_one_and_two_processes_give_identical_results(tmp_path: Path, aantal: int) -> None:
    invoer = tmp_path / "populatie.parquet"
    schrijf(aantal, 1, dt.date(2026, 3, 1), invoer)
    begin = time.process_time()
    een = _draai(invoer, 1)
    cpu_een = time.process_time() - begin
    twee = _draai(invoer, 2)
    assert een.height == aantal and een[FOUT].null_count() == aantal  # every synthetic case is valid
    assert een.equals(twee, null_equal=True)
    statussen = een.select(pl.exclude("rij", "casus", "peildatum", "wetdatum", "fout", "vragen")).unpivot()["value"]
    assert set(statussen.drop_nulls().to_list()) == {"van_toepassing", "niet_van_toepassing", "onbepaald"}
    print(f"\n{aantal} gevallen: {cpu_een:.1f} s CPU in één proces")


@pytest.mark.parametrize("aantal", [
    # case by case (--per-geval): 400 cases (two chunks, so both processes work) take 4-8 s of
    # CPU per run on this machine; 10,000 under -m slow
    400,
    pytest.param(10_000, marks=pytest.mark.slow),
])
def test_case_by_case_one_and_two_processes_and_the_columnar_path_agree(tmp_path: Path, aantal: int) -> None:
    invoer = tmp_path / "populatie.parquet"
    schrijf(aantal, 2, dt.date(2026, 9, 1), invoer)
    een = _draai(invoer, 1, per_geval=True)
    assert een.height == aantal and aantal > BLOKGROOTTE
    assert een.equals(_draai(invoer, 2, per_geval=True), null_equal=True)
    assert een.equals(_draai(invoer, 1), null_equal=True)


def test_the_columnar_path_runs_in_threads_and_gives_what_worker_processes_give(tmp_path: Path) -> None:
    from regelruimte.batch import in_draden

    assert in_draden(evalueer_blok_kolom) and not in_draden(evalueer_blok)
    invoer = tmp_path / "populatie.parquet"
    schrijf(5_000, 3, dt.date(2026, 3, 1), invoer)
    draden = _draai(invoer, 2)  # the default for the columnar evaluator: threads
    assert draden.equals(_draai(invoer, 2, draden=False), null_equal=True)
    assert draden.equals(_draai(invoer, 1), null_equal=True)
