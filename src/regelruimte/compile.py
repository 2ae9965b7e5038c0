"""Compile validated rule files into the engine-neutral form, checking their meaning.

Passes, each reporting into one diagnostics list:

1. ``versies``: resolve file defaults (wet, bwb, geldig_vanaf, grondslag) per rule;
2. ``condities``: type-check every condition against the fact vocabulary and translate it to
   :mod:`regelruimte.ir` (unknown facts, bad values, wrong comparisons, "did you mean");
3. ``samenhang``: ids, versions and overlapping validity, exceptions, open terms, signals,
   legal basis, uncertainty markers;
4. ``programma``: per epoch (a stretch of dates on which the same rule versions hold), wire
   exceptions and open terms, order rules by dependency and reject cycles.

The result, :class:`Regelbank`, hands out one :class:`~regelruimte.ir.Programma` per epoch.
"""

from __future__ import annotations

import bisect
import datetime as dt
import heapq
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from . import ir, spec
from .diagnostics import Diagnostic, Ernst, RegelbankFout, suggestie
from .load import Geladen
from .source import Bron, Pad
from .spec import Grondslag
from .vocabulary import DATUM_MATEN, FeitType, Vocabulaire, standaard_vocabulaire
from .wetten import wet_bij_bwb, wet_bij_naam

__all__ = ["OpenTermDecl", "RegelVersie", "Regelbank", "compileer"]

EEN_DAG = dt.timedelta(days=1)
STANDAARD_TONEN = {
    spec.Soort.regime: "altijd",
    spec.Soort.route: "relevant",
    spec.Soort.maatwerk: "relevant",
    spec.Soort.signaal: "relevant",
    spec.Soort.beleid: "relevant",
    spec.Soort.uitzondering: "relevant",
    spec.Soort.feit: "relevant",
}


@dataclass
class RegelVersie:
    """One rule version with file defaults resolved and its condition compiled."""

    spec: spec.Regel
    bron: Bron
    pad: Pad  # path of the rule inside its file
    vanaf: dt.date
    tot: dt.date | None
    grondslag: tuple[Grondslag, ...]
    gemeente: str | None
    als: ir.Expr = ir.WAAR

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def tonen(self) -> str:
        return self.spec.tonen or STANDAARD_TONEN[self.spec.soort]

    def geldt_op(self, datum: dt.date) -> bool:
        return self.vanaf <= datum and (self.tot is None or datum <= self.tot)

    def diag(self, sub: Pad, code: str, bericht: str, **kw: Any) -> Diagnostic:
        return self.bron.diag((*self.pad, *sub), code, bericht, **kw)


@dataclass
class OpenTermDecl:
    spec: spec.OpenTerm
    bron: Bron
    pad: Pad
    grondslag: tuple[Grondslag, ...]
    standaard: ir.Expr = ir.ONBEKEND


# --- pass 1: versions --------------------------------------------------------------------


def _vul_grondslag(g: Grondslag, bestand: spec.RegelBestand) -> Grondslag:
    """Fill wet/bwb from the file defaults and the law registry."""
    wet, bwb = g.wet, g.bwb
    if g.artikel is not None:
        if wet is None and bwb is None:
            wet, bwb = bestand.wet, bestand.bwb
        if bwb is None and wet is not None and (bekend := wet_bij_naam(wet)):
            bwb = bekend.bwb
        if (bwb is not None and (bekend := wet_bij_bwb(bwb))) or (wet is not None and (bekend := wet_bij_naam(wet))):
            wet = bekend.naam
    return g.model_copy(update={"wet": wet, "bwb": bwb})


def _versies(geladen: Geladen, diags: list[Diagnostic]) -> list[RegelVersie]:
    uit: list[RegelVersie] = []
    for gb in geladen.bestanden:
        bestand = gb.bestand
        gemeente = bestand.gemeente.code if bestand.gemeente else None
        for i, regel in zip(gb.indexen, bestand.regels, strict=True):
            pad: Pad = ("regels", i)
            vanaf = regel.geldig_vanaf or bestand.geldig_vanaf
            if vanaf is None:
                diags.append(gb.bron.diag(pad, "RR202",
                                          f"regel '{regel.id}' heeft geen geldig_vanaf "
                                          "(ook niet op bestandsniveau)"))
                vanaf = dt.date.min
            standaard = bestand.grondslag
            if not standaard and bestand.bron:
                # A municipal file's source (CVDR, Gemeenteblad) is the basis of its rules.
                standaard = [Grondslag(bron=bestand.bron)]
            grondslag = tuple(_vul_grondslag(g, bestand) for g in (regel.grondslag or standaard))
            uit.append(RegelVersie(regel, gb.bron, pad, vanaf, regel.geldig_tot, grondslag, gemeente))
    return uit


