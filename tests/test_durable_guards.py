"""Guards against the durable-rules 2.0.28 failure modes (docs/architecture.md, hazard table).

Each test names the hazard it closes: the plan never emits the patterns that crash or
mismatch, the driver never leaves a state without a completed action, never reuses a
colliding sid or message id, stays under the 1024-state cap, survives threads, and turns
an engine error into a clear exception instead of a wrong answer.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from typing import Any

import pytest

durable = pytest.importorskip("regelruimte.backends.durable")

from regelruimte import Engine, standaard_regels  # noqa: E402
from regelruimte.backends.plan import TIJDVAK, PlanError, kop_naam, make_plan, make_shared_plan  # noqa: E402
from regelruimte.encode import codeer  # noqa: E402

ENGINE = Engine.from_directory(standaard_regels(), backend="durable")
PEIL = dt.date(2026, 3, 1)


def _plannen() -> list[Any]:
    """The plan of every epoch, and the one network that runs them all."""
    bank = ENGINE.bank
    programmas = [bank.program(start) for start in bank.epoch_starts]
    return [*map(make_plan, programmas), make_shared_plan(programmas)]


def _patronen(regel: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(alias, patroon) for deel in regel["all"] for alias, patroon in deel.items()]


def test_every_pattern_starts_with_a_positive_kind_test() -> None:
    # A pattern of only $nex tests matches durable's state fact and loops forever.
    for plan in _plannen():
        for regel in plan.ruleset.values():
            for _, patroon in _patronen(regel):
                eerste = patroon["$and"][0]
                assert list(eerste) == ["k"] and isinstance(eerste["k"], str)


def test_no_joins_and_at_most_16_patterns() -> None:
    # Joins inside $and/$or overflow the heap or mismatch; >16 patterns: error 304.
    for plan in _plannen():
        for regel in plan.ruleset.values():
            tekst = json.dumps(regel)
            assert '"reg"' not in tekst and '"$m"' not in tekst and '"$i' not in tekst
            assert len(regel["all"]) <= 16
            assert "any" not in regel  # 'any' across facts fires once per combination


def test_one_fact_never_has_to_match_two_patterns_of_one_rule() -> None:
    # Observed: durable does not fire when one fact must fill two patterns of a rule.
    for plan in _plannen():
        for regel in plan.ruleset.values():
            sleutels = []
            for alias, patroon in _patronen(regel):
                if alias.endswith("$not"):
                    continue
                delen = patroon["$and"]
                if delen[0]["k"] == "i":
                    continue  # several er_is: different elements by design (set partitions)
                # the name follows the kind and the group (see plan.feit_kop)
                sleutels.append((delen[0]["k"], kop_naam(delen[2]) if len(delen) > 2 else ""))
            assert len(sleutels) == len(set(sleutels)), regel


def test_a_fact_filling_a_positive_pattern_does_not_block_the_same_rules_not() -> None:
    # Observed in 2.0.28 (found by the backend cross-check): a rule "an element with vorm b,
    # and no element with vorm b" fires on one element b. The plan therefore adds the
    # complement of every $not test on a list to that list's positive element patterns;
    # tests/test_semantics.py checks the outcome on both backends. (The bundled rules do
    # not combine the two over one list today; random rule files in test_properties do.)
    engine = durable._engine
    regels = {"r": {"all": [{"p0": {"$and": [{"k": "i"}, {"vorm": "b"}]}},
                            {"p1": {"$and": [{"k": "f"}]}},
                            {"n2$not": {"$and": [{"k": "i"}, {"vorm": "b"}]}}]}}
    handle = engine.create_ruleset("guard_not_self", json.dumps(regels))
    feiten = [{"k": "i", "vorm": "b", "sid": "g", "id": "1"}, {"k": "f", "sid": "g", "id": "2"}]
    _, staat = engine.assert_facts(handle, json.dumps(feiten))
    assert engine.start_action_for_state(handle, staat), "durable now lets the element block itself"


def test_element_facts_are_asserted_before_all_others() -> None:
    # durable decides $not when the positive partner arrives and never un-fires (probe).
    from regelruimte import CaseProfile

    profiel = CaseProfile(leeftijd=19, jeugdhulp=[{"vorm": "pleegzorg"}, {"vorm": "verblijf"}])
    soorten = [f["k"] for f in codeer(profiel, PEIL, ENGINE.vocab).lijst]
    assert soorten[:2] == ["i", "i"] and "i" not in soorten[2:]


def test_no_floats_reach_the_engine() -> None:
    # The C JSON parser rejects exponent floats such as 1e-05 (error 204).
    from hypothesis import given, settings

    from tests.strategies import profielen

    @settings(max_examples=50, deadline=None)
    @given(profielen())
    def controleer(geval: Any) -> None:
        profiel, peil = geval
        for feit in codeer(profiel, peil, ENGINE.vocab).lijst:
            assert not any(isinstance(w, float) for w in feit.values())

    controleer()


def test_sids_and_ids_have_distinct_32bit_hashes() -> None:
    # durable compares sid and message-id hashes only (32-bit FNV).
    hashes = [durable.fnv1a32(s) for s in durable._SIDS]
    assert len(set(hashes)) == len(hashes)
    ids = [durable.fnv1a32(i) for i in durable._IDS]
    assert len(set(ids)) == len(ids)
    assert not set(ids) & durable._STAAT_IDS
    assert durable.fnv1a32("") == 0x811C9DC5 and durable.fnv1a32("a") == 0xE40C292C


def test_cases_where_nothing_fires_are_safe() -> None:
    # delete_state frees uninitialised pointers if no action ran: a sentinel
    # action completes in every new state, and states are emptied rather than deleted.
    for _ in range(2000):
        ENGINE.evaluate({}, PEIL)


def test_more_evaluations_than_the_state_cap() -> None:
    # >1024 live states poisons a ruleset; states are pooled and emptied for reuse.
    for i in range(3000):
        ENGINE.evaluate({"leeftijd": 12 + i % 16, "onderwijs": "geen"}, PEIL)


def test_threads_share_an_engine_safely() -> None:
    # The stock Host segfaults with threads; the driver uses one state per case.
    profielen = [{"leeftijd": 12 + i % 16, "onderwijs": ["geen", "vo", "mbo_bol"][i % 3],
                  "jeugdhulp": [] if i % 2 else [{"vorm": "pleegzorg", "gestart_op": "2015-01-01"}]}
                 for i in range(60)]
    verwacht = [ENGINE.regeluitkomsten(p, PEIL) for p in profielen]
    fouten: list[str] = []

    def werk() -> None:
        for _ in range(10):
            for p, v in zip(profielen, verwacht, strict=True):
                if ENGINE.regeluitkomsten(p, PEIL) != v:
                    fouten.append(str(p))

    draden = [threading.Thread(target=werk) for _ in range(4)]
    for d in draden:
        d.start()
    for d in draden:
        d.join()
    assert fouten == []


def test_engine_error_becomes_a_clear_exception_and_the_network_is_replaced(
        monkeypatch: pytest.MonkeyPatch) -> None:
    engine = Engine.from_directory(standaard_regels(), backend="durable")
    engine.evaluate({"leeftijd": 17}, PEIL)
    echt = durable._engine.assert_facts
    aanroepen = {"n": 0}

    def stuk(*args: Any) -> Any:
        aanroepen["n"] += 1
        if aanroepen["n"] == 1:
            raise durable._engine.error("303")
        return echt(*args)

    monkeypatch.setattr(durable._engine, "assert_facts", stuk)
    with pytest.raises(durable.EngineFout, match="durable-rules"):
        engine.evaluate({"leeftijd": 17}, PEIL)
    goed = engine.evaluate({"leeftijd": 17}, PEIL)  # a fresh network answers again
    assert goed.item("jw.jeugdwet") is not None


def test_state_is_empty_after_every_case() -> None:
    # States are emptied by retraction and reused; nothing may stay behind for the next case.
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    from bench_advies import populatie

    backend = durable.DurableBackend(controleer_leeg=True)
    engine = Engine(ENGINE.bank, backend=backend)
    for peil in (dt.date(2022, 6, 1), dt.date(2026, 3, 1)):
        for profiel in populatie(400, peil=peil):
            engine.evaluate(profiel, peil)


_NAMEN = iter(range(10**6))


def _maakt(regels: dict[str, Any]) -> bool:
    """Can durable-rules create this ruleset?"""
    try:
        durable._engine.create_ruleset(f"guard_grens{next(_NAMEN)}", json.dumps(regels))
    except durable._engine.error:
        return False
    return True


def test_the_network_limits_are_durables_own() -> None:
    # RR405 refuses what create_ruleset cannot build (measured on 2.0.28): more than 4096
    # rules (error 106), or more than 256 patterns on one identical chain of tests (108).
    from regelruimte.backends.plan import MAX_OP_KETEN, MAX_REGELS

    def los(n: int) -> dict[str, Any]:
        return {f"r{i}": {"all": [{"p0": {"$and": [{"k": "d"}, {"g": i % 32}, {"n": f"a{i}"}]}}]}
                for i in range(n)}

    def zelfde(n: int) -> dict[str, Any]:
        return {f"r{i}": {"all": [{"p0": {"$and": [{"k": "f"}, {"n": f"x{i}"}]}},
                                  {"p1": {"$and": [{"k": "f"}, {"n": "o"}]}}]} for i in range(n)}

    assert _maakt(los(MAX_REGELS)) and not _maakt(los(MAX_REGELS + 1))
    assert _maakt(zelfde(MAX_OP_KETEN)) and not _maakt(zelfde(MAX_OP_KETEN + 1))


def test_or_is_never_shared_so_in_is_a_membership_property() -> None:
    # Every '$or' gets a node of its own, and a fact holds each one it passes on a stack of
    # 64 (error 303): 65 rules with the same 'in' as '$or' break on one fact. The plan writes
    # 'in'/'niet_in' with several values as a membership property the driver computes.
    def regels(n: int) -> dict[str, Any]:
        test = {"$and": [{"k": "f"}, {"n": "o"}, {"$or": [{"v": "a"}, {"v": "b"}]}]}
        return {f"r{i}": {"all": [{"p0": test}]} for i in range(n)}

    handle = durable._engine.create_ruleset(f"guard_of{next(_NAMEN)}", json.dumps(regels(65)))
    with pytest.raises(durable._engine.error, match="303"):
        durable._engine.assert_fact(handle, json.dumps({"k": "f", "n": "o", "v": "a", "sid": "g", "id": "1"}))
    for plan in _plannen():
        for regel in plan.ruleset.values():
            for _, patroon in _patronen(regel):
                delen = patroon.get("$not", patroon)["$and"]
                if delen[0]["k"] == "f":
                    assert '"$or"' not in json.dumps(delen), regel


def test_a_deleted_ruleset_name_can_be_created_again() -> None:
    # The backend frees evicted networks with delete_ruleset; durable's C core keeps no
    # registry of names, so a new network under an old name works (the Host would refuse).
    regels = {"r": {"all": [{"p0": {"$and": [{"k": "f"}, {"v": 1}]}}]}}
    naam = f"guard_opnieuw{next(_NAMEN)}"
    for _ in range(3):
        handle = durable._engine.create_ruleset(naam, json.dumps(regels))
        _, staat = durable._engine.assert_facts(handle, json.dumps([{"k": "f", "v": 1, "sid": "g", "id": "1"}]))
        actie = durable._engine.start_action_for_state(handle, staat)
        assert actie and '"r"' in actie[1]
        durable._engine.complete_and_start_action(handle, staat)
        durable._engine.delete_state(handle, "g")
        durable._engine.delete_ruleset(handle)


def _epochen() -> list[dt.date]:
    """Four peildata in four different epochs."""
    bank = ENGINE.bank
    data = [dt.date(2022, 6, 1), dt.date(2025, 12, 31), dt.date(2026, 3, 1), dt.date(2026, 9, 1)]
    assert len({bank.programma(d).key for d in data}) == len(data)
    return data


def test_evicted_networks_are_freed_and_their_memory_reused() -> None:
    # With room for one network, every change of epoch frees one (states, then ruleset)
    # and compiles the next. If freeing leaked, each switch would keep ~33 MB.
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    from soak import rss_mb  # resident memory, as the soak reads it

    backend = durable.DurableBackend(max_netwerken=1, delen=False)
    engine = Engine(ENGINE.bank, backend=backend)
    a, b = _epochen()[2:]
    for peil in (a, b, a, b):
        engine.regeluitkomsten({"leeftijd": 17}, peil)
    voor = rss_mb()
    for peil in (a, b) * 4:
        engine.regeluitkomsten({"leeftijd": 17}, peil)
    assert backend.netwerken() == 1
    assert backend.vrijgegeven == backend.gebouwd - 1 == 11
    assert rss_mb() - voor < 20, "vrijgegeven netwerken geven hun geheugen niet terug"


@pytest.mark.parametrize("delen", [False, True], ids=["network-per-epoch", "shared-network"])
def test_revisited_epochs_and_threads_give_the_same_outcomes_with_eviction(delen: bool) -> None:
    # Networks are freed while other threads may still evaluate: a network is only freed
    # once its last running evaluation ends. 8 threads over four epochs with room for two;
    # with a shared network, a network is replaced each time an epoch joins while other
    # threads still run on the one before.
    data = _epochen()
    profielen = [{"leeftijd": 12 + i % 16, "onderwijs": ["geen", "vo", "mbo_bol"][i % 3],
                  "jeugdhulp": [] if i % 2 else [{"vorm": "pleegzorg", "gestart_op": "2015-01-01"}]}
                 for i in range(12)]
    gevallen = [(p, data[i % len(data)]) for i, p in enumerate(profielen)]
    verwacht = [ENGINE.regeluitkomsten(p, d) for p, d in gevallen]
    backend = durable.DurableBackend(max_netwerken=2, delen=delen)
    engine = Engine(ENGINE.bank, backend=backend)
    fouten: list[str] = []

    def werk(start: int) -> None:
        for i in range(len(gevallen)):
            j = (i + start) % len(gevallen)
            if engine.regeluitkomsten(*gevallen[j]) != verwacht[j]:
                fouten.append(str(gevallen[j]))

    draden = [threading.Thread(target=werk, args=(k,)) for k in range(8)]
    for d in draden:
        d.start()
    for d in draden:
        d.join()
    assert fouten == []
    if delen:
        assert backend.netwerken() == 1 and backend.vrijgegeven == backend.gebouwd - 1 >= 1
    else:
        assert backend.netwerken() <= 2 and backend.vrijgegeven >= 2


def _stapel_model(regels: dict[str, Any]) -> int:
    """What the plan's model of the alpha network says one fact can put on the stack."""
    from regelruimte.backends.plan import _AlfaNetwerk, _keten

    netwerk = _AlfaNetwerk()
    for naam, regel in regels.items():
        for _, patroon in _patronen(regel):
            netwerk.voeg_toe(_keten(patroon).tests, naam)
    return netwerk.stapel()[0]


