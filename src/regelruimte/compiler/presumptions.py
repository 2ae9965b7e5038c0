"""Pass 3b, presumptions: the declared ``vermoedens`` resolved, translated and checked.

A presumption (``vermoeden``) takes a fact the profile does not give to have a value, where
a caseworker would presume the same; the advice then says ``tenzij`` with every conclusion
that rests on it (:mod:`regelruimte.vermoedens`). Because it changes answers, it is checked
as strictly as a rule:

* it presumes a field of the profile that can be presumed: yes/no, a number, a choice or a
  list of choices, and no field a rule tests with ``bekend`` (RR301, RR320);
* its value fits that field (RR308);
* the law does not put the field on the applicant to show (``aan_te_tonen``, RR321);
* its condition reads only the profile's fields and kenmerken, not the presumed fact
  itself, no rules, open terms or derived facts (RR323), so it is decided before any rule;
* one presumption per fact on any day (RR322), ids unique (RR302), a basis (RR305), an
  uncertain basis marked (RR311), no explanation of uncertainty without the mark (RR341),
  a valid period (RR202, RR306), national files only (RR315).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .. import ir, spec
from ..diagnostics import Diagnostic, suggestie
from ..load import GeladenBestand
from ..source import Bron, YamlPath
from ..spec import Grondslag
from ..vocabulary import BEREKEND, FeitType, Vocabulaire
from .checks import ONZEKER_ZONDER_MARKERING
from .resolve import RuleSet, fill_grondslag
from .translate import Translator
from .versions import old_end_spelling

__all__ = ["PresumptionDecl", "ToShowDecl", "presumptions"]

#: kinds of field that can be presumed (a date or a list of records cannot: too much is assumed)
PRESUMABLE = ("bool", "int", "enum", "set")


@dataclass
class PresumptionDecl:
    """One declared presumption; ``als`` is its translated condition."""

    spec: spec.Vermoeden
    source: Bron
    path: YamlPath
    vanaf: dt.date
    tot: dt.date | None
    grondslag: tuple[Grondslag, ...]
    fact: FeitType | None = None  # the presumed field, when it resolved
    als: ir.Expr = ir.TRUE

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def feit(self) -> str:
        return self.spec.feit

    @property
    def where(self) -> str:
        return f"{self.source.file}:{self.source.pos(self.path).line}"

    def holds_on(self, datum: dt.date) -> bool:
        return self.vanaf <= datum and (self.tot is None or datum <= self.tot)

    def overlaps(self, other: PresumptionDecl) -> bool:
        return self.vanaf <= (other.tot or dt.date.max) and other.vanaf <= (self.tot or dt.date.max)

    def diag(self, sub: YamlPath, code: str, bericht: str) -> Diagnostic:
        return self.source.diag((*self.path, *sub), code, bericht)


@dataclass(frozen=True)
class ToShowDecl:
    """A fact the law puts on the applicant to show (``aan_te_tonen``)."""

    spec: spec.AanTeTonen
    source: Bron
    path: YamlPath

    @property
    def where(self) -> str:
        return f"{self.source.file}:{self.source.pos(self.path).line}"


def presumptions(rules: RuleSet, diags: list[Diagnostic]) -> list[PresumptionDecl]:
    """Resolve, translate and check every presumption; report into ``diags``."""
    to_show = _to_show(rules, diags)
    tested = _tested_with_bekend(rules)
    translator = Translator(rules.vocab, rules.rule_ids, rules.open_term_ids, diags)
    found: list[PresumptionDecl] = []
    ids = rules.rule_ids | rules.open_term_ids
    for file in rules.files:
        if file.bestand.gemeente is not None:
            diags.extend(_not_in_gemeente_file(file))
            continue
        for decl in _resolved(file, diags):
            if decl.id in ids:
                diags.append(decl.diag(("id",), "RR302", f"dubbele id '{decl.id}'"))
            ids.add(decl.id)
            diags.extend(_fact_problems(decl, rules.vocab, to_show, tested))
            diags.extend(_basis_problems(decl))
            _translate_condition(decl, rules.vocab, translator, diags)
            found.append(decl)
    diags.extend(_overlapping(found))
    return found


def _resolved(file: GeladenBestand, diags: list[Diagnostic]) -> Iterator[PresumptionDecl]:
    """Each presumption of a file with the file's defaults (geldig_vanaf, wet) filled in."""
    bestand = file.bestand
    for i, v in zip(file.vermoeden_indexen, bestand.vermoedens, strict=True):
        path: YamlPath = ("vermoedens", i)
        vanaf = v.geldig_vanaf or bestand.geldig_vanaf
        if vanaf is None:
            diags.append(file.bron.diag(path, "RR202", f"vermoeden '{v.id}' heeft geen geldig_vanaf "
                                                       "(ook niet op bestandsniveau)"))
            vanaf = dt.date.min
        elif v.einde is not None and v.einde < vanaf:
            sleutel = "geldig_tot" if v.geldig_tot is not None else "geldig_tot_en_met"
            diags.append(file.bron.diag((*path, sleutel), "RR306",
                                        f"{sleutel} {v.einde} ligt vóór geldig_vanaf {vanaf}"))
        diags.extend(old_end_spelling(v, file.bron, path))
        grondslag = tuple(fill_grondslag(g, bestand) for g in v.grondslag)
        yield PresumptionDecl(v, file.bron, path, vanaf, v.einde, grondslag)


