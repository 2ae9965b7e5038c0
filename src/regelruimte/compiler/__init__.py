"""The compiler: checked rule files -> a rule base that hands out one program per epoch.

Named passes, each with one job (run in this order by :mod:`.driver`):

1. :mod:`.resolve`: file defaults and dated versions (:mod:`.versions`) into rule versions, open
   terms and derived facts declared;
2. :mod:`.translate`: every condition type-checked and translated to :mod:`regelruimte.ir`;
3. :mod:`.checks`: the meaning checks (ids, versions, exceptions, signals, grondslag, ...);
   :mod:`.presumptions`: the declared presumptions (vermoedens) resolved and checked;
4. :mod:`.rulebase`: the compiled :class:`RuleBase`;
5. :mod:`.program`: per epoch, exceptions and open terms wired, rules ordered, cycles refused;
6. :mod:`.limits`: what durable-rules could not run, placed at the rule that causes it.
"""

from __future__ import annotations

from .driver import PASSES, compile_rules
from .presumptions import PresumptionDecl
from .program import build_program
from .resolve import OpenTermDecl, RuleSet, RuleVersion
from .rulebase import RuleBase

__all__ = ["PASSES", "OpenTermDecl", "PresumptionDecl", "RuleBase", "RuleSet", "RuleVersion", "build_program",
           "compile_rules"]
