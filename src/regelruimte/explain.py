"""Turn a backend's outcome into the advice: status, legal basis, questions and trace.

The backend decides *what* holds; this step works out *why*, from the compiled form and
the encoded facts alone, so the explanation is the same whichever backend ran:

* a true conjunction is justified by all its parts, a false one by its first false part
  (and dually for disjunctions);
* an undecided item is traced to the unknown facts that could still decide it — only
  through parts that are themselves undecided — and those become the questions.
"""

from __future__ import annotations

import datetime as dt
import itertools
import operator
import weakref
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Generic, TypeVar

from . import ir
from .advies import (
    Advies,
    Beleid,
    GrondslagVerwijzing,
    Maatwerk,
    Ontvangst,
    Regime,
    Route,
    Signaal,
    Status,
    TraceRegel,
    TraceStap,
    Vraag,
    bevries,
    deel,
)
from .backends import Uitkomst
from .compiler import RuleBase
from .encode import Feiten
from .gemeenten import gemeente_naam
from .profile import CaseProfile
from .semantics import (
    TRI,
    element_key,
    evaluate,
    evaluate_element,
    kleene_and,
    kleene_not,
    kleene_or,
    resolver,
)
from .spec import Grondslag, Soort
from .vocabulary import Vocabulaire
from .wetten import bron_url, datumdeel, juriconnect
from .woorden import beslisser_label, financier_label

__all__ = ["leg_uit"]

_STATUS = {True: Status.van_toepassing, False: Status.niet_van_toepassing, None: Status.onbepaald}
_WAARDE = {True: "waar", False: "onwaar", None: "onbekend"}
_SECTIES = (Soort.regime, Soort.route, Soort.maatwerk, Soort.signaal, Soort.beleid)
_GEEN = object()  # "not memoised yet" (None is a value: unknown)


K = TypeVar("K")
V = TypeVar("V")


