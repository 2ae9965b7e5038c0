"""YAML scenario tests that live beside the rules they test (``*.test.yaml``).

Format::

    scenarios:
      - naam: 17-jarige zonder school en zonder startkwalificatie
        peildatum: 2025-06-01
        profiel: {geboortedatum: 2008-03-01, onderwijs: geen, hoogste_diploma: vmbo}
        verwacht:                      # advice items by id: status, or 'afwezig'
          lpw.kwalificatieplicht: van_toepassing
        regels:                        # optional: any rule's outcome (also derived facts)
          lpw.startkwalificatie: onwaar
        vragen: [vso_uitstroomprofiel] # optional: fields that must be asked
        niet_vragen: [geboortedatum]   # optional: fields that must not be asked at all
        vragen_voor:                   # optional: per item, fields asked to decide it
          lpw.kwalificatieplicht: [vorig_onderwijs]
        niet_vragen_voor:              # optional: per item, fields not asked for it
          lpw.kwalificatieplicht: [geboortedatum]
        onzeker: [lpw.kwalificatieplicht]  # optional: advice items marked onzeker
        vermoedens: [jw.jeugdige.2.niet_berecht]   # optional: exactly these presumptions applied
        vermoedens_voor:               # optional: items whose conclusion rests on these
          jw.jeugdwet: [jw.jeugdige.2.niet_berecht]
        streng: false                  # optional: true runs without presumptions
      - naam: vóór de dekking
        peildatum: 2010-01-01
        profiel: {leeftijd: 17}
        fout: BuitenDekking            # expect this error instead of an advice

They run under pytest (the ``regelruimte`` plugin collects them, on both backends) and with
``regelruimte test``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .advies import Advies
from .engine import BuitenDekking, Engine
from .limits import SCENARIOBESTAND
from .profile import ProfielFout, laad_profiel
from .source import lees_yaml

__all__ = ["Scenario", "ScenarioBestand", "ScenarioFout", "lees_scenarios", "regelmap_voor", "voer_uit"]

StatusOfAfwezig = Literal["van_toepassing", "niet_van_toepassing", "onbepaald", "afwezig"]


class Scenario(BaseModel):
    model_config = ConfigDict(extra="forbid")

    naam: str
    peildatum: dt.date
    profiel: dict[str, Any]
    verwacht: dict[str, StatusOfAfwezig] = Field(default_factory=dict)
    regels: dict[str, Literal["waar", "onwaar", "onbekend"]] = Field(default_factory=dict)
    vragen: list[str] = Field(default_factory=list)
    niet_vragen: list[str] = Field(default_factory=list)
    vragen_voor: dict[str, list[str]] = Field(
        default_factory=dict, description="Per item: velden waarnaar gevraagd moet worden om het te beslissen.")
    niet_vragen_voor: dict[str, list[str]] = Field(
        default_factory=dict, description="Per item: velden waarnaar niet voor dat item gevraagd mag worden.")
    onzeker: list[str] = Field(default_factory=list)
    streng: bool = Field(
        default=False, description="true: zonder vermoedens (het driewaardige antwoord); standaard met, zoals "
        "een klantmanager het ziet.")
    vermoedens: list[str] | None = Field(
        default=None, description="Precies deze vermoedens zijn toegepast (ontvangst.vermoedens); [] = geen.")
    vermoedens_voor: dict[str, list[str]] = Field(
        default_factory=dict, description="Per item: vermoedens waarop de conclusie rust.")
    fout: Literal["BuitenDekking", "ProfielFout"] | None = None
    notitie: str | None = None


class ScenarioBestand(BaseModel):
    model_config = ConfigDict(extra="forbid")

    scenarios: list[Scenario] = Field(min_length=1)


class ScenarioFout(AssertionError):
    """A scenario did not give what it expects; the message lists every difference."""


@dataclass
class GeladenScenario:
    scenario: Scenario
    pad: Path
    line: int  # where the scenario starts in its file

    @property
    def regel(self) -> int:
        """Alias of :attr:`line` (the name before the rename; 'regel' also meant a rule)."""
        return self.line


def lees_scenarios(pad: Path) -> list[GeladenScenario]:
    """Read a scenario file (within ``limits.SCENARIOBESTAND``); ScenarioFout lists every problem."""
    bron, fouten = lees_yaml(pad, grenzen=SCENARIOBESTAND)
    if bron is None or fouten:
        raise ScenarioFout("\n".join(f.kop() for f in sorted(fouten)) or f"{pad}: onleesbaar")
    if not isinstance(bron.data, dict):
        raise ScenarioFout(bron.diag((), "RR103", "het bestand is leeg of geen mapping met 'scenarios:'").kop())
    try:
        bestand = ScenarioBestand.model_validate(bron.data)
    except ValidationError as fout:
        from .load import schema_diagnostics

        velden = [*ScenarioBestand.model_fields, *Scenario.model_fields]
        raise ScenarioFout("\n".join(d.kop() for d in sorted(schema_diagnostics(bron, fout, velden)))) from None
    return [GeladenScenario(s, pad, bron.pos(("scenarios", i)).line)
            for i, s in enumerate(bestand.scenarios)]


def regelmap_voor(pad: Path) -> Path:
    """The rule directory a scenario file belongs to: the nearest parent with dekking.yaml."""
    for ouder in pad.resolve().parents:
        if (ouder / "dekking.yaml").is_file():
            return ouder
    raise ScenarioFout(f"{pad}: geen regelmap (met dekking.yaml) boven dit bestand")


def _status_van(advies: Advies, item_id: str) -> str:
    item = advies.item(item_id)
    return "afwezig" if item is None else item.status.value


def _onbekende_namen(engine: Engine, scenario: Scenario) -> list[str]:
    """Ids and field names the scenario mentions that do not exist: a typo would otherwise
    pass silently (an unknown item is simply 'afwezig')."""
    from .diagnostics import suggestie
    from .profile import CaseProfile
    from .spec import Soort

    ids = {v.id for v in engine.bank.versions}
    items = {v.id for v in engine.bank.versions
             if v.spec.soort not in (Soort.feit, Soort.uitzondering)}
    velden = set(CaseProfile.model_fields)
    fouten: list[str] = [f"'{i}' is geen adviesitem (soort feit of uitzondering); zet het onder 'regels:'"
                         for i in scenario.verwacht if i in ids and i not in items]
    for item_id in [*scenario.verwacht, *scenario.regels, *scenario.onzeker,
                    *scenario.vragen_voor, *scenario.niet_vragen_voor, *scenario.vermoedens_voor]:
        if item_id not in ids:
            fouten.append(f"onbekende regel of item '{item_id}'" + suggestie(item_id, ids))
    vermoedens = {v.id for v in engine.bank.vermoedens}
    for vermoeden_id in [*(scenario.vermoedens or []), *(i for ids in scenario.vermoedens_voor.values() for i in ids)]:
        if vermoeden_id not in vermoedens:
            fouten.append(f"onbekend vermoeden '{vermoeden_id}'" + suggestie(vermoeden_id, vermoedens))
    for veld in [*scenario.vragen, *scenario.niet_vragen,
                 *(v for vs in scenario.vragen_voor.values() for v in vs),
                 *(v for vs in scenario.niet_vragen_voor.values() for v in vs)]:
        if veld not in velden:
            fouten.append(f"'{veld}' is geen veld van het casusprofiel" + suggestie(veld, velden))
    return fouten


def voer_uit(engine: Engine, scenario: Scenario, *, streng: bool | None = None) -> list[str]:
    """Run one scenario; return the differences (empty = passed). ``streng`` overrides the
    scenario's own setting (``regelruimte test --streng``)."""
    verschillen: list[str] = _onbekende_namen(engine, scenario)
    if verschillen:
        return verschillen
    vermoedens = not (scenario.streng if streng is None else streng)
    try:
        profiel = laad_profiel(scenario.profiel)
        advies = engine.evaluate(profiel, scenario.peildatum, alles=True, vermoedens=vermoedens)
    except BuitenDekking as fout:
        return [] if scenario.fout == "BuitenDekking" else [f"onverwacht BuitenDekking: {fout}"]
    except ProfielFout as fout:
        return [] if scenario.fout == "ProfielFout" else [f"onverwacht ProfielFout: {fout}"]
    if scenario.fout:
        return [f"verwachtte {scenario.fout}, maar kreeg een advies"]
    verschillen.extend(_statussen(advies, scenario))
    if scenario.regels:
        uitkomsten = engine.regeluitkomsten(profiel, scenario.peildatum, vermoedens=vermoedens)
        verschillen.extend(_regeluitkomsten(uitkomsten, scenario))
    verschillen.extend(_vragen(advies, scenario))
    verschillen.extend(_vragen_per_item(advies, scenario))
    verschillen.extend(_onzeker(advies, scenario))
    verschillen.extend(_vermoedens(advies, scenario))
    return verschillen


