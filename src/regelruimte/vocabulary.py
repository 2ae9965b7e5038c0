"""The facts a condition may test, with their types.

Three sources:

* **profile fields** of :class:`~regelruimte.profile.CaseProfile` (types read from the model);
* **computed kenmerken**: ages and date measures that need the peildatum, computed in
  :mod:`regelruimte.encode` (durable-rules has no date arithmetic);
* **derived facts**, concluded by rules with ``soort: feit`` (always yes/no).

A date field ``d`` also offers measures ``d.jaren_geleden``, ``d.maanden_geleden``,
``d.kalendermaanden_geleden``, ``d.weken_geleden``, ``d.dagen_geleden`` (whole units
from ``d`` to the peildatum) and ``d.leeftijd_op`` (the person's age on ``d``).
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Literal

from pydantic import BaseModel

from .profile import CaseProfile, Jeugdhulp

__all__ = ["DATUM_MATEN", "FeitType", "Vocabulaire", "standaard_vocabulaire"]

Soort = Literal["bool", "int", "enum", "date", "set", "records"]

#: date measure name -> property code in the encoded fact
DATUM_MATEN: dict[str, str] = {
    "jaren_geleden": "j",
    "maanden_geleden": "m",
    "kalendermaanden_geleden": "km",
    "weken_geleden": "w",
    "dagen_geleden": "d",
    "leeftijd_op": "l",
}


@dataclass(frozen=True)
class FeitType:
    naam: str
    soort: Soort
    waarden: tuple[str, ...] = ()
    omschrijving: str = ""
    #: profile fields to ask for when this fact is unknown
    bronvelden: tuple[str, ...] = ()
    item_velden: dict[str, FeitType] = field(default_factory=dict, compare=False, hash=False)


def _kaal(annotatie: Any) -> Any:
    """Strip Optional / Annotated from a type annotation."""
    origin = typing.get_origin(annotatie)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotatie) if a is not type(None)]
        return _kaal(args[0]) if len(args) == 1 else annotatie
    if origin is typing.Annotated:
        return _kaal(typing.get_args(annotatie)[0])
    return annotatie


def _feittype(naam: str, annotatie: Any, omschrijving: str, bron: tuple[str, ...]) -> FeitType | None:
    t = _kaal(annotatie)
    if t is bool:
        return FeitType(naam, "bool", omschrijving=omschrijving, bronvelden=bron)
    if t is int:
        return FeitType(naam, "int", omschrijving=omschrijving, bronvelden=bron)
    if t is dt.date:
        return FeitType(naam, "date", omschrijving=omschrijving, bronvelden=bron)
    if isinstance(t, type) and issubclass(t, Enum):
        return FeitType(naam, "enum", tuple(str(e.value) for e in t), omschrijving, bron)
    if typing.get_origin(t) is list:
        (item,) = typing.get_args(t)
        item = _kaal(item)
        if isinstance(item, type) and issubclass(item, Enum):
            return FeitType(naam, "set", tuple(str(e.value) for e in item), omschrijving, bron)
        if isinstance(item, type) and issubclass(item, BaseModel):
            velden = _model_velden(item, bron)
            return FeitType(naam, "records", omschrijving=omschrijving, bronvelden=bron,
                            item_velden=velden)
    if t is str:
        return None  # free text (gemeente) is matched by municipal files, not by conditions
    raise TypeError(f"{naam}: type {annotatie!r} wordt niet ondersteund in condities")


def _model_velden(model: type[BaseModel], bron: tuple[str, ...]) -> dict[str, FeitType]:
    uit: dict[str, FeitType] = {}
    for naam, info in model.model_fields.items():
        ft = _feittype(naam, info.annotation, info.description or "", bron)
        if ft is not None:
            uit[naam] = ft
    if model is Jeugdhulp:
        uit["lopend"] = FeitType(
            "lopend", "bool",
            omschrijving="De hulp loopt op de peildatum (gestart en niet beëindigd, of weer hervat).",
            bronvelden=bron,
        )
        uit["hervat_binnen_half_jaar"] = FeitType(
            "hervat_binnen_half_jaar", "bool",
            omschrijving="De beëindigde hulp is binnen een half jaar (6 kalendermaanden) na het "
                         "einde hervat; alleen bekend als hervat_op is ingevuld.",
            bronvelden=bron,
        )
    return uit


#: computed kenmerken: name -> (type, description, source fields)
BEREKEND: dict[str, tuple[Soort, str, tuple[str, ...]]] = {
    "leeftijd": ("int", "Leeftijd in jaren op de peildatum (uit geboortedatum of leeftijd).",
                 ("geboortedatum", "leeftijd")),
    "leeftijd_einde_vorig_schooljaar": (
        "int",
        "Leeftijd op 31 juli vóór het lopende schooljaar (schooljaar: 1 augustus - 31 juli).",
        ("geboortedatum",),
    ),
    "leeftijd_einde_vorig_kwartaal": (
        "int", "Leeftijd op de laatste dag van het vorige kalenderkwartaal.", ("geboortedatum",),
    ),
    # Wsf 2000 art. 2.3 lid 1 (text of 2026-08-01): from the first day of the quarter after
    # the 18th birthday, or of a quarter that begins on it
    "leeftijd_begin_kwartaal": (
        "int", "Leeftijd op de eerste dag van het lopende kalenderkwartaal.", ("geboortedatum",),
    ),
    # tells a birthday from the days after it: something that must have happened at an age
    # (an offence at 18, then a judgment) cannot be complete on that birthday itself
    "leeftijd_gisteren": (
        "int", "Leeftijd op de dag vóór de peildatum.", ("geboortedatum",),
    ),
    # PW 41 lid 4 onder a counts to the application; the melding is the earliest moment the
    # young person could apply (lid 12), so the year runs to the melding when one is known.
    "onderwijs_verlaten_jaren_voor_melding": (
        "int",
        "Hele jaren van onderwijs_verlaten_op tot melding_bijstand_op (zonder melding: tot de "
        "peildatum).",
        ("onderwijs_verlaten_op",),
    ),
    "partner_onderwijs_verlaten_jaren_voor_melding": (
        "int",
        "Hele jaren van partner_onderwijs_verlaten_op tot melding_bijstand_op (zonder melding: "
        "tot de peildatum).",
        ("partner_onderwijs_verlaten_op",),
    ),
}


@dataclass
class Vocabulaire:
    """All facts by name, plus derived facts added while checking the rule base."""

    feiten: dict[str, FeitType]
    afgeleid: set[str] = field(default_factory=set)

    def zoek(self, pad: str, items: dict[str, FeitType] | None = None) -> FeitType | None:
        """Resolve ``naam`` or ``datum.maat``; within a list element use ``items``."""
        bereik = items if items is not None else self.feiten
        basis, _, maat = pad.partition(".")
        ft = bereik.get(basis)
        if ft is None:
            if items is None and basis in self.afgeleid and not maat:
                return FeitType(basis, "bool", omschrijving="afgeleid feit")
            return None
        if not maat:
            return ft
        if ft.soort != "date" or maat not in DATUM_MATEN:
            return None
        return FeitType(pad, "int", omschrijving=f"{maat} van {basis}", bronvelden=ft.bronvelden)

    def namen(self, items: dict[str, FeitType] | None = None) -> list[str]:
        bereik = items if items is not None else self.feiten
        namen = list(bereik)
        for naam, ft in bereik.items():
            if ft.soort == "date":
                namen.extend(f"{naam}.{maat}" for maat in DATUM_MATEN)
        if items is None:
            namen.extend(sorted(self.afgeleid))
        return namen


def standaard_vocabulaire() -> Vocabulaire:
    feiten: dict[str, FeitType] = {}
    for naam, info in CaseProfile.model_fields.items():
        if naam == "peildatum":
            continue
        ft = _feittype(naam, info.annotation, info.description or "", (naam,))
        if ft is not None:
            feiten[naam] = ft
    for naam, (soort, omschrijving, bron) in BEREKEND.items():
        feiten[naam] = FeitType(naam, soort, omschrijving=omschrijving, bronvelden=bron)
    return Vocabulaire(feiten)