class _Bounded(Generic[K, V]):
    """A cache emptied when it passes ``limit`` entries: it holds what the rules and dates
    derive (never anything of a case), so refilling is cheap and memory stays bounded."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.data: dict[K, V] = {}
        #: the dict's own get (a hot path: no Python call in between)
        self.get: Callable[[K], V | None] = self.data.get

    def put(self, key: K, value: V) -> V:
        if len(self.data) >= self.limit:
            self.data.clear()
        self.data[key] = value
        return value


_Sjabloon = tuple[ir.IRRule, Any, dict[str, Any], bool, str]
_StapSjabloon = tuple[str, str | None]
#: A rule's trace line as cases share it: its serial number (never reused, so it can key what
#: is built from the line) and the line itself (None without a trace).
_Lijn = tuple[int, TraceRegel | None]
#: One rule's step in one case: its trace line, the rules it leans on, whether it holds, its
#: doubt, and the serial number of its shared line.
_Stap = tuple[TraceRegel | None, list[str], bool, str | None, int]
#: An advice item and its trace step, as cases share them.
_ItemMetStap = tuple[Any, TraceStap | None]
_VOLGNUMMER = itertools.count()


@dataclass
class _Datum:
    """What is pinned to one peildatum: the citations, whose links carry the date. Filled as
    cases ask for them; the rest of an item is the epoch's, so a new peildatum costs a case
    only dating the items it shows."""

    #: what pins a link to this date (wetten.datumdeel)
    achtervoegsel: str
    #: per citation as the epoch has it (undated link), by identity: the dated one
    citations: dict[int, GrondslagVerwijzing] = field(default_factory=dict)


@dataclass
class _Delen:
    """What the cases of one epoch share: trace lines, the numbered chains of lines behind
    conclusions, and items with their trace steps. Each bounded; the few most recent epochs
    are kept (a run over every day of two years passes through five)."""

    #: trace lines by rule, value, facts and supports (see _lijn)
    lines: _Bounded[tuple[Any, ...], _Lijn] = field(default_factory=lambda: _Bounded(10_000))
    #: numbers of chains of trace lines (see _ketennummer)
    chains: _Bounded[tuple[int, ...], int] = field(default_factory=lambda: _Bounded(10_000))
    #: items (citations' links not yet dated) and their trace steps (see _item)
    items: _Bounded[tuple[Any, ...], _ItemMetStap] = field(default_factory=lambda: _Bounded(5_000))


#: A leaf of a reason: (kind, node, the value it is to explain); kinds below.
_Blad = tuple[int, Any, bool]
_ATOOM, _GEGEVEN, _ELEMENT, _VERWIJZING = 0, 1, 2, 3


class _Vorm:
    """The shape of one rule's explanation as a function of the values of its own nodes:
    which facts, lists and names its reason (when decided) or its open fields (when not)
    lead to. The same pattern of values gives the same shape in every case, so a case only
    fills in its own fact values."""

    __slots__ = ("open", "redenen", "waarden")

    def __init__(self, slots: list[int]) -> None:
        #: the values of the rule's nodes, from every node's values: the key of a shape
        self.waarden: Callable[[tuple[int, ...]], Any] = operator.itemgetter(*slots)
        self.redenen: dict[Any, tuple[tuple[_Blad, ...], tuple[str, ...]]] = {}
        self.open: dict[Any, tuple[_Blad, ...]] = {}


class _Vormen:
    """The shapes of one epoch's rules, read with one slot index; emptied when they pass
    ``GRENS`` patterns together, so memory stays bounded whatever the cases send (a few
    hundred patterns per rule cover a varied population)."""

    GRENS = 5_000

    def __init__(self, programma: ir.Program, index: dict[int, int]) -> None:
        self.programma = programma
        #: the slot indexes these shapes hold for: every compiled copy of the program (snel's
        #: own, the engine's for durable) numbers its nodes alike, checked once per copy
        self.indexen = [index]
        self.per_regel: dict[str, _Vorm] = {}
        self.aantal = 0

    def geldt_voor(self, programma: ir.Program, index: dict[int, int]) -> bool:
        if programma is not self.programma:
            return False
        if any(bekend is index for bekend in self.indexen):
            return True
        if index != self.indexen[0]:
            return False
        self.indexen.append(index)
        return True

    def bewaar(self, tabel: dict[Any, V], sleutel: Any, waarde: V) -> V:
        if self.aantal >= self.GRENS:
            # a copy: another thread may add a rule's shape meanwhile
            for vorm in list(self.per_regel.values()):
                vorm.redenen.clear()
                vorm.open.clear()
            self.aantal = 0
        tabel[sleutel] = waarde
        self.aantal += 1
        return waarde


def _knopen(expr: ir.Expr, uit: list[ir.Expr]) -> list[ir.Expr]:
    """The nodes of a condition that have a value of their own (not inside Exists)."""
    uit.append(expr)
    soort = type(expr)
    if soort is ir.And or soort is ir.Or:
        for item in expr.items:  # type: ignore[union-attr]
            _knopen(item, uit)
    elif soort is ir.Not:
        _knopen(expr.item, uit)  # type: ignore[union-attr]
    return uit


@dataclass
class _Caches:
    """The explanation's caches for one rule base: what an epoch derives, and the date-pinned
    citations of the few most recent peildata, so memory stays flat over any run of dates."""

    #: per epoch (program key): the case-independent part of each advice item
    templates: _Bounded[str, list[_Sjabloon]] = field(default_factory=lambda: _Bounded(64))
    #: per epoch (program key): the case-independent part of each rule's trace line
    steps: _Bounded[str, dict[str, _StapSjabloon]] = field(default_factory=lambda: _Bounded(64))
    #: per peildatum: its citations
    dates: _Bounded[dt.date, _Datum] = field(default_factory=lambda: _Bounded(16))
    #: per epoch (program key): the shapes of its rules' explanations (see _Vormen)
    shapes: _Bounded[str, _Vormen] = field(default_factory=lambda: _Bounded(8))
    #: per epoch (program key): what its cases share (see _Delen)
    shared: _Bounded[str, _Delen] = field(default_factory=lambda: _Bounded(3))
    #: per (peildatum, item as the epoch has it, by identity): (that item, kept so its id
    #: stays its own; the item with dated citations)
    dated: _Bounded[tuple[dt.date, int], tuple[Any, Any]] = field(default_factory=lambda: _Bounded(5_000))
    #: questions shared by the cases that ask the same one
    questions: _Bounded[tuple[str, ...], Vraag] = field(default_factory=lambda: _Bounded(4_000))

    #: per (grondslag, role), by the grondslag's identity (it lives as long as the rule base
    #: that owns these caches): the citation with its undated link, and per such citation, by
    #: identity, its key in _uniek
    citations: dict[tuple[int, str], GrondslagVerwijzing] = field(default_factory=dict)
    citation_keys: dict[int, tuple[Any, ...]] = field(default_factory=dict)
    #: per (epoch, rule id, role): the citations of the rule's legal basis
    citation_lists: dict[tuple[str, str, str], list[GrondslagVerwijzing]] = field(default_factory=dict)

    def delen(self, epoch: str) -> _Delen:
        gevonden = self.shared.get(epoch)
        return gevonden if gevonden is not None else self.shared.put(epoch, _Delen())

    def datum(self, peildatum: dt.date) -> _Datum:
        gevonden = self.dates.get(peildatum)
        return gevonden if gevonden is not None else self.dates.put(peildatum, _Datum(datumdeel(peildatum)))


#: The caches live as long as their rule base, and no longer.
_CACHES: weakref.WeakKeyDictionary[RuleBase, _Caches] = weakref.WeakKeyDictionary()


def _caches(bank: RuleBase) -> _Caches:
    gevonden = _CACHES.get(bank)
    return gevonden if gevonden is not None else _CACHES.setdefault(bank, _Caches())


class _Uitlegger:
    def __init__(self, bank: RuleBase, programma: ir.Program, feiten: Feiten,
                 uitkomst: Uitkomst, vocab: Vocabulaire, profiel: CaseProfile, *, trace: bool = True) -> None:
        self.bank = bank
        self.programma = programma
        self.feiten = feiten
        self.regels = uitkomst.regels
        self._lees = resolver(programma, self.regels)
        self.vocab = vocab
        self.profiel = profiel
        self.versies = bank.versions_on(programma.start)
        self.caches = _caches(bank)
        self.datum = self.caches.datum(feiten.peildatum)
        self.met_trace = trace  # build the trace lines (the steps' supports are needed anyway)
        self._waarden: dict[int, ir.Tri] = {}
        slots = uitkomst.waarden  # every node's value, where the backend computed them (snel)
        #: the shapes of the rules' explanations (only where every node's value is known)
        self._vormen: _Vormen | None = None
        self._codes: tuple[int, ...] | None = None
        #: trace lines, items and questions are shared between cases (see _lijn, _item) on
        #: the fast path; the reference backend builds its own every time, so it stays the
        #: oracle the shortcuts are held to (tests/test_uitleg_snel.py)
        self.deelt = slots is not None
        self.delen = self.caches.delen(programma.key)
        if slots is not None:
            self._index, self._codes = slots.index, slots.values
            self._vormen = self._vormen_van(programma, slots.index)
        self._refs: dict[str, ir.Tri] = {}
        self._onbekend_ref: dict[str, frozenset[str]] = {}
        self._onbekend_regel: dict[str, frozenset[str]] = {}
        self._bron: dict[int, list[str]] = {}
        self._stappen: dict[str, _Stap] = {}
        self._ketens: dict[str, int] = {}
        self.stapsjablonen = _stapsjablonen(bank, self.caches, programma)

    # --- values ----------------------------------------------------------------------

    def w(self, expr: ir.Expr) -> ir.Tri:
        """Value of ``expr``: read from the values of every node where the backend gave them
        (computed once per case), else evaluated. (Not a bound method set per case: that
        would make every explanation a reference cycle, left for the garbage collector.)"""
        codes = self._codes
        if codes is not None:
            slot = self._index.get(id(expr))
            if slot is not None:
                return TRI[codes[slot]]
        return self._w_boom(expr)

    def _w_boom(self, expr: ir.Expr) -> ir.Tri:
        """Value of ``expr`` evaluated; memoised per node, since explanations revisit subtrees."""
        sleutel = id(expr)
        uit = self._waarden.get(sleutel, _GEEN)
        if uit is not _GEEN:
            return uit  # type: ignore[return-value]
        # Dispatch on the exact type (a hot path: plain comparisons beat class patterns).
        soort = type(expr)
        if soort is ir.And:
            uit = kleene_and(map(self.w, expr.items))  # type: ignore[union-attr]
        elif soort is ir.Or:
            uit = kleene_or(map(self.w, expr.items))  # type: ignore[union-attr]
        elif soort is ir.Not:
            uit = kleene_not(self.w(expr.item))  # type: ignore[union-attr]
        elif soort is ir.Ref:
            uit = self.ref(expr.name)  # type: ignore[union-attr]
        else:
            uit = evaluate(expr, self.feiten, self.ref)
        self._waarden[sleutel] = uit
        return uit

    def ref(self, naam: str) -> ir.Tri:
        """Value of a rule ('r:') or derived fact ('f:'); memoised per case."""
        if naam not in self._refs:
            self._refs[naam] = self._lees(naam)
        return self._refs[naam]

    def regel_waarde(self, regel_id: str) -> ir.Tri:
        return self.regels.get(regel_id)

    # --- justification ---------------------------------------------------------------

    def _vormen_van(self, programma: ir.Program, index: dict[int, int]) -> _Vormen:
        gevonden = self.caches.shapes.get(programma.key)
        if gevonden is None or not gevonden.geldt_voor(programma, index):
            gevonden = self.caches.shapes.put(programma.key, _Vormen(programma, index))
        return gevonden

    def _vorm(self, vormen: _Vormen, regel: ir.IRRule) -> _Vorm:
        vorm = vormen.per_regel.get(regel.id)
        if vorm is None:
            vorm = vormen.per_regel[regel.id] = _Vorm([self._index[id(n)] for n in _knopen(regel.effective, [])])
        return vorm

    def reden(self, regel: ir.IRRule, doel: bool, atomen: list[tuple[str, Any]], refs: list[str]) -> None:
        """Collect what makes rule ``regel`` evaluate to ``doel`` (its value): the facts used,
        as (label, value), and the names of the rules and derived facts read."""
        vormen = self._vormen
        if vormen is None:
            bladen: list[_Blad] = []
            self._reden_vorm(regel.effective, doel, bladen)
        else:
            vorm = self._vorm(vormen, regel)
            sleutel = vorm.waarden(self._codes)  # type: ignore[arg-type]  # set with the shapes
            gevonden = vorm.redenen.get(sleutel)
            if gevonden is None:
                bladen = []
                self._reden_vorm(regel.effective, doel, bladen)
                gevonden = vormen.bewaar(vorm.redenen, sleutel, (
                    tuple(b for b in bladen if b[0] != _VERWIJZING),
                    tuple(b[1] for b in bladen if b[0] == _VERWIJZING)))
            feiten, namen = gevonden
            refs.extend(namen)
            self._vul_in(feiten, atomen)
            return
        for blad in bladen:
            if blad[0] == _VERWIJZING:
                refs.append(blad[1])
        self._vul_in([b for b in bladen if b[0] != _VERWIJZING], atomen)

    def _vul_in(self, bladen: Iterable[_Blad], atomen: list[tuple[str, Any]]) -> None:
        """The facts of a reason with this case's values."""
        per_naam = self.feiten.per_naam
        for soort, knoop, doel in bladen:
            if soort == _ATOOM:
                feit = per_naam.get(knoop.feit)
                atomen.append((knoop.label, None if feit is None else feit.get(knoop.prop)))
            elif soort == _GEGEVEN:
                atomen.append((knoop.label, "gegeven" if knoop.feit in per_naam else "niet gegeven"))
            else:
                self._reden_element(knoop.lijst, knoop.cond, doel, atomen)

    def _reden_vorm(self, expr: ir.Expr, doel: bool, uit: list[_Blad]) -> None:
        """The leaves (facts, lists, names) that make ``expr`` evaluate to ``doel``, in order."""
        # Dispatch on the exact type (a hot path: plain comparisons beat class patterns).
        soort = type(expr)
        if soort is ir.And or soort is ir.Or:
            # a true conjunction rests on all its parts, a false one on its first false part
            # (and dually for a disjunction)
            alle = (soort is ir.And) == doel
            for item in expr.items:  # type: ignore[union-attr]
                if self.w(item) is doel:
                    self._reden_vorm(item, doel, uit)
                    if not alle:
                        return
        elif soort is ir.Ref:
            uit.append((_VERWIJZING, expr.name, doel))  # type: ignore[union-attr]
        elif soort is ir.Atom:
            uit.append((_ATOOM, expr, doel))
        elif soort is ir.Not:
            self._reden_vorm(expr.item, not doel, uit)  # type: ignore[union-attr]
        elif soort is ir.Given:
            uit.append((_GEGEVEN, expr, doel))
        elif soort is ir.Exists:
            uit.append((_ELEMENT, expr, doel))

    def _reden_element(self, lijst: str, cond: ir.Expr, doel: bool, atomen: list[tuple[str, Any]]) -> None:
        """The first element that satisfies the condition, or that none does."""
        elementen = self.feiten.elementen.get(lijst, [])
        if not doel:
            atomen.append((lijst, f"{len(elementen)} element(en), geen voldoet"))
            return
        for i, element in enumerate(elementen):
            if evaluate_element(cond, element) is True:
                for atom in ir.atoms(cond):
                    atomen.append((f"{lijst}[{i}].{atom.label}", element.get(element_key(atom))))
                return

    # --- unknowns --------------------------------------------------------------------

    def _onbekend_vorm(self, expr: ir.Expr, uit: list[_Blad]) -> None:
        """The leaves behind the undecided ``expr`` that could still decide it: only through
        parts that are themselves undecided."""
        if self.w(expr) is not None:
            return
        # Dispatch on the exact type (a hot path: plain comparisons beat class patterns).
        soort = type(expr)
        if soort is ir.And or soort is ir.Or:
            for item in expr.items:  # type: ignore[union-attr]
                self._onbekend_vorm(item, uit)
        elif soort is ir.Ref:
            uit.append((_VERWIJZING, expr.name, False))  # type: ignore[union-attr]
        elif soort is ir.Not:
            self._onbekend_vorm(expr.item, uit)  # type: ignore[union-attr]
        elif soort is ir.Atom:
            uit.append((_ATOOM, expr, False))
        elif soort is ir.Exists:
            uit.append((_ELEMENT, expr, False))

    def _onbekend_achter(self, naam: str) -> frozenset[str]:
        """The fields behind an undecided rule or derived fact; memoised per case."""
        gevonden = self._onbekend_ref.get(naam)
        if gevonden is None:
            soort, _, doel = naam.partition(":")
            if soort == "r":
                gevonden = self.onbekend_regel(doel)
            else:
                gevonden = frozenset().union(*(self.onbekend_regel(r) for r in self.programma.derived.get(doel, ())))
            self._onbekend_ref[naam] = gevonden
        return gevonden

    def _onbekend_element(self, lijst: str, cond: ir.Expr, uit: set[str]) -> None:
        """An unknown list asks for the list; an element that may satisfy the condition asks
        for the list, or for the birth date where the test needs the age on a date."""
        if lijst not in self.feiten.per_naam:
            uit.add(lijst)
            return
        for element in self.feiten.elementen.get(lijst, []):
            if evaluate_element(cond, element) is None:
                for atom in ir.atoms(cond):
                    uit.add("geboortedatum" if atom.prop == "l" and not self.profiel.geboortedatum else lijst)

    def onbekend_regel(self, regel_id: str) -> frozenset[str]:
        """Profile fields that could still decide rule ``regel_id``; memoised per case, as
        the questions and the trace both ask for the same rules."""
        gevonden = self._onbekend_regel.get(regel_id)
        if gevonden is not None:
            return gevonden
        regel = self.programma.rule(regel_id)
        vormen = self._vormen
        if vormen is None:
            lijst: list[_Blad] = []
            self._onbekend_vorm(regel.effective, lijst)
            bladen: Iterable[_Blad] = lijst
        else:
            vorm = self._vorm(vormen, regel)
            sleutel = vorm.waarden(self._codes)  # type: ignore[arg-type]  # set with the shapes
            bladen = vorm.open.get(sleutel)  # type: ignore[assignment]
            if bladen is None:
                lijst = []
                self._onbekend_vorm(regel.effective, lijst)
                bladen = vormen.bewaar(vorm.open, sleutel, tuple(lijst))
        velden: set[str] = set()
        for soort, knoop, _ in bladen:
            if soort == _ATOOM:
                velden.update(self._bronveld(knoop))
            elif soort == _VERWIJZING:
                velden.update(self._onbekend_achter(knoop))
            else:
                self._onbekend_element(knoop.lijst, knoop.cond, velden)
        gevonden = self._onbekend_regel[regel_id] = frozenset(velden)
        return gevonden

    def _bronveld(self, atom: ir.Atom) -> list[str]:
        """The profile field to ask for an unknown fact; memoised per case."""
        gevonden = self._bron.get(id(atom))
        if gevonden is None:
            gevonden = self._bron[id(atom)] = self._zoek_bronveld(atom)
        return gevonden

    def _zoek_bronveld(self, atom: ir.Atom) -> list[str]:
        if atom.feit == "gemeente":
            return ["gemeente"]
        if atom.prop == "l" and atom.feit in self.feiten.per_naam:
            return ["geboortedatum"]
        ft = self.vocab.feiten.get(atom.feit)
        bron = ft.bronvelden if ft else (atom.feit,)
        for veld in bron:
            if getattr(self.profiel, veld, None) is None:
                return [veld]
        return [bron[0]]

    # --- legal basis -----------------------------------------------------------------

    def verwijzing(self, g: Grondslag, rol: str) -> GrondslagVerwijzing:
        """The citation of ``g`` in ``rol``, with its link not yet pinned to a date."""
        sleutel = (id(g), rol)
        caches = self.caches
        gevonden = caches.citations.get(sleutel)
        if gevonden is None:
            gevonden = _verwijzing(g, rol)
            caches.citation_keys[id(gevonden)] = _citaatsleutel(gevonden)
            caches.citations[sleutel] = gevonden
        return gevonden

    def verwijzingen(self, regel_id: str, rol: str) -> list[GrondslagVerwijzing]:
        """The citations of a rule's legal basis in ``rol`` (links not yet dated)."""
        sleutel = (self.programma.key, regel_id, rol)
        gevonden = self.caches.citation_lists.get(sleutel)
        if gevonden is None:
            gevonden = self.caches.citation_lists[sleutel] = [
                self.verwijzing(g, rol) for g in self.versies[regel_id].grondslag]
        return gevonden

    def gedateerd(self, item: Any) -> Any:
        """``item`` with the links of its citations pinned to the peildatum; shared by the
        cases on that date."""
        if not self.deelt:
            return item._met(grondslag=[_gedateerde_verwijzing(c, self.datum.achtervoegsel) for c in item.grondslag])
        sleutel = (self.feiten.peildatum, id(item))
        gevonden = self.caches.dated.get(sleutel)
        if gevonden is None:
            citaten = self.datum.citations
            grondslag = []
            for citaat in item.grondslag:
                gedateerd = citaten.get(id(citaat))
                if gedateerd is None:
                    gedateerd = citaten[id(citaat)] = _gedateerde_verwijzing(citaat, self.datum.achtervoegsel)
                grondslag.append(gedateerd)
            gevonden = self.caches.dated.put(sleutel, (item, item._met(grondslag=grondslag)))
            deel(gevonden[1])
        return gevonden[1]


