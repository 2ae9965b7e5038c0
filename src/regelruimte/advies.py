"""The advice: the public output contract.

JSON sections ``regimes``, ``routes``, ``maatwerk``, ``signalen``, ``vragen``, ``trace`` and
``ontvangst`` (plus the extension ``beleid`` for municipal policy). Field names are a public
contract: add fields, never rename or repurpose one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import StrEnum
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "Advies",
    "Beleid",
    "GrondslagVerwijzing",
    "Item",
    "KernItem",
    "KernSignaal",
    "Maatwerk",
    "Ontvangst",
    "Regime",
    "Route",
    "Samenvatting",
    "Signaal",
    "Status",
    "ToegepastVermoeden",
    "TraceStap",
    "Vraag",
]


class Status(StrEnum):
    van_toepassing = "van_toepassing"
    niet_van_toepassing = "niet_van_toepassing"
    onbepaald = "onbepaald"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    @classmethod
    def _bouw(cls, **waarden: Any) -> Self:
        """Construct from values the engine produced itself: like ``model_construct`` (no
        validation), without its per-call bookkeeping. tests/test_contract.py checks that
        the result equals a validated model, so a pydantic change cannot slip by."""
        gevonden = _STANDAARDEN.get(cls)
        vast, makers, vereist = gevonden if gevonden is not None else _standaarden(cls)
        if not vereist <= waarden.keys():
            raise TypeError(f"{cls.__name__}: ontbrekende velden {sorted(vereist - waarden.keys())}")
        # every field in field order, as pydantic itself stores (and serialises) them
        velden = {**vast, **waarden}
        for naam, maker in makers:
            if naam not in waarden:
                velden[naam] = maker()
        obj = cls.__new__(cls)
        _zet(obj, "__dict__", velden)
        _zet(obj, "__pydantic_fields_set__", set(waarden))
        _zet(obj, "__pydantic_extra__", None)
        _zet(obj, "__pydantic_private__", None)
        return obj


_zet = object.__setattr__  # the models are frozen: set their storage directly


_Standaarden = tuple[dict[str, Any], tuple[tuple[str, Callable[[], Any]], ...], frozenset[str]]
_STANDAARDEN: dict[type[BaseModel], _Standaarden] = {}


def _standaarden(cls: type[BaseModel]) -> _Standaarden:
    """Every field in order with its plain default (None for the others), the fields whose
    default is made fresh per object, and the required fields."""
    gevonden = _STANDAARDEN.get(cls)
    if gevonden is None:
        vast: dict[str, Any] = {}
        makers: list[tuple[str, Callable[[], Any]]] = []
        for naam, info in cls.model_fields.items():
            vast[naam] = None if info.is_required() or info.default_factory else info.default
            if info.default_factory is not None:
                makers.append((naam, info.default_factory))  # type: ignore[arg-type]
        vereist = frozenset(n for n, info in cls.model_fields.items() if info.is_required())
        gevonden = _STANDAARDEN[cls] = (vast, tuple(makers), vereist)
    return gevonden


class GrondslagVerwijzing(_Model):
    """A legal basis: an article of a law, or another source."""

    wet: str | None = None
    bwb: str | None = None
    artikel: str | None = None
    lid: int | None = None
    onderdeel: str | None = None
    sub: str | None = Field(default=None, description="Sub-onderdeel (1°, 2°); uitbreiding.")
    url: str | None = None
    begrip: str | None = Field(default=None, description="Begrip in een definitieartikel; uitbreiding.")
    bron: str | None = Field(default=None, description="Niet-wettelijke bron (ECLI, Kamerstuk, CVDR); uitbreiding.")
    zekerheid: str = Field(default="V", description="V geverifieerd, S secundair, K onverifieerd; uitbreiding.")
    rol: str = Field(
        default="grondslag",
        description="grondslag (waarop het item rust), afgeleid (een afgeleid feit waarop het "
        "steunt), uitzondering (grond die het item opzij zet of kan zetten), vermoeden (basis van "
        "een vermoeden waarop de conclusie rust); uitbreiding.",
    )

    def citaat(self) -> str:
        """Short citation, e.g. 'PW 13 lid 2 onder c sub 1°' or the source."""
        if self.artikel is None:
            return self.bron or ""
        delen = [f"{self.wet or self.bwb} art. {self.artikel}"]
        if self.begrip:
            delen.append(f'"{self.begrip}"')
        if self.lid is not None:
            delen.append(f"lid {self.lid}")
        if self.onderdeel:
            delen.append(f"onder {self.onderdeel}")
        if self.sub:
            delen.append(self.sub)
        return " ".join(delen)


class Item(_Model):
    id: str
    titel: str
    status: Status
    uitleg: str
    grondslag: list[GrondslagVerwijzing]
    aard: str = Field(description="moet, moet_oordeel, kan, uitsluiting, van_rechtswege, definitie, ...")
    onzeker: bool = Field(default=False, description="Berust (mede) op niet-geverifieerde wettekst; uitbreiding.")
    onzeker_toelichting: list[str] = Field(default_factory=list, description="Waarom onzeker; uitbreiding.")
    geldig_vanaf: dt.date | None = Field(default=None, description="Uitbreiding.")
    geldig_tot: dt.date | None = Field(default=None, description="Uitbreiding.")
    vermoedens: list[str] = Field(
        default_factory=list,
        description="Ids van de vermoedens waarop de conclusie rust (zie ontvangst.vermoedens); de uitleg "
        "noemt hun voorbehoud ('Tenzij ...'); uitbreiding.")


_LABEL = "Leesbare naam van de code ernaast; uitbreiding."


class Regime(Item):
    beslisser: str | None = None
    beslisser_toelichting: str | None = Field(default=None, description="Uitbreiding.")
    beslisser_label: str | None = Field(default=None, description=_LABEL)


class Route(Item):
    financier: str
    financier_toelichting: str | None = None
    beslisser: str
    beslisser_toelichting: str | None = Field(default=None, description="Uitbreiding.")
    financier_label: str | None = Field(default=None, description=_LABEL)
    beslisser_label: str | None = Field(default=None, description=_LABEL)


class Maatwerk(Item):
    beslisser: str
    beslisser_toelichting: str | None = None
    beslisser_label: str | None = Field(default=None, description=_LABEL)


class Signaal(Item):
    wetten: list[str] = Field(default_factory=list, description="De wetten aan beide kanten.")
    overbrugging: list[str] = Field(default_factory=list, description="Ids van routes/maatwerk die het gat kunnen overbruggen.")


class Beleid(Item):
    """Municipal policy (extension section ``beleid``)."""

    gemeente: str
    verhouding_tot_wet: str = Field(description="binnenwettelijk, buitenwettelijk of tegenwettelijk.")
    vult_in: str | None = None
    beslisser: str | None = None
    beslisser_label: str | None = Field(default=None, description=_LABEL)


class Vraag(_Model):
    feit: str = Field(description="Het veld van het casusprofiel waar de vraag naar vraagt.")
    vraag: str
    beslist: list[str] = Field(description="Ids van de items die het antwoord kan beslissen.")
    vermoeden: str | None = Field(
        default=None,
        description="Id van het vermoeden dat het antwoord kan weerleggen: het feit is nu vermoed, niet "
        "gegeven, en 'beslist' noemt de items die erop rusten; deze vragen staan achteraan; uitbreiding.")


class TraceRegel(_Model):
    regel: str
    waarde: str = Field(description="waar, onwaar of onbekend")
    feiten: dict[str, object] = Field(description="Gebruikte feiten met hun waarde.")
    steunt_op: list[str] = Field(default_factory=list, description="Afgeleide feiten en regels waarop de conclusie steunt.")
    bestand: str | None = None
    vermoedens: list[str] = Field(
        default_factory=list, description="Ids van de vermoedens die een feit in 'feiten' leverden; uitbreiding.")


class TraceStap(_Model):
    """Per conclusion, the rules that decided it and the facts they used."""

    conclusie: str
    soort: str
    status: Status
    regels: list[TraceRegel]
    vermoedens: list[str] = Field(
        default_factory=list, description="Ids van de vermoedens die in deze redenering zijn gebruikt; uitbreiding.")


class ToegepastVermoeden(_Model):
    """A presumption applied in this advice: a field the profile did not give, taken to have the
    presumed value (rule language: ``vermoedens``)."""

    id: str
    titel: str
    feit: str = Field(description="Het veld van het casusprofiel dat vermoed is.")
    waarde: bool | int | str | list[str] = Field(description="De vermoede waarde.")
    tenzij: str = Field(description="Het voorbehoud bij elke conclusie die op het vermoeden rust.")
    toelichting: str = Field(description="Waarom dit wordt aangenomen.")
    grondslag: list[GrondslagVerwijzing]
    onzeker: bool = Field(default=False, description="De basis van het vermoeden is niet geverifieerd.")
    beslist: list[str] = Field(default_factory=list, description="Ids van de items waarvan de conclusie erop rust.")


class Ontvangst(_Model):
    versie: str = Field(description="Versie van regelruimte.")
    regels_hash: str = Field(description="sha256 over de regelbestanden.")
    peildatum: dt.date = Field(description="Datum waarop de situatie van de jongere is beoordeeld (leeftijden, termijnen).")
    backend: str = Field(description="durable-rules 2.0.28 of referentie.")
    epoch: str = Field(description="Periode waarin dezelfde regelversies gelden.")
    gemeente: str | None = None
    waarschuwingen: list[str] = Field(default_factory=list)
    periode_vanaf: dt.date | None = Field(default=None, description="Eerste dag van de periode (epoch); uitbreiding.")
    periode_tot: dt.date | None = Field(
        default=None, description="Laatste dag van de periode (epoch); leeg als die open is; uitbreiding.")
    gemeente_naam: str | None = Field(default=None, description="Naam van de gemeente (CBS); uitbreiding.")
    wetdatum: dt.date | None = Field(
        default=None,
        description="Datum van de toegepaste wet (regelversies en verwijzingen) als die afwijkt van de "
        "peildatum; leeg: de wet op de peildatum. Uitbreiding.")
    streng: bool = Field(
        default=False, description="true: zonder vermoedens geëvalueerd (het driewaardige antwoord); uitbreiding.")
    vermoedens: list[ToegepastVermoeden] = Field(
        default_factory=list, description="Elk vermoeden dat in dit advies is toegepast; uitbreiding.")


class KernItem(_Model):
    """One line of the core: a conclusion with who decides and who pays, by label."""

    id: str
    titel: str
    status: Status
    beslisser_label: str | None = None
    financier_label: str | None = None
    grondslag: str | None = Field(default=None, description="Korte verwijzing naar het eerste artikel.")
    url: str | None = Field(default=None, description="Link naar dat artikel, geldend op de peildatum.")
    onzeker: bool = False
    vermoedens: list[str] = Field(
        default_factory=list, description="Ids van de vermoedens waarop de conclusie rust (zie ontvangst.vermoedens).")


class KernSignaal(_Model):
    """A signal in the core: what to do now, who acts, and the routes that bridge the gap."""

    id: str
    titel: str
    actie: str | None = Field(default=None, description="Wat nu te doen, uit de uitleg van het signaal.")
    wie: list[str] = Field(default_factory=list, description="Wie handelt: de genoemde instantie en de beslissers van de overbruggingen.")
    overbrugging: list[KernItem] = Field(default_factory=list, description="Routes en maatwerk die het gat kunnen overbruggen en (mogelijk) gelden.")
    grondslag: str | None = None
    url: str | None = None
    onzeker: bool = False
    vermoedens: list[str] = Field(
        default_factory=list, description="Ids van de vermoedens waarop het signaal rust (zie ontvangst.vermoedens).")


class Samenvatting(_Model):
    """The answer first: what applies, what to do, who pays, who decides, and what to ask next."""

    regimes: list[KernItem] = Field(description="Regimes die van toepassing zijn.")
    signalen: list[KernSignaal] = Field(description="Signalen die van toepassing zijn, met wat te doen.")
    routes: list[KernItem] = Field(description="Routes die van toepassing zijn, met wie betaalt.")
    maatwerk: list[KernItem] = Field(description="Maatwerk dat van toepassing is, met wie beslist.")
    beleid: list[KernItem] = Field(default_factory=list, description="Gemeentelijk beleid dat van toepassing is.")
    vragen: list[Vraag] = Field(description="De (hoogstens) drie vragen die het meest beslissen.")
    nog_open: dict[str, int] = Field(description="Per sectie het aantal onderdelen dat nog onbepaald is.")


class Advies(_Model):
    samenvatting: Samenvatting | None = Field(default=None, description="De kern van het advies, eerst; uitbreiding.")
    regimes: list[Regime]
    routes: list[Route]
    maatwerk: list[Maatwerk]
    signalen: list[Signaal]
    vragen: list[Vraag]
    trace: list[TraceStap]
    ontvangst: Ontvangst
    beleid: list[Beleid] = Field(default_factory=list, description="Gemeentelijk beleid; uitbreiding.")

    def item(self, item_id: str) -> Item | None:
        for sectie in (self.regimes, self.routes, self.maatwerk, self.signalen, self.beleid):
            for item in sectie:
                if item.id == item_id:
                    return item
        return None
