"""Plan a durable-rules network for a program, within what durable-rules does safely.

Pure Python (no durable-rules import): the plan is data, so it can be checked in CI on any
Python, and ``regelruimte check`` reports what the engine could not run safely.

**Three-valued logic on a Rete engine (dual rail).** Every rule compiles to two sets of
durable rules: one that fires when its condition is *true* and one when it is *false*;
when neither fires the outcome is unknown. ``niet`` swaps the rails, so no rule ever needs
negation-as-failure over derived facts, and facts only ever get added. That makes the run
monotone: no retraction, no truth maintenance, no dependence on firing order. Each rail is
put in disjunctive normal form; every disjunct becomes one durable rule whose patterns are
flat ``$and`` tests (no joins, no ``$or`` across facts).

Restrictions observed in durable-rules 2.0.28 (the hazard table in docs/architecture.md,
checked by tests/test_durable_guards.py) and how the plan respects them:

* a rule only fires when its patterns match *different* facts: tests on one fact are merged
  into one pattern; several ``er_is`` over one list become one alternative per way the
  elements can be shared (at most four, RR404);
* ``$not`` is decided when its positive partner arrives, without later un-firing: it is only
  used for "no element of a list matches", and element facts are asserted before all others;
* a fact that fills a positive pattern never blocks that rule's ``$not``: an element matched
  by ``er_is`` carries the complement of every "no element" test on its list;
* at most 16 patterns per rule (RR401), bounded DNF size (RR402), at most 60 distinct tests
  under one fact name (RR403, below MAX_STACK_SIZE 64 and NEXT_BUCKET 512);
* every pattern starts with a positive ``k`` test (a ``$nex``-only pattern loops forever);
* no joins at all, no floats, no ``sid``/``id`` in tests.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Literal

from .. import ir
from ..semantics import element_key, kleene_not

__all__ = ["Action", "Plan", "PlanError", "PlanProblem", "make_plan", "plan_problems"]

MAX_PATRONEN = 16
MAX_DISJUNCTEN = 64
MAX_TESTS_PER_FEIT = 60

Json = dict[str, Any]


@dataclass(frozen=True)
class PlanProblem:
    """What the plan cannot run safely: the rule that causes it ('' when no single rule
    does), a diagnostic code (RR4xx) and the reason. The compiler places it in the file."""

    rule_id: str
    code: str
    message: str


class PlanError(Exception):
    def __init__(self, rule_id: str, code: str, message: str) -> None:
        super().__init__(f"{rule_id}: {message}")
        self.problem = PlanProblem(rule_id, code, message)

    @property
    def rule_id(self) -> str:
        return self.problem.rule_id

    @property
    def code(self) -> str:
        return self.problem.code

    @property
    def message(self) -> str:
        return self.problem.message

    # Aliases of the names before the rename.
    @property
    def regel_id(self) -> str:
        return self.rule_id

    @property
    def bericht(self) -> str:
        return self.message


@dataclass(frozen=True)
class Action:
    """What the driver does when a durable rule fires: decide a rule (``target`` is its id,
    ``value`` the rail), conclude a derived fact false (``target`` is the fact), or end."""

    kind: Literal["regel", "samen", "einde"]
    target: str = ""
    value: bool = True

    # Aliases of the names before the rename ('regel' was a rule id or a fact).
    @property
    def soort(self) -> str:
        return self.kind

    @property
    def regel(self) -> str:
        return self.target

    @property
    def waarde(self) -> bool:
        return self.value


@dataclass
class Plan:
    ruleset: dict[str, Json]
    actions: dict[str, Action]
    #: names whose outcome must be asserted as a ``d`` fact because a pattern reads it
    published: frozenset[str]
    #: derived fact -> defining rule ids (from the program)
    derived: dict[str, tuple[str, ...]] = field(default_factory=dict)

    # Aliases of the names before the rename.
    @property
    def acties(self) -> dict[str, Action]:
        return self.actions

    @property
    def publiceer(self) -> frozenset[str]:
        return self.published

    @property
    def afgeleid(self) -> dict[str, tuple[str, ...]]:
        return self.derived


# --- single-fact test expressions ------------------------------------------------------

_OMGEKEERD = {"eq": "ne", "ne": "eq", "in": "nin", "nin": "in", "ge": "lt", "lt": "ge", "gt": "le", "le": "gt"}
_DURABLE = {"ne": "$neq", "ge": "$gte", "gt": "$gt", "lt": "$lt", "le": "$lte"}


def _prop(atom: ir.Atom, element: bool) -> str:
    return element_key(atom) if element else atom.prop


def _check_waarde(waarde: Any) -> None:
    if isinstance(waarde, float):
        raise ValueError("durable-rules krijgt geen kommagetallen (exponentnotatie breekt de parser)")


def _test(prop: str, op: str, waarde: Any) -> Json:
    """A test that holds when ``prop`` is present and ``prop op waarde`` holds."""
    _check_waarde(waarde)
    if op == "bekend":
        return {"$ex": {prop: 1}}
    if op == "eq":
        return {prop: waarde}
    if op == "in":
        return {"$or": [{prop: w} for w in waarde]} if len(waarde) > 1 else {prop: waarde[0]}
    aanwezig = {"$ex": {prop: 1}}
    if op == "nin":
        return {"$and": [aanwezig, *({"$neq": {prop: w}} for w in waarde)]}
    return {"$and": [aanwezig, {_DURABLE[op]: {prop: waarde}}]}


def _afwezig(prop: str) -> Json:
    return {"$nex": {prop: 1}}


def _enkel(expr: ir.Expr, rail: Literal["T", "F", "nT", "nF"], element: bool) -> Json:
    """Test on a single fact: T (true), F (false), nT (not true), nF (not false)."""
    match expr:
        case ir.Atom() if expr.op == "bekend":
            # Given or not: always decided, so 'not false' is 'true' and 'not true' is 'false'.
            prop = _prop(expr, element)
            return {"$ex": {prop: 1}} if rail in ("T", "nF") else {"$nex": {prop: 1}}
        case ir.Atom():
            prop = _prop(expr, element)
            if rail == "T":
                return _test(prop, expr.op, expr.value)
            if rail == "F":
                return _test(prop, _OMGEKEERD[expr.op], expr.value)
            kant = expr.op if rail == "nF" else _OMGEKEERD[expr.op]
            return {"$or": [_afwezig(prop), _test(prop, kant, expr.value)]}
        case ir.Not(item):
            return _enkel(item, {"T": "F", "F": "T", "nT": "nF", "nF": "nT"}[rail], element)  # type: ignore[arg-type]
        case ir.And(items) | ir.Or(items):
            conj = (rail in ("T", "nF")) == isinstance(expr, ir.And)
            delen = [_enkel(i, rail, element) for i in items]
            return {"$and" if conj else "$or": delen}
    raise PlanError("", "RR402", f"niet te plannen binnen één feit: {expr!r}")


# --- literals and DNF ------------------------------------------------------------------


@dataclass(frozen=True)
class _Lit:
    soort: Literal["f", "d", "ex", "nex", "afwezig"]
    sleutel: str  # fact name, ref name, or list name
    test: str  # canonical JSON of the test


def _lit(soort: Literal["f", "d", "ex", "nex", "afwezig"], sleutel: str, test: Json | bool) -> _Lit:
    return _Lit(soort, sleutel, json.dumps(test, sort_keys=True, ensure_ascii=False))


Conj = frozenset[_Lit]


def _and(a: list[Conj], b: list[Conj]) -> list[Conj]:
    uit = {x | y for x in a for y in b}
    if len(uit) > MAX_DISJUNCTEN:
        raise PlanError("", "RR402", f"meer dan {MAX_DISJUNCTEN} alternatieven")
    return sorted(uit, key=_conj_sleutel)


def _or(*delen: list[Conj]) -> list[Conj]:
    uit = {c for deel in delen for c in deel}
    if len(uit) > MAX_DISJUNCTEN:
        raise PlanError("", "RR402", f"meer dan {MAX_DISJUNCTEN} alternatieven")
    return sorted(uit, key=_conj_sleutel)


def _conj_sleutel(c: Conj) -> list[tuple[str, str, str]]:
    return sorted((lit.soort, lit.sleutel, lit.test) for lit in c)


WAAR: list[Conj] = [frozenset()]
ONWAAR: list[Conj] = []


def _vouw(expr: ir.Expr) -> ir.Expr:
    """Fold constants so that no Const reaches a pattern."""
    match expr:
        case ir.And(items) | ir.Or(items):
            return _vouw_delen(items, isinstance(expr, ir.And))
        case ir.Not(item):
            binnen = _vouw(item)
            if isinstance(binnen, ir.Const):
                return ir.Const(kleene_not(binnen.value))
            return ir.Not(binnen)
        case ir.Exists(lijst, cond):
            return ir.Exists(lijst, _vouw(cond))
        case _:
            return expr


def _vouw_delen(items: tuple[ir.Expr, ...], is_and: bool) -> ir.Expr:
    """Fold the parts of an And (or Or): a deciding constant decides, a neutral one goes,
    an unknown one stays once."""
    delen: list[ir.Expr] = []
    onbekend = False
    for item in map(_vouw, items):
        if isinstance(item, ir.Const):
            if item.value is None:
                onbekend = True
            elif item.value is not is_and:  # False in And / True in Or decides
                return item
            continue
        delen.append(item)
    if onbekend:
        delen.append(ir.UNKNOWN)
    if not delen:
        return ir.TRUE if is_and else ir.FALSE
    if len(delen) == 1:
        return delen[0]
    return ir.And(tuple(delen)) if is_and else ir.Or(tuple(delen))


def _dnf(expr: ir.Expr, waar: bool) -> list[Conj]:
    """The disjuncts under which ``expr`` is true (waar) or false (not waar)."""
    match expr:
        case ir.Const(waarde):
            return WAAR if waarde is waar else ONWAAR  # unknown fires neither rail
        case ir.Atom():
            return [frozenset({_lit("f", expr.feit, _enkel(expr, "T" if waar else "F", False))})]
        case ir.Ref(naam):
            return [frozenset({_lit("d", naam, waar)})]
        case ir.Given(feit):
            # given: the fact exists; not given: a negated pattern, partnered with the start
            # fact, which is asserted after every base fact (see _patronen)
            return [frozenset({_lit("f", feit, {}) if waar else _lit("afwezig", feit, True)})]
        case ir.Not(item):
            return _dnf(item, not waar)
        case ir.And(items) | ir.Or(items):
            if isinstance(expr, ir.And) == waar:  # every part must give this rail
                uit = WAAR
                for item in items:
                    uit = _and(uit, _dnf(item, waar))
                return uit
            return _or(*(_dnf(item, waar) for item in items))
        case ir.Exists(lijst, cond):
            return _dnf_er_is(lijst, cond, waar)
    raise AssertionError(expr)


def _dnf_er_is(lijst: str, cond: ir.Expr, waar: bool) -> list[Conj]:
    """Some element matches (true rail), or no element can match (false rail)."""
    if isinstance(cond, ir.Const):
        raise PlanError("", "RR402", "'er_is' met een voorwaarde die altijd/nooit geldt")
    if waar:
        return [frozenset({_lit("ex", lijst, _enkel(cond, "T", True))})]
    # the blocker test, and its complement for the elements that fill an er_is
    # pattern of the same rule (see _patronen)
    return [frozenset({_lit("nex", lijst, {"blok": _enkel(cond, "nF", True),
                                           "vrij": _enkel(cond, "F", True)})})]


MAX_ER_IS = 4


def _partities(items: list[Json]) -> list[list[list[Json]]]:
    """All ways to split ``items`` into groups (set partitions), in a fixed order."""
    if not items:
        return [[]]
    eerste, rest = items[0], items[1:]
    uit: list[list[list[Json]]] = []
    for deel in _partities(rest):
        uit.append([[eerste], *deel])
        for i in range(len(deel)):
            uit.append([*deel[:i], [eerste, *deel[i]], *deel[i + 1:]])
    return uit


@dataclass
class _Literals:
    """One disjunct's literals sorted by what they test."""

    per_feit: dict[str, list[Json]] = field(default_factory=lambda: defaultdict(list))  # tests per base fact
    refs: dict[str, bool] = field(default_factory=dict)  # decided rules and derived facts
    bestaat: dict[str, list[Json]] = field(default_factory=lambda: defaultdict(list))  # er_is per list
    niet_bestaat: dict[str, list[Json]] = field(default_factory=lambda: defaultdict(list))  # "no element"
    vrij: dict[str, list[Json]] = field(default_factory=lambda: defaultdict(list))  # complements of those
    afwezig: set[str] = field(default_factory=set)  # base facts that must not be given
    tegenstrijdig: bool = False  # the disjunct can never hold

    def voeg_toe(self, lit: _Lit) -> None:
        test = json.loads(lit.test)
        if lit.soort == "f":
            if test:  # {} = only 'the fact is given'
                self.per_feit[lit.sleutel].append(test)
            else:
                self.per_feit.setdefault(lit.sleutel, [])
        elif lit.soort == "afwezig":
            self.afwezig.add(lit.sleutel)
        elif lit.soort == "d":
            if lit.sleutel in self.refs and self.refs[lit.sleutel] != test:
                self.tegenstrijdig = True
            self.refs[lit.sleutel] = test
        elif lit.soort == "ex":
            self.bestaat[lit.sleutel].append(test)
        else:
            self.niet_bestaat[lit.sleutel].append(test["blok"])
            self.vrij[lit.sleutel].append(test["vrij"])