def _verwijzing(g: Grondslag, rol: str, peildatum: dt.date | None = None) -> GrondslagVerwijzing:
    """A citation, its link pinned to ``peildatum`` if given (the explanation caches them
    undated per rule base, and dates them per peildatum; the models are frozen)."""
    url: str | None
    if g.artikel is not None and g.bwb is not None:
        url = juriconnect(g.bwb, g.artikel, g.lid, g.onderdeel, peildatum)
    else:
        url = bron_url(g.bron) if g.bron else None
    return GrondslagVerwijzing._bouw(
        wet=g.wet, bwb=g.bwb, artikel=g.artikel, lid=g.lid, onderdeel=g.onderdeel, sub=g.sub,
        url=url, begrip=g.begrip, bron=g.bron, zekerheid=g.zekerheid.value, rol=rol)


def _gedateerde_verwijzing(citaat: GrondslagVerwijzing, achtervoegsel: str) -> GrondslagVerwijzing:
    """The citation with its link to the law as it read on a date: ``achtervoegsel`` is that
    date's ``wetten.datumdeel``; a link to another source carries no date."""
    if citaat.artikel is None or citaat.bwb is None or citaat.url is None:
        return citaat
    return citaat._met(url=citaat.url + achtervoegsel)


def _uniek(items: Iterable[GrondslagVerwijzing],
           sleutels: dict[int, tuple[Any, ...]] | None = None) -> list[GrondslagVerwijzing]:
    """Each citation once; the first role wins (an article already cited keeps its role).
    ``sleutels``: the keys of the cached citations, by identity."""
    gezien: set[tuple[Any, ...]] = set()
    uit: list[GrondslagVerwijzing] = []
    for item in items:
        sleutel = sleutels.get(id(item)) if sleutels is not None else None
        if sleutel is None:
            sleutel = _citaatsleutel(item)
        if sleutel not in gezien:
            gezien.add(sleutel)
            uit.append(item)
    return uit


