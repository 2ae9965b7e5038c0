"""Pass 6, limits: what durable-rules could not run safely, placed at the rule that causes it.

The plan (:mod:`regelruimte.backends.plan`, pure Python) reports each problem as a value
naming the rule and the reason; this pass turns it into a positioned RR4xx diagnostic, so
``regelruimte check`` reports engine limits on any Python, with or without durable-rules.
"""

from __future__ import annotations

from .. import ir
from ..backends.plan import PlanProblem, plan_problems
from ..diagnostics import Diagnostic
from .rulebase import RuleBase

__all__ = ["check_limits", "check_rule_base"]


def check_limits(program: ir.Program, base: RuleBase) -> list[Diagnostic]:
    """Every plan problem of ``program`` as a diagnostic."""
    return [_place(problem, program, base) for problem in plan_problems(program)]


def check_rule_base(base: RuleBase) -> list[Diagnostic]:
    """The limit problems of every epoch of a rule base compiled without them, each once."""
    seen: dict[tuple[str, int, int, str], Diagnostic] = {}
    for start in base.epoch_starts:
        for d in check_limits(base.program(start), base):
            seen.setdefault((d.file, d.line, d.column, d.code), d)
    return list(seen.values())


def _place(problem: PlanProblem, program: ir.Program, base: RuleBase) -> Diagnostic:
    """At the condition of the rule that causes it; else at the top of the first rule file."""
    version = base.version(problem.rule_id, program.start) if problem.rule_id else None
    if version is not None:
        return version.diag(("als",), problem.code, problem.message)
    file = program.rules[0].file if program.rules else base.directory
    return Diagnostic(file, 1, 1, problem.code, problem.message)