# --- pass 2: conditions ------------------------------------------------------------------

_NUMERIEK = {"vanaf": "ge", "boven": "gt", "tot": "lt", "tot_en_met": "le"}


class _Vertaler:
    def __init__(self, vocab: Vocabulaire, regel_ids: set[str], open_termen: set[str],
                 diags: list[Diagnostic]) -> None:
        self.vocab = vocab
        self.regel_ids = regel_ids
        self.open_termen = open_termen
        self.diags = diags

    def vertaal(self, cond: spec.Conditie, bron: Bron, pad: Pad,
                items: dict[str, FeitType] | None = None) -> ir.Expr:
        match cond:
            case spec.Alle(alle=delen):
                return ir.And(tuple(self.vertaal(c, bron, (*pad, "alle", i), items)
                                    for i, c in enumerate(delen)))
            case spec.EenVan(een_van=delen):
                return ir.Or(tuple(self.vertaal(c, bron, (*pad, "een_van", i), items)
                                   for i, c in enumerate(delen)))
            case spec.Niet(niet=binnen):
                return ir.Not(self.vertaal(binnen, bron, (*pad, "niet"), items))
            case spec.RegelRef(regel=regel_id, is_=waarde):
                if items is not None:
                    self.diags.append(bron.diag((*pad, "regel"), "RR309",
                                                "binnen 'er_is' kun je alleen velden van het element testen"))
                    return ir.ONBEKEND
                if regel_id not in self.regel_ids:
                    self.diags.append(bron.diag((*pad, "regel"), "RR307",
                                                f"onbekende regel '{regel_id}'"
                                                + suggestie(regel_id, self.regel_ids)))
                    return ir.ONBEKEND
                ref = ir.Ref(f"r:{regel_id}")
                return ref if waarde else ir.Not(ref)
            case spec.OpenTermRef(open_term=term):
                if items is not None:
                    self.diags.append(bron.diag((*pad, "open_term"), "RR309",
                                                "binnen 'er_is' kun je alleen velden van het element testen"))
                    return ir.ONBEKEND
                if term not in self.open_termen:
                    self.diags.append(bron.diag((*pad, "open_term"), "RR310",
                                                f"onbekende open term '{term}'"
                                                + suggestie(term, self.open_termen)))
                    return ir.ONBEKEND
                return ir.Ref(f"o:{term}")
            case spec.ErIs(er_is=er_is):
                if items is not None:
                    self.diags.append(bron.diag((*pad, "er_is"), "RR309", "'er_is' kan niet genest worden"))
                    return ir.ONBEKEND
                lijst = self.vocab.feiten[er_is.lijst]
                element = self.vertaal(er_is.waarvoor, bron, (*pad, "er_is", "waarvoor"), lijst.item_velden)
                return ir.Exists(er_is.lijst, element)
            case spec.FeitTest():
                return self._feit(cond, bron, pad, items)
        raise AssertionError(f"onbekende conditie {cond!r}")

    def _feit(self, test: spec.FeitTest, bron: Bron, pad: Pad,
              items: dict[str, FeitType] | None) -> ir.Expr:
        ft = self.vocab.zoek(test.feit, items)
        if ft is None and test.feit == "gemeente" and items is None:
            self.diags.append(bron.diag((*pad, "feit"), "RR301",
                                        "'gemeente' is geen feit voor condities; gemeentelijk beleid hoort in een "
                                        "gemeentebestand (rules/gemeenten/<naam>.yaml met 'gemeente:')"))
            return ir.ONBEKEND
        if ft is None:
            namen = self.vocab.namen(items)
            waar = " in een element van de lijst" if items is not None else ""
            basis, _, maat = test.feit.partition(".")
            bekend = self.vocab.zoek(basis, items)
            if maat and bekend is not None and bekend.soort == "date":
                bericht = f"onbekende datummaat '{maat}'" + suggestie(maat, list(DATUM_MATEN))
            elif maat and bekend is not None:
                bericht = f"feit '{basis}' is geen datum; '.{maat}' kan alleen op een datum"
            else:
                bericht = f"onbekend feit '{test.feit}'{waar}" + suggestie(test.feit, namen)
            self.diags.append(bron.diag((*pad, "feit"), "RR301", bericht))
            return ir.ONBEKEND
        vergelijking = test.vergelijkingen()
        basis, _, maat = test.feit.partition(".")
        prop = DATUM_MATEN[maat] if maat else "v"

        def fout(sleutel: str, code: str, bericht: str) -> ir.Expr:
            self.diags.append(bron.diag((*pad, sleutel), code, bericht))
            return ir.ONBEKEND

        def atom(op: ir.Op, waarde: Any, feit: str = basis, p: str = prop) -> ir.Atom:
            return ir.Atom(feit, p, op, waarde, test.feit)

        if "bekend" in vergelijking:
            if ft.omschrijving == "afgeleid feit" or maat:
                return fout("bekend", "RR309",
                            "'bekend' kan alleen op een veld van het casusprofiel of een berekend kenmerk, "
                            "niet op een afgeleid feit of een datummaat")
            if not isinstance(vergelijking["bekend"], bool):
                return fout("bekend", "RR309", "'bekend' is true of false")
            gegeven: ir.Expr = atom("bekend", True) if items is not None else ir.Gegeven(basis, test.feit)
            return gegeven if vergelijking["bekend"] else ir.Not(gegeven)
        if ft.omschrijving == "afgeleid feit":
            extra = set(vergelijking) - {"is"}
            if extra or not isinstance(vergelijking.get("is", True), bool):
                return fout(next(iter(extra), "is"), "RR309",
                            f"'{test.feit}' is een afgeleid ja/nee-feit; gebruik alleen 'is: true/false'")
            ref = ir.Ref(f"f:{test.feit}")
            return ref if vergelijking.get("is", True) else ir.Not(ref)
        if ft.soort == "bool":
            extra = set(vergelijking) - {"is"}
            if extra or not isinstance(vergelijking.get("is", True), bool):
                return fout(next(iter(extra), "is"), "RR309",
                            f"'{test.feit}' is ja/nee; gebruik 'is: true' of 'is: false'")
            return atom("eq", vergelijking.get("is", True))
        if ft.soort == "records":
            return fout("feit", "RR309", f"'{test.feit}' is een lijst; gebruik 'er_is' met 'lijst: {test.feit}'")
        if ft.soort == "date":
            # A date compares with a fixed date (vanaf/tot/...); ages and durations go
            # through a measure. ISO strings order like dates, also in durable-rules.
            if not vergelijking or set(vergelijking) - set(_NUMERIEK) or not all(
                    isinstance(w, dt.date) for w in vergelijking.values()):
                return fout(next(iter(set(vergelijking) - set(_NUMERIEK)), "feit"), "RR309",
                            f"'{test.feit}' is een datum; vergelijk met een vaste datum ('vanaf: 2021-08-01') "
                            f"of gebruik een maat, bv. '{test.feit}.jaren_geleden' of '{test.feit}.leeftijd_op'")
            delen_d: list[ir.Expr] = [atom(_NUMERIEK[k], w.isoformat())  # type: ignore[arg-type]
                                      for k, w in vergelijking.items()]
            return delen_d[0] if len(delen_d) == 1 else ir.And(tuple(delen_d))
        if not vergelijking:
            return fout("feit", "RR309", f"'{test.feit}' is geen ja/nee-feit; geef een vergelijking")
        if ft.soort == "set":
            extra = set(vergelijking) - {"bevat", "bevat_niet"}
            if extra:
                return fout(next(iter(extra)), "RR309",
                            f"'{test.feit}' is een lijst van keuzes; gebruik 'bevat' of 'bevat_niet'")
            sleutel, waarde = next(iter(vergelijking.items()))
            if waarde not in ft.waarden:
                return fout(sleutel, "RR308", f"'{waarde}' is geen waarde van '{test.feit}'"
                            + suggestie(str(waarde), ft.waarden))
            return atom("eq", sleutel == "bevat", p=str(waarde))
        if ft.soort == "enum":
            extra = set(vergelijking) - {"is", "is_niet", "in", "niet_in"}
            if extra:
                return fout(next(iter(extra)), "RR309",
                            f"'{test.feit}' is een keuzelijst; gebruik 'is', 'is_niet', 'in' of 'niet_in'")
            sleutel, waarde = next(iter(vergelijking.items()))
            waarden = waarde if isinstance(waarde, list) else [waarde]
            for w in waarden:
                if w not in ft.waarden:
                    return fout(sleutel, "RR308", f"'{w}' is geen waarde van '{test.feit}'; "
                                f"toegestaan: {', '.join(ft.waarden)}" + suggestie(str(w), ft.waarden))
            op: ir.Op = {"is": "eq", "is_niet": "ne", "in": "in", "niet_in": "nin"}[sleutel]  # type: ignore[assignment]
            return atom(op, tuple(waarden) if op in ("in", "nin") else waarde)
        # int
        extra = set(vergelijking) - {"is", "is_niet", "in", "niet_in", *_NUMERIEK}
        if extra:
            return fout(next(iter(extra)), "RR309", f"'{test.feit}' is een getal; 'bevat' past niet")
        delen: list[ir.Expr] = []
        for sleutel, waarde in vergelijking.items():
            waarden = waarde if isinstance(waarde, list) else [waarde]
            if any(isinstance(w, bool) or not isinstance(w, int) for w in waarden):
                return fout(sleutel, "RR308", f"'{test.feit}' is een geheel getal, niet {waarde!r}")
            # (dates were handled above; an int fact never compares with a date)
            if sleutel in _NUMERIEK:
                delen.append(atom(_NUMERIEK[sleutel], waarde))  # type: ignore[arg-type]
            else:
                op = {"is": "eq", "is_niet": "ne", "in": "in", "niet_in": "nin"}[sleutel]  # type: ignore[assignment]
                delen.append(atom(op, tuple(waarden) if op in ("in", "nin") else waarde))
        if basis in _VERLEDEN_LEEFTIJD and items is None:
            delen = [_begrensd_door_leeftijd(d) for d in delen]  # type: ignore[arg-type]
        return delen[0] if len(delen) == 1 else ir.And(tuple(delen))