def _citaatsleutel(item: GrondslagVerwijzing) -> tuple[Any, ...]:
    """What makes two citations the same citation (whatever their role)."""
    return (item.bwb, item.artikel, item.lid, item.onderdeel, item.sub, item.begrip, item.bron)


def leg_uit(bank: RuleBase, programma: ir.Program, feiten: Feiten, uitkomst: Uitkomst,
            vocab: Vocabulaire, profiel: CaseProfile, *, versie: str, backend: str,
            alles: bool = False, trace: bool = True, wetdatum_apart: bool = False) -> Advies:
    """Build the advice for one evaluated case; without ``trace`` its trace stays empty
    (the rest is the same: grounds and doubts of the supports are still followed).
    ``feiten.peildatum`` is the law's date here; ``wetdatum_apart`` says it is a wetdatum other
    than the person's peildatum, so that the warnings name the date they are about."""
    u = _Uitlegger(bank, programma, feiten, uitkomst, vocab, profiel, trace=trace)
    secties: dict[Soort, list[Any]] = {s: [] for s in _SECTIES}
    sporen: list[TraceStap] = []
    vragen: dict[str, list[str]] = defaultdict(list)
    regels = u.regels
    for sjabloon in _sjablonen(u):
        regel = sjabloon[0]
        w = regels.get(regel.id)
        if w is False and not sjabloon[3] and not alles:
            continue
        item, stap = _item(u, sjabloon, w)
        secties[regel.soort].append(u.gedateerd(item))
        if w is None:
            for veld in u.onbekend_regel(regel.id):
                vragen[veld].append(regel.id)
        if stap is not None:
            sporen.append(stap)
    vraag_items = sorted(vragen.items(), key=lambda kv: (-len(kv[1]), _VELDVOLGORDE.get(kv[0], 99)))
    vragenlijst = [_vraag(u.caches, veld, ids) if u.deelt else _maak_vraag(veld, ids) for veld, ids in vraag_items]
    waarschuwingen: list[str] = []
    if bank.dekking.gecontroleerd_tot and feiten.peildatum > bank.dekking.gecontroleerd_tot:
        datum = "wetdatum" if wetdatum_apart else "peildatum"
        waarschuwingen.append(
            f"De {datum} {feiten.peildatum} ligt na {bank.dekking.gecontroleerd_tot}, de jongste wetsversie "
            "waartegen de regels zijn gecontroleerd; latere wetswijzigingen zijn niet verwerkt.")
    waarschuwingen += [m.tekst.strip() for m in bank.dekking.meldingen if m.geldt_op(feiten.peildatum)]
    ontvangst = Ontvangst._bouw(
        versie=versie, regels_hash=bank.hash, peildatum=feiten.peildatum, backend=backend,
        epoch=f"{programma.start} t/m {programma.end or 'open'}", gemeente=profiel.gemeente,
        waarschuwingen=waarschuwingen,
        # the readable labels too, which vat_samen would otherwise add to a copy
        periode_vanaf=None if programma.start == dt.date.min else programma.start, periode_tot=programma.end,
        gemeente_naam=gemeente_naam(profiel.gemeente) if profiel.gemeente else None)
    return Advies._bouw(
        regimes=secties[Soort.regime], routes=secties[Soort.route], maatwerk=secties[Soort.maatwerk],
        signalen=secties[Soort.signaal], beleid=secties[Soort.beleid], vragen=vragenlijst,
        trace=sporen, ontvangst=ontvangst)


