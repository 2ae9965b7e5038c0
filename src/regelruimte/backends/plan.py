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
* at most 16 patterns per rule (RR401), bounded DNF size (RR402), at most 64 passed tests
  on durable's stack for any one fact (RR403, MAX_STACK_SIZE; see _AlfaNetwerk) and fewer
  than 512 siblings under a node (NEXT_BUCKET), every '$or'
  counted per occurrence (durable never shares it) and at most 127 of them under one node;
* at most 4096 durable rules per network (RR405, durable's MAX_ACTIONS);
* 'in' and 'niet_in' with several values test a membership property the driver computes
  (:func:`lid_van`), not a '$or', so rules share the test;
* every pattern starts with a positive ``k`` test (a ``$nex``-only pattern loops forever);
* no joins at all, no floats, no ``sid``/``id`` in tests.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache, partial
from typing import Any, Literal

from .. import ir
from ..semantics import element_key, kleene_not

__all__ = ["Action", "Plan", "PlanError", "PlanProblem", "make_plan", "make_shared_plan", "plan_problems"]

MAX_PATRONEN = 16
MAX_DISJUNCTEN = 64
MAX_STAPEL = 64  # durable's MAX_STACK_SIZE: the alpha tests one fact holds at once (error 303)
MAX_TESTS_PER_FEIT = MAX_STAPEL  # the name before the stack was modelled
MAX_OF = 127  # '$or' tests under one node (NEXT_LIST_LENGTH 128: create_ruleset fails with 107)
MAX_REGELS = 4096  # durable rules per ruleset (MAX_ACTIONS: create_ruleset fails with 106)

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
    #: derived fact -> defining rule ids (in any of the network's epochs)
    derived: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: what the patterns read of the base facts: ('f', fact name) or ('i', list name) -> the
    #: properties some test mentions. A fact no pattern reads, or a property no test
    #: mentions, changes no match, so the driver need not assert it.
    reads: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict)
    #: membership properties the patterns test -> (the property, the values): see lid_van
    members: dict[str, tuple[str, tuple[Any, ...]]] = field(default_factory=dict)
    #: the decisions some pattern reads, with the value it reads: a decision is only
    #: asserted with a value some pattern tests (many are read only as false)
    besluiten: frozenset[tuple[str, bool]] = frozenset()
    #: durable rule name -> the decisions its firing concludes, as (name, value); the
    #: driver asserts those some pattern reads (``besluiten``)
    publiceert: dict[str, tuple[tuple[str, bool], ...]] = field(default_factory=dict)
    #: the keys of the programs (epochs) this network runs, oldest first; with more than
    #: one, every fact of a case carries its epoch's index in this tuple (``TIJDVAK``)
    tijdvakken: tuple[str, ...] = ()

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


# --- the head of a pattern ------------------------------------------------------------

#: durable-rules indexes the children of an alpha node by the *name* of the property they
#: test, and tries every child on one name one by one. So base facts ('f') and decisions
#: ('d') carry their name as a property of its own (``"@leeftijd": 1``, ``"@r:<id>": true``),
#: found by one hash lookup however many names there are, under a group property
#: (``"g7": 1``, from a hash of the name) that keeps every node below durable's 512
#: children when the rule base grows. Before, ``{"n": name}`` under a numbered group made
#: each fact meet a few names one by one.
GROEPEN = 32


@lru_cache(maxsize=8192)
def groep(naam: str) -> int:
    """The group of a fact or decision name: stable across processes and Python versions."""
    return zlib.crc32(naam.encode("utf-8")) % GROEPEN


def groep_sleutel(naam: str) -> str:
    """The group property of a fact or decision name (``"g7"``)."""
    return f"g{groep(naam)}"


def naam_sleutel(naam: str) -> str:
    """The property that names a base fact or decision (``"@leeftijd"``, ``"@r:<id>"``).
    durable-rules reads a flat property with dots in its name as one name."""
    return f"@{naam}"


def feit_kop(naam: str) -> list[Json]:
    """The first tests of a pattern on the base fact ``naam``."""
    return [{"k": "f"}, {groep_sleutel(naam): 1}, {naam_sleutel(naam): 1}]


