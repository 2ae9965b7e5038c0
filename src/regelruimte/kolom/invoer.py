"""A chunk of text cells, validated a whole column at a time, as typed arrays.

Every cell is parsed with one polars expression per column. A row is *plain* when each of
its cells has the one spelling the profile contract documents (``true``/``ja``/``1``,
``JJJJ-MM-DD``, a choice exactly as listed, a whole number in range, a known gemeente) and
the fields agree with each other and with the peildatum (as ``profile.samenhang_fouten``
checks). Every other row — an invalid one, or a valid one with an unusual spelling that
pydantic would still accept — is marked ``per_geval``: the batch hands it to the per-case
path, which validates it with the profile model itself. So an invalid row gets exactly the
reasons it gets case by case (one source of messages), and no unusual spelling is read
differently here than there.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from ..gemeenten import normaliseer_gemeente
from ..limits import MAX_PEILDATUM
from ..profile import CaseProfile, Jeugdhulp
from ..tabel import CASUS, PERIODE_SOORTEN, RIJ, SOORTEN
from . import datums

__all__ = ["Profielen", "Veld", "lees_profielen"]

Bools = npt.NDArray[np.bool_]
Ints = npt.NDArray[np.int64]

_EPOCHE = dt.date(1970, 1, 1)
_JA = ["true", "waar", "ja", "1", "yes"]
_NEE = ["false", "onwaar", "nee", "0", "no"]
_LEEG = ["geen", "[]"]
# Python's str.strip() and polars' strip_chars() agree on ASCII whitespace; a cell that
# begins or ends with anything else, or holds a separator control character, goes per case.
_ONGEWOON = r"^[^\x09-\x0d\x20-\x7e]|[^\x09-\x0d\x20-\x7e]$|[\x00-\x08\x0e-\x1f\x7f]"
#: dates before this year are valid but rare: they go per case rather than be trusted here
_VROEGSTE_JAAR = 1800
_PARTNERVELDEN = ("partner_leeftijd", "partner_onderwijs", "partner_vorig_onderwijs",
                  "partner_onderwijs_verlaten_op", "partner_medisch_urenbeperkt",
                  "partner_doelgroep_loonkostensubsidie")
_EIGEN_DATUMS = ("onderwijs_verlaten_op", "melding_bijstand_op", "wmo_melding_op", "verblijfsvergunning_sinds")


def dagnummer(datum: dt.date) -> int:
    return (datum - _EPOCHE).days


@dataclass
class Veld:
    """One field over the rows: whether it is given, and its value where it is.

    ``waarde``: 0/1 for yes/no, the number, the day number of a date, the index in
    ``woorden`` of a choice, or a bit per choice of a list (bit i: ``woorden[i]``)."""

    gegeven: Bools
    waarde: Ints
    woorden: tuple[str, ...] = ()


@dataclass
class Profielen:
    """The profiles of one chunk as columns."""

    n: int
    #: the peildatum and the law's date each row is evaluated on (day numbers)
    peildatum: Ints
    wetdatum: Ints
    velden: dict[str, Veld]
    #: the jeugdhulp list is given (an empty list or at least one period)
    lijst_gegeven: Bools
    #: per jeugdhulp column number: whether the row has that period, and its fields
    periodes: dict[int, tuple[Bools, dict[str, Veld]]] = field(default_factory=dict)
    #: rows the per-case path must take (see the module)
    per_geval: Bools = field(default_factory=lambda: np.zeros(0, dtype=np.bool_))


def _kaal(tabel: pl.DataFrame, kolom: str) -> tuple[pl.Series, Bools]:
    """The cells stripped (empty: null) and where a cell is spelled unusually."""
    ruw = tabel[kolom].cast(pl.String)
    ongewoon = ruw.str.contains(_ONGEWOON).fill_null(False)
    kaal = ruw.str.strip_chars()
    kaal = pl.select(pl.when(kaal == "").then(None).otherwise(kaal).alias(kolom)).to_series()
    return kaal, ongewoon.to_numpy()


def _gegeven(kaal: pl.Series) -> Bools:
    return kaal.is_not_null().to_numpy()


def _bool(kaal: pl.Series) -> tuple[Veld, Bools]:
    laag = kaal.str.to_lowercase()
    ja = laag.is_in(_JA).fill_null(False).to_numpy()
    nee = laag.is_in(_NEE).fill_null(False).to_numpy()
    gegeven = _gegeven(kaal)
    return Veld(gegeven, ja.astype(np.int64)), gegeven & ~(ja | nee)


def _grenzen(naam: str, model: type[Any]) -> tuple[int, int]:
    info = model.model_fields[naam]
    laag, hoog = 0, 10**9
    for regel in info.metadata:
        laag = getattr(regel, "ge", laag)
        hoog = getattr(regel, "le", hoog)
    return laag, hoog


def _int(kaal: pl.Series, laag: int, hoog: int) -> tuple[Veld, Bools]:
    cijfers = kaal.str.extract(r"^(0|[1-9][0-9]{0,8})(?:\.0+)?$", 1)
    getal = cijfers.cast(pl.Int64)
    gegeven = _gegeven(kaal)
    waarde = getal.fill_null(0).to_numpy()
    goed = getal.is_not_null().to_numpy() & (waarde >= laag) & (waarde <= hoog)
    return Veld(gegeven, waarde), gegeven & ~goed


def _datum(kaal: pl.Series) -> tuple[Veld, Bools]:
    tekst = kaal.str.replace(r"^([0-9]{4}-[0-9]{2}-[0-9]{2})[ T]00:00(:00(\.0+)?)?$", "$1")
    vorm = tekst.str.contains(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$").fill_null(False)
    datum = pl.select(pl.when(vorm).then(tekst).otherwise(None).str.to_date("%Y-%m-%d", strict=False)).to_series()
    gegeven = _gegeven(kaal)
    dagen = datum.cast(pl.Int64).fill_null(0).to_numpy()
    goed = datum.is_not_null().to_numpy() & (dagen >= dagnummer(dt.date(_VROEGSTE_JAAR, 1, 1)))
    return Veld(gegeven, dagen), gegeven & ~goed


def _keuze(kaal: pl.Series, woorden: tuple[str, ...]) -> tuple[Veld, Bools]:
    code = kaal.replace_strict(list(woorden), list(range(len(woorden))), default=None, return_dtype=pl.Int64)
    gegeven = _gegeven(kaal)
    return Veld(gegeven, code.fill_null(-1).to_numpy()), gegeven & code.is_null().to_numpy()


def _lijst(kaal: pl.Series, woorden: tuple[str, ...]) -> tuple[Veld, Bools]:
    """``a;b`` of choices (``geen``/``[]``: the empty list); duplicates or unknown choices
    go per case."""
    leeg = kaal.str.to_lowercase().is_in(_LEEG).fill_null(False)
    delen = kaal.str.split(";").list.eval(pl.element().str.strip_chars().filter(pl.element() != ""))
    bits = np.zeros(len(kaal), dtype=np.int64)
    geteld = np.zeros(len(kaal), dtype=np.int64)
    for i, woord in enumerate(woorden):
        heeft = delen.list.contains(woord).fill_null(False).to_numpy()
        bits |= heeft.astype(np.int64) << i
        geteld += heeft
    lengte = delen.list.len().fill_null(0).to_numpy()
    gegeven = _gegeven(kaal)
    leeg_np = leeg.to_numpy()
    niet_ascii = kaal.str.contains(r"[^\x20-\x7e]").fill_null(False).to_numpy()
    fout = gegeven & ~leeg_np & ((lengte != geteld) | niet_ascii)
    return Veld(gegeven, np.where(leeg_np, 0, bits)), fout


def _gemeente(kaal: pl.Series) -> tuple[Veld, Bools]:
    """The CBS code of each name or code; an unknown one goes per case."""
    codes: list[str] = []
    naar: dict[str, int] = {}
    for waarde in kaal.drop_nulls().unique().to_list():
        try:
            code = normaliseer_gemeente(waarde)
        except ValueError:
            continue
        if code not in naar:
            naar[code] = len(codes)
            codes.append(code)
        naar[waarde] = naar[code]
    index = kaal.replace_strict(list(naar), list(naar.values()), default=None, return_dtype=pl.Int64)
    gegeven = _gegeven(kaal)
    return Veld(gegeven, index.fill_null(-1).to_numpy(), tuple(codes)), gegeven & index.is_null().to_numpy()


def _choices(model: type[Any], naam: str) -> tuple[str, ...] | None:
    from enum import Enum

    from ..tabel import _kaal as kaal_type

    t = kaal_type(model.model_fields[naam].annotation)
    if isinstance(t, type) and issubclass(t, Enum):
        return tuple(str(e.value) for e in t)
    args = getattr(t, "__args__", ())
    if args and isinstance(args[0], type) and issubclass(args[0], Enum):
        return tuple(str(e.value) for e in args[0])
    return None


def _veld(tabel: pl.DataFrame, kolom: str, naam: str, soort: str, model: type[Any]) -> tuple[Veld, Bools]:
    kaal, ongewoon = _kaal(tabel, kolom)
    if soort == "bool":
        veld, fout = _bool(kaal)
    elif soort == "int":
        veld, fout = _int(kaal, *_grenzen(naam, model))
    elif soort == "date":
        veld, fout = _datum(kaal)
    elif naam == "gemeente":
        veld, fout = _gemeente(kaal)
    else:
        woorden = _choices(model, naam)
        if woorden is None:
            raise NotImplementedError(f"veld {naam}: soort {soort}")
        veld, fout = (_lijst if soort == "list" else _keuze)(kaal, woorden)
    return veld, fout | ongewoon


def _leeg(n: int) -> Veld:
    return Veld(np.zeros(n, dtype=np.bool_), np.zeros(n, dtype=np.int64))


def lees_profielen(tabel: pl.DataFrame, leesfouten: set[int], peildatum: dt.date | None,
                   wetdatum: dt.date | None, vanaf: dt.date, vandaag: dt.date) -> Profielen:
    """Parse and check a chunk (text columns as :func:`regelruimte.tabel.lees_invoer` gives
    them). ``vanaf``: the rule base's first covered date; ``vandaag``: the peildatum of a row
    that gives none."""
    n = tabel.height
    per_geval = np.zeros(n, dtype=np.bool_)
    if leesfouten:
        per_geval |= tabel[RIJ].is_in(sorted(leesfouten)).to_numpy()
    velden: dict[str, Veld] = {}
    periodes: dict[int, dict[str, tuple[Veld, Bools]]] = {}
    lijst_geen = np.zeros(n, dtype=np.bool_)
    for kolom in tabel.columns:
        if kolom in (RIJ, CASUS):
            continue
        if kolom.startswith("jeugdhulp."):
            _, index, naam = kolom.split(".")
            veld, fout = _veld(tabel, kolom, naam, PERIODE_SOORTEN[naam], Jeugdhulp)
            periodes.setdefault(int(index), {})[naam] = (veld, fout)
            continue
        soort = SOORTEN[kolom]
        if soort == "records":
            kaal, ongewoon = _kaal(tabel, kolom)
            lijst_geen = kaal.str.to_lowercase().is_in(_LEEG).fill_null(False).to_numpy()
            per_geval |= ongewoon | (_gegeven(kaal) & ~lijst_geen)
            continue
        velden[kolom], fout = _veld(tabel, kolom, kolom, soort, CaseProfile)
        per_geval |= fout
    for naam, soort in SOORTEN.items():
        if naam not in velden and soort != "records":
            velden[naam] = _leeg(n)
    eigen = velden.pop("peildatum")
    if peildatum is not None:
        datum = np.full(n, dagnummer(peildatum), dtype=np.int64)
    else:
        datum = np.where(eigen.gegeven, eigen.waarde, dagnummer(vandaag))
        per_geval |= eigen.gegeven & (eigen.waarde > dagnummer(MAX_PEILDATUM))
    wet = np.full(n, dagnummer(wetdatum), dtype=np.int64) if wetdatum is not None else datum
    per_geval |= (datum > dagnummer(MAX_PEILDATUM)) | (wet < dagnummer(vanaf))
    uit = Profielen(n, datum, wet, velden, lijst_geen.copy(), per_geval=per_geval)
    for nummer in sorted(periodes):
        aanwezig, periode, fout = _periode(periodes[nummer], n)
        uit.periodes[nummer] = (aanwezig, periode)
        uit.per_geval |= fout | (aanwezig & lijst_geen)
        uit.lijst_gegeven |= aanwezig
    uit.per_geval |= _tegenspraak(uit)
    return uit


def _periode(kolommen: dict[str, tuple[Veld, Bools]], n: int) -> tuple[Bools, dict[str, Veld], Bools]:
    """One jeugdhulp column number: the rows that have it, its fields, and the rows whose
    period the model would refuse (no vorm, an end before the start, ...)."""
    velden = {naam: kolommen[naam][0] if naam in kolommen else _leeg(n) for naam in PERIODE_SOORTEN}
    aanwezig = np.zeros(n, dtype=np.bool_)
    fout = np.zeros(n, dtype=np.bool_)
    for veld, veldfout in kolommen.values():
        aanwezig |= veld.gegeven
        fout |= veldfout
    start, einde, hervat = velden["gestart_op"], velden["beeindigd_op"], velden["hervat_op"]
    fout |= aanwezig & ~velden["vorm"].gegeven
    fout |= start.gegeven & einde.gegeven & (einde.waarde < start.waarde)
    fout |= hervat.gegeven & (~einde.gegeven | (hervat.waarde < einde.waarde))
    return aanwezig, velden, fout


def _tegenspraak(p: Profielen) -> Bools:
    """Rows ``profile.samenhang_fouten`` would refuse on their peildatum."""
    v = p.velden
    fout = np.zeros(p.n, dtype=np.bool_)
    partner = v["heeft_partner"]
    for naam in _PARTNERVELDEN:
        fout |= partner.gegeven & (partner.waarde == 0) & v[naam].gegeven
    geboren = v["geboortedatum"]
    na_peildatum = geboren.gegeven & (geboren.waarde > p.peildatum)
    fout |= na_peildatum
    leeftijd = v["leeftijd"]
    fout |= geboren.gegeven & ~na_peildatum & leeftijd.gegeven & (
        datums.leeftijd_op(geboren.waarde, p.peildatum) != leeftijd.waarde)
    for naam in (*_EIGEN_DATUMS, "partner_onderwijs_verlaten_op"):
        veld = v[naam]
        if not naam.startswith("partner_"):
            fout |= veld.gegeven & geboren.gegeven & (veld.waarde < geboren.waarde)
        fout |= veld.gegeven & (veld.waarde > p.peildatum)
    for aanwezig, periode in p.periodes.values():
        start = periode["gestart_op"]
        fout |= aanwezig & start.gegeven & geboren.gegeven & (start.waarde < geboren.waarde)
    return fout