def _vaste_patronen(lits: _Literals) -> list[Json]:
    """The patterns that do not depend on how er_is elements are shared."""
    patronen: list[Json] = []
    for naam, tests in sorted(lits.per_feit.items()):
        patronen.append({"$and": [{"k": "f"}, {"n": naam}, *tests]})
    if lits.afwezig:
        # The start fact comes after every base fact, so each blocker below is already there
        # when this rule's activation forms (durable does not un-fire a negation).
        patronen.append({"$and": [{"k": "s"}]})
        for naam in sorted(lits.afwezig):
            patronen.append({"$not": {"$and": [{"k": "f"}, {"n": naam}]}})
    for naam, w in sorted(lits.refs.items()):
        patronen.append({"$and": [{"k": "d"}, {"n": naam}, {"w": w}]})
    for lijst, tests in sorted(lits.niet_bestaat.items()):
        if lijst not in lits.per_feit:
            patronen.append({"$and": [{"k": "f"}, {"n": lijst}]})
        for test in tests:
            patronen.append({"$not": {"$and": [{"k": "i"}, {"l": lijst}, test]}})
    return patronen


def _element_varianten(lits: _Literals) -> list[list[Json]]:
    """The element patterns of the er_is tests, one variant per way of sharing elements."""
    varianten: list[list[Json]] = [[]]
    for lijst, tests in sorted(lits.bestaat.items()):
        if len(tests) > MAX_ER_IS:
            raise PlanError("", "RR404", f"{len(tests)} keer 'er_is' over '{lijst}' in één alternatief "
                                         f"(max {MAX_ER_IS})")
        # durable does not count a fact that fills a positive pattern as a blocker of the
        # same rule's $not, so each such element must fail the blocker tests itself.
        element = [[{"$and": [{"k": "i"}, {"l": lijst}, *groep, *lits.vrij[lijst]]} for groep in partitie]
                   for partitie in _partities(tests)]
        varianten = [v + e for v in varianten for e in element]
    return varianten