def _stapel_durable(regels: dict[str, Any], feit: dict[str, Any]) -> bool:
    """Does durable-rules take ``feit`` without error 303?"""
    handle = durable._engine.create_ruleset(f"guard_stapel{next(_NAMEN)}", json.dumps(regels))
    try:
        durable._engine.assert_facts(handle, json.dumps([{**feit, "sid": "g", "id": "1"}]))
    except durable._engine.error as fout:
        assert "303" in str(fout)
        return False
    return True


def test_the_alpha_stack_model_matches_durable() -> None:
    # RR403 bounds what one fact puts on durable's alpha stack (MAX_STACK_SIZE 64, error 303).
    # durable chains a pattern's tests (nested $and flattened) and shares equal prefixes, so
    # tests behind one shared '$ex' wait as one: the model must follow that, or it refuses
    # rule bases that run (the model before counted 120 below for 60 + 60).
    from regelruimte.backends.plan import MAX_STAPEL

    kop = [{"k": "f"}, {"g1": 1}, {"@o": 1}]

    def onder(props: str, n: int) -> dict[str, Any]:
        return {f"r{p}{i}": {"all": [{"p0": {"$and": [*kop, {"$and": [{"$ex": {p: 1}}, {"$lt": {p: i + 1}}]}]}}]}
                for p in props for i in range(n)}

    feit = {"k": "f", "g1": 1, "@o": 1, "a": 0, "b": 0}
    for regels, model in [(onder("a", 64), 64), (onder("a", 65), 65), (onder("ab", 60), 61), (onder("ab", 64), 65)]:
        assert _stapel_model(regels) == model
        assert _stapel_durable(regels, feit) is (model <= MAX_STAPEL), (model, MAX_STAPEL)


