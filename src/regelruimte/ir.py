"""The engine-neutral compiled form of the rule base.

Conditions compile to a small expression tree evaluated in three-valued (Kleene) logic
(:mod:`regelruimte.semantics`): a fact the profile does not give is *unknown*, and so is
every conclusion that depends on it. Both backends (durable-rules and the pure-Python
reference evaluator) run exactly this form over exactly the same encoded facts
(:mod:`regelruimte.encode`), so they can be compared in property tests.

References between rules go through names: ``f:<fact>`` is a derived fact (true when any
rule concluding it holds), ``r:<rule id>`` is a rule's *effective* outcome: its condition
holds and none of the exceptions that set it aside holds.

Field names that mirror the rule language (``feit``, ``soort``, ``als``, ``lijst``,
``uitzonderingen``, ``gemeente``) keep its Dutch words; engine terms are English (see
docs/glossary.md). The Dutch names of the engine terms from before the rename remain as
aliases.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal, TypeAlias

from .spec import Regel, Soort

__all__ = [
    "FALSE",
    "TRUE",
    "UNKNOWN",
    "And",
    "Atom",
    "Const",
    "Exists",
    "Expr",
    "Given",
    "IRRule",
    "Not",
    "Or",
    "Program",
    "Ref",
    "Tri",
    "atoms",
    "refs",
    "rewrite_refs",
]

Tri: TypeAlias = bool | None  # True, False, or None = unknown
Op = Literal["eq", "ne", "in", "nin", "ge", "gt", "lt", "le", "bekend"]


@dataclass(frozen=True)
class Atom:
    """A test on one property of one encoded fact (or of one list element in ``Exists``)."""

    feit: str  # fact name ('leeftijd', 'vrijstellingen', item field 'gestart_op')
    prop: str  # 'v' for the value, a date-measure code, or a set member
    op: Op
    value: Any  # scalar, or a tuple for in/nin
    label: str  # the fact as written in the rule, e.g. 'geboortedatum.jaren_geleden' (for explanations)

    @property
    def waarde(self) -> Any:
        """Alias of :attr:`value` (the name before the rename)."""
        return self.value

    @property
    def pad(self) -> str:
        """Alias of :attr:`label` (the name before the rename)."""
        return self.label


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
    value: Tri

    @property
    def waarde(self) -> Tri:
        """Alias of :attr:`value` (the name before the rename)."""
        return self.value


@dataclass(frozen=True)
class Ref:
    name: str  # 'f:<derived fact>' or 'r:<rule id>' (and 'o:<open term>' until it is wired)

    @property
    def naam(self) -> str:
        """Alias of :attr:`name` (the name before the rename)."""
        return self.name


@dataclass(frozen=True)
class Given:
    """Whether a profile field (or computed kenmerk) is given: always true or false, never
    unknown, so it never leads to a question. Inside Exists, use Atom(op='bekend')."""

    feit: str
    label: str

    @property
    def pad(self) -> str:
        """Alias of :attr:`label` (the name before the rename)."""
        return self.label


@dataclass(frozen=True)
class Exists:
    lijst: str  # the list fact ('jeugdhulp')
    cond: Expr  # atoms on element fields only


Expr: TypeAlias = Atom | And | Or | Not | Const | Ref | Exists | Given

TRUE = Const(True)
FALSE = Const(False)
UNKNOWN = Const(None)


@dataclass(frozen=True)
class IRRule:
    """One rule version as the engine runs it."""

    id: str
    soort: Soort
    feit: str | None  # for soort feit: the derived fact it concludes
    als: Expr
    uitzonderingen: tuple[str, ...]  # ids of exception rules that set this rule aside
    spec: Regel = field(compare=False, hash=False)
    file: str = field(compare=False, hash=False)  # file the rule came from
    line: int = field(default=0, compare=False, hash=False)  # line of the rule in that file
    gemeente: str | None = None  # municipal policy: the CBS code it applies to

    def __post_init__(self) -> None:
        # Built once: explanations memoise values by node identity, so every node of a
        # program must live as long as the program.
        effective = self.als if not self.uitzonderingen else And(
            (self.als, Not(Or(tuple(Ref(f"r:{u}") for u in self.uitzonderingen)))))
        object.__setattr__(self, "_effective", effective)
        object.__setattr__(self, "_refs", tuple(refs(effective)))

    @property
    def effective(self) -> Expr:
        """The condition with the exceptions that set this rule aside."""
        return self._effective  # type: ignore[no-any-return, attr-defined]

    @property
    def effective_refs(self) -> tuple[str, ...]:
        """The Ref names ``effective`` reads, in order (built once; explanations ask often)."""
        return self._refs  # type: ignore[no-any-return, attr-defined]

    # Aliases of the names before the rename.
    @property
    def effectief(self) -> Expr:
        return self.effective

    @property
    def effectief_refs(self) -> tuple[str, ...]:
        return self.effective_refs

    @property
    def pad(self) -> str:
        return self.file

    @property
    def regel(self) -> int:
        return self.line


@dataclass
class Program:
    """The rules active on one stretch of dates (an epoch), in dependency order."""

    start: dt.date
    end: dt.date | None  # inclusive last day; None = open-ended
    rules: tuple[IRRule, ...]
    #: derived fact -> ids of the rules concluding it
    derived: dict[str, tuple[str, ...]]
    #: names ('f:..', 'r:..') that some condition reads, so a backend must publish them
    read: frozenset[str]
    key: str = ""  # identifies the program (rule hash + epoch) for caches

    def rule(self, rule_id: str) -> IRRule:
        return self._index[rule_id]

    def __post_init__(self) -> None:
        self._index = {r.id: r for r in self.rules}

    # Aliases of the names before the rename.
    @property
    def vanaf(self) -> dt.date:
        return self.start

    @property
    def tot(self) -> dt.date | None:
        return self.end

    @property
    def regels(self) -> tuple[IRRule, ...]:
        return self.rules

    @property
    def afgeleid(self) -> dict[str, tuple[str, ...]]:
        return self.derived

    @property
    def gelezen(self) -> frozenset[str]:
        return self.read

    @property
    def sleutel(self) -> str:
        return self.key

    def regel(self, rule_id: str) -> IRRule:
        return self.rule(rule_id)


def rewrite_refs(expr: Expr, replace: Callable[[str], Expr | None]) -> Expr:
    """``expr`` with every Ref for which ``replace(name)`` gives an expression replaced by it
    (open terms, rules that do not hold in an epoch, derived facts with one definition)."""
    match expr:
        case Ref(name):
            new = replace(name)
            return expr if new is None else new
        case And(items):
            return And(tuple(rewrite_refs(i, replace) for i in items))
        case Or(items):
            return Or(tuple(rewrite_refs(i, replace) for i in items))
        case Not(item):
            return Not(rewrite_refs(item, replace))
        case _:
            return expr


def atoms(expr: Expr) -> Iterator[Atom]:
    """All atoms of an expression (top level and inside Exists)."""
    match expr:
        case Atom():
            yield expr
        case And(items) | Or(items):
            for item in items:
                yield from atoms(item)
        case Not(item):
            yield from atoms(item)
        case Exists(_, cond):
            yield from atoms(cond)
        case _:
            return


def refs(expr: Expr) -> Iterator[str]:
    """All Ref names read by an expression."""
    match expr:
        case Ref(name):
            yield name
        case And(items) | Or(items):
            for item in items:
                yield from refs(item)
        case Not(item):
            yield from refs(item)
        case _:
            return


# Aliases of the names before the rename (docs/glossary.md).
Programma = Program
IRRegel = IRRule
Gegeven = Given
WAAR, ONWAAR, ONBEKEND = TRUE, FALSE, UNKNOWN
herschrijf_refs = rewrite_refs
atomen = atoms