def _patronen(conj: Conj) -> list[list[Json]]:
    """Turn one disjunct into durable rules' pattern lists (usually one), one pattern per fact.

    Several 'er_is' over one list: durable never lets one fact fill two patterns, so
    ∃x.A ∧ ∃y.B is planned as one alternative per way the tests can share elements:
    ∃x.(A∧B), or A and B on two different elements (and so on for three or four)."""
    lits = _Literals()
    for lit in sorted(conj, key=lambda x: (x.soort, x.sleutel, x.test)):
        lits.voeg_toe(lit)
    if lits.tegenstrijdig or lits.afwezig & set(lits.per_feit):
        return []  # contradictory (decided both ways, or given and not given): plan no rule
    patronen = _vaste_patronen(lits)
    # Element patterns first: a negated pattern is only safe after its positive partners.
    uit = [[*v, *patronen] for v in _element_varianten(lits)]
    return [p if p else [{"$and": [{"k": "s"}]}] for p in uit]


def _durable_regel(patronen: list[Json]) -> Json:
    delen: list[Json] = []
    for i, patroon in enumerate(patronen):
        if "$not" in patroon:
            delen.append({f"n{i}$not": patroon["$not"]})
        else:
            delen.append({f"p{i}": patroon})
    return {"all": delen}


