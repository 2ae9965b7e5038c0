"""Case profiles as table rows: the flat form, and reading and writing csv, xlsx, jsonl and parquet.

A table has one row per case profile and one column per profile field, named as in the
contract (``geboortedatum``, ``onderwijs``, ...). The lists are flattened:

* ``vrijstellingen`` and ``wensen``: the values separated by ``;`` (``lpw_5_onder_a;lpw_15``);
  ``geen`` (or ``[]``) is the empty list, an empty cell is unknown;
* ``jeugdhulp``: one column per element field, ``jeugdhulp.0.vorm``, ``jeugdhulp.0.gestart_op``,
  ``jeugdhulp.1.vorm``, ...; the column ``jeugdhulp`` itself holds ``geen`` for "never had
  jeugdhulp"; with no element and no ``geen`` the list is unknown.

An empty cell is always *unknown*. Yes/no cells take ``true``/``false`` (also ``ja``/``nee``,
``waar``/``onwaar``, ``1``/``0``). The optional column ``casus`` is a case label that is not part
of the profile: it is copied to the results so they can be joined back.

Every cell is read as text (xlsx and parquet included), so a typed spreadsheet column never
turns a cell it cannot type into a silent "unknown"; the profile validation then parses it.
Polars reads and writes csv, jsonl and parquet (fast, one wheel, no pandas), fastexcel reads
xlsx and xlsxwriter writes it (see docs/beleid.md).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import types
import typing
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

import polars as pl

# the bounds on a table read (regelruimte.limits holds every input limit)
from .limits import MAX_BESTAND_BYTES, MAX_KOLOMMEN, MAX_RIJEN, MAX_XLSX_BYTES
from .profile import CaseProfile, Jeugdhulp

__all__ = [
    "CASUS",
    "FORMATEN",
    "MAX_BESTAND_BYTES",
    "MAX_KOLOMMEN",
    "MAX_RIJEN",
    "MAX_XLSX_BYTES",
    "RIJ",
    "Invoer",
    "Schrijver",
    "Stroom",
    "TabelFout",
    "formaat",
    "lees_invoer",
    "lees_stroom",
    "naar_profielgegevens",
    "plat",
    "platte_tabel",
    "schrijf_tabel",
]

#: most rows xlsx can hold (1,048,576 including the header): a property of the format, not a choice
MAX_XLSX_RIJEN = 1_048_575

FORMATEN = {".csv": "csv", ".xlsx": "xlsx", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}
RIJ = "rij"  # row number as the file shows it (spreadsheet row, jsonl line)
CASUS = "casus"  # optional case label, not part of the profile
GEEN = "geen"  # the empty list in a list column
_LEEG = {"geen", "[]"}
_MAX_PERIODES = 50  # as CaseProfile allows
_JA = {"true", "waar", "ja", "1", "yes"}
_NEE = {"false", "onwaar", "nee", "0", "no"}
_MIDDERNACHT = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T]00:00(:00(\.0+)?)?$")
_GEHEEL = re.compile(r"^(-?\d+)\.0+$")
_PERIODE = re.compile(r"^jeugdhulp\.(\d+)\.([a-z_]+)$")


class TabelFout(ValueError):
    """A table that cannot be read or written as a whole (not a bad row)."""


def formaat(pad: Path) -> str:
    """csv, xlsx, jsonl or parquet, by the file's suffix."""
    gevonden = FORMATEN.get(pad.suffix.lower())
    if gevonden is None:
        raise TabelFout(f"{pad}: onbekend bestandstype '{pad.suffix}'; gebruik .csv, .xlsx, .jsonl of .parquet")
    return gevonden


# --- field kinds ------------------------------------------------------------------------


def _kaal(annotatie: Any) -> Any:
    """The bare type of a field: without ``| None`` and without ``Annotated`` validators."""
    if typing.get_origin(annotatie) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotatie) if a is not type(None)]
        annotatie = args[0] if len(args) == 1 else annotatie
    if typing.get_origin(annotatie) is typing.Annotated:
        return typing.get_args(annotatie)[0]
    return annotatie


