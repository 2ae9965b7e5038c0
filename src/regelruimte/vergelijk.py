"""Compare two versions of the law or policy over the same young people.

Each side (*basis* and *variant*) is a rule folder, a law date, or both, with gemeente files
added or left out. "The same young person under other law" keeps the person's peildatum (every
age and term) and moves only the law's date (``Engine.evaluate(..., wetdatum=...)``).

Both sides run through the batch path (:func:`regelruimte.batch.evalueer_tabel`) in one pass:
each chunk of cases is evaluated on both sides by the same worker (:class:`BeideKanten`), so
one pool serves the comparison and a worker builds one engine when both sides share a rule
folder. This module only compares the statuses they give, groups the cases by change, and
asks the engines which rules made the difference for a few example cases. It adds no logic
of law.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from . import ir
from .batch import (
    FOUT,
    PEILDATUM,
    Blok,
    BlokUitkomst,
    Evaluator,
    Opdracht,
    evalueer_blok,
    evalueer_tabel,
    item_kolommen,
    kies_evaluator,
    maak_engine,
)
from .engine import Engine
from .profile import laad_profiel, leeftijd_op
from .tabel import CASUS, RIJ, Invoer, naar_profielgegevens

__all__ = ["BeideKanten", "Kant", "Verandering", "Vergelijking", "lees_kant", "vergelijk"]

_DATUM = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_STATUS = {"van_toepassing": "van toepassing", "niet_van_toepassing": "niet van toepassing",
           "onbepaald": "onbepaald", None: "afwezig"}
MAX_VOORBEELDEN = 3


class KantFout(ValueError):
    """A --basis or --variant that cannot be used."""


@dataclass(frozen=True)
class Kant:
    """One side of a comparison: which rules, at which law date."""

    label: str  # as the user wrote it
    regels: Path  # the rule folder (a temporary copy when files are added or left out)
    wetdatum: dt.date | None
    toegevoegd: tuple[Path, ...] = ()
    weggelaten: tuple[str, ...] = ()
    meegeleverd: bool = False  # the bundled (or --regels) rules, chosen by giving a date only


def _datum(tekst: str, label: str) -> dt.date:
    try:
        return dt.date.fromisoformat(tekst)
    except ValueError:
        raise KantFout(f"'{label}': '{tekst}' is geen datum; gebruik JJJJ-MM-DD") from None


def lees_kant(tekst: str, standaard: Path, werkmap: Path) -> Kant:
    """Read ``DATUM``, ``MAP``, ``MAP@DATUM``, each optionally followed by ``,+BESTAND`` (add a
    gemeente file) or ``,-PAD`` (leave out a file, relative to the folder). A copy of the folder
    is made in ``werkmap`` when files are added or left out."""
    delen = [d.strip() for d in tekst.split(",") if d.strip()]
    if not delen:
        raise KantFout("lege --basis of --variant")
    regels, wetdatum = _kern(delen[0], standaard, tekst)
    toegevoegd, weggelaten = _wijzigingen(delen[1:], regels, tekst)
    if toegevoegd or weggelaten:
        regels = _kopie(regels, toegevoegd, weggelaten, werkmap)
    return Kant(tekst, regels, wetdatum, tuple(toegevoegd), tuple(weggelaten),
                meegeleverd=_DATUM.match(delen[0]) is not None)


def _kern(kern: str, standaard: Path, tekst: str) -> tuple[Path, dt.date | None]:
    """The rule folder and law date of ``DATUM``, ``MAP`` or ``MAP@DATUM``."""
    if _DATUM.match(kern):
        return standaard, _datum(kern, tekst)
    pad, _, datum = kern.rpartition("@") if "@" in kern else (kern, "", "")
    regels = Path(pad)
    if not (regels / "dekking.yaml").is_file():
        raise KantFout(f"'{tekst}': '{regels}' is geen regelmap (geen dekking.yaml)")
    return regels, _datum(datum, tekst) if datum else None


def _wijzigingen(delen: list[str], regels: Path, tekst: str) -> tuple[list[Path], list[str]]:
    toegevoegd: list[Path] = []
    weggelaten: list[str] = []
    for wijziging in delen:
        teken, pad = wijziging[:1], wijziging[1:].strip()
        if teken == "+" and Path(pad).is_file():
            toegevoegd.append(Path(pad))
        elif teken == "+":
            raise KantFout(f"'{tekst}': bestand '{pad}' bestaat niet")
        elif teken == "-" and (regels / pad).is_file():
            weggelaten.append(pad)
        elif teken == "-":
            raise KantFout(f"'{tekst}': '{pad}' staat niet in {regels}")
        else:
            raise KantFout(f"'{tekst}': '{wijziging}' begint niet met + (bestand toevoegen) of - (weglaten)")
    return toegevoegd, weggelaten


def _kopie(regels: Path, toegevoegd: list[Path], weggelaten: list[str], werkmap: Path) -> Path:
    """A copy of the rule folder (without scenario files) with files added and left out."""
    kopie = Path(tempfile.mkdtemp(prefix="kant-", dir=werkmap)) / "regels"
    shutil.copytree(regels, kopie, ignore=shutil.ignore_patterns("*.test.yaml"))
    for pad in weggelaten:
        (kopie / pad).unlink()
    for bestand in toegevoegd:
        doel = kopie / "toegevoegd" / bestand.name
        doel.parent.mkdir(exist_ok=True)
        shutil.copyfile(bestand, doel)
    return kopie


@contextmanager
def werkmap() -> Iterator[Path]:
    """A temporary folder for rule copies, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="regelruimte-vergelijk-") as map_:
        yield Path(map_)