def _voldoet(test: Json, feit: dict[str, Any]) -> bool:
    """Does ``feit`` pass a durable test expression (the subset the plan emits)?"""
    for sleutel, waarde in test.items():
        if sleutel == "$and":
            return all(_voldoet(t, feit) for t in waarde)
        if sleutel == "$or":
            return any(_voldoet(t, feit) for t in waarde)
        if sleutel in ("$ex", "$nex"):
            (prop,) = waarde
            return (prop in feit) == (sleutel == "$ex")
        if sleutel.startswith("$"):
            ((prop, rechts),) = waarde.items()
            if prop not in feit:
                return False
            links = feit[prop]
            return bool({"$neq": links != rechts, "$lt": links < rechts, "$lte": links <= rechts,
                         "$gt": links > rechts, "$gte": links >= rechts}[sleutel])
        return bool(feit.get(sleutel, _GEEN) == waarde)
    return True


_GEEN = object()


def _props(test: Json, uit: dict[str, set[Any]]) -> None:
    for sleutel, waarde in test.items():
        if sleutel in ("$and", "$or"):
            for t in waarde:
                _props(t, uit)
        elif sleutel in ("$ex", "$nex"):
            uit.setdefault(next(iter(waarde)), set())
        elif sleutel.startswith("$"):
            ((prop, rechts),) = waarde.items()
            uit.setdefault(prop, set()).add(rechts)
        else:
            uit.setdefault(sleutel, set()).add(waarde)


