"""Words for people: readable Dutch labels for the codes in the contract.

The advice and the profile use stable codes (``gemeente_buig``, ``mbo_bol``); the caseworker
reads labels. One table here serves the terminal, the page, the intake and the ``*_label``
fields of the Advies JSON, so they never drift apart. No logic of law lives here.
"""

from __future__ import annotations

import datetime as dt

__all__ = [
    "AARD",
    "BESLISSER",
    "FINANCIER",
    "SECTIE",
    "WAARDE",
    "aard_label",
    "beslisser_label",
    "datum_nl",
    "financier_label",
    "waarde_label",
]

BESLISSER = {
    "college": "het college van B&W", "gemeenteraad": "de gemeenteraad", "uwv": "UWV", "duo": "DUO",
    "leerplichtambtenaar": "de leerplichtambtenaar", "schoolleiding": "de schoolleiding",
    "bevoegd_gezag": "het bevoegd gezag van de school", "examencommissie": "de examencommissie",
    "inspectie": "de Inspectie van het onderwijs", "zorgverzekeraar": "de zorgverzekeraar",
    "ciz": "het CIZ", "zorgkantoor": "het zorgkantoor", "rechter": "de rechter",
    "gecertificeerde_instelling": "de gecertificeerde instelling", "sbb": "SBB",
    "werkgever": "de werkgever", "niemand": "niemand (volgt uit de wet)",
}
FINANCIER = {
    "gemeente": "gemeente (eigen middelen)", "gemeente_buig": "gemeente (BUIG-budget van het Rijk)",
    "uwv": "UWV", "duo": "DUO", "school": "de school (onderwijsbekostiging)",
    "doorstroompunt": "Doorstroompunt/RMC-budget van de regio", "werkcentrum": "regionaal Werkcentrum-budget",
    "zorgverzekeraar": "de zorgverzekeraar (Zvw)", "wlz": "het zorgkantoor (Wlz)", "werkgever": "de werkgever",
    "ouders": "de ouders", "geen": "niemand (geen financiering)",
}
AARD = {
    "moet": "plicht / recht", "moet_oordeel": "plicht, naar oordeel van de beslisser", "kan": "bevoegdheid (kan)",
    "uitsluiting": "uitsluitingsgrond", "van_rechtswege": "van rechtswege", "definitie": "definitie",
    "afspraak": "bestuurlijke afspraak", "praktijk": "praktijk zonder wettelijke grondslag",
}
SECTIE = {"regimes": "regime", "routes": "route", "maatwerk": "maatwerk", "signalen": "signaal",
          "beleid": "beleid"}

#: Labels for the values of the profile's enumerations, per field (as the caseworker says them).
_ONDERWIJS = {
    "geen": "nergens ingeschreven", "po": "basisonderwijs", "vo": "voortgezet onderwijs (vmbo, havo, vwo)",
    "pro": "praktijkonderwijs", "vso": "voortgezet speciaal onderwijs (vso)", "entree": "mbo entreeopleiding",
    "mbo_bol": "mbo, beroepsopleidende leerweg (BOL, vooral school)",
    "mbo_bbl": "mbo, beroepsbegeleidende leerweg (BBL, leren en werken)", "vavo": "vavo (volwassenenonderwijs)",
    "hbo_wo": "hbo of universiteit",
}
WAARDE: dict[str, dict[str, str]] = {
    "onderwijs": _ONDERWIJS,
    "vorig_onderwijs": _ONDERWIJS,
    "partner_onderwijs": _ONDERWIJS,
    "partner_vorig_onderwijs": _ONDERWIJS,
    "hoogste_diploma": {
        "geen": "geen diploma", "praktijkonderwijs": "getuigschrift praktijkonderwijs", "vso": "vso-diploma",
        "vmbo": "vmbo", "entree": "mbo entree (niveau 1)", "mbo2": "mbo niveau 2", "mbo3": "mbo niveau 3",
        "mbo4": "mbo niveau 4", "havo": "havo", "vwo": "vwo", "hbo": "hbo", "wo": "universiteit (wo)",
    },
    "verblijfsstatus": {
        "nederlander": "Nederlander", "gelijkgesteld": "gelijkgesteld (rechtmatig verblijf)",
        "geen_rechtmatig_verblijf": "zonder rechtmatig verblijf",
    },
    "vso_uitstroomprofiel": {
        "vervolgonderwijs": "vervolgonderwijs", "arbeidsmarkt": "arbeidsmarkt", "dagbesteding": "dagbesteding",
    },
    "arbeidsvermogen": {
        "volledig": "volledig", "verminderd": "verminderd", "alleen_beschut": "alleen beschut werk",
        "duurzaam_geen": "duurzaam geen",
    },
    "uitkering": {
        "geen": "geen uitkering", "bijstand": "bijstand", "ww": "WW", "wajong": "Wajong", "wia": "WIA",
        "anw": "Anw",
    },
    "vrijstellingen": {
        "lpw_3a": "vervangende leerplicht art. 3a", "lpw_3b": "mbo in het laatste leerplichtjaar art. 3b",
        "lpw_5_onder_a": "vrijstelling art. 5 onder a (ongeschikt voor onderwijs)",
        "lpw_5_onder_b": "vrijstelling art. 5 onder b (overwegende bedenkingen)",
        "lpw_5_onder_c": "vrijstelling art. 5 onder c (school in het buitenland)",
        "lpw_5a": "vrijstelling art. 5a (trekkend bestaan)", "lpw_15": "vrijstelling art. 15 (ander onderwijs)",
    },
    "wensen": {
        "werk": "werk", "opleiding": "opleiding", "eigen_bedrijf": "eigen bedrijf",
        "leerwerktraject": "leerwerktraject", "dagbesteding": "dagbesteding",
    },
    "jeugdhulp.vorm": {
        "begeleiding": "begeleiding", "behandeling": "behandeling", "pleegzorg": "pleegzorg",
        "verblijf": "verblijf (residentieel)", "opvoedondersteuning": "opvoedondersteuning",
        "persoonlijke_verzorging": "persoonlijke verzorging", "jeugdreclassering": "jeugdreclassering",
    },
}


def beslisser_label(code: str | None) -> str | None:
    return None if code is None else BESLISSER.get(code, code.replace("_", " "))


def financier_label(code: str | None) -> str | None:
    return None if code is None else FINANCIER.get(code, code.replace("_", " "))


def aard_label(code: str) -> str:
    return AARD.get(code, code.replace("_", " "))


def waarde_label(veld: str, waarde: object) -> str:
    """The label of one value of a profile field: 'ja'/'nee', a Dutch date, an enum label."""
    if isinstance(waarde, bool):
        return "ja" if waarde else "nee"
    if isinstance(waarde, dt.date):
        return datum_nl(waarde)
    tekst = str(getattr(waarde, "value", waarde))
    return WAARDE.get(veld, {}).get(tekst, tekst.replace("_", " "))


def datum_nl(datum: dt.date) -> str:
    """A date as the caseworker writes it: 10-03-2005."""
    return f"{datum.day:02d}-{datum.month:02d}-{datum.year:04d}"
