"""The engine-neutral compiled form of the rule base.

Conditions compile to a small expression tree evaluated in three-valued (Kleene) logic:
a fact the profile does not give is *unknown*, and so is every conclusion that depends on
it. Both backends (durable-rules and the pure-Python reference evaluator) run exactly this
form over exactly the same encoded facts (:mod:`regelruimte.encode`), so they can be
compared in property tests.

References between rules go through names: ``f:<fact>`` is a derived fact (true when any
rule concluding it holds), ``r:<rule id>`` is a rule's *effective* outcome: its condition
holds and none of the exceptions that set it aside holds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal, TypeAlias

from .spec import Regel, Soort

__all__ = [
    "And",
    "Atom",
    "Const",
    "Exists",
    "Expr",
    "Gegeven",
    "IRRegel",
    "Not",
    "Or",
    "Programma",
    "Ref",
    "Tri",
    "atomen",
    "herschrijf_refs",
    "refs",
]

Tri: TypeAlias = bool | None  # True, False, or None = unknown
Op = Literal["eq", "ne", "in", "nin", "ge", "gt", "lt", "le", "bekend"]


@dataclass(frozen=True)
class Atom:
    """A test on one property of one encoded fact (or of one list element in ``Exists``)."""

    feit: str  # fact name ('leeftijd', 'vrijstellingen', item field 'gestart_op')
    prop: str  # 'v' for the value, a date-measure code, or a set member
    op: Op
    waarde: Any  # scalar, or a tuple for in/nin
    pad: str  # the fact path as written in the rule (for explanations and questions)


@dataclass(frozen=True)
class And:
    items: tuple[Expr, ...]


@dataclass(frozen=True)
class Or:
    items: tuple[Expr, ...]


@dataclass(frozen=True)
class Not:
    item: Expr


@dataclass(frozen=True)
class Const:
    waarde: Tri


@dataclass(frozen=True)
class Ref:
    naam: str  # 'f:<derived fact>' or 'r:<rule id>'


@dataclass(frozen=True)
class Gegeven:
    """Whether a profile field (or computed kenmerk) is given: always true or false, never
    unknown, so it never leads to a question. Inside Exists, use Atom(op='bekend')."""

    feit: str
    pad: str


@dataclass(frozen=True)
class Exists:
    lijst: str
    cond: Expr  # atoms on element fields only


Expr: TypeAlias = Atom | And | Or | Not | Const | Ref | Exists | Gegeven

WAAR = Const(True)
ONWAAR = Const(False)
ONBEKEND = Const(None)


@dataclass(frozen=True)
class IRRegel:
    """One rule version as the engine runs it."""

    id: str
    soort: Soort
    feit: str | None  # for soort feit: the derived fact it concludes
    als: Expr
    uitzonderingen: tuple[str, ...]  # ids of exception rules that set this rule aside
    spec: Regel = field(compare=False, hash=False)
    pad: str = field(compare=False, hash=False)  # file the rule came from
    regel: int = field(default=0, compare=False, hash=False)  # line in that file
    gemeente: str | None = None  # municipal policy: the CBS code it applies to

    def __post_init__(self) -> None:
        # Built once: explanations memoise values by node identity, so every node of a
        # program must live as long as the program.
        effectief = self.als if not self.uitzonderingen else And(
            (self.als, Not(Or(tuple(Ref(f"r:{u}") for u in self.uitzonderingen)))))
        object.__setattr__(self, "_effectief", effectief)
        object.__setattr__(self, "_refs", tuple(refs(effectief)))

    @property
    def effectief(self) -> Expr:
        """The condition with the exceptions that set this rule aside."""
        return self._effectief  # type: ignore[no-any-return, attr-defined]

    @property
    def effectief_refs(self) -> tuple[str, ...]:
        """The Ref names ``effectief`` reads, in order (built once; explanations ask often)."""
        return self._refs  # type: ignore[no-any-return, attr-defined]


@dataclass
class Programma:
    """The rules active on one stretch of dates (an epoch), in dependency order."""

    vanaf: dt.date
    tot: dt.date | None  # inclusive last day; None = open-ended
    regels: tuple[IRRegel, ...]
    #: derived fact -> ids of the rules concluding it
    afgeleid: dict[str, tuple[str, ...]]
    #: names ('f:..', 'r:..') that some condition reads, so a backend must publish them
    gelezen: frozenset[str]
    sleutel: str = ""  # identifies the program (rule hash + epoch) for caches

    def regel(self, regel_id: str) -> IRRegel:
        return self._index[regel_id]

    def __post_init__(self) -> None:
        self._index = {r.id: r for r in self.regels}


def herschrijf_refs(expr: Expr, vervang: Callable[[str], Expr | None]) -> Expr:
    """``expr`` with every Ref for which ``vervang(naam)`` gives an expression replaced by it
    (open terms, rules that do not hold in an epoch, derived facts with one definition)."""
    match expr:
        case Ref(naam):
            nieuw = vervang(naam)
            return expr if nieuw is None else nieuw
        case And(items):
            return And(tuple(herschrijf_refs(i, vervang) for i in items))
        case Or(items):
            return Or(tuple(herschrijf_refs(i, vervang) for i in items))
        case Not(item):
            return Not(herschrijf_refs(item, vervang))
        case _:
            return expr


def atomen(expr: Expr) -> Iterator[Atom]:
    """All atoms of an expression (top level and inside Exists)."""
    match expr:
        case Atom():
            yield expr
        case And(items) | Or(items):
            for item in items:
                yield from atomen(item)
        case Not(item):
            yield from atomen(item)
        case Exists(_, cond):
            yield from atomen(cond)
        case _:
            return


def refs(expr: Expr) -> Iterator[str]:
    """All Ref names read by an expression."""
    match expr:
        case Ref(naam):
            yield naam
        case And(items) | Or(items):
            for item in items:
                yield from refs(item)
        case Not(item):
            yield from refs(item)
        case _:
            return
