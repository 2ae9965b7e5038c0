"""Pass 3, check: what the rules mean together, each check one question.

Every check reads the resolved and translated rule set and yields diagnostics (RR3xx);
none changes anything. :data:`CHECKS` is the list the driver runs: a new meaning check is a
new function here and one line in that list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

from .. import spec
from ..diagnostics import Diagnostic, suggestie
from .resolve import RuleSet, RuleVersion

__all__ = ["CHECKS", "Check", "check"]

Check = Callable[[RuleSet], Iterator[Diagnostic]]


def check(rules: RuleSet, diags: list[Diagnostic]) -> None:
    """Run every meaning check."""
    for one_check in CHECKS:
        diags.extend(one_check(rules))


def derived_fact_names(rules: RuleSet) -> Iterator[Diagnostic]:
    """A derived fact may not take the name of a profile field or kenmerk (RR302)."""
    for naam in sorted(rules.vocab.afgeleid & set(rules.vocab.feiten)):
        for v in rules.versions:
            if v.spec.feit == naam:
                yield v.diag(("feit",), "RR302", f"afgeleid feit '{naam}' heeft dezelfde naam als een veld of "
                                                 "kenmerk van het casusprofiel")


def gemeente_files(rules: RuleSet) -> Iterator[Diagnostic]:
    """A municipal file names an existing CBS code with its own name, and declares no open
    terms (RR315)."""
    from ..gemeenten import _sleutel, _tabel

    codes = _tabel()[0]
    for file in rules.files:
        gemeente = file.bestand.gemeente
        if gemeente is None:
            continue
        if codes and gemeente.code not in codes:
            yield file.bron.diag(("gemeente", "code"), "RR315", f"onbekende gemeentecode '{gemeente.code}'; "
                                                                "gebruik de CBS-code van een bestaande gemeente")
        elif codes and _sleutel(gemeente.naam) != _sleutel(codes[gemeente.code]):
            yield file.bron.diag(("gemeente", "naam"), "RR315", f"'{gemeente.naam}' is niet de naam van "
                                                                f"{gemeente.code} (dat is {codes[gemeente.code]})")
        if file.bestand.open_termen:
            yield file.bron.diag(("open_termen",), "RR315",
                                 "open termen worden landelijk gedeclareerd, niet in een gemeentebestand")


def one_rule_per_id(rules: RuleSet) -> Iterator[Diagnostic]:
    """Versions that share an id are versions of one rule: same soort, conclusion, gemeente (RR302)."""
    for regel_id, versions in rules.by_id.items():
        eerste = versions[0]
        for v in versions[1:]:
            if (v.spec.soort, v.spec.feit, v.gemeente) != (eerste.spec.soort, eerste.spec.feit, eerste.gemeente):
                yield v.diag(("id",), "RR302", f"id '{regel_id}' wordt ook gebruikt door een andere regel "
                                               f"({eerste.where})")


def no_overlapping_versions(rules: RuleSet) -> Iterator[Diagnostic]:
    """Two versions of one rule never hold on the same day (RR303)."""
    for regel_id, versions in rules.by_id.items():
        for i, a in enumerate(versions):
            for b in versions[i + 1:]:
                if a.overlaps(b):
                    yield b.diag(("geldig_vanaf",), "RR303",
                                 f"versie van '{regel_id}' ({_periode(b)}) overlapt met de versie op "
                                 f"{a.where} ({_periode(a)})", hint=_overlap_hint(a, b))


def valid_periods(rules: RuleSet) -> Iterator[Diagnostic]:
    """A version ends on or after the day it starts (RR306)."""
    for v in rules.versions:
        if v.tot is not None and v.tot < v.vanaf:
            yield v.diag((v.end_field,), "RR306", f"{v.end_field} {v.tot} ligt vóór geldig_vanaf {v.vanaf}")


def grondslag_named(rules: RuleSet) -> Iterator[Diagnostic]:
    """Every rule has a legal basis, and a cited article names a known law (RR305)."""
    for v in rules.versions:
        if not v.grondslag:
            yield v.diag(("id",), "RR305", f"regel '{v.id}' heeft geen grondslag")
        for sub, g in _grondslagen(v):
            if g.artikel is not None and g.bwb is None:
                yield v.diag(sub, "RR305", f"grondslag artikel {g.artikel} noemt geen (bekende) wet of bwb-id")


def onzeker_marked(rules: RuleSet) -> Iterator[Diagnostic]:
    """A rule resting on an unverified basis says so (RR311, a warning)."""
    for v in rules.versions:
        if v.spec.onzeker:
            continue
        for sub, g in _grondslagen(v):
            if g.zekerheid is not spec.Zekerheid.V:
                yield v.diag(sub, "RR311", f"grondslag met zekerheid {g.zekerheid.value} maar de regel is niet "
                                           "als onzeker gemarkeerd")


def exceptions_wired(rules: RuleSet) -> Iterator[Diagnostic]:
    """Only an exception sets rules aside, it names them, and they exist and are no derived
    facts (RR312, RR307)."""
    for v in rules.versions:
        s = v.spec
        if s.soort is not spec.Soort.uitzondering:
            if s.uitzondering_op:
                yield v.diag(("uitzondering_op",), "RR312", "'uitzondering_op' hoort alleen bij soort 'uitzondering'")
            continue
        if not s.uitzondering_op:
            yield v.diag(("soort",), "RR312", "een uitzondering noemt de regels die ze opzij zet in 'uitzondering_op'")
        for j, doel in enumerate(s.uitzondering_op):
            if doel not in rules.by_id:
                yield from _unknown_rule(v, ("uitzondering_op", j), doel, rules)
            elif rules.soort(doel) is spec.Soort.feit:
                yield v.diag(("uitzondering_op", j), "RR312",
                             f"'{doel}' leidt een feit af; zet een uitzondering op de regel die het feit gebruikt, "
                             "of neem de voorwaarde op in de definitie")


def signals_bridged(rules: RuleSet) -> Iterator[Diagnostic]:
    """A signal names the laws on both sides and routes that bridge the gap in its own period
    (RR316, RR307)."""
    for v in rules.versions:
        s = v.spec
        if s.soort is not spec.Soort.signaal:
            continue
        if len(s.wetten) < 2 or not s.overbrugging:
            yield v.diag(("soort",), "RR316", "een signaal noemt minstens twee 'wetten' en een 'overbrugging'")
        for j, doel in enumerate(s.overbrugging):
            if doel not in rules.by_id:
                yield from _unknown_rule(v, ("overbrugging", j), doel, rules)
            elif rules.soort(doel) not in (spec.Soort.route, spec.Soort.maatwerk, spec.Soort.beleid):
                yield v.diag(("overbrugging", j), "RR316", f"'{doel}' is geen route of maatwerk")
            elif not any(v.overlaps(d) for d in rules.by_id[doel]):
                yield v.diag(("overbrugging", j), "RR316",
                             f"'{doel}' geldt niet in de periode van dit signaal ({_periode(v)}); "
                             "maak een versie per periode")


def beleid_in_gemeente_files(rules: RuleSet) -> Iterator[Diagnostic]:
    """Policy (soort beleid) lives in municipal files and only there, and fills in a declared
    open term (RR315, RR310)."""
    for v in rules.versions:
        s = v.spec
        is_beleid = s.soort is spec.Soort.beleid
        if v.gemeente is None:
            if is_beleid:
                yield v.diag(("soort",), "RR315", "soort 'beleid' hoort in een gemeentebestand")
            continue
        if not is_beleid:
            yield v.diag(("soort",), "RR315", "een gemeentebestand bevat alleen regels met soort 'beleid'")
        if s.vult_in and s.vult_in not in rules.open_term_ids:
            yield v.diag(("vult_in",), "RR310",
                         f"onbekende open term '{s.vult_in}'" + suggestie(s.vult_in, list(rules.open_terms)))


def _periode(v: RuleVersion) -> str:
    return f"{v.vanaf} t/m {v.tot or 'open'}"


def _overlap_hint(a: RuleVersion, b: RuleVersion) -> str | None:
    """For two dated versions of one rule entry: the end that is written is the mistake."""
    if a.source is b.source and "versies" in b.path and b.path[:2] == a.path[:2]:
        return (f"Een versie loopt vanzelf tot de dag vóór de volgende begint; laat geldig_tot_en_met "
                f"weg bij de versie op {a.where}, of maak het {b.vanaf - dt.timedelta(days=1)}.")
    return None


def _grondslagen(v: RuleVersion) -> Iterator[tuple[tuple[str | int, ...], spec.Grondslag]]:
    """Each citation with where to report on it: its own entry, or the rule when inherited."""
    for j, g in enumerate(v.grondslag):
        yield (("grondslag", j) if v.spec.grondslag else ("id",)), g


def _unknown_rule(v: RuleVersion, sub: tuple[str | int, ...], doel: str, rules: RuleSet) -> Iterator[Diagnostic]:
    """RR307, unless ``doel`` is a rule in a file that failed to load (reported there already)."""
    if doel not in rules.rule_ids:
        yield v.diag(sub, "RR307", f"onbekende regel '{doel}'" + suggestie(doel, list(rules.by_id)))


#: The meaning checks, in the order they run.
CHECKS: tuple[Check, ...] = (
    derived_fact_names,
    gemeente_files,
    one_rule_per_id,
    no_overlapping_versions,
    valid_periods,
    grondslag_named,
    onzeker_marked,
    exceptions_wired,
    signals_bridged,
    beleid_in_gemeente_files,
)
