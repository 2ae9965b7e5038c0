"""The caseworker's form: which fields to show, in the caseworker's words, and how to read
what was typed (Dutch dates, names of municipalities, ja/nee) into a case profile.

Stateless: every known fact travels in the form itself, so the server keeps nothing between
two posts. No logic of law: the fields to ask come from the advice's questions.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..profile import CaseProfile, Jeugdhulp, JeugdhulpVorm
from ..vraagvolgorde import veldtype
from ..woorden import WAARDE, datum_nl, waarde_label

__all__ = ["BASIS", "Instellingen", "Veld", "instellingen", "lees_datum", "lees_formulier", "lees_instellingen",
           "velden"]

#: What the caseworker fills in first: the facts that matter for nearly every case.
BASIS = ("peildatum", "geboortedatum", "gemeente", "onderwijs", "hoogste_diploma")

_LABELS = {
    "peildatum": "Op welke datum beoordeelt u de situatie (peildatum)?",
    "geboortedatum": "Wat is de geboortedatum van de jongere?",
    "gemeente": "In welke gemeente woont de jongere?",
}
_HINTS = {
    "peildatum": "Bijvoorbeeld 16-08-2021. Leeg: vandaag.",
    "gemeente": "De naam zoals u hem zegt (Den Bosch, 's-Hertogenbosch) of de CBS-code (GM0796).",
    "jeugdhulp": "Eén periode per regel; laat de einddatum leeg als de hulp nog loopt.",
}
_WETDATUM_LABEL = "Volgens de wet van welke datum (wetdatum)?"
_WETDATUM_HINT = ("Leeg: de wet op de peildatum. Met een andere datum blijft de jongere zoals op de peildatum "
                  "(leeftijd, termijnen), maar geldt de wet van die datum, bijvoorbeeld 01-01-2027.")
_GEEN = "__geen__"
_JEUGDHULP_RIJEN = 3
_DATUM = re.compile(r"^\s*(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")


@dataclass
class Veld:
    """One form field, ready for the template."""

    naam: str
    label: str
    soort: str  # datum, ja_nee, keuze, meer, getal, tekst, jeugdhulp
    hint: str | None = None
    waarde: str = ""  # as typed / shown
    gekozen: list[str] = field(default_factory=list)  # keuze, meer, ja_nee
    opties: list[tuple[str, str]] = field(default_factory=list)
    fout: str | None = None
    rijen: list[dict[str, str]] = field(default_factory=list)  # jeugdhulp


def lees_datum(tekst: str) -> dt.date:
    """A date as the caseworker types it: 10-03-2005, 10/3/2005, 10.03.2005 or 2005-03-10."""
    if gevonden := _DATUM.match(tekst):
        dag, maand, jaar = (int(g) for g in gevonden.groups())
    elif gevonden := _ISO.match(tekst):
        jaar, maand, dag = (int(g) for g in gevonden.groups())
    else:
        raise ValueError("geen datum; schrijf dag-maand-jaar, bijvoorbeeld 10-03-2005")
    try:
        return dt.date(jaar, maand, dag)
    except ValueError:
        raise ValueError(f"deze datum bestaat niet ({dag:02d}-{maand:02d}-{jaar})") from None


def _soort(naam: str) -> str:
    if naam == "jeugdhulp":
        return "jeugdhulp"
    tp, lijst = veldtype(naam)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return "meer" if lijst else "keuze"
    return {bool: "ja_nee", dt.date: "datum", int: "getal"}.get(tp, "tekst")


def _label(naam: str) -> str:
    if naam in _LABELS:
        return _LABELS[naam]
    extra = CaseProfile.model_fields[naam].json_schema_extra
    vraag = extra.get("vraag") if isinstance(extra, dict) else None
    return vraag if isinstance(vraag, str) else naam.replace("_", " ").capitalize()


def _opties(naam: str) -> list[tuple[str, str]]:
    tp, _ = veldtype(naam)
    return [(w.value, waarde_label(naam, w.value)) for w in tp]


def _toon(naam: str, waarde: Any) -> str:
    if waarde is None:
        return ""
    if isinstance(waarde, dt.date):
        return datum_nl(waarde)
    return str(getattr(waarde, "value", waarde))


def velden(namen: Iterable[str], gegevens: Mapping[str, Any], ruw: Mapping[str, Sequence[str]],
           fouten: Mapping[str, str]) -> list[Veld]:
    """Fields for ``namen``: a known value from ``gegevens``, else what was typed (``ruw``)."""
    uit: list[Veld] = []
    for naam in namen:
        soort = _soort(naam)
        v = Veld(naam=naam, label=_label(naam), soort=soort, hint=_HINTS.get(naam), fout=fouten.get(naam))
        waarde = gegevens.get(naam)
        if soort == "jeugdhulp":
            v.rijen = _jeugdhulp_rijen(waarde, ruw)
            v.gekozen = [_GEEN] if waarde == [] else []
            v.opties = [(w.value, waarde_label("jeugdhulp.vorm", w.value)) for w in JeugdhulpVorm]
        elif soort in ("keuze", "meer"):
            v.opties = _opties(naam)
            if soort == "meer":
                v.gekozen = ([_GEEN] if waarde == [] else [_toon(naam, w) for w in waarde]) if waarde is not None \
                    else list(ruw.get(naam, []))
            else:
                v.gekozen = [_toon(naam, waarde)] if waarde is not None else list(ruw.get(naam, [])[:1])
        elif soort == "ja_nee":
            v.gekozen = ["ja" if waarde else "nee"] if waarde is not None else list(ruw.get(naam, [])[:1])
        else:
            v.waarde = _toon(naam, waarde) if waarde is not None else (ruw.get(naam) or [""])[0]
        uit.append(v)
    return uit


def _jeugdhulp_rijen(waarde: Any, ruw: Mapping[str, Sequence[str]]) -> list[dict[str, str]]:
    rijen: list[dict[str, str]] = []
    for periode in waarde or []:
        p = periode if isinstance(periode, Jeugdhulp) else Jeugdhulp.model_validate(periode)
        rijen.append({"vorm": p.vorm.value, "gestart_op": _toon("", p.gestart_op),
                      "beeindigd_op": _toon("", p.beeindigd_op)})
    if not waarde:
        for i in range(_JEUGDHULP_RIJEN):
            rij = {k: (ruw.get(f"jeugdhulp-{i}-{k}") or [""])[0] for k in ("vorm", "gestart_op", "beeindigd_op")}
            if any(rij.values()):
                rijen.append(rij)
    rijen.append({"vorm": "", "gestart_op": "", "beeindigd_op": ""})  # room for one more
    return rijen[:_JEUGDHULP_RIJEN]


def lees_formulier(formulier: Mapping[str, Sequence[str]]) -> tuple[dict[str, Any], dict[str, str]]:
    """The profile data in a posted form, and the fields that could not be read (field → reason).
    An empty field is unknown, never false."""
    gegevens: dict[str, Any] = {}
    fouten: dict[str, str] = {}
    for naam in CaseProfile.model_fields:
        soort = _soort(naam)
        waarden = [w for w in formulier.get(naam, []) if w.strip()]
        try:
            if soort == "jeugdhulp":
                periodes = _lees_jeugdhulp(formulier)
                if periodes or _GEEN in formulier.get("jeugdhulp", []):
                    gegevens[naam] = periodes
            elif not waarden:
                continue
            elif soort == "meer":
                gegevens[naam] = [] if _GEEN in waarden else waarden
            elif soort == "ja_nee":
                gegevens[naam] = {"ja": True, "nee": False}[waarden[0]]
            elif soort == "datum":
                gegevens[naam] = lees_datum(waarden[0])
            elif soort == "getal":
                gegevens[naam] = int(waarden[0])
            else:
                gegevens[naam] = waarden[0].strip()
        except (ValueError, KeyError) as fout:
            fouten[naam] = str(fout) if isinstance(fout, ValueError) and soort in ("datum", "jeugdhulp") \
                else "geen geldige waarde"
    return gegevens, fouten


def _lees_jeugdhulp(formulier: Mapping[str, Sequence[str]]) -> list[dict[str, Any]]:
    periodes: list[dict[str, Any]] = []
    for i in range(_JEUGDHULP_RIJEN):
        vorm = (formulier.get(f"jeugdhulp-{i}-vorm") or [""])[0].strip()
        if not vorm:
            continue
        periode: dict[str, Any] = {"vorm": vorm}
        for sleutel in ("gestart_op", "beeindigd_op"):
            tekst = (formulier.get(f"jeugdhulp-{i}-{sleutel}") or [""])[0]
            if tekst.strip():
                periode[sleutel] = lees_datum(tekst)
        periodes.append(periode)
    return periodes


_ = WAARDE  # the value labels the template shows come from woorden.WAARDE through waarde_label


@dataclass(frozen=True)
class Instellingen:
    """How to evaluate, besides the facts: the law's date and whether presumptions apply."""

    wetdatum: dt.date | None = None
    streng: bool = False


