"""The columnar population path of ``regelruimte batch``: a chunk of rows at a time.

The same work as :func:`regelruimte.batch.evalueer_blok` — one result row per input row with
the status of every item and the open questions — done a column at a time:

1. :mod:`.invoer` parses and checks whole columns; rows it cannot vouch for (invalid ones,
   and valid ones spelled unusually) are marked for the per-case path;
2. :mod:`.codeer` encodes the facts as arrays, with the rounding of ``encode``, and applies
   the presumptions;
3. :mod:`.kleene` evaluates the epoch's compiled program (the same ``ir.Program`` the
   backends run) in Kleene logic on 0/1/2 arrays, with the questions and the presumption
   marks ``explain`` would give;
4. this module writes the result columns, and sends the marked rows through the per-case
   evaluator, so every row's result is the per-case result.

A program the columnar evaluator does not cover (:class:`~.kleene.NietKolomsgewijs`) sends
its rows per case too; :class:`~regelruimte.batch.BlokUitkomst` counts them and says why.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import numpy.typing as npt
import polars as pl

from .. import ir
from ..batch import STATUS, VRAGEN
from ..spec import Soort
from .codeer import KolomFeiten, codeer, vermoed
from .invoer import Profielen, dagnummer, lees_profielen
from .kleene import VELDBIT, NietKolomsgewijs, Uitkomsten, evalueer_programma, waar_op

if TYPE_CHECKING:
    from ..batch import Blok, BlokUitkomst, Opdracht
    from ..engine import Engine

__all__ = ["KOLOM_BLOKGROOTTE", "NietKolomsgewijs", "evalueer_blok_kolom"]

#: rows per chunk on the columnar path: a few MB of arrays per rule, a fraction of a second
KOLOM_BLOKGROOTTE = 10_000

_SECTIES = (Soort.regime, Soort.route, Soort.maatwerk, Soort.signaal, Soort.beleid)
_STATUS = {0: "niet_van_toepassing", 1: "onbepaald", 2: "van_toepassing"}
_GEEN = 255  # no status: the item does not exist on the row's date, or the row went per case
_VELDEN = list(VELDBIT)
_EPOCHE = dt.date(1970, 1, 1)


def evalueer_blok_kolom(engine: Engine, opdracht: Opdracht, blok: Blok) -> BlokUitkomst:
    """The columnar evaluator (``batch.Evaluator``): same columns, values and errors as
    ``batch.evalueer_blok``."""
    from ..batch import FOUT, PEILDATUM, VRAGEN, WETDATUM, Blok, BlokUitkomst, evalueer_blok, uitvoerschema
    from ..tabel import CASUS, RIJ

    schema = uitvoerschema(engine)
    tabel = blok.rijen
    p = lees_profielen(tabel, set(blok.leesfouten), opdracht.peildatum, opdracht.wetdatum,
                       engine.bank.dekking.vanaf, dt.date.today())
    f = codeer(p, engine.vocab)
    if engine.vermoedens:
        vermoed(f, engine.bank.vermoedens, p.peildatum, lambda v: waar_op(v.als, f, engine.vocab))
    statussen = {kolom: np.full(p.n, _GEEN, dtype=np.uint8) for kolom in schema
                 if kolom not in (RIJ, CASUS, PEILDATUM, WETDATUM, FOUT, VRAGEN)}
    vragen: list[tuple[npt.NDArray[np.int64], pl.Series]] = []
    terugval: str | None = None
    for programma, rijen in _per_programma(engine, p):
        deel = f if len(rijen) == p.n else f.deel(rijen)
        try:
            tellingen: _Tellingen = ({}, {}, {})
            uitkomsten = evalueer_programma(programma, deel, engine.vocab, functools.partial(_tel_item, tellingen))
        except NietKolomsgewijs as fout:
            terugval = str(fout)
            p.per_geval[rijen] = True
            continue
        _schrijf_statussen(programma, uitkomsten, rijen, statussen)
        vragen.append((rijen, _vragen(programma, uitkomsten, deel, tellingen)))
    goed = ~p.per_geval
    kolommen: dict[str, pl.Series] = {
        RIJ: tabel[RIJ], CASUS: tabel[CASUS] if CASUS in tabel.columns else pl.Series(CASUS, [None] * p.n, pl.String),
        PEILDATUM: _datums(PEILDATUM, p.peildatum, goed),
        WETDATUM: _datums(WETDATUM, p.wetdatum, goed & (p.wetdatum != p.peildatum)),
        FOUT: pl.Series(FOUT, [None] * p.n, pl.String)}
    # every status column in one query, each code picking its text (_GEEN none)
    woorden = pl.lit(pl.Series(list(_STATUS.values()), dtype=STATUS))
    for status in pl.DataFrame(statussen).select(
            woorden.gather(pl.when(pl.col(k) < len(_STATUS)).then(pl.col(k))).alias(k) for k in statussen):
        kolommen[status.name] = status
    kolommen[VRAGEN] = _vragenkolom(VRAGEN, vragen, p.n)
    uit = pl.DataFrame([kolommen[k].alias(k) for k in schema])
    if not p.per_geval.any():
        return BlokUitkomst(uit, [], terugval=terugval)
    apart = tabel.filter(pl.Series(p.per_geval))
    nummers = set(apart[RIJ].to_list())
    per_geval = evalueer_blok(engine, opdracht, Blok(apart, {r: t for r, t in blok.leesfouten.items()
                                                             if r in nummers}))
    positie = np.flatnonzero(p.per_geval)
    samen = pl.concat([uit.filter(pl.Series(goed)).with_columns(pl.Series("__positie", np.flatnonzero(goed))),
                       per_geval.uitvoer.cast(uit.schema).with_columns(pl.Series("__positie", positie))])
    return BlokUitkomst(samen.sort("__positie").drop("__positie"), per_geval.fouten,
                        per_geval=len(positie), terugval=terugval)


def _vragenkolom(naam: str, delen: list[tuple[npt.NDArray[np.int64], pl.Series]], n: int) -> pl.Series:
    """The questions of each program's rows in one column; empty where no program ran."""
    if len(delen) == 1 and len(delen[0][0]) == n:
        return delen[0][1].alias(naam)
    uit = pl.Series(naam, [None] * n, pl.String)
    for rijen, tekst in delen:
        uit = uit.scatter(rijen, tekst)
    return uit


