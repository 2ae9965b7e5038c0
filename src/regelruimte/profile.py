"""The case profile: the public input contract.

Every field is optional; a field that is absent is *unknown*, never false. Field names
are a public contract (scenario files, other applications and municipal tests use them):
add fields, never rename or repurpose one.

Each field carries a plain-Dutch question (``vraag``) in its JSON-schema extra; the advice
uses it to ask for facts that would settle an undecided conclusion.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .diagnostics import zichtbaar
from .gemeenten import normaliseer_gemeente
from .limits import MAX_PEILDATUM

__all__ = [
    "Arbeidsvermogen",
    "CaseProfile",
    "Diploma",
    "InburgeringLeerroute",
    "Jeugdhulp",
    "JeugdhulpVorm",
    "Onderwijs",
    "ProfielFout",
    "Uitkering",
    "Veldfout",
    "Verblijfsgrond",
    "Verblijfsstatus",
    "Vrijstelling",
    "VsoUitstroomprofiel",
    "Wens",
    "ZintuiglijkeBeperking",
    "laad_profiel",
    "lees_profiel",
    "lees_profiel_tekst",
]


class Verblijfsstatus(StrEnum):
    nederlander = "nederlander"
    gelijkgesteld = "gelijkgesteld"
    geen_rechtmatig_verblijf = "geen_rechtmatig_verblijf"


class Verblijfsgrond(StrEnum):
    asiel = "asiel"
    regulier_niet_tijdelijk = "regulier_niet_tijdelijk"
    regulier_tijdelijk = "regulier_tijdelijk"
    anders = "anders"


class InburgeringLeerroute(StrEnum):
    onderwijsroute = "onderwijsroute"
    inburgeringsexamen = "inburgeringsexamen"
    zelfredzaamheidsroute = "zelfredzaamheidsroute"


class Diploma(StrEnum):
    geen = "geen"
    praktijkonderwijs = "praktijkonderwijs"
    vso = "vso"
    vmbo = "vmbo"
    entree = "entree"
    mbo2 = "mbo2"
    mbo3 = "mbo3"
    mbo4 = "mbo4"
    havo = "havo"
    vwo = "vwo"
    hbo = "hbo"
    wo = "wo"


class Onderwijs(StrEnum):
    geen = "geen"
    po = "po"
    vo = "vo"
    pro = "pro"
    vso = "vso"
    entree = "entree"
    mbo_bol = "mbo_bol"
    mbo_bbl = "mbo_bbl"
    vavo = "vavo"
    hbo_wo = "hbo_wo"


class VsoUitstroomprofiel(StrEnum):
    vervolgonderwijs = "vervolgonderwijs"
    arbeidsmarkt = "arbeidsmarkt"
    dagbesteding = "dagbesteding"


class Vrijstelling(StrEnum):
    lpw_3a = "lpw_3a"
    lpw_3b = "lpw_3b"
    lpw_5_onder_a = "lpw_5_onder_a"
    lpw_5_onder_b = "lpw_5_onder_b"
    lpw_5_onder_c = "lpw_5_onder_c"
    lpw_5a = "lpw_5a"
    lpw_15 = "lpw_15"


class JeugdhulpVorm(StrEnum):
    begeleiding = "begeleiding"
    behandeling = "behandeling"
    pleegzorg = "pleegzorg"
    verblijf = "verblijf"
    opvoedondersteuning = "opvoedondersteuning"
    persoonlijke_verzorging = "persoonlijke_verzorging"
    jeugdreclassering = "jeugdreclassering"


class Arbeidsvermogen(StrEnum):
    volledig = "volledig"
    verminderd = "verminderd"
    alleen_beschut = "alleen_beschut"
    duurzaam_geen = "duurzaam_geen"


class Uitkering(StrEnum):
    geen = "geen"
    bijstand = "bijstand"
    ww = "ww"
    wajong = "wajong"
    wia = "wia"
    anw = "anw"


class Wens(StrEnum):
    werk = "werk"
    opleiding = "opleiding"
    eigen_bedrijf = "eigen_bedrijf"
    leerwerktraject = "leerwerktraject"
    dagbesteding = "dagbesteding"


class ZintuiglijkeBeperking(StrEnum):
    auditief = "auditief"
    visueel = "visueel"


def _vraag(tekst: str) -> dict[str, Any]:
    return {"vraag": tekst}


_JJJJ_MM_DD = re.compile(r"\d{4}-\d{2}-\d{2}")


def _jjjj_mm_dd(waarde: Any) -> Any:
    """Only a date, or text of the form JJJJ-MM-DD, is a date: the contract says so, and
    pydantic alone would also read 86400 as 1970-01-02 and accept a time of day."""
    if waarde is None or (isinstance(waarde, dt.date) and not isinstance(waarde, dt.datetime)):
        return waarde
    if isinstance(waarde, str) and _JJJJ_MM_DD.fullmatch(waarde):
        return waarde
    raise PydanticCustomError("datum_vorm", "geen geldige datum; gebruik JJJJ-MM-DD (bv. 2015-02-28)")


#: a date in a case profile: JJJJ-MM-DD, nothing else
Datum = Annotated[dt.date, BeforeValidator(_jjjj_mm_dd)]


class Jeugdhulp(BaseModel):
    """One period of jeugdhulp. ``beeindigd_op`` absent means the help still runs;
    ``hervat_op`` is when ended help was taken up again (it then runs again)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    vorm: JeugdhulpVorm = Field(description="Vorm van jeugdhulp.")
    gestart_op: Datum | None = Field(default=None, description="Startdatum van de hulp.")
    beeindigd_op: Datum | None = Field(
        default=None, description="Einddatum; leeg als de hulp nog loopt."
    )
    hervat_op: Datum | None = Field(
        default=None,
        description="Datum waarop deze beëindigde hulp weer is hervat; leeg als ze niet is hervat (uitbreiding).",
    )

    @model_validator(mode="after")
    def _einde_na_start(self) -> Jeugdhulp:
        if self.gestart_op and self.beeindigd_op and self.beeindigd_op < self.gestart_op:
            raise ValueError("beeindigd_op ligt vóór gestart_op")
        if self.hervat_op is not None:
            if self.beeindigd_op is None:
                raise ValueError("hervat_op is ingevuld zonder beeindigd_op; alleen beëindigde hulp "
                                 "kan worden hervat")
            if self.hervat_op < self.beeindigd_op:
                raise ValueError("hervat_op ligt vóór beeindigd_op")
        return self


