"""The driver: run the compiler's passes in order and collect their diagnostics.

Each pass has one job and reads what earlier passes produced (:class:`Compilation`). No pass
stops at the first problem: every one reports into the same list, and a condition with an
error is *unknown* to later passes. Only the passes that need a clean rule set (the
programs per epoch) are skipped once an error has been reported.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..diagnostics import Diagnostic, Ernst
from ..load import Geladen
from ..vocabulary import Vocabulaire, standaard_vocabulaire
from .checks import check
from .limits import check_limits
from .presumptions import PresumptionDecl, presumptions
from .resolve import RuleSet, resolve
from .rulebase import RuleBase
from .translate import translate

__all__ = ["PASSES", "Compilation", "Pass", "compile_rules"]


@dataclass
class Compilation:
    """What the passes share: the input, what each pass produced, and every diagnostic."""

    loaded: Geladen
    vocab: Vocabulaire
    plan_check: bool = True
    diagnostics: list[Diagnostic] = field(default_factory=list)
    rules: RuleSet | None = None  # from 'resolve' (conditions filled in by 'translate')
    rule_base: RuleBase | None = None  # from 'rule base'
    presumptions: list[PresumptionDecl] = field(default_factory=list)  # from 'presumptions'

    @property
    def has_errors(self) -> bool:
        return any(d.ernst is Ernst.fout for d in self.diagnostics)


@dataclass(frozen=True)
class Pass:
    name: str
    run: Callable[[Compilation], None]
    needs_clean: bool = False  # skipped once an earlier pass reported an error


def _resolve(c: Compilation) -> None:
    c.rules = resolve(c.loaded, c.vocab, c.diagnostics)


def _translate(c: Compilation) -> None:
    if c.rules is not None:
        translate(c.rules, c.diagnostics)


def _check(c: Compilation) -> None:
    if c.rules is not None:
        check(c.rules, c.diagnostics)


def _presumptions(c: Compilation) -> None:
    if c.rules is not None:
        c.presumptions = presumptions(c.rules, c.diagnostics)


def _rule_base(c: Compilation) -> None:
    # Without a valid dekking.yaml there is no rule base (its problem is already reported).
    if c.rules is not None and c.loaded.dekking is not None:
        c.rule_base = RuleBase(str(c.loaded.directory), c.rules.versions, c.rules.open_terms,
                               c.loaded.dekking, c.loaded.hash)
        c.rule_base.vermoedens = c.presumptions


def _programs(c: Compilation) -> None:
    """Build and check the program of every epoch now, so 'check' sees every cycle and limit."""
    if c.rule_base is None:
        return
    base = c.rule_base
    seen: set[tuple[str, int, int, str]] = set()
    for start in base.epoch_starts:
        program, diags = base.build_program(start)
        if c.plan_check and not diags:
            diags = check_limits(program, base)
        for d in diags:
            # the same rule in several epochs is reported once
            if (key := (d.file, d.line, d.column, d.code)) not in seen:
                seen.add(key)
                c.diagnostics.append(d)
        if not diags:
            base.keep_program(program)


#: The passes, in the order they run.
PASSES: tuple[Pass, ...] = (
    Pass("resolve", _resolve),
    Pass("translate", _translate),
    Pass("check", _check),
    Pass("presumptions", _presumptions),
    Pass("rule base", _rule_base),
    Pass("programs", _programs, needs_clean=True),
)


def compile_rules(loaded: Geladen, vocab: Vocabulaire | None = None,
                  *, plan_check: bool = True) -> tuple[RuleBase | None, list[Diagnostic]]:
    """Run every pass on loaded files. Returns (rule base, or None on errors; diagnostics)."""
    c = Compilation(loaded, vocab or standaard_vocabulaire(), plan_check, list(loaded.diagnostics))
    for one_pass in PASSES:
        if not (one_pass.needs_clean and c.has_errors):
            one_pass.run(c)
    # A field a dated version inherits is checked once per version, at the one place it is
    # written: report each problem there once.
    c.diagnostics = list(dict.fromkeys(c.diagnostics))
    if c.rule_base is None or c.has_errors:
        return None, c.diagnostics
    c.rule_base.plan_checked = plan_check
    c.rule_base.warnings = [d for d in c.diagnostics if d.ernst is Ernst.waarschuwing]
    return c.rule_base, c.diagnostics
