"""Many case profiles at once: a table in, one result row per case out.

The work is cut into chunks (:class:`Blok`) and every chunk goes through one *evaluator*
function, ``(engine, opdracht, blok) -> BlokUitkomst``. :func:`evalueer_blok` evaluates case
by case with :meth:`Engine.evaluate`; a columnar evaluator (the issue "Fast enough for a whole
country") can replace it without touching the reading, the worker pool or the writing.

Case by case, chunks run in worker processes (durable-rules holds the GIL, so threads would
not help), each with its own :class:`~regelruimte.engine.Engine`; the columnar evaluator's
chunks run in threads of this process, sharing one engine (numpy and polars release the
GIL). Results come back in input order, so the output is the same whatever the number of
processes or threads. Nothing about a case is logged: an invalid row is reported by row
number, field and reason, never with its value.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import multiprocessing
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from .advies import Advies
from .engine import BuitenDekking, Engine, bevries_opgewarmd
from .proces import beschikbare_kernen
from .profile import ProfielFout, laad_profiel, samenhang_fouten
from .spec import Soort
from .tabel import CASUS, RIJ, Invoer, Stroom, kolomnaam, naar_profielgegevens

__all__ = [
    "BLOKGROOTTE",
    "Blok",
    "BlokUitkomst",
    "Evaluator",
    "Opdracht",
    "RijFout",
    "evalueer_blok",
    "evalueer_tabel",
    "item_kolommen",
    "kies_evaluator",
    "uitvoerschema",
]

#: cases per chunk: about a second of work, small enough for a smooth progress bar and
#: for Ctrl-C to stop within a second or two
BLOKGROOTTE = 200
_SECTIES = (Soort.regime, Soort.route, Soort.maatwerk, Soort.signaal, Soort.beleid)

# result columns before the items
PEILDATUM = "peildatum"
WETDATUM = "wetdatum"
FOUT = "fout"
VRAGEN = "vragen"
#: the statuses as a file holds them: text in csv, jsonl and xlsx, this enum in parquet (see tabel.Schrijver)
STATUS = pl.Enum(["niet_van_toepassing", "onbepaald", "van_toepassing"])


@dataclass(frozen=True)
class Opdracht:
    """What to evaluate with: the rule directory, the backend and the dates (picklable, so
    every worker builds the same engine)."""

    regels: str
    backend: str | None = None  # None: REGELRUIMTE_BACKEND, else auto
    #: overrides every row's peildatum; None: the row's own, else today
    peildatum: dt.date | None = None
    #: the law's date (see Engine.evaluate); None: the peildatum
    wetdatum: dt.date | None = None
    #: workers take the compiled rules from the cache on disk (Engine.from_directory(cache=))
    cache: bool = False


@dataclass(frozen=True)
class Blok:
    """A chunk of input rows: flat profile columns as text, with ``rij`` (row number)."""

    rijen: pl.DataFrame
    #: rows that could not be read at all: row number -> reason
    leesfouten: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RijFout:
    rij: int
    veld: str
    reden: str

    def __str__(self) -> str:
        return f"rij {self.rij}: {self.veld + ': ' if self.veld else ''}{self.reden}"


@dataclass
class BlokUitkomst:
    """One result row per input row (columns: :func:`uitvoerschema`) and the rows' errors."""

    uitvoer: pl.DataFrame
    fouten: list[RijFout]
    #: rows the columnar evaluator handed to the per-case path (see regelruimte.kolom)
    per_geval: int = 0
    #: why the columnar evaluator could not evaluate (part of) this chunk itself, if so
    terugval: str | None = None


Evaluator = Callable[[Engine, Opdracht, Blok], BlokUitkomst]