def lees_instellingen(formulier: Mapping[str, Sequence[str]]) -> tuple[Instellingen, dict[str, str]]:
    """``wetdatum`` and ``streng`` from a posted form (they are not facts of the profile)."""
    from ..limits import MAX_PEILDATUM

    fouten: dict[str, str] = {}
    wetdatum: dt.date | None = None
    tekst = (formulier.get("wetdatum") or [""])[0]
    if tekst.strip():
        try:
            wetdatum = lees_datum(tekst)
            if wetdatum > MAX_PEILDATUM:
                raise ValueError(f"ligt na {datum_nl(MAX_PEILDATUM)}, de uiterste datum")
        except ValueError as fout:
            fouten["wetdatum"], wetdatum = str(fout), None
    return Instellingen(wetdatum, "ja" in formulier.get("streng", [])), fouten


def instellingen(waarden: Instellingen, ruw: Mapping[str, Sequence[str]], fouten: Mapping[str, str]) -> list[Veld]:
    """The fields for the settings, as the template shows them."""
    wet = Veld(naam="wetdatum", label=_WETDATUM_LABEL, soort="datum", hint=_WETDATUM_HINT, fout=fouten.get("wetdatum"),
               waarde=datum_nl(waarden.wetdatum) if waarden.wetdatum else (ruw.get("wetdatum") or [""])[0])
    streng = Veld(naam="streng", label="Zonder vermoedens (streng): wat u niet invult, blijft onbekend",
                  soort="vinkje", gekozen=["ja"] if waarden.streng else [])
    return [wet, streng]