# --- the comparison ---------------------------------------------------------------------


@dataclass
class Verandering:
    """One kind of change: an item going from one status to another, and the cases it hit."""

    item: str
    titel: str
    soort: str
    van: str | None
    naar: str | None
    rijen: list[int] = field(default_factory=list)
    voorbeelden: list[str] = field(default_factory=list)
    regels: list[str] = field(default_factory=list)

    @property
    def aantal(self) -> int:
        return len(self.rijen)

    def omschrijving(self) -> str:
        van, naar = self.van, self.naar
        if van is None:
            return f"nu {_STATUS[naar]} (nieuw item)"
        if naar is None:
            return f"vervallen (was {_STATUS[van]})"
        if naar == "niet_van_toepassing":
            return "niet meer van toepassing" if van == "van_toepassing" else "niet van toepassing (was onbepaald)"
        if naar == "van_toepassing":
            return "nu van toepassing" + (" (was onbepaald)" if van == "onbepaald" else "")
        return f"nu onbepaald (was {_STATUS[van]})"

    def tekst(self) -> str:
        return f"{self.titel} ({self.item}): {self.omschrijving()}"


@dataclass
class Vergelijking:
    basis: Kant
    variant: Kant
    gevallen: int
    ongeldig: int
    veranderd: int
    veranderingen: list[Verandering]
    #: cases for which some item applies on one side and not on the other (not merely a new or
    #: dropped item that stays undecided)
    veranderd_beslist: int
    per_leeftijd: pl.DataFrame
    per_onderwijs: pl.DataFrame
    per_geval: pl.DataFrame


@dataclass
class TweeUitkomsten(BlokUitkomst):
    """A chunk's results on the basis side (``uitvoer``, ``fouten``) and on the variant side."""

    variant: pl.DataFrame = field(default_factory=pl.DataFrame)


@dataclass(frozen=True)
class BeideKanten:
    """An evaluator (see :data:`regelruimte.batch.Evaluator`) that evaluates a chunk on the
    basis side it is given and on ``variant``: one pass over the cases for both sides, in the
    worker that holds the chunk. Picklable, so it travels to the workers."""

    variant: Opdracht
    #: the chunk evaluator of each side (the batch's: columnar unless asked otherwise)
    per_kant: Evaluator = evalueer_blok

    def __call__(self, engine: Engine, opdracht: Opdracht, blok: Blok) -> TweeUitkomsten:
        basis = self.per_kant(engine, opdracht, blok)
        variant = self.per_kant(maak_engine(self.variant), self.variant, blok)
        return TweeUitkomsten(basis.uitvoer, basis.fouten, variant=variant.uitvoer)


