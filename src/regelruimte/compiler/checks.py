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


def derived_facts_read(rules: RuleSet) -> Iterator[Diagnostic]:
    """Some rule reads every derived fact (RR340). Nothing else can see one (it has no advice
    item), so a fact read by none changes no advice: dead, or a typo in ``feit:`` that
    silently took a definition away from the fact that was meant."""
    read = _facts_read(rules)
    for v in rules.versions:
        naam = v.spec.feit
        if naam and naam not in read and naam not in rules.read_by_broken:
            yield v.diag(("feit",), "RR340", f"afgeleid feit '{naam}' wordt door geen regel gelezen"
                                             + suggestie(naam, sorted(read & rules.vocab.afgeleid)))


def onzeker_explained(rules: RuleSet) -> Iterator[Diagnostic]:
    """An ``onzeker_toelichting`` comes with ``onzeker: true`` (RR341): without it the advice
    presents the rule as certain and the explanation is never shown."""
    for v in rules.versions:
        if v.spec.onzeker_toelichting is not None and not v.spec.onzeker:
            # at 'onzeker: false' where it is written (a dated version that became certain)
            veld = "onzeker" if v.at("onzeker") in v.source.posities else "onzeker_toelichting"
            yield v.diag((veld,), "RR341", ONZEKER_ZONDER_MARKERING.format(wat="de regel"), sleutel=True)


ONZEKER_ZONDER_MARKERING = ("'onzeker_toelichting' zonder 'onzeker: true': {wat} geldt als zeker en het advies "
                            "toont de toelichting niet")


def exceptions_meet_targets(rules: RuleSet) -> Iterator[Diagnostic]:
    """An exception holds on some day its target holds (RR343); otherwise it never sets it aside."""
    for v in rules.versions:
        if v.spec.soort is not spec.Soort.uitzondering:
            continue  # 'uitzondering_op' elsewhere is RR312
        for j, doel in enumerate(v.spec.uitzondering_op):
            doelen = rules.by_id.get(doel, [])
            if doelen and not any(v.overlaps(d) for d in doelen):
                yield v.diag(("uitzondering_op", j), "RR343",
                             f"'{doel}' geldt op geen dag van deze uitzondering ({_periode(v)}; '{doel}': "
                             + ", ".join(_periode(d) for d in doelen) + ")")


#: fields the advice shows only for some soorten (explain builds each item from its soort)
ALLEEN_BIJ: dict[str, tuple[spec.Soort, ...]] = {
    "wetten": (spec.Soort.signaal,),
    "overbrugging": (spec.Soort.signaal,),
    "financier": (spec.Soort.route,),
    "financier_toelichting": (spec.Soort.route,),
    "tonen": (spec.Soort.regime, spec.Soort.route, spec.Soort.maatwerk, spec.Soort.signaal, spec.Soort.beleid),
}


def fields_fit_soort(rules: RuleSet) -> Iterator[Diagnostic]:
    """A field the advice never shows for the rule's soort is not silently dropped (RR344)."""
    for v in rules.versions:
        for veld, soorten in ALLEEN_BIJ.items():
            if getattr(v.spec, veld) not in (None, []) and v.spec.soort not in soorten:
                yield v.diag((veld,), "RR344", f"'{veld}' hoort niet bij soort '{v.spec.soort.value}': het advies "
                                               "toont het niet", sleutel=True)


def _periode(v: RuleVersion) -> str:
    return f"{v.vanaf} t/m {v.tot or 'open'}"


def _facts_read(rules: RuleSet) -> set[str]:
    """The names the conditions of rules and the defaults of open terms test, outside
    ``er_is`` (where a name is a field of the list element). Read from the conditions as
    written, so a test with an error (unknown to later passes) still counts as reading; so
    do the facts and conditions of presumptions, where a derived fact is an error of its own
    (RR320, RR323)."""
    presumptions = [p for file in rules.files for p in file.bestand.vermoedens]
    read: set[str] = {p.feit for p in presumptions}
    conditions = [v.spec.als for v in rules.versions] + [t.spec.standaard for t in rules.open_terms.values()]
    conditions += [p.als for p in presumptions]
    for cond in conditions:
        if cond is not None:
            read.update(_names_tested(cond))
    return read


def _names_tested(cond: spec.Conditie) -> Iterator[str]:
    match cond:
        case spec.Alle(alle=delen) | spec.EenVan(een_van=delen):
            for deel in delen:
                yield from _names_tested(deel)
        case spec.Niet(niet=binnen):
            yield from _names_tested(binnen)
        case spec.FeitTest(feit=naam):
            yield naam.partition(".")[0]
        case _:
            return


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
    derived_facts_read,
    onzeker_explained,
    exceptions_meet_targets,
    fields_fit_soort,
)
