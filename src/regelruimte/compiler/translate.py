"""Pass 2, translate: each condition -> an :mod:`regelruimte.ir` expression, type-checked.

Every condition is checked against the fact vocabulary: an unknown fact (with a "did you
mean"), a value outside a choice list, a comparison that does not fit the kind of fact. One
small function per kind of condition and per kind of fact says what is allowed there and
what it means. A condition with an error translates to *unknown*, so the other conditions
are still checked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .. import ir, spec
from ..diagnostics import Diagnostic, suggestie
from ..source import Bron, YamlPath
from ..vocabulary import DATUM_MATEN, FeitType, Vocabulaire
from .resolve import RuleSet

__all__ = ["Translator", "bound_by_current_age", "translate"]

#: comparison keys of numbers and dates -> ir operator
NUMERIEK: dict[str, ir.Op] = {"vanaf": "ge", "boven": "gt", "tot": "lt", "tot_en_met": "le"}
#: comparison keys of choices (and whole numbers) -> ir operator
KEUZE: dict[str, ir.Op] = {"is": "eq", "is_niet": "ne", "in": "in", "niet_in": "nin"}
#: ages on a past date at most a year before the peildatum (computed from the birth date)
VERLEDEN_LEEFTIJD = frozenset({"leeftijd_einde_vorig_schooljaar", "leeftijd_einde_vorig_kwartaal"})

Items = dict[str, FeitType] | None  # the fields of a list element inside er_is, else None


def translate(rules: RuleSet, diags: list[Diagnostic]) -> None:
    """Translate every open term's default and every rule's condition, in place."""
    translator = Translator(rules.vocab, rules.rule_ids, rules.open_term_ids, diags)
    for decl in rules.open_terms.values():
        if decl.spec.standaard is not None:
            decl.standaard = translator.translate(decl.spec.standaard, decl.source, (*decl.path, "standaard"))
    for v in rules.versions:
        if v.spec.als is not None:
            v.als = translator.translate(v.spec.als, v.source, v.at("als"))


class Translator:
    def __init__(self, vocab: Vocabulaire, rule_ids: set[str], open_terms: set[str],
                 diags: list[Diagnostic]) -> None:
        self.vocab = vocab
        self.rule_ids = rule_ids
        self.open_terms = open_terms
        self.diags = diags

    def error(self, source: Bron, path: YamlPath, code: str, bericht: str) -> ir.Expr:
        """Report a problem at ``path``; the condition is unknown from here on."""
        self.diags.append(source.diag(path, code, bericht))
        return ir.UNKNOWN

    def translate(self, cond: spec.Conditie, source: Bron, path: YamlPath, items: Items = None) -> ir.Expr:
        match cond:
            case spec.Alle(alle=delen):
                return ir.And(tuple(self.translate(c, source, (*path, "alle", i), items)
                                    for i, c in enumerate(delen)))
            case spec.EenVan(een_van=delen):
                return ir.Or(tuple(self.translate(c, source, (*path, "een_van", i), items)
                                   for i, c in enumerate(delen)))
            case spec.Niet(niet=binnen):
                return ir.Not(self.translate(binnen, source, (*path, "niet"), items))
            case spec.RegelRef():
                return self._rule_ref(cond, source, path, items)
            case spec.OpenTermRef():
                return self._open_term(cond, source, path, items)
            case spec.ErIs():
                return self._er_is(cond, source, path, items)
            case spec.FeitTest():
                return self._fact(cond, source, path, items)
        raise AssertionError(f"onbekende conditie {cond!r}")

    def _only_element_fields(self, source: Bron, path: YamlPath) -> ir.Expr:
        return self.error(source, path, "RR309", "binnen 'er_is' kun je alleen velden van het element testen")

    def _rule_ref(self, ref: spec.RegelRef, source: Bron, path: YamlPath, items: Items) -> ir.Expr:
        if items is not None:
            return self._only_element_fields(source, (*path, "regel"))
        if ref.regel not in self.rule_ids:
            return self.error(source, (*path, "regel"), "RR307",
                              f"onbekende regel '{ref.regel}'" + suggestie(ref.regel, self.rule_ids))
        node = ir.Ref(f"r:{ref.regel}")
        return node if ref.is_ else ir.Not(node)

    def _open_term(self, ref: spec.OpenTermRef, source: Bron, path: YamlPath, items: Items) -> ir.Expr:
        if items is not None:
            return self._only_element_fields(source, (*path, "open_term"))
        if ref.open_term not in self.open_terms:
            return self.error(source, (*path, "open_term"), "RR310",
                              f"onbekende open term '{ref.open_term}'" + suggestie(ref.open_term, self.open_terms))
        return ir.Ref(f"o:{ref.open_term}")

    def _er_is(self, cond: spec.ErIs, source: Bron, path: YamlPath, items: Items) -> ir.Expr:
        if items is not None:
            return self.error(source, (*path, "er_is"), "RR309", "'er_is' kan niet genest worden")
        lijst = self.vocab.feiten[cond.er_is.lijst]
        element = self.translate(cond.er_is.waarvoor, source, (*path, "er_is", "waarvoor"), lijst.item_velden)
        return ir.Exists(cond.er_is.lijst, element)

    def _fact(self, test: spec.FeitTest, source: Bron, path: YamlPath, items: Items) -> ir.Expr:
        ft = self.vocab.zoek(test.feit, items)
        if ft is None:
            return self.error(source, (*path, "feit"), "RR301", self._unknown_fact(test.feit, items))

        def fout(sleutel: str, code: str, bericht: str) -> ir.Expr:
            return self.error(source, (*path, sleutel), code, bericht)

        t = FactTest(test, ft, items, fout)
        return _per_kind(t)(t)

    def _unknown_fact(self, naam: str, items: Items) -> str:
        if naam == "gemeente" and items is None:
            return ("'gemeente' is geen feit voor condities; gemeentelijk beleid hoort in een "
                    "gemeentebestand (rules/gemeenten/<naam>.yaml met 'gemeente:')")
        basis, _, maat = naam.partition(".")
        bekend = self.vocab.zoek(basis, items)
        if maat and bekend is not None and bekend.soort == "date":
            return f"onbekende datummaat '{maat}'" + suggestie(maat, list(DATUM_MATEN))
        if maat and bekend is not None:
            return f"feit '{basis}' is geen datum; '.{maat}' kan alleen op een datum"
        waar = " in een element van de lijst" if items is not None else ""
        return f"onbekend feit '{naam}'{waar}" + suggestie(naam, self.vocab.namen(items))


@dataclass
class FactTest:
    """One ``feit:`` test with its fact's type, ready to become an atom or an error."""

    test: spec.FeitTest
    ft: FeitType
    items: Items
    fout: Callable[[str, str, str], ir.Expr]  # (key in the test, code, message) -> unknown

    def __post_init__(self) -> None:
        self.vergelijking = self.test.vergelijkingen()
        self.basis, _, self.maat = self.test.feit.partition(".")
        self.prop = DATUM_MATEN[self.maat] if self.maat else "v"

    @property
    def naam(self) -> str:
        return self.test.feit

    def atom(self, op: ir.Op, waarde: Any, prop: str | None = None) -> ir.Atom:
        return ir.Atom(self.basis, prop or self.prop, op, waarde, self.test.feit)

    def extra(self, toegestaan: set[str]) -> str | None:
        """The first comparison key that is not allowed here."""
        return next(iter(set(self.vergelijking) - toegestaan), None)