def _uitvoer(invoer: Invoer, opdrachten: tuple[Opdracht, Opdracht], processen: int | None, stap: Any
             ) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Both sides' result tables, from one pass (one worker pool) over the cases."""
    a: list[pl.DataFrame] = []
    b: list[pl.DataFrame] = []
    per_kant, grootte, _ = kies_evaluator(per_geval=False)
    for uitkomst in evalueer_tabel(invoer, opdrachten[0], processen=processen, na_blok=stap, grootte=grootte,
                                   evaluator=BeideKanten(opdrachten[1], per_kant)):
        assert isinstance(uitkomst, TweeUitkomsten)  # BeideKanten made it
        a.append(uitkomst.uitvoer)
        b.append(uitkomst.variant)
    return _samen(a), _samen(b)


def _samen(delen: list[pl.DataFrame]) -> pl.DataFrame:
    return pl.concat(delen, how="vertical") if delen else pl.DataFrame()


def _gelijk(a: str | None, b: str | None) -> bool:
    # An item a version of the law does not have is, for this person, not applicable.
    return (a or "niet_van_toepassing") == (b or "niet_van_toepassing")


def _leeftijd(rij: dict[str, Any], peildatum: dt.date | None) -> int | None:
    geboren, leeftijd = rij.get("geboortedatum"), rij.get("leeftijd")
    try:
        if geboren and peildatum:
            return leeftijd_op(dt.date.fromisoformat(str(geboren).strip()[:10]), peildatum)
        return int(float(leeftijd)) if leeftijd not in (None, "") else None
    except ValueError:
        return None


def _kegel(programma: ir.Programma, item: str) -> set[str]:
    """The rules an item's outcome depends on (itself included), through rule and fact refs."""
    gezien: set[str] = set()
    te_doen = [item]
    while te_doen:
        regel_id = te_doen.pop()
        if regel_id in gezien:
            continue
        try:
            regel = programma.regel(regel_id)
        except KeyError:  # not in this epoch
            continue
        gezien.add(regel_id)
        for naam in regel.effectief_refs:
            soort, _, doel = naam.partition(":")
            te_doen.extend(programma.afgeleid.get(doel, ()) if soort == "f" else [doel])
    return gezien


def _oorzaken(engines: tuple[Engine, Engine], kanten: tuple[Kant, Kant], profiel_rij: dict[str, Any],
              peildatum: dt.date, item: str) -> list[str]:
    """The rules that made the difference for one case and one item: in the item's dependency
    cone, rules whose outcome differs and whose version differs (new, gone, changed); when no
    version differs (a rule folder variant), the rules whose outcome differs."""
    gegevens, _, _ = naar_profielgegevens(profiel_rij)
    profiel = laad_profiel(gegevens, samenhang=False)
    uitkomsten, kegel = [], set()
    for engine, kant in zip(engines, kanten, strict=True):
        uitkomsten.append(engine.regeluitkomsten(profiel, peildatum, wetdatum=kant.wetdatum))
        kegel |= _kegel(engine.bank.programma(kant.wetdatum or peildatum), item)
    versies = [{r: engine.bank.versie(r, kant.wetdatum or peildatum) for r in kegel}
               for engine, kant in zip(engines, kanten, strict=True)]
    def waarde(uitkomst: object) -> str:
        return "waar" if uitkomst is True else "onwaar" if uitkomst is False else \
            "onbekend" if uitkomst is None else str(uitkomst)

    anders_uit: list[str] = []
    anders_versie: list[str] = []
    # the item itself first, then what it rests on
    for regel in sorted(kegel, key=lambda r: (r != item, r)):
        a, b = uitkomsten[0].get(regel, "afwezig"), uitkomsten[1].get(regel, "afwezig")
        if (False if a == "afwezig" else a) == (False if b == "afwezig" else b):
            # the same outcome on both sides made no difference here; a rule that does not exist
            # on one side counts as not holding, as references to it do in the compiled program
            continue
        va, vb = versies[0].get(regel), versies[1].get(regel)
        uit = f"{waarde(a)} → {waarde(b)}"
        if va is None and vb is not None:
            anders_versie.append(f"{regel} (nieuw, vanaf {vb.vanaf}; {uit})")
        elif vb is None and va is not None:
            anders_versie.append(f"{regel} (vervallen{f' na {va.tot}' if va.tot else ''}; {uit})")
        elif va is not None and vb is not None and (va.spec != vb.spec or va.vanaf != vb.vanaf):
            anders_versie.append(f"{regel} (andere versie vanaf {vb.vanaf}; {uit})")
        else:
            anders_uit.append(f"{regel} ({uit})")
    return anders_versie or anders_uit


