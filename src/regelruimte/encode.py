"""Encode a case profile as flat facts, evaluated against a peildatum.

Both backends consume exactly these facts. Ages and date measures are computed here
because durable-rules has no date arithmetic; what is unknown is simply absent (a field
not given, or a measure that needs the birth date when only the age is known).

Fact shapes (``k`` is the kind):

* ``{"k": "f", "n": <field>, "v": <value>, <measure>: <int>...}`` — a profile field or kenmerk;
  a list of choices (vrijstellingen, wensen) has one yes/no property per choice;
  a list of records (jeugdhulp) has ``v`` = the number of elements;
* ``{"k": "i", "l": <list>, <field>: ..., <field>__<measure>: ...}`` — one list element;
* ``{"k": "s"}`` — the start fact, so that unconditional rules can fire.

Element facts come first: durable-rules decides a negated pattern when its positive
partner arrives, so the elements must already be there (see ``backends/plan.py``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .profile import CaseProfile, leeftijd_op
from .vocabulary import DATUM_MATEN, FeitType, Vocabulaire

__all__ = ["Feiten", "codeer", "datummaten", "veldfeit"]

Feit = dict[str, Any]


@dataclass
class Feiten:
    """The encoded facts of one case on one peildatum."""

    peildatum: dt.date
    lijst: list[Feit] = field(default_factory=list)  # in assert order (elements first)
    per_naam: dict[str, Feit] = field(default_factory=dict)
    elementen: dict[str, list[Feit]] = field(default_factory=dict)
    #: presumed facts (not given in the profile) -> the id of the presumption that supplied them
    vermoed: dict[str, str] = field(default_factory=dict)


# Date arithmetic works on (year, month, day) tuples, compared as tuples: a year past 9999
# (an end date of 9999-12-31 plus six months) is simply later than every date, never an
# OverflowError or ValueError from datetime.
Dag = tuple[int, int, int]


def _dag(datum: dt.date) -> Dag:
    return (datum.year, datum.month, datum.day)


def _schrikkeljaar(jaar: int) -> bool:
    return jaar % 4 == 0 and (jaar % 100 != 0 or jaar % 400 == 0)


def _plus_jaren(datum: dt.date, jaren: int) -> Dag:
    if (datum.month, datum.day) == (2, 29) and not _schrikkeljaar(datum.year + jaren):
        return (datum.year + jaren, 3, 1)  # 29 February in a non-leap year
    return (datum.year + jaren, datum.month, datum.day)


def _plus_maanden(datum: dt.date, maanden: int) -> Dag:
    totaal = datum.year * 12 + (datum.month - 1) + maanden
    jaar, maand = divmod(totaal, 12)
    lengte = [31, 29 if _schrikkeljaar(jaar) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][maand]
    return (jaar, maand + 1, min(datum.day, lengte))


def _maanden(van: dt.date, tot: dt.date) -> int:
    """Whole months from ``van`` to ``tot``: the largest k with van + k months <= tot."""
    k = (tot.year - van.year) * 12 + (tot.month - van.month)
    while _plus_maanden(van, k) > _dag(tot):
        k -= 1
    while _plus_maanden(van, k + 1) <= _dag(tot):
        k += 1
    return k


def _jaren(van: dt.date, tot: dt.date) -> int:
    """Whole years from ``van`` to ``tot``: the largest k with van + k years <= tot."""
    k = tot.year - van.year
    while _plus_jaren(van, k) > _dag(tot):
        k -= 1
    while _plus_jaren(van, k + 1) <= _dag(tot):
        k += 1
    return k


def datummaten(datum: dt.date, peildatum: dt.date, geboren: dt.date | None) -> dict[str, int]:
    """The measures of ``datum`` at ``peildatum`` by property code (see DATUM_MATEN)."""
    dagen = (peildatum - datum).days
    maten = {
        "j": _jaren(datum, peildatum),
        "m": _maanden(datum, peildatum),
        "km": (peildatum.year - datum.year) * 12 + (peildatum.month - datum.month),
        "w": dagen // 7,
        "d": dagen,
    }
    if geboren is not None:
        maten["l"] = leeftijd_op(geboren, datum)
    return maten


# The two dates below are only asked for a peildatum in the rule base's coverage (from 2015,
# Engine.evaluate checks it first), so they never reach year 0.
def _einde_vorig_schooljaar(peildatum: dt.date) -> dt.date:
    jaar = peildatum.year if peildatum >= dt.date(peildatum.year, 8, 1) else peildatum.year - 1
    return dt.date(jaar, 7, 31)


def _einde_vorig_kwartaal(peildatum: dt.date) -> dt.date:
    begin = dt.date(peildatum.year, 3 * ((peildatum.month - 1) // 3) + 1, 1)
    return begin - dt.timedelta(days=1)


def _waarde(waarde: Any) -> Any:
    return waarde.value if hasattr(waarde, "value") else waarde


def veldfeit(naam: str, ft: FeitType, waarde: Any) -> Feit:
    """The fact of one yes/no, number, choice or list-of-choices field: a list of choices has
    one yes/no property per choice, the others their value under ``v``."""
    if ft.soort == "set":
        gekozen = {_waarde(w) for w in waarde}
        return {"k": "f", "n": naam, **{w: w in gekozen for w in ft.waarden}}
    return {"k": "f", "n": naam, "v": _waarde(waarde)}


#: ages computed here from the birth date (or given), not read from a profile field
_LEEFTIJDEN = ("leeftijd", "leeftijd_einde_vorig_schooljaar", "leeftijd_einde_vorig_kwartaal",
               "leeftijd_begin_kwartaal", "leeftijd_gisteren")


@dataclass
class _Opbouw:
    """The facts of one case while they are encoded: scalars and elements kept apart,
    because the elements are asserted first."""

    feiten: Feiten
    scalair: list[Feit] = field(default_factory=list)
    elementen: list[Feit] = field(default_factory=list)

    def voeg_toe(self, naam: str, waarde: Any, **extra: Any) -> None:
        self.voeg_feit_toe(naam, {"k": "f", "n": naam, "v": waarde, **extra})

    def voeg_feit_toe(self, naam: str, feit: Feit) -> None:
        self.scalair.append(feit)
        self.feiten.per_naam[naam] = feit


def codeer(profiel: CaseProfile, peildatum: dt.date, vocab: Vocabulaire) -> Feiten:
    """Encode ``profiel`` on ``peildatum``. Pure: same input, same facts, same order."""
    opbouw = _Opbouw(Feiten(peildatum))
    for naam, ft in vocab.feiten.items():
        if naam not in _LEEFTIJDEN:
            _veld(opbouw, naam, ft, getattr(profiel, naam, None), profiel.geboortedatum)
    _leeftijden(opbouw, profiel)
    tot_melding = profiel.melding_bijstand_op or peildatum
    for naam, verlaten in (("onderwijs_verlaten_jaren_voor_melding", profiel.onderwijs_verlaten_op),
                           ("partner_onderwijs_verlaten_jaren_voor_melding",
                            profiel.partner_onderwijs_verlaten_op)):
        if verlaten is not None:
            opbouw.voeg_toe(naam, _jaren(verlaten, tot_melding))
    if profiel.gemeente is not None:
        opbouw.voeg_toe("gemeente", profiel.gemeente)
    start: Feit = {"k": "s"}
    opbouw.feiten.lijst = [*opbouw.elementen, *opbouw.scalair, start]
    return opbouw.feiten


def _veld(opbouw: _Opbouw, naam: str, ft: FeitType, waarde: Any, geboren: dt.date | None) -> None:
    """One profile field as its fact (or, for a list of records, its elements and their count)."""
    if waarde is None:
        return
    peildatum = opbouw.feiten.peildatum
    if ft.soort == "date":
        opbouw.voeg_toe(naam, waarde.isoformat(), **datummaten(waarde, peildatum, geboren))
    elif ft.soort == "set":
        opbouw.voeg_feit_toe(naam, veldfeit(naam, ft, waarde))
    elif ft.soort == "records":
        items = [_element(naam, element, peildatum, geboren) for element in waarde]
        opbouw.elementen.extend(items)
        opbouw.feiten.elementen[naam] = items
        opbouw.voeg_toe(naam, len(items))
    else:
        opbouw.voeg_toe(naam, _waarde(waarde))


def _leeftijden(opbouw: _Opbouw, profiel: CaseProfile) -> None:
    """The age on the peildatum and on the dates the laws count from."""
    peildatum = opbouw.feiten.peildatum
    geboren = profiel.geboortedatum
    leeftijd = leeftijd_op(geboren, peildatum) if geboren else profiel.leeftijd
    if leeftijd is not None:
        opbouw.voeg_toe("leeftijd", leeftijd)
    if geboren is None:
        return
    opbouw.voeg_toe("leeftijd_einde_vorig_schooljaar", leeftijd_op(geboren, _einde_vorig_schooljaar(peildatum)))
    opbouw.voeg_toe("leeftijd_einde_vorig_kwartaal", leeftijd_op(geboren, _einde_vorig_kwartaal(peildatum)))
    opbouw.voeg_toe("leeftijd_begin_kwartaal",
                    max(0, leeftijd_op(geboren, _einde_vorig_kwartaal(peildatum) + dt.timedelta(days=1))))
    # born on the peildatum: no age yesterday; 0 keeps the fact an age
    opbouw.voeg_toe("leeftijd_gisteren", max(0, leeftijd_op(geboren, peildatum - dt.timedelta(days=1))))


def _element(lijst: str, element: Any, peildatum: dt.date, geboren: dt.date | None) -> Feit:
    feit: Feit = {"k": "i", "l": lijst}
    for naam, waarde in element:
        if waarde is None:
            continue
        if isinstance(waarde, dt.date):
            feit[naam] = waarde.isoformat()
            for code, maat in datummaten(waarde, peildatum, geboren).items():
                feit[f"{naam}__{code}"] = maat
        else:
            feit[naam] = _waarde(waarde)
    gestart = getattr(element, "gestart_op", None)
    einde = getattr(element, "beeindigd_op", None)
    hervat = getattr(element, "hervat_op", None)
    if hasattr(element, "beeindigd_op"):
        # Listed help without an end date still runs; one not yet started does not;
        # ended help runs again from the day it is resumed.
        feit["lopend"] = (gestart is None or gestart <= peildatum) and (
            einde is None or einde > peildatum or (hervat is not None and hervat <= peildatum)
        )
    if hervat is not None and einde is not None:
        # as beeindigd_op.maanden_geleden < 6: the anniversary itself is too late
        feit["hervat_binnen_half_jaar"] = _dag(hervat) < _plus_maanden(einde, 6)
    return feit


assert set(DATUM_MATEN.values()) == {"j", "m", "km", "w", "d", "l"}
