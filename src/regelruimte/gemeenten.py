"""Municipality codes (CBS, ``GM`` + four digits) and names.

The profile accepts either; everything downstream keys on the code, because municipal
policy (verordeningen, beleidsregels) belongs to the gemeente of residence.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from functools import cache
from importlib import resources

__all__ = ["gemeente_naam", "gemeente_suggestie", "normaliseer_gemeente"]

_CODE = re.compile(r"^GM\d{4}$", re.IGNORECASE)
_LANGSTE_NAAM = 100  # the longest CBS name has 30 characters

#: Names people use that differ from CBS's official name.
_VOLKSNAMEN = {
    "Den Bosch": "GM0796", "Hertogenbosch": "GM0796",
    "Den Haag": "GM0518", "The Hague": "GM0518",
    "Nuenen": "GM0820",
}


def _sleutel(naam: str) -> str:
    zonder_accenten = unicodedata.normalize("NFKD", naam).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", zonder_accenten.lower())


@cache
def _tabel() -> tuple[dict[str, str], dict[str, str]]:
    """(code -> naam, sleutel(naam) -> code), from the bundled CSV."""
    codes: dict[str, str] = {}
    namen: dict[str, str] = {}
    bestand = resources.files("regelruimte").joinpath("data/gemeenten.csv")
    with bestand.open(encoding="utf-8") as invoer:
        for rij in csv.DictReader(invoer):
            codes[rij["code"]] = rij["naam"]
            # A current municipality wins over a merged-away one with the same name.
            if not rij.get("geldig_tot") or _sleutel(rij["naam"]) not in namen:
                namen[_sleutel(rij["naam"])] = rij["code"]
    # CBS writes "Hengelo (O.)"; accept "Hengelo" where that is unambiguous.
    kort: dict[str, list[str]] = {}
    for code, naam in codes.items():
        basis = re.sub(r"\s*\(.*\)$", "", naam)
        if basis != naam:
            kort.setdefault(_sleutel(basis), []).append(code)
    for sleutel, lijst in kort.items():
        if len(lijst) == 1 and sleutel not in namen:
            namen[sleutel] = lijst[0]
    for naam, code in _VOLKSNAMEN.items():
        if code in codes:
            namen.setdefault(_sleutel(naam), code)
    return codes, namen


def normaliseer_gemeente(waarde: str) -> str:
    """Return the CBS code for a code or a name; raise ValueError naming no value.

    Where someone lives is personal data, so the reason neither repeats the value nor
    suggests a gemeente close to it."""
    tekst = waarde.strip()
    if len(tekst) > _LANGSTE_NAAM:  # no need to normalise megabytes to find no gemeente
        raise ValueError("onbekende gemeente; geef de naam of de CBS-code (GM0344)")
    codes, namen = _tabel()
    if _CODE.match(tekst):
        code = tekst.upper()
        if codes and code not in codes:
            raise ValueError("onbekende gemeentecode; gebruik de CBS-code van een bestaande gemeente (GM0344)")
        return code
    gevonden = namen.get(_sleutel(tekst))
    if gevonden is None:
        raise ValueError("onbekende gemeente; geef de naam of de CBS-code (GM0344)")
    return gevonden


def gemeente_suggestie(waarde: str) -> str:
    """A ' (bedoel je ...?)' hint for a gemeente given as a command option, never for a profile.

    An option such as ``populatie --gemeente`` names no person, so a near name may be shown."""
    from .diagnostics import suggestie

    return suggestie(waarde.strip(), _tabel()[0].values()) if len(waarde) <= _LANGSTE_NAAM else ""


def gemeente_naam(code: str) -> str:
    """The official name for a CBS code (the code itself when unknown)."""
    return _tabel()[0].get(code, code)
