"""The names before the rename keep working: other code and open branches use them.

docs/glossary.md lists each old name with its new one. Each alias must give the very same
object or value as the new name, so code written against either sees one engine.
"""

from __future__ import annotations

import datetime as dt

from regelruimte import compile as oud
from regelruimte import compiler, ir
from regelruimte.backends import plan, reference
from regelruimte.diagnostics import Diagnostic
from regelruimte.load import laad_map
from regelruimte.semantics import evaluate, evaluate_element, resolver
from regelruimte.source import Bron, Pad, Pos, YamlPath


def test_compiler_names() -> None:
    assert oud.compileer is compiler.compile_rules
    assert oud.Regelbank is compiler.RuleBase
    assert oud.RegelVersie is compiler.RuleVersion
    assert oud.bouw_programma is compiler.build_program


def test_plan_and_reference_names() -> None:
    assert plan.maak_plan is plan.make_plan
    assert plan.PlanFout is plan.PlanError
    assert plan.Actie is plan.Action
    assert reference.waarde is evaluate
    assert reference.waarde_element is evaluate_element
    assert reference.lezer is resolver


def test_ir_names() -> None:
    assert ir.Programma is ir.Program and ir.IRRegel is ir.IRRule and ir.Gegeven is ir.Given
    assert (ir.WAAR, ir.ONWAAR, ir.ONBEKEND) == (ir.TRUE, ir.FALSE, ir.UNKNOWN)
    atom = ir.Atom("leeftijd", "v", "ge", 18, "leeftijd")
    assert (atom.waarde, atom.pad) == (atom.value, atom.label)
    assert ir.Ref("r:x").naam == "r:x" and ir.Const(None).waarde is None


def test_position_names() -> None:
    d = Diagnostic("regels.yaml", 3, 5, "RR301", "onbekend feit")
    assert (d.pad, d.regel, d.kolom, d.bericht) == (d.file, d.line, d.column, d.message)
    assert (Pos(2, 7).regel, Pos(2, 7).kolom) == (2, 7)
    assert Bron("a.yaml", None).pad == "a.yaml"
    assert Pad == YamlPath


def test_rule_base_names() -> None:
    from regelruimte import standaard_regels

    geladen = laad_map(standaard_regels())
    assert geladen.map == geladen.directory
    bank, _ = oud.compileer(geladen)
    assert bank is not None
    datum = dt.date(2026, 3, 1)
    assert bank.map == bank.directory and bank.versies is bank.versions and bank.grenzen == bank.epoch_starts
    assert bank.waarschuwingen is bank.warnings
    programma = bank.programma(datum)
    assert programma is bank.program(datum)
    assert (programma.vanaf, programma.tot, programma.regels, programma.afgeleid, programma.gelezen,
            programma.sleutel) == (programma.start, programma.end, programma.rules, programma.derived,
                                   programma.read, programma.key)
    regel = programma.rules[0]
    assert (regel.pad, regel.regel, regel.effectief) == (regel.file, regel.line, regel.effective)
    assert bank.versie(regel.id, datum) is bank.version(regel.id, datum)
    assert bank.versies_op(programma.start) is bank.versions_on(programma.start)
    versie = bank.versions[0]
    assert (versie.bron, versie.pad) == (versie.source, versie.path)
    gepland = plan.make_plan(programma)
    assert (gepland.acties, gepland.publiceer, gepland.afgeleid) == (gepland.actions, gepland.published,
                                                                      gepland.derived)