def _per_kind(t: FactTest) -> Callable[[FactTest], ir.Expr]:
    """The translation for this kind of fact (in this order: 'bekend' applies to any kind)."""
    if "bekend" in t.vergelijking:
        return _bekend
    if t.ft.omschrijving == "afgeleid feit":
        return _derived
    by_kind: dict[str, Callable[[FactTest], ir.Expr]] = {
        "bool": _bool, "records": _records, "date": _date, "set": _set, "enum": _enum, "int": _int}
    vertaling = by_kind[t.ft.soort]
    if not t.vergelijking and vertaling in (_set, _enum, _int):
        return _no_comparison
    return vertaling


def _no_comparison(t: FactTest) -> ir.Expr:
    return t.fout("feit", "RR309", f"'{t.naam}' is geen ja/nee-feit; geef een vergelijking")


def _bekend(t: FactTest) -> ir.Expr:
    """Whether a field is given: always decided, so it never raises a question."""
    if t.ft.omschrijving == "afgeleid feit" or t.maat:
        return t.fout("bekend", "RR309", "'bekend' kan alleen op een veld van het casusprofiel of een berekend "
                                         "kenmerk, niet op een afgeleid feit of een datummaat")
    gevraagd = t.vergelijking["bekend"]
    if not isinstance(gevraagd, bool):
        return t.fout("bekend", "RR309", "'bekend' is true of false")
    gegeven: ir.Expr = t.atom("bekend", True) if t.items is not None else ir.Given(t.basis, t.naam)
    return gegeven if gevraagd else ir.Not(gegeven)