def test_property_names_with_one_hash_are_refused() -> None:
    # durable finds a test, and reads a fact's property, by the 32-bit FNV hash of its name:
    # two names with one hash would let a fact pass the other's tests. ('@f864293' and
    # '@f1782170' collide, found by search.)
    from regelruimte.backends.plan import PlanError, _Bouwer, fnv1a32

    assert fnv1a32("@f864293") == fnv1a32("@f1782170")
    bouwer = _Bouwer()
    bouwer.eigenschappen.update({"@f864293", "@f1782170"})
    with pytest.raises(PlanError, match="dezelfde hash"):
        bouwer.controleer_namen()
    for plan in _plannen():  # names are properties of their own: the bundled ones are distinct
        namen = {sleutel for regel in plan.ruleset.values() for _, patroon in _patronen(regel)
                 for test in patroon.get("$not", patroon)["$and"] for sleutel in test if not sleutel.startswith("$")}
        assert len({fnv1a32(n) for n in namen}) == len(namen)


def test_decisions_are_asserted_only_with_a_value_some_pattern_reads() -> None:
    # Many decisions are read only as false (exceptions, 'niet'); asserting the other value
    # costs a fact in the network that no test can use.
    from regelruimte.backends.durable import _vuringen

    for start in ENGINE.bank.epoch_starts:
        programma = ENGINE.bank.program(start)
        plan = make_plan(programma)
        for _, _, publiceer in _vuringen(plan).values():
            for naam, kop in publiceer:
                assert (naam, ":true," in kop) in plan.besluiten, (naam, kop)
        gelezen_onwaar = {n for n, w in plan.besluiten if not w} - {n for n, w in plan.besluiten if w}
        assert gelezen_onwaar, "expected decisions read only as false in the bundled rules"