#: ages on a past date at most a year before the peildatum (computed from the birth date)
_VERLEDEN_LEEFTIJD = frozenset({"leeftijd_einde_vorig_schooljaar", "leeftijd_einde_vorig_kwartaal"})


def _begrensd_door_leeftijd(atom: ir.Atom) -> ir.Expr:
    """Let the age now decide a comparison on an age at most a year ago, where it can.

    With p that past age and L the age now, p <= L <= p + 1. So ``p >= N`` holds once L >= N + 1
    and fails while L < N, whatever p is; only at L = N does it need p (and so the birth date).
    A profile that gives only ``leeftijd`` then still gets an answer, and the birth date is
    asked only where it matters. Equivalent whenever p is known (the profile check keeps L
    and the birth date consistent).
    """
    if atom.op in ("in", "nin"):
        return atom
    n = int(atom.waarde)
    if atom.op in ("eq", "ne"):  # p == n needs n <= L <= n + 1
        binnen = ir.And((ir.Atom("leeftijd", "v", "ge", n, "leeftijd"),
                         ir.Atom("leeftijd", "v", "lt", n + 2, "leeftijd")))
        if atom.op == "eq":
            return ir.And((binnen, atom))
        return ir.Or((ir.Not(binnen), atom))
    drempel = {"ge": n, "gt": n + 1, "lt": n, "le": n + 1}[atom.op]
    nu = ir.Atom("leeftijd", "v", "ge", drempel, "leeftijd")
    zeker = ir.Atom("leeftijd", "v", "ge", drempel + 1, "leeftijd")
    if atom.op in ("ge", "gt"):  # p >= drempel
        return ir.Or((zeker, ir.And((nu, atom))))
    nog_niet = ir.Atom("leeftijd", "v", "lt", drempel, "leeftijd")  # p < drempel
    niet_meer = ir.Atom("leeftijd", "v", "lt", drempel + 1, "leeftijd")
    return ir.Or((nog_niet, ir.And((niet_meer, atom))))