def _not_in_gemeente_file(file: GeladenBestand) -> Iterator[Diagnostic]:
    for key in ("vermoedens", "aan_te_tonen"):
        if getattr(file.bestand, key):
            yield file.bron.diag((key,), "RR315", f"'{key}' worden landelijk gedeclareerd, niet in een "
                                                  "gemeentebestand")


def _to_show(rules: RuleSet, diags: list[Diagnostic]) -> dict[str, ToShowDecl]:
    """The facts the law puts on the applicant, each with its first declaration."""
    out: dict[str, ToShowDecl] = {}
    for file in rules.files:
        if file.bestand.gemeente is not None:
            continue
        for i, t in zip(file.aan_te_tonen_indexen, file.bestand.aan_te_tonen, strict=True):
            decl = ToShowDecl(t, file.bron, ("aan_te_tonen", i))
            if not _is_field(t.feit, rules.vocab):
                diags.append(file.bron.diag((*decl.path, "feit"), "RR301",
                                            f"'{t.feit}' is geen veld van het casusprofiel"
                                            + suggestie(t.feit, _fields(rules.vocab))))
                continue
            for j, g in enumerate(fill_grondslag(g, file.bestand) for g in t.grondslag):
                if g.artikel is not None and g.bwb is None:
                    diags.append(file.bron.diag((*decl.path, "grondslag", j), "RR305",
                                                f"grondslag artikel {g.artikel} noemt geen (bekende) wet of bwb-id"))
            out.setdefault(t.feit, decl)
    return out


def _is_field(naam: str, vocab: Vocabulaire) -> bool:
    """A field of the profile (not a computed kenmerk or a derived fact)."""
    return naam in vocab.feiten and naam not in BEREKEND


def _fields(vocab: Vocabulaire) -> list[str]:
    return [n for n in vocab.feiten if n not in BEREKEND]


def _tested_with_bekend(rules: RuleSet) -> dict[str, str]:
    """Fields some condition tests with ``bekend`` -> where: a presumption would turn that
    test around (the field would count as given), so they cannot be presumed."""
    out: dict[str, str] = {}
    conditions = [(v.als, v.where) for v in rules.versions]
    conditions += [(d.standaard, f"{d.source.file}:{d.source.pos(d.path).line}") for d in rules.open_terms.values()]
    for expr, where in conditions:
        for feit in _given(expr):
            out.setdefault(feit, where)
    return out


def _given(expr: ir.Expr) -> Iterator[str]:
    match expr:
        case ir.Given(feit):
            yield feit
        case ir.And(items) | ir.Or(items):
            for item in items:
                yield from _given(item)
        case ir.Not(item):
            yield from _given(item)
        case _:
            return


def _fact_problems(decl: PresumptionDecl, vocab: Vocabulaire, to_show: dict[str, ToShowDecl],
                   tested: dict[str, str]) -> Iterator[Diagnostic]:
    """The presumed fact exists, can be presumed, is not the applicant's to show, and the
    value fits it. Sets ``decl.fact`` when the fact can be presumed."""
    naam = decl.feit
    ft = vocab.feiten.get(naam)
    if naam in vocab.afgeleid and ft is None:
        yield decl.diag(("feit",), "RR320", f"'{naam}' is een afgeleid feit: dat volgt uit zijn regels "
                                            "en wordt niet vermoed")
    elif ft is None:
        yield decl.diag(("feit",), "RR301", f"onbekend feit '{naam}'" + suggestie(naam, _fields(vocab)))
    elif naam in BEREKEND:
        yield decl.diag(("feit",), "RR320", f"'{naam}' is een berekend kenmerk: het volgt uit de datums "
                                            "in het profiel en wordt niet vermoed")
    elif ft.soort not in PRESUMABLE:
        soort = "een datum" if ft.soort == "date" else "een lijst van records"
        yield decl.diag(("feit",), "RR320", f"'{naam}' is {soort}: die wordt gevraagd, niet vermoed")
    elif naam in tested:
        yield decl.diag(("feit",), "RR320", f"'{naam}' wordt met 'bekend' getest ({tested[naam]}): een "
                                            "vermoeden zou die test omdraaien")
    elif naam in to_show:
        yield decl.diag(("feit",), "RR321", f"de wet legt '{naam}' bij de aanvrager ({to_show[naam].where}): "
                                            "dat wordt gevraagd, niet vermoed")
    else:
        decl.fact = ft
        probleem = _value_problem(ft, decl.spec.waarde)
        if probleem:
            yield decl.diag(("waarde",), "RR308", probleem)


