"""Laws the rule base cites: name, short name and BWB id, and Juriconnect links.

The BWB ids are those of the domain reference (all verified there; the Wet inburgering 2021
from its page on 2027 and inburgering).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

__all__ = ["WETTEN", "Wet", "datumdeel", "juriconnect", "wet_bij_bwb", "wet_bij_naam"]


@dataclass(frozen=True)
class Wet:
    naam: str
    kort: str
    bwb: str


WETTEN: tuple[Wet, ...] = (
    Wet("Participatiewet", "PW", "BWBR0015703"),
    Wet("Participatiewet in balans", "PiB", "BWBR0051679"),
    Wet("Jeugdwet", "Jw", "BWBR0034925"),
    Wet("Leerplichtwet 1969", "Lpw", "BWBR0002628"),
    Wet("Wet educatie en beroepsonderwijs", "WEB", "BWBR0007625"),
    Wet("Wet voortgezet onderwijs 2020", "WVO 2020", "BWBR0044212"),
    Wet("Wet op de expertisecentra", "WEC", "BWBR0003549"),
    Wet("Wet studiefinanciering 2000", "Wsf 2000", "BWBR0011453"),
    Wet("Wet tegemoetkoming onderwijsbijdrage en schoolkosten", "WTOS", "BWBR0012438"),
    Wet("Wet financiering sociale verzekeringen", "Wfsv", "BWBR0017745"),
    Wet("Wet structuur uitvoeringsorganisatie werk en inkomen", "Wet SUWI", "BWBR0013060"),
    Wet("Wet arbeidsongeschiktheidsvoorziening jonggehandicapten", "Wajong", "BWBR0008657"),
    Wet("Wet maatschappelijke ondersteuning 2015", "Wmo 2015", "BWBR0035362"),
    Wet("Wet langdurige zorg", "Wlz", "BWBR0035917"),
    Wet("Zorgverzekeringswet", "Zvw", "BWBR0018450"),
    Wet("Wet sociale werkvoorziening", "Wsw", "BWBR0008903"),
    Wet("Wet werk en inkomen naar arbeidsvermogen", "WIA", "BWBR0019057"),
    Wet("Wetboek van Strafrecht", "Sr", "BWBR0001854"),
    Wet("Wet inburgering 2021", "Wi", "BWBR0044770"),
    Wet("Besluit regionale meld- en coördinatiefunctie voortijdig schoolverlaten", "Besluit RMC", "BWBR0013111"),
    Wet("Regeling regionaal programma en Doorstroompuntfunctie 2026–2029", "Regeling Doorstroompunt", "BWBR0051614"),
    Wet("Regeling modellen voor mbo-diploma, mbo-certificaat en mbo-verklaring", "Regeling modellen mbo", "BWBR0031616"),
)

_OP_BWB = {wet.bwb: wet for wet in WETTEN}
_OP_NAAM = {sleutel.lower(): wet for wet in WETTEN for sleutel in (wet.naam, wet.kort)}


def wet_bij_bwb(bwb: str) -> Wet | None:
    return _OP_BWB.get(bwb)


def wet_bij_naam(naam: str) -> Wet | None:
    return _OP_NAAM.get(naam.strip().lower())


def juriconnect(bwb: str, artikel: str, lid: int | None = None, onderdeel: str | None = None,
                peildatum: dt.date | None = None) -> str:
    """A Juriconnect (jci 1.3) link to the article, pinned to ``peildatum`` when given.

    Whether every resolver honours ``&lid=``/``&onderdeel=`` is unconfirmed; the article
    part alone always resolves, so those come last.
    """
    url = f"https://wetten.overheid.nl/jci1.3:c:{bwb}&artikel={artikel}"
    if lid is not None:
        url += f"&lid={lid}"
        if onderdeel:
            url += f"&onderdeel={onderdeel}"
    if peildatum is not None:
        url += datumdeel(peildatum)
    return url


def datumdeel(peildatum: dt.date) -> str:
    """What pins a Juriconnect link to the law as it read on ``peildatum``: appended to the
    undated link (``juriconnect`` without a date), last."""
    datum = peildatum.isoformat()
    return f"&g={datum}&z={datum}"


def bron_url(bron: str) -> str | None:
    """A link for a non-statutory source where one can be derived (ECLI, CVDR)."""
    tekst = bron.strip()
    if tekst.startswith("ECLI:"):
        return f"https://uitspraken.rechtspraak.nl/details?id={tekst.split()[0]}"
    if tekst.startswith("CVDR"):
        return f"https://lokaleregelgeving.overheid.nl/{tekst.split()[0]}"
    return None
