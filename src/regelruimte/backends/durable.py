"""Run a program on durable-rules. The only module that imports durable-rules.

durable-rules 2.0.28 is driven through its C module (``durable_rules_engine``), not the
stock ``Host``: no background threads, no ``start_action()``, no swallowed exceptions.
Hardening against the hazards listed in docs/architecture.md ("How the durable-rules hazards
are closed"), each verified in tests/test_durable_guards.py:

* **one state per evaluation at a time**, taken from a fixed pool of sids whose 32-bit FNV
  hashes differ (durable compares sid *hashes* only), so no two live cases can share a
  state and at most ``POOL`` states ever exist (the C core breaks at 1024);
* a state is **emptied, not deleted**, after each case: every fact the case asserted (base
  facts and published conclusions) is retracted in reverse order in one call, and the
  driver checks that nothing is left to fire. Creating a state costs more than the whole
  case, and ``delete_state`` on a state in which no action ran frees uninitialised
  pointers; a state that is never deleted has neither problem. A sentinel rule still makes
  sure an action completes in every new state;
* every fact gets an **explicit id** from a list with distinct 32-bit hashes (content
  hashes collide about once per 150k facts, silently dropping a fact);
* derived facts are **deduplicated** before they are asserted, and only facts some pattern
  reads are asserted at all;
* a ``durable_rules_engine.error`` poisons the network: it is dropped and recompiled, and
  the caller gets an :class:`EngineFout` instead of a wrong answer.

The epochs of one rule base share one network (``plan.make_shared_plan``): a rule version
the epochs share is planned once, one that holds in only some of them tests, in each of its
patterns, the epoch every fact of a case carries (``plan.TIJDVAK``). The network is compiled
when a case needs an epoch it does not run yet, with every epoch of that rule base seen so
far, and the network it replaces is freed; after the first case on each epoch in use,
nothing is compiled or freed again, so memory stays flat over every day of the covered
period (all 19 epochs of the bundled rules make 1,225 durable rules, against 1,038 for the
largest epoch; a case costs the backend about 5 % more than on a network of its epoch
alone). States are per evaluation, so evaluations leave nothing behind. Epochs that together
exceed what durable-rules can hold get a network each. At most ``MAX_NETWERKEN`` networks
live at once (one of one epoch costs about 33 MB: 12 MB of network, 21 MB per engine state):
beyond that, the network used longest ago is freed (its states with ``delete_state``, then
``delete_ruleset``) as soon as no evaluation is still running on it, and compiled again if
its epochs come back. The freed pages are not handed back with glibc's ``malloc_trim``: that
kept memory flat when networks were freed all the time, but two of five runs of 200,000
evaluations then died inside malloc (docs/performance.md, "Memory over every day of
2025-2026").
"""

from __future__ import annotations

import itertools
import json
import os
import queue
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

import durable_rules_engine as _engine

from .. import ir
from ..encode import Feiten
from . import Uitkomst
from .plan import TIJDVAK, Plan, PlanError, fnv1a32, groep_sleutel, make_plan, make_shared_plan, naam_sleutel

__all__ = ["MAX_NETWERKEN", "POOL", "DurableBackend", "EngineFout", "fnv1a32"]

POOL = 64
#: live networks per backend (``REGELRUIMTE_DURABLE_NETWERKEN`` overrides). The epochs of one
#: rule base share a network, so this bounds rule bases in use (or epochs, for one whose
#: epochs do not fit in one network)
MAX_NETWERKEN = 3
MAX_FEITEN = 8192
VERSIE = "durable-rules 2.0.28"


class EngineFout(RuntimeError):
    """durable-rules failed; the network was discarded. The answer was not produced."""


def _netwerken_uit_omgeving() -> int:
    tekst = os.environ.get("REGELRUIMTE_DURABLE_NETWERKEN", "").strip()
    if not tekst:
        return MAX_NETWERKEN
    if not tekst.isdigit() or int(tekst) < 1:
        raise ValueError("REGELRUIMTE_DURABLE_NETWERKEN moet een geheel getal van 1 of meer zijn "
                         f"(hoeveel durable-rules-netwerken tegelijk leven; standaard {MAX_NETWERKEN})")
    return int(tekst)