def _yes_no(t: FactTest, uitleg: str) -> bool | ir.Expr:
    """The ``is: true/false`` of a yes/no fact (default true), or the error."""
    extra = t.extra({"is"})
    waarde = t.vergelijking.get("is", True)
    if extra or not isinstance(waarde, bool):
        return t.fout(extra or "is", "RR309", f"'{t.naam}' {uitleg}")
    return waarde


def _derived(t: FactTest) -> ir.Expr:
    """A derived fact is read by reference: true when any of its definitions holds."""
    waarde = _yes_no(t, "is een afgeleid ja/nee-feit; gebruik alleen 'is: true/false'")
    if not isinstance(waarde, bool):
        return waarde
    ref = ir.Ref(f"f:{t.naam}")
    return ref if waarde else ir.Not(ref)


def _bool(t: FactTest) -> ir.Expr:
    waarde = _yes_no(t, "is ja/nee; gebruik 'is: true' of 'is: false'")
    return waarde if not isinstance(waarde, bool) else t.atom("eq", waarde)


def _records(t: FactTest) -> ir.Expr:
    return t.fout("feit", "RR309", f"'{t.naam}' is een lijst; gebruik 'er_is' met 'lijst: {t.naam}'")


def _date(t: FactTest) -> ir.Expr:
    """A date compares with a fixed date (vanaf/tot/...); ages and durations go through a
    measure. ISO strings order like dates, also in durable-rules."""
    extra = t.extra(set(NUMERIEK))
    if not t.vergelijking or extra or not all(isinstance(w, dt.date) for w in t.vergelijking.values()):
        return t.fout(extra or "feit", "RR309",
                      f"'{t.naam}' is een datum; vergelijk met een vaste datum ('vanaf: 2021-08-01') "
                      f"of gebruik een maat, bv. '{t.naam}.jaren_geleden' of '{t.naam}.leeftijd_op'")
    delen: list[ir.Expr] = [t.atom(NUMERIEK[k], w.isoformat()) for k, w in t.vergelijking.items()]
    return _all(delen)


def _set(t: FactTest) -> ir.Expr:
    """A list of choices: one yes/no property per choice."""
    extra = t.extra({"bevat", "bevat_niet"})
    if extra:
        return t.fout(extra, "RR309", f"'{t.naam}' is een lijst van keuzes; gebruik 'bevat' of 'bevat_niet'")
    sleutel, waarde = next(iter(t.vergelijking.items()))
    if waarde not in t.ft.waarden:
        return t.fout(sleutel, "RR308", f"'{waarde}' is geen waarde van '{t.naam}'"
                      + suggestie(str(waarde), t.ft.waarden))
    return t.atom("eq", sleutel == "bevat", prop=str(waarde))