def _item(u: _Uitlegger, sjabloon: _Sjabloon, w: ir.Tri) -> _ItemMetStap:
    """An advice item (its citations' links not yet dated) and its trace step (None without a
    trace), shared by every case whose chain behind the item has the same trace lines."""
    regel = sjabloon[0]
    if not u.deelt:
        return _bouw_item(u, sjabloon, w, _keten(u, regel.id))
    regels = u.regels
    uitzonderingen = regel.uitzonderingen
    sleutel = (regel.id, w, _ketennummer(u, regel.id),
               *[regels.get(e) for e in uitzonderingen],
               # the own condition's value words the explanation when an exception is in play
               u.w(regel.als) if uitzonderingen else None)
    gevonden = u.delen.items.get(sleutel)
    if gevonden is None:
        gevonden = u.delen.items.put(sleutel, _bouw_item(u, sjabloon, w, _keten(u, regel.id)))
        bevries(gevonden[0])  # its dated copies share its lists
        if gevonden[1] is not None:
            deel(gevonden[1])
    return gevonden


def _bouw_item(u: _Uitlegger, sjabloon: _Sjabloon, w: ir.Tri, keten: list[tuple[str, _Stap]]) -> _ItemMetStap:
    regel, model, velden, _, soort = sjabloon
    regels = u.regels
    status = _STATUS[w]
    stappen, steun, onzeker = _trace(u, regel.id, keten)
    uitzonderingen = [e for e in regel.uitzonderingen if regels.get(e) is not False]
    if uitzonderingen and any(regels.get(e) is True for e in uitzonderingen):
        # an exception that holds decides; one that merely may hold is then no ground
        uitzonderingen = [e for e in uitzonderingen if regels.get(e) is True]
    # the item's own exceptions before its supports: deduplication keeps the first role
    grondslag = u.verwijzingen(regel.id, "grondslag")
    if uitzonderingen:
        grondslag = grondslag + [
            u.verwijzing(g, "uitzondering") for e in uitzonderingen for g in u.versies[e].grondslag]
    item = model._bouw(
        **velden, status=status, uitleg=_uitleg(u, u.bank, regel, w, uitzonderingen, u.feiten.peildatum),
        grondslag=_uniek(grondslag + steun if steun else grondslag, u.caches.citation_keys),
        onzeker=bool(onzeker), onzeker_toelichting=onzeker)
    stap = TraceStap._bouw(conclusie=regel.id, soort=soort, status=status, regels=stappen) \
        if u.met_trace else None
    return item, stap