def _besluit(naam: str, waarde: bool) -> Json:
    """The pattern of a published decision ('r:<rule>' or 'f:<fact>' with its value)."""
    return {"$and": [{"k": "d"}, {groep_sleutel(naam): 1}, {naam_sleutel(naam): waarde}]}


def kop_naam(test: Json) -> str | None:
    """The fact or decision name a head test names, or None."""
    ((sleutel, _),) = test.items()
    return sleutel[1:] if sleutel.startswith("@") else None


def fnv1a32(tekst: str) -> int:
    """The hash durable-rules gives sids, message ids and property names (fnv1Hash32)."""
    h = 0x811C9DC5
    for byte in tekst.encode("utf-8"):
        h ^= byte
        h = (h * 16777619) & 0xFFFFFFFF
    return h


# --- single-fact test expressions ------------------------------------------------------

_OMGEKEERD = {"eq": "ne", "ne": "eq", "in": "nin", "nin": "in", "ge": "lt", "lt": "ge", "gt": "le", "le": "gt"}
_DURABLE = {"ne": "$neq", "ge": "$gte", "gt": "$gt", "lt": "$lt", "le": "$lte"}


def _prop(atom: ir.Atom, element: bool) -> str:
    return element_key(atom) if element else atom.prop


def _check_waarde(waarde: Any) -> None:
    if isinstance(waarde, float):
        raise ValueError("durable-rules krijgt geen kommagetallen (exponentnotatie breekt de parser)")


#: membership property -> (the property it tests, the values): see :func:`lid_van`
_LIDMAATSCHAP: dict[str, tuple[str, tuple[Any, ...]]] = {}


def lid_van(prop: str, waarden: tuple[Any, ...]) -> str:
    """The property that says whether ``prop`` is one of ``waarden``, which the driver adds
    to a fact that has ``prop``. durable-rules shares an equality test between the rules
    that use it, but gives every '$or' a node of its own and holds every one a fact passes
    on a stack of 64 (error 303): 'onderwijs in [...]' as '$or' put that ceiling at about
    2.5 times the rule base. Named by a hash of its content, so equal sets share it."""
    inhoud = json.dumps([prop, sorted(map(repr, waarden))], ensure_ascii=False)
    sleutel = f"{prop}__in_{hashlib.sha256(inhoud.encode()).hexdigest()[:16]}"
    _LIDMAATSCHAP.setdefault(sleutel, (prop, tuple(waarden)))
    return sleutel