def _enum(t: FactTest) -> ir.Expr:
    extra = t.extra(set(KEUZE))
    if extra:
        return t.fout(extra, "RR309", f"'{t.naam}' is een keuzelijst; gebruik 'is', 'is_niet', 'in' of 'niet_in'")
    sleutel, waarde = next(iter(t.vergelijking.items()))
    waarden = waarde if isinstance(waarde, list) else [waarde]
    for w in waarden:
        if w not in t.ft.waarden:
            return t.fout(sleutel, "RR308", f"'{w}' is geen waarde van '{t.naam}'; "
                          f"toegestaan: {', '.join(t.ft.waarden)}" + suggestie(str(w), t.ft.waarden))
    op = KEUZE[sleutel]
    return t.atom(op, tuple(waarden) if op in ("in", "nin") else waarde)


def _int(t: FactTest) -> ir.Expr:
    """A whole number (also an age or a date measure): each comparison becomes one atom."""
    extra = t.extra({*KEUZE, *NUMERIEK})
    if extra:
        return t.fout(extra, "RR309", f"'{t.naam}' is een getal; 'bevat' past niet")
    delen: list[ir.Atom] = []
    for sleutel, waarde in t.vergelijking.items():
        waarden = waarde if isinstance(waarde, list) else [waarde]
        if any(isinstance(w, bool) or not isinstance(w, int) for w in waarden):
            return t.fout(sleutel, "RR308", f"'{t.naam}' is een geheel getal, niet {waarde!r}")
        if sleutel in NUMERIEK:
            delen.append(t.atom(NUMERIEK[sleutel], waarde))
        else:
            op = KEUZE[sleutel]
            delen.append(t.atom(op, tuple(waarden) if op in ("in", "nin") else waarde))
    if t.basis in VERLEDEN_LEEFTIJD and t.items is None:
        return _all([bound_by_current_age(d) for d in delen])
    return _all(list(delen))


def _all(delen: list[ir.Expr]) -> ir.Expr:
    return delen[0] if len(delen) == 1 else ir.And(tuple(delen))


def bound_by_current_age(atom: ir.Atom) -> ir.Expr:
    """Let the age now decide a comparison on an age at most a year ago, where it can.

    With p that past age and L the age now, p <= L <= p + 1. So ``p >= N`` holds once L >= N + 1
    and fails while L < N, whatever p is; only at L = N does it need p (and so the birth date).
    A profile that gives only ``leeftijd`` then still gets an answer, and the birth date is
    asked only where it matters. Equivalent whenever p is known (the profile check keeps L
    and the birth date consistent).
    """
    if atom.op in ("in", "nin"):
        return atom
    n = int(atom.value)
    if atom.op in ("eq", "ne"):  # p == n needs n <= L <= n + 1
        binnen = ir.And((_leeftijd("ge", n), _leeftijd("lt", n + 2)))
        if atom.op == "eq":
            return ir.And((binnen, atom))
        return ir.Or((ir.Not(binnen), atom))
    drempel = {"ge": n, "gt": n + 1, "lt": n, "le": n + 1}[atom.op]
    if atom.op in ("ge", "gt"):  # p >= drempel
        return ir.Or((_leeftijd("ge", drempel + 1), ir.And((_leeftijd("ge", drempel), atom))))
    # p < drempel: certainly while L < drempel, possibly while L < drempel + 1
    return ir.Or((_leeftijd("lt", drempel), ir.And((_leeftijd("lt", drempel + 1), atom))))


def _leeftijd(op: ir.Op, n: int) -> ir.Atom:
    return ir.Atom("leeftijd", "v", op, n, "leeftijd")


# Aliases of the names before the rename.
_begrensd_door_leeftijd = bound_by_current_age
