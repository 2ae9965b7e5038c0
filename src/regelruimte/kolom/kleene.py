"""A compiled program evaluated over whole columns, in Kleene logic on 0/1/2 arrays.

One ``uint8`` per row: 0 false, 1 unknown, 2 true, so ``and`` is the minimum, ``or`` the
maximum and ``not`` is ``2 - x`` — the logic of :mod:`regelruimte.semantics`, which stays the
one home of the meaning (:func:`regelruimte.semantics.kleene_and` and friends); this module
only applies it to arrays. Besides every rule's value it works out, per row, what
:mod:`regelruimte.explain` would: the profile fields that could still decide an undecided rule
(the questions, a bit per field) and, where presumptions apply, which presumed facts a decided
rule's reasoning rests on (a bit per presumption, as :func:`regelruimte.vermoedens.markeer`
reads the trace).

A construct this module cannot evaluate raises :class:`NietKolomsgewijs` before any row is
evaluated; the batch then takes the per-case path for that chunk and says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from .. import ir
from ..profile import CaseProfile
from ..semantics import element_key
from ..vocabulary import Vocabulaire
from .codeer import Element, KolomFeiten, Prop
from .invoer import Bools, dagnummer

__all__ = ["NietKolomsgewijs", "Uitkomsten", "evalueer_programma", "logisch"]

U8 = npt.NDArray[np.uint8]
U64 = npt.NDArray[np.uint64]

ONWAAR, ONBEKEND, WAAR = 0, 1, 2
#: profile field -> its bit in a question mask (list(CaseProfile.model_fields) order)
VELDBIT: dict[str, int] = {naam: i for i, naam in enumerate(CaseProfile.model_fields)}


class NietKolomsgewijs(ValueError):
    """The program holds a construct the columnar evaluator does not cover."""


def logisch(waarde: ir.Tri) -> int:
    return WAAR if waarde is True else ONWAAR if waarde is False else ONBEKEND


@dataclass
class Uitkomsten:
    """Per rule its value; per rule the fields that could decide it (bit masks over
    :data:`VELDBIT`, zero where decided); per rule the presumptions its reasoning rests on
    (bit i: ``vermoed[i]``, only where decided)."""

    waarden: dict[str, U8]
    vragen: dict[str, U64 | None]
    steun: dict[str, U64 | None]
    vermoed: list[str]


def _bit(veld: str) -> np.uint64:
    if veld not in VELDBIT or VELDBIT[veld] >= 64:
        raise NietKolomsgewijs(f"vraag naar '{veld}' valt buiten de velden van het profiel")
    return np.uint64(1 << VELDBIT[veld])


def _constante(prop: Prop, waarde: Any) -> int | None:
    """The constant as the property stores values; None: it never equals one."""
    if prop.soort == "tekst":
        if not isinstance(waarde, str):
            return None
        return prop.woorden.index(waarde) if waarde in prop.woorden else None
    if prop.soort == "datum":
        if not isinstance(waarde, str) or len(waarde) != 10:
            raise NietKolomsgewijs(f"datumvergelijking met {type(waarde).__name__}")
        try:
            return dagnummer(dt.date.fromisoformat(waarde))
        except ValueError:
            raise NietKolomsgewijs("datumvergelijking met een tekst die geen datum is") from None
    if isinstance(waarde, bool | int):
        return int(waarde)
    raise NietKolomsgewijs(f"vergelijking van een getal met {type(waarde).__name__}")


def _vergelijk(atom: ir.Atom, prop: Prop) -> Bools:
    """``compare(op, value, constant)`` on every row (meaningful where known)."""
    x = prop.waarde
    if atom.op in ("in", "nin"):
        codes = [c for c in (_constante(prop, w) for w in atom.value) if c is not None]
        binnen = np.isin(x, np.array(codes, dtype=np.int64))
        return binnen if atom.op == "in" else ~binnen
    c = _constante(prop, atom.value)
    if atom.op in ("eq", "ne"):
        gelijk = np.zeros(len(x), dtype=np.bool_) if c is None else x == c
        return gelijk if atom.op == "eq" else ~gelijk
    if prop.soort == "tekst" or c is None:
        raise NietKolomsgewijs(f"'{atom.op}' op een keuzeveld")
    match atom.op:
        case "ge":
            return x >= c
        case "gt":
            return x > c
        case "lt":
            return x < c
        case "le":
            return x <= c
    raise NietKolomsgewijs(f"operator '{atom.op}'")


def _atoom(atom: ir.Atom, prop: Prop | None, n: int) -> U8:
    if prop is None:
        return np.full(n, ONBEKEND, dtype=np.uint8)
    return _drie(prop.bekend, _vergelijk(atom, prop))


def _drie(bekend: Bools, waar: Bools) -> U8:
    """2 where known and true, 0 where known and false, 1 where unknown (one byte each)."""
    uit: U8 = np.where(bekend, waar.view(np.uint8) * np.uint8(2), np.uint8(ONBEKEND))
    return uit


def _twee(waar: Bools) -> U8:
    """2 where true, 0 elsewhere."""
    uit: U8 = waar.view(np.uint8) * np.uint8(2)
    return uit


def _en(delen: Sequence[U8], n: int) -> U8:
    uit = np.full(n, WAAR, dtype=np.uint8)
    for deel in delen:
        np.minimum(uit, deel, out=uit)
    return uit


def _of(delen: Sequence[U8], n: int) -> U8:
    uit = np.full(n, ONWAAR, dtype=np.uint8)
    for deel in delen:
        np.maximum(uit, deel, out=uit)
    return uit


def _element(expr: ir.Expr, element: Element, n: int) -> U8:
    """``semantics.evaluate_element`` on one element slot."""
    match expr:
        case ir.Atom():
            prop = element.props.get(element_key(expr))
            if expr.op == "bekend":
                return _twee(prop.bekend) if prop is not None else np.zeros(n, dtype=np.uint8)
            return _atoom(expr, prop, n)
        case ir.And(items):
            return _en([_element(i, element, n) for i in items], n)
        case ir.Or(items):
            return _of([_element(i, element, n) for i in items], n)
        case ir.Not(item):
            return np.uint8(WAAR) - _element(item, element, n)
        case ir.Const(value):
            return np.full(n, logisch(value), dtype=np.uint8)
    raise NietKolomsgewijs(f"niet toegestaan in een element: {type(expr).__name__}")


class _Regel:
    """One rule's effective condition over the rows: values per node, then what
    ``explain`` derives from them."""

    def __init__(self, ev: _Programma) -> None:
        self.ev = ev
        self.f = ev.f
        self.n = ev.f.n
        self.memo: dict[int, U8] = {}

    # --- values ---------------------------------------------------------------------

    def w(self, expr: ir.Expr) -> U8:
        gevonden = self.memo.get(id(expr))
        if gevonden is None:
            gevonden = self.memo[id(expr)] = self._w(expr)
        return gevonden

    def _w(self, expr: ir.Expr) -> U8:
        n = self.n
        match expr:
            case ir.Atom():
                if expr.op == "bekend":
                    raise NietKolomsgewijs("'bekend' buiten een lijstelement")
                return _atoom(expr, self.f.props.get((expr.feit, expr.prop)), n)
            case ir.And(items):
                return _en([self.w(i) for i in items], n)
            case ir.Or(items):
                return _of([self.w(i) for i in items], n)
            case ir.Not(item):
                return np.uint8(WAAR) - self.w(item)
            case ir.Const(value):
                return np.full(n, logisch(value), dtype=np.uint8)
            case ir.Given(feit):
                aanwezig = self.f.aanwezig.get(feit)
                return np.full(n, ONWAAR, dtype=np.uint8) if aanwezig is None else _twee(aanwezig)
            case ir.Ref(name):
                return self.ev.ref(name)
            case ir.Exists(lijst, cond):
                return self._bestaat(lijst, cond)
        raise NietKolomsgewijs(f"knoop {type(expr).__name__}")

    def _bestaat(self, lijst: str, cond: ir.Expr) -> U8:
        n = self.n
        delen = [np.where(e.aanwezig, _element(cond, e, n), np.uint8(ONWAAR))
                 for e in self.f.elementen.get(lijst, [])]
        gegeven = self.f.aanwezig.get(lijst, np.zeros(n, dtype=np.bool_))
        uit: U8 = np.where(gegeven, _of(delen, n), np.uint8(ONBEKEND))
        return uit

    # --- the questions: explain._Uitlegger.onbekend ------------------------------------
    # None stands for "no field on any row": most rules are decided on most rows.

    def q(self, expr: ir.Expr) -> U64 | None:
        """The fields that could still decide ``expr``, where it is unknown."""
        onbekend = self.w(expr) == ONBEKEND
        if not onbekend.any():
            return None
        uit: U64 | None
        match expr:
            case ir.And(items) | ir.Or(items):
                uit = _of_bits(self.q(item) for item in items)
            case ir.Atom():
                veld: U64 = np.where(onbekend, self._bronveld(expr), np.uint64(0))
                return veld
            case ir.Not(item):
                uit = self.q(item)
            case ir.Ref(name):
                uit = self.ev.vragen_achter(name)
            case ir.Exists(lijst, cond):
                uit = self._q_element(lijst, cond)
            case _:
                return None
        return None if uit is None else np.where(onbekend, uit, np.uint64(0))

    def _bronveld(self, atom: ir.Atom) -> U64 | np.uint64:
        """The field to ask for an atom's fact (one for every row where the fact has one source
        field: the caller masks it per row)."""
        n = self.n
        if atom.feit == "gemeente":
            return _bit("gemeente")
        ft = self.ev.vocab.feiten.get(atom.feit)
        bron = ft.bronvelden if ft else (atom.feit,)
        if len(bron) == 1 and atom.prop != "l":
            return _bit(bron[0])
        uit = np.full(n, _bit(bron[0]), dtype=np.uint64)
        for veld in reversed(bron):
            gegeven = self.f.gegeven.get(veld, np.zeros(n, dtype=np.bool_))
            uit = np.where(gegeven, uit, _bit(veld))
        if atom.prop == "l":
            aanwezig = self.f.aanwezig.get(atom.feit, np.zeros(n, dtype=np.bool_))
            uit = np.where(aanwezig, _bit("geboortedatum"), uit)
        return uit

    def _q_element(self, lijst: str, cond: ir.Expr) -> U64:
        n = self.n
        gegeven = self.f.aanwezig.get(lijst, np.zeros(n, dtype=np.bool_))
        geboren = self.f.gegeven["geboortedatum"]
        bits = np.zeros(n, dtype=np.uint64)
        for atom in ir.atoms(cond):
            bits |= np.where(geboren, _bit(lijst), _bit("geboortedatum")) if atom.prop == "l" else _bit(lijst)
        twijfel = np.zeros(n, dtype=np.bool_)
        for e in self.f.elementen.get(lijst, []):
            twijfel |= e.aanwezig & (_element(cond, e, n) == ONBEKEND)
        return np.where(~gegeven, _bit(lijst), np.where(twijfel, bits, np.uint64(0)))

    # --- presumptions: what the reasoning of a decided expression rests on --------------

    def r(self, expr: ir.Expr) -> U64 | None:
        """The presumptions in ``explain``'s justification of ``expr`` (where decided)."""
        match expr:
            case ir.Atom(label=label) | ir.Given(label=label):
                return self.ev.vermoed_bit(label)
            case ir.Not(item):
                return self.r(item)
            case ir.And(items):
                return self._kies(self.w(expr) == WAAR, items, ONWAAR)
            case ir.Or(items):
                return self._kies(self.w(expr) == ONWAAR, items, WAAR)
            case ir.Ref(name):
                return self.ev.steun_achter(name, self.w(expr))
            case ir.Exists(lijst):
                bit = self.ev.vermoed_bit(lijst)
                return None if bit is None else np.where(self.w(expr) == ONWAAR, bit, np.uint64(0))
        return None

    def _kies(self, alle: Bools, items: tuple[ir.Expr, ...], doel: int) -> U64 | None:
        """Where ``alle``: every part's reasons; elsewhere those of the first part whose
        value is ``doel`` (a true conjunction rests on all its parts, a false one on its
        first false part)."""
        delen = [(item, self.r(item)) for item in items]
        samen = _of_bits(r for _, r in delen)
        if samen is None:
            return None
        uit = np.where(alle, samen, np.uint64(0))
        gevonden = alle.copy()
        for item, reden in delen:
            hier = ~gevonden & (self.w(item) == doel)
            if reden is not None and hier.any():
                uit = np.where(hier, reden, uit)
            gevonden |= hier
        return uit