class _AlfaNetwerk:
    """A model of durable-rules' alpha network: one chain of tests per pattern, shared
    prefixes merged. Used to bound how many sibling tests one fact can pass at once
    (durable's MAX_STACK_SIZE is 64) and the number of siblings (NEXT_BUCKET 512)."""

    def __init__(self) -> None:
        self.kinderen: dict[tuple[str, ...], dict[str, Json]] = defaultdict(dict)
        self.regel_van: dict[tuple[str, ...], str] = {}

    def voeg_toe(self, keten: list[Json], regel_id: str) -> None:
        pad: tuple[str, ...] = ()
        for test in keten:
            sleutel = json.dumps(test, sort_keys=True)
            self.kinderen[pad][sleutel] = test
            self.regel_van.setdefault(pad, regel_id)
            pad = (*pad, sleutel)

    def controleer(self) -> None:
        for pad, kinderen in self.kinderen.items():
            if len(kinderen) > 500:
                raise PlanError(self.regel_van[pad], "RR403",
                               f"{len(kinderen)} verschillende tests op één plaats in het netwerk (max 500)")
            if len(kinderen) <= MAX_TESTS_PER_FEIT:
                continue
            # Exact bound: try every value the tests mention (and one beside it).
            waarden: dict[str, set[Any]] = {}
            for test in kinderen.values():
                _props(test, waarden)
            if len(waarden) != 1:
                raise PlanError(self.regel_van[pad], "RR403",
                               f"{len(kinderen)} verschillende tests op één feit (max {MAX_TESTS_PER_FEIT})")
            ((prop, kandidaten),) = waarden.items()
            probeer: list[Any] = [None]
            for w in kandidaten:
                probeer.append(w)
                if isinstance(w, int) and not isinstance(w, bool):
                    probeer.extend((w - 1, w + 1))
            meeste = max(sum(_voldoet(t, {} if w is None else {prop: w}) for t in kinderen.values())
                         for w in probeer)
            if meeste > MAX_TESTS_PER_FEIT:
                naam = json.loads(pad[1]).get("n", "?") if len(pad) > 1 else "?"
                raise PlanError(self.regel_van[pad], "RR403",
                               f"één waarde van feit '{naam}' voldoet aan {meeste} verschillende tests "
                               f"tegelijk (max {MAX_TESTS_PER_FEIT})")