# --- pass 3: coherence -------------------------------------------------------------------


def _overlapt(a: RegelVersie, b: RegelVersie) -> bool:
    a_tot = a.tot or dt.date.max
    b_tot = b.tot or dt.date.max
    return a.vanaf <= b_tot and b.vanaf <= a_tot


def _samenhang(versies: list[RegelVersie], open_termen: dict[str, OpenTermDecl],
               gemeente_codes: set[str], diags: list[Diagnostic], kapot: frozenset[str] = frozenset()) -> None:
    """``kapot``: ids in files that failed to load; a reference to one is not reported again."""
    per_id: dict[str, list[RegelVersie]] = defaultdict(list)
    for v in versies:
        per_id[v.id].append(v)
    soort_per_id = {i: vs[0].spec.soort for i, vs in per_id.items()}
    for regel_id, vs in per_id.items():
        eerste = vs[0]
        for v in vs[1:]:
            if (v.spec.soort, v.spec.feit, v.gemeente) != (eerste.spec.soort, eerste.spec.feit, eerste.gemeente):
                diags.append(v.diag(("id",), "RR302",
                                    f"id '{regel_id}' wordt ook gebruikt door een andere regel "
                                    f"({eerste.bron.pad}:{eerste.bron.pos(eerste.pad).regel})"))
        for i, a in enumerate(vs):
            for b in vs[i + 1:]:
                if _overlapt(a, b):
                    diags.append(b.diag(("geldig_vanaf",), "RR303",
                                        f"versie van '{regel_id}' ({b.vanaf} t/m {b.tot or 'open'}) overlapt "
                                        f"met de versie op {a.bron.pad}:{a.bron.pos(a.pad).regel} "
                                        f"({a.vanaf} t/m {a.tot or 'open'})"))
    for v in versies:
        s = v.spec
        if v.tot is not None and v.tot < v.vanaf:
            diags.append(v.diag(("geldig_tot",), "RR306",
                                f"geldig_tot {v.tot} ligt vóór geldig_vanaf {v.vanaf}"))
        if not v.grondslag:
            diags.append(v.diag(("id",), "RR305", f"regel '{s.id}' heeft geen grondslag"))
        for j, g in enumerate(v.grondslag):
            sub: Pad = ("grondslag", j) if s.grondslag else ("id",)
            if g.artikel is not None and g.bwb is None:
                diags.append(v.diag(sub, "RR305",
                                    f"grondslag artikel {g.artikel} noemt geen (bekende) wet of bwb-id"))
            if g.zekerheid is not spec.Zekerheid.V and not s.onzeker:
                diags.append(v.diag(sub, "RR311",
                                    f"grondslag met zekerheid {g.zekerheid.value} maar de regel is niet "
                                    "als onzeker gemarkeerd"))
        if s.soort is spec.Soort.uitzondering:
            if not s.uitzondering_op:
                diags.append(v.diag(("soort",), "RR312",
                                    "een uitzondering noemt de regels die ze opzij zet in 'uitzondering_op'"))
            for j, doel in enumerate(s.uitzondering_op):
                if doel in kapot and doel not in per_id:
                    continue
                if doel not in per_id:
                    diags.append(v.diag(("uitzondering_op", j), "RR307",
                                        f"onbekende regel '{doel}'" + suggestie(doel, list(per_id))))
                elif soort_per_id[doel] in (spec.Soort.feit,):
                    diags.append(v.diag(("uitzondering_op", j), "RR312",
                                        f"'{doel}' leidt een feit af; zet een uitzondering op de regel die "
                                        "het feit gebruikt, of neem de voorwaarde op in de definitie"))
        elif s.uitzondering_op:
            diags.append(v.diag(("uitzondering_op",), "RR312",
                                "'uitzondering_op' hoort alleen bij soort 'uitzondering'"))
        if s.soort is spec.Soort.signaal:
            if len(s.wetten) < 2 or not s.overbrugging:
                diags.append(v.diag(("soort",), "RR316",
                                    "een signaal noemt minstens twee 'wetten' en een 'overbrugging'"))
            for j, doel in enumerate(s.overbrugging):
                if doel in kapot and doel not in per_id:
                    continue
                if doel not in per_id:
                    diags.append(v.diag(("overbrugging", j), "RR307",
                                        f"onbekende regel '{doel}'" + suggestie(doel, list(per_id))))
                elif soort_per_id[doel] not in (spec.Soort.route, spec.Soort.maatwerk, spec.Soort.beleid):
                    diags.append(v.diag(("overbrugging", j), "RR316",
                                        f"'{doel}' is geen route of maatwerk"))
                elif not any(_overlapt(v, d) for d in per_id[doel]):
                    diags.append(v.diag(("overbrugging", j), "RR316",
                                        f"'{doel}' geldt niet in de periode van dit signaal "
                                        f"({v.vanaf} t/m {v.tot or 'open'}); maak een versie per periode"))
        if v.gemeente is None and s.soort is spec.Soort.beleid:
            diags.append(v.diag(("soort",), "RR315", "soort 'beleid' hoort in een gemeentebestand"))
        if v.gemeente is not None:
            if s.soort is not spec.Soort.beleid:
                diags.append(v.diag(("soort",), "RR315",
                                    "een gemeentebestand bevat alleen regels met soort 'beleid'"))
            if s.vult_in and s.vult_in not in open_termen and s.vult_in not in kapot:
                diags.append(v.diag(("vult_in",), "RR310",
                                    f"onbekende open term '{s.vult_in}'" + suggestie(s.vult_in, list(open_termen))))
    for code in gemeente_codes:
        _ = code  # codes are checked where the file is read (see compileer)


