"""The reference evaluator: a direct three-valued reading of the compiled form.

Small on purpose: it is the oracle the durable-rules backend is compared against in
property tests, and the fallback where durable-rules cannot be installed (Python 3.13+).
Its helpers (:func:`waarde`) also serve the explanation step.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .. import ir
from ..encode import Feiten
from . import Uitkomst

__all__ = ["ReferentieBackend", "vergelijk", "waarde", "waarde_element"]

Opzoeker = Callable[[str], ir.Tri]


def vergelijk(op: str, links: Any, rechts: Any) -> bool:
    match op:
        case "eq":
            return bool(links == rechts)
        case "ne":
            return bool(links != rechts)
        case "in":
            return links in rechts
        case "nin":
            return links not in rechts
        case "ge":
            return bool(links >= rechts)
        case "gt":
            return bool(links > rechts)
        case "lt":
            return bool(links < rechts)
        case "le":
            return bool(links <= rechts)
    raise ValueError(op)


def _en(waarden: list[ir.Tri]) -> ir.Tri:
    if any(w is False for w in waarden):
        return False
    return True if all(w is True for w in waarden) else None


def _of(waarden: list[ir.Tri]) -> ir.Tri:
    if any(w is True for w in waarden):
        return True
    return False if all(w is False for w in waarden) else None


def waarde_element(expr: ir.Expr, element: Mapping[str, Any]) -> ir.Tri:
    """Evaluate a condition on one list element."""
    match expr:
        case ir.Atom():
            sleutel = expr.feit if expr.prop == "v" else f"{expr.feit}__{expr.prop}"
            if expr.op == "bekend":
                return sleutel in element
            if sleutel not in element:
                return None
            return vergelijk(expr.op, element[sleutel], expr.waarde)
        case ir.And(items):
            return _en([waarde_element(i, element) for i in items])
        case ir.Or(items):
            return _of([waarde_element(i, element) for i in items])
        case ir.Not(item):
            w = waarde_element(item, element)
            return None if w is None else not w
        case ir.Const(w):
            return w
    raise ValueError(f"niet toegestaan in een element: {expr!r}")


def waarde(expr: ir.Expr, feiten: Feiten, ref: Opzoeker) -> ir.Tri:
    """Evaluate ``expr`` in Kleene logic; ``ref`` resolves 'r:' and 'f:' names."""
    match expr:
        case ir.Atom():
            feit = feiten.per_naam.get(expr.feit)
            if feit is None or expr.prop not in feit:
                return None
            return vergelijk(expr.op, feit[expr.prop], expr.waarde)
        case ir.And(items):
            uit: ir.Tri = True
            for item in items:  # short-circuit on false, but keep scanning for it
                w = waarde(item, feiten, ref)
                if w is False:
                    return False
                if w is None:
                    uit = None
            return uit
        case ir.Or(items):
            uit = False
            for item in items:
                w = waarde(item, feiten, ref)
                if w is True:
                    return True
                if w is None:
                    uit = None
            return uit
        case ir.Not(item):
            w = waarde(item, feiten, ref)
            return None if w is None else not w
        case ir.Const(w):
            return w
        case ir.Gegeven(feit):
            return feit in feiten.per_naam
        case ir.Ref(naam):
            return ref(naam)
        case ir.Exists(lijst, cond):
            if lijst not in feiten.per_naam:
                return None
            return _of([waarde_element(cond, e) for e in feiten.elementen.get(lijst, ())])
    raise ValueError(expr)


def lezer(programma: ir.Programma, regels: Mapping[str, ir.Tri]) -> Opzoeker:
    """Resolve names from rule outcomes: a derived fact is the OR of its definitions."""

    def ref(naam: str) -> ir.Tri:
        soort, _, doel = naam.partition(":")
        if soort == "r":
            return regels.get(doel)
        return _of([regels.get(d) for d in programma.afgeleid.get(doel, ())])

    return ref


class ReferentieBackend:
    """Evaluate a program by walking it in dependency order."""

    naam = "referentie"

    def evalueer(self, programma: ir.Programma, feiten: Feiten) -> Uitkomst:
        regels: dict[str, ir.Tri] = {}
        ref = lezer(programma, regels)
        for regel in programma.regels:
            regels[regel.id] = waarde(regel.effectief, feiten, ref)
        return Uitkomst(
            regels={r: w for r, w in regels.items() if w is not None},
            vuringen=sum(1 for w in regels.values() if w is not None),
        )
