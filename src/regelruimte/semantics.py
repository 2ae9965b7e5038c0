"""The three-valued meaning of the compiled form: its one home.

Every stage that asks what an expression of :mod:`regelruimte.ir` means asks here: the
reference backend (which walks a program with :class:`TreeEvaluator`), the durable-rules
plan (which needs the key under which a list element carries a property) and the
explanation (which re-evaluates sub-expressions to say *why*).

* **Kleene logic**: ``None`` is unknown. ``and`` is false as soon as one part is false,
  ``or`` true as soon as one part is true; otherwise unknown wins over the neutral value.
* **An atom** compares one property of one encoded fact with a constant; a property that is
  absent makes the atom unknown (except ``bekend``, which asks exactly that).
* **A list element** carries a measure of one of its date fields under ``<field>__<code>``
  (:func:`element_key`), since all its fields share one flat fact.

An evaluator decides every rule of a program (:class:`Evaluator`). The tree-walking one
below is the oracle; a faster one (e.g. generated Python per epoch) implements the same
protocol and is checked against it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from itertools import repeat
from typing import Any, Protocol

from . import ir
from .encode import Feiten

__all__ = [
    "TRI",
    "CompiledEvaluator",
    "CompiledProgram",
    "Evaluator",
    "Resolver",
    "Slots",
    "TreeEvaluator",
    "atom_value",
    "compare",
    "element_key",
    "evaluate",
    "evaluate_element",
    "kleene_and",
    "kleene_not",
    "kleene_or",
    "resolver",
]

#: resolves a reference ('r:<rule id>' or 'f:<derived fact>') to its value
Resolver = Callable[[str], ir.Tri]


# --- Kleene logic ----------------------------------------------------------------------


def kleene_not(value: ir.Tri) -> ir.Tri:
    return None if value is None else not value


def kleene_and(values: Iterable[ir.Tri]) -> ir.Tri:
    """False if any value is false (stops there, so a lazy iterable is evaluated only as far
    as needed), else unknown if any is unknown, else true."""
    result: ir.Tri = True
    for value in values:
        if value is False:
            return False
        if value is None:
            result = None
    return result


def kleene_or(values: Iterable[ir.Tri]) -> ir.Tri:
    """True if any value is true (stops there), else unknown if any is unknown, else false."""
    result: ir.Tri = False
    for value in values:
        if value is True:
            return True
        if value is None:
            result = None
    return result


# --- atoms -----------------------------------------------------------------------------


def compare(op: str, left: Any, right: Any) -> bool:
    """``left op right`` for the comparison operators of :data:`regelruimte.ir.Op`."""
    match op:
        case "eq":
            return bool(left == right)
        case "ne":
            return bool(left != right)
        case "in":
            return left in right
        case "nin":
            return left not in right
        case "ge":
            return bool(left >= right)
        case "gt":
            return bool(left > right)
        case "lt":
            return bool(left < right)
        case "le":
            return bool(left <= right)
    raise ValueError(op)


def element_key(atom: ir.Atom) -> str:
    """The key of an atom's property in a list element: the field, or ``<field>__<measure>``."""
    return atom.feit if atom.prop == "v" else f"{atom.feit}__{atom.prop}"


def atom_value(atom: ir.Atom, record: Mapping[str, Any], key: str) -> ir.Tri:
    """The atom's test on ``record[key]``: unknown when the property is absent, except for
    ``bekend``, which asks whether it is present."""
    if atom.op == "bekend":
        return key in record
    if key not in record:
        return None
    return compare(atom.op, record[key], atom.value)


# --- expressions -----------------------------------------------------------------------


def evaluate_element(expr: ir.Expr, element: Mapping[str, Any]) -> ir.Tri:
    """Evaluate a condition on one list element (atoms, and/or/not, constants only)."""
    match expr:
        case ir.Atom():
            return atom_value(expr, element, element_key(expr))
        case ir.And(items):
            return kleene_and(map(evaluate_element, items, repeat(element)))
        case ir.Or(items):
            return kleene_or(map(evaluate_element, items, repeat(element)))
        case ir.Not(item):
            return kleene_not(evaluate_element(item, element))
        case ir.Const(value):
            return value
    raise ValueError(f"niet toegestaan in een element: {expr!r}")


