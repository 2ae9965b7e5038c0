"""Pass 1, resolve: loaded rule files -> rule versions and open-term declarations.

Fills in what a rule inherits from its file (wet, bwb, geldig_vanaf, grondslag, gemeente)
and the law registry (a law's name from its BWB id and back), turns a rule's dated versions
into one complete rule per period (compiler/versions.py), declares the open terms and the
derived facts, so that later passes see each rule version on its own.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from .. import ir, spec
from ..diagnostics import Diagnostic
from ..load import Geladen, GeladenBestand
from ..source import Bron, YamlPath
from ..spec import Grondslag
from ..vocabulary import Vocabulaire
from ..wetten import wet_bij_bwb, wet_bij_naam
from .versions import dated_rules

__all__ = ["OpenTermDecl", "RuleSet", "RuleVersion", "resolve"]

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
class RuleVersion:
    """One rule version with file defaults resolved; ``als`` is filled in by translation."""

    spec: spec.Regel
    source: Bron
    path: YamlPath  # where the rule is inside its file
    vanaf: dt.date
    tot: dt.date | None  # inclusive, like geldig_tot
    grondslag: tuple[Grondslag, ...]
    gemeente: str | None
    als: ir.Expr = ir.TRUE
    #: field -> the entry it is written in, where that is not ``path`` (a dated version
    #: inherits fields from the rule and earlier versions; see compiler/versions.py)
    origins: dict[str, YamlPath] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def tonen(self) -> str:
        return self.spec.tonen or STANDAARD_TONEN[self.spec.soort]

    @property
    def line(self) -> int:
        """The line of the rule in its file."""
        return self.source.pos(self.path).line

    @property
    def where(self) -> str:
        """``file:line`` of the rule, for messages that point at another version."""
        return f"{self.source.file}:{self.line}"

    def holds_on(self, datum: dt.date) -> bool:
        return self.vanaf <= datum and (self.tot is None or datum <= self.tot)

    def overlaps(self, other: RuleVersion) -> bool:
        """Whether the two validity periods share a day."""
        return self.vanaf <= (other.tot or dt.date.max) and other.vanaf <= (self.tot or dt.date.max)

    def at(self, name: str) -> YamlPath:
        """Where field ``name`` of this version is written."""
        return (*self.origins.get(name, self.path), name)

    @property
    def end_field(self) -> str:
        """The key the last day is written under: 'geldig_tot_en_met', or the old 'geldig_tot'."""
        return "geldig_tot" if (*self.path, "geldig_tot") in self.source.posities else "geldig_tot_en_met"

    def diag(self, sub: YamlPath, code: str, bericht: str, **kw: Any) -> Diagnostic:
        """A diagnostic at ``sub`` inside this rule (in the entry its first field is written in)."""
        where = (*self.at(str(sub[0])), *sub[1:]) if sub else self.path
        return self.source.diag(where, code, bericht, **kw)

    # Aliases of the names before the rename.
    @property
    def bron(self) -> Bron:
        return self.source

    @property
    def pad(self) -> YamlPath:
        return self.path

    def geldt_op(self, datum: dt.date) -> bool:
        return self.holds_on(datum)


@dataclass
class OpenTermDecl:
    """A declared open term; ``standaard`` (its national default) is filled in by translation."""

    spec: spec.OpenTerm
    source: Bron
    path: YamlPath
    grondslag: tuple[Grondslag, ...]
    standaard: ir.Expr = ir.UNKNOWN

    @property
    def bron(self) -> Bron:
        """Alias of :attr:`source` (the name before the rename)."""
        return self.source

    @property
    def pad(self) -> YamlPath:
        """Alias of :attr:`path` (the name before the rename)."""
        return self.path


@dataclass
class RuleSet:
    """The output of resolution: every rule version and open term, before translation."""

    files: list[GeladenBestand]
    vocab: Vocabulaire  # with the derived facts declared
    versions: list[RuleVersion] = field(default_factory=list)
    open_terms: dict[str, OpenTermDecl] = field(default_factory=dict)
    #: ids a reference may name: valid rules, and rules that failed validation (already reported)
    rule_ids: set[str] = field(default_factory=set)
    #: open terms a reference may name (again including those that failed validation)
    open_term_ids: set[str] = field(default_factory=set)
    #: fact names that rules which failed validation read or define: a derived fact one of
    #: them may read is not reported as unread (RR340)
    read_by_broken: set[str] = field(default_factory=set)

    @cached_property
    def by_id(self) -> dict[str, list[RuleVersion]]:
        """The versions of each rule id, in file order (built once, after resolution)."""
        out: dict[str, list[RuleVersion]] = defaultdict(list)
        for v in self.versions:
            out[v.id].append(v)
        return dict(out)

    def soort(self, rule_id: str) -> spec.Soort:
        """The soort of a rule (of its first version; the ids check reports disagreement)."""
        return self.by_id[rule_id][0].spec.soort


def resolve(loaded: Geladen, vocab: Vocabulaire, diags: list[Diagnostic]) -> RuleSet:
    """Resolve every rule and open term of ``loaded``; declare the derived facts in ``vocab``."""
    rules = RuleSet(loaded.bestanden, vocab)
    for file in loaded.bestanden:
        rules.versions.extend(_versions(file, diags))
    vocab.afgeleid = {v.spec.feit for v in rules.versions if v.spec.feit} | loaded.kapotte_feiten
    rules.rule_ids = {v.id for v in rules.versions} | loaded.kapotte_ids
    rules.read_by_broken = loaded.kapotte_feiten | loaded.kapot_gelezen
    for file in loaded.bestanden:
        _declare_open_terms(file, rules, diags)
    rules.open_term_ids = set(rules.open_terms) | loaded.kapotte_ids
    return rules


def fill_grondslag(g: Grondslag, bestand: spec.RegelBestand) -> Grondslag:
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


def _default_grondslag(bestand: spec.RegelBestand) -> list[Grondslag]:
    if not bestand.grondslag and bestand.bron:
        # A municipal file's source (CVDR, Gemeenteblad) is the basis of its rules.
        return [Grondslag(bron=bestand.bron)]
    return bestand.grondslag


def _versions(file: GeladenBestand, diags: list[Diagnostic]) -> list[RuleVersion]:
    bestand = file.bestand
    gemeente = bestand.gemeente.code if bestand.gemeente else None
    out: list[RuleVersion] = []
    for i, regel in zip(file.indexen, bestand.regels, strict=True):
        path: YamlPath = ("regels", i)
        vanaf = regel.geldig_vanaf or bestand.geldig_vanaf
        if vanaf is None:
            diags.append(file.bron.diag(path, "RR202",
                                        f"regel '{regel.id}' heeft geen geldig_vanaf (ook niet op bestandsniveau)"))
            vanaf = dt.date.min
        for d in dated_rules(regel, file.bron, path, vanaf, diags):
            grondslag = tuple(fill_grondslag(g, bestand) for g in (d.spec.grondslag or _default_grondslag(bestand)))
            out.append(RuleVersion(d.spec, file.bron, d.path, d.vanaf or vanaf, d.tot, grondslag, gemeente,
                                   origins=d.origins))
    return out


def _declare_open_terms(file: GeladenBestand, rules: RuleSet, diags: list[Diagnostic]) -> None:
    for i, term in zip(file.open_term_indexen, file.bestand.open_termen, strict=True):
        path: YamlPath = ("open_termen", i)
        if term.id in rules.open_terms or term.id in rules.rule_ids:
            diags.append(file.bron.diag((*path, "id"), "RR302", f"dubbele id '{term.id}'"))
            continue
        grondslag = tuple(fill_grondslag(g, file.bestand) for g in term.grondslag)
        rules.open_terms[term.id] = OpenTermDecl(term, file.bron, path, grondslag)


# Aliases of the names before the rename.
RegelVersie = RuleVersion
