"""The reference backend: the tree-walking evaluator of :mod:`regelruimte.semantics`.

Small on purpose: it is the oracle the durable-rules backend is compared against in
property tests, and the fallback where durable-rules cannot be installed (Python 3.13+).
"""

from __future__ import annotations

from .. import ir
from ..encode import Feiten
from ..semantics import Evaluator, TreeEvaluator, compare, evaluate, evaluate_element, resolver
from . import Uitkomst

__all__ = ["ReferentieBackend"]

# Aliases of the names this module exported before the semantics had its own home.
waarde = evaluate
vergelijk = compare
waarde_element = evaluate_element
lezer = resolver


class ReferentieBackend:
    """Evaluate a program by walking it in dependency order."""

    naam = "referentie"

    def __init__(self, evaluator: Evaluator | None = None) -> None:
        self.evaluator = evaluator or TreeEvaluator()

    def evalueer(self, programma: ir.Program, feiten: Feiten) -> Uitkomst:
        outcomes = self.evaluator.evaluate_program(programma, feiten)
        decided = {r: w for r, w in outcomes.items() if w is not None}
        return Uitkomst(regels=decided, vuringen=len(decided))