def _published(program: ir.Program) -> frozenset[str]:
    published: set[str] = set(program.read)
    # A derived fact read as false needs every defining rule's outcome.
    for feit, definers in program.derived.items():
        if f"f:{feit}" in published and len(definers) > 1:
            published.update(f"r:{d}" for d in definers)
    return frozenset(published)


class _Bouwer:
    """Collects the durable rules, their actions and the alpha-network model of one plan."""

    def __init__(self) -> None:
        self.ruleset: dict[str, Json] = {}
        self.actions: dict[str, Action] = {}
        self.netwerk = _AlfaNetwerk()

    def regel(self, rule: ir.IRRule) -> None:
        """Both rails of one rule; raises PlanError (without a rule id) on what is unsafe."""
        expr = _vouw(rule.effective)
        for waar in (True, False):
            for j, conj in enumerate(_dnf(expr, waar)):
                for k, patronen in enumerate(_patronen(conj)):
                    if len(patronen) > MAX_PATRONEN:
                        raise PlanError("", "RR401", f"{len(patronen)} patronen in één alternatief "
                                                     f"(max {MAX_PATRONEN})")
                    self.voeg_toe(f"{'T' if waar else 'F'}{j}.{k}|{rule.id}", patronen,
                                  Action("regel", rule.id, waar))
                    for p in patronen:
                        self.netwerk.voeg_toe(p.get("$not", p)["$and"], rule.id)

    def samen(self, feit: str, definers: tuple[str, ...]) -> None:
        """The rule that concludes a derived fact false once every definition is false."""
        if len(definers) > MAX_PATRONEN:
            raise PlanError(definers[0], "RR401",
                            f"feit '{feit}' heeft {len(definers)} definities (max {MAX_PATRONEN})")
        self.voeg_toe(f"S|{feit}", [{"$and": [{"k": "d"}, {"n": f"r:{d}"}, {"w": False}]} for d in definers],
                      Action("samen", feit, False))

    def voeg_toe(self, naam: str, patronen: list[Json], action: Action) -> None:
        self.ruleset[naam] = _durable_regel(patronen)
        self.actions[naam] = action


def _bouw(program: ir.Program, problems: list[PlanProblem] | None) -> Plan:
    """Plan ``program``; raise on the first problem, or collect them in ``problems``."""

    def meld(fout: PlanError, rule_id: str) -> None:
        if problems is None:
            raise PlanError(rule_id, fout.code, fout.message) from None
        problems.append(PlanProblem(rule_id, fout.code, fout.message))

    bouwer = _Bouwer()
    published = _published(program)
    for rule in program.rules:
        try:
            bouwer.regel(rule)
        except PlanError as fout:
            meld(fout, rule.id)
    for feit, definers in program.derived.items():
        if f"f:{feit}" in published and len(definers) > 1:
            try:
                bouwer.samen(feit, definers)
            except PlanError as fout:
                meld(fout, fout.rule_id)
    bouwer.voeg_toe("E|einde", [{"$and": [{"k": "e"}]}], Action("einde"))
    try:
        bouwer.netwerk.controleer()
    except PlanError as fout:
        meld(fout, fout.rule_id)
    return Plan(bouwer.ruleset, bouwer.actions, published, dict(program.derived))


def make_plan(program: ir.Program) -> Plan:
    """Plan the durable network for ``program``; raises PlanError on what is unsafe."""
    return _bouw(program, None)


def plan_problems(program: ir.Program) -> list[PlanProblem]:
    """Everything in ``program`` the plan cannot run safely: one problem per offending rule."""
    problems: list[PlanProblem] = []
    _bouw(program, problems)
    return problems


# Aliases of the names before the rename.
PlanFout = PlanError
Actie = Action
maak_plan = make_plan