def _soort(annotatie: Any) -> str:
    """bool, int, date, list (of choices), records (jeugdhulp) or text."""
    t = _kaal(annotatie)
    if t is bool:
        return "bool"
    if t is int:
        return "int"
    if t is dt.date:
        return "date"
    if typing.get_origin(t) is list:
        (item,) = typing.get_args(t)
        return "records" if isinstance(item, type) and not issubclass(item, Enum) else "list"
    return "text"


SOORTEN: dict[str, str] = {naam: _soort(info.annotation) for naam, info in CaseProfile.model_fields.items()}
PERIODE_SOORTEN: dict[str, str] = {naam: _soort(info.annotation) for naam, info in Jeugdhulp.model_fields.items()}
_POLARS = {"bool": pl.Boolean, "int": pl.Int64, "date": pl.Date}


def profielkolommen(periodes: int) -> dict[str, Any]:
    """The flat columns of a profile with ``periodes`` jeugdhulp elements, with polars types."""
    kolommen: dict[str, Any] = {}
    for naam, soort in SOORTEN.items():
        kolommen[naam] = _POLARS.get(soort, pl.String)
        if soort == "records":
            for i in range(periodes):
                for veld, psoort in PERIODE_SOORTEN.items():
                    kolommen[f"{naam}.{i}.{veld}"] = _POLARS.get(psoort, pl.String)
    return kolommen


def kolomfouten(kolommen: Iterable[str]) -> list[str]:
    """Columns that are no profile field, no jeugdhulp element field and not ``casus``."""
    from .diagnostics import suggestie

    bekend = set(SOORTEN) | {CASUS}
    fouten: list[str] = []
    for kolom in kolommen:
        if kolom in bekend:
            continue
        if (m := _PERIODE.match(kolom)) and m.group(2) in PERIODE_SOORTEN:
            if int(m.group(1)) >= _MAX_PERIODES:
                fouten.append(f"kolom '{kolom}': hoogstens {_MAX_PERIODES} jeugdhulpperiodes "
                              f"(0 t/m {_MAX_PERIODES - 1})")
            continue
        kandidaten = [*bekend, *(f"jeugdhulp.0.{v}" for v in PERIODE_SOORTEN)]
        fouten.append(f"onbekende kolom '{kolom}'" + suggestie(kolom, kandidaten))
    return fouten


# --- one row <-> one profile ------------------------------------------------------------


def _cel(waarde: Any, soort: str) -> Any:
    """A cell as the profile reads it; None for empty (unknown)."""
    if waarde is None:
        return None
    tekst = str(waarde).strip()
    if not tekst:
        return None
    if soort == "bool":
        laag = tekst.lower()
        return True if laag in _JA else False if laag in _NEE else tekst
    if soort == "date" and (m := _MIDDERNACHT.match(tekst)):
        return m.group(1)
    if soort == "int" and (m := _GEHEEL.match(tekst)):
        return m.group(1)
    if soort == "list":
        return [] if tekst.lower() in _LEEG else [d.strip() for d in tekst.split(";") if d.strip()]
    return tekst


def naar_profielgegevens(rij: Mapping[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]], list[int]]:
    """A flat row as a profile mapping (for ``laad_profiel``), the errors found while
    unflattening, and per jeugdhulp element its column number (``jeugdhulp.N``)."""
    gegevens: dict[str, Any] = {}
    fouten: list[tuple[str, str]] = []
    periodes: dict[int, dict[str, Any]] = {}
    for kolom, waarde in rij.items():
        if kolom in (CASUS, RIJ):
            continue
        if (m := _PERIODE.match(kolom)) is not None:
            cel = _cel(waarde, PERIODE_SOORTEN.get(m.group(2), "text"))
            if cel is not None:
                periodes.setdefault(int(m.group(1)), {})[m.group(2)] = cel
        elif SOORTEN.get(kolom) == "records":
            _lijstkolom(kolom, waarde, gegevens, fouten)
        elif (cel := _cel(waarde, SOORTEN.get(kolom, "text"))) is not None:
            gegevens[kolom] = cel
    volgorde = sorted(periodes)
    if volgorde:
        if gegevens.get("jeugdhulp") == []:
            fouten.append(("jeugdhulp", f"'{GEEN}' terwijl er jeugdhulpperiodes zijn ingevuld"))
        gegevens["jeugdhulp"] = [periodes[i] for i in volgorde]
    return gegevens, fouten, volgorde