def _datums(naam: str, dagen: npt.NDArray[np.int64], waar: npt.NDArray[np.bool_]) -> pl.Series:
    return pl.Series(naam, np.where(waar, dagen, 0)).cast(pl.Int32).cast(pl.Date).set(pl.Series(~waar), None)


def _per_programma(engine: Engine, p: Profielen) -> list[tuple[ir.Program, npt.NDArray[np.int64]]]:
    """The rows to evaluate (not marked per case), by the program of their law's date."""
    goed = np.flatnonzero(~p.per_geval)
    dagen, terug = np.unique(p.wetdatum[goed], return_inverse=True)
    groepen: dict[str, list[npt.NDArray[np.int64]]] = defaultdict(list)
    programmas: dict[str, ir.Program] = {}
    for i, dag in enumerate(dagen.tolist()):
        programma = engine.bank.programma(_EPOCHE + dt.timedelta(days=dag))
        programmas[programma.key] = programma
        groepen[programma.key].append(goed[terug == i])
    return [(programmas[k], np.sort(np.concatenate(v))) for k, v in groepen.items()]


def _items(programma: ir.Program) -> list[str]:
    return [r.id for r in programma.rules if r.soort in _SECTIES]


def _schrijf_statussen(programma: ir.Program, u: Uitkomsten, rijen: npt.NDArray[np.int64],
                       statussen: dict[str, npt.NDArray[np.uint8]]) -> None:
    for item in _items(programma):
        statussen[item][rijen] = u.waarden[item]


def _tel_item(tellingen: _Tellingen, regel: ir.IRRule, masker: npt.NDArray[np.uint64] | None) -> None:
    """Count an item's question mask per field in its class (``kleene.Teller``)."""
    if regel.soort in _SECTIES:
        _tel(masker, tellingen[_KLASSE[regel.soort]])