def _value_problem(ft: FeitType, waarde: Any) -> str | None:
    """Why ``waarde`` is no value of the field, or None."""
    naam = ft.naam
    if ft.soort == "bool":
        return None if isinstance(waarde, bool) else f"'{naam}' is ja/nee; vermoed true of false, niet {_toon(waarde)}"
    if ft.soort == "int":
        goed = isinstance(waarde, int) and not isinstance(waarde, bool)
        return None if goed else f"'{naam}' is een geheel getal, niet {_toon(waarde)}"
    waarden = waarde if ft.soort == "set" and isinstance(waarde, list) else [waarde]
    if ft.soort == "set" and not isinstance(waarde, list):
        return f"'{naam}' is een lijst van keuzes; vermoed een lijst, bv. [], niet {_toon(waarde)}"
    for w in waarden:
        if not isinstance(w, str) or w not in ft.waarden:
            return (f"'{w}' is geen waarde van '{naam}'; toegestaan: {', '.join(ft.waarden)}"
                    + suggestie(str(w), ft.waarden))
    return None


def _toon(waarde: Any) -> str:
    """A value as written in YAML, for a message."""
    return waarde.isoformat() if isinstance(waarde, dt.date) else repr(waarde)


def _basis_problems(decl: PresumptionDecl) -> Iterator[Diagnostic]:
    """A cited article names a known law (RR305); an uncertain basis is marked (RR311), and
    an explanation of uncertainty comes with the mark (RR341)."""
    if decl.spec.onzeker_toelichting is not None and not decl.spec.onzeker:
        yield decl.source.diag((*decl.path, "onzeker_toelichting"), "RR341",
                               ONZEKER_ZONDER_MARKERING.format(wat="het vermoeden"), sleutel=True)
    for j, g in enumerate(decl.grondslag):
        if g.artikel is not None and g.bwb is None:
            yield decl.diag(("grondslag", j), "RR305", f"grondslag artikel {g.artikel} noemt geen (bekende) "
                                                       "wet of bwb-id")
        if g.zekerheid is not spec.Zekerheid.V and not decl.spec.onzeker:
            yield decl.diag(("grondslag", j), "RR311", f"grondslag met zekerheid {g.zekerheid.value} maar het "
                                                       "vermoeden is niet als onzeker gemarkeerd")


def _translate_condition(decl: PresumptionDecl, vocab: Vocabulaire, translator: Translator,
                         diags: list[Diagnostic]) -> None:
    """Translate ``als`` when it reads only what is known before any rule runs."""
    if decl.spec.als is None:
        return
    path = (*decl.path, "als")
    problems = list(_condition_problems(decl.spec.als, path, decl.feit, vocab))
    for sub, bericht in problems:
        diags.append(decl.source.diag(sub, "RR323", bericht))
    decl.als = ir.UNKNOWN if problems else translator.translate(decl.spec.als, decl.source, path)


def _condition_problems(cond: spec.Conditie, path: YamlPath, feit: str,
                        vocab: Vocabulaire) -> Iterator[tuple[YamlPath, str]]:
    match cond:
        case spec.Alle(alle=delen) | spec.EenVan(een_van=delen):
            key = "alle" if isinstance(cond, spec.Alle) else "een_van"
            for i, deel in enumerate(delen):
                yield from _condition_problems(deel, (*path, key, i), feit, vocab)
        case spec.Niet(niet=binnen):
            yield from _condition_problems(binnen, (*path, "niet"), feit, vocab)
        case spec.RegelRef(regel=regel):
            yield (*path, "regel"), f"de conditie van een vermoeden leest geen regel ('{regel}')"
        case spec.OpenTermRef(open_term=term):
            yield (*path, "open_term"), f"de conditie van een vermoeden leest geen open term ('{term}')"
        case spec.FeitTest(feit=naam):
            basis = naam.partition(".")[0]
            if basis == feit:
                yield (*path, "feit"), (f"de conditie test het vermoede feit '{feit}' zelf; dat is onbekend "
                                        "zolang het vermoeden zou gelden")
            elif basis in vocab.afgeleid and basis not in vocab.feiten:
                yield (*path, "feit"), (f"de conditie van een vermoeden leest geen afgeleid feit ('{basis}'): "
                                        "het vermoeden geldt vóór de regels")
        case _:
            return  # er_is reads the elements of a list in the profile: allowed


def _overlapping(found: list[PresumptionDecl]) -> Iterator[Diagnostic]:
    """One presumption per fact on any day (RR322)."""
    for i, a in enumerate(found):
        for b in found[i + 1:]:
            if a.feit == b.feit and a.overlaps(b):
                yield b.diag(("feit",), "RR322", f"'{b.feit}' wordt ook vermoed door '{a.id}' ({a.where}) "
                                                 "in dezelfde periode")