def _lijstkolom(kolom: str, waarde: Any, gegevens: dict[str, Any], fouten: list[tuple[str, str]]) -> None:
    """The column ``jeugdhulp`` itself: only 'geen' (an empty list) or empty."""
    tekst = "" if waarde is None else str(waarde).strip().lower()
    if tekst in _LEEG:
        gegevens[kolom] = []
    elif tekst:
        fouten.append((kolom, f"alleen '{GEEN}' (nooit jeugdhulp) of leeg; periodes gaan in "
                              "de kolommen jeugdhulp.0.vorm, jeugdhulp.0.gestart_op, ..."))


def kolomnaam(veld: str, periodes: list[int]) -> str:
    """A profile error's field path (``jeugdhulp[0].vorm``) as the column it came from."""
    m = re.match(r"^jeugdhulp\[(\d+)\](?:\.(.+))?$", veld)
    if m is None:
        # a value in a ';'-list (vrijstellingen[1]) is reported on its column
        return re.sub(r"\[\d+\]$", "", veld)
    k = int(m.group(1))
    kolom = periodes[k] if k < len(periodes) else k
    return f"jeugdhulp.{kolom}" + (f".{m.group(2)}" if m.group(2) else "")


def _platte_waarde(waarde: Any) -> Any:
    if isinstance(waarde, Enum):
        return waarde.value
    if isinstance(waarde, list):
        return ";".join(str(_platte_waarde(w)) for w in waarde) if waarde else GEEN
    return waarde


def plat(profiel: CaseProfile) -> dict[str, Any]:
    """A profile as one flat row (only the fields it gives)."""
    rij: dict[str, Any] = {}
    for naam in SOORTEN:
        waarde = getattr(profiel, naam)
        if waarde is None:
            continue
        if SOORTEN[naam] == "records":
            if not waarde:
                rij[naam] = GEEN
            for i, element in enumerate(waarde):
                for veld in PERIODE_SOORTEN:
                    if (w := getattr(element, veld)) is not None:
                        rij[f"{naam}.{i}.{veld}"] = _platte_waarde(w)
        else:
            rij[naam] = _platte_waarde(waarde)
    return rij


def platte_tabel(profielen: Iterable[CaseProfile], labels: Iterable[str] | None = None) -> pl.DataFrame:
    """Profiles as a typed table: every profile column (dates as dates, yes/no as booleans),
    jeugdhulp elements up to the longest list, and ``casus`` first when labels are given."""
    rijen = [plat(p) for p in profielen]
    periodes = 0
    for rij in rijen:
        for kolom in rij:
            if (m := _PERIODE.match(kolom)) is not None:
                periodes = max(periodes, int(m.group(1)) + 1)
    schema = profielkolommen(periodes)
    data = {k: [r.get(k) for r in rijen] for k in schema}
    tabel = pl.DataFrame(data, schema=schema)
    if labels is not None:
        tabel = tabel.insert_column(0, pl.Series(CASUS, list(labels), dtype=pl.String))
    return tabel


# --- reading ----------------------------------------------------------------------------


@dataclass
class Invoer:
    """A table read: every cell as text or null, plus the row number column ``rij``."""

    rijen: pl.DataFrame
    #: rows that could not be read at all (a jsonl line that is no JSON object): row -> reason
    leesfouten: dict[int, str] = field(default_factory=dict)

    def __len__(self) -> int:
        return self.rijen.height


def _grootte(pad: Path, soort: str) -> None:
    try:
        if not pad.is_file():
            raise TabelFout(f"{pad}: bestaat niet of is geen bestand")
        grootte = pad.stat().st_size
    except OSError as fout:
        raise TabelFout(f"{pad}: kan bestand niet lezen ({fout.strerror})") from None
    grens = MAX_XLSX_BYTES if soort == "xlsx" else MAX_BESTAND_BYTES
    if grootte > grens:
        raise TabelFout(f"{pad}: bestand is groter dan {grens // 1024**2} MB; splits het op"
                        + (" of gebruik csv of parquet" if soort == "xlsx" else ""))
    if not os.access(pad, os.R_OK):
        raise TabelFout(f"{pad}: geen leesrechten op dit bestand")