@dataclass
class _Telling:
    """The comparison as it is counted, case by case."""

    titels: dict[str, tuple[str, str]]  # item -> (title, section)
    groepen: dict[tuple[str, str | None, str | None], Verandering] = field(default_factory=dict)
    per_geval: list[dict[str, Any]] = field(default_factory=list)
    leeftijden: Counter[str] = field(default_factory=Counter)
    leeftijden_veranderd: Counter[str] = field(default_factory=Counter)
    scholen: Counter[str] = field(default_factory=Counter)
    scholen_veranderd: Counter[str] = field(default_factory=Counter)
    ongeldig: int = 0
    veranderd: int = 0
    beslist: int = 0

    def geval(self, rij_a: dict[str, Any], rij_b: dict[str, Any], invoerrij: dict[str, Any]) -> None:
        if rij_a[FOUT] or rij_b[FOUT]:
            self.ongeldig += 1
            return
        leeftijd = _leeftijd(invoerrij, rij_a[PEILDATUM])
        sleutel = str(leeftijd) if leeftijd is not None else "onbekend"
        school = (invoerrij.get("onderwijs") or "").strip() or "onbekend"
        self.leeftijden[sleutel] += 1
        self.scholen[school] += 1
        anders = [i for i in self.titels if not _gelijk(rij_a.get(i), rij_b.get(i))]
        if not anders:
            return
        wijzigingen = [self._verandering(item_id, rij_a, rij_b) for item_id in anders]
        self.veranderd += 1
        self.beslist += any("van_toepassing" in (rij_a.get(i), rij_b.get(i)) for i in anders)
        self.leeftijden_veranderd[sleutel] += 1
        self.scholen_veranderd[school] += 1
        self.per_geval.append({RIJ: rij_a[RIJ], CASUS: rij_a.get(CASUS), "aantal": len(wijzigingen),
                               "veranderingen": "; ".join(wijzigingen)})

    def _verandering(self, item_id: str, rij_a: dict[str, Any], rij_b: dict[str, Any]) -> str:
        van, naar = rij_a.get(item_id), rij_b.get(item_id)
        groep = self.groepen.get((item_id, van, naar))
        if groep is None:
            titel, soort = self.titels[item_id]
            groep = self.groepen[(item_id, van, naar)] = Verandering(item_id, titel, soort, van, naar)
        groep.rijen.append(rij_a[RIJ])
        if len(groep.voorbeelden) < MAX_VOORBEELDEN:
            groep.voorbeelden.append(rij_a.get(CASUS) or f"rij {rij_a[RIJ]}")
        return f"{item_id}: {_STATUS[van]} → {_STATUS[naar]}"