def _uniek(kandidaten: itertools.count[int], prefix: str, aantal: int, bezet: set[int]) -> list[str]:
    uit: list[str] = []
    for n in kandidaten:
        tekst = f"{prefix}{n}"
        h = fnv1a32(tekst)
        if h in bezet:
            continue
        bezet.add(h)
        uit.append(tekst)
        if len(uit) == aantal:
            return uit
    raise AssertionError("unreachable")


_SIDS = _uniek(itertools.count(), "c", POOL, set())
_STAAT_IDS = {fnv1a32(f"sid-{sid}") for sid in _SIDS}  # ids of durable's internal state facts
_IDS = _uniek(itertools.count(), "", MAX_FEITEN, set(_STAAT_IDS))
_EINDE_ID = _IDS[-1]
_DERIVED_KOP = '{"k":"d","%s":1,"%s":%s,"sid":"'
_NAMEN = itertools.count()


#: what the driver does when a durable rule fires: the rule it decides (None for the
#: conclusion that a derived fact is false, and for the sentinel), the value, and the
#: decisions to publish as (name, JSON text up to the sid)
_Vuring = tuple[str | None, bool, tuple[tuple[str, str], ...]]


@dataclass
class _Netwerk:
    plan: Plan
    handle: int
    tabel: dict[str, _Vuring]  # durable rule name -> what its firing does
    programmas: tuple[ir.Program, ...]  # the epochs it runs, oldest first
    nummer: int = 0  # identifies it in the backend's use order (DurableBackend._netten)
    # LIFO: sequential use keeps reusing one warm state instead of cycling through all.
    sids: queue.LifoQueue[str] = field(default_factory=queue.LifoQueue)
    vergiftigd: bool = False
    gebruikt: set[str] = field(default_factory=set)  # sids whose state exists
    bezig: int = 0  # evaluations running on it (guarded by the backend's lock)
    afgedankt: bool = False  # evicted: freed when the last running evaluation ends
    #: program key -> what every fact of a case on it ends with: its epoch (networks of
    #: several epochs; '' on a network of one)
    tijdvak: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for sid in _SIDS:
            self.sids.put(sid)
        # the epoch indices are the plan's own, so they cannot drift from its tests
        self.tijdvak = {sleutel: f',"{TIJDVAK}":{i}' for i, sleutel in enumerate(self.plan.tijdvakken)}


def _familie(sleutel: str) -> str | None:
    """The rule base a program key belongs to ('<rule hash>@<epoch start>'), or None for a
    program without one: only epochs of one rule base share a network."""
    hash_, at, _ = sleutel.partition("@")
    return hash_ if at and hash_ else None


def _vuringen(plan: Plan) -> dict[str, _Vuring]:
    """Per durable rule, what its firing does, worked out once per network: a decided rule
    publishes its outcome where some pattern reads it, and a derived fact it concludes
    (true, or false when it is the only definition)."""

    def publiceer(namen: tuple[tuple[str, bool], ...]) -> tuple[tuple[str, str], ...]:
        # Rule ids and fact names match [a-z0-9_.:-]+ (spec.ID_PATROON), sids and ids are
        # generated: formatting the JSON directly is safe and much cheaper than dumps().
        # only with a value some pattern reads (many decisions are read only as false)
        return tuple((naam, _DERIVED_KOP % (groep_sleutel(naam), naam_sleutel(naam), "true" if w else "false"))
                     for naam, w in namen if (naam, w) in plan.besluiten)

    tabel: dict[str, _Vuring] = {}
    for naam, actie in plan.actions.items():
        regel = actie.target if actie.kind == "regel" else None  # 'samen' and the sentinel decide no rule
        tabel[naam] = (regel, regel is not None and actie.value, publiceer(plan.publiceert.get(naam, ())))
    return tabel