# --- pass 4: programs per epoch --------------------------------------------------------


def _vervang_open_termen(expr: ir.Expr, termen: dict[str, ir.Expr]) -> ir.Expr:
    return ir.herschrijf_refs(expr, lambda naam: termen[naam[2:]] if naam.startswith("o:") else None)


def _vervang_afwezig(expr: ir.Expr, bekend: set[str]) -> ir.Expr:
    """A reference to a rule or derived fact that does not hold in this epoch is false."""
    return ir.herschrijf_refs(expr, lambda naam: None if naam in bekend else ir.ONWAAR)


def _hernoem(expr: ir.Expr, namen: dict[str, str]) -> ir.Expr:
    return ir.herschrijf_refs(expr, lambda naam: ir.Ref(namen[naam]) if naam in namen else None)


def _gemeente_is(codes: Sequence[str], in_: bool) -> ir.Atom:
    return ir.Atom("gemeente", "v", "in" if in_ else "nin", tuple(sorted(codes)), "gemeente")


@dataclass
class Regelbank:
    """A checked, compiled rule base; hands out a program per epoch."""

    map: str
    versies: list[RegelVersie]
    open_termen: dict[str, OpenTermDecl]
    dekking: spec.Dekking
    hash: str
    waarschuwingen: list[Diagnostic] = field(default_factory=list)

    @cached_property
    def grenzen(self) -> list[dt.date]:
        """Start dates of the epochs: every date on which some rule starts or stops."""
        data = {self.dekking.vanaf}
        for v in self.versies:
            data.add(v.vanaf)
            if v.tot is not None and v.tot < dt.date.max:
                data.add(v.tot + EEN_DAG)
        return sorted(d for d in data if d >= self.dekking.vanaf)

    def epoch(self, datum: dt.date) -> tuple[dt.date, dt.date | None]:
        grenzen = self.grenzen
        i = bisect.bisect_right(grenzen, datum)
        start = grenzen[i - 1] if i > 0 else grenzen[0]
        return start, (grenzen[i] - EEN_DAG if i < len(grenzen) else None)

    def versie(self, regel_id: str, datum: dt.date) -> RegelVersie | None:
        return self.versies_op(self.epoch(datum)[0]).get(regel_id)

    def versies_op(self, start: dt.date) -> dict[str, RegelVersie]:
        """The rule versions that hold in the epoch starting on ``start``, by id."""
        gevonden = self._versies_per_epoch.get(start)
        if gevonden is None:
            gevonden = {v.id: v for v in self.versies if v.geldt_op(start)}
            self._versies_per_epoch[start] = gevonden
        return gevonden

    @cached_property
    def _versies_per_epoch(self) -> dict[dt.date, dict[str, RegelVersie]]:
        return {}

    @cached_property
    def sjablonen(self) -> dict[tuple[str, dt.date], Any]:
        """Per (program, peildatum): the case-independent part of each advice item."""
        return {}

    @cached_property
    def stapsjablonen(self) -> dict[tuple[str, dt.date], Any]:
        """Per (program, peildatum): the case-independent part of each rule's trace line."""
        return {}

    @cached_property
    def verwijzingen(self) -> dict[tuple[int, str, dt.date], Any]:
        """Citations built by the explanation, per (grondslag, role, peildatum)."""
        return {}

    @cached_property
    def _per_id(self) -> dict[str, list[RegelVersie]]:
        uit: dict[str, list[RegelVersie]] = defaultdict(list)
        for v in self.versies:
            uit[v.id].append(v)
        return uit

    @cached_property
    def _cache(self) -> dict[dt.date, ir.Programma]:
        return {}

    def programma(self, datum: dt.date) -> ir.Programma:
        start, einde = self.epoch(datum)
        if start not in self._cache:
            programma, diags = bouw_programma(self, start, einde)
            if any(d.ernst is Ernst.fout for d in diags):
                raise RegelbankFout(diags)
            self._cache[start] = programma
        return self._cache[start]