def _of_bits(delen: Iterable[U64 | None]) -> U64 | None:
    uit: U64 | None = None
    for deel in delen:
        if deel is not None:
            uit = deel if uit is None else uit | deel
    return uit


#: what a rule's question mask is handed to as soon as it is known (see evalueer_programma)
Teller = Callable[[ir.IRRule, "U64 | None"], None]


def _verwezen(program: ir.Program) -> set[str]:
    """The rules some rule refers to, directly or through a derived fact."""
    uit: set[str] = set()
    for regel in program.rules:
        for naam in ir.refs(regel.effective):
            soort, _, doel = naam.partition(":")
            uit.update([doel] if soort == "r" else program.derived.get(doel, ()))
    return uit


class _Programma:
    def __init__(self, program: ir.Program, f: KolomFeiten, vocab: Vocabulaire, vermoed: list[str],
                 teller: Teller | None = None) -> None:
        self.program = program
        self.f = f
        self.vocab = vocab
        self.vermoed = vermoed
        self.teller = teller
        # with a teller, only the masks a later rule reads are kept (a mask is 8 bytes a row)
        self.bewaar = _verwezen(program) if teller is not None else None
        self.waarden: dict[str, U8] = {}
        self.vragen: dict[str, U64 | None] = {}
        self.steun: dict[str, U64 | None] = {}

    def ref(self, name: str) -> U8:
        soort, _, doel = name.partition(":")
        if soort == "r":
            gevonden = self.waarden.get(doel)
            return gevonden if gevonden is not None else np.full(self.f.n, ONBEKEND, dtype=np.uint8)
        return _of([self.ref(f"r:{d}") for d in self.program.derived.get(doel, ())], self.f.n)

    def vragen_achter(self, name: str) -> U64 | None:
        soort, _, doel = name.partition(":")
        ids = [doel] if soort == "r" else list(self.program.derived.get(doel, ()))
        return _of_bits(self.vragen.get(i) for i in ids)

    def vermoed_bit(self, label: str) -> U64 | None:
        if label not in self.vermoed:
            return None
        return np.where(self.f.vermoed[label], np.uint64(1 << self.vermoed.index(label)), np.uint64(0))

    def steun_achter(self, name: str, waarde: U8) -> U64 | None:
        soort, _, doel = name.partition(":")
        if soort == "r":
            return self.steun.get(doel)
        definers = [(d, self.steun.get(d)) for d in self.program.derived.get(doel, ())]
        alle = _of_bits(s for _, s in definers)
        if alle is None:
            return None
        waar = _of_bits(np.where(self.ref(f"r:{d}") == WAAR, s, np.uint64(0)) for d, s in definers if s is not None)
        assert waar is not None
        return np.where(waarde == WAAR, waar, alle)

    def draai(self) -> Uitkomsten:
        for regel in self.program.rules:
            r = _Regel(self)
            self.waarden[regel.id] = r.w(regel.effective)
            vragen = r.q(regel.effective)
            if self.teller is not None:
                self.teller(regel, vragen)
            if self.bewaar is None or regel.id in self.bewaar:
                self.vragen[regel.id] = vragen
            if self.vermoed:
                self.steun[regel.id] = r.r(regel.effective)
        return Uitkomsten(self.waarden, self.vragen, self.steun, self.vermoed)


def evalueer_programma(program: ir.Program, f: KolomFeiten, vocab: Vocabulaire,
                       teller: Teller | None = None) -> Uitkomsten:
    """Every rule of ``program`` on every row of ``f``. ``teller``: called with each rule and
    its question mask as soon as it is known; ``Uitkomsten.vragen`` then holds only the masks
    of rules that other rules refer to."""
    return _Programma(program, f, vocab, sorted(f.vermoed), teller).draai()


def waar_op(expr: ir.Expr, f: KolomFeiten, vocab: Vocabulaire) -> Bools:
    """Where a condition without references (a presumption's) is true."""
    leeg = ir.Program(dt.date.min, None, (), {}, frozenset())
    waar: Bools = _Regel(_Programma(leeg, f, vocab, [])).w(expr) == WAAR
    return waar
