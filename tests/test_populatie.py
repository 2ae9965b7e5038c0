"""regelruimte populatie: valid, deterministic, plausible young people."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from regelruimte.cli import app
from regelruimte.populatie import genereer, persoon
from regelruimte.profile import CaseProfile, leeftijd_op, samenhang_fouten

PEIL = dt.date(2025, 12, 31)


def test_every_young_person_is_a_valid_profile_between_12_and_27() -> None:
    for profiel in genereer(2000, 7, PEIL):
        assert isinstance(profiel, CaseProfile)
        assert samenhang_fouten(profiel, PEIL) == []
        leeftijd = leeftijd_op(profiel.geboortedatum, PEIL) if profiel.geboortedatum else profiel.leeftijd
        assert leeftijd is None or 12 <= leeftijd <= 27


def test_deterministic_for_a_seed_and_independent_of_n() -> None:
    eerste = list(genereer(200, 3, PEIL))
    assert eerste == list(genereer(200, 3, PEIL))
    assert eerste[:50] == list(genereer(50, 3, PEIL))
    assert eerste != list(genereer(200, 4, PEIL))


def test_pro_and_vso_leavers_are_far_likelier_in_the_doelgroepregister() -> None:
    # the underlying draw, before facts are left unknown: count where both are known
    pro_vso = ander = pro_vso_ja = ander_ja = 0
    for profiel in genereer(6000, 11, PEIL):
        school = profiel.vorig_onderwijs if profiel.onderwijs and profiel.onderwijs.value == "geen" else None
        if school is None or profiel.doelgroepregister is None:
            continue
        if school.value in ("pro", "vso"):
            pro_vso += 1
            pro_vso_ja += profiel.doelgroepregister
        else:
            ander += 1
            ander_ja += profiel.doelgroepregister
    assert pro_vso > 10 and ander > 100
    assert pro_vso_ja / pro_vso > 10 * (ander_ja / ander)


def test_shares_are_near_the_published_figures() -> None:
    profielen = list(genereer(5000, 1, PEIL))
    onder_18 = [p for p in profielen if p.geboortedatum and leeftijd_op(p.geboortedatum, PEIL) < 18]
    met_hulp = sum(1 for p in onder_18 if p.jeugdhulp and any(h.beeindigd_op is None for h in p.jeugdhulp))
    bekend = sum(1 for p in onder_18 if p.jeugdhulp is not None)
    # CBS 2023: 1 in 7 under 18 had jeugdzorg; about half of the lists are unknown at first contact
    assert 0.08 < met_hulp / bekend < 0.25
    bijstand = sum(1 for p in profielen if p.uitkering is not None and p.uitkering.value == "bijstand")
    assert 0.005 < bijstand / len(profielen) < 0.04  # CBS 2023: about 1.9 % of 18-26, 1.2 % of 12-27


def test_one_gemeente_for_everyone() -> None:
    assert {p.gemeente for p in genereer(100, 1, PEIL, "Bergeijk")} <= {"GM1724", None}
    assert persoon(1, 0, PEIL, "GM0344").gemeente in ("GM0344", None)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".jsonl", ".parquet"])
def test_command_writes_every_format(tmp_path: Path, suffix: str) -> None:
    uit = tmp_path / f"pop{suffix}"
    resultaat = CliRunner().invoke(app, ["populatie", "--n", "30", "--seed", "2", "--peildatum", "2026-03-01",
                                         "--uit", str(uit)])
    assert resultaat.exit_code == 0, resultaat.output
    assert "30 jongeren" in resultaat.output
    from regelruimte.tabel import lees_invoer

    invoer = lees_invoer(uit)
    assert len(invoer) == 30
    assert invoer.rijen["casus"].to_list()[:2] == ["p000001", "p000002"]
    assert set(invoer.rijen["peildatum"].to_list()) == {"2026-03-01"}


def test_command_refuses_an_unknown_gemeente_and_suffix(tmp_path: Path) -> None:
    fout = CliRunner().invoke(app, ["populatie", "--n", "3", "--gemeente", "Utrechtt",
                                    "--uit", str(tmp_path / "p.csv")])
    assert fout.exit_code == 2 and "bedoel je 'Utrecht'" in fout.output
    fout = CliRunner().invoke(app, ["populatie", "--n", "3", "--uit", str(tmp_path / "p.txt")])
    assert fout.exit_code == 2 and "onbekend bestandstype" in fout.output


def test_typed_columns_in_parquet(tmp_path: Path) -> None:
    uit = tmp_path / "pop.parquet"
    CliRunner().invoke(app, ["populatie", "--n", "20", "--peildatum", "2026-03-01", "--uit", str(uit)])
    schema = pl.read_parquet_schema(uit)
    assert schema["geboortedatum"] == pl.Date and schema["kwetsbaar"] == pl.Boolean
    assert schema["leeftijd"] == pl.Int64 and schema["onderwijs"] == pl.String


def test_residence_ground_and_sensory_limitations_follow_the_published_figures() -> None:
    profielen = list(genereer(10000, 1, PEIL))
    gronden = [p.verblijfsgrond.value for p in profielen if p.verblijfsgrond is not None]
    # only for young people who are not Dutch (gelijkgesteld), and then the desk knows the status
    assert all(p.verblijfsstatus is not None and p.verblijfsstatus.value == "gelijkgesteld"
               for p in profielen if p.verblijfsgrond is not None)
    assert len(gronden) > 200
    # CBS 2018 immigrants: 58 % EU plus 4.5 % other grounds ('anders'), 6.8 % asylum
    assert 0.52 < gronden.count("anders") / len(gronden) < 0.72
    assert 0.02 < gronden.count("asiel") / len(gronden) < 0.13
    # the EU citizens are exempt from inburgering, an asylum permit holder is not
    for p in profielen:
        if p.inburgering_uitgezonderd is True:
            assert p.verblijfsgrond in (None, "anders")
        if p.inburgering_uitgezonderd is False:
            assert p.verblijfsgrond in (None, "asiel")
    bekend = [p.zintuiglijke_beperkingen for p in profielen if p.zintuiglijke_beperkingen is not None]
    horen = sum("auditief" in z for z in bekend) / len(bekend)
    assert len(bekend) > 2000 and 0.005 < horen < 0.03  # RIVM/Nivel 2019: 12-15 per 1,000