def test_asserted_base_facts_are_the_same_from_the_cache() -> None:
    # The JSON of a base fact is cached by its content; a cached text must be the text
    # built afresh, for every kind of fact and every epoch.
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    from bench_advies import populatie

    for peil in (dt.date(2022, 6, 1), dt.date(2026, 3, 1)):
        plan = make_plan(ENGINE.bank.programma(peil))
        for profiel in populatie(60, peil=peil):
            feiten = codeer(profiel, peil, ENGINE.vocab)
            durable._LADING_CACHE.clear()
            vers = durable._lading(feiten, plan, "c0")
            assert durable._lading(feiten, plan, "c0") == vers
            for tekst in vers:
                feit = json.loads(tekst)
                if feit["k"] in ("f", "i"):
                    naam = next((k[1:] for k in feit if k.startswith("@")), feit.get("l"))
                    gelezen = plan.reads[(feit["k"], naam)]
                    assert set(feit) - {"k", "l", "sid", "id"} - {k for k in feit if k[0] in "@g"} <= gelezen


@pytest.mark.parametrize("waarde", ["twee", "0", "-1", "1.5"])
def test_a_bad_network_count_in_the_environment_says_what_to_set(waarde: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REGELRUIMTE_DURABLE_NETWERKEN", waarde)
    with pytest.raises(ValueError, match="REGELRUIMTE_DURABLE_NETWERKEN moet een geheel getal van 1 of meer"):
        durable.DurableBackend()


def test_the_network_count_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REGELRUIMTE_DURABLE_NETWERKEN", " 2 ")
    assert durable.DurableBackend().max_netwerken == 2
    monkeypatch.delenv("REGELRUIMTE_DURABLE_NETWERKEN")
    assert durable.DurableBackend().max_netwerken == durable.MAX_NETWERKEN


def _over_alle_tijdvakken() -> list[tuple[dict[str, Any], dt.date]]:
    """A few profiles on a date in every epoch, newest epoch first (so the network grows
    backwards as well as forwards)."""
    profielen = [{"leeftijd": 12 + i % 16, "onderwijs": ["geen", "vo", "mbo_bol"][i % 3],
                  "jeugdhulp": [] if i % 2 else [{"vorm": "pleegzorg", "gestart_op": "2015-01-01"}]}
                 for i in range(3)]
    starts = sorted(ENGINE.bank.epoch_starts, reverse=True)
    return [(p, start + dt.timedelta(days=i)) for start in starts for i, p in enumerate(profielen)]


def test_the_epochs_of_one_rule_base_share_one_network() -> None:
    # One network per epoch meant compiling and freeing networks all day over a run of
    # every date (memory moved 20-30 MB); now each new epoch joins the one network, and the
    # answers are those of the reference evaluator on every epoch.
    referentie = Engine(ENGINE.bank, backend="referentie")
    backend = durable.DurableBackend(max_netwerken=1)
    engine = Engine(ENGINE.bank, backend=backend)
    gevallen = _over_alle_tijdvakken()
    for profiel, peil in gevallen:
        assert engine.regeluitkomsten(profiel, peil) == referentie.regeluitkomsten(profiel, peil), peil
    tijdvakken = len(ENGINE.bank.epoch_starts)
    assert backend.netwerken() == 1 and backend.gebouwd == tijdvakken and backend.vrijgegeven == tijdvakken - 1
    for profiel, peil in reversed(gevallen):  # every epoch known: nothing compiled again
        assert engine.regeluitkomsten(profiel, peil) == referentie.regeluitkomsten(profiel, peil), peil
    assert backend.gebouwd == tijdvakken


def test_a_shared_network_plans_a_rule_once_and_guards_what_changes() -> None:
    bank = ENGINE.bank
    programmas = [bank.program(start) for start in bank.epoch_starts]
    gedeeld = make_shared_plan(programmas)
    per_tijdvak = [make_plan(p) for p in programmas]
    assert len(gedeeld.ruleset) < 1.3 * max(len(p.ruleset) for p in per_tijdvak)
    assert gedeeld.tijdvakken == tuple(p.key for p in programmas)
    eerste = programmas[0]

    def steeds_gelijk(regel_id: str) -> bool:
        regel = eerste.rule(regel_id)
        definities = len(eerste.derived.get(regel.feit or "", ()))
        return all(regel_id in {r.id for r in p.rules} and p.rule(regel_id) == regel
                   and len(p.derived.get(regel.feit or "", ())) == definities for p in programmas)

    steeds = {r.id for r in eerste.rules if steeds_gelijk(r.id)}
    niet_steeds = {r.id for p in programmas for r in p.rules} - {r.id for r in eerste.rules} - steeds
    def epochtests(regel: dict[str, Any]) -> list[bool]:
        return [f'"{TIJDVAK}"' in json.dumps(p) for alias, p in _patronen(regel) if not alias.endswith("$not")]

    bewaakt = {naam for naam, regel in gedeeld.ruleset.items() if any(epochtests(regel))}
    assert steeds and niet_steeds and bewaakt
    # every positive pattern of a guarded rule tests the epoch, so no fact of another epoch
    # reaches any of its joins
    assert all(all(epochtests(gedeeld.ruleset[naam])) for naam in bewaakt)
    for naam in gedeeld.ruleset:
        regel_id = naam.split("|", 1)[1].split("~")[0]
        if naam[0] in "TF" and regel_id in steeds:
            assert naam not in bewaakt, naam
        if naam[0] in "TF" and regel_id in niet_steeds:
            assert naam in bewaakt, naam
    # a rule that changed gets one guarded variant per stretch of epochs
    veranderd = next(i for i in sorted({r.id for p in programmas for r in p.rules})
                     if len({p.rule(i).effective for p in programmas if i in {r.id for r in p.rules}}) > 1)
    varianten = {naam.split("~")[1] for naam in bewaakt if naam.startswith(f"T0.0|{veranderd}~")}
    assert len(varianten) >= 2


@pytest.mark.parametrize("fout", ["plan", "durable"])
def test_epochs_that_do_not_fit_one_network_get_one_each(monkeypatch: pytest.MonkeyPatch, fout: str) -> None:
    # When the epochs together exceed what durable-rules holds (the plan says so, or
    # durable-rules refuses the network), the backend falls back to a network per epoch
    # (bounded by max_netwerken) and does not try again for that rule base.
    def te_groot(_: Any) -> Any:
        if fout == "plan":
            raise PlanError("", "RR405", "te groot")
        raise durable._engine.error("Could not create ruleset, error code: 106")

    monkeypatch.setattr(durable, "make_shared_plan", te_groot)
    referentie = Engine(ENGINE.bank, backend="referentie")
    backend = durable.DurableBackend(max_netwerken=2)
    engine = Engine(ENGINE.bank, backend=backend)
    a, b, c, _ = _epochen()
    for peil in (a, b, c, a):
        assert engine.regeluitkomsten({"leeftijd": 17}, peil) == referentie.regeluitkomsten({"leeftijd": 17}, peil)
    assert backend.netwerken() == 2 and backend.gebouwd == 4 and backend.vrijgegeven == 2