def _test(prop: str, op: str, waarde: Any) -> Json:
    """A test that holds when ``prop`` is present and ``prop op waarde`` holds."""
    _check_waarde(waarde)
    if op == "bekend":
        return {"$ex": {prop: 1}}
    if op == "eq":
        return {prop: waarde}
    if op in ("in", "nin") and len(waarde) > 1:
        for w in waarde:
            _check_waarde(w)
        return {lid_van(prop, waarde): op == "in"}
    if op == "in":
        return {prop: waarde[0]}
    aanwezig = {"$ex": {prop: 1}}
    if op == "nin":
        return {"$and": [aanwezig, {"$neq": {prop: waarde[0]}}]}
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
        patronen.append({"$and": [*feit_kop(naam), *tests]})
    if lits.afwezig:
        # The start fact comes after every base fact, so each blocker below is already there
        # when this rule's activation forms (durable does not un-fire a negation).
        patronen.append({"$and": [{"k": "s"}]})
        for naam in sorted(lits.afwezig):
            patronen.append({"$not": {"$and": feit_kop(naam)}})
    for naam, w in sorted(lits.refs.items()):
        patronen.append(_besluit(naam, w))
    for lijst, tests in sorted(lits.niet_bestaat.items()):
        if lijst not in lits.per_feit:
            patronen.append({"$and": feit_kop(lijst)})
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
    """A model of durable-rules' alpha network, to bound what one fact puts on durable's
    stack (MAX_STACK_SIZE 64, error 303) and the siblings under one node (NEXT_BUCKET 512).

    durable compiles a pattern's ``$and`` into a chain of nodes, one per test, nested
    ``$and``s flattened into it, and shares equal prefixes. Walking a fact down, it pops a
    node and pushes every child the fact passes: with ``m`` children passed at a node, ``m - 1``
    wait on the stack while the subtree of the last one is walked. So the most a fact can
    hold is ``D(node) = max(m, m - 1 + max D(child))`` from the root, with ``m`` the most
    children one value passes (counted per node, each node at its own worst value: an upper
    bound). Measured on 2.0.28 (tests/test_durable_guards.py): 64 tests passed under one node
    run, 65 fail with 303; 60 + 60 under two shared ``$ex`` nodes run, where counting the
    tests per fact (the model before) said 120.

    A test with '$or' is never shared (durable gives every occurrence a node of its own, in
    a list of at most 127 per node, NEXT_LIST_LENGTH): it is counted per occurrence."""

    def __init__(self) -> None:
        self.kinderen: dict[tuple[str, ...], dict[str, Json]] = defaultdict(dict)
        self.regel_van: dict[tuple[str, ...], str] = {}
        self.of: set[str] = set()  # the keys of '$or' occurrences

    def voeg_toe(self, keten: tuple[tuple[str, Json], ...], regel_id: str) -> None:
        pad: tuple[str, ...] = ()
        for sleutel, test in keten:
            if '"$or"' in sleutel:
                sleutel += f"#{len(self.of)}"
                self.of.add(sleutel)
            self.kinderen[pad][sleutel] = test
            self.regel_van.setdefault(pad, regel_id)
            pad = (*pad, sleutel)

    def _naam_op(self, pad: tuple[str, ...]) -> str:
        """The fact or list name on a path of the network ('?' above the name)."""
        for i, sleutel in enumerate(pad):
            test = self.kinderen[pad[:i]][sleutel]
            naam = kop_naam(test) if len(test) == 1 else None
            if naam is not None or "l" in test:
                return str(naam if naam is not None else test["l"])
        return "?"

    def controleer(self) -> None:
        for pad, kinderen in self.kinderen.items():
            self._controleer(pad, kinderen)
        stapel, pad = self.stapel()
        if stapel > MAX_STAPEL:
            raise PlanError(self.regel_van[pad], "RR403",
                            f"één waarde van feit '{self._naam_op(pad)}' zet {stapel} tests tegelijk op de "
                            f"stapel van durable-rules (max {MAX_STAPEL})")

    def stapel(self) -> tuple[int, tuple[str, ...]]:
        """The most one fact can put on durable's stack, and the node on its worst path
        where the most tests are passed at once (where a problem is reported)."""
        diepte: dict[tuple[str, ...], tuple[int, tuple[str, ...], int]] = {}
        for pad in sorted(self.kinderen, key=len, reverse=True):  # children before parents
            kinderen = self.kinderen[pad]
            m = len(kinderen) if len(kinderen) <= 1 else _meeste_bij(kinderen)
            onder, plek, breed = max((diepte.get((*pad, k), (0, pad, 0)) for k in kinderen),
                                     key=lambda x: (x[0], x[2]))
            d = max(m, m - 1 + onder)
            diepte[pad] = (d, pad, m) if m >= breed else (d, plek, breed)
        d, plek, _ = diepte.get((), (0, (), 0))
        return d, plek

    def _controleer(self, pad: tuple[str, ...], kinderen: dict[str, Json]) -> None:
        if len(kinderen) > 500:
            raise PlanError(self.regel_van[pad], "RR403",
                            f"{len(kinderen)} verschillende tests op één plaats in het netwerk (max 500)")
        of = [sleutel for sleutel in kinderen if sleutel in self.of]
        if len(of) > MAX_OF:
            raise PlanError(self.regel_van[pad], "RR403",
                            f"{len(of)} tests met 'een_van' binnen één feit op één plaats in het netwerk "
                            f"(max {MAX_OF})")


_MEESTE: dict[tuple[str, ...], int] = {}


def _meeste_bij(kinderen: dict[str, Json]) -> int:
    """_meeste_plaatsen of a node's children, remembered by their keys (canonical JSON, plus a
    number per '$or' occurrence): most nodes are the same in every epoch."""
    sleutel = tuple(sorted(kinderen))
    if sleutel not in _MEESTE:
        if len(_MEESTE) > 65_536:
            _MEESTE.clear()
        _MEESTE[sleutel] = _meeste_plaatsen(list(kinderen.values()))
    return _MEESTE[sleutel]