#: the profile's fields in their order (questions with as many items follow it)
_VELDVOLGORDE = {veld: i for i, veld in enumerate(CaseProfile.model_fields)}

_MODEL = {Soort.regime: Regime, Soort.route: Route, Soort.maatwerk: Maatwerk, Soort.signaal: Signaal,
          Soort.beleid: Beleid}


def _sjablonen(u: _Uitlegger) -> list[_Sjabloon]:
    """Per advice item of the program: its model, the fields that do not depend on the case
    or the peildatum, whether it shows when not applicable, and its section's name. Cached
    per epoch."""
    sleutel = u.programma.key
    gevonden = u.caches.templates.get(sleutel)
    if gevonden is not None:
        return gevonden
    uit: list[_Sjabloon] = []
    for regel in u.programma.rules:
        if regel.soort not in _SECTIES:
            continue
        versie = u.versies[regel.id]
        s = regel.spec
        beslisser = s.beslisser.value if s.beslisser else None
        sjabloon: dict[str, Any] = {
            "id": regel.id, "titel": s.titel, "aard": s.aard.value,
            "geldig_vanaf": versie.vanaf if versie.vanaf > dt.date.min else None, "geldig_tot": versie.tot,
        }
        # the readable labels too, which vat_samen would otherwise add to a copy of every item
        if regel.soort is Soort.regime:
            sjabloon.update(beslisser=beslisser, beslisser_toelichting=s.beslisser_toelichting,
                            beslisser_label=beslisser_label(beslisser))
        elif regel.soort is Soort.route:
            financier = s.financier.value if s.financier else "geen"
            sjabloon.update(financier=financier, financier_toelichting=s.financier_toelichting,
                            beslisser=beslisser or "niemand", beslisser_toelichting=s.beslisser_toelichting,
                            financier_label=financier_label(financier),
                            beslisser_label=beslisser_label(beslisser or "niemand"))
        elif regel.soort is Soort.maatwerk:
            sjabloon.update(beslisser=beslisser or "niemand", beslisser_toelichting=s.beslisser_toelichting,
                            beslisser_label=beslisser_label(beslisser or "niemand"))
        elif regel.soort is Soort.signaal:
            sjabloon.update(wetten=s.wetten, overbrugging=s.overbrugging)
        else:
            sjabloon.update(gemeente=regel.gemeente or "", beslisser=beslisser, vult_in=s.vult_in,
                            verhouding_tot_wet=s.verhouding_tot_wet.value if s.verhouding_tot_wet else "",
                            beslisser_label=beslisser_label(beslisser))
        uit.append((regel, _MODEL[regel.soort], sjabloon, versie.tonen == "altijd", regel.soort.value))
    return u.caches.templates.put(sleutel, uit)


