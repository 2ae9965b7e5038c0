"""The advice: the public output contract.

JSON sections ``regimes``, ``routes``, ``maatwerk``, ``signalen``, ``vragen``, ``trace`` and
``ontvangst`` (plus the extension ``beleid`` for municipal policy). Field names are a public
contract: add fields, never rename or repurpose one.
"""

from __future__ import annotations

import datetime as dt
import json
import weakref
from collections.abc import Callable, Iterable
from enum import StrEnum
from functools import cache
from typing import Any, Self, get_origin

from pydantic import BaseModel, ConfigDict, Field
from pydantic_core import to_json

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
        _zet(obj, "__pydantic_fields_set__", _gezet(tuple(waarden)))
        _zet(obj, "__pydantic_extra__", None)
        _zet(obj, "__pydantic_private__", None)
        return obj


    def _met(self, **waarden: Any) -> Self:
        """A copy with ``waarden`` replaced, as ``model_copy(update=...)`` without its
        per-call bookkeeping (values the engine produced itself)."""
        obj = type(self).__new__(type(self))
        _zet(obj, "__dict__", {**self.__dict__, **waarden})
        gezet = self.__pydantic_fields_set__
        _zet(obj, "__pydantic_fields_set__", gezet if gezet >= waarden.keys() else gezet | waarden.keys())
        _zet(obj, "__pydantic_extra__", None)
        _zet(obj, "__pydantic_private__", None)
        return obj


_zet = object.__setattr__  # the models are frozen: set their storage directly

#: The sets of fields given, one per combination: the engine builds many models with the same
#: fields, and a set per model costs more memory than the rest of a small one. Shared safely:
#: the models are frozen, and pydantic copies the set before it adds to it (model_copy).
_GEZET: dict[tuple[str, ...], set[str]] = {}


def _gezet(namen: tuple[str, ...]) -> set[str]:
    gevonden = _GEZET.get(namen)
    if gevonden is None:
        gevonden = set(namen)
        if len(_GEZET) < 1024:  # the engine's combinations are few; others get their own
            _GEZET[namen] = gevonden
    return gevonden


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

    def json_bytes(self) -> bytes:
        """``model_dump_json()`` as UTF-8 bytes: what an HTTP response sends. Items and trace
        steps that many advice objects share (see ``deel``) are serialised once and spliced in."""
        if not _GEDEELD:
            return type(self).__pydantic_serializer__.to_json(self)
        delen = []
        for naam in type(self).model_fields:
            waarde = self.__dict__[naam]
            delen.append(_SLEUTELS[naam] + (_json_lijst(waarde) if naam in _LIJSTEN else _json(waarde)))
        return b"{" + b",".join(delen) + b"}"

    def item(self, item_id: str) -> Item | None:
        for sectie in (self.regimes, self.routes, self.maatwerk, self.signalen, self.beleid):
            for item in sectie:
                if item.id == item_id:
                    return item
        return None


#: Parts that many advice objects share (the explanation builds an item, a trace step or a
#: question once for every case that gives the same one), by identity: a weak reference to
#: the part, its JSON once asked for, and what else is derived from it. An entry goes when its part
#: does (the explanation's bounded caches own the parts), so an id is never another part's.
_GEDEELD: dict[int, _Gedeeld] = {}


class _Gedeeld(weakref.ref["_Model"]):
    """A weak reference to a shared part, with its id, its JSON once asked for, and what
    else is derived from it."""

    __slots__ = ("afgeleid", "json", "sleutel")

    def __init__(self, obj: _Model, terug: Callable[[_Gedeeld], Any]) -> None:
        super().__init__(obj, terug)  # type: ignore[call-arg]  # ref takes them in __new__ too
        self.sleutel = id(obj)
        self.json: bytes | None = None
        self.afgeleid: dict[str, Any] | None = None


def _vergeet(ref: _Gedeeld) -> None:
    """A shared part is gone: so is its entry (before its id can be another part's)."""
    if _GEDEELD.get(ref.sleutel) is ref:
        del _GEDEELD[ref.sleutel]


def deel(obj: _Model) -> None:
    """Mark ``obj`` as shared by many advice objects: its lists and dicts can no longer change (a
    change would show in every advice that shares it), and ``Advies.json_bytes`` serialises
    it once."""
    bevries(obj)
    _GEDEELD[id(obj)] = _Gedeeld(obj, _vergeet)


def afgeleid(obj: Any) -> dict[str, Any] | None:
    """Where to keep what is derived from ``obj`` when many advice objects share it, else None."""
    gevonden = _GEDEELD.get(id(obj))
    if gevonden is None or gevonden() is not obj:
        return None
    if gevonden.afgeleid is None:
        gevonden.afgeleid = {}
    return gevonden.afgeleid


def bevries(obj: _Model) -> None:
    """Make the lists and dicts in ``obj``'s fields unchangeable, before anyone has it: the
    model is frozen, but its containers are not."""
    velden = obj.__dict__
    for naam in _containers(type(obj)):
        waarde = velden[naam]
        if type(waarde) is list:
            velden[naam] = _VasteLijst(waarde)
        elif type(waarde) is dict:
            velden[naam] = _VasteDict(waarde)


@cache
def _containers(cls: type[BaseModel]) -> tuple[str, ...]:
    """The fields of ``cls`` that hold a list or a dict."""
    return tuple(naam for naam, info in cls.model_fields.items()
                 if get_origin(info.annotation) in (list, dict))


_GEDEELD_TEKST = ("Dit deel van een advies delen meerdere adviezen en verandert niet: "
                  "maak een kopie (list(...), dict(...) of model_copy(update=...)).")


def _weiger(self: Any, *args: Any, **kwargs: Any) -> Any:
    raise TypeError(_GEDEELD_TEKST)


class _VasteLijst(list[Any]):
    """A list that many advice objects share: reading as a list, changing refused. Pickled and
    copied as a plain list."""

    __slots__ = ()
    append = extend = insert = remove = pop = clear = sort = reverse = _weiger
    __setitem__ = __delitem__ = __iadd__ = __imul__ = _weiger

    def __reduce_ex__(self, protocol: Any) -> tuple[Any, ...]:
        return (list, (list(self),))


class _VasteDict(dict[str, Any]):
    """A dict that many advice objects share: reading as a dict, changing refused. Pickled and
    copied as a plain dict."""

    __slots__ = ()
    __setitem__ = __delitem__ = __ior__ = clear = pop = popitem = setdefault = update = _weiger

    def __reduce_ex__(self, protocol: Any) -> tuple[Any, ...]:
        return (dict, (dict(self),))


def _json(obj: Any) -> bytes:
    """The JSON of one part, as pydantic writes it inside the advice."""
    if isinstance(obj, BaseModel):
        return type(obj).__pydantic_serializer__.to_json(obj)
    return to_json(obj)


def _json_lijst(lijst: Iterable[Any]) -> bytes:
    delen: list[bytes] = []
    zoek = _GEDEELD.get
    for obj in lijst:
        serializer = type(obj).__pydantic_serializer__
        gedeeld = zoek(id(obj))
        if gedeeld is not None and obj is gedeeld():
            tekst = gedeeld.json
            if tekst is None:
                tekst = gedeeld.json = serializer.to_json(obj)
        else:
            tekst = serializer.to_json(obj)
        delen.append(tekst)
    return b"[" + b",".join(delen) + b"]"


_LIJSTEN = frozenset({"regimes", "routes", "maatwerk", "signalen", "vragen", "trace", "beleid"})
_SLEUTELS = {naam: json.dumps(naam).encode() + b":" for naam in Advies.model_fields}
