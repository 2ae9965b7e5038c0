"""The public contract: profile and advice field names, and that fast-built output models
are exactly what validated construction gives."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from regelruimte import Advies, CaseProfile, Engine, standaard_regels
from regelruimte.advies import Item, Maatwerk, Route, Signaal

from .backend import STANDAARD
from .strategies import profielen

ENGINE = Engine.from_directory(standaard_regels(), backend=STANDAARD)
ROOT = Path(__file__).resolve().parents[1]

PROFIELVELDEN = {
    "peildatum", "geboortedatum", "leeftijd", "gemeente", "woont_in_nederland", "verblijfsstatus",
    "hoogste_diploma", "onderwijs", "vso_uitstroomprofiel", "onderwijs_verlaten_op", "schooljaren_gevolgd",
    "vrijstellingen", "jeugdhulp", "jeugdhulp_nodig_besloten_voor_18", "wlz_indicatie", "arbeidsvermogen",
    "medisch_urenbeperkt", "doelgroepregister", "uitkering", "melding_bijstand_op", "heeft_partner",
    "partner_leeftijd", "kinderen", "in_inrichting", "kan_onderwijs_volgen", "kwetsbaar",
    "hulpverlening_in_gang", "kan_terugvallen_op_ouders", "wensen",
}


def test_profile_keeps_every_contract_field() -> None:
    assert set(CaseProfile.model_fields) >= PROFIELVELDEN


def test_advice_keeps_every_contract_field() -> None:
    assert {"regimes", "routes", "maatwerk", "signalen", "vragen", "trace", "ontvangst"} <= set(Advies.model_fields)
    assert {"id", "titel", "status", "uitleg", "grondslag"} <= set(Item.model_fields)
    assert {"beslisser", "aard"} <= set(Maatwerk.model_fields)
    assert "financier" in Route.model_fields
    assert {"wetten", "overbrugging"} <= set(Signaal.model_fields)


def test_fast_built_advice_equals_validated_advice() -> None:
    from hypothesis import given, settings

    @settings(max_examples=60, deadline=None)
    @given(profielen())
    def controleer(geval: tuple[CaseProfile, dt.date]) -> None:
        profiel, peil = geval
        try:
            advies = ENGINE.evaluate(profiel, peil, alles=True)
        except ValueError:
            return
        gevalideerd = Advies.model_validate(json.loads(advies.model_dump_json()))
        assert gevalideerd == advies
        assert gevalideerd.model_dump_json() == advies.model_dump_json()

    controleer()


@pytest.mark.parametrize("naam", ["casusprofiel", "advies", "regelbestand", "dekking", "scenarios"])
def test_committed_schemas_are_current(naam: str) -> None:
    from regelruimte.schemas import alle_schemas

    bestand = ROOT / "schema" / f"{naam}.schema.json"
    assert json.loads(bestand.read_text(encoding="utf-8")) == alle_schemas()[naam], (
        f"schema/{naam}.schema.json is verouderd: draai 'regelruimte schema -o schema'")


@pytest.mark.parametrize(("veld", "waarde"), [
    ("partner_leeftijd", 24), ("partner_onderwijs", "vso"), ("partner_vorig_onderwijs", "pro"),
    ("partner_onderwijs_verlaten_op", dt.date(2025, 1, 1)), ("partner_medisch_urenbeperkt", True),
    ("partner_doelgroep_loonkostensubsidie", False),
])
def test_partner_fields_without_partner_name_the_field(veld: str, waarde: object) -> None:
    from regelruimte import ProfielFout

    with pytest.raises(ProfielFout) as fout:
        ENGINE.evaluate({"leeftijd": 22, "heeft_partner": False, veld: waarde}, dt.date(2026, 3, 1))
    assert f"{veld}: is ingevuld terwijl heeft_partner false is" in str(fout.value)


def test_partner_leaving_date_after_peildatum_is_refused() -> None:
    from regelruimte import ProfielFout

    with pytest.raises(ProfielFout, match="partner_onderwijs_verlaten_op: ligt na de peildatum 2026-03-01") as fout:
        ENGINE.evaluate({"leeftijd": 22, "heeft_partner": True, "partner_vorig_onderwijs": "vso",
                         "partner_onderwijs_verlaten_op": dt.date(2026, 4, 1)}, dt.date(2026, 3, 1))
    assert "2026-04-01" not in str(fout.value)  # the refused date is personal data
    assert fout.value.waarden == {"partner_onderwijs_verlaten_op": dt.date(2026, 4, 1)}


@pytest.mark.parametrize("regel", ["geboortedatum: 2004-02-30", "melding_bijstand_op: 2025-12-32"])
def test_impossible_unquoted_date_names_the_field(tmp_path: Path, regel: str) -> None:
    # YAML reads 2004-02-30 as a timestamp and cannot build it: that must be a profile
    # error naming the field, not a traceback.
    from regelruimte import ProfielFout
    from regelruimte.profile import lees_profiel

    pad = tmp_path / "casus.yaml"
    pad.write_text(f"leeftijd: 20\n{regel}\n", encoding="utf-8")
    veld = regel.split(":")[0]
    with pytest.raises(ProfielFout, match=f"{veld}: geen geldige datum"):
        lees_profiel(pad)


def test_published_advice_schema_accepts_fields_added_later() -> None:
    from regelruimte.schemas import alle_schemas

    tekst = json.dumps(alle_schemas()["advies"])
    assert '"additionalProperties": false' not in tekst
    assert '"additionalProperties": false' in json.dumps(alle_schemas()["casusprofiel"])
