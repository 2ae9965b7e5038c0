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


def _int(kaal: pl.Series, laag: int | Ints, hoog: int | Ints) -> tuple[Veld, Bools]:
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
    """A choice spelled exactly as listed (its index in ``woorden``); anything else given goes
    per case."""
    index = {w: i for i, w in enumerate(woorden)}
    code = np.array([index.get(w, -1) if w is not None else -1 for w in kaal.to_list()], dtype=np.int64)
    gegeven = _gegeven(kaal)
    return Veld(gegeven, code), gegeven & (code < 0)


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


def _soort(kolom: str) -> tuple[str, str, type[Any]]:
    """The kind of a column's field, the field's name and its model."""
    if kolom.startswith("jeugdhulp."):
        naam = kolom.split(".")[2]
        return PERIODE_SOORTEN[naam], naam, Jeugdhulp
    return SOORTEN[kolom], kolom, CaseProfile


def _veld(kaal: pl.Series, naam: str, soort: str, model: type[Any]) -> tuple[Veld, Bools]:
    """One field's stripped cells parsed by its kind (yes/no, whole number and date columns
    go together, through :func:`_samen`)."""
    if soort == "records":
        geen = kaal.str.to_lowercase().is_in(_LEEG).fill_null(False).to_numpy()
        gegeven = _gegeven(kaal)
        # only 'geen' (waarde 1); the periods go in their own columns
        return Veld(gegeven, geen.astype(np.int64)), gegeven & ~geen
    if naam == "gemeente":
        return _gemeente(kaal)
    woorden = _choices(model, naam)
    if woorden is None:
        raise NotImplementedError(f"veld {naam}: soort {soort}")
    return (_lijst if soort == "list" else _keuze)(kaal, woorden)


def _samen(kaal: pl.Series, soort: str, namen: list[tuple[str, type[Any]]], lengtes: list[int]
           ) -> tuple[Veld, Bools]:
    """The stripped cells of several yes/no, whole number or date columns, one after another
    (``lengtes`` cells each), parsed at once."""
    if soort == "bool":
        return _bool(kaal)
    if soort == "date":
        return _datum(kaal)
    grenzen = np.array([_grenzen(naam, model) for naam, model in namen], dtype=np.int64).reshape(-1, 2)
    return _int(kaal, np.repeat(grenzen[:, 0], lengtes), np.repeat(grenzen[:, 1], lengtes))


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
    for kolom, (veld, fout) in _per_waarde(tabel).items():
        if kolom.startswith("jeugdhulp."):
            _, index, naam = kolom.split(".")
            periodes.setdefault(int(index), {})[naam] = (veld, fout)
        elif SOORTEN[kolom] == "records":
            lijst_geen = veld.waarde.astype(np.bool_)
            per_geval |= fout
        else:
            velden[kolom] = veld
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


def _per_waarde(tabel: pl.DataFrame) -> dict[str, tuple[Veld, Bools]]:
    """Every profile column parsed, each distinct cell once.

    A chunk holds few distinct cells per column (a few thousand dates of birth, a handful of
    choices), and every check is cell by cell, so parsing the distinct cells and looking each
    row's cell up gives what parsing every row gives, at a fraction of the work: two polars
    queries over the chunk (the distinct cells; each row's index among them), the parsing on
    one small series of all distinct cells (yes/no, number and date columns each parsed
    together), and a numpy lookup per column."""
    kolommen = [k for k in tabel.columns if k not in (RIJ, CASUS)]
    if not kolommen:
        return {}
    tekst = [pl.col(k).cast(pl.String) for k in kolommen]
    uniek = tabel.select(e.drop_nulls().unique().implode() for e in tekst).row(0)
    waarden = [pl.Series(k, u, pl.String) for k, u in zip(kolommen, uniek, strict=True)]
    # each row's cell as its index among the distinct cells; an empty cell gets the last index
    codes = tabel.select(
        e.replace_strict(w, pl.int_range(len(w), dtype=pl.UInt32, eager=True), default=None,
                         return_dtype=pl.UInt32).fill_null(len(w))
        for e, w in zip(tekst, waarden, strict=True)).to_numpy()
    # every column's distinct cells and then an empty one, all columns one after another
    delen = [w.extend_constant(None, 1).rename("w") for w in waarden]
    begin = np.cumsum([0] + [len(d) for d in delen])
    kaal, ongewoon = _kaal(pl.concat(delen).to_frame(), "w")
    ontleed: dict[int, tuple[Veld, Bools]] = {}
    groepen: dict[str, list[int]] = {}
    for i, kolom in enumerate(kolommen):
        soort, naam, model = _soort(kolom)
        if soort in ("bool", "int", "date"):
            groepen.setdefault(soort, []).append(i)
        else:
            ontleed[i] = _veld(kaal.slice(int(begin[i]), len(delen[i])), naam, soort, model)
    for soort, leden in groepen.items():
        plekken = np.concatenate([np.arange(begin[i], begin[i + 1]) for i in leden])
        lengtes = [len(delen[i]) for i in leden]
        veld, fout = _samen(kaal.gather(plekken), soort, [_soort(kolommen[i])[1:] for i in leden], lengtes)
        start = 0
        for i, lengte in zip(leden, lengtes, strict=True):
            stuk = slice(start, start + lengte)
            ontleed[i] = Veld(veld.gegeven[stuk], veld.waarde[stuk], veld.woorden), fout[stuk]
            start += lengte
    uit: dict[str, tuple[Veld, Bools]] = {}
    for i, kolom in enumerate(kolommen):
        veld, fout = ontleed[i]
        fout = fout | ongewoon[begin[i]:begin[i + 1]]
        rij = codes[:, i]
        uit[kolom] = Veld(veld.gegeven[rij], veld.waarde[rij], veld.woorden), fout[rij]
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
