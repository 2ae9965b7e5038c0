"""Pass 4, program: the rule versions of one epoch -> one dependency-ordered program.

Per epoch (a stretch of dates on which the same rule versions hold): open terms become
the gemeente's policy or the national default, a municipal rule applies only in its own
gemeente, references to rules that do not hold in the epoch become false, exceptions are
attached to the rules they set aside, and the rules are ordered so every rule comes after
the rules it reads. A cycle is an error (RR304).
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .. import ir
from ..diagnostics import Diagnostic
from .resolve import OpenTermDecl, RuleVersion

__all__ = ["build_program"]


def build_program(versions: Iterable[RuleVersion], open_terms: dict[str, OpenTermDecl],
                  start: dt.date, end: dt.date | None, key: str) -> tuple[ir.Program, list[Diagnostic]]:
    """Wire the rule versions that hold from ``start`` into a dependency-ordered program."""
    active = [v for v in versions if v.holds_on(start)]
    wiring = _Wiring.of(active, open_terms)
    rules = {v.id: wiring.rule(v) for v in active}
    depends = _dependencies(rules.values(), wiring.derived)
    order = _topological(depends)
    diags: list[Diagnostic] = []
    if len(order) < len(rules):
        rest = sorted(set(rules) - set(order))
        cycle = _find_cycle(depends, rest)
        first = wiring.by_id[cycle[0]]
        diags.append(first.diag(("id",), "RR304", "kringverwijzing: " + " -> ".join([*cycle, cycle[0]])))
        order.extend(rest)
    read: set[str] = set()
    for rule in rules.values():
        read.update(ir.refs(rule.effective))
    program = ir.Program(
        start=start, end=end,
        rules=tuple(rules[i] for i in order),
        derived={f: tuple(sorted(ids)) for f, ids in wiring.derived.items()},
        read=frozenset(read),
        key=key,
    )
    return program, diags


@dataclass
class _Wiring:
    """What connects the rules of one epoch."""

    by_id: dict[str, RuleVersion]
    terms: dict[str, ir.Expr]  # open term -> its value in this epoch
    exceptions: dict[str, list[str]]  # rule id -> ids of the exceptions that set it aside
    derived: dict[str, list[str]]  # derived fact -> ids of the rules concluding it
    known: set[str]  # the names ('r:', 'f:') that hold in this epoch
    #: a derived fact with one defining rule in this epoch is that rule's outcome: read the
    #: rule directly, so the engine publishes one fact instead of two
    single: dict[str, str]

    @classmethod
    def of(cls, active: list[RuleVersion], open_terms: dict[str, OpenTermDecl]) -> _Wiring:
        by_id = {v.id: v for v in active}
        exceptions: dict[str, list[str]] = defaultdict(list)
        derived: dict[str, list[str]] = defaultdict(list)
        for v in active:
            for target in v.spec.uitzondering_op:
                if target in by_id:
                    exceptions[target].append(v.id)
            if v.spec.feit:
                derived[v.spec.feit].append(v.id)
        known = {f"r:{i}" for i in by_id} | {f"f:{f}" for f in derived}
        single = {f"f:{f}": f"r:{ids[0]}" for f, ids in derived.items() if len(ids) == 1}
        return cls(by_id, _open_term_values(active, open_terms), exceptions, derived, known, single)

    def rule(self, v: RuleVersion) -> ir.IRRule:
        """One version as the engine runs it, its condition wired into this epoch."""
        als = ir.rewrite_refs(v.als, lambda name: self.terms[name[2:]] if name.startswith("o:") else None)
        if v.gemeente is not None:
            als = ir.And((_gemeente_is([v.gemeente]), als))
        # A reference to a rule or derived fact that does not hold in this epoch is false.
        als = ir.rewrite_refs(als, lambda name: None if name in self.known else ir.FALSE)
        als = ir.rewrite_refs(als, lambda name: ir.Ref(self.single[name]) if name in self.single else None)
        return ir.IRRule(v.id, v.spec.soort, v.spec.feit, als, tuple(sorted(self.exceptions.get(v.id, ()))),
                         v.spec, v.source.file, v.line, v.gemeente)


def _open_term_values(active: list[RuleVersion], open_terms: dict[str, OpenTermDecl]) -> dict[str, ir.Expr]:
    """Open terms: true where the gemeente's policy says so, otherwise the national default
    (usually unknown: the decision-maker judges case by case). A policy that does not fire
    does not make the term false; it only adds the cases the gemeente has settled."""
    terms: dict[str, ir.Expr] = {}
    for term_id, decl in open_terms.items():
        fillers = sorted((v for v in active if v.spec.vult_in == term_id), key=lambda v: v.id)
        parts: list[ir.Expr] = [ir.Ref(f"r:{v.id}") for v in fillers]
        parts.append(decl.standaard)
        terms[term_id] = parts[0] if len(parts) == 1 else ir.Or(tuple(parts))
    return terms


def _gemeente_is(codes: Sequence[str]) -> ir.Atom:
    return ir.Atom("gemeente", "v", "in", tuple(sorted(codes)), "gemeente")


def _dependencies(rules: Iterable[ir.IRRule], derived: dict[str, list[str]]) -> dict[str, set[str]]:
    """Rule id -> the ids of the rules it reads (its exceptions, rules, derived facts' definers)."""
    depends: dict[str, set[str]] = {}
    for rule in rules:
        needs: set[str] = set(rule.uitzonderingen)
        for name in ir.refs(rule.als):
            kind, _, target = name.partition(":")
            needs.update(derived.get(target, []) if kind == "f" else [target])
        depends[rule.id] = needs
    return depends


def _topological(depends: dict[str, set[str]]) -> list[str]:
    """Kahn's algorithm with a sorted queue, so the order is deterministic."""
    waiting = {r: len([d for d in deps if d in depends]) for r, deps in depends.items()}
    users: dict[str, list[str]] = defaultdict(list)
    for r, deps in depends.items():
        for d in deps:
            if d in depends:
                users[d].append(r)
    ready = [r for r, n in waiting.items() if n == 0]
    heapq.heapify(ready)
    out: list[str] = []
    while ready:
        r = heapq.heappop(ready)
        out.append(r)
        for user in users[r]:
            waiting[user] -= 1
            if waiting[user] == 0:
                heapq.heappush(ready, user)
    return out


def _find_cycle(depends: dict[str, set[str]], candidates: list[str]) -> list[str]:
    """A cycle among ``candidates`` (the rules left unordered), following the smallest id."""
    start = candidates[0]
    walk = [start]
    seen = {start}
    current = start
    while True:
        following = sorted(d for d in depends[current] if d in candidates)
        if not following:
            return walk
        current = following[0]
        if current in seen:
            return walk[walk.index(current):]
        walk.append(current)
        seen.add(current)