def _lees_csv(pad: Path) -> pl.DataFrame:
    with pad.open("rb") as f:
        kop = f.readline()
    try:
        kopregel = kop.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TabelFout(f"{pad}: geen UTF-8; sla het bestand op als 'CSV UTF-8'") from None
    # Excel with Dutch settings writes ';' between the columns
    scheiding = ";" if kopregel.count(";") > kopregel.count(",") else ","
    try:
        return pl.read_csv(pad, infer_schema=False, separator=scheiding, n_rows=MAX_RIJEN + 1,
                           raise_if_empty=False, encoding="utf8")
    except (pl.exceptions.PolarsError, UnicodeDecodeError) as fout:
        if "utf-8" in str(fout).lower() or isinstance(fout, UnicodeDecodeError):
            raise TabelFout(f"{pad}: geen UTF-8; sla het bestand op als 'CSV UTF-8'") from None
        raise TabelFout(f"{pad}: geen leesbare csv ({_kort(fout)})") from None


def _lees_xlsx(pad: Path) -> pl.DataFrame:
    import fastexcel

    try:
        werkboek = fastexcel.read_excel(str(pad))
        blad = werkboek.load_sheet(0, dtypes="string", n_rows=MAX_RIJEN + 1)
        tabel = blad.to_polars()
    except Exception as fout:  # fastexcel raises its own error types for broken files
        raise TabelFout(f"{pad}: geen leesbaar xlsx-bestand ({_kort(fout)})") from None
    # a date cell reads as '2008-05-01 00:00:00': keep the date, as the other formats give it
    return tabel.with_columns(pl.all().cast(pl.String).str.replace(r"^(\d{4}-\d{2}-\d{2})[ T]00:00:00(\.0+)?$", "$1"))


def _geen_geneste(pad: Path, schema: Any) -> None:
    """A list or struct column has no flat profile field to go to."""
    geneste = [k for k, t in schema.items() if t.is_nested()]
    if geneste:
        raise TabelFout(f"{pad}: kolom '{geneste[0]}' is een lijst of struct; gebruik de platte vorm "
                        "(jeugdhulp.0.vorm, vrijstellingen als 'a;b')")


def _lees_parquet(pad: Path) -> pl.DataFrame:
    try:
        schema = pl.read_parquet_schema(pad)
    except (pl.exceptions.PolarsError, OSError) as fout:
        raise TabelFout(f"{pad}: geen leesbaar parquet-bestand ({_kort(fout)})") from None
    _geen_geneste(pad, schema)
    try:
        tabel = pl.read_parquet(pad, n_rows=MAX_RIJEN + 1)
    except (pl.exceptions.PolarsError, OSError) as fout:
        raise TabelFout(f"{pad}: geen leesbaar parquet-bestand ({_kort(fout)})") from None
    return tabel.with_columns(pl.all().cast(pl.String))


def _tekst(waarde: Any) -> str | None:
    if waarde is None:
        return None
    if isinstance(waarde, bool):
        return "true" if waarde else "false"
    return str(waarde)


def _plat_json(object_: Mapping[str, Any]) -> dict[str, str | None]:
    """A jsonl object (nested lists allowed) in the flat form, every value as text."""
    rij: dict[str, str | None] = {}
    for sleutel, waarde in object_.items():
        if isinstance(waarde, list) and sleutel == "jeugdhulp":
            if not waarde:
                rij[sleutel] = GEEN
            for i, element in enumerate(waarde):
                if not isinstance(element, dict):
                    raise ValueError(f"{sleutel}[{i}] is geen object")
                for veld, w in element.items():
                    rij[f"{sleutel}.{i}.{veld}"] = _tekst(w)
        elif isinstance(waarde, list):
            rij[sleutel] = ";".join(str(_tekst(w)) for w in waarde) if waarde else GEEN
        elif isinstance(waarde, dict):
            raise ValueError(f"{sleutel} is een object; alleen jeugdhulp is een lijst van objecten")
        else:
            rij[sleutel] = _tekst(waarde)
    return rij


