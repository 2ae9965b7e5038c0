"""Dated versions of one rule: a rule with ``versies`` -> one complete rule per period.

Part of the resolve pass. A version names its first day and only the fields that change on
it; every other field it takes from the version before it (the rule itself for the first),
the way an amending law changes the text then in force. A version holds until the day
before the next one starts, unless it names its own last day (``geldig_tot_en_met``): so a
gap between two versions is there only when it is written. What a rule *is* (``id``,
``soort``, ``feit``) cannot change (RR330), and versions come in order of their first day
(RR331). The old spelling ``geldig_tot`` is read as ``geldig_tot_en_met``, with a warning
(RR332).

The output is one complete :class:`spec.Regel` per period, exactly as if the rule had been
written as copies, plus where each of its fields is written, so later passes point at the
version that says it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from .. import spec
from ..diagnostics import Diagnostic
from ..source import Bron, YamlPath

__all__ = ["DatedRule", "dated_rules", "old_end_spelling"]

EEN_DAG = dt.timedelta(days=1)
_HINT = ("Een versie neemt elk veld dat ze niet noemt over van de versie ervoor; vul aan wat ontbreekt "
         "(docs/rule-language.md beschrijft welke velden bij elkaar horen).")


@dataclass(frozen=True)
class DatedRule:
    """One period of a rule: the complete rule as it reads then, and where it is written."""

    spec: spec.Regel
    path: YamlPath  # the version's entry, or the rule itself for the first period
    vanaf: dt.date | None  # None: the rule's own start (from the rule or its file)
    tot: dt.date | None  # inclusive; None: open
    #: field -> the entry (rule or version) it is written in, where that is not ``path``
    origins: dict[str, YamlPath] = field(default_factory=dict)


@dataclass
class _Period:
    """A period while it is being built: what the rule says then, and where."""

    versie: spec.RegelVersie | None  # None: the rule itself
    path: YamlPath
    start: dt.date | None
    fields: dict[str, Any]
    origins: dict[str, YamlPath]

    @property
    def own_end(self) -> dt.date | None:
        return self.versie.geldig_tot_en_met or self.versie.geldig_tot if self.versie else None


def dated_rules(regel: spec.Regel, source: Bron, path: YamlPath, start: dt.date | None,
                diags: list[Diagnostic]) -> list[DatedRule]:
    """The periods of one rule: itself alone, or itself followed by each valid version.
    ``start`` is the rule's first day with the file's default applied (None: none given)."""
    diags.extend(old_end_spelling(regel, source, path))
    for k, versie in enumerate(regel.versies):
        diags.extend(old_end_spelling(versie, source, (*path, "versies", k)))
    if not regel.versies:
        return [DatedRule(regel, path, start, regel.einde)]
    fields = {naam: getattr(regel, naam) for naam in regel.model_fields_set
              if naam not in spec.PERIODE_VELDEN and naam != "versies"}
    origins: dict[str, YamlPath] = {naam: path for naam in spec.Regel.model_fields}
    periods = [_Period(None, path, start, dict(fields), {})]
    for k, versie in enumerate(regel.versies):
        vpath: YamlPath = (*path, "versies", k)
        vorige = regel.versies[k - 1].geldig_vanaf if k else start
        problems = [*_fixed_fields(versie, source, vpath), *_out_of_order(versie, vorige, k, source, vpath)]
        diags.extend(problems)
        if problems:
            continue  # reported; the next version builds on the last good one
        for naam, waarde in versie.wijzigingen().items():
            if waarde is None:
                fields.pop(naam, None)  # an explicit null: back to the field's default
            else:
                fields[naam] = waarde
            origins[naam] = vpath
        own = dict.fromkeys(spec.PERIODE_VELDEN, vpath)
        periods.append(_Period(versie, vpath, versie.geldig_vanaf, dict(fields), {**origins, **own}))
    return list(_complete(regel, periods, source, diags))


def _complete(regel: spec.Regel, periods: list[_Period], source: Bron,
              diags: list[Diagnostic]) -> Iterator[DatedRule]:
    """Each period as a complete, validated rule; it ends where it says, else the day before
    the next starts."""
    reported: set[str] = set()  # a mistake later versions inherit is reported where it starts
    for i, period in enumerate(periods):
        einde = regel.einde if period.versie is None else period.own_end
        volgende = periods[i + 1].start if i + 1 < len(periods) else None
        if einde is None and volgende is not None:
            einde = volgende - EEN_DAG
        vanaf = regel.geldig_vanaf if period.versie is None else period.start
        try:
            merged = spec.Regel.model_validate({**period.fields, "geldig_vanaf": vanaf, "geldig_tot_en_met": einde})
        except ValidationError as fout:
            for err in fout.errors():
                reden = str(err.get("ctx", {}).get("error", err["msg"]))
                if reden not in reported:
                    reported.add(reden)
                    diags.append(source.diag((*period.path, *err["loc"]), "RR203",
                                             f"de regel zoals hij vanaf {period.start} luidt: {reden}", _HINT))
            continue
        yield DatedRule(merged, period.path, period.start, einde, period.origins)


def _fixed_fields(versie: spec.RegelVersie, source: Bron, vpath: YamlPath) -> Iterator[Diagnostic]:
    """A version changes what a rule says, not what it is (RR330)."""
    for naam in sorted(spec.VASTE_VELDEN & versie.model_fields_set):
        reden = ("een versie heeft geen eigen versies; zet ze als volgende versie in dezelfde lijst"
                 if naam == "versies" else
                 f"'{naam}' kan niet per versie veranderen: het zegt wat de regel is, niet wat hij zegt")
        yield source.diag((*vpath, naam), "RR330", reden, sleutel=True)


def _out_of_order(versie: spec.RegelVersie, vorige: dt.date | None, k: int, source: Bron,
                  vpath: YamlPath) -> Iterator[Diagnostic]:
    """Each version starts after the one written before it (RR331)."""
    if vorige is not None and versie.geldig_vanaf <= vorige:
        wie = "de versie ervoor" if k else "de regel zelf"
        yield source.diag((*vpath, "geldig_vanaf"), "RR331",
                          f"versie begint op {versie.geldig_vanaf}, niet na {wie} ({vorige})")


def old_end_spelling(entry: spec.Regel | spec.RegelVersie | spec.Vermoeden, source: Bron,
                     path: YamlPath) -> Iterator[Diagnostic]:
    """'geldig_tot' reads like a condition's exclusive 'tot' but is inclusive (RR332, a warning).
    For a rule, a version or a presumption: each has the same last day."""
    if entry.geldig_tot is not None:
        yield source.diag((*path, "geldig_tot"), "RR332",
                          f"'geldig_tot' is de oude spelling: schrijf 'geldig_tot_en_met: {entry.geldig_tot}'",
                          sleutel=True)