class DurableBackend:
    """Evaluate programs on durable-rules' Rete network.

    ``controleer_leeg`` (for tests) asks durable-rules after every case whether the state
    is really empty; it costs a C call and a JSON parse per case. ``max_netwerken`` bounds
    the networks alive at once (least recently used is freed first).
    """

    naam = VERSIE

    def __init__(self, *, controleer_leeg: bool = False, max_netwerken: int | None = None,
                 delen: bool = True) -> None:
        self.controleer_leeg = controleer_leeg
        if max_netwerken is None:
            max_netwerken = _netwerken_uit_omgeving()
        if max_netwerken < 1:
            raise ValueError("max_netwerken moet minstens 1 zijn")
        self.max_netwerken = max_netwerken
        self.delen = delen  # epochs of one rule base share one network (see _bouw_voor)
        self._per_programma: dict[str, _Netwerk] = {}  # program key -> the network that runs it
        self._netten: OrderedDict[int, _Netwerk] = OrderedDict()  # live networks, least recently used first
        self._niet_te_delen: set[str] = set()  # rule bases whose epochs did not fit in one network
        self._slot = threading.Lock()  # guards the maps and every network's bezig/afgedankt
        self.gebouwd = 0  # networks compiled, for tests and benchmarks
        self.vrijgegeven = 0  # networks freed

    def _neem(self, programma: ir.Programma) -> _Netwerk:
        """The network of this epoch, marked busy; compiled (and the oldest evicted) if needed."""
        with self._slot:
            net = self._per_programma.get(programma.key)
            if net is None or net.vergiftigd:
                net = self._bouw_voor(programma)
                self._ruim_op()
            else:
                self._netten.move_to_end(net.nummer)
            net.bezig += 1
            return net

    def _geef_terug(self, net: _Netwerk) -> None:
        with self._slot:
            net.bezig -= 1
            if net.afgedankt and net.bezig == 0:
                self._vrij(net)

    def _bouw_voor(self, programma: ir.Programma) -> _Netwerk:
        """Compile a network for a new epoch (caller holds the lock). With ``delen``, it also
        runs every other epoch of the same rule base this backend has seen, so a long-running
        process ends with one network per rule base, whatever dates come, instead of
        compiling and freeing one network per epoch; the networks it replaces are freed. When
        the epochs together exceed what durable-rules can hold, each gets its own."""
        familie = _familie(programma.key)
        programmas: list[ir.Program] = [programma]
        if self.delen and familie is not None and familie not in self._niet_te_delen:
            programmas += [p for sleutel, n in self._per_programma.items()
                           if sleutel != programma.key and _familie(sleutel) == familie
                           for p in n.programmas if p.key == sleutel]
        net: _Netwerk | None = None
        if len(programmas) > 1:
            try:
                net = self._bouw(tuple(sorted(programmas, key=lambda p: p.start)))
            except (PlanError, _engine.error):  # past what one network holds: a network each
                self._niet_te_delen.add(str(familie))
        if net is None:
            net = self._bouw((programma,))
        for p in net.programmas:
            oud = self._per_programma.get(p.key)
            self._per_programma[p.key] = net
            if oud is not None and oud is not net and not any(n is oud for n in self._per_programma.values()):
                self._dank_af(oud)
        self._netten[net.nummer] = net
        return net

    def _bouw(self, programmas: tuple[ir.Program, ...]) -> _Netwerk:
        plan = make_plan(programmas[0]) if len(programmas) == 1 else make_shared_plan(programmas)
        naam = f"regelruimte{next(_NAMEN)}"
        handle = _engine.create_ruleset(naam, json.dumps(plan.ruleset, ensure_ascii=False))
        self.gebouwd += 1
        return _Netwerk(plan, handle, _vuringen(plan), programmas, nummer=next(_NAMEN))

    def _dank_af(self, net: _Netwerk) -> None:
        """Take a network out of use (caller holds the lock); freed once nobody runs on it."""
        self._netten.pop(net.nummer, None)
        for p in net.programmas:
            if self._per_programma.get(p.key) is net:
                del self._per_programma[p.key]
        net.afgedankt = True
        if net.bezig == 0:
            self._vrij(net)

    def _ruim_op(self) -> None:
        """Evict the least recently used networks beyond the bound (caller holds the lock)."""
        while len(self._netten) > self.max_netwerken:
            self._dank_af(next(iter(self._netten.values())))

    def _vrij(self, net: _Netwerk) -> None:
        """Free a network nobody uses any more: its states first (``delete_ruleset`` does not
        free them), then the ruleset. Every state has completed an action (the sentinel) and
        holds no facts, so ``delete_state`` is safe; the handle is never used again."""
        if net.vergiftigd:
            return
        for sid in sorted(net.gebruikt):
            _engine.delete_state(net.handle, sid)
        net.gebruikt.clear()
        _engine.delete_ruleset(net.handle)
        net.vergiftigd = True  # a stale reference can never reach the freed handle
        self.vrijgegeven += 1

    def netwerken(self) -> int:
        """How many networks are alive (compiled and not freed)."""
        with self._slot:
            return len(self._netten)

    def evalueer(self, programma: ir.Programma, feiten: Feiten) -> Uitkomst:
        net = self._neem(programma)
        sid = net.sids.get()
        gelukt = False
        try:
            regels, vuringen = self._draai(net, sid, feiten, programma.key)
            gelukt = True
        except _engine.error as fout:
            raise EngineFout(f"durable-rules gaf fout {fout}; het netwerk is vervangen") from None
        finally:
            if gelukt:
                net.sids.put(sid)
            else:
                net.vergiftigd = True  # never reuse a state or handle in an unknown condition
            self._geef_terug(net)
        return Uitkomst(regels, vuringen)

    def _draai(self, net: _Netwerk, sid: str, feiten: Feiten, sleutel: str) -> tuple[dict[str, bool], int]:
        if len(feiten.lijst) >= MAX_FEITEN // 2:
            raise EngineFout(f"te veel feiten in één casus ({len(feiten.lijst)})")
        case = _Casus(net, sid, feiten, net.tijdvak.get(sleutel, ""))
        if sid not in net.gebruikt:
            case.nieuwe_toestand()
            net.gebruikt.add(sid)
        staat = case.draai(f"[{','.join(case.lading)}]")
        # Conclusions are asserted in rounds, one batch per round: the rules are monotone
        # (facts are only added), so the network reaches the same end state in fewer calls.
        while case.wachtend:
            batch = f"[{','.join(case.wachtend)}]"
            case.wachtend.clear()
            staat = case.draai(batch)
        case.leeg(staat, controleer=self.controleer_leeg)
        return case.regels, case.vuringen