def bouw_programma(bank: Regelbank, start: dt.date, einde: dt.date | None
                   ) -> tuple[ir.Programma, list[Diagnostic]]:
    """Wire the rule versions active from ``start`` into a dependency-ordered program."""
    diags: list[Diagnostic] = []
    actief = [v for v in bank.versies if v.geldt_op(start)]
    per_id = {v.id: v for v in actief}
    # Open terms: true where the gemeente's policy says so, otherwise the national default
    # (usually unknown: the decision-maker judges case by case). A policy that does not fire
    # does not make the term false; it only adds the cases the gemeente has settled.
    termen: dict[str, ir.Expr] = {}
    for term_id, decl in bank.open_termen.items():
        invullers = sorted((v for v in actief if v.spec.vult_in == term_id), key=lambda v: v.id)
        delen: list[ir.Expr] = [ir.Ref(f"r:{v.id}") for v in invullers]
        delen.append(decl.standaard)
        termen[term_id] = delen[0] if len(delen) == 1 else ir.Or(tuple(delen))
    uitzonderingen: dict[str, list[str]] = defaultdict(list)
    for v in actief:
        for doel in v.spec.uitzondering_op:
            if doel in per_id:
                uitzonderingen[doel].append(v.id)
    afgeleid: dict[str, list[str]] = defaultdict(list)
    for v in actief:
        if v.spec.feit:
            afgeleid[v.spec.feit].append(v.id)
    bekend = {f"r:{i}" for i in per_id} | {f"f:{f}" for f in afgeleid}
    # A derived fact with one defining rule in this epoch is that rule's outcome: read the
    # rule directly, so the engine publishes one fact instead of two.
    enkel = {f"f:{f}": f"r:{ids[0]}" for f, ids in afgeleid.items() if len(ids) == 1}
    regels: dict[str, ir.IRRegel] = {}
    for v in actief:
        als = _vervang_open_termen(v.als, termen)
        if v.gemeente is not None:
            als = ir.And((_gemeente_is([v.gemeente], True), als))
        als = _hernoem(_vervang_afwezig(als, bekend), enkel)
        regels[v.id] = ir.IRRegel(
            v.id, v.spec.soort, v.spec.feit, als, tuple(sorted(uitzonderingen.get(v.id, ()))),
            v.spec, v.bron.pad, v.bron.pos(v.pad).regel, v.gemeente)
    # dependencies: rule -> rules it reads
    afhankelijk: dict[str, set[str]] = {}
    for regel in regels.values():
        nodig: set[str] = set(regel.uitzonderingen)
        for naam in ir.refs(regel.als):
            soort, _, doel = naam.partition(":")
            nodig.update(afgeleid[doel] if soort == "f" else [doel])
        afhankelijk[regel.id] = nodig
    volgorde = _topologisch(afhankelijk)
    if len(volgorde) < len(regels):
        rest = sorted(set(regels) - set(volgorde))
        kring = _vind_kring(afhankelijk, rest)
        eerste = per_id[kring[0]]
        diags.append(eerste.diag(("id",), "RR304",
                                 "kringverwijzing: " + " -> ".join([*kring, kring[0]])))
        volgorde.extend(rest)
    gelezen: set[str] = set()
    for regel in regels.values():
        gelezen.update(ir.refs(regel.effectief))
    programma = ir.Programma(
        vanaf=start, tot=einde,
        regels=tuple(regels[i] for i in volgorde),
        afgeleid={f: tuple(sorted(ids)) for f, ids in afgeleid.items()},
        gelezen=frozenset(gelezen),
        sleutel=f"{bank.hash[:16]}@{start.isoformat()}",
    )
    return programma, diags