def item_kolommen(engine: Engine) -> list[tuple[str, Soort, str]]:
    """Every advice item of the rule base (any epoch): id, section and title, by section and
    then in rule-file order. These are the status columns of a result table."""
    gezien: dict[str, tuple[str, Soort, str, dt.date]] = {}
    for versie in engine.bank.versies:
        soort = versie.spec.soort
        if soort not in _SECTIES:
            continue
        bekend = gezien.get(versie.id)
        if bekend is None or versie.vanaf > bekend[3]:  # the newest version's title
            gezien[versie.id] = (versie.id, soort, versie.spec.titel, versie.vanaf)
    items = list(gezien.values())
    return [(i, s, t) for i, s, t, _ in sorted(items, key=lambda x: _SECTIES.index(x[1]))]


def uitvoerschema(engine: Engine) -> dict[str, Any]:
    """The columns of a result table, in order, with their polars types."""
    schema: dict[str, Any] = {RIJ: pl.Int64, CASUS: pl.String, PEILDATUM: pl.Date, WETDATUM: pl.Date,
                              FOUT: pl.String}
    for item_id, _, _ in item_kolommen(engine):
        schema[item_id] = pl.String
    schema[VRAGEN] = pl.String
    return schema


def _statussen(advies: Advies) -> dict[str, str]:
    return {item.id: item.status.value
            for sectie in (advies.regimes, advies.routes, advies.maatwerk, advies.signalen, advies.beleid)
            for item in sectie}


def _beoordeel(engine: Engine, opdracht: Opdracht, rij: dict[str, Any], leesfout: str | None
               ) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """One row: its result columns, or its errors (field, reason without the value)."""
    uit: dict[str, Any] = {RIJ: rij[RIJ], CASUS: rij.get(CASUS)}
    if leesfout is not None:
        return uit, [("", leesfout)]
    gegevens, fouten, periodes = naar_profielgegevens(rij)
    if fouten:
        return uit, fouten
    try:
        profiel = laad_profiel(gegevens, samenhang=False)
        datum = opdracht.peildatum or profiel.peildatum or dt.date.today()
        samenhang = samenhang_fouten(profiel, datum)
        if samenhang:
            return uit, [(kolomnaam(f.veld, periodes), f.reden) for f in samenhang]
        # statuses and questions only: the trace is never written, so it is not built
        advies = engine.evaluate(profiel, datum, alles=True, wetdatum=opdracht.wetdatum, trace=False)
    except ProfielFout as fout:
        return uit, [(kolomnaam(v, periodes), r) for v, r in fout.fouten]
    except BuitenDekking as fout:
        wat = WETDATUM if opdracht.wetdatum else PEILDATUM
        return uit, [(wat, f"valt vóór de dekking van de regelbank (vanaf {fout.vanaf.isoformat()})")]
    uit[PEILDATUM] = advies.ontvangst.peildatum
    uit[WETDATUM] = advies.ontvangst.wetdatum
    uit.update(_statussen(advies))
    uit[VRAGEN] = ";".join(v.feit for v in advies.vragen)
    return uit, []


def evalueer_blok(engine: Engine, opdracht: Opdracht, blok: Blok) -> BlokUitkomst:
    """The case-by-case evaluator: each row through :meth:`Engine.evaluate`."""
    schema = uitvoerschema(engine)
    rijen: list[dict[str, Any]] = []
    fouten: list[RijFout] = []
    for rij in blok.rijen.iter_rows(named=True):
        uit, rijfouten = _beoordeel(engine, opdracht, rij, blok.leesfouten.get(rij[RIJ]))
        if rijfouten:
            uit[FOUT] = "; ".join(f"{v}: {r}" if v else r for v, r in rijfouten)
            fouten.extend(RijFout(rij[RIJ], v, r) for v, r in rijfouten)
        rijen.append(uit)
    data = {k: [r.get(k) for r in rijen] for k in schema}
    return BlokUitkomst(pl.DataFrame(data, schema=schema), fouten)


# --- running chunks, in this process or in a pool of workers -----------------------------


_ENGINES: dict[tuple[str, str | None], Engine] = {}
_ENGINES_SLOT = threading.Lock()


