"""Shared Hypothesis strategies: case profiles and whole rule files."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from regelruimte.profile import (
    Arbeidsvermogen,
    CaseProfile,
    Diploma,
    InburgeringLeerroute,
    JeugdhulpVorm,
    Onderwijs,
    Uitkering,
    Verblijfsgrond,
    Verblijfsstatus,
    Vrijstelling,
    VsoUitstroomprofiel,
    Wens,
    ZintuiglijkeBeperking,
)

PEILDATA = st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2027, 12, 31))
GEMEENTEN = st.sampled_from(["GM0344", "GM1724", "GM0606", "GM0080", "Utrecht", "Bergeijk"])


def _optioneel(strategie: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategie)


@st.composite
def jeugdhulp(draw: st.DrawFn, geboren: dt.date | None, peildatum: dt.date) -> dict[str, Any]:
    ondergrens = geboren or peildatum - dt.timedelta(days=27 * 365)
    start = draw(_optioneel(st.dates(min_value=ondergrens, max_value=peildatum)))
    einde = None
    if start is not None and draw(st.booleans()):
        einde = draw(st.dates(min_value=start, max_value=peildatum + dt.timedelta(days=400)))
    element: dict[str, Any] = {"vorm": draw(st.sampled_from(list(JeugdhulpVorm)))}
    if start:
        element["gestart_op"] = start
    if einde:
        element["beeindigd_op"] = einde
        if draw(st.booleans()):
            element["hervat_op"] = draw(st.dates(min_value=einde, max_value=einde + dt.timedelta(days=400)))
    return element


@st.composite
def profielen(draw: st.DrawFn, peildatum: dt.date | None = None,
              jeugdhulp_kans: float = 0.5) -> tuple[CaseProfile, dt.date]:
    """A valid profile and a peildatum; any field may be absent (unknown)."""
    peil = peildatum or draw(PEILDATA)
    geboren = draw(_optioneel(st.dates(min_value=peil - dt.timedelta(days=30 * 365),
                                       max_value=peil - dt.timedelta(days=10 * 365))))
    velden: dict[str, Any] = {}

    def misschien(naam: str, strategie: st.SearchStrategy[Any]) -> None:
        waarde = draw(_optioneel(strategie))
        if waarde is not None:
            velden[naam] = waarde

    if geboren is not None:
        velden["geboortedatum"] = geboren
    elif draw(st.booleans()):
        velden["leeftijd"] = draw(st.integers(10, 30))
    na_geboorte = st.dates(min_value=geboren or peil - dt.timedelta(days=20 * 365), max_value=peil)
    misschien("gemeente", GEMEENTEN)
    misschien("woont_in_nederland", st.booleans())
    misschien("verblijfsstatus", st.sampled_from(list(Verblijfsstatus)))
    misschien("hoogste_diploma", st.sampled_from(list(Diploma)))
    misschien("onderwijs", st.sampled_from(list(Onderwijs)))
    misschien("vorig_onderwijs", st.sampled_from(list(Onderwijs)))
    misschien("vso_uitstroomprofiel", st.sampled_from(list(VsoUitstroomprofiel)))
    misschien("onderwijs_verlaten_op", na_geboorte)
    misschien("schooljaren_gevolgd", st.integers(0, 16))
    misschien("vrijstellingen", st.lists(st.sampled_from(list(Vrijstelling)), unique=True, max_size=3))
    if draw(st.floats(0, 1)) < jeugdhulp_kans:
        velden["jeugdhulp"] = draw(st.lists(jeugdhulp(geboren, peil), max_size=3))
    for naam in ("jeugdhulp_nodig_besloten_voor_18", "jeugdhulp_voortzetting_nodig_besloten",
                 "berecht_adolescentenstrafrecht", "wlz_indicatie", "medisch_urenbeperkt",
                 "doelgroep_loonkostensubsidie", "doelgroepregister", "kinderen", "in_inrichting",
                 "kan_onderwijs_volgen", "kwetsbaar", "hulpverlening_in_gang",
                 "kan_terugvallen_op_ouders", "verzoek_school_ondersteuning", "ingeschreven_uwv",
                 "gedetineerd", "weigert_verplichtingen_ondubbelzinnig",
                 "structureel_beperkt_bijverdienen", "onderwijs_belemmerd_door_ziekte",
                 "kinderbeschermingsmaatregel", "wlz_medewerking_geweigerd", "mbo_certificaat_behaald"):
        misschien(naam, st.booleans())
    misschien("arbeidsvermogen", st.sampled_from(list(Arbeidsvermogen)))
    misschien("uitkering", st.sampled_from(list(Uitkering)))
    misschien("melding_bijstand_op", na_geboorte)
    misschien("wmo_melding_op", na_geboorte)
    partner = draw(_optioneel(st.booleans()))
    if partner is not None:
        velden["heeft_partner"] = partner
        if partner:
            misschien("partner_leeftijd", st.integers(16, 40))
            misschien("partner_onderwijs", st.sampled_from(list(Onderwijs)))
            misschien("partner_vorig_onderwijs", st.sampled_from(list(Onderwijs)))
            misschien("partner_onderwijs_verlaten_op",
                      st.dates(min_value=peil - dt.timedelta(days=10 * 365), max_value=peil))
            misschien("partner_medisch_urenbeperkt", st.booleans())
            misschien("partner_doelgroep_loonkostensubsidie", st.booleans())
    misschien("wensen", st.lists(st.sampled_from(list(Wens)), unique=True, max_size=3))
    misschien("zintuiglijke_beperkingen",
              st.lists(st.sampled_from(list(ZintuiglijkeBeperking)), unique=True, max_size=2))
    misschien("verblijfsgrond", st.sampled_from(list(Verblijfsgrond)))
    misschien("verblijfsvergunning_sinds", na_geboorte)
    misschien("inburgering_uitgezonderd", st.booleans())
    misschien("inburgering_leerroute", st.sampled_from(list(InburgeringLeerroute)))
    return CaseProfile(**velden), peil


# --- random rule files ----------------------------------------------------------------

_FEITEN: dict[str, st.SearchStrategy[dict[str, Any]]] = {
    "leeftijd": st.builds(lambda op, n: {"feit": "leeftijd", op: n},
                          st.sampled_from(["vanaf", "tot", "boven", "tot_en_met", "is", "is_niet"]),
                          st.integers(12, 28)),
    "onderwijs": st.builds(lambda op, w: {"feit": "onderwijs", op: w},
                           st.sampled_from(["in", "niet_in"]),
                           st.lists(st.sampled_from([o.value for o in Onderwijs]), min_size=1,
                                    max_size=3, unique=True)),
    "hoogste_diploma": st.builds(lambda w: {"feit": "hoogste_diploma", "is": w},
                                 st.sampled_from([d.value for d in Diploma])),
    "bool": st.builds(lambda f, w: {"feit": f, "is": w},
                      st.sampled_from(["kwetsbaar", "kan_onderwijs_volgen", "heeft_partner",
                                       "medisch_urenbeperkt"]), st.booleans()),
    "vorig_schooljaar": st.builds(lambda op, n: {"feit": "leeftijd_einde_vorig_schooljaar", op: n},
                                  st.sampled_from(["vanaf", "tot", "boven", "tot_en_met", "is", "is_niet"]),
                                  st.integers(12, 28)),
    "melding": st.builds(lambda op, n: {"feit": "melding_bijstand_op.weken_geleden", op: n},
                         st.sampled_from(["vanaf", "tot"]), st.integers(0, 6)),
    "bekend": st.builds(lambda f, w: {"feit": f, "bekend": w},
                        st.sampled_from(["kwetsbaar", "leeftijd", "jeugdhulp", "vrijstellingen",
                                         "melding_bijstand_op"]), st.booleans()),
    "vrijstelling": st.builds(lambda op, w: {"feit": "vrijstellingen", op: w},
                              st.sampled_from(["bevat", "bevat_niet"]),
                              st.sampled_from([v.value for v in Vrijstelling])),
}

_ELEMENT: st.SearchStrategy[dict[str, Any]] = st.one_of(
    st.builds(lambda w: {"feit": "vorm", "is": w}, st.sampled_from([v.value for v in JeugdhulpVorm])),
    st.builds(lambda op, n: {"feit": "gestart_op.leeftijd_op", op: n},
              st.sampled_from(["vanaf", "tot"]), st.integers(10, 20)),
    st.builds(lambda w: {"feit": "lopend", "is": w}, st.booleans()),
    st.builds(lambda n: {"feit": "beeindigd_op.maanden_geleden", "tot": n}, st.integers(0, 12)),
    st.builds(lambda w: {"feit": "gestart_op", "bekend": w}, st.booleans()),
    st.builds(lambda w: {"feit": "hervat_op", "bekend": w}, st.booleans()),
    st.builds(lambda w: {"feit": "hervat_binnen_half_jaar", "is": w}, st.booleans()),
)


def _combineer(blad: st.SearchStrategy[dict[str, Any]], diepte: int) -> st.SearchStrategy[dict[str, Any]]:
    return st.recursive(
        blad,
        lambda kind: st.one_of(
            st.builds(lambda xs: {"alle": xs}, st.lists(kind, min_size=1, max_size=3)),
            st.builds(lambda xs: {"een_van": xs}, st.lists(kind, min_size=1, max_size=3)),
            st.builds(lambda x: {"niet": x}, kind),
        ),
        max_leaves=diepte,
    )


@st.composite
def regelbestanden(draw: st.DrawFn) -> dict[str, Any]:
    """A random, valid rule file: derived facts, rules that read them, exceptions, er_is, and
    sometimes a presumption."""
    aantal = draw(st.integers(2, 7))
    regels: list[dict[str, Any]] = []
    afgeleid: list[str] = []
    ids: list[str] = []
    basis = st.one_of(*_FEITEN.values())
    for i in range(aantal):
        bladeren = [basis]
        if afgeleid:
            bladeren.append(st.builds(lambda f, w: {"feit": f, "is": w},
                                      st.sampled_from(afgeleid), st.booleans()))
        if ids:
            bladeren.append(st.builds(lambda r, w: {"regel": r, "is": w}, st.sampled_from(ids),
                                      st.booleans()))
        er_is = st.builds(lambda c: {"er_is": {"lijst": "jeugdhulp", "waarvoor": c}},
                          _combineer(_ELEMENT, 3))
        bladeren.extend([er_is, er_is])  # weighted: negated er_is is the subtle case
        als = draw(_combineer(st.one_of(*bladeren), 5))
        soort = draw(st.sampled_from(["feit", "regime", "uitzondering"] if ids else ["feit", "regime"]))
        regel: dict[str, Any] = {
            "id": f"t.r{i}", "titel": f"Regel {i}", "soort": soort, "als": als,
            "grondslag": [{"wet": "PW", "artikel": "11"}], "aard": "moet",
            "uitleg": "Uitleg van de testregel.",
        }
        if soort == "feit":
            naam = draw(st.sampled_from([*afgeleid, f"f{i}"]) if afgeleid else st.just(f"f{i}"))
            regel["feit"] = naam
            if naam not in afgeleid:
                afgeleid.append(naam)
        elif soort == "uitzondering":
            doelen = [r["id"] for r in regels if r["soort"] == "regime"]
            if not doelen:
                regel["soort"] = "regime"
            else:
                regel["uitzondering_op"] = draw(st.lists(st.sampled_from(doelen), min_size=1,
                                                         max_size=2, unique=True))
        if regel["soort"] != "feit":
            ids.append(regel["id"])
        regels.append(regel)
    bestand: dict[str, Any] = {"geldig_vanaf": "2015-01-01", "regels": regels}
    vermoeden = draw(_optioneel(_VERMOEDEN))
    if vermoeden is not None:
        bestand["vermoedens"] = [vermoeden]
    return bestand


#: the first days of the periods ``regelbestanden_met_tijdvakken`` gives rules
TIJDVAK_GRENZEN = (dt.date(2019, 1, 1), dt.date(2021, 7, 1), dt.date(2023, 1, 1))


@st.composite
def regelbestanden_met_tijdvakken(draw: st.DrawFn) -> dict[str, Any]:
    """A random rule file (``regelbestanden``) whose rules hold in different periods: some
    start later, some end, some get a version with the opposite condition. So its epochs
    differ in which rules hold, how a rule reads, and which rules define a derived fact."""
    bestand = draw(regelbestanden())
    grens = st.sampled_from(TIJDVAK_GRENZEN)
    for regel in bestand["regels"]:
        keuze = draw(st.sampled_from(["altijd", "later", "eindigt", "versie"]))
        if keuze == "later":
            regel["geldig_vanaf"] = draw(grens)
        elif keuze == "eindigt":
            regel["geldig_tot_en_met"] = draw(grens) - dt.timedelta(days=1)
        elif keuze == "versie":
            regel["versies"] = [{"geldig_vanaf": draw(grens), "als": {"niet": regel["als"]}}]
    return bestand


# A presumption on a field the rules above test (never with 'bekend'), sometimes conditional.
_VERMOEDEN: st.SearchStrategy[dict[str, Any]] = st.builds(
    lambda feit_waarde, als: {
        "id": "t.v", "titel": "Een vermoeden", "feit": feit_waarde[0], "waarde": feit_waarde[1],
        "grondslag": [{"wet": "PW", "artikel": "11"}], "tenzij": "het anders blijkt",
        "toelichting": "Voor de test.", **({"als": als} if als else {})},
    st.one_of(st.tuples(st.sampled_from(["kan_onderwijs_volgen", "heeft_partner", "medisch_urenbeperkt"]),
                        st.booleans()),
              st.tuples(st.just("hoogste_diploma"), st.sampled_from([d.value for d in Diploma])),
              st.tuples(st.just("onderwijs"), st.sampled_from([o.value for o in Onderwijs]))),
    _optioneel(st.builds(lambda op, n: {"feit": "leeftijd", op: n}, st.sampled_from(["vanaf", "tot"]),
                         st.integers(12, 28))),
)
