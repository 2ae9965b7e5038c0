"""The compiled rule base: every checked rule version, handing out one program per epoch."""

from __future__ import annotations

import bisect
import copy
import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from .. import ir, spec
from ..diagnostics import Diagnostic, Ernst, RegelbankFout
from .presumptions import PresumptionDecl
from .program import build_program
from .resolve import OpenTermDecl, RuleVersion

__all__ = ["RuleBase"]

EEN_DAG = dt.timedelta(days=1)


@dataclass(eq=False)  # compared by identity: the explanation keys its caches on it
class RuleBase:
    """A checked, compiled rule base; hands out a program per epoch."""

    directory: str
    versions: list[RuleVersion]
    open_termen: dict[str, OpenTermDecl]
    dekking: spec.Dekking
    hash: str
    warnings: list[Diagnostic] = field(default_factory=list)
    #: the declared presumptions (they change facts, not the program: no epoch of their own)
    vermoedens: list[PresumptionDecl] = field(default_factory=list)
    #: whether the compiler checked durable-rules' limits (RR4xx) on every epoch; a rule base
    #: for another backend skips them (building the durable plan of every epoch costs about
    #: half the compilation), and an Engine on durable-rules checks them before its first case
    plan_checked: bool = True

    def __post_init__(self) -> None:
        self._programs: dict[dt.date, ir.Program] = {}
        self._versions_per_epoch: dict[dt.date, dict[str, RuleVersion]] = {}

    @cached_property
    def epoch_starts(self) -> list[dt.date]:
        """Start dates of the epochs: every date on which some rule starts or stops."""
        data = {self.dekking.vanaf}
        for v in self.versions:
            data.add(v.vanaf)
            if v.tot is not None and v.tot < dt.date.max:
                data.add(v.tot + EEN_DAG)
        return sorted(d for d in data if d >= self.dekking.vanaf)

    def epoch(self, datum: dt.date) -> tuple[dt.date, dt.date | None]:
        """The first and last day (None: open-ended) of the epoch holding ``datum``."""
        starts = self.epoch_starts
        i = bisect.bisect_right(starts, datum)
        start = starts[i - 1] if i > 0 else starts[0]
        return start, (starts[i] - EEN_DAG if i < len(starts) else None)

    def version(self, rule_id: str, datum: dt.date) -> RuleVersion | None:
        return self.versions_on(self.epoch(datum)[0]).get(rule_id)

    def versions_on(self, start: dt.date) -> dict[str, RuleVersion]:
        """The rule versions that hold in the epoch starting on ``start``, by id."""
        found = self._versions_per_epoch.get(start)
        if found is None:
            found = {v.id: v for v in self.versions if v.holds_on(start)}
            self._versions_per_epoch[start] = found
        return found

    def program(self, datum: dt.date) -> ir.Program:
        """The program of the epoch holding ``datum``, built once."""
        start, _ = self.epoch(datum)
        if start not in self._programs:
            program, diags = self.build_program(start)
            if any(d.ernst is Ernst.fout for d in diags):
                raise RegelbankFout(diags)
            self._programs[start] = program
        return self._programs[start]

    def build_program(self, start: dt.date) -> tuple[ir.Program, list[Diagnostic]]:
        """Build (without keeping) the program of the epoch starting on ``start``."""
        _, end = self.epoch(start)
        return build_program(self.versions, self.open_termen, start, end, f"{self.hash[:16]}@{start.isoformat()}")

    def zonder_programmas(self) -> RuleBase:
        """A copy sharing the rules, without the programs and versions kept per epoch (they are
        built again on demand); what :mod:`regelruimte.regelcache` stores."""
        kopie = copy.copy(self)
        kopie._programs = {}
        kopie._versions_per_epoch = {}
        return kopie

    def keep_program(self, program: ir.Program) -> None:
        """Keep a program built and checked by the compiler, so the first case need not."""
        self._programs[program.start] = program

    # Aliases of the names before the rename ('map' meant the folder).
    @property
    def map(self) -> str:
        return self.directory

    @property
    def versies(self) -> list[RuleVersion]:
        return self.versions

    @property
    def waarschuwingen(self) -> list[Diagnostic]:
        return self.warnings

    @property
    def grenzen(self) -> list[dt.date]:
        return self.epoch_starts

    def versie(self, rule_id: str, datum: dt.date) -> RuleVersion | None:
        return self.version(rule_id, datum)

    def versies_op(self, start: dt.date) -> dict[str, RuleVersion]:
        return self.versions_on(start)

    def programma(self, datum: dt.date) -> ir.Program:
        return self.program(datum)
