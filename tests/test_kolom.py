"""The columnar batch path gives what the per-case path gives: statuses, questions, errors."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console

from regelruimte import Engine, encode, standaard_regels
from regelruimte.batch import Blok, Opdracht, _als_tekst, evalueer_blok, voer_uit
from regelruimte.kolom import datums, evalueer_blok_kolom
from regelruimte.kolom.invoer import dagnummer
from regelruimte.profile import leeftijd_op
from regelruimte.tabel import CASUS, RIJ, SOORTEN, plat

from .backend import STANDAARD
from .strategies import profielen

REGELS = str(standaard_regels())
ENGINE = Engine.from_directory(REGELS, backend=STANDAARD)
_EPOCHE = dt.date(1970, 1, 1)

# Spellings the per-case path reads in its own way (or refuses): the columnar path must hand
# such a row over and end up with the same result and the same reasons.
_VREEMD: dict[str, list[str]] = {
    "bool": ["JA", " Waar ", "on", "misschien", "2"],
    "int": ["17.0", "017", "-1", "131", "zeventien", "1e1"],
    "date": ["2008-02-30", "2008-01-01 00:00:00", "01-01-2008", "1700-01-01", " 2008-01-01"],
    "text": ["MBO", "onbekend", "\u00a0vo", "utrecht", "Nergenshuizen"],
    "list": ["werk;werk", "Werk", "werk ; opleiding", "[]", "geen", "lpw_99"],
}


def _tegenspraak(rij: dict[str, str | None], peil: dt.date, soort: int) -> None:
    """A contradiction the profile checks refuse (samenhang_fouten, the jeugdhulp model)."""
    try:  # an earlier unusual spelling may have made the date of birth unreadable
        geboren = dt.date.fromisoformat(rij.get("geboortedatum") or "")
    except ValueError:
        geboren = peil.replace(year=2000)
    dag = dt.timedelta(days=1)
    wijzigingen: list[dict[str, str]] = [
        {"geboortedatum": (peil + dag).isoformat()},
        {"geboortedatum": geboren.isoformat(), "leeftijd": str(leeftijd_op(geboren, peil) + 1)},
        {"heeft_partner": "false", "partner_leeftijd": "20"},
        {"geboortedatum": geboren.isoformat(), "onderwijs_verlaten_op": (geboren - dag).isoformat()},
        {"melding_bijstand_op": (peil + dag).isoformat()},
        {"geboortedatum": geboren.isoformat(), "jeugdhulp.0.vorm": "verblijf",
         "jeugdhulp.0.gestart_op": (geboren - dag).isoformat()},
        {"jeugdhulp.1.vorm": "verblijf", "jeugdhulp.1.gestart_op": "2020-01-02",
         "jeugdhulp.1.beeindigd_op": "2020-01-01"},
        {"jeugdhulp.1.vorm": "pleegzorg", "jeugdhulp.1.hervat_op": "2020-01-01"},
        {"jeugdhulp.1.gestart_op": "2020-01-01"},
        {"jeugdhulp": "geen", "jeugdhulp.1.vorm": "behandeling"},
        {"peildatum": "9001-01-01"},
        {"peildatum": "2014-06-01"},
    ]
    rij.update(wijzigingen[soort % len(wijzigingen)])


def _rij(profiel: Any, peil: dt.date, nummer: int, vreemd: list[tuple[int, int]]) -> dict[str, str | None]:
    rij: dict[str, str | None] = {k: None if v is None else str(v).lower() if isinstance(v, bool) else str(v)
                                  for k, v in plat(profiel).items()}
    rij["peildatum"] = peil.isoformat()
    for kolom_keuze, spelling_keuze in vreemd:
        kolom = sorted(SOORTEN)[kolom_keuze % len(SOORTEN)]
        soort = SOORTEN[kolom]
        spellingen = _VREEMD.get(soort, _VREEMD["text"])
        if kolom_keuze >= 80:
            _tegenspraak(rij, peil, spelling_keuze)
        else:
            rij[kolom] = spellingen[spelling_keuze % len(spellingen)]
    rij[CASUS] = f"c{nummer}"
    return rij


def _tabel(rijen: list[dict[str, str | None]]) -> pl.DataFrame:
    kolommen = sorted({k for r in rijen for k in r})
    data = {k: [r.get(k) for r in rijen] for k in kolommen}
    tabel = pl.DataFrame(data, schema=dict.fromkeys(kolommen, pl.String))
    return tabel.with_columns(pl.Series(RIJ, range(2, len(rijen) + 2), dtype=pl.Int64))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(st.tuples(profielen(), st.lists(st.tuples(st.integers(0, 99), st.integers(0, 11)), max_size=2)),
                min_size=1, max_size=12),
       st.sampled_from([None, dt.date(2025, 12, 31), dt.date(2027, 1, 1)]))
def test_a_population_gets_the_same_results_on_both_paths(populatie: list[Any], wetdatum: dt.date | None) -> None:
    rijen = [_rij(p, peil, i, vreemd) for i, ((p, peil), vreemd) in enumerate(populatie)]
    blok = Blok(_tabel(rijen))
    opdracht = Opdracht(REGELS, STANDAARD, wetdatum=wetdatum)
    per_geval = evalueer_blok(ENGINE, opdracht, blok)
    kolom = _als_tekst(evalueer_blok_kolom(ENGINE, opdracht, blok))
    assert kolom.uitvoer.schema == per_geval.uitvoer.schema
    for naam in per_geval.uitvoer.columns:
        assert kolom.uitvoer[naam].to_list() == per_geval.uitvoer[naam].to_list(), naam
    assert kolom.fouten == per_geval.fouten


def test_a_synthetic_population_is_evaluated_without_the_per_case_path(tmp_path: Path) -> None:
    from regelruimte.populatie import schrijf
    from regelruimte.tabel import lees_invoer

    pad = tmp_path / "pop.csv"
    schrijf(300, 7, dt.date(2026, 5, 1), pad)
    blok = Blok(lees_invoer(pad).rijen)
    opdracht = Opdracht(REGELS, STANDAARD)
    kolom = evalueer_blok_kolom(ENGINE, opdracht, blok)
    assert kolom.per_geval == 0 and kolom.terugval is None
    assert _als_tekst(kolom).uitvoer.equals(evalueer_blok(ENGINE, opdracht, blok).uitvoer, null_equal=True)


def test_a_program_the_columns_cannot_take_goes_per_case_and_says_so(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from regelruimte import kolom
    from regelruimte.kolom.kleene import NietKolomsgewijs

    def weiger(*_: Any) -> Any:
        raise NietKolomsgewijs("een constructie die de kolommen niet kennen")

    monkeypatch.setattr(kolom, "evalueer_programma", weiger)
    invoer = tmp_path / "g.csv"
    invoer.write_text("peildatum,geboortedatum,onderwijs\n2026-03-01,2009-04-01,vo\n2026-03-01,2001-04-01,geen\n",
                      encoding="utf-8")
    scherm = io.StringIO()
    uit = tmp_path / "u.csv"
    assert voer_uit(invoer, uit, Opdracht(REGELS, STANDAARD), processen=1, console=Console(file=scherm, width=300),
                    engine=ENGINE) == 0
    tekst = scherm.getvalue()
    assert "per geval beoordeeld (niet kolomsgewijs te doen): een constructie die de kolommen niet kennen" in tekst
    assert "kolomsgewijs, 2 per geval" in tekst
    verwacht = tmp_path / "v.csv"
    voer_uit(invoer, verwacht, Opdracht(REGELS, STANDAARD), processen=1, console=Console(file=io.StringIO()),
             engine=ENGINE, per_geval=True)
    assert uit.read_bytes() == verwacht.read_bytes()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(9999, 12, 31)),
                          st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(9000, 12, 31))),
                min_size=1, max_size=40))
def test_dates_are_rounded_as_encode_rounds_them(paren: list[tuple[dt.date, dt.date]]) -> None:
    van = np.array([dagnummer(a) for a, _ in paren], dtype=np.int64)
    tot = np.array([dagnummer(b) for _, b in paren], dtype=np.int64)
    maten = datums.datummaten(van, tot)
    for i, (a, b) in enumerate(paren):
        verwacht = encode.datummaten(a, b, None)
        assert {k: int(v[i]) for k, v in maten.items()} == verwacht
        assert int(datums.leeftijd_op(van, tot)[i]) == leeftijd_op(a, b)
        assert _EPOCHE + dt.timedelta(days=int(van[i])) == a
    y, m, d = datums.ymd(van)
    assert (datums.dagnummer(y, m, d) == van).all()