def _vraag(caches: _Caches, veld: str, ids: list[str]) -> Vraag:
    """The question for ``veld``, shared by every case it decides the same items in."""
    sleutel = (veld, *ids)
    gevonden = caches.questions.get(sleutel)
    if gevonden is None:
        gevonden = caches.questions.put(sleutel, _maak_vraag(veld, ids))
        deel(gevonden)
    return gevonden


def _maak_vraag(veld: str, ids: list[str]) -> Vraag:
    return Vraag._bouw(feit=veld, vraag=_vraagtekst(veld), beslist=sorted(set(ids)))


@lru_cache(maxsize=256)
def _vraagtekst(veld: str) -> str:
    info = CaseProfile.model_fields.get(veld)
    extra = info.json_schema_extra if info else None
    vraag = extra.get("vraag") if isinstance(extra, dict) else None
    if isinstance(vraag, str):
        return vraag
    return f"Wat is {veld.replace('_', ' ')}?"


def _stap(u: _Uitlegger, regel_id: str) -> _Stap:
    """One rule's trace line (None without a trace), the rules it leans on, whether it holds
    (its citations then support the conclusion), its doubt."""
    gevonden = u._stappen.get(regel_id)
    if gevonden is not None:
        return gevonden
    regel = u.programma.rule(regel_id)
    bestand, twijfel = u.stapsjablonen[regel_id]
    w = u.regels.get(regel_id)
    atomen: list[tuple[str, Any]] = []
    refs: list[str] = []
    if w is not None:
        u.reden(regel, w, atomen, refs)
    else:
        # Undecided: the profile fields it waits for (the same, memoised analysis that
        # yields the questions; only for the trace line), and the undecided rules it reads.
        if u.met_trace:
            atomen = [(veld, None) for veld in sorted(u.onbekend_regel(regel_id))]
        refs = [n for n in regel.effective_refs if u.ref(n) is None]
    steunt: list[str] = []
    for naam in refs:
        if naam[0] == "r":  # 'r:<rule id>'
            steunt.append(naam[2:])
        else:
            definers = u.programma.derived.get(naam[2:], ())
            steunt.extend([d for d in definers if u.regels.get(d) is True] if u.ref(naam) else definers)
    nummer, stap = _lijn(u, regel_id, w, atomen, steunt, bestand)
    gevonden = u._stappen[regel_id] = (stap, steunt, w is True, twijfel, nummer)
    return gevonden


def _lijn(u: _Uitlegger, regel_id: str, w: ir.Tri, atomen: list[tuple[str, Any]], steunt: list[str],
          bestand: str) -> _Lijn:
    """The trace line shared by every case that gives this rule the same value, facts and
    supports (most cases repeat lines seen before). The key holds each fact's type, as True
    and 1 are equal keys but different JSON."""
    if not u.deelt:
        return next(_VOLGNUMMER), _trace_regel(u, regel_id, w, atomen, steunt, bestand)
    sleutel = (regel_id, w, u.met_trace, tuple(steunt),
               *[(label, type(waarde), waarde) for label, waarde in atomen])
    try:
        gevonden = u.delen.lines.get(sleutel)
    except TypeError:  # a fact value that cannot be a key (a list): this case's own line
        return next(_VOLGNUMMER), _trace_regel(u, regel_id, w, atomen, steunt, bestand)
    if gevonden is None:
        gevonden = u.delen.lines.put(sleutel, (next(_VOLGNUMMER),
                                                _trace_regel(u, regel_id, w, atomen, steunt, bestand)))
    return gevonden


def _trace_regel(u: _Uitlegger, regel_id: str, w: ir.Tri, atomen: list[tuple[str, Any]], steunt: list[str],
                 bestand: str) -> TraceRegel | None:
    if not u.met_trace:
        return None
    lijn = TraceRegel._bouw(regel=regel_id, waarde=_WAARDE[w], feiten=dict(atomen), steunt_op=list(steunt),
                            bestand=bestand)
    bevries(lijn)  # shared by the cases that give it
    return lijn


