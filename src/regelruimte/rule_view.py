"""How a rule reads on a date: its versions, what each changes, and the whole rule then.

For ``regelruimte check --regel ID --op DATUM``. Works on the compiled rule base, so it shows a rule
exactly as the engine applies it: a rule written with ``versies:`` and one written as whole
copies read the same, and each field says in which entry of which file it is written.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml

from . import spec
from .compiler import RuleBase, RuleVersion
from .diagnostics import suggestie
from .source import YamlPath

__all__ = ["changed_fields", "describe", "versions_of"]

_DATUM = re.compile(r"\d{4}-\d{2}-\d{2}")
#: fields that describe a version's period, not what the rule says
_PERIODE = ("geldig_vanaf", "geldig_tot_en_met", "geldig_tot", "versies")


def versions_of(bank: RuleBase, rule_id: str) -> list[RuleVersion]:
    """Every version of a rule, in order of its first day."""
    return sorted((v for v in bank.versions if v.id == rule_id), key=lambda v: v.vanaf)


def changed_fields(before: spec.Regel, after: spec.Regel) -> list[str]:
    """The fields whose value differs between two versions, in the order of the rule language."""
    return [naam for naam in spec.Regel.model_fields
            if naam not in _PERIODE and getattr(before, naam) != getattr(after, naam)]


def describe(bank: RuleBase, rule_id: str, datum: dt.date) -> str:
    """The versions of ``rule_id`` and, when one holds on ``datum``, the rule as it reads then.

    Raises ``KeyError`` (with a suggestion) for an unknown id."""
    versions = versions_of(bank, rule_id)
    if not versions:
        raise KeyError(f"onbekende regel '{rule_id}'" + suggestie(rule_id, {v.id for v in bank.versions}))
    current = next((v for v in versions if v.holds_on(datum)), None)
    lines = [f"{rule_id}: {_aantal(len(versions))}"]
    for i, v in enumerate(versions):
        teken = "►" if v is current else " "
        wijzigt = ""
        if i:
            velden = changed_fields(versions[i - 1].spec, v.spec)
            wijzigt = "  wijzigt: " + (", ".join(velden) if velden else "niets (alleen de periode)")
        lines.append(f"  {teken} {_periode(v):<26} {_waar(bank, v, v.path)}{wijzigt}")
    lines.append("")
    if current is None:
        lines.append(f"Op {datum} geldt geen versie van deze regel.")
    else:
        lines.append(f"Zo luidt de regel op {datum}:")
        lines.append("")
        lines.extend(_rule_text(bank, current))
    return "\n".join(lines)


def _aantal(n: int) -> str:
    return "1 versie" if n == 1 else f"{n} versies"


def _periode(v: RuleVersion) -> str:
    begin = "(altijd)" if v.vanaf == dt.date.min else str(v.vanaf)
    return f"{begin} t/m {v.tot or 'open'}"


def _waar(bank: RuleBase, v: RuleVersion, path: YamlPath) -> str:
    """``file:line`` of an entry of the version's file, relative to the rule directory."""
    try:
        file = Path(v.source.file).resolve().relative_to(Path(bank.directory).resolve()).as_posix()
    except ValueError:
        file = Path(v.source.file).name
    return f"{file}:{v.source.pos(path).line}"


def _rule_text(bank: RuleBase, v: RuleVersion) -> list[str]:
    """The rule as YAML, each run of fields headed by the entry they are written in."""
    lines: list[str] = []
    kop = None
    for naam, waarde, bron in _fields(bank, v):
        if bron != kop:
            lines.append(f"# {bron}")
            kop = bron
        tekst = yaml.dump({naam: waarde}, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=96,
                          default_flow_style=False if not isinstance(waarde, dict | list) else None)
        lines.extend(tekst.rstrip("\n").splitlines())
    return lines


class _Dumper(yaml.SafeDumper):
    """Long texts folded (``>-``), as the rule files write them."""


def _tekst(dumper: yaml.SafeDumper, waarde: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", waarde, style=">" if len(waarde) > 80 else None)


_Dumper.add_representer(str, _tekst)


def _fields(bank: RuleBase, v: RuleVersion) -> list[tuple[str, Any, str]]:
    """(field, value as written, where it comes from) for every field the version has."""
    data = _dates(v.spec.model_dump(mode="json", by_alias=True, exclude_defaults=True))
    uit: list[tuple[str, Any, str]] = []
    for naam in spec.Regel.model_fields:
        if naam in ("geldig_vanaf", "geldig_tot_en_met"):
            uit.extend(_period_field(bank, v, naam))
        elif naam == "grondslag" and not v.spec.grondslag:
            grondslag = _dates([g.model_dump(mode="json", exclude_defaults=True) for g in v.grondslag])
            uit.append((naam, grondslag, "standaard van het bestand"))
        elif naam in data and naam not in _PERIODE:
            uit.append((naam, data[naam], _entry(bank, v, v.origins.get(naam, v.path))))
    return uit


def _dates(waarde: Any) -> Any:
    """JSON-mode values with their dates back as dates, so they print unquoted as in a rule file."""
    if isinstance(waarde, dict):
        return {k: _dates(w) for k, w in waarde.items()}
    if isinstance(waarde, list):
        return [_dates(w) for w in waarde]
    if isinstance(waarde, str) and _DATUM.fullmatch(waarde):
        return dt.date.fromisoformat(waarde)
    return waarde


def _period_field(bank: RuleBase, v: RuleVersion, naam: str) -> list[tuple[str, Any, str]]:
    if naam == "geldig_vanaf":
        if v.vanaf == dt.date.min:
            return []
        eigen = (*v.path, "geldig_vanaf") in v.source.posities
        return [(naam, v.vanaf, _entry(bank, v, v.path) if eigen else "standaard van het bestand")]
    if v.tot is None:
        return []
    eigen = any((*v.path, k) in v.source.posities for k in ("geldig_tot_en_met", "geldig_tot"))
    return [(naam, v.tot, _entry(bank, v, v.path) if eigen else "de dag vóór de volgende versie")]


def _entry(bank: RuleBase, v: RuleVersion, path: YamlPath) -> str:
    """Where an entry is: the rule itself, or the version that starts on some date."""
    if "versies" not in path:
        return f"{_waar(bank, v, path)}, de regel"
    start = next((w.vanaf for w in versions_of(bank, v.id) if w.path == path and w.source is v.source), None)
    return f"{_waar(bank, v, path)}, versie vanaf {start}"