def _exists(expr: ir.Exists, facts: Feiten) -> ir.Tri:
    """Some element satisfies the condition; unknown when the list itself is not given."""
    if expr.lijst not in facts.per_naam:
        return None
    return kleene_or(map(evaluate_element, repeat(expr.cond), facts.elementen.get(expr.lijst, ())))


def evaluate(expr: ir.Expr, facts: Feiten, resolve: Resolver) -> ir.Tri:
    """Evaluate ``expr`` over the encoded facts; ``resolve`` gives 'r:' and 'f:' names."""
    match expr:
        case ir.Atom():
            # atom_value inlined (the hot path); outside a list element there is no 'bekend'
            fact = facts.per_naam.get(expr.feit)
            if fact is None or expr.prop not in fact:
                return None
            return compare(expr.op, fact[expr.prop], expr.value)
        case ir.And(items):
            return kleene_and(map(evaluate, items, repeat(facts), repeat(resolve)))
        case ir.Or(items):
            return kleene_or(map(evaluate, items, repeat(facts), repeat(resolve)))
        case ir.Not(item):
            return kleene_not(evaluate(item, facts, resolve))
        case ir.Const(value):
            return value
        case ir.Given(feit):
            return feit in facts.per_naam
        case ir.Ref(name):
            return resolve(name)
        case ir.Exists():
            return _exists(expr, facts)
    raise ValueError(expr)


def resolver(program: ir.Program, outcomes: Mapping[str, ir.Tri]) -> Resolver:
    """Resolve names from rule outcomes: a derived fact is the OR of its definitions."""

    def resolve(name: str) -> ir.Tri:
        kind, _, target = name.partition(":")
        if kind == "r":
            return outcomes.get(target)
        return kleene_or(outcomes.get(d) for d in program.derived.get(target, ()))

    return resolve


# --- evaluators of a whole program -----------------------------------------------------


class Evaluator(Protocol):
    """Decides every rule of a program over one case's facts (None = unknown)."""

    def evaluate_program(self, program: ir.Program, facts: Feiten) -> dict[str, ir.Tri]: ...


class TreeEvaluator:
    """Walks the program in dependency order, evaluating each rule's effective condition."""

    def evaluate_program(self, program: ir.Program, facts: Feiten) -> dict[str, ir.Tri]:
        outcomes: dict[str, ir.Tri] = {}
        resolve = resolver(program, outcomes)
        for rule in program.rules:
            outcomes[rule.id] = evaluate(rule.effective, facts, resolve)
        return outcomes


# --- the compiled evaluator --------------------------------------------------------------
#
# The same meaning as above, generated once per program as one straight-line Python function
# in Kleene logic on 0 (false), 1 (unknown) and 2 (true): and = min, or = max, not = 2 - x.
# Every distinct sub-expression (equal ones share a slot) is computed once, in dependency
# order, and the function returns all slot values, so the explanation reads a node's value
# instead of evaluating it again. Rule text never enters the source: names and values are
# read from a table of constants, the source holds only generated names and small integers.

#: Kleene value by code: 0 false, 1 unknown, 2 true
TRI: tuple[ir.Tri, ir.Tri, ir.Tri] = (False, None, True)
_AFWEZIG = object()  # a property that is not there
_VERGELIJKING = {"eq": "==", "ne": "!=", "in": "in", "nin": "not in", "ge": ">=", "gt": ">", "lt": "<", "le": "<="}


@dataclass(frozen=True)
class Slots:
    """The values of every node of one evaluated program: ``index`` maps ``id(node)`` to a
    slot, ``values`` holds the code (0, 1, 2) per slot."""

    index: dict[int, int]
    values: tuple[int, ...]