def _topologisch(afhankelijk: dict[str, set[str]]) -> list[str]:
    """Kahn's algorithm with a sorted queue, so the order is deterministic."""
    nog = {r: len([d for d in deps if d in afhankelijk]) for r, deps in afhankelijk.items()}
    gebruikers: dict[str, list[str]] = defaultdict(list)
    for r, deps in afhankelijk.items():
        for d in deps:
            if d in afhankelijk:
                gebruikers[d].append(r)
    klaar = [r for r, n in nog.items() if n == 0]
    heapq.heapify(klaar)
    uit: list[str] = []
    while klaar:
        r = heapq.heappop(klaar)
        uit.append(r)
        for g in gebruikers[r]:
            nog[g] -= 1
            if nog[g] == 0:
                heapq.heappush(klaar, g)
    return uit


def _vind_kring(afhankelijk: dict[str, set[str]], kandidaten: list[str]) -> list[str]:
    start = kandidaten[0]
    pad = [start]
    gezien = {start}
    huidig = start
    while True:
        volgende = sorted(d for d in afhankelijk[huidig] if d in kandidaten)
        if not volgende:
            return pad
        huidig = volgende[0]
        if huidig in gezien:
            return pad[pad.index(huidig):]
        pad.append(huidig)
        gezien.add(huidig)