class CaseProfile(BaseModel):
    """What the caseworker knows of a young person. Absent fields are unknown.

    Personal data (AVG): no BSN or name is needed, and nothing here is logged or stored.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)

    peildatum: Datum | None = Field(
        default=None,
        description="Datum waarop de situatie wordt beoordeeld (standaard: vandaag); uiterlijk 9000-12-31.",
    )
    geboortedatum: Datum | None = Field(
        default=None,
        description="Geboortedatum.",
        json_schema_extra=_vraag("Wat is de geboortedatum van de jongere?"),
    )
    leeftijd: int | None = Field(
        default=None,
        ge=0,
        le=130,
        description="Leeftijd in jaren op de peildatum (als de geboortedatum niet bekend is).",
        json_schema_extra=_vraag("Hoe oud is de jongere?"),
    )
    gemeente: str | None = Field(
        default=None,
        description="Woongemeente: CBS-code (GM0344) of naam (Utrecht).",
        json_schema_extra=_vraag("In welke gemeente woont de jongere (BRP-adres)?"),
    )
    woont_in_nederland: bool | None = Field(
        default=None,
        description="Woont de jongere in Nederland?",
        json_schema_extra=_vraag("Woont de jongere in Nederland?"),
    )
    verblijfsstatus: Verblijfsstatus | None = Field(
        default=None,
        description="Nationaliteit / verblijfsrecht.",
        json_schema_extra=_vraag(
            "Is de jongere Nederlander, gelijkgesteld (rechtmatig verblijf) of zonder "
            "rechtmatig verblijf?"
        ),
    )
    verblijfsgrond: Verblijfsgrond | None = Field(
        default=None,
        description="Grond van het verblijf van een jongere die geen Nederlander is: asiel = "
        "verblijfsvergunning asiel voor bepaalde tijd (statushouder, Vw art. 8 onder c); "
        "regulier_niet_tijdelijk = reguliere verblijfsvergunning voor bepaalde tijd voor een niet-"
        "tijdelijk doel, zoals gezinsmigratie (Vw art. 8 onder a); regulier_tijdelijk = reguliere "
        "vergunning voor een tijdelijk doel, zoals studie; anders = een andere grond (zoals EU-"
        "burgerschap). (uitbreiding; Wet inburgering 2021 art. 3)",
        json_schema_extra=_vraag(
            "Op welke grond verblijft de jongere in Nederland: een asielvergunning (statushouder), "
            "een reguliere vergunning voor een blijvend doel (zoals gezinsmigratie), een reguliere "
            "vergunning voor een tijdelijk doel (zoals studie), of een andere grond?"),
    )
    verblijfsvergunning_sinds: Datum | None = Field(
        default=None,
        description="Datum waarop het verblijf met de huidige verblijfsvergunning (asiel of regulier) "
        "begon. (uitbreiding; Wet inburgering 2021)",
        json_schema_extra=_vraag("Sinds wanneer heeft de jongere deze verblijfsvergunning?"),
    )
    inburgering_uitgezonderd: bool | None = Field(
        default=None,
        description="Valt de jongere onder art. 3 lid 2 Wet inburgering 2021 (niet "
        "inburgeringsplichtig): onderdaan van een EU-, EER-land of Zwitserland of gezinslid daarvan, "
        "elders in de EU als langdurig ingezetene aan een integratievoorwaarde voldaan, of door een "
        "verdrag beschermd? (uitbreiding)",
        json_schema_extra=_vraag(
            "Is de jongere uitgezonderd van de inburgeringsplicht (EU/EER/Zwitserse nationaliteit of "
            "gezinslid daarvan, elders in de EU ingeburgerd als langdurig ingezetene, of door een "
            "verdrag beschermd)?"),
    )
    inburgering_leerroute: InburgeringLeerroute | None = Field(
        default=None,
        description="Leerroute die het college in het persoonlijk plan inburgering en participatie "
        "(PIP) heeft vastgesteld: onderwijsroute (taalschakeltraject), inburgeringsexamen (B1 en "
        "KNM) of zelfredzaamheidsroute (Wet inburgering 2021 art. 7-9, 15). (uitbreiding)",
        json_schema_extra=_vraag(
            "Welke leerroute heeft het college in het inburgeringsplan (PIP) vastgesteld: "
            "onderwijsroute, inburgeringsexamen of zelfredzaamheidsroute?"),
    )
    hoogste_diploma: Diploma | None = Field(
        default=None,
        description="Hoogst behaalde diploma.",
        json_schema_extra=_vraag("Wat is het hoogst behaalde diploma van de jongere?"),
    )
    onderwijs: Onderwijs | None = Field(
        default=None,
        description="Huidige inschrijving in onderwijs (geen = nergens ingeschreven).",
        json_schema_extra=_vraag("Staat de jongere nu ingeschreven bij een school? Zo ja, welke?"),
    )
    vso_uitstroomprofiel: VsoUitstroomprofiel | None = Field(
        default=None,
        description="Uitstroomprofiel in het vso (gevolgd of lopend).",
        json_schema_extra=_vraag("Welk uitstroomprofiel volgt of volgde de jongere in het vso?"),
    )
    onderwijs_verlaten_op: Datum | None = Field(
        default=None,
        description="Datum waarop de jongere het onderwijs (vorig_onderwijs) verliet: de eerste "
        "dag dat de jongere daar niet meer ingeschreven stond.",
        json_schema_extra=_vraag("Op welke datum stond de jongere niet meer ingeschreven op school "
                                 "(de eerste dag na de uitschrijving)?"),
    )
    vorig_onderwijs: Onderwijs | None = Field(
        default=None,
        description="Het onderwijs dat de jongere op onderwijs_verlaten_op verliet (uitbreiding).",
        json_schema_extra=_vraag("Welk onderwijs volgde de jongere vóór het verlaten van school?"),
    )
    schooljaren_gevolgd: int | None = Field(
        default=None,
        ge=0,
        le=30,
        description="Volledige schooljaren school gevolgd vóór het lopende schooljaar, geteld "
        "zoals Lpw art. 3 dat doet (een versneld doorlopen basisschool telt als 8 jaar).",
        json_schema_extra=_vraag(
            "Hoeveel volledige schooljaren heeft de jongere vóór dit schooljaar school gevolgd "
            "(basisschool versneld doorlopen telt als 8)?"),
    )
    vrijstellingen: list[Vrijstelling] | None = Field(
        default=None,
        description="Vrijstellingen en vervangende leerplicht onder de Leerplichtwet 1969. "
        "Let op: lpw_5a (trekkend bestaan) is niet lpw_5_onder_a (ongeschiktheid).",
        json_schema_extra=_vraag(
            "Heeft de jongere een vrijstelling of vervangende leerplicht onder de Leerplichtwet "
            "(art. 3a, 3b, 5 onder a/b/c, 5a of 15)? Zo ja, welke?"
        ),
    )
    jeugdhulp: list[Jeugdhulp] | None = Field(
        default=None,
        description="Jeugdhulp die de jongere kreeg of krijgt (lege lijst: nooit jeugdhulp).",
        json_schema_extra=_vraag(
            "Welke jeugdhulp krijgt of kreeg de jongere (vorm, startdatum, einddatum)?"
        ),
    )
    jeugdhulp_nodig_besloten_voor_18: bool | None = Field(
        default=None,
        description="Heeft het college vóór de 18e verjaardag bepaald dat jeugdhulp nodig is "
        "(Jw 1.1 'jeugdige' 4° onder b)?",
        json_schema_extra=_vraag(
            "Heeft het college vóór de 18e verjaardag besloten dat (voortzetting van) jeugdhulp "
            "nodig is?"
        ),
    )
    jeugdhulp_voortzetting_nodig_besloten: bool | None = Field(
        default=None,
        description="Heeft het college op grond van de Jeugdwet bepaald dat voortzetting of "
        "hervatting (binnen een half jaar) van vóór 18 begonnen jeugdhulp nodig is "
        "(Jw 1.1 'jeugdige' 4° onder a en c)? (uitbreiding)",
        json_schema_extra=_vraag(
            "Heeft het college bepaald dat voortzetting of hervatting van de jeugdhulp die vóór "
            "18 begon nodig is?"
        ),
    )
    berecht_adolescentenstrafrecht: bool | None = Field(
        default=None,
        description="Is de jongere (18+) berecht met toepassing van het jeugdstrafrecht via "
        "art. 77c Sr (Jw 1.1 'jeugdige' 2°)? (uitbreiding)",
        json_schema_extra=_vraag(
            "Is de jongere na zijn 18e berecht volgens het jeugdstrafrecht (art. 77c Sr)?"
        ),
    )
    wlz_indicatie: bool | None = Field(
        default=None,
        description="Heeft de jongere een Wlz-indicatie (CIZ)?",
        json_schema_extra=_vraag("Heeft de jongere een Wlz-indicatie van het CIZ?"),
    )
    arbeidsvermogen: Arbeidsvermogen | None = Field(
        default=None,
        description="Arbeidsvermogen zoals vastgesteld of ingeschat.",
        json_schema_extra=_vraag(
            "Wat is het arbeidsvermogen van de jongere: volledig, verminderd, alleen beschut "
            "werk, of duurzaam geen?"
        ),
    )
    medisch_urenbeperkt: bool | None = Field(
        default=None,
        description="Heeft het college vastgesteld dat de jongere medisch urenbeperkt is "
        "(PW art. 6b)?",
        json_schema_extra=_vraag("Is de jongere door het college medisch urenbeperkt verklaard?"),
    )
    doelgroep_loonkostensubsidie: bool | None = Field(
        default=None,
        description="Behoort de jongere volgens het college tot de doelgroep "
        "loonkostensubsidie (PW art. 6 lid 1 onder e, art. 10c)? (uitbreiding)",
        json_schema_extra=_vraag(
            "Heeft het college vastgesteld dat de jongere tot de doelgroep loonkostensubsidie "
            "behoort?"
        ),
    )
    doelgroepregister: bool | None = Field(
        default=None,
        description="Staat de jongere in het doelgroepregister (banenafspraak)?",
        json_schema_extra=_vraag("Staat de jongere in het doelgroepregister banenafspraak?"),
    )
    uitkering: Uitkering | None = Field(
        default=None,
        description="Huidige uitkering.",
        json_schema_extra=_vraag("Heeft de jongere nu een uitkering? Zo ja, welke?"),
    )
    melding_bijstand_op: Datum | None = Field(
        default=None,
        description="Datum van de melding voor bijstand (PW art. 44).",
        json_schema_extra=_vraag("Wanneer heeft de jongere zich gemeld voor bijstand?"),
    )
    heeft_partner: bool | None = Field(
        default=None,
        description="Is de jongere gehuwd of samenwonend?",
        json_schema_extra=_vraag("Is de jongere gehuwd of woont hij/zij samen met een partner?"),
    )
    partner_leeftijd: int | None = Field(
        default=None,
        ge=0,
        le=130,
        description="Leeftijd van de partner.",
        json_schema_extra=_vraag("Hoe oud is de partner?"),
    )
    partner_onderwijs: Onderwijs | None = Field(
        default=None,
        description="Huidige inschrijving van de partner (uitbreiding; PW art. 41 lid 4 onder a).",
        json_schema_extra=_vraag("Staat de partner nu ingeschreven bij een school? Zo ja, welke?"),
    )
    partner_vorig_onderwijs: Onderwijs | None = Field(
        default=None,
        description="Het onderwijs dat de partner op partner_onderwijs_verlaten_op verliet "
        "(uitbreiding; PW art. 41 lid 4 onder a).",
        json_schema_extra=_vraag("Welk onderwijs volgde de partner vóór het verlaten van school?"),
    )
    partner_onderwijs_verlaten_op: Datum | None = Field(
        default=None,
        description="Datum waarop de partner het onderwijs (partner_vorig_onderwijs) verliet: "
        "de eerste dag dat de partner daar niet meer ingeschreven stond (uitbreiding).",
        json_schema_extra=_vraag("Op welke datum stond de partner niet meer ingeschreven op school "
                                 "(de eerste dag na de uitschrijving)?"),
    )
    partner_medisch_urenbeperkt: bool | None = Field(
        default=None,
        description="Heeft het college vastgesteld dat de partner medisch urenbeperkt is "
        "(PW art. 6b)? (uitbreiding; PW art. 41 lid 4 onder b)",
        json_schema_extra=_vraag("Is de partner door het college medisch urenbeperkt verklaard?"),
    )
    partner_doelgroep_loonkostensubsidie: bool | None = Field(
        default=None,
        description="Behoort de partner volgens het college tot de doelgroep loonkostensubsidie "
        "(PW art. 6 lid 1 onder e)? (uitbreiding; PW art. 41 lid 4 onder b)",
        json_schema_extra=_vraag(
            "Heeft het college vastgesteld dat de partner tot de doelgroep loonkostensubsidie behoort?"
        ),
    )
    kinderen: bool | None = Field(
        default=None,
        description="Heeft de jongere kinderen (ten laste)?",
        json_schema_extra=_vraag("Heeft de jongere kinderen?"),
    )
    in_inrichting: bool | None = Field(
        default=None,
        description="Verblijft de jongere in een inrichting?",
        json_schema_extra=_vraag("Verblijft de jongere in een inrichting?"),
    )
    kan_onderwijs_volgen: bool | None = Field(
        default=None,
        description="Oordeel van de klantmanager: kan de jongere nu concreet door het Rijk "
        "bekostigd onderwijs volgen (PW 13 lid 2 onder c; open norm)?",
        json_schema_extra=_vraag(
            "Kan de jongere nu concreet bekostigd onderwijs volgen (is er een opleiding die "
            "start en waartoe hij/zij wordt toegelaten, gezien de persoonlijke situatie)?"
        ),
    )
    kwetsbaar: bool | None = Field(
        default=None,
        description="Oordeel van de klantmanager: is de jongere in een kwetsbare positie?",
        json_schema_extra=_vraag("Verkeert de jongere in een kwetsbare positie?"),
    )
    hulpverlening_in_gang: bool | None = Field(
        default=None,
        description="Is er hulpverlening in gang gezet die door de zoektermijn zou vastlopen?",
        json_schema_extra=_vraag(
            "Is er hulpverlening in gang gezet die door een zoektermijn zou vastlopen?"
        ),
    )
    kan_terugvallen_op_ouders: bool | None = Field(
        default=None,
        description="Kan de jongere voor de kosten van levensonderhoud op de ouders terugvallen?",
        json_schema_extra=_vraag(
            "Kan de jongere voor de kosten van levensonderhoud terugvallen op de ouders?"
        ),
    )
    verzoek_school_ondersteuning: bool | None = Field(
        default=None,
        description="Heeft een mbo-instelling, pro-school of WEC-school het college gevraagd "
        "de jongere te ondersteunen (PW 7a lid 1 onder b)? (uitbreiding)",
        json_schema_extra=_vraag(
            "Heeft de school (mbo, praktijkonderwijs of speciaal onderwijs) de gemeente gevraagd "
            "de jongere te ondersteunen naar werk?"
        ),
    )
    ingeschreven_uwv: bool | None = Field(
        default=None,
        description="Staat de jongere bij UWV ingeschreven als werkzoekende (niet-"
        "uitkeringsgerechtigde, PW art. 6 lid 1 onder a)? (uitbreiding)",
        json_schema_extra=_vraag("Staat de jongere bij UWV ingeschreven als werkzoekende?"),
    )
    gedetineerd: bool | None = Field(
        default=None,
        description="Is de jongere gedetineerd (PW art. 13 lid 1 onder a)? (uitbreiding)",
        json_schema_extra=_vraag("Is de jongere gedetineerd?"),
    )
    weigert_verplichtingen_ondubbelzinnig: bool | None = Field(
        default=None,
        description="Oordeel van het college: blijkt uit houding en gedrag ondubbelzinnig dat de "
        "jongere (< 27) de arbeidsverplichtingen niet wil nakomen (PW art. 13 lid 2 onder d)? "
        "(uitbreiding)",
        json_schema_extra=_vraag(
            "Blijkt uit houding en gedrag ondubbelzinnig dat de jongere zijn verplichtingen "
            "(werk zoeken en aanvaarden) niet wil nakomen?"),
    )
    structureel_beperkt_bijverdienen: bool | None = Field(
        default=None,
        description="Kan de student door ziekte of handicap structureel niet naast de studie "
        "bijverdienen (PW art. 36b)? (uitbreiding)",
        json_schema_extra=_vraag(
            "Kan de jongere door ziekte of handicap structureel niet naast de studie werken?"),
    )
    onderwijs_belemmerd_door_ziekte: bool | None = Field(
        default=None,
        description="Ondervindt de jongere door ziekte of handicap een belemmering bij het "
        "volgen van onderwijs (Wet SUWI art. 30a lid 1 onder c)? (uitbreiding)",
        json_schema_extra=_vraag(
            "Wordt de jongere door ziekte of een handicap belemmerd bij het volgen van onderwijs?"),
    )
    kinderbeschermingsmaatregel: bool | None = Field(
        default=None,
        description="Loopt er een kinderbeschermingsmaatregel (ondertoezichtstelling, "
        "gezagsbeëindiging) of machtiging uithuisplaatsing (Jw 1.2 lid 3, 2.4 lid 2)? (uitbreiding)",
        json_schema_extra=_vraag(
            "Loopt er een kinderbeschermingsmaatregel of een machtiging uithuisplaatsing?"),
    )
    wlz_medewerking_geweigerd: bool | None = Field(
        default=None,
        description="Weigert de jongere (of zijn vertegenwoordiger) mee te werken aan een "
        "Wlz-indicatiebesluit terwijl er gegronde redenen zijn dat hij daarvoor in aanmerking "
        "komt (Jw 1.2 lid 1 onder c; Wmo 2.3.5 lid 6)? (uitbreiding)",
        json_schema_extra=_vraag(
            "Weigert de jongere mee te werken aan een Wlz-indicatie (CIZ) terwijl die voor de hand ligt?"),
    )
    wmo_melding_op: Datum | None = Field(
        default=None,
        description="Datum van de melding bij de gemeente voor maatschappelijke ondersteuning "
        "(Wmo 2.3.2). (uitbreiding)",
        json_schema_extra=_vraag("Wanneer is de hulpvraag bij de gemeente gemeld (Wmo-melding)?"),
    )
    mbo_certificaat_behaald: bool | None = Field(
        default=None,
        description="Heeft de jongere bij het verlaten van het mbo een mbo-certificaat behaald? "
        "(uitbreiding)",
        json_schema_extra=_vraag("Heeft de jongere een mbo-certificaat behaald?"),
    )
    zintuiglijke_beperkingen: list[ZintuiglijkeBeperking] | None = Field(
        default=None,
        description="Auditieve (gehoor) of visuele (zicht) beperking die het werk raakt (PW art. 10g, "
        "10h; lege lijst: geen van beide). (uitbreiding)",
        json_schema_extra=_vraag(
            "Heeft de jongere een auditieve (gehoor) of visuele (zicht) beperking? Zo ja, welke?"),
    )
    wensen: list[Wens] | None = Field(
        default=None,
        description="Wat de jongere zelf wil.",
        json_schema_extra=_vraag("Wat wil de jongere zelf: werk, opleiding, eigen bedrijf, "
                                 "leerwerktraject of dagbesteding?"),
    )

    @field_validator("peildatum")
    @classmethod
    def _peildatum(cls, waarde: dt.date | None) -> dt.date | None:
        if waarde is not None and waarde > MAX_PEILDATUM:
            raise PydanticCustomError("peildatum_te_laat", te_late_peildatum())
        return waarde

    @field_validator("gemeente")
    @classmethod
    def _gemeente(cls, waarde: str | None) -> str | None:
        if waarde is None:
            return None
        return normaliseer_gemeente(waarde)

    @field_validator("vrijstellingen", "wensen", "zintuiglijke_beperkingen")
    @classmethod
    def _geen_dubbelen(cls, waarde: list[Any] | None) -> list[Any] | None:
        if waarde is not None and len(set(waarde)) != len(waarde):
            raise ValueError("bevat een waarde meer dan eens")
        return waarde

    @field_validator("jeugdhulp")
    @classmethod
    def _jeugdhulp_aantal(cls, waarde: list[Jeugdhulp] | None) -> list[Jeugdhulp] | None:
        if waarde is not None and len(waarde) > 50:
            raise ValueError("meer dan 50 jeugdhulpperiodes; vat periodes samen")
        return waarde

    def met_peildatum(self, peildatum: dt.date) -> CaseProfile:
        """Check the profile against ``peildatum``; raises ProfielFout naming each field."""
        fouten = samenhang_fouten(self, peildatum)
        if fouten:
            raise ProfielFout(fouten)
        return self


def leeftijd_op(geboren: dt.date, datum: dt.date) -> int:
    """Full years between ``geboren`` and ``datum`` (a birthday on 29 Feb counts on 1 Mar)."""
    jaren = datum.year - geboren.year
    if (datum.month, datum.day) < (geboren.month, geboren.day):
        jaren -= 1
    return jaren


_PARTNERVELDEN = ("partner_leeftijd", "partner_onderwijs", "partner_vorig_onderwijs",
                  "partner_onderwijs_verlaten_op", "partner_medisch_urenbeperkt",
                  "partner_doelgroep_loonkostensubsidie")


def te_late_peildatum() -> str:
    return f"ligt na {MAX_PEILDATUM.isoformat()}, de uiterste peildatum"


def samenhang_fouten(profiel: CaseProfile, peildatum: dt.date | None) -> list[Veldfout]:
    """Contradictions between fields (and with the peildatum), each naming its field.

    The reasons name the other field and the peildatum, never a value from the profile."""
    return [*_partner_zonder_partner(profiel), *_geboorte_en_leeftijd(profiel, peildatum),
            *_datums_buiten_leven(profiel, peildatum), *_jeugdhulp_voor_geboorte(profiel)]


_GEBEURDE_DATUMS = ("onderwijs_verlaten_op", "melding_bijstand_op", "wmo_melding_op",
                    "partner_onderwijs_verlaten_op", "verblijfsvergunning_sinds")


def _partner_zonder_partner(profiel: CaseProfile) -> Iterator[Veldfout]:
    if profiel.heeft_partner is False:
        for veld in _PARTNERVELDEN:
            if getattr(profiel, veld) is not None:
                yield Veldfout(veld, "is ingevuld terwijl heeft_partner false is", getattr(profiel, veld))


def _geboorte_en_leeftijd(profiel: CaseProfile, peildatum: dt.date | None) -> Iterator[Veldfout]:
    geboren = profiel.geboortedatum
    if geboren is None or peildatum is None:
        return
    if geboren > peildatum:
        yield Veldfout("geboortedatum", f"ligt na de peildatum {peildatum}", geboren)
    elif profiel.leeftijd is not None and leeftijd_op(geboren, peildatum) != profiel.leeftijd:
        yield Veldfout("leeftijd", f"klopt niet met de geboortedatum op de peildatum {peildatum}; "
                                   "geef één van beide", profiel.leeftijd)


def _datums_buiten_leven(profiel: CaseProfile, peildatum: dt.date | None) -> Iterator[Veldfout]:
    """Dates of what already happened: not before the birth, not after the peildatum."""
    geboren = profiel.geboortedatum
    for veld in _GEBEURDE_DATUMS:
        waarde = getattr(profiel, veld)
        if waarde is None:
            continue
        # the young person's birth date bounds their own dates, not the partner's
        if geboren and waarde < geboren and not veld.startswith("partner_"):
            yield Veldfout(veld, "ligt vóór de geboortedatum", waarde)
        if peildatum is not None and waarde > peildatum:
            yield Veldfout(veld, f"ligt na de peildatum {peildatum}; dit veld gaat over wat al gebeurd is", waarde)


def _jeugdhulp_voor_geboorte(profiel: CaseProfile) -> Iterator[Veldfout]:
    geboren = profiel.geboortedatum
    for i, periode in enumerate(profiel.jeugdhulp or ()):
        if periode.gestart_op and geboren and periode.gestart_op < geboren:
            yield Veldfout(f"jeugdhulp[{i}].gestart_op", "ligt vóór de geboortedatum", periode.gestart_op)


@dataclass(frozen=True)
class Veldfout:
    """One refused field of a case profile: which field and why.

    ``waarde`` is what was refused. It is personal data, so it appears in no message, no
    ``str()`` and no ``repr()``: only a caller that sent it may show it back (an HTTP
    problem response to that caller, say)."""

    veld: str
    reden: str
    waarde: Any = field(default=None, repr=False, compare=False)
    #: the RR1xx code when the file itself could not be read
    code: str | None = None

    def tekst(self) -> str:
        return f"{self.veld}: {self.reden}" if self.veld else self.reden


class ProfielFout(ValueError):
    """An invalid case profile. ``fouten`` lists (field, reason) pairs in Dutch; ``details``
    the same as :class:`Veldfout` with the refused value. The message names fields and
    reasons only, never a value from the profile."""

    def __init__(self, fouten: Sequence[Veldfout | tuple[str, str]], bron: str | None = None) -> None:
        self.details: list[Veldfout] = [f if isinstance(f, Veldfout) else Veldfout(*f) for f in fouten]
        self.fouten: list[tuple[str, str]] = [(d.veld, d.reden) for d in self.details]
        self.bron = bron
        kop = f"Ongeldig casusprofiel{f' in {bron}' if bron else ''}"
        super().__init__(zichtbaar(kop + ":\n  " + "\n  ".join(d.tekst() for d in self.details)))

    @property
    def waarden(self) -> dict[str, Any]:
        """The refused values by field, where there was one (personal data: never log it)."""
        return {d.veld: d.waarde for d in self.details if d.waarde is not None}


def _veldnamen() -> list[str]:
    return list(CaseProfile.model_fields)


def _pad(loc: tuple[int | str, ...]) -> str:
    delen: list[str] = []
    for stuk in loc:
        if isinstance(stuk, int):
            delen.append(f"[{stuk}]")
        else:
            delen.append(("." if delen else "") + _naam(stuk))
    return "".join(delen)


def _naam(sleutel: Any) -> str:
    """A key as written, shortened: an unknown key can be anything a caller sent."""
    tekst = str(sleutel)
    return tekst if len(tekst) <= 60 else tekst[:59] + "…"


def vertaal_validatiefouten(fout: ValidationError) -> list[Veldfout]:
    """Turn a pydantic ValidationError on CaseProfile into fields with a Dutch reason."""
    from .diagnostics import suggestie
    from .messages import reden

    uit: list[Veldfout] = []
    for err in fout.errors():
        loc = tuple(err["loc"])
        veld = _pad(loc)
        if err["type"] == "invalid_key" and loc:  # the key itself, not a list index
            veld = _pad((*loc[:-1], str(loc[-1])))
        if err["type"] == "extra_forbidden":
            naam = str(loc[-1])
            kandidaten = (
                list(Jeugdhulp.model_fields) if "jeugdhulp" in loc[:-1] else _veldnamen()
            )
            tekst = f"onbekend veld '{_naam(naam)}'" + (suggestie(naam, kandidaten) if len(naam) <= 60 else "")
            uit.append(Veldfout(veld, tekst))
            continue
        uit.append(Veldfout(veld, reden(err), err.get("input")))
    return uit


def laad_profiel(gegevens: Any, bron: str | None = None, *, samenhang: bool = True) -> CaseProfile:
    """Validate a mapping as a CaseProfile; raise ProfielFout naming every bad field."""
    if not isinstance(gegevens, dict):
        raise ProfielFout([("", "een casusprofiel moet een mapping (veld: waarde) zijn")], bron)
    try:
        profiel = CaseProfile.model_validate(gegevens)
    except ValidationError as fout:
        raise ProfielFout(vertaal_validatiefouten(fout), bron) from None
    fouten = samenhang_fouten(profiel, profiel.peildatum) if samenhang else []
    if fouten:
        raise ProfielFout(fouten, bron)
    return profiel


def lees_profiel(pad: str | Path, *, samenhang: bool = True) -> CaseProfile:
    """Read a case profile from a YAML or JSON file, within the limits of ``limits.PROFIEL``.

    ``samenhang=False`` skips the checks against the profile's own peildatum (the CLI does
    that when --peildatum overrides it; Engine.evaluate checks against the date it uses).
    """
    pad = Path(pad)
    return _lees(pad, None, als_json=pad.suffix.lower() == ".json", samenhang=samenhang)


def lees_profiel_tekst(tekst: str | bytes, bron: str = "standaardinvoer", *, samenhang: bool = True,
                       als_json: bool | None = None) -> CaseProfile:
    """Read a case profile from text or bytes (standard input, an HTTP body), within the same
    limits; ``als_json`` None: text that opens with ``{`` is read as JSON, the rest as YAML.
    ``bron`` names it in errors."""
    if isinstance(tekst, bytes):
        from .limits import PROFIEL
        from .source import decodeer

        if len(tekst) > PROFIEL.max_bytes:
            tekst = tekst[:PROFIEL.max_bytes + 1].decode("utf-8", "replace")  # refused as too large below
        else:
            gedecodeerd, fout = decodeer(bron, tekst)
            if gedecodeerd is None:
                assert fout is not None
                raise ProfielFout([Veldfout("", _leesfout(fout.line, fout.column, fout.code, fout.message),
                                            code=fout.code)], bron)
            tekst = gedecodeerd
    if als_json is None:
        als_json = tekst.lstrip().startswith("{")
    return _lees(Path(bron), tekst, als_json=als_json, samenhang=samenhang)


def _lees(pad: Path, tekst: str | None, *, als_json: bool, samenhang: bool) -> CaseProfile:
    from .limits import PROFIEL
    from .source import lees_json, lees_yaml

    plekken: dict[tuple[int, int], str] = {}  # position -> field, for a refused value
    if als_json:
        gegevens, fouten = lees_json(pad, tekst, grenzen=PROFIEL)
    else:
        bron, fouten = lees_yaml(pad, tekst, grenzen=PROFIEL)
        gegevens = bron.data if bron is not None else None
        if bron is not None:
            plekken = {(p.line, p.column): _pad(veld) for veld, p in bron.posities.items() if veld}
    if fouten:
        raise ProfielFout([Veldfout(plekken.get((d.line, d.column), ""), _leesfout(d.line, d.column, d.code, d.message),
                                    code=d.code) for d in fouten], str(pad))
    return laad_profiel(gegevens, str(pad), samenhang=samenhang)


def _leesfout(regel: int, kolom: int, code: str, bericht: str) -> str:
    waar = "" if (regel, kolom) == (1, 1) and code in ("RR104", "RR105") else f"regel {regel}, kolom {kolom}: "
    return f"{waar}{code} {bericht}"