def _meeste_plaatsen(tests: list[Json]) -> int:
    """The most sibling ``tests`` one fact can pass at once (each takes a place on durable's
    stack; a '$or' takes one whatever number of its alternatives pass, measured): per
    property the value (every one the tests mention, one beside each whole number, or
    absent) that passes the most tests on that property, plus every test on several."""
    per_prop: dict[str, list[Json]] = defaultdict(list)
    meeste = 0
    for test in tests:
        props: dict[str, set[Any]] = {}
        _props(test, props)
        if len(props) == 1:
            per_prop[next(iter(props))].append(test)
        else:
            meeste += 1
    for prop, op_prop in per_prop.items():
        kandidaten: dict[str, set[Any]] = {}
        for test in op_prop:
            _props(test, kandidaten)
        probeer: list[Any] = [None] if kandidaten[prop] else [None, 1]  # only $ex/$nex: present or not
        for w in kandidaten[prop]:
            probeer.append(w)
            if isinstance(w, int) and not isinstance(w, bool):
                probeer.extend((w - 1, w + 1))
        meeste += max(sum(_voldoet(t, {} if w is None else {prop: w}) for t in op_prop) for w in probeer)
    return meeste


def _published(program: ir.Program) -> frozenset[str]:
    published: set[str] = set(program.read)
    # A derived fact read as false needs every defining rule's outcome.
    for feit, definers in program.derived.items():
        if f"f:{feit}" in published and len(definers) > 1:
            published.update(f"r:{d}" for d in definers)
    return frozenset(published)


@dataclass(frozen=True)
class _Keten:
    """One pattern as a chain of tests in the alpha network."""

    tests: tuple[tuple[str, Json], ...]  # each test with its canonical JSON
    of: bool  # it has a '$or', so durable never shares it
    leest: tuple[str, str, frozenset[str]] | None  # ('f' or 'i', name, the properties tested)
    eigenschappen: frozenset[str] = frozenset()  # every property name a test reads


#: one durable rule as planned: its name, its JSON, its action and the chains of its patterns
_DurableRegel = tuple[str, Json, Action, tuple[_Keten, ...]]


@lru_cache(maxsize=16384)
def _regel_plan(rule_id: str, effective: ir.Expr) -> tuple[_DurableRegel, ...]:
    """Both rails of one rule; raises PlanError (without a rule id) on what is unsafe.

    Pure, so memoised: most rules are the same in every epoch, and the compiler checks the
    plan of every epoch."""
    expr = _vouw(effective)
    uit: list[_DurableRegel] = []
    for waar in (True, False):
        for j, conj in enumerate(_dnf(expr, waar)):
            for k, patronen in enumerate(_patronen(conj)):
                if len(patronen) > MAX_PATRONEN:
                    raise PlanError("", "RR401", f"{len(patronen)} patronen in één alternatief "
                                                 f"(max {MAX_PATRONEN})")
                uit.append((f"{'T' if waar else 'F'}{j}.{k}|{rule_id}", _durable_regel(patronen),
                            Action("regel", rule_id, waar), tuple(map(_keten, patronen))))
    return tuple(uit)


def _plat(test: Json) -> list[Json]:
    """A test as durable chains it: a nested '$and' becomes its tests, one node each."""
    if list(test) == ["$and"]:
        return [t for deel in test["$and"] for t in _plat(deel)]
    return [test]


def _keten(patroon: Json) -> _Keten:
    delen = patroon.get("$not", patroon)["$and"]
    tests = tuple((json.dumps(test, sort_keys=True), test) for deel in delen for test in _plat(deel))
    gelezen: dict[str, set[Any]] = {}
    for _, test in tests:
        _props(test, gelezen)
    return _Keten(tests, any('"$or"' in sleutel for sleutel, _ in tests), _leest(delen), frozenset(gelezen))