def _statussen(advies: Advies, scenario: Scenario) -> Iterator[str]:
    for item_id, verwacht in scenario.verwacht.items():
        gekregen = _status_van(advies, item_id)
        if gekregen != verwacht:
            item = advies.item(item_id)
            uitleg = f" ({item.uitleg})" if item else ""
            yield f"{item_id}: verwacht {verwacht}, kreeg {gekregen}{uitleg}"


def _regeluitkomsten(uitkomsten: dict[str, bool | None], scenario: Scenario) -> Iterator[str]:
    for regel_id, verwacht in scenario.regels.items():
        if regel_id not in uitkomsten:
            yield f"regel {regel_id}: geldt niet op {scenario.peildatum}"
            continue
        uitkomst = {True: "waar", False: "onwaar", None: "onbekend"}[uitkomsten[regel_id]]
        if uitkomst != verwacht:
            yield f"regel {regel_id}: verwacht {verwacht}, kreeg {uitkomst}"


def _vragen(advies: Advies, scenario: Scenario) -> Iterator[str]:
    gevraagd = {v.feit for v in advies.vragen}
    for veld in scenario.vragen:
        if veld not in gevraagd:
            yield f"vraag naar '{veld}' ontbreekt (gevraagd: {sorted(gevraagd)})"
    for veld in scenario.niet_vragen:
        if veld in gevraagd:
            yield f"vraag naar '{veld}' had niet gesteld mogen worden"


