"""A synthetic population of young people (12-27), for trying regelruimte without personal data.

Shares follow published figures where they exist (CBS StatLine and Jeugdmonitor, DUO / OCW
in cijfers, NJi, UWV); where no figure was found the share is an assumption, marked ``A`` in
the tables below. docs/populatie.md lists every source with its year and every assumption.
The tables say *what* is drawn; :func:`persoon` draws one young person from them:

1. age (uniform over 12-27) and birth date; the gemeente;
2. school: enrolment by age, then the diploma, the school left and when, as they fit together
   (a pro or vso pupil has no startkwalificatie; a leaver without one is a vsv'er);
3. what follows from school and health: arbeidsvermogen, doelgroepregister, Wajong (a pro or
   vso leaver is far likelier to be registered), jeugdhulp (likelier under 18 and in pro/vso);
4. income, partner and children by age;
5. then facts are left out at the rates a first contact at the desk would leave them unknown.

Deterministic: person ``i`` of seed ``s`` depends on ``(s, i)`` and the peildatum only, so the
first 100 of a population of 10,000 are the population of 100. Every person validates as a
:class:`~regelruimte.profile.CaseProfile` on the peildatum (checked as it is drawn).
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections.abc import Iterator, Mapping, Sequence
from importlib import resources
from typing import Any, TypeVar

from .gemeenten import _tabel, normaliseer_gemeente
from .profile import CaseProfile, ProfielFout, leeftijd_op, samenhang_fouten

__all__ = ["KENBAAR", "genereer", "persoon"]

T = TypeVar("T")

# --- the tables -------------------------------------------------------------------------
# Each table is (value, weight) pairs; the key in docs/populatie.md is given per table.

#: [B1] ages: CBS StatLine 37620 shows 200-230 thousand people per year of age from 12 to 27
#: (1 January 2024); drawn uniformly.
LEEFTIJDEN = range(12, 28)

#: [B2][B3][B4][A] enrolment by age. 12: many still in groep 8; pro about 3 % and vso about
#: 3.5 % of a vo cohort (CBS 2017, DUO 2017); 18-24: a third in hoger onderwijs, a fifth in
#: mbo (CBS). The split over the years of age is an assumption that reproduces these totals.
ONDERWIJS_PER_LEEFTIJD: dict[range, Sequence[tuple[str, float]]] = {
    range(12, 13): (("po", 42), ("vo", 52), ("pro", 2.5), ("vso", 3.2), ("geen", 0.3)),
    range(13, 16): (("vo", 93.8), ("pro", 2.8), ("vso", 3.1), ("geen", 0.3)),
    range(16, 17): (("vo", 80), ("mbo_bol", 9), ("mbo_bbl", 1), ("entree", 1.5), ("pro", 2.8),
                    ("vso", 3.2), ("geen", 2.5)),
    range(17, 18): (("vo", 52), ("mbo_bol", 24), ("mbo_bbl", 3), ("entree", 2), ("pro", 2.5),
                    ("vso", 3), ("vavo", 1), ("hbo_wo", 8), ("geen", 4.5)),
    range(18, 19): (("vo", 15), ("mbo_bol", 29), ("mbo_bbl", 4), ("entree", 1.5), ("pro", 1),
                    ("vso", 2), ("vavo", 1.5), ("hbo_wo", 32), ("geen", 14)),
    range(19, 21): (("vo", 2), ("mbo_bol", 24), ("mbo_bbl", 5), ("entree", 0.7), ("vso", 0.8),
                    ("vavo", 0.8), ("hbo_wo", 44), ("geen", 22.7)),
    range(21, 23): (("mbo_bol", 12), ("mbo_bbl", 5), ("entree", 0.3), ("vavo", 0.3), ("hbo_wo", 42),
                    ("geen", 40.4)),
    range(23, 25): (("mbo_bol", 4), ("mbo_bbl", 3), ("hbo_wo", 27), ("geen", 66)),
    range(25, 28): (("mbo_bol", 2), ("mbo_bbl", 2), ("hbo_wo", 11), ("geen", 85)),
}

#: [B5][B6] of the young people no longer in school, about one in four has no startkwalificatie
#: (CBS Jeugdmonitor 2020: 181 thousand without against 625 thousand with, 15-27, 2019; the
#: group without grew by some 50 thousand up to 2022): 25 % here.
KANS_GEEN_STARTKWALIFICATIE = 0.25

#: [A] the diploma of a leaver without a startkwalificatie, and the school left
ZONDER_SK = (("vmbo", 45), ("geen", 20), ("praktijkonderwijs", 12), ("vso", 8), ("entree", 15))
#: [A] the diploma of a leaver with one (mbo 2-4, havo, vwo, hbo, wo), by age below/from 22
MET_SK_JONG = (("mbo2", 15), ("mbo3", 20), ("mbo4", 35), ("havo", 15), ("vwo", 5), ("hbo", 8), ("wo", 2))
MET_SK_OUD = (("mbo2", 10), ("mbo3", 15), ("mbo4", 27), ("havo", 5), ("vwo", 2), ("hbo", 28), ("wo", 13))
VORIG_BIJ_DIPLOMA = {
    "geen": ("vo", "mbo_bol"), "vmbo": ("vo", "mbo_bol", "mbo_bbl"), "praktijkonderwijs": ("pro",),
    "vso": ("vso",), "entree": ("entree",), "mbo2": ("mbo_bol", "mbo_bbl"), "mbo3": ("mbo_bol", "mbo_bbl"),
    "mbo4": ("mbo_bol", "mbo_bbl"), "havo": ("vo",), "vwo": ("vo",), "hbo": ("hbo_wo",), "wo": ("hbo_wo",),
}

#: [A] vso uitstroomprofiel (no national split found)
VSO_PROFIEL = (("vervolgonderwijs", 25), ("arbeidsmarkt", 40), ("dagbesteding", 35))

#: [B7][A] doelgroepregister by school: UWV registers vso pupils and leavers and pro (and
#: entree) leavers on request (UWV, doelgroepregister); 224,770 people of all ages were in the
#: register in June 2019. The shares per school are assumptions.
DOELGROEPREGISTER = {"pro": 0.35, "vso:arbeidsmarkt": 0.6, "vso:dagbesteding": 0.25,
                     "vso:vervolgonderwijs": 0.1, "entree": 0.05, "anders": 0.004}

#: [A] arbeidsvermogen by school background
ARBEIDSVERMOGEN = {
    "vso:dagbesteding": (("duurzaam_geen", 40), ("alleen_beschut", 25), ("verminderd", 35)),
    "vso": (("volledig", 50), ("verminderd", 40), ("alleen_beschut", 10)),
    "pro": (("volledig", 45), ("verminderd", 50), ("alleen_beschut", 5)),
    "anders": (("volledig", 97.5), ("verminderd", 2.2), ("alleen_beschut", 0.2), ("duurzaam_geen", 0.1)),
}

#: [B8][B9] jeugdzorg in a year: 1 in 7 under 18, 10.6 % under 23 (CBS Jeugdmonitor 2024, year
#: 2023); 18-23: 1.4 % (NJi, 2019). Of the forms, 94 % without verblijf, 8.6 % with verblijf
#: (half of it pleegzorg, CBS 2019), 7.6 % jeugdbescherming, 1.7 % jeugdreclassering (2023).
#: [A] three times as likely for pro/vso pupils; ever had it, for those 18 and over: 20 %.
JEUGDHULP_KANS = {"onder_18": 1 / 7, "18_tot_23": 0.014, "ooit_18_plus": 0.20, "factor_pro_vso": 3.0}
JEUGDHULP_VORMEN = (("begeleiding", 30), ("behandeling", 38), ("opvoedondersteuning", 18),
                    ("persoonlijke_verzorging", 3), ("verblijf", 4.3), ("pleegzorg", 4.3),
                    ("jeugdreclassering", 1.7))
KANS_KINDERBESCHERMING = 0.076  # [B8] of those with jeugdzorg

#: [B10] bijstand under 27: 36 thousand (CBS, end of September 2023), about 1.9 % of 18-26.
#: [A] concentrated among those not in school: 6 % of them, 9 % without a startkwalificatie.
BIJSTAND = {"geen_school": 0.06, "geen_sk": 0.09, "student": 0.002}
#: [A] a recent melding for bijstand (the zoektermijn runs) among 18-26 out of school
KANS_VERSE_MELDING = 0.03
#: [A] Wajong for those 18 and over with duurzaam geen arbeidsvermogen; WW for workers
KANS_WAJONG = 0.8
KANS_WW = 0.01

#: [B11][A] living with a partner, by age (CBS StatLine 37620, 2018: 5.7 % at 20, 9.3 % at 21;
#: later ages extrapolated)
PARTNER = {18: 0.01, 19: 0.03, 20: 0.057, 21: 0.093, 22: 0.13, 23: 0.18, 24: 0.24, 25: 0.30, 26: 0.36, 27: 0.42}
#: [A] children, by age
KINDEREN = {18: 0.005, 19: 0.01, 20: 0.015, 21: 0.02, 22: 0.03, 23: 0.045, 24: 0.06, 25: 0.08, 26: 0.10, 27: 0.13}

#: [A] nationality and residence
VERBLIJF = (("nederlander", 92), ("gelijkgesteld", 7.5), ("geen_rechtmatig_verblijf", 0.5))
#: [B12][A] the reason of residence of a young person who is not Dutch (gelijkgesteld), from
#: the immigrants of 2018 without Dutch nationality (CBS, 2020): 110 of 191 thousand from the
#: EU (EU-burgerschap: 'anders', and exempt from inburgering by Wi art. 3 lid 2); of the 81
#: thousand from outside the EU a third for family (regulier_niet_tijdelijk), just over 40 %
#: for work or study (regulier_tijdelijk: [A] study dominates among the young), 16 % asylum,
#: the rest another ground ('anders', not EU: whether exempt is unknown)
VERBLIJFSGROND = (("eu", 57.6), ("regulier_niet_tijdelijk", 14.1), ("regulier_tijdelijk", 17.0),
                  ("asiel", 6.8), ("anders", 4.5))
#: [B13][B14] a hearing limitation: 12 to 15 per 1,000 young people of 10-29 known to the
#: huisarts (RIVM VZinfo / Nivel, 2019); a visual one: about 15 % of 320 thousand people with a
#: visual limitation are under 50 (Vision 2020 Netherlands, 2010), 0.46 % of the under-50s:
#: an upper bound for 12-27, since it rises with age
ZINTUIGLIJK = {"auditief": 0.0135, "visueel": 0.0046}
#: [A] Wlz indication: 0.3 % overall, 30 % for vso dagbesteding
WLZ = {"vso:dagbesteding": 0.3, "anders": 0.003}
#: [A] exemption lpw_5_onder_a for 12-17 not in school; other exemptions rare
VRIJSTELLING_5A = {"geen": 0.45, "vso": 0.02, "anders": 0.0}
#: [A] gemeente without --gemeente: Utrecht and Bergeijk by their share of the population
#: (CBS 2024: about 2.1 % and 0.1 %), the rest spread evenly over the other gemeenten
GEMEENTEN_VAST = (("GM0344", 2.1), ("GM1724", 0.1))

#: [A] how often the desk knows a fact at first contact (the rest is left unknown)
KENBAAR: dict[str, float] = {
    "geboortedatum": 0.94, "leeftijd": 0.05, "gemeente": 0.97, "woont_in_nederland": 0.9,
    "verblijfsstatus": 0.8, "hoogste_diploma": 0.75, "onderwijs": 0.92, "vorig_onderwijs": 0.6,
    "onderwijs_verlaten_op": 0.45, "vso_uitstroomprofiel": 0.5, "schooljaren_gevolgd": 0.25,
    "vrijstellingen": 0.4, "jeugdhulp": 0.55, "wlz_indicatie": 0.35, "arbeidsvermogen": 0.3,
    "doelgroepregister": 0.4, "uitkering": 0.85, "melding_bijstand_op": 0.9, "heeft_partner": 0.8,
    "partner_leeftijd": 0.6, "kinderen": 0.8, "kwetsbaar": 0.35, "kan_terugvallen_op_ouders": 0.3,
    "wensen": 0.35, "jeugdhulp_nodig_besloten_voor_18": 0.3, "ingeschreven_uwv": 0.3,
    "in_inrichting": 0.6, "kan_onderwijs_volgen": 0.2, "hulpverlening_in_gang": 0.2,
    "kinderbeschermingsmaatregel": 0.5, "medisch_urenbeperkt": 0.3, "mbo_certificaat_behaald": 0.4,
    "verblijfsgrond": 0.6, "inburgering_uitgezonderd": 0.4, "zintuiglijke_beperkingen": 0.3,
}


# --- drawing ----------------------------------------------------------------------------


def _kies(rnd: random.Random, tabel: Sequence[tuple[T, float]]) -> T:
    waarden = [w for w, _ in tabel]
    return rnd.choices(waarden, weights=[g for _, g in tabel])[0]


def _per_leeftijd(tabel: Mapping[range, T], leeftijd: int) -> T:
    for bereik, waarde in tabel.items():
        if leeftijd in bereik:
            return waarde
    raise KeyError(leeftijd)


def _plus_jaren(datum: dt.date, jaren: int) -> dt.date:
    try:
        return datum.replace(year=datum.year + jaren)
    except ValueError:
        return datum.replace(year=datum.year + jaren, day=28)


def _overige_gemeenten() -> list[str]:
    """Current gemeenten (no end date in the bundled list) other than the fixed ones."""
    codes = _tabel()[0]
    vast = {c for c, _ in GEMEENTEN_VAST}
    bestand = resources.files("regelruimte").joinpath("data/gemeenten.csv")
    with bestand.open(encoding="utf-8") as invoer:
        huidig = [r["code"] for r in csv.DictReader(invoer) if not r.get("geldig_tot")]
    return sorted(c for c in huidig if c in codes and c not in vast)


def _gemeente(rnd: random.Random, overige: list[str]) -> str:
    rest = 100 - sum(g for _, g in GEMEENTEN_VAST)
    code = _kies(rnd, (*GEMEENTEN_VAST, ("", rest)))
    return code or rnd.choice(overige)


def _school(rnd: random.Random, leeftijd: int, peildatum: dt.date, geboren: dt.date) -> dict[str, Any]:
    """Enrolment, diploma, the school left and when, consistent with each other."""
    velden: dict[str, Any] = {}
    onderwijs = _kies(rnd, _per_leeftijd(ONDERWIJS_PER_LEEFTIJD, leeftijd))
    velden["onderwijs"] = onderwijs
    if onderwijs in ("po", "vo", "pro", "vso"):
        velden["hoogste_diploma"] = "geen" if leeftijd < 17 or onderwijs != "vo" else _kies(
            rnd, (("geen", 85), ("vmbo", 15)))
        if onderwijs == "vso":
            velden["vso_uitstroomprofiel"] = _kies(rnd, VSO_PROFIEL)
        if leeftijd < 18:
            velden["schooljaren_gevolgd"] = max(0, min(leeftijd - 5 + rnd.choice((-1, 0, 0, 0)), 14))
        return velden
    if onderwijs != "geen":
        velden["hoogste_diploma"] = {"mbo_bol": "vmbo", "mbo_bbl": "vmbo", "entree": "geen", "vavo": "vmbo",
                                     "hbo_wo": "havo"}[onderwijs]
        if onderwijs == "hbo_wo":
            velden["hoogste_diploma"] = _kies(rnd, (("havo", 45), ("vwo", 30), ("mbo4", 25)))
        elif onderwijs in ("mbo_bol", "mbo_bbl") and leeftijd >= 19:
            velden["hoogste_diploma"] = _kies(rnd, (("vmbo", 60), ("mbo2", 25), ("havo", 15)))
        return velden
    velden.update(_verlaten(rnd, leeftijd, peildatum, geboren))
    return velden


def _verlaten(rnd: random.Random, leeftijd: int, peildatum: dt.date, geboren: dt.date) -> dict[str, Any]:
    """A young person out of school: the diploma, the school left and when."""
    velden: dict[str, Any] = {}
    zonder_sk = leeftijd < 18 or rnd.random() < KANS_GEEN_STARTKWALIFICATIE
    diploma = _kies(rnd, ZONDER_SK if zonder_sk else MET_SK_JONG if leeftijd < 22 else MET_SK_OUD)
    velden["hoogste_diploma"] = diploma
    vorig = rnd.choice(VORIG_BIJ_DIPLOMA[diploma])
    velden["vorig_onderwijs"] = vorig
    if vorig == "vso":
        velden["vso_uitstroomprofiel"] = _kies(rnd, VSO_PROFIEL)
    # left mostly at the end of a school year, at 16 at the earliest (a younger thuiszitter in
    # the last months), at most 10 years ago
    vroegst = max(min(_plus_jaren(geboren, 16), peildatum - dt.timedelta(days=120)), _plus_jaren(peildatum, -10))
    jaren = list(range(vroegst.year, peildatum.year + 1))
    for _ in range(5):
        jaar = rnd.choice(jaren)
        verlaten = dt.date(jaar, 8, 1) if rnd.random() < 0.8 else dt.date(jaar, rnd.randint(1, 12), 1)
        if vroegst <= verlaten <= peildatum:
            velden["onderwijs_verlaten_op"] = verlaten
            break
    if diploma == "entree" or (vorig in ("mbo_bol", "mbo_bbl") and zonder_sk):
        velden["mbo_certificaat_behaald"] = rnd.random() < 0.1
    return velden


def _achtergrond(velden: Mapping[str, Any]) -> str:
    """The school background that drives arbeidsvermogen and the register: pro, vso:<profiel>,
    entree or anders."""
    school = velden.get("onderwijs") if velden.get("onderwijs") != "geen" else velden.get("vorig_onderwijs")
    if school == "vso":
        return f"vso:{velden.get('vso_uitstroomprofiel', 'arbeidsmarkt')}"
    return school if school in ("pro", "entree") else "anders"


def _werk_en_zorg(rnd: random.Random, velden: dict[str, Any], leeftijd: int) -> None:
    achter = _achtergrond(velden)
    tabel = ARBEIDSVERMOGEN.get(achter) or ARBEIDSVERMOGEN["vso" if achter.startswith("vso") else "anders"]
    velden["arbeidsvermogen"] = _kies(rnd, tabel)
    register = DOELGROEPREGISTER.get(achter, DOELGROEPREGISTER["anders"])
    velden["doelgroepregister"] = leeftijd >= 15 and velden["arbeidsvermogen"] != "duurzaam_geen" \
        and rnd.random() < register
    velden["wlz_indicatie"] = rnd.random() < WLZ.get(achter, WLZ["anders"])
    velden["medisch_urenbeperkt"] = velden["arbeidsvermogen"] == "verminderd" and rnd.random() < 0.1


def _jeugdhulp(rnd: random.Random, velden: dict[str, Any], leeftijd: int, peildatum: dt.date,
               geboren: dt.date) -> None:
    pro_vso = _achtergrond(velden) != "anders"
    factor = JEUGDHULP_KANS["factor_pro_vso"] if pro_vso else 1.0
    nu = JEUGDHULP_KANS["onder_18"] if leeftijd < 18 else JEUGDHULP_KANS["18_tot_23"] if leeftijd < 23 else 0.0
    ooit = JEUGDHULP_KANS["ooit_18_plus"] if leeftijd >= 18 else nu
    periodes: list[dict[str, Any]] = []
    if rnd.random() < min(1.0, ooit * factor):
        lopend = rnd.random() < min(1.0, nu / ooit) if ooit else False
        for _ in range(1 + (rnd.random() < 0.25)):
            vorm = _kies(rnd, JEUGDHULP_VORMEN)
            if vorm == "jeugdreclassering" and leeftijd < 12:
                vorm = "begeleiding"
            start = max(geboren + dt.timedelta(days=365 * 4), peildatum - dt.timedelta(days=rnd.randint(30, 365 * 6)))
            periode: dict[str, Any] = {"vorm": vorm, "gestart_op": min(start, peildatum)}
            if not lopend:
                einde = periode["gestart_op"] + dt.timedelta(days=rnd.randint(60, 900))
                periode["beeindigd_op"] = min(einde, peildatum)
            periodes.append(periode)
        velden["kinderbeschermingsmaatregel"] = leeftijd < 18 and rnd.random() < KANS_KINDERBESCHERMING
        if 17 <= leeftijd <= 18 and any(p["vorm"] in ("verblijf", "pleegzorg") for p in periodes):
            velden["jeugdhulp_nodig_besloten_voor_18"] = rnd.random() < 0.5
    velden["jeugdhulp"] = periodes
    velden["kwetsbaar"] = rnd.random() < (0.5 if periodes or pro_vso else 0.08)


def _inkomen_en_huishouden(rnd: random.Random, velden: dict[str, Any], leeftijd: int,
                           peildatum: dt.date) -> None:
    if leeftijd < 18:
        velden["uitkering"] = "geen"
        velden["heeft_partner"] = False
        velden["kinderen"] = False
        return
    student = velden.get("onderwijs") not in (None, "geen")
    zonder_sk = velden.get("hoogste_diploma") in ("geen", "vmbo", "praktijkonderwijs", "vso", "entree")
    uitkering = "geen"
    if velden.get("arbeidsvermogen") == "duurzaam_geen" and rnd.random() < KANS_WAJONG:
        uitkering = "wajong"
    elif rnd.random() < (BIJSTAND["student"] if student else BIJSTAND["geen_sk"] if zonder_sk
                         else BIJSTAND["geen_school"]):
        uitkering = "bijstand"
        velden["melding_bijstand_op"] = peildatum - dt.timedelta(days=rnd.randint(40, 900))
    elif not student and rnd.random() < KANS_WW:
        uitkering = "ww"
    elif not student and leeftijd < 27 and rnd.random() < KANS_VERSE_MELDING:
        velden["melding_bijstand_op"] = peildatum - dt.timedelta(days=rnd.randint(0, 34))
        velden["kan_terugvallen_op_ouders"] = rnd.random() < 0.3
        velden["hulpverlening_in_gang"] = rnd.random() < 0.2
        velden["kan_onderwijs_volgen"] = rnd.random() < (0.5 if zonder_sk else 0.2)
    velden["uitkering"] = uitkering
    if velden.get("melding_bijstand_op") and velden["melding_bijstand_op"] < velden["geboortedatum"]:
        velden.pop("melding_bijstand_op")
    partner = rnd.random() < PARTNER.get(leeftijd, 0.4)
    velden["heeft_partner"] = partner
    if partner:
        velden["partner_leeftijd"] = max(16, leeftijd + round(rnd.gauss(2, 2.5)))
    velden["kinderen"] = rnd.random() < KINDEREN.get(leeftijd, 0.13) * (2.5 if partner else 1)
    velden["ingeschreven_uwv"] = not student and uitkering == "geen" and rnd.random() < 0.1
    velden["in_inrichting"] = rnd.random() < 0.004
    if not student:
        velden["wensen"] = sorted(rnd.sample(["werk", "opleiding", "leerwerktraject", "eigen_bedrijf",
                                              "dagbesteding"], k=rnd.choice((1, 1, 2))))


def _verblijf_en_zintuigen(rnd: random.Random, verblijfsstatus: str) -> dict[str, Any]:
    """The reason of residence, the inburgering exemption and sensory limitations, each left
    unknown at its first-contact rate. A stream of its own (``rnd``), so that adding these
    facts left every other fact of the population as it was."""
    velden: dict[str, Any] = {}
    if verblijfsstatus == "gelijkgesteld":
        grond = _kies(rnd, VERBLIJFSGROND)
        velden["verblijfsgrond"] = "anders" if grond == "eu" else grond
        if grond == "eu":
            velden["inburgering_uitgezonderd"] = True
        elif grond == "asiel":
            velden["inburgering_uitgezonderd"] = False  # [A] no EU citizen, no treaty ground
    velden["zintuiglijke_beperkingen"] = [z for z, kans in ZINTUIGLIJK.items() if rnd.random() < kans]
    return {naam: waarde for naam, waarde in velden.items() if rnd.random() < KENBAAR[naam]}


def _vergeet(rnd: random.Random, velden: dict[str, Any]) -> dict[str, Any]:
    """Leave facts out at first-contact rates; keep what the profile needs to hold together."""
    uit: dict[str, Any] = {}
    for naam, waarde in velden.items():
        if naam in ("peildatum", "geboortedatum", "leeftijd"):
            continue
        if rnd.random() < KENBAAR.get(naam, 0.25):
            uit[naam] = waarde
    trekking = rnd.random()
    if trekking < KENBAAR["geboortedatum"]:
        uit["geboortedatum"] = velden["geboortedatum"]
    elif trekking < KENBAAR["geboortedatum"] + KENBAAR["leeftijd"]:
        uit["leeftijd"] = velden["leeftijd"]
    if uit.get("heeft_partner") is not True:
        uit.pop("partner_leeftijd", None)
    uit["peildatum"] = velden["peildatum"]
    return uit


def persoon(seed: int, nummer: int, peildatum: dt.date, gemeente: str | None = None,
            *, overige: list[str] | None = None) -> CaseProfile:
    """Young person ``nummer`` of population ``seed`` on ``peildatum``."""
    rnd = random.Random(f"regelruimte-populatie:{seed}:{nummer}")
    leeftijd = rnd.choice(LEEFTIJDEN)
    geboren = _plus_jaren(peildatum, -leeftijd - 1) + dt.timedelta(days=rnd.randint(1, 365))
    if leeftijd_op(geboren, peildatum) != leeftijd:  # 29 February and friends
        geboren = _plus_jaren(peildatum, -leeftijd) - dt.timedelta(days=1)
    velden: dict[str, Any] = {"peildatum": peildatum, "geboortedatum": geboren,
                              "leeftijd": leeftijd_op(geboren, peildatum)}
    velden["gemeente"] = gemeente or _gemeente(rnd, overige if overige is not None else _overige_gemeenten())
    velden["woont_in_nederland"] = rnd.random() < 0.995
    velden["verblijfsstatus"] = _kies(rnd, VERBLIJF)
    velden.update(_school(rnd, leeftijd, peildatum, geboren))
    if leeftijd < 18:
        kans = VRIJSTELLING_5A.get(velden["onderwijs"], 0.0)
        velden["vrijstellingen"] = ["lpw_5_onder_a"] if rnd.random() < kans else []
    _werk_en_zorg(rnd, velden, leeftijd)
    _jeugdhulp(rnd, velden, leeftijd, peildatum, geboren)
    _inkomen_en_huishouden(rnd, velden, leeftijd, peildatum)
    bekend = _vergeet(rnd, velden)
    extra = random.Random(f"regelruimte-populatie:{seed}:{nummer}:verblijf")
    # a reason of residence only where the desk knows the status it belongs to
    bekend.update(_verblijf_en_zintuigen(extra, velden["verblijfsstatus"] if "verblijfsstatus" in bekend else ""))
    profiel = CaseProfile.model_validate(bekend)
    fouten = samenhang_fouten(profiel, peildatum)
    if fouten:  # a bug in the generator, never in the caller's input
        raise ProfielFout(fouten, f"populatie seed {seed}, persoon {nummer}")
    return profiel


def genereer(n: int, seed: int, peildatum: dt.date, gemeente: str | None = None) -> Iterator[CaseProfile]:
    """``n`` young people of population ``seed`` on ``peildatum`` (optionally all in one gemeente)."""
    code = normaliseer_gemeente(gemeente) if gemeente else None
    overige = _overige_gemeenten()
    for nummer in range(n):
        yield persoon(seed, nummer, peildatum, code, overige=overige)


def verdeling(waarden: Sequence[Any]) -> list[tuple[Any, int]]:
    """Counts per value, most frequent first (for the summary after generating)."""
    teller: dict[Any, int] = {}
    for w in waarden:
        teller[w] = teller.get(w, 0) + 1
    return sorted(teller.items(), key=lambda kv: (-kv[1], str(kv[0])))



def schrijf(n: int, seed: int, peildatum: dt.date, pad: Any, gemeente: str | None = None,
            console: Any = None) -> None:
    """``regelruimte populatie``: write ``n`` young people to ``pad`` (csv, xlsx, jsonl or
    parquet) with a label ``casus`` (p000001, ...), and print a short summary."""
    from .tabel import formaat, platte_tabel, schrijf_tabel

    formaat(pad)
    profielen = list(genereer(n, seed, peildatum, gemeente))
    tabel = platte_tabel(profielen, [f"p{i + 1:06d}" for i in range(n)])
    schrijf_tabel(tabel, pad)
    if console is None:
        return
    leeftijden = [leeftijd_op(p.geboortedatum, peildatum) if p.geboortedatum else p.leeftijd for p in profielen]
    bekend = [p for p in profielen if p.onderwijs is not None]
    zonder_sk = {"geen", "vmbo", "praktijkonderwijs", "vso", "entree"}
    uitvallers = sum(1 for p in bekend if p.onderwijs is not None and p.onderwijs.value == "geen"
                     and p.hoogste_diploma is not None and p.hoogste_diploma.value in zonder_sk)

    def deel(aantal: int, van: int) -> str:
        return f"{aantal} ({100 * aantal / van:.1f}%)" if van else "0"

    regels = [
        f"{n} jongeren (seed {seed}, peildatum {peildatum}) geschreven naar {pad}",
        f"  leeftijd 12-17: {deel(sum(1 for a in leeftijden if a is not None and a < 18), n)}, "
        f"18-27: {deel(sum(1 for a in leeftijden if a is not None and a >= 18), n)}, onbekend: "
        f"{deel(sum(1 for a in leeftijden if a is None), n)}",
        "  onderwijs (waar bekend): " + ", ".join(
            f"{w.value if w else '?'} {deel(a, len(bekend))}" for w, a in verdeling([p.onderwijs for p in bekend])[:6]),
        f"  zonder school en zonder startkwalificatie (waar bekend): {uitvallers}",
        f"  met jeugdhulp (een periode bekend): {deel(sum(1 for p in profielen if p.jeugdhulp), n)}; in het "
        f"doelgroepregister: {deel(sum(1 for p in profielen if p.doelgroepregister), n)}; bijstand: "
        f"{deel(sum(1 for p in profielen if p.uitkering and p.uitkering.value == 'bijstand'), n)}",
        "  Aandelen en bronnen: docs/populatie.md",
    ]
    for regel in regels:
        console.print(regel, highlight=False, markup=False)