class CompiledProgram:
    """One program as a generated function: ``run(facts)`` gives the code (0, 1, 2) of every
    slot, ``slot(node)`` the slot of any node of the program, ``rules`` each rule's slot."""

    def __init__(self, program: ir.Program) -> None:
        self.program = program  # kept alive: the slots are keyed by the identity of its nodes
        gen = _Generator(program)
        for rule in program.rules:
            gen.rule(rule)
        self.source = gen.source()
        namespace: dict[str, Any] = {}
        exec(compile(self.source, f"<regelruimte {program.key}>", "exec"), namespace)
        self._fn: Callable[[Mapping[str, Any], Mapping[str, Any], tuple[Any, ...], object], tuple[int, ...]] = \
            namespace["evalueer"]
        self._constants = tuple(gen.constants)
        self.index: dict[int, int] = gen.index  # id(node) -> slot
        self.rules: tuple[tuple[str, int], ...] = tuple((r.id, gen.index[id(r.effective)]) for r in program.rules)

    def run(self, facts: Feiten) -> tuple[int, ...]:
        return self._fn(facts.per_naam, facts.elementen, self._constants, _AFWEZIG)

    def slot(self, node: ir.Expr) -> int | None:
        return self.index.get(id(node))


class _Generator:
    """Writes the body of one program's function, one line per distinct node."""

    def __init__(self, program: ir.Program) -> None:
        self.program = program
        self.constants: list[Any] = []
        self._constant_at: dict[tuple[type, Any], int] = {}
        self.lines: list[str] = []
        self.slots: dict[ir.Expr, int] = {}  # distinct node -> slot
        self.index: dict[int, int] = {}  # id(node) -> slot, for every node object
        self._props: dict[tuple[str, str], str] = {}  # (fact, property) -> local holding its value
        self._facts: dict[str, str] = {}  # fact -> local holding the fact
        self._decided: dict[str, int] = {}  # rule id -> slot of its outcome, once emitted
        self._temp = 0

    def constant(self, value: Any) -> str:
        """A local name for a constant from the table (never the value's text)."""
        key = (type(value), value)
        if key not in self._constant_at:
            self._constant_at[key] = len(self.constants)
            self.constants.append(value)
        return f"K[{self._constant_at[key]}]"

    def rule(self, rule: ir.IRRule) -> None:
        self._decided[rule.id] = self.node(rule.effective)

    def node(self, expr: ir.Expr) -> int:
        """The slot of ``expr`` (emitting it, and its parts, the first time it is met)."""
        slot = self.slots.get(expr)
        if slot is None:
            code = self._code(expr)
            slot = self.slots[expr] = len(self.slots)
            self.lines.append(f"    v{slot} = {code}")
        elif id(expr) not in self.index:
            # an equal node met before: its own parts are other objects, index them too
            for part in _parts(expr):
                self.node(part)
        self.index[id(expr)] = slot
        return slot

    def _code(self, expr: ir.Expr) -> str:
        match expr:
            case ir.Atom():
                return self._atom(expr, self._prop(expr.feit, expr.prop))
            case ir.And(items):
                return self._fold("min", [self.node(i) for i in items], "2")
            case ir.Or(items):
                return self._fold("max", [self.node(i) for i in items], "0")
            case ir.Not(item):
                return f"2 - v{self.node(item)}"
            case ir.Const(value):
                return str(TRI.index(value))
            case ir.Given(feit):
                return f"2 if {self.constant(feit)} in P else 0"
            case ir.Ref(name):
                return self._ref(name)
            case ir.Exists():
                return self._exists(expr)
        raise ValueError(expr)

    @staticmethod
    def _fold(fn: str, slots: list[int], empty: str) -> str:
        if not slots:
            return empty
        if len(slots) == 1:
            return f"v{slots[0]}"
        return f"{fn}({', '.join(f'v{s}' for s in slots)})"

    def _prop(self, feit: str, prop: str) -> str:
        """A local holding property ``prop`` of fact ``feit`` (A when either is absent)."""
        local = self._props.get((feit, prop))
        if local is None:
            fact = self._facts.get(feit)
            if fact is None:
                fact = self._facts[feit] = f"f{len(self._facts)}"
                self.lines.append(f"    {fact} = P.get({self.constant(feit)})")
            local = self._props[(feit, prop)] = f"p{len(self._props)}"
            self.lines.append(f"    {local} = A if {fact} is None else {fact}.get({self.constant(prop)}, A)")
        return local

    def _atom(self, atom: ir.Atom, value: str) -> str:
        """The code of an atom on the value in local ``value`` (A: absent)."""
        if atom.op == "bekend":
            return f"0 if {value} is A else 2"
        test = f"{value} {_VERGELIJKING[atom.op]} {self.constant(atom.value)}"
        return f"1 if {value} is A else (2 if {test} else 0)"

    def _ref(self, name: str) -> str:
        kind, _, target = name.partition(":")
        if kind == "r":
            slot = self._decided.get(target)
            return "1" if slot is None else f"v{slot}"  # not decided yet: unknown, as resolver()
        definers = [f"v{self._decided[d]}" if d in self._decided else "1" for d in self.program.derived.get(target, ())]
        if not definers:
            return "0"
        return definers[0] if len(definers) == 1 else f"max({', '.join(definers)})"

    def _exists(self, expr: ir.Exists) -> str:
        """Some element satisfies the condition: a loop, stopping at the first true one."""
        out = f"x{self._temp}"
        self._temp += 1
        lijst = self.constant(expr.lijst)
        self.lines += [
            f"    if {lijst} not in P:",
            f"        {out} = 1",
            "    else:",
            f"        {out} = 0",
            f"        for e in E.get({lijst}, ()):",
            f"            t = {self._element(expr.cond)}",
            f"            if t > {out}:",
            f"                {out} = t",
            "                if t == 2:",
            "                    break",
        ]
        return out

    def _element(self, expr: ir.Expr) -> str:
        """One expression over list element ``e`` (atoms, and/or/not, constants only)."""
        match expr:
            case ir.Atom():
                local = f"y{self._temp}"
                self._temp += 1
                return f"({local} := e.get({self.constant(element_key(expr))}, A), {self._atom(expr, local)})[1]"
            case ir.And(items):
                return f"min({', '.join(self._element(i) for i in items)}, 2)"
            case ir.Or(items):
                return f"max({', '.join(self._element(i) for i in items)}, 0)"
            case ir.Not(item):
                return f"2 - ({self._element(item)})"
            case ir.Const(value):
                return str(TRI.index(value))
        raise ValueError(f"niet toegestaan in een element: {expr!r}")

    def source(self) -> str:
        slots = ", ".join(f"v{i}" for i in range(len(self.slots)))
        return "\n".join(["def evalueer(P, E, K, A):", *self.lines, f"    return ({slots},)", ""])


def _parts(expr: ir.Expr) -> tuple[ir.Expr, ...]:
    """The sub-expressions that get a slot of their own (not the condition inside Exists)."""
    if type(expr) is ir.And or type(expr) is ir.Or:
        return expr.items
    if type(expr) is ir.Not:
        return (expr.item,)
    return ()


class CompiledEvaluator:
    """Evaluates a program with its generated function (built once per program, kept for
    the most recent ones); decides exactly what :class:`TreeEvaluator` decides."""

    def __init__(self, limit: int = 64) -> None:
        self.limit = limit
        self._compiled: dict[int, CompiledProgram] = {}

    def compiled(self, program: ir.Program) -> CompiledProgram:
        found = self._compiled.get(id(program))
        if found is None or found.program is not program:
            found = CompiledProgram(program)
            if len(self._compiled) >= self.limit:
                self._compiled.clear()
            self._compiled[id(program)] = found
        return found

    def evaluate_program(self, program: ir.Program, facts: Feiten) -> dict[str, ir.Tri]:
        compiled = self.compiled(program)
        values = compiled.run(facts)
        return {rule_id: TRI[values[slot]] for rule_id, slot in compiled.rules}