def _leest(delen: list[Json]) -> tuple[str, str, frozenset[str]] | None:
    """What a pattern reads of a base fact: its kind, its name and the properties tested."""
    kop, *rest = delen
    soort = kop.get("k")
    if soort == "f":
        _, naam, *tests = rest  # {'g<n>': 1}, {'@<fact>': 1}, then the tests
        waarde = kop_naam(naam) or ""
    elif soort == "i":
        naam, *tests = rest  # {'l': list}, then the tests
        waarde = naam["l"]
    else:
        return None
    props: dict[str, set[Any]] = {}
    for test in tests:
        _props(test, props)
    props.pop(TIJDVAK, None)  # the driver adds the epoch to every fact itself
    return soort, waarde, frozenset(props)


MAX_OP_KETEN = 256  # patterns on one identical chain of tests (BETA_LIST_LENGTH: create fails with 108)


class _Bouwer:
    """Collects the durable rules, their actions and the alpha-network model of one plan."""

    def __init__(self) -> None:
        self.ruleset: dict[str, Json] = {}
        self.actions: dict[str, Action] = {}
        self.netwerk = _AlfaNetwerk()
        #: per chain of tests (no '$or' in it): the patterns on it, and the first rule
        self.op_keten: dict[tuple[str, ...], list[Any]] = {}
        #: per base fact, the properties the patterns test
        self.reads: dict[tuple[str, str], set[str]] = {}
        #: the decisions the patterns read, with their value
        self.besluiten: set[tuple[str, bool]] = set()
        #: every property name a test reads
        self.eigenschappen: set[str] = set()
        #: durable rule name -> the decisions its firing concludes (Plan.publiceert)
        self.publiceert: dict[str, tuple[tuple[str, bool], ...]] = {}

    def regel(self, variant: _RegelVariant, bereik: list[_Bereik]) -> None:
        """Both rails of one rule version, once per stretch of epochs it holds in; raises
        PlanError (without a rule id) on what is unsafe."""
        for naam, regel, action, ketens in _regel_plan(variant.rule_id, variant.effective):
            namen = [(f"r:{variant.rule_id}", action.value)]
            if variant.feit is not None and (action.value or variant.enige_definitie):
                namen.append((f"f:{variant.feit}", action.value))
            for achtervoegsel, wacht in bereik:
                self._voeg_toe_bewaakt(naam + achtervoegsel, regel, ketens, action, wacht, tuple(namen),
                                       variant.rule_id)

    def samen(self, feit: str, definers: tuple[str, ...], bereik: list[_Bereik]) -> None:
        """The rule that concludes a derived fact false once every definition is false."""
        if len(definers) > MAX_PATRONEN:
            raise PlanError(definers[0], "RR401",
                            f"feit '{feit}' heeft {len(definers)} definities (max {MAX_PATRONEN})")
        patronen = [_besluit(f"r:{d}", False) for d in definers]
        ketens = tuple(map(_keten, patronen))
        for achtervoegsel, wacht in bereik:
            self._voeg_toe_bewaakt(f"S|{feit}{achtervoegsel}", _durable_regel(patronen), ketens,
                                   Action("samen", feit, False), wacht, ((f"f:{feit}", False),), definers[0])

    def voeg_toe(self, naam: str, patronen: list[Json], action: Action) -> None:
        self.ruleset[naam] = _durable_regel(patronen)
        self.actions[naam] = action

    def _voeg_toe_bewaakt(self, naam: str, regel: Json, ketens: tuple[_Keten, ...], action: Action,
                          wacht: list[Json] | None, publiceert: tuple[tuple[str, bool], ...], rule_id: str) -> None:
        """A durable rule; when it holds in only some epochs of the network, each of its
        positive patterns ends with the test of the epoch every fact of a case carries, so
        in another epoch no fact reaches the rule at all (an alpha test, no join)."""
        if wacht is not None:
            regel = {"all": [_met_wacht(deel, wacht) for deel in regel["all"]]}
            ketens = tuple(_keten(patroon) for deel in regel["all"] for patroon in deel.values())
        self.ruleset[naam] = regel
        self.actions[naam] = action
        self.publiceert[naam] = publiceert
        for keten in ketens:
            self.netwerk.voeg_toe(keten.tests, rule_id)
            self.tel(keten, rule_id)

    def tel(self, keten: _Keten, rule_id: str) -> None:
        """Count the pattern on its chain, and what it reads of a base fact or decision."""
        if not keten.of:
            self.op_keten.setdefault(tuple(s for s, _ in keten.tests), [0, rule_id])[0] += 1
        self.eigenschappen.update(keten.eigenschappen)
        if keten.tests[0][1] == {"k": "d"}:  # {'k': 'd'}, {'g<n>': 1}, {'@<name>': value}, epoch tests
            ((sleutel, waarde),) = keten.tests[2][1].items()
            self.besluiten.add((sleutel[1:], waarde))
        if keten.leest is not None:
            soort, naam, props = keten.leest
            self.reads.setdefault((soort, naam), set()).update(props)

    def controleer_grootte(self, programs: Sequence[ir.Program]) -> None:
        """What durable-rules cannot create: too many rules in all, or on one test."""
        periode = f"{programs[0].start} t/m {programs[-1].end or 'open'}"
        regels = len({r.id for p in programs for r in p.rules})
        if len(self.ruleset) > MAX_REGELS:
            raise PlanError("", "RR405", f"het netwerk voor {periode} telt {len(self.ruleset)} durable-rules-"
                                         f"regels (max {MAX_REGELS}): {regels} regels, elk met één "
                                         "durable-regel per alternatief van de waar- en de onwaar-kant")
        for sleutel, (aantal, rule_id) in sorted(self.op_keten.items()):
            if aantal > MAX_OP_KETEN:
                raise PlanError(rule_id, "RR405", f"{aantal} durable-rules-regels lezen dezelfde test op "
                                                  f"{_beschrijf(sleutel)} (max {MAX_OP_KETEN})")


    def controleer_namen(self) -> None:
        """durable-rules finds a test by the 32-bit hash of its property name and reads the
        property from the fact by that hash too: two names with one hash would let a fact
        pass the other name's tests. The reserved names count as well."""
        gezien: dict[int, str] = {}
        for naam in sorted(self.eigenschappen | {"sid", "id", "$s"}):
            ander = gezien.setdefault(fnv1a32(naam), naam)
            if ander != naam:
                raise PlanError("", "RR403", f"de namen '{ander}' en '{naam}' hebben dezelfde hash in "
                                             "durable-rules; hernoem een van beide")


