"""Mistakes that used to load silently (issue 7 item 5) now give a coded error.

The minimal cases are in ``tests/broken/rr34x_*`` and the probes of the issue in
``tests/hostile/regels/`` (both checked line by line by their own tests); here the same
mistakes are made in a copy of the bundled rules, where they were found, and the check is
shown not to fire on what is meant: the bundled rules, and a fact read by a rule that failed
validation.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from regelruimte import standaard_regels
from regelruimte.compile import compileer
from regelruimte.diagnostics import Diagnostic
from regelruimte.load import laad_map


def _kopie(tmp_path: Path) -> Path:
    map_ = tmp_path / "regels"
    shutil.copytree(standaard_regels(), map_, ignore=shutil.ignore_patterns("*.test.yaml"))
    return map_


def _vervang_regel(pad: Path, oud: str, nieuw: str | None, *, na: str) -> int:
    """Replace the first line ``oud`` after the line ``na`` (or drop it); returns its number."""
    regels = pad.read_text(encoding="utf-8").splitlines(keepends=True)
    begin = next(i for i, r in enumerate(regels) if r.strip() == na)
    i = next(i for i in range(begin, len(regels)) if regels[i].strip() == oud)
    regels[i:i + 1] = [] if nieuw is None else [regels[i].replace(oud, nieuw)]
    pad.write_text("".join(regels), encoding="utf-8")
    return i + 1


def _diags(map_: Path) -> list[Diagnostic]:
    return sorted(compileer(laad_map(map_))[1])


def test_bundled_rules_give_no_error_and_no_warning() -> None:
    # docs/errors.md promises zero warnings; 'check' exits 0 on warnings, so test it here.
    assert [d.kop() for d in _diags(standaard_regels())] == []


def test_a_typo_in_one_definition_of_a_derived_fact_is_named(tmp_path: Path) -> None:
    # The probe: lpw.3b.toestaan lost the twelfth-school-year case without any message.
    map_ = _kopie(tmp_path)
    bestand = map_ / "leerplichtwet" / "vervangende_leerplicht.yaml"
    regel = _vervang_regel(bestand, "feit: lpw_laatste_leerplichtjaar", "feit: lpw_laatste_leerplichtjar",
                           na="- id: lpw.3b.laatste_jaar.schooljaren")
    assert [(d.file, d.line, d.code, d.message) for d in _diags(map_)] == [
        (str(bestand), regel, "RR340", "afgeleid feit 'lpw_laatste_leerplichtjar' wordt door geen regel gelezen "
                                       "(bedoel je 'lpw_laatste_leerplichtjaar'?)")]


def test_an_uncertain_rule_that_loses_its_mark_is_named(tmp_path: Path) -> None:
    # The probe: without 'onzeker: true' the advice calls the rule certain; every scenario passed.
    map_ = _kopie(tmp_path)
    bestand = map_ / "participatiewet" / "zoektermijn.yaml"
    regel = _vervang_regel(bestand, "onzeker: true", None, na="- id: pw.41.11.eerder_behandelen")
    assert [(d.file, d.line, d.code) for d in _diags(map_)] == [(str(bestand), regel, "RR341")]


def test_swapped_dates_in_dekking_are_named(tmp_path: Path) -> None:
    map_ = _kopie(tmp_path)
    dekking = map_ / "dekking.yaml"
    regel = _vervang_regel(dekking, "gecontroleerd_tot: 2026-08-01", "gecontroleerd_tot: 2014-08-01",
                           na="vanaf: 2015-01-01")
    assert [(d.file, d.line, d.code) for d in _diags(map_)] == [(str(dekking), regel, "RR342")]


LEZER = """\
  - id: t.lezer
    titel: Een regel die het feit leest
    soort: regime
    als: {feit: volwassen}
    aard: moet
    uitleg: Een uitleg van de regel.
"""
FEIT = """\
geldig_vanaf: 2015-01-01
grondslag: [{wet: PW, artikel: "11"}]
regels:
  - id: t.volwassen
    titel: Volwassen
    soort: feit
    feit: volwassen
    als: {feit: leeftijd, vanaf: 18}
    aard: definitie
    uitleg: Een uitleg van de regel.
"""


KOP = "geldig_vanaf: 2015-01-01\ngrondslag: [{wet: PW, artikel: '11'}]\nregels:\n"


@pytest.mark.parametrize(("lezer", "codes"), [
    (KOP + LEZER, []),
    # the reader has a schema error: its file is reported, the fact it reads is not
    (KOP + LEZER.replace("soort: regime", "soort: regiem"), ["RR203"]),
    # so has its file, outside the rules: no rule of it is kept at all
    (KOP.replace("2015-01-01", "gisteren") + LEZER, ["RR203"]),
    # the test on the fact is wrong: it still reads it
    (KOP + LEZER.replace("{feit: volwassen}", "{feit: volwassen, is: 5}"), ["RR309"]),
])
def test_a_fact_read_by_a_rule_with_an_error_is_not_called_unread(lezer: str, codes: list[str],
                                                                  tmp_path: Path) -> None:
    (tmp_path / "dekking.yaml").write_text("vanaf: 2015-01-01\ntoelichting: test\n", encoding="utf-8")
    (tmp_path / "feit.yaml").write_text(FEIT, encoding="utf-8")
    (tmp_path / "lezer.yaml").write_text(lezer, encoding="utf-8")
    assert [d.code for d in _diags(tmp_path)] == codes


def test_without_a_reader_the_fact_is_unread(tmp_path: Path) -> None:
    (tmp_path / "dekking.yaml").write_text("vanaf: 2015-01-01\ntoelichting: test\n", encoding="utf-8")
    (tmp_path / "feit.yaml").write_text(FEIT, encoding="utf-8")
    assert [d.code for d in _diags(tmp_path)] == ["RR340"]