def maak_engine(opdracht: Opdracht, engine: Engine | None = None) -> Engine:
    """The engine of an opdracht; one per process, rule directory and backend (also when
    threads ask at once). ``engine``: use this one (already built by the caller) for the
    opdracht in this process."""
    sleutel = (opdracht.regels, opdracht.backend)
    with _ENGINES_SLOT:
        if engine is not None:
            _ENGINES[sleutel] = engine
        gevonden = _ENGINES.get(sleutel)
        if gevonden is None:
            gevonden = _ENGINES[sleutel] = Engine.from_directory(opdracht.regels, backend=opdracht.backend,
                                                                 cache=opdracht.cache)
        return gevonden


def _werker_start() -> None:
    # Ctrl-C goes to the whole process group: the main process stops the run, workers finish
    # their chunk quietly instead of each printing a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _werk(evaluator: Evaluator, opdracht: Opdracht, blok: Blok) -> BlokUitkomst:
    """One chunk in a worker process; the worker lives as long as the batch, so once its
    engine is built the garbage collector stops walking it (gc.freeze)."""
    nieuw = (opdracht.regels, opdracht.backend) not in _ENGINES
    engine = maak_engine(opdracht)
    if nieuw:
        bevries_opgewarmd()
    return evaluator(engine, opdracht, blok)


def _als_tekst(uitkomst: BlokUitkomst) -> BlokUitkomst:
    """The result columns with the types of :func:`uitvoerschema`: an evaluator may send the
    statuses as an enum (a byte per cell, cheaper to move between processes)."""
    import polars.selectors as cs

    if not any(isinstance(t, pl.Enum) for t in uitkomst.uitvoer.dtypes):
        return uitkomst
    return dataclasses.replace(uitkomst, uitvoer=uitkomst.uitvoer.with_columns(cs.enum().cast(pl.String)))


def blokken(invoer: Invoer | Stroom, grootte: int = BLOKGROOTTE) -> Iterator[Blok]:
    for geheel in invoer.delen(grootte) if isinstance(invoer, Stroom) else [invoer]:
        for start in range(0, len(geheel), grootte):
            deel = geheel.rijen.slice(start, grootte)
            nummers = set(deel[RIJ].to_list()) if geheel.leesfouten else set()
            yield Blok(deel, {n: r for n, r in geheel.leesfouten.items() if n in nummers})


def in_draden(evaluator: Evaluator) -> bool:
    """Whether chunks of ``evaluator`` run in threads of this process rather than in worker
    processes: the columnar evaluator spends its time in numpy and polars, which release the
    GIL, so threads share one engine and one copy of the rules; the per-case evaluator runs
    durable-rules and pydantic under the GIL and needs processes."""
    from .kolom import evalueer_blok_kolom

    return evaluator is evalueer_blok_kolom