def vergelijk(invoer: Invoer, basis: Kant, variant: Kant, *, backend: str | None = None,
              peildatum: dt.date | None = None, processen: int | None = None, stap: Any = None
              ) -> Vergelijking:
    """Evaluate every case on both sides and group the cases by change."""
    opdrachten = (Opdracht(str(basis.regels), backend, peildatum, basis.wetdatum),
                  Opdracht(str(variant.regels), backend, peildatum, variant.wetdatum))
    engines = (maak_engine(opdrachten[0]), maak_engine(opdrachten[1]))
    a, b = _uitvoer(invoer, opdrachten, processen, stap)
    titels: dict[str, tuple[str, str]] = {}
    for engine in engines:
        for item_id, soort, titel in item_kolommen(engine):
            titels.setdefault(item_id, (titel, soort.value))
    invoerrijen = {r[RIJ]: r for r in invoer.rijen.iter_rows(named=True)}
    telling = _Telling(titels)
    for rij_a, rij_b in zip(a.iter_rows(named=True), b.iter_rows(named=True), strict=True):
        telling.geval(rij_a, rij_b, invoerrijen[rij_a[RIJ]])
    veranderingen = sorted(telling.groepen.values(), key=lambda g: (-g.aantal, g.item, str(g.van), str(g.naar)))
    peildata = dict(zip(a[RIJ].to_list(), a[PEILDATUM].to_list(), strict=True))
    for groep in veranderingen:
        groep.regels = _regels_van(groep, engines, (basis, variant), invoerrijen, peildata)
    return Vergelijking(
        basis, variant, a.height, telling.ongeldig, telling.veranderd, veranderingen, telling.beslist,
        _telling(telling.leeftijden, telling.leeftijden_veranderd, "leeftijd", sleutel=_leeftijd_volgorde),
        _telling(telling.scholen, telling.scholen_veranderd, "onderwijs"),
        pl.DataFrame(telling.per_geval, schema={RIJ: pl.Int64, CASUS: pl.String, "aantal": pl.Int64,
                                                "veranderingen": pl.String}))


def _regels_van(groep: Verandering, engines: tuple[Engine, Engine], kanten: tuple[Kant, Kant],
                invoerrijen: dict[int, dict[str, Any]], peildata: dict[int, dt.date]) -> list[str]:
    """The rules that made the difference, read off the first examples of a change."""
    oorzaken: dict[str, str] = {}  # per rule the first example's reading
    for nummer in groep.rijen[:MAX_VOORBEELDEN]:
        for oorzaak in _oorzaken(engines, kanten, invoerrijen[nummer], peildata[nummer], groep.item):
            oorzaken.setdefault(oorzaak.split(" ", 1)[0], oorzaak)
    return list(oorzaken.values())


def _leeftijd_volgorde(sleutel: str) -> tuple[int, str]:
    return (int(sleutel), "") if sleutel.isdigit() else (999, sleutel)


def _telling(alle: Counter[str], veranderd: Counter[str], naam: str, sleutel: Any = None) -> pl.DataFrame:
    volgorde = sorted(alle, key=sleutel) if sleutel else sorted(alle, key=lambda k: (-alle[k], k))
    return pl.DataFrame({
        naam: volgorde,
        "gevallen": [alle[k] for k in volgorde],
        "veranderd": [veranderd[k] for k in volgorde],
        "aandeel_veranderd": [round(veranderd[k] / alle[k], 4) if alle[k] else 0.0 for k in volgorde],
    }, schema={naam: pl.String, "gevallen": pl.Int64, "veranderd": pl.Int64, "aandeel_veranderd": pl.Float64})


def veranderingen_tabel(vergelijking: Vergelijking) -> pl.DataFrame:
    """One row per kind of change (the xlsx sheet and the HTML table)."""
    v = vergelijking.veranderingen
    return pl.DataFrame({
        "aantal": [g.aantal for g in v],
        "item": [g.item for g in v],
        "titel": [g.titel for g in v],
        "soort": [g.soort for g in v],
        "basis": [_STATUS[g.van] for g in v],
        "variant": [_STATUS[g.naar] for g in v],
        "verandering": [g.omschrijving() for g in v],
        "voorbeelden": [", ".join(g.voorbeelden) for g in v],
        "regels die het verschil maken": ["; ".join(g.regels) for g in v],
    }, schema={"aantal": pl.Int64, "item": pl.String, "titel": pl.String, "soort": pl.String, "basis": pl.String,
               "variant": pl.String, "verandering": pl.String, "voorbeelden": pl.String,
               "regels die het verschil maken": pl.String})