def _lees_jsonl(pad: Path) -> tuple[pl.DataFrame, dict[int, str]]:
    rijen: list[dict[str, str | None]] = []
    nummers: list[int] = []
    fouten: dict[int, str] = {}
    try:
        with pad.open(encoding="utf-8-sig") as f:
            for nummer, regel in enumerate(f, start=1):
                if not regel.strip():
                    continue
                if len(rijen) + len(fouten) > MAX_RIJEN:
                    break
                try:
                    object_ = json.loads(regel)
                    if not isinstance(object_, dict):
                        raise ValueError("geen JSON-object (veld: waarde)")
                    rijen.append(_plat_json(object_))
                except json.JSONDecodeError as fout:
                    fouten[nummer] = f"geen geldige JSON (kolom {fout.colno}): {fout.msg}"
                    rijen.append({})
                except (ValueError, RecursionError) as fout:
                    fouten[nummer] = str(fout)
                    rijen.append({})
                nummers.append(nummer)
    except UnicodeDecodeError:
        raise TabelFout(f"{pad}: geen UTF-8") from None
    except OSError as fout:
        raise TabelFout(f"{pad}: kan bestand niet lezen ({fout.strerror})") from None
    kolommen: dict[str, None] = {}
    for rij in rijen:
        kolommen.update(dict.fromkeys(rij))
    data = {k: [r.get(k) for r in rijen] for k in kolommen}
    tabel = pl.DataFrame(data, schema=dict.fromkeys(kolommen, pl.String))
    return tabel.with_columns(pl.Series(RIJ, nummers, dtype=pl.Int64)), fouten


def _kort(fout: BaseException) -> str:
    return str(fout).strip().splitlines()[0][:200] if str(fout).strip() else type(fout).__name__


def lees_invoer(pad: Path) -> Invoer:
    """Read a table of case profiles; :class:`TabelFout` when the file as a whole is unusable."""
    soort = formaat(pad)
    _grootte(pad, soort)
    leesfouten: dict[int, str] = {}
    if soort == "jsonl":
        tabel, leesfouten = _lees_jsonl(pad)
    else:
        tabel = {"csv": _lees_csv, "xlsx": _lees_xlsx, "parquet": _lees_parquet}[soort](pad)
        # the row number as a spreadsheet shows it (the header is row 1); parquet counts from 1
        tabel = tabel.with_row_index(RIJ, offset=2 if soort in ("csv", "xlsx") else 1).with_columns(
            pl.col(RIJ).cast(pl.Int64))
    if tabel.height > MAX_RIJEN:
        raise TabelFout(f"{pad}: meer dan {MAX_RIJEN:_} rijen; splits het bestand op".replace("_", "."))
    if tabel.width > MAX_KOLOMMEN + 1:
        raise TabelFout(f"{pad}: meer dan {MAX_KOLOMMEN} kolommen")
    lege = [k for k in tabel.columns if not k.strip() or k.startswith("__UNNAMED")]
    if lege:
        raise TabelFout(f"{pad}: een kolom zonder naam; geef elke kolom een veldnaam in de eerste rij")
    fouten = kolomfouten(k for k in tabel.columns if k != RIJ)
    if fouten:
        rest = f" (en nog {len(fouten) - 10})" if len(fouten) > 10 else ""
        raise TabelFout(f"{pad}: " + "; ".join(fouten[:10]) + rest)
    # a row that is empty in every column is a spacer, not a case
    gegevens = [k for k in tabel.columns if k != RIJ]
    if gegevens:
        leeg = pl.all_horizontal(pl.col(gegevens).is_null() | (pl.col(gegevens).str.strip_chars() == ""))
        nummers_fout = list(leesfouten)
        tabel = tabel.filter(~leeg | pl.col(RIJ).is_in(nummers_fout))
    return Invoer(tabel, leesfouten)


# --- reading in parts --------------------------------------------------------------------