def evalueer_tabel(invoer: Invoer | Stroom, opdracht: Opdracht, *, processen: int | None = None,
                   evaluator: Evaluator = evalueer_blok,
                   na_blok: Callable[[int], None] | None = None, grootte: int = BLOKGROOTTE,
                   draden: bool | None = None, als_tekst: bool = True) -> Iterator[BlokUitkomst]:
    """Evaluate every row of ``invoer``; yields the chunks' results in input order.

    ``processen``: how many chunks run at once (default: every core; never more than there
    are chunks); 1 runs in this process. They run in worker processes, each with its own
    engine, or with ``draden`` in threads of this process sharing its engine (default:
    :func:`in_draden`). ``na_blok(n)`` is called after each chunk with its number of rows.
    ``grootte``: rows per chunk (the columnar evaluator wants larger chunks than the per-case
    one). ``als_tekst``: statuses as text (else as the enum an evaluator may send; a
    :class:`~regelruimte.tabel.Schrijver` writes either as text).
    On KeyboardInterrupt the pool is stopped (running chunks finish, queued ones are dropped)
    and the interrupt goes on to the caller.
    """
    tekst = _als_tekst if als_tekst else _zelfde
    aantal_blokken = -(-len(invoer) // grootte)
    processen = max(1, min(processen or beschikbare_kernen(), aantal_blokken))
    if processen == 1:
        engine = maak_engine(opdracht)
        for blok in blokken(invoer, grootte):
            uitkomst = tekst(evaluator(engine, opdracht, blok))
            if na_blok:
                na_blok(blok.rijen.height)
            yield uitkomst
        return
    pool, opgeven, rij_lengte = _pool(evaluator, opdracht, processen,
                                      in_draden(evaluator) if draden is None else draden)
    try:
        wachtrij: deque[Future[BlokUitkomst]] = deque()
        stroom = blokken(invoer, grootte)
        for blok in stroom:
            wachtrij.append(opgeven(blok))
            if len(wachtrij) >= rij_lengte:  # bounded: memory stays flat on large inputs
                break
        while wachtrij:
            uitkomst = tekst(wachtrij.popleft().result())
            volgend = next(stroom, None)
            if volgend is not None:
                wachtrij.append(opgeven(volgend))
            if na_blok:
                na_blok(uitkomst.uitvoer.height)
            yield uitkomst
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _pool(evaluator: Evaluator, opdracht: Opdracht, processen: int, draden: bool
          ) -> tuple[Executor, Callable[[Blok], Future[BlokUitkomst]], int]:
    """The pool, how a chunk is handed to it, and how many chunks may wait in it."""
    if draden:
        engine = maak_engine(opdracht)
        threads = ThreadPoolExecutor(max_workers=processen, thread_name_prefix="regelruimte-batch")
        # the next chunk is read while the results of one are written: no chunk needs to wait
        return threads, lambda blok: threads.submit(evaluator, engine, opdracht, blok), processen
    # spawn: a fresh interpreter per worker, nothing of this process's durable-rules state
    context = multiprocessing.get_context("spawn")
    workers = ProcessPoolExecutor(max_workers=processen, mp_context=context, initializer=_werker_start)
    return workers, lambda blok: workers.submit(_werk, evaluator, opdracht, blok), 2 * processen


def _zelfde(uitkomst: BlokUitkomst) -> BlokUitkomst:
    return uitkomst


# --- the command ------------------------------------------------------------------------

#: invalid rows printed on the terminal; all of them are in the output's 'fout' column
MAX_GETOONDE_FOUTEN = 30


def toelichting(engine: Engine) -> pl.DataFrame:
    """The item columns explained: id, section and title (an extra xlsx sheet)."""
    items = item_kolommen(engine)
    return pl.DataFrame({"kolom": [i for i, _, _ in items], "soort": [s.value for _, s, _ in items],
                         "titel": [t for _, _, t in items]})


def kies_evaluator(per_geval: bool) -> tuple[Evaluator, int, str]:
    """The evaluator of ``regelruimte batch``, its chunk size and its name: the columnar
    path (regelruimte.kolom) unless ``per_geval`` asks for Engine.evaluate case by case.
    Both give the same output."""
    if per_geval:
        return evalueer_blok, BLOKGROOTTE, "per geval"
    from .kolom import KOLOM_BLOKGROOTTE, evalueer_blok_kolom

    return evalueer_blok_kolom, KOLOM_BLOKGROOTTE, "kolomsgewijs"


def voer_uit(invoerpad: Path, uitvoerpad: Path, opdracht: Opdracht, *, processen: int | None,
             console: Any, engine: Engine | Callable[[], Engine] | None = None,
             evaluator: Evaluator | None = None, per_geval: bool = False) -> int:
    """``regelruimte batch``: read, evaluate, write. Returns the exit code (0 all rows
    evaluated, 1 some rows invalid: the output is complete all the same). ``engine`` (or a
    function building it, called once the input has been read) is used in this process.
    ``evaluator``: the chunk evaluator (default: :func:`kies_evaluator`)."""
    import time

    from .tabel import MAX_XLSX_RIJEN, Schrijver, formaat, lees_stroom
    from .voortgang import voortgang

    if invoerpad.resolve() == uitvoerpad.resolve():
        raise ValueError("het uitvoerbestand is het invoerbestand; kies een ander --uit")
    formaat(uitvoerpad)
    if evaluator is None:
        evaluator, grootte, wijze = kies_evaluator(per_geval)
    else:
        grootte, wijze = BLOKGROOTTE, getattr(evaluator, "__name__", "eigen evaluator")
    invoer = lees_stroom(invoerpad)
    if formaat(uitvoerpad) == "xlsx" and len(invoer) > MAX_XLSX_RIJEN:
        raise ValueError(f"xlsx kan hoogstens {MAX_XLSX_RIJEN} rijen bevatten; kies .csv of .parquet")
    engine = maak_engine(opdracht, engine() if callable(engine) else engine)
    begin = time.monotonic()
    verslag = _Verslag(console)
    items = [i for i, _, _ in item_kolommen(engine)]
    with Schrijver(uitvoerpad, bladen={"kolommen": toelichting(engine)}) as schrijver, \
            voortgang(len(invoer), "Beoordelen", console) as stap:
        # the statuses stay one byte each until the writer writes them as text
        for uitkomst in evalueer_tabel(invoer, opdracht, processen=processen, evaluator=evaluator, na_blok=stap,
                                       grootte=grootte, als_tekst=False):
            schrijver.schrijf(_met_status(uitkomst.uitvoer, items))
            verslag.blok(uitkomst)
        if not verslag.aantal:  # no cases: still the columns, so the output reads as a table
            schrijver.schrijf(_met_status(pl.DataFrame(schema=uitvoerschema(engine)), items))
    verslag.slot(uitvoerpad, time.monotonic() - begin, wijze)
    return 1 if verslag.fout else 0


def _met_status(tabel: pl.DataFrame, items: list[str]) -> pl.DataFrame:
    """The statuses as :data:`STATUS`, so either evaluator writes the same file (the columnar
    one sends them so already)."""
    schema = tabel.schema  # built anew on every access: once, not once per item
    tekst = [i for i in items if schema.get(i) == pl.String]
    return tabel.with_columns(pl.col(tekst).cast(STATUS)) if tekst else tabel


@dataclass
class _Verslag:
    """What the batch tells on the terminal: invalid rows as they come, one line at the end."""

    console: Any
    aantal: int = 0
    fout: int = 0
    getoond: int = 0
    #: valid rows the columnar path handed to the per-case path, and why whole chunks went
    apart: int = 0
    terugval: set[str] = field(default_factory=set)

    def blok(self, uitkomst: BlokUitkomst) -> None:
        self.aantal += uitkomst.uitvoer.height
        rijen_fout = {f.rij for f in uitkomst.fouten}
        self.fout += len(rijen_fout)
        self.apart += max(0, uitkomst.per_geval - len(rijen_fout))
        if uitkomst.terugval:
            self.terugval.add(uitkomst.terugval)
        for fout in uitkomst.fouten:
            if self.getoond < MAX_GETOONDE_FOUTEN:
                self.console.print(f"ongeldig: {fout}", style="yellow", highlight=False, markup=False)
            self.getoond += 1

    def slot(self, uitvoerpad: Path, duur: float, wijze: str) -> None:
        print_ = functools.partial(self.console.print, highlight=False, markup=False)
        if self.getoond > MAX_GETOONDE_FOUTEN:
            print_(f"… en nog {self.getoond - MAX_GETOONDE_FOUTEN} fout(en): zie de kolom '{FOUT}' in {uitvoerpad}")
        for reden in sorted(self.terugval):
            print_(f"per geval beoordeeld (niet kolomsgewijs te doen): {reden}")
        if self.apart and wijze == "kolomsgewijs":
            wijze += f", {self.apart} per geval"
        snelheid = self.aantal / duur if duur > 0 else 0.0
        print_(f"{self.aantal} gevallen in {duur:.1f} s ({snelheid:.0f}/s, {wijze}); {self.aantal - self.fout} "
               f"beoordeeld, {self.fout} ongeldig; geschreven: {uitvoerpad}")
