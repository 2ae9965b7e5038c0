"""The rule language: pydantic models of a rule file (``rules/**/*.yaml``).

These models are the single source of truth for the format: the loader validates with
them (``extra="forbid"`` everywhere, so a misspelled field is an error, not a silent
default) and ``schema/regelbestand.schema.json`` is generated from them.

A rule file holds rules (``regels``) and optionally declarations of open terms
(``open_termen``); a municipal file (``gemeente:``) holds municipal policy rules that may
fill a national open term. Conditions are a small tree: ``alle`` / ``een_van`` / ``niet``
over atoms ``feit`` (a profile field, a computed kenmerk or a derived fact, with one
comparison), ``regel`` (the outcome of another rule), ``er_is`` (some element of a list
such as ``jeugdhulp``) and ``open_term``.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Strict,
    StrictInt,
    Tag,
    field_validator,
    model_validator,
)
from pydantic.json_schema import SkipJsonSchema

__all__ = [
    "AanTeTonen",
    "Aard",
    "Beslisser",
    "Conditie",
    "Dekking",
    "DekkingMelding",
    "Financier",
    "GemeenteRef",
    "Grondslag",
    "OpenTerm",
    "Regel",
    "RegelBestand",
    "RegelVersie",
    "Soort",
    "Verhouding",
    "Vermoeden",
    "Zekerheid",
]

ID_PATROON = r"^[a-z0-9][a-z0-9_.\-]*$"
StrictDate = Annotated[dt.date, Strict()]
FEIT_PATROON = r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$"

Waarde = bool | int | str


class _Strikt(BaseModel):
    # defer_build: the validator of the rule language is built on the first rule file read, so
    # a command whose compiled rules come from the cache (regelruimte.regelcache) never pays for it
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)


class Soort(StrEnum):
    """What a rule concludes; determines the advice section it lands in."""

    feit = "feit"  # a derived fact other rules use (no advice item of its own)
    regime = "regime"  # a law or regime that applies
    route = "route"  # a funding or support route, with who pays
    maatwerk = "maatwerk"  # room for maatwerk: a power, open norm or hardship clause
    signaal = "signaal"  # a risk of falling between two laws
    uitzondering = "uitzondering"  # an exclusion or exception that sets other rules aside
    beleid = "beleid"  # municipal policy (gemeente files only)


class Aard(StrEnum):
    moet = "moet"
    moet_oordeel = "moet_oordeel"
    kan = "kan"
    uitsluiting = "uitsluiting"
    van_rechtswege = "van_rechtswege"
    definitie = "definitie"
    afspraak = "afspraak"  # bestuurlijke afspraak, not statute
    praktijk = "praktijk"  # practice without statutory basis: a route, not a right


class Beslisser(StrEnum):
    college = "college"
    gemeenteraad = "gemeenteraad"
    uwv = "uwv"
    duo = "duo"
    leerplichtambtenaar = "leerplichtambtenaar"
    schoolleiding = "schoolleiding"
    bevoegd_gezag = "bevoegd_gezag"
    examencommissie = "examencommissie"
    inspectie = "inspectie"
    zorgverzekeraar = "zorgverzekeraar"
    ciz = "ciz"
    zorgkantoor = "zorgkantoor"
    rechter = "rechter"
    gecertificeerde_instelling = "gecertificeerde_instelling"
    sbb = "sbb"
    werkgever = "werkgever"
    niemand = "niemand"


class Financier(StrEnum):
    gemeente = "gemeente"  # own budget (gemeentefonds)
    gemeente_buig = "gemeente_buig"  # via the BUIG specifieke uitkering
    uwv = "uwv"
    duo = "duo"
    school = "school"
    doorstroompunt = "doorstroompunt"  # regional Doorstroompunt / RMC budget
    werkcentrum = "werkcentrum"  # regional Werkcentrum budget
    zorgverzekeraar = "zorgverzekeraar"
    wlz = "wlz"  # zorgkantoor (Wlz)
    werkgever = "werkgever"
    ouders = "ouders"
    geen = "geen"


class Zekerheid(StrEnum):
    V = "V"  # verified against the primary text
    S = "S"  # secondary source
    K = "K"  # unverified


class Verhouding(StrEnum):
    """How municipal policy relates to the statute (CRvB 2025:700 distinguishes these)."""

    binnenwettelijk = "binnenwettelijk"
    buitenwettelijk = "buitenwettelijk"
    tegenwettelijk = "tegenwettelijk"


class Grondslag(_Strikt):
    """The legal basis of a rule: an article (``bwb`` + ``artikel``) or another ``bron``."""

    wet: str | None = Field(default=None, description="Naam of afkorting van de wet (PW, Jw, Lpw, ...).")
    bwb: str | None = Field(default=None, pattern=r"^BWBR\d{7}$", description="BWB-id, bv. BWBR0015703.")
    artikel: str | None = Field(default=None, pattern=r"^[0-9][0-9a-z.:]*$", description="Artikel, bv. 13, 1.1, 1a:1, 7.4.6a.")
    lid: int | None = Field(default=None, ge=1, description="Lid.")
    onderdeel: str | None = Field(default=None, pattern=r"^[a-z]{1,2}$", description="Onderdeel (letter).")
    sub: str | None = Field(default=None, pattern=r"^\d{1,2}°$", description="Sub-onderdeel, bv. 1°.")
    begrip: str | None = Field(default=None, description="Begrip binnen een definitieartikel, bv. jeugdige.")
    bron: str | None = Field(
        default=None,
        description="Niet-wettelijke bron: ECLI, Kamerstuk, Stb./Stcrt., CVDR of praktijk.",
    )
    gecontroleerd_tegen: dt.date | None = Field(
        default=None, description="Versie van de wettekst waartegen dit is gecontroleerd."
    )
    zekerheid: Zekerheid = Field(default=Zekerheid.V, description="V geverifieerd, S secundair, K onverifieerd.")

    @field_validator("artikel", mode="before")
    @classmethod
    def _artikel_als_tekst(cls, waarde: Any) -> Any:
        # YAML reads `artikel: 13` as a number; an article number is text (4a, 1.1, 1a:1).
        return str(waarde) if isinstance(waarde, int) and not isinstance(waarde, bool) else waarde

    @model_validator(mode="after")
    def _artikel_of_bron(self) -> Grondslag:
        if self.artikel is None and self.bron is None:
            raise ValueError("een grondslag noemt een 'artikel' (met wet/bwb) of een 'bron'")
        if self.onderdeel is not None and self.artikel is None:
            raise ValueError("'onderdeel' zonder 'artikel'")
        if self.sub is not None and self.onderdeel is None and self.begrip is None:
            raise ValueError("'sub' hoort bij een 'onderdeel' of een 'begrip'")
        return self


# --- conditions -------------------------------------------------------------------------


class FeitTest(_Strikt):
    """A test on one fact. Without a comparison on a yes/no fact it means ``is: true``."""

    feit: str = Field(pattern=FEIT_PATROON, description="Naam van het feit (bv. leeftijd, onderwijs_verlaten_op.jaren_geleden).")
    is_: Waarde | None = Field(default=None, alias="is", description="Gelijk aan.")
    is_niet: Waarde | None = Field(default=None, description="Ongelijk aan.")
    in_: list[Waarde] | None = Field(default=None, alias="in", min_length=1, description="Een van deze waarden.")
    niet_in: list[Waarde] | None = Field(default=None, min_length=1, description="Geen van deze waarden.")
    # Strict: "18" (a string) is neither silently read as 18 nor as a Unix timestamp,
    # matching the JSON Schema; YAML gives real numbers and dates.
    vanaf: StrictInt | StrictDate | None = Field(default=None, description="Groter dan of gelijk aan (getal, of datum bij een datumveld).")
    boven: StrictInt | StrictDate | None = Field(default=None, description="Groter dan.")
    tot: StrictInt | StrictDate | None = Field(default=None, description="Kleiner dan.")
    tot_en_met: StrictInt | StrictDate | None = Field(default=None, description="Kleiner dan of gelijk aan.")
    bevat: str | None = Field(default=None, description="Lijst bevat deze waarde (vrijstellingen, wensen).")
    bevat_niet: str | None = Field(default=None, description="Lijst bevat deze waarde niet.")
    bekend: bool | None = Field(
        default=None,
        description="true: het feit is gegeven; false: het is niet gegeven. Altijd beslist, dus "
        "nooit een vraag: voor relevantie ('toon dit alleen als de klantmanager X invulde').",
    )

    def vergelijkingen(self) -> dict[str, Any]:
        """The comparisons given, by YAML name."""
        namen = {"is_": "is", "in_": "in"}
        return {
            namen.get(naam, naam): waarde
            for naam, waarde in self
            if naam != "feit" and waarde is not None
        }

    @model_validator(mode="after")
    def _vergelijking(self) -> FeitTest:
        gegeven = self.vergelijkingen()
        if "bekend" in gegeven and len(gegeven) > 1:
            raise ValueError("'bekend' staat alleen: combineer het met andere tests via 'alle'")
        gelijk = {"is", "is_niet", "in", "niet_in", "bevat", "bevat_niet"}
        if len(gegeven.keys() & gelijk) > 1 or (gegeven.keys() & gelijk and gegeven.keys() - gelijk):
            raise ValueError(
                "combineer 'is'/'is_niet'/'in'/'niet_in'/'bevat' niet met elkaar of met "
                "'vanaf'/'tot'; gebruik 'alle' voor meer tests"
            )
        return self


class RegelRef(_Strikt):
    """The outcome of another rule (after its exceptions)."""

    regel: str = Field(pattern=ID_PATROON, description="Id van de regel.")
    is_: bool = Field(default=True, alias="is", description="true: de regel geldt; false: niet.")


class OpenTermRef(_Strikt):
    """A declared open term, filled per gemeente by municipal policy."""

    open_term: str = Field(pattern=ID_PATROON, description="Id van de open term.")


class ErIsSpec(_Strikt):
    lijst: Literal["jeugdhulp"] = Field(description="De lijst in het casusprofiel.")
    waarvoor: Conditie = Field(description="Conditie op de velden van één element.")


class ErIs(_Strikt):
    """Some element of a list in the profile satisfies a condition."""

    er_is: ErIsSpec


class Alle(_Strikt):
    alle: list[Conditie] = Field(min_length=1, description="Alle condities gelden.")


class EenVan(_Strikt):
    een_van: list[Conditie] = Field(min_length=1, description="Minstens één conditie geldt.")


class Niet(_Strikt):
    niet: Conditie = Field(description="De conditie geldt niet.")


_SLEUTELS = ("alle", "een_van", "niet", "regel", "er_is", "open_term", "feit")


def _soort_conditie(waarde: Any) -> str | None:
    if isinstance(waarde, dict):
        for sleutel in _SLEUTELS:
            if sleutel in waarde:
                return sleutel
        return None
    for sleutel in _SLEUTELS:
        if getattr(waarde, sleutel, None) is not None:
            return sleutel
    return None


Conditie = Annotated[
    Annotated[Alle, Tag("alle")]
    | Annotated[EenVan, Tag("een_van")]
    | Annotated[Niet, Tag("niet")]
    | Annotated[RegelRef, Tag("regel")]
    | Annotated[ErIs, Tag("er_is")]
    | Annotated[OpenTermRef, Tag("open_term")]
    | Annotated[FeitTest, Tag("feit")],
    Discriminator(
        _soort_conditie,
        custom_error_type="conditie",
        custom_error_message="onbekende conditie; gebruik alle, een_van, niet, feit, regel, er_is of open_term",
    ),
]


# --- rules and files ---------------------------------------------------------------------


class Regel(_Strikt):
    """One rule: a legal statement with its conditions, conclusion and legal basis."""

    id: str = Field(pattern=ID_PATROON, description="Stabiel id; versies van één regel delen het id.")
    titel: str = Field(min_length=3, description="Korte titel in gewoon Nederlands.")
    soort: Soort
    feit: str | None = Field(default=None, pattern=r"^[a-z][a-z0-9_]*$", description="Bij soort feit: het afgeleide feit.")
    als: Conditie | None = Field(default=None, description="Condities; weggelaten = geldt altijd.")
    uitzondering_op: list[str] = Field(default_factory=list, description="Bij soort uitzondering: de regels die deze opzij zet.")
    grondslag: list[Grondslag] = Field(default_factory=list)
    geldig_vanaf: dt.date | None = Field(default=None, description="Eerste dag waarop de regel geldt (standaard: die van het bestand).")
    geldig_tot_en_met: dt.date | None = Field(
        default=None, description="Laatste dag waarop de regel geldt, die dag inbegrepen (leeg: nog steeds).")
    geldig_tot: dt.date | None = Field(
        default=None, json_schema_extra={"deprecated": True},
        description="Oude spelling van geldig_tot_en_met (ook de laatste dag, inbegrepen); geeft een waarschuwing.")
    aard: Aard
    beslisser: Beslisser | None = None
    beslisser_toelichting: str | None = None
    financier: Financier | None = Field(default=None, description="Bij routes: wie betaalt.")
    financier_toelichting: str | None = None
    uitleg: str = Field(min_length=10, description="Uitleg in gewoon Nederlands als de regel geldt.")
    uitleg_niet: str | None = Field(default=None, description="Uitleg als de regel niet geldt.")
    uitleg_onbepaald: str | None = Field(default=None, description="Uitleg zolang feiten ontbreken.")
    onzeker: bool = Field(default=False, description="De wettekst is niet geverifieerd; het advies zegt dat.")
    onzeker_toelichting: str | None = None
    tonen: Literal["altijd", "relevant"] | None = Field(
        default=None,
        description="altijd: ook tonen als niet van toepassing; relevant: alleen als van toepassing of onbepaald.",
    )
    wetten: list[str] = Field(default_factory=list, description="Bij signalen: de wetten aan beide kanten.")
    overbrugging: list[str] = Field(default_factory=list, description="Bij signalen: ids van routes/maatwerk die het gat overbruggen.")
    verhouding_tot_wet: Verhouding | None = Field(default=None, description="Bij gemeentebeleid.")
    vult_in: str | None = Field(default=None, description="Bij gemeentebeleid: de open term die dit beleid invult.")
    notitie: str | None = Field(default=None, description="Toelichting voor beheerders; komt niet in het advies.")
    versies: list[RegelVersie] = Field(
        default_factory=list,
        description="Latere versies van deze regel, op volgorde: elk met geldig_vanaf en alleen de velden die "
        "dan veranderen. Een versie loopt tot de volgende begint, tenzij ze zelf eerder eindigt.")

    @property
    def einde(self) -> dt.date | None:
        """The last day the rule holds, in either spelling."""
        return self.geldig_tot_en_met or self.geldig_tot

    @model_validator(mode="after")
    def _samenhang(self) -> Regel:
        if self.soort is Soort.feit and not self.feit:
            raise ValueError("een regel met soort 'feit' noemt het afgeleide feit in 'feit:'")
        if self.soort is not Soort.feit and self.feit:
            raise ValueError("'feit:' hoort alleen bij soort 'feit'")
        if self.onzeker and not self.onzeker_toelichting:
            raise ValueError("'onzeker: true' vraagt een 'onzeker_toelichting'")
        if self.soort is Soort.route and self.financier is None:
            raise ValueError("een route noemt wie betaalt ('financier')")
        if self.soort in (Soort.maatwerk, Soort.route) and self.beslisser is None:
            raise ValueError(f"een regel met soort '{self.soort}' noemt de 'beslisser'")
        if self.soort is Soort.beleid and self.verhouding_tot_wet is None:
            raise ValueError("gemeentebeleid noemt de 'verhouding_tot_wet'")
        if self.soort is not Soort.beleid and (self.verhouding_tot_wet or self.vult_in):
            raise ValueError("'verhouding_tot_wet' en 'vult_in' horen alleen bij soort 'beleid'")
        return self

    @model_validator(mode="after")
    def _een_einde(self) -> Regel:
        if self.geldig_tot is not None and self.geldig_tot_en_met is not None:
            raise ValueError("schrijf alleen 'geldig_tot_en_met' ('geldig_tot' is de oude spelling ervan)")
        return self


class RegelVersie(_Strikt):
    """A later version of a rule: its first day and only the fields that change then.

    Every other field is taken from the version before it (the rule itself for the first
    version). What the rule *is* cannot change: ``id``, ``soort`` and ``feit`` are accepted here
    only to be refused with a clear message (RR330), and are left out of the JSON Schema.
    """

    geldig_vanaf: dt.date = Field(description="Eerste dag waarop deze versie geldt.")
    geldig_tot_en_met: dt.date | None = Field(
        default=None, description="Laatste dag van deze versie, inbegrepen; alleen nodig als de regel dan "
        "ophoudt of er een gat volgt (anders loopt de versie tot de volgende begint).")
    titel: str | None = Field(default=None, min_length=3)
    als: Conditie | None = Field(default=None, description="Nieuwe condities (null: geldt altijd).")
    uitzondering_op: list[str] | None = None
    grondslag: list[Grondslag] | None = None
    aard: Aard | None = None
    beslisser: Beslisser | None = None
    beslisser_toelichting: str | None = None
    financier: Financier | None = None
    financier_toelichting: str | None = None
    uitleg: str | None = Field(default=None, min_length=10)
    uitleg_niet: str | None = None
    uitleg_onbepaald: str | None = None
    onzeker: bool | None = None
    onzeker_toelichting: str | None = None
    tonen: Literal["altijd", "relevant"] | None = None
    wetten: list[str] | None = None
    overbrugging: list[str] | None = None
    verhouding_tot_wet: Verhouding | None = None
    vult_in: str | None = None
    notitie: str | None = None
    # Refused when given (RR330, RR332); not part of the schema.
    id: SkipJsonSchema[Any] = None
    soort: SkipJsonSchema[Any] = None
    feit: SkipJsonSchema[Any] = None
    versies: SkipJsonSchema[Any] = None
    geldig_tot: SkipJsonSchema[dt.date | None] = None

    def wijzigingen(self) -> dict[str, Any]:
        """The rule fields this version writes (an explicit null included), by name."""
        return {naam: getattr(self, naam) for naam in self.model_fields_set
                if naam not in VASTE_VELDEN and naam not in PERIODE_VELDEN}

    @model_validator(mode="after")
    def _een_einde(self) -> RegelVersie:
        if self.geldig_tot is not None and self.geldig_tot_en_met is not None:
            raise ValueError("schrijf alleen 'geldig_tot_en_met' ('geldig_tot' is de oude spelling ervan)")
        return self


#: What a rule is, as opposed to what it says: a version cannot change these.
VASTE_VELDEN = frozenset({"id", "soort", "feit", "versies"})
#: A version's own period: never inherited by the next version.
PERIODE_VELDEN = frozenset({"geldig_vanaf", "geldig_tot_en_met", "geldig_tot"})


class OpenTerm(_Strikt):
    """An open term of national law that municipal policy may fill (per gemeente)."""

    id: str = Field(pattern=ID_PATROON)
    titel: str
    grondslag: list[Grondslag] = Field(min_length=1)
    beslisser: Beslisser
    uitleg: str
    standaard: Conditie | None = Field(
        default=None,
        description="Waarde als de gemeente geen beleid heeft; weggelaten = onbepaald (oordeel van de beslisser).",
    )


class Vermoeden(_Strikt):
    """A declared presumption: a fact that is almost never otherwise and blocks conclusions
    when unknown is taken to have ``waarde`` (while the profile does not give it and ``als``
    holds); the advice says ``tenzij`` with every conclusion that rests on it and keeps the
    question. Checked by :mod:`regelruimte.compiler.presumptions`."""

    id: str = Field(pattern=ID_PATROON, description="Stabiel id van het vermoeden.")
    titel: str = Field(min_length=3, description="Korte titel in gewoon Nederlands.")
    feit: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="Het veld van het casusprofiel dat vermoed wordt.")
    # a date is accepted here only so that the checker can say that a date is not presumed (RR320)
    waarde: Waarde | list[str] | dt.date = Field(description="De vermoede waarde (ja/nee, getal, keuze of lijst van keuzes).")
    als: Conditie | None = Field(
        default=None, description="Wanneer het vermoeden geldt (alleen velden en kenmerken van het profiel); "
        "weggelaten = altijd.")
    grondslag: list[Grondslag] = Field(min_length=1, description="De juridische of feitelijke basis van het vermoeden.")
    tenzij: str = Field(min_length=10, description="Het voorbehoud, als bijzin: 'tenzij <tekst>'.")
    toelichting: str = Field(min_length=10, description="Waarom een klantmanager dit ook zou aannemen.")
    geldig_vanaf: dt.date | None = Field(default=None, description="Eerste dag (standaard: die van het bestand).")
    geldig_tot_en_met: dt.date | None = Field(
        default=None, description="Laatste dag, die dag inbegrepen (leeg: nog steeds).")
    geldig_tot: dt.date | None = Field(
        default=None, json_schema_extra={"deprecated": True},
        description="Oude spelling van geldig_tot_en_met (ook de laatste dag, inbegrepen); geeft een waarschuwing.")
    onzeker: bool = Field(default=False, description="De basis is niet geverifieerd; het advies zegt dat.")
    onzeker_toelichting: str | None = None
    notitie: str | None = Field(default=None, description="Toelichting voor beheerders; komt niet in het advies.")

    @property
    def einde(self) -> dt.date | None:
        """The last day the presumption holds, in either spelling."""
        return self.geldig_tot_en_met or self.geldig_tot

    @model_validator(mode="after")
    def _samenhang(self) -> Vermoeden:
        if self.onzeker and not self.onzeker_toelichting:
            raise ValueError("'onzeker: true' vraagt een 'onzeker_toelichting'")
        if self.geldig_tot is not None and self.geldig_tot_en_met is not None:
            raise ValueError("schrijf alleen 'geldig_tot_en_met' ('geldig_tot' is de oude spelling ervan)")
        return self


class AanTeTonen(_Strikt):
    """A fact the law puts on the applicant to show: it may never be presumed."""

    feit: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="Het veld van het casusprofiel.")
    grondslag: list[Grondslag] = Field(min_length=1, description="Waarom de aanvrager dit moet aantonen.")
    toelichting: str = Field(min_length=10, description="Wat de aanvrager moet aantonen, in gewoon Nederlands.")


class GemeenteRef(_Strikt):
    code: str = Field(pattern=r"^GM\d{4}$")
    naam: str


class RegelBestand(_Strikt):
    """A rule file: national law (``wet``/``bwb``) or municipal policy (``gemeente``)."""

    wet: str | None = Field(default=None, description="Standaardwet voor grondslagen in dit bestand.")
    bwb: str | None = Field(default=None, pattern=r"^BWBR\d{7}$")
    geldig_vanaf: dt.date | None = Field(default=None, description="Standaard geldig_vanaf voor regels in dit bestand.")
    grondslag: list[Grondslag] = Field(default_factory=list, description="Standaardgrondslag voor regels zonder eigen grondslag.")
    gemeente: GemeenteRef | None = None
    bron: str | None = Field(default=None, description="Bij gemeentebeleid: vindplaats (CVDR, Gemeenteblad, raadsbesluit, ...).")
    open_termen: list[OpenTerm] = Field(default_factory=list)
    regels: list[Regel] = Field(default_factory=list)
    vermoedens: list[Vermoeden] = Field(default_factory=list, description="Landelijke bestanden: vermoedens.")
    aan_te_tonen: list[AanTeTonen] = Field(
        default_factory=list, description="Landelijke bestanden: feiten die de aanvrager moet aantonen.")
    notitie: str | None = None


class DekkingMelding(_Strikt):
    """A note on the coverage for peildata in a period (announced law, for instance)."""

    vanaf: dt.date = Field(description="Eerste peildatum waarop de melding in de ontvangst staat.")
    tot_en_met: dt.date | None = Field(default=None, description="Laatste peildatum (inclusief); leeg: open.")
    tekst: str = Field(min_length=10, description="De melding, in gewoon Nederlands.")

    @model_validator(mode="after")
    def _volgorde(self) -> DekkingMelding:
        if self.tot_en_met is not None and self.tot_en_met < self.vanaf:
            raise ValueError(f"tot_en_met ({self.tot_en_met}) ligt vóór vanaf ({self.vanaf})")
        return self

    def geldt_op(self, peildatum: dt.date) -> bool:
        return self.vanaf <= peildatum and (self.tot_en_met is None or peildatum <= self.tot_en_met)


class Dekking(_Strikt):
    """``rules/dekking.yaml``: the period for which the rule base gives answers."""

    vanaf: dt.date = Field(description="Eerste peildatum waarop de regelbank antwoord geeft.")
    gecontroleerd_tot: dt.date | None = Field(
        default=None, description="Jongste wetsversie waartegen is gecontroleerd; later volgt een waarschuwing."
    )
    toelichting: str
    meldingen: list[DekkingMelding] = Field(
        default_factory=list,
        description="Meldingen die in de ontvangst (waarschuwingen) staan voor een peildatum in hun periode, "
        "bijvoorbeeld over aangekondigde maar niet gecontroleerde wetgeving.",
    )

    @field_validator("toelichting")
    @classmethod
    def _niet_leeg(cls, waarde: str) -> str:
        if not waarde.strip():
            raise ValueError("geef een toelichting")
        return waarde