def _vragen_per_item(advies: Advies, scenario: Scenario) -> Iterator[str]:
    beslist_door: dict[str, set[str]] = {}
    for v in advies.vragen:
        for item_id in v.beslist:
            beslist_door.setdefault(item_id, set()).add(v.feit)
    for item_id, velden in scenario.vragen_voor.items():
        gevraagd = beslist_door.get(item_id, set())
        for veld in velden:
            if veld not in gevraagd:
                yield f"{item_id}: vraag naar '{veld}' ontbreekt (gevraagd: {sorted(gevraagd)})"
    for item_id, velden in scenario.niet_vragen_voor.items():
        for veld in velden:
            if veld in beslist_door.get(item_id, set()):
                yield f"{item_id}: vraag naar '{veld}' had niet gesteld mogen worden"


def _onzeker(advies: Advies, scenario: Scenario) -> Iterator[str]:
    for item_id in scenario.onzeker:
        item = advies.item(item_id)
        if item is None or not item.onzeker:
            yield f"{item_id}: verwachtte de markering onzeker"


def _vermoedens(advies: Advies, scenario: Scenario) -> Iterator[str]:
    toegepast = sorted(v.id for v in advies.ontvangst.vermoedens)
    if scenario.vermoedens is not None and toegepast != sorted(scenario.vermoedens):
        yield f"vermoedens: verwacht {sorted(scenario.vermoedens)}, toegepast {toegepast}"
    for item_id, ids in scenario.vermoedens_voor.items():
        item = advies.item(item_id)
        gekregen = item.vermoedens if item else []
        for vermoeden_id in ids:
            if vermoeden_id not in gekregen:
                yield f"{item_id}: rust niet op vermoeden '{vermoeden_id}' (wel op: {gekregen})"