def compileer(geladen: Geladen, vocab: Vocabulaire | None = None,
              *, plan_controle: bool = True) -> tuple[Regelbank | None, list[Diagnostic]]:
    """Run passes 1-4 on loaded files. Returns (rule base or None on errors, diagnostics)."""
    from .gemeenten import _sleutel, _tabel

    vocab = vocab or standaard_vocabulaire()
    diags: list[Diagnostic] = list(geladen.diagnostics)
    versies = _versies(geladen, diags)
    vocab.afgeleid = {v.spec.feit for v in versies if v.spec.feit} | geladen.kapotte_feiten
    for naam in sorted(vocab.afgeleid & set(vocab.feiten)):
        for v in versies:
            if v.spec.feit == naam:
                diags.append(v.diag(("feit",), "RR302",
                                    f"afgeleid feit '{naam}' heeft dezelfde naam als een veld of kenmerk "
                                    "van het casusprofiel"))
    regel_ids = {v.id for v in versies} | geladen.kapotte_ids
    open_termen: dict[str, OpenTermDecl] = {}
    gemeente_codes: set[str] = set()
    codes = _tabel()[0]
    for gb in geladen.bestanden:
        if gb.bestand.gemeente is not None:
            code = gb.bestand.gemeente.code
            gemeente_codes.add(code)
            if codes and code not in codes:
                diags.append(gb.bron.diag(("gemeente", "code"), "RR315",
                                          f"onbekende gemeentecode '{code}'; gebruik de CBS-code van een "
                                          "bestaande gemeente"))
            elif codes and _sleutel(gb.bestand.gemeente.naam) != _sleutel(codes[code]):
                diags.append(gb.bron.diag(("gemeente", "naam"), "RR315",
                                          f"'{gb.bestand.gemeente.naam}' is niet de naam van {code} "
                                          f"(dat is {codes[code]})"))
            if gb.bestand.open_termen:
                diags.append(gb.bron.diag(("open_termen",), "RR315",
                                          "open termen worden landelijk gedeclareerd, niet in een gemeentebestand"))
        for i, term in zip(gb.open_term_indexen, gb.bestand.open_termen, strict=True):
            pad: Pad = ("open_termen", i)
            if term.id in open_termen or term.id in regel_ids:
                diags.append(gb.bron.diag((*pad, "id"), "RR302", f"dubbele id '{term.id}'"))
                continue
            grondslag = tuple(_vul_grondslag(g, gb.bestand) for g in term.grondslag)
            open_termen[term.id] = OpenTermDecl(term, gb.bron, pad, grondslag)
    vertaler = _Vertaler(vocab, regel_ids, set(open_termen) | geladen.kapotte_ids, diags)
    for decl in open_termen.values():
        if decl.spec.standaard is not None:
            decl.standaard = vertaler.vertaal(decl.spec.standaard, decl.bron, (*decl.pad, "standaard"))
    for v in versies:
        if v.spec.als is not None:
            v.als = vertaler.vertaal(v.spec.als, v.bron, (*v.pad, "als"))
    _samenhang(versies, open_termen, gemeente_codes, diags, frozenset(geladen.kapotte_ids))
    dekking = geladen.dekking
    if dekking is None:
        if geladen.dekking_bron is not None:
            pass  # schema errors already reported
        return None, diags
    bank = Regelbank(str(geladen.map), versies, open_termen, dekking, geladen.hash)
    fouten_tot_nu = any(d.ernst is Ernst.fout for d in diags)
    if not fouten_tot_nu:
        gezien: set[tuple[str, int, int, str]] = set()
        for start in bank.grenzen:
            _, einde = bank.epoch(start)
            programma, pdiags = bouw_programma(bank, start, einde)
            if plan_controle and not pdiags:
                from .backends.plan import controleer_plan
                pdiags = controleer_plan(programma, bank)
            for d in pdiags:
                sleutel = (d.pad, d.regel, d.kolom, d.code)
                if sleutel not in gezien:
                    gezien.add(sleutel)
                    diags.append(d)
            if not pdiags:
                bank._cache[start] = programma
    bank.waarschuwingen = [d for d in diags if d.ernst is Ernst.waarschuwing]
    if any(d.ernst is Ernst.fout for d in diags):
        return None, diags
    return bank, diags


def alle_refs(versies: Iterable[RegelVersie]) -> set[str]:
    uit: set[str] = set()
    for v in versies:
        uit.update(ir.refs(v.als))
    return uit