@dataclass
class Stroom:
    """A table read part by part, so a file of a million cases never sits in memory as text
    at once. The checks on the file as a whole (size, columns, number of rows) are done when
    it is opened, as :func:`lees_invoer` does them; the parts have the same rows, row numbers
    and read errors as :func:`lees_invoer` gives."""

    #: rows in the file (a completely empty row included: it is skipped when read)
    aantal: int
    _delen: typing.Callable[[int], typing.Iterator[Invoer]]

    def __len__(self) -> int:
        return self.aantal

    def delen(self, grootte: int) -> typing.Iterator[Invoer]:
        """The cases in parts of about ``grootte`` rows, in order."""
        return self._delen(grootte)


def _lui_geheel(invoer: Invoer) -> Stroom:
    def delen(grootte: int) -> typing.Iterator[Invoer]:
        for start in range(0, len(invoer), grootte):
            deel = invoer.rijen.slice(start, grootte)
            nummers = set(deel[RIJ].to_list()) if invoer.leesfouten else set()
            yield Invoer(deel, {n: r for n, r in invoer.leesfouten.items() if n in nummers})

    return Stroom(len(invoer), delen)


def _controleer_kolommen(pad: Path, kolommen: list[str]) -> None:
    if len(kolommen) > MAX_KOLOMMEN:
        raise TabelFout(f"{pad}: meer dan {MAX_KOLOMMEN} kolommen")
    if any(not k.strip() or k.startswith("__UNNAMED") for k in kolommen):
        raise TabelFout(f"{pad}: een kolom zonder naam; geef elke kolom een veldnaam in de eerste rij")
    fouten = kolomfouten(kolommen)
    if fouten:
        rest = f" (en nog {len(fouten) - 10})" if len(fouten) > 10 else ""
        raise TabelFout(f"{pad}: " + "; ".join(fouten[:10]) + rest)


def _zonder_lege_rijen(tabel: pl.DataFrame) -> pl.DataFrame:
    """Without the rows that are empty in every column: a spacer is not a case."""
    kolommen = [k for k in tabel.columns if k != RIJ]
    if not kolommen or not tabel.height:
        return tabel
    leeg = pl.all_horizontal(pl.col(kolommen).is_null() | (pl.col(kolommen).str.strip_chars() == ""))
    return tabel.filter(~leeg)


#: bytes of csv parsed at a time (about 25,000 rows of a synthetic population)
CSV_BLOK_BYTES = 4 * 1024**2


def _csv_fout(pad: Path, fout: BaseException) -> TabelFout:
    if isinstance(fout, UnicodeDecodeError) or "utf-8" in str(fout).lower() or "utf8" in str(fout).lower():
        return TabelFout(f"{pad}: geen UTF-8; sla het bestand op als 'CSV UTF-8'")
    return TabelFout(f"{pad}: geen leesbare csv ({_kort(fout)})")


def _csv_stukken(pad: Path) -> typing.Iterator[pl.DataFrame]:
    """The csv parsed in blocks of whole records: a block ends at a line break outside quotes
    (an even number of quote characters before it), so a quoted cell with a line break in it
    stays whole."""
    with pad.open("rb") as f:
        kop = f.readline()
        kop = kop.removeprefix(b"\xef\xbb\xbf").rstrip(b"\r\n") + b"\n"
        scheiding = ";" if kop.count(b";") > kop.count(b",") else ","
        rest = b""
        while True:
            data = f.read(CSV_BLOK_BYTES)
            buffer = rest + data
            if not data:
                snede = len(buffer)
            else:
                snede = buffer.rfind(b"\n") + 1
                while snede > 0 and buffer.count(b'"', 0, snede) % 2:
                    snede = buffer.rfind(b"\n", 0, snede - 1) + 1
                if snede == 0:
                    rest = buffer
                    continue
            stuk, rest = buffer[:snede], buffer[snede:]
            if stuk.strip():
                try:
                    yield pl.read_csv(kop + stuk, infer_schema=False, separator=scheiding, raise_if_empty=False,
                                      encoding="utf8")
                except (pl.exceptions.PolarsError, UnicodeDecodeError) as fout:
                    raise _csv_fout(pad, fout) from None
            if not data:
                return


