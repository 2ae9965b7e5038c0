"""A synthetic population through the batch: the same results with one process and with two."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import polars as pl
import pytest

from regelruimte import standaard_regels
from regelruimte.batch import FOUT, Opdracht, evalueer_tabel
from regelruimte.populatie import schrijf
from regelruimte.tabel import lees_invoer

from .backend import STANDAARD


def _draai(invoer: Path, processen: int) -> pl.DataFrame:
    opdracht = Opdracht(str(standaard_regels()), STANDAARD)
    return pl.concat([u.uitvoer for u in evalueer_tabel(lees_invoer(invoer), opdracht, processen=processen)])


@pytest.mark.parametrize("aantal", [
    # 10,000 cases take about 50-95 s of CPU per run on this machine (two runs): under -m slow;
    # the default run checks 1,000
    1000,
    pytest.param(10_000, marks=pytest.mark.slow),
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
