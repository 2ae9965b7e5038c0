"""The page's form: Dutch dates, the names people use for a gemeente, empty is unknown."""

from __future__ import annotations

import datetime as dt

import pytest

pytest.importorskip("jinja2")

from regelruimte import laad_profiel
from regelruimte.web.formulier import lees_datum, lees_formulier, velden


@pytest.mark.parametrize("tekst", ["10-03-2005", "10/3/2005", "10.03.2005", " 2005-03-10 "])
def test_dutch_dates(tekst: str) -> None:
    assert lees_datum(tekst) == dt.date(2005, 3, 10)


@pytest.mark.parametrize(("tekst", "reden"), [("31-02-2005", "bestaat niet"), ("2005", "dag-maand-jaar"),
                                              ("10-03-05", "dag-maand-jaar")])
def test_bad_dates_say_why(tekst: str, reden: str) -> None:
    with pytest.raises(ValueError, match=reden):
        lees_datum(tekst)


@pytest.mark.parametrize("naam", ["Den Bosch", "den bosch", "'s-Hertogenbosch", "GM0796", "gm0796"])
def test_gemeente_as_people_say_it(naam: str) -> None:
    gegevens, fouten = lees_formulier({"gemeente": [naam]})
    assert not fouten
    assert laad_profiel(gegevens).gemeente == "GM0796"


def test_empty_is_unknown_and_geen_is_an_empty_list() -> None:
    gegevens, fouten = lees_formulier({
        "geboortedatum": ["10-03-2005"], "onderwijs": [""], "kwetsbaar": ["nee"], "vrijstellingen": ["__geen__"],
        "wensen": ["werk", "opleiding"], "leeftijd": [""], "jeugdhulp": ["__geen__"],
        "jeugdhulp-0-vorm": [""]})
    assert not fouten
    assert gegevens == {"geboortedatum": dt.date(2005, 3, 10), "kwetsbaar": False, "vrijstellingen": [],
                        "wensen": ["werk", "opleiding"], "jeugdhulp": []}


def test_jeugdhulp_periods_and_field_errors() -> None:
    gegevens, fouten = lees_formulier({"jeugdhulp-0-vorm": ["pleegzorg"], "jeugdhulp-0-gestart_op": ["01-02-2019"],
                                       "schooljaren_gevolgd": ["elf"]})
    assert gegevens["jeugdhulp"] == [{"vorm": "pleegzorg", "gestart_op": dt.date(2019, 2, 1)}]
    assert set(fouten) == {"schooljaren_gevolgd"}


def test_known_values_are_shown_as_typed() -> None:
    profiel = laad_profiel({"geboortedatum": "2005-03-10", "vrijstellingen": [], "kwetsbaar": True})
    gegevens = profiel.model_dump(exclude_none=True)
    v = {x.naam: x for x in velden(["geboortedatum", "vrijstellingen", "kwetsbaar"], gegevens, {}, {})}
    assert v["geboortedatum"].waarde == "10-03-2005"
    assert v["vrijstellingen"].gekozen == ["__geen__"]
    assert v["kwetsbaar"].gekozen == ["ja"]
