"""The compiled backend: each epoch's program as one generated Python function.

Decides what the reference evaluator and durable-rules decide (the differential property
tests hold all three together) about twenty times faster than durable-rules, and hands the
value of every sub-expression to the explanation. Chosen explicitly: ``--backend snel`` or
``Engine(..., backend="snel")``; the default stays durable-rules.
"""

from __future__ import annotations

from .. import ir
from ..encode import Feiten
from ..semantics import CompiledEvaluator, Slots
from . import Uitkomst

__all__ = ["SnelBackend"]


class SnelBackend:
    """Evaluate a program with its generated function (built on the first case of an epoch)."""

    naam = "snel"

    def __init__(self) -> None:
        self.evaluator = CompiledEvaluator()

    def evalueer(self, programma: ir.Program, feiten: Feiten) -> Uitkomst:
        compiled = self.evaluator.compiled(programma)
        values = compiled.run(feiten)
        decided = {rule_id: values[slot] == 2 for rule_id, slot in compiled.rules if values[slot] != 1}
        return Uitkomst(decided, len(decided), Slots(compiled.index, values))