def _csv_openen(pad: Path) -> tuple[int, list[str]]:
    """The number of rows and the columns of a csv, without parsing every row."""
    with pad.open("rb") as f:
        kop = f.readline()
    try:
        kop.decode("utf-8-sig")
        scheiding = ";" if kop.count(b";") > kop.count(b",") else ","
        kolommen = pl.read_csv(kop.removeprefix(b"\xef\xbb\xbf"), infer_schema=False, separator=scheiding,
                               n_rows=0, raise_if_empty=False).columns
        aantal = int(pl.scan_csv(pad, infer_schema=False, separator=scheiding, raise_if_empty=False,
                                 encoding="utf8").select(pl.len()).collect().item())
    except (pl.exceptions.PolarsError, UnicodeDecodeError) as fout:
        raise _csv_fout(pad, fout) from None
    return aantal, kolommen


def _parquet_openen(pad: Path) -> tuple[int, list[str]]:
    try:
        schema = pl.read_parquet_schema(pad)
        aantal = int(pl.scan_parquet(pad).select(pl.len()).collect().item())
    except (pl.exceptions.PolarsError, OSError) as fout:
        raise TabelFout(f"{pad}: geen leesbaar parquet-bestand ({_kort(fout)})") from None
    _geen_geneste(pad, schema)
    return aantal, list(schema)


def _parquet_stukken(pad: Path, aantal: int, grootte: int) -> typing.Iterator[pl.DataFrame]:
    lui = pl.scan_parquet(pad)
    for begin in range(0, aantal, grootte):
        try:
            yield lui.slice(begin, grootte).with_columns(pl.all().cast(pl.String)).collect()
        except (pl.exceptions.PolarsError, OSError) as fout:
            raise TabelFout(f"{pad}: geen leesbaar parquet-bestand ({_kort(fout)})") from None


def lees_stroom(pad: Path) -> Stroom:
    """Open a table of case profiles to read in parts: csv and parquet are streamed, xlsx and
    jsonl (bounded by their size limits) are read whole. :class:`TabelFout` as
    :func:`lees_invoer`."""
    soort = formaat(pad)
    _grootte(pad, soort)
    if soort in ("xlsx", "jsonl"):
        return _lui_geheel(lees_invoer(pad))
    aantal, kolommen = _csv_openen(pad) if soort == "csv" else _parquet_openen(pad)
    if aantal > MAX_RIJEN:
        raise TabelFout(f"{pad}: meer dan {MAX_RIJEN:_} rijen; splits het bestand op".replace("_", "."))
    _controleer_kolommen(pad, kolommen)
    begin = 2 if soort == "csv" else 1  # as lees_invoer numbers the rows

    def delen(grootte: int) -> typing.Iterator[Invoer]:
        nummer = begin
        stukken = _csv_stukken(pad) if soort == "csv" else _parquet_stukken(pad, aantal, grootte)
        for stuk in stukken:
            stuk = stuk.with_row_index(RIJ, offset=nummer).with_columns(pl.col(RIJ).cast(pl.Int64))
            nummer += stuk.height
            stuk = _zonder_lege_rijen(stuk)
            if stuk.height:
                yield Invoer(stuk)

    return Stroom(aantal, delen)


# --- writing ----------------------------------------------------------------------------


def _schrijf(tabel: pl.DataFrame, pad: Path, soort: str, bladen: Mapping[str, pl.DataFrame] | None = None,
             hoofdblad: str = "gevallen") -> None:
    if soort == "csv":
        tabel.write_csv(pad)
    elif soort == "jsonl":
        tabel.write_ndjson(pad)
    elif soort == "parquet":
        tabel.write_parquet(pad)
    else:
        if tabel.height > MAX_XLSX_RIJEN:
            raise TabelFout(f"xlsx kan hoogstens {MAX_XLSX_RIJEN} rijen bevatten; kies .csv of .parquet")
        import xlsxwriter  # type: ignore[import-untyped]

        with xlsxwriter.Workbook(str(pad)) as werkboek:
            tabel.write_excel(werkboek, worksheet=hoofdblad, autofit=tabel.height <= 20_000,
                              freeze_panes=(1, 0), dtype_formats={pl.Date: "yyyy-mm-dd"})
            for naam, blad in (bladen or {}).items():
                blad.write_excel(werkboek, worksheet=naam, autofit=True)


