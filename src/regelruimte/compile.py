"""The compiler's public names, kept where code before the split imports them from.

The compiler lives in :mod:`regelruimte.compiler` (one module per pass); ``from
regelruimte.compile import compileer, Regelbank`` keeps working.
"""

from __future__ import annotations

from .compiler import OpenTermDecl, RuleBase, RuleVersion, build_program, compile_rules
from .compiler.translate import bound_by_current_age

__all__ = ["OpenTermDecl", "RegelVersie", "Regelbank", "RuleBase", "RuleVersion", "compile_rules", "compileer"]

# The names before the rename (docs/glossary.md).
compileer = compile_rules
Regelbank = RuleBase
RegelVersie = RuleVersion
_begrensd_door_leeftijd = bound_by_current_age
bouw_programma = build_program