#: the JSON of a base fact as asserted, without its sid and id, by its content: the same
#: facts come back case after case (an age, a school type), and dumps() is the slow part
_LADING_CACHE: dict[tuple[object, ...], str] = {}
_LADING_MAX = 4096  # entries of a few hundred bytes; date measures change every day, so keep it small


def _lading(feiten: Feiten, plan: Plan, sid: str, tijdvak: str = "") -> list[str]:
    """The base facts as asserted: only those some pattern reads, with only the properties
    some test mentions (a test sees nothing else) and the memberships the plan tests
    (:func:`~.plan.lid_van`), each with the sid, its own id and (on a network of several
    epochs) the case's epoch."""
    uit: list[str] = []
    for feit in feiten.lijst:
        kern = _kern(feit, plan)
        if kern is None:
            continue
        uit.append(f'{kern},"sid":"{sid}","id":"{_IDS[len(uit)]}"{tijdvak}}}')
    return uit


def _waarden(feit: dict[str, object], props: frozenset[str], plan: Plan) -> list[tuple[str, object]]:
    """The properties of a base fact some test reads, memberships computed (plan.lid_van)."""
    waarden: list[tuple[str, object]] = []
    leden = plan.members
    for p in sorted(props):
        if p in feit:
            waarden.append((p, feit[p]))
        elif p in leden:
            bron, lijst = leden[p]
            if bron in feit:
                waarden.append((p, feit[bron] in lijst))
    return waarden


def _kern(feit: dict[str, object], plan: Plan) -> str | None:
    """A base fact's JSON up to its sid (without the closing brace), or None if no pattern
    reads it."""
    soort = str(feit["k"])
    if soort == "s":
        return '{"k":"s"'
    naam = str(feit["n" if soort == "f" else "l"])
    props = plan.reads.get((soort, naam))
    if props is None:
        return None
    waarden = _waarden(feit, props, plan)
    sleutel = (soort, naam, *waarden)  # the text depends on nothing else
    try:
        return _LADING_CACHE[sleutel]
    except KeyError:
        pass
    except TypeError:  # an unhashable value: not cached
        sleutel = ()
    kop: dict[str, object] = ({"k": "f", groep_sleutel(naam): 1, naam_sleutel(naam): 1} if soort == "f"
                              else {"k": "i", "l": naam})
    tekst = json.dumps({**kop, **dict(waarden)}, ensure_ascii=False)[:-1]
    if sleutel:
        if len(_LADING_CACHE) >= _LADING_MAX:
            _LADING_CACHE.clear()
        _LADING_CACHE[sleutel] = tekst
    return tekst


