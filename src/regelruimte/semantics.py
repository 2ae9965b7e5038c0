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
from itertools import repeat
from typing import Any, Protocol

from . import ir
from .encode import Feiten

__all__ = [
    "Evaluator",
    "Resolver",
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