def _vragen(programma: ir.Program, u: Uitkomsten, f: KolomFeiten, tellingen: _Tellingen) -> pl.Series:
    """The ``vragen`` column: per row the fields of every undecided item, ordered as
    ``Engine.evaluate`` orders them (``samenvatting.rangschik_statisch``): by the items they
    settle per class (regime/signal, route, maatwerk/policy), then in the profile's order;
    then each presumed field a decided item rests on (``vermoedens.markeer``), ordered alike."""
    klassen = {r.id: _KLASSE[r.soort] for r in programma.rules if r.soort in _SECTIES}
    delen = _gerangschikt({_VELDEN[b]: (_per_klasse(tellingen, b), b) for b in _bits(tellingen)})
    if u.vermoed:
        beslist: _Tellingen = ({}, {}, {})
        for item, klasse in klassen.items():
            steun = u.steun[item]
            if steun is not None:
                _tel(np.where(u.waarden[item] != 1, steun, np.uint64(0)), beslist[klasse])
        delen += _gerangschikt({u.vermoed[i]: (tuple(t * f.vermoed[u.vermoed[i]] for t in _per_klasse(beslist, i)),
                                               VELDBIT.get(u.vermoed[i], 99))
                                for i in _bits(beslist)})
    if not delen:
        return pl.Series(VRAGEN, [""] * f.n, pl.String)
    tabel = pl.DataFrame([d.alias(f"d{i}") for i, d in enumerate(delen)])
    return tabel.select(pl.concat_str(pl.all(), separator=";", ignore_nulls=True)).to_series()


#: regimes and signals, routes, maatwerk and policy (``samenvatting._KLASSE``)
_KLASSE = {Soort.regime: 0, Soort.signaal: 0, Soort.route: 1, Soort.maatwerk: 2, Soort.beleid: 2}
#: counts per row (two bytes each: a count stays below the number of items)
_Telling = npt.NDArray[np.uint16]
_Tellingen = tuple[dict[int, _Telling], dict[int, _Telling], dict[int, _Telling]]
_Drie = tuple[_Telling, ...]


def _bits(tellingen: _Tellingen) -> list[int]:
    return sorted({b for per_klasse in tellingen for b in per_klasse})


def _per_klasse(tellingen: _Tellingen, b: int) -> _Drie:
    nul = next(t[b] for t in tellingen if b in t) * 0
    return tuple(t.get(b, nul) for t in tellingen)


def _tel(masker: npt.NDArray[np.uint64] | None, tellingen: dict[int, _Telling]) -> None:
    """Add one item's mask to the count per bit."""
    if masker is None:
        return
    # numpy's stubs differ per version on reduce over uint64; the call itself is the same
    bits = int(cast(Any, np.bitwise_or).reduce(masker))
    while bits:
        laag = bits & -bits
        b = laag.bit_length() - 1
        een = ((masker >> np.uint64(b)) & np.uint64(1)).astype(np.uint16)
        if b in tellingen:
            tellingen[b] += een
        else:
            tellingen[b] = een
        bits ^= laag


def _gerangschikt(velden: dict[str, tuple[_Drie, int]]) -> list[pl.Series]:
    """Per rank a column of field names: per row the fields with a count above zero, most
    regimes/signals first, then routes, then maatwerk, ties by ``volgorde`` (the profile's
    field order)."""
    if not velden:
        return []
    namen = list(velden)
    groot = np.int64(1 << 40)
    m = np.int64(1024)  # a count per class stays below the number of rules (~225)
    sleutels = np.stack([np.where(t[0] + t[1] + t[2] > 0,
                                  (((m - t[0]) * m + (m - t[1])) * m + (m - t[2])) * 128 + volgorde, groot)
                         for t, volgorde in velden.values()], axis=1)
    orde = np.argsort(sleutels, axis=1, kind="stable")
    geldig = np.take_along_axis(sleutels, orde, axis=1) < groot
    rangen = int(np.max(np.sum(geldig, axis=1), initial=0))
    data = {f"r{j}": np.where(geldig[:, j], orde[:, j], -1) for j in range(rangen)}
    tabel = pl.DataFrame(data).select(
        pl.all().replace_strict(list(range(len(namen))), namen, default=None, return_dtype=pl.String))
    return tabel.get_columns()


__all__ += ["KolomFeiten", "Profielen", "dagnummer"]