class _Casus:
    """One evaluation in one pooled state: the facts it asserts, the actions it runs and the
    conclusions it publishes, and emptying the state afterwards."""

    def __init__(self, net: _Netwerk, sid: str, feiten: Feiten, tijdvak: str) -> None:
        self.net = net
        self.handle = net.handle
        self.sid = sid
        self.regels: dict[str, bool] = {}
        self.vuringen = 0
        self.gepubliceerd: set[str] = set()
        self.tijdvak = tijdvak
        self.lading = _lading(feiten, net.plan, sid, tijdvak)  # base facts as JSON, in assert order
        self.teller = itertools.count(len(self.lading))
        self.wachtend: list[str] = []  # published, not yet asserted

    def nieuwe_toestand(self) -> None:
        """A new state: make sure one action completes in it, so deleting it would be safe."""
        einde = json.dumps({"k": "e", "sid": self.sid, "id": _EINDE_ID})
        _, staat = _engine.assert_fact(self.handle, einde)
        eerste = _engine.start_action_for_state(self.handle, staat)
        self.doe(eerste[1] if eerste else None, staat)
        _engine.retract_fact(self.handle, einde)

    def draai(self, feiten_json: str) -> int:
        """Assert facts (a JSON list) and run every action they trigger; returns the state."""
        uit: tuple[int, int] = _engine.assert_facts(self.handle, feiten_json)
        code, staat = uit
        if code not in (0, 1):
            raise EngineFout(f"assert_facts gaf code {code}")
        eerste = _engine.start_action_for_state(self.handle, staat)
        self.doe(eerste[1] if eerste else None, staat)
        return staat

    def doe(self, bericht: str | None, staat: int) -> None:
        """Run the actions one after another: record each decision and publish what
        patterns read (each name once; the batch is asserted by the caller)."""
        tabel, regels, gepubliceerd = self.net.tabel, self.regels, self.gepubliceerd
        handle, sid, teller, ids, tijdvak = self.handle, self.sid, self.teller, _IDS, self.tijdvak
        wacht, volgende = self.wachtend.append, _engine.complete_and_start_action
        vuringen = 0
        while bericht:
            vuringen += 1
            # a message starts with '{"<durable rule name>": ...'
            regel, waarde, publiceer = tabel[bericht[2:bericht.index('"', 2)]]
            if regel is not None:
                eerder = regels.get(regel)
                if eerder is None:
                    regels[regel] = waarde
                elif eerder is not waarde:
                    raise EngineFout(f"regel {regel} kwam zowel waar als onwaar uit")
                else:
                    publiceer = ()  # published when it was first decided
            for naam, kop in publiceer:
                if naam not in gepubliceerd:
                    gepubliceerd.add(naam)
                    wacht(f'{kop}{sid}","id":"{ids[next(teller)]}"{tijdvak}}}')
            bericht = volgende(handle, staat)
        self.vuringen += vuringen

    def leeg(self, staat: int, *, controleer: bool) -> None:
        """Empty the state: conclusions first, then base facts, each list in reverse order,
        so no negated pattern loses its blocker while its partner is still there. durable
        finds a fact to retract by sid and id alone, so only those are sent."""
        sid = self.sid
        terug = ",".join([f'{{"sid":"{sid}","id":"{i}"}}' for i in reversed(_IDS[:next(self.teller)])])
        _engine.retract_facts(self.handle, f"[{terug}]")
        if _engine.start_action_for_state(self.handle, staat):
            raise EngineFout("na het leegmaken van de toestand stond nog een actie klaar")
        if controleer and json.loads(_engine.get_facts(self.handle, self.sid)):
            raise EngineFout("na het leegmaken bleven feiten in de toestand achter")