def schrijf_tabel(tabel: pl.DataFrame, pad: Path, bladen: Mapping[str, pl.DataFrame] | None = None,
                  hoofdblad: str = "gevallen") -> None:
    """Write ``tabel`` whole (via a temporary file renamed at the end); xlsx names its sheet
    ``hoofdblad`` and gets ``bladen`` as extra sheets."""
    with Schrijver(pad, bladen=bladen, hoofdblad=hoofdblad) as schrijver:
        schrijver.schrijf(tabel)


def _als_tekst(tabel: pl.LazyFrame) -> pl.LazyFrame:
    import polars.selectors as cs

    return tabel.with_columns(cs.enum().cast(pl.String))


class Schrijver:
    """Write a table in chunks to a temporary file beside ``pad``, renamed to ``pad`` only when
    everything is written: an interrupted run leaves no half-written file. csv and jsonl are
    streamed chunk by chunk; parquet chunks go to hidden part files that are streamed into
    one file at the end (memory stays bounded); xlsx is assembled and written at the end.
    An enum column (the batch's statuses) is written as its text in csv, jsonl and xlsx, and
    stays an enum in parquet (a dictionary-encoded text column: the text values, a byte each)."""

    def __init__(self, pad: Path, *, bladen: Mapping[str, pl.DataFrame] | None = None,
                 hoofdblad: str = "gevallen") -> None:
        self.pad = pad
        self.soort = formaat(pad)
        self.bladen = bladen
        self.hoofdblad = hoofdblad
        if not pad.parent.is_dir():
            raise TabelFout(f"{pad}: map '{pad.parent}' bestaat niet")
        if pad.is_dir():
            raise TabelFout(f"{pad}: is een map")
        self.tijdelijk = pad.with_name(f".{pad.name}.{os.getpid()}.deel")
        self._delen: list[pl.DataFrame] = []
        self._stukken: list[Path] = []
        self._grootste_stuk = 1  # rows in the largest part: the row group size of the joined file
        self._stroom: typing.BinaryIO | None = None
        self._kop = True

    def __enter__(self) -> Schrijver:
        try:
            if self.soort in ("csv", "jsonl"):
                self._stroom = self.tijdelijk.open("wb")
            else:
                self.tijdelijk.touch()
        except OSError as fout:
            raise TabelFout(f"{self.pad}: kan niet schrijven in '{self.pad.parent}' ({fout.strerror})") from None
        return self

    def schrijf(self, deel: pl.DataFrame) -> None:
        if self.soort == "parquet":
            stuk = self.tijdelijk.with_name(f"{self.tijdelijk.name}.{len(self._stukken)}")
            self._stukken.append(stuk)
            deel.write_parquet(stuk, compression="lz4")  # read once more at the end: the fast codec
            self._grootste_stuk = max(self._grootste_stuk, deel.height)
        elif self._stroom is None:
            self._delen.append(deel)
        elif self.soort == "csv":
            deel.write_csv(self._stroom, include_header=self._kop)
            self._kop = False
        else:
            deel.write_ndjson(self._stroom)

    def __exit__(self, soort: type[BaseException] | None, *_: object) -> None:
        try:
            if self._stroom is not None:
                self._stroom.close()
            if soort is None:
                if self._stukken:
                    # row groups of a chunk's size: the join holds one at a time, however long the file
                    pl.scan_parquet(self._stukken).sink_parquet(self.tijdelijk, engine="streaming",
                                                                row_group_size=self._grootste_stuk)
                elif self._stroom is None:
                    tabel = pl.concat(self._delen, how="vertical") if self._delen else pl.DataFrame()
                    tabel = _als_tekst(tabel.lazy()).collect()
                    _schrijf(tabel, self.tijdelijk, self.soort, self.bladen, self.hoofdblad)
                os.replace(self.tijdelijk, self.pad)
        finally:
            self.tijdelijk.unlink(missing_ok=True)
            for stuk in self._stukken:
                stuk.unlink(missing_ok=True)