def _beschrijf(keten: tuple[str, ...]) -> str:
    """A chain of tests as the fact it reads, for a message."""
    tests = [json.loads(s) for s in keten]
    for test in tests:
        naam = kop_naam(test) if len(test) == 1 else None
        if naam is not None:
            return f"'{naam}'"
        if "l" in test:
            return f"de lijst '{test['l']}'"
    return "het startfeit" if tests and tests[0].get("k") == "s" else "één feit"


@dataclass(frozen=True)
class _RegelVariant:
    """What the plan of a rule depends on: two epochs with equal variants share its rules."""

    rule_id: str
    effective: ir.Expr
    feit: str | None  # the derived fact it concludes
    enige_definitie: bool  # the only rule concluding it, so its false rail concludes the fact false


#: the stretches of a network's epochs a durable rule holds in: (name suffix, the tests of
#: the epoch property, or None when it holds in every epoch of the network)
_Bereik = tuple[str, list[Json] | None]


#: the property every fact of a case on a network of several epochs carries: the index of its
#: epoch in the network's programs (Plan.tijdvakken)
TIJDVAK = "tv"


def _met_wacht(deel: dict[str, Json], wacht: list[Json]) -> dict[str, Json]:
    """One pattern of a durable rule with the epoch test at its end; a negated pattern stays
    as it is (its positive partner carries the test)."""
    ((alias, patroon),) = deel.items()
    if alias.endswith("$not"):
        return deel
    return {alias: {"$and": [*patroon["$and"], *wacht]}}


def _bereik(tijdvakken: list[int], aantal: int) -> list[_Bereik]:
    """One guard per run of consecutive epochs (indices into the network's programs)."""
    if len(tijdvakken) == aantal:
        return [("", None)]
    uit: list[_Bereik] = []
    runs: list[list[int]] = []
    for i in tijdvakken:
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    for run in runs:
        a, b = run[0], run[-1]
        tests: list[Json] = []
        if a == b:
            tests.append({TIJDVAK: a})
        else:
            if a > 0:
                tests.append({"$gte": {TIJDVAK: a}})
            if b < aantal - 1:
                tests.append({"$lte": {TIJDVAK: b}})
        uit.append((f"~{a}-{b}", tests))
    return uit