def _stapsjablonen(bank: RuleBase, caches: _Caches, programma: ir.Program) -> dict[str, _StapSjabloon]:
    """Per rule of the program, the case-independent part of its trace line: file and line,
    and its doubt. Cached per epoch."""
    sleutel = programma.key
    gevonden = caches.steps.get(sleutel)
    if gevonden is not None:
        return gevonden
    versies = bank.versions_on(programma.start)
    uit: dict[str, _StapSjabloon] = {}
    for regel in programma.rules:
        spec = versies[regel.id].spec
        twijfel = f"{spec.titel}: {spec.onzeker_toelichting}" if spec.onzeker and spec.onzeker_toelichting \
            else None
        uit[regel.id] = (f"{_relatief(regel.file, bank.directory)}:{regel.line}", twijfel)
    return caches.steps.put(sleutel, uit)


@lru_cache(maxsize=4096)
def _relatief(pad: str, map_: str) -> str:
    """A rule file's path relative to the rule directory (no machine-specific prefix).
    Cached: resolving walks the file system."""
    try:
        return Path(pad).resolve().relative_to(Path(map_).resolve()).as_posix()
    except ValueError:
        return Path(pad).name


def _keten(u: _Uitlegger, regel_id: str) -> list[tuple[str, _Stap]]:
    """The rules behind one conclusion with their steps, breadth first from the conclusion."""
    keten: list[tuple[str, _Stap]] = []
    te_doen = [regel_id]
    gezien: set[str] = set()
    stappen = u._stappen
    for huidig in te_doen:  # grows while it is walked
        if huidig in gezien:
            continue
        gezien.add(huidig)
        stap = stappen.get(huidig) or _stap(u, huidig)
        te_doen.extend(stap[1])
        keten.append((huidig, stap))
    return keten


def _ketennummer(u: _Uitlegger, regel_id: str) -> int:
    """A number for the trace lines behind a conclusion, shared by every case with the same
    lines: of its own line and those of the rules it leans on (the rules form no cycle)."""
    gevonden = u._ketens.get(regel_id)
    if gevonden is None:
        _, steunt, _, _, lijn = u._stappen.get(regel_id) or _stap(u, regel_id)
        sleutel = (lijn, *[_ketennummer(u, s) for s in steunt])
        gevonden = u.delen.chains.get(sleutel)
        if gevonden is None:
            gevonden = u.delen.chains.put(sleutel, next(_VOLGNUMMER))
        u._ketens[regel_id] = gevonden
    return gevonden


def _trace(u: _Uitlegger, regel_id: str, keten: list[tuple[str, _Stap]]
           ) -> tuple[list[TraceRegel], list[GrondslagVerwijzing], list[str]]:
    """The trace lines of a conclusion's chain (none without a trace), the legal basis of its
    supports, uncertainty notes."""
    stappen: list[TraceRegel] = []
    steun: list[GrondslagVerwijzing] = []
    onzeker: list[str] = []
    regels = u.regels
    for huidig, (stap, _, geldt, twijfel, _) in keten:
        if geldt and huidig != regel_id:
            # Deeper in the chain every rule that holds, an exception included, is a ground
            # the conclusion rests on ('afgeleid'; 'uitzondering' is for the item's own).
            steun.extend(u.verwijzingen(huidig, "afgeleid"))
        # An uncertain rule matters to the conclusion when it is the conclusion itself, or a
        # support that holds or may hold; one that certainly does not hold decides nothing.
        if twijfel and (huidig == regel_id or regels.get(huidig) is not False):
            onzeker.append(twijfel)
        if stap is not None:
            stappen.append(stap)
    return stappen, steun, onzeker


def _uitleg(u: _Uitlegger, bank: RuleBase, regel: ir.IRRule, w: ir.Tri,
            uitzonderingen: list[str], peildatum: dt.date) -> str:
    s = regel.spec
    if w is True:
        return s.uitleg
    if w is False:
        opzij = [e for e in uitzonderingen if u.regel_waarde(e) is True]
        eigen_niet = u.w(regel.als) is False
        if opzij and not eigen_niet:
            # The rule's own condition holds or may hold: the exception is the reason, and
            # uitleg_niet (written for a failing own condition) would mislead.
            return "Niet van toepassing. Opzij gezet door: " + " ".join(
                _reden(bank, e, peildatum) for e in opzij)
        if opzij:
            redenen = " ".join(_reden(bank, e, peildatum) for e in opzij)
            return (s.uitleg_niet or "Niet van toepassing.") + f" Ook opzij gezet door: {redenen}"
        return s.uitleg_niet or "Niet van toepassing: de voorwaarden zijn niet vervuld."
    tekst = s.uitleg_onbepaald or "Nog niet te bepalen: er ontbreken feiten (zie de vragen)."
    open_ = [e for e in uitzonderingen if u.regel_waarde(e) is None]
    if open_ and u.w(regel.als) is True:
        tekst += " Mogelijk opzij gezet door: " + "; ".join(_titel(bank, e, peildatum) for e in open_) + "."
    return tekst


def _reden(bank: RuleBase, regel_id: str, peildatum: dt.date) -> str:
    """'<titel>: <uitleg>' of an exception that sets an item aside."""
    versie = bank.version(regel_id, peildatum)
    if versie is None:
        return f"{regel_id}."
    uitleg = versie.spec.uitleg.strip()
    return f"{versie.spec.titel}: {uitleg}" + ("" if uitleg.endswith(".") else ".")


def _titel(bank: RuleBase, regel_id: str, peildatum: dt.date) -> str:
    versie = bank.version(regel_id, peildatum)
    return versie.spec.titel if versie else regel_id