def beschrijf(kant: Kant) -> str:
    if kant.meegeleverd:
        delen = ["meegeleverde regels"]
    else:
        delen = [f"regels {kant.regels if not (kant.toegevoegd or kant.weggelaten) else kant.label.split(',')[0]}"]
    delen.append(f"wet van {kant.wetdatum}" if kant.wetdatum else "wet op de peildatum")
    delen += [f"+ {p.name}" for p in kant.toegevoegd] + [f"zonder {p}" for p in kant.weggelaten]
    return ", ".join(delen)


def samenvatting(vergelijking: Vergelijking, *, max_groepen: int = 25) -> list[str]:
    """The terminal summary: how many cases change and how, grouped by change."""
    v = vergelijking
    regels = [
        f"Basis:   {v.basis.label} ({beschrijf(v.basis)})",
        f"Variant: {v.variant.label} ({beschrijf(v.variant)})",
        f"{v.gevallen} gevallen, {v.gevallen - v.ongeldig} vergeleken"
        + (f" ({v.ongeldig} ongeldig)" if v.ongeldig else "")
        + f"; {v.veranderd} veranderen in minstens één item, {len(v.veranderingen)} soorten verandering.",
        f"Voor {v.veranderd_beslist} gevallen is iets van toepassing in de ene versie en niet in de andere; "
        "de rest krijgt alleen nieuwe of vervallen items die nog open zijn.",
        "",
    ]
    breedte = len(str(v.veranderingen[0].aantal)) if v.veranderingen else 1
    for groep in v.veranderingen[:max_groepen]:
        regels.append(f"{groep.aantal:>{breedte}} gevallen: {groep.tekst()}")
        regels.append(f"{'':>{breedte}}   bijvoorbeeld: {', '.join(groep.voorbeelden)}")
        if groep.regels:
            regels.append(f"{'':>{breedte}}   regels: {'; '.join(groep.regels[:4])}"
                          + (f" (en nog {len(groep.regels) - 4})" if len(groep.regels) > 4 else ""))
    if len(v.veranderingen) > max_groepen:
        regels.append(f"… en nog {len(v.veranderingen) - max_groepen} soorten verandering (zie --html of --xlsx).")
    if not v.veranderingen:
        regels.append("Geen verschil: elk geval krijgt in beide versies dezelfde status op elk item.")
    return regels


def voer_uit(invoerpad: Path, basis: str, variant: str, *, standaard: Path, backend: str | None,
             peildatum: dt.date | None, processen: int | None, html_pad: Path | None, xlsx_pad: Path | None,
             console: Any) -> Vergelijking:
    """``regelruimte vergelijk``: read, evaluate both sides, print the summary, write the reports."""
    from .rapport import schrijf_html, schrijf_xlsx
    from .tabel import formaat, lees_invoer
    from .voortgang import voortgang

    for pad, suffix in ((html_pad, ".html"), (xlsx_pad, ".xlsx")):
        if pad is not None and (pad.suffix.lower() != suffix or not pad.parent.is_dir()):
            raise KantFout(f"{pad}: verwacht een {suffix}-bestand in een bestaande map")
    if xlsx_pad is not None:
        formaat(xlsx_pad)
    invoer = lees_invoer(invoerpad)
    with werkmap() as map_:
        kanten = (lees_kant(basis, standaard, map_), lees_kant(variant, standaard, map_))
        for kant in kanten:  # compile both before the long run: a broken rule folder fails now
            maak_engine(Opdracht(str(kant.regels), backend, peildatum, kant.wetdatum))
        with voortgang(len(invoer), "Vergelijken", console) as stap:
            uitkomst = vergelijk(invoer, *kanten, backend=backend, peildatum=peildatum, processen=processen,
                                 stap=stap)
        for regel in samenvatting(uitkomst):
            console.print(regel, highlight=False, markup=False, soft_wrap=True)
        if html_pad is not None:
            schrijf_html(uitkomst, html_pad)
            console.print(f"geschreven: {html_pad}", highlight=False, markup=False)
        if xlsx_pad is not None:
            schrijf_xlsx(uitkomst, xlsx_pad)
            console.print(f"geschreven: {xlsx_pad}", highlight=False, markup=False)
    return uitkomst