_Sleutel = _RegelVariant | tuple[str, tuple[str, ...]]


def _varianten(programs: Sequence[ir.Program]) -> dict[_Sleutel, list[int]]:
    """Every rule version and every 'all definitions false' rule of the programs, with the
    epochs (indices) it holds in, in order of first appearance."""
    uit: dict[_Sleutel, list[int]] = {}
    for i, program in enumerate(programs):
        published = _published(program)
        for rule in program.rules:
            enig = rule.feit is not None and len(program.derived.get(rule.feit, ())) == 1
            uit.setdefault(_RegelVariant(rule.id, rule.effective, rule.feit, enig), []).append(i)
        for feit, definers in program.derived.items():
            if f"f:{feit}" in published and len(definers) > 1:
                uit.setdefault((feit, definers), []).append(i)
    return uit


def _derived(programs: Sequence[ir.Program]) -> dict[str, tuple[str, ...]]:
    """Derived fact -> every rule concluding it in any of the epochs."""
    derived: dict[str, set[str]] = defaultdict(set)
    for program in programs:
        for feit, definers in program.derived.items():
            derived[feit].update(definers)
    return {feit: tuple(sorted(d)) for feit, d in derived.items()}


def _bouw(programs: Sequence[ir.Program], problems: list[PlanProblem] | None) -> Plan:
    """Plan one network for ``programs`` (epochs, oldest first); raise on the first
    problem, or collect them in ``problems``."""

    def meld(fout: PlanError, rule_id: str) -> None:
        if problems is None:
            raise PlanError(rule_id, fout.code, fout.message) from None
        problems.append(PlanProblem(rule_id, fout.code, fout.message))

    bouwer = _Bouwer()
    for sleutel, tijdvakken in _varianten(programs).items():
        bereik = _bereik(tijdvakken, len(programs))
        if isinstance(sleutel, _RegelVariant):
            try:
                bouwer.regel(sleutel, bereik)
            except PlanError as fout:
                meld(fout, sleutel.rule_id)
        else:
            try:
                bouwer.samen(*sleutel, bereik)
            except PlanError as fout:
                meld(fout, fout.rule_id)
    bouwer.voeg_toe("E|einde", [{"$and": [{"k": "e"}]}], Action("einde"))
    toetsen: list[Callable[[], None]] = [partial(bouwer.controleer_grootte, programs),
                                         bouwer.netwerk.controleer, bouwer.controleer_namen]
    for controle in toetsen:
        try:
            controle()
        except PlanError as fout:
            meld(fout, fout.rule_id)
    reads = {sleutel: frozenset(props) for sleutel, props in bouwer.reads.items()}
    members = {p: _LIDMAATSCHAP[p] for props in reads.values() for p in props if p in _LIDMAATSCHAP}
    return Plan(bouwer.ruleset, bouwer.actions, frozenset().union(*map(_published, programs)),
                _derived(programs), reads, members,
                frozenset(bouwer.besluiten), bouwer.publiceert,
                tuple(p.key for p in programs) if len(programs) > 1 else ())


def make_plan(program: ir.Program) -> Plan:
    """Plan the durable network for ``program``; raises PlanError on what is unsafe."""
    return _bouw([program], None)


def make_shared_plan(programs: Sequence[ir.Program]) -> Plan:
    """Plan one durable network for several epochs of one rule base (oldest first): a rule
    version the epochs share is planned once, one that holds in only some of them tests the
    epoch every fact carries (``TIJDVAK``) in each of its positive patterns. Most rules are
    the same in every epoch, so this network is far smaller than one per epoch. Raises
    PlanError on what is unsafe."""
    if not programs:
        raise ValueError("geen programma's")
    return _bouw(sorted(programs, key=lambda p: p.start), None)


def plan_problems(program: ir.Program) -> list[PlanProblem]:
    """Everything in ``program`` the plan cannot run safely: one problem per offending rule."""
    problems: list[PlanProblem] = []
    _bouw([program], problems)
    return problems


# Aliases of the names before the rename.
PlanFout = PlanError
Actie = Action
maak_plan = make_plan
