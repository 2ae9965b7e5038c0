"""regelruimte batch: a table of profiles in, one result row per case out."""

from __future__ import annotations

import datetime as dt
import io
import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import polars as pl
import pytest
from rich.console import Console
from typer.testing import CliRunner

from regelruimte import Engine, standaard_regels
from regelruimte.batch import Blok, BlokUitkomst, Opdracht, evalueer_blok, voer_uit
from regelruimte.cli import app
from regelruimte.tabel import TabelFout, lees_invoer

from .backend import STANDAARD

REGELS = str(standaard_regels())
ENGINE = Engine.from_directory(REGELS, backend=STANDAARD)

GEVALLEN = """\
casus,peildatum,geboortedatum,onderwijs,hoogste_diploma,kwetsbaar,vrijstellingen,jeugdhulp.0.vorm,jeugdhulp.0.gestart_op,\
wensen
a,2025-06-01,2008-05-01,geen,vmbo,ja,geen,,,werk;opleiding
b,2025-06-01,2010-05-01,vo,geen,nee,,begeleiding,2020-01-01,
c,2025-06-01,2007-05-01,mbo,geen,misschien,lpw_99,verblijf,2001-01-01,
,,,,,,,,,
d,2025-06-01,2030-05-01,geen,mbo2,true,,,,
e,2025-06-01,2000-05-01,geen,mbo2,true,,,,
"""


def _draai(tmp_path: Path, invoer: str = GEVALLEN, naam: str = "gevallen.csv", uit: str = "uit.csv",
           wetdatum: dt.date | None = None, per_geval: bool = False) -> tuple[int, str, Path]:
    """The command's work on the shared engine (the command line itself: test_command_line)."""
    pad = tmp_path / naam
    pad.write_text(invoer, encoding="utf-8")
    scherm = io.StringIO()
    try:
        code = voer_uit(pad, tmp_path / uit, Opdracht(REGELS, STANDAARD, wetdatum=wetdatum), processen=1,
                        console=Console(file=scherm, width=200), engine=ENGINE, per_geval=per_geval)
    except (TabelFout, ValueError) as fout:
        return 2, str(fout), tmp_path / uit
    return code, scherm.getvalue(), tmp_path / uit


def test_command_line(tmp_path: Path) -> None:
    pad = tmp_path / "g.csv"
    pad.write_text(GEVALLEN, encoding="utf-8")
    resultaat = CliRunner().invoke(app, ["batch", str(pad), "--uit", str(tmp_path / "u.xlsx"), "--backend", STANDAARD,
                                         "--peildatum", "2025-06-01"])
    assert resultaat.exit_code == 1, resultaat.output
    assert "ongeldig: rij 4: onderwijs" in resultaat.output and "geschreven:" in resultaat.output
    assert pl.read_excel(tmp_path / "u.xlsx").height == 5
    kolommen = pl.read_excel(tmp_path / "u.xlsx", sheet_name="kolommen")
    assert kolommen.filter(pl.col("kolom") == "jw.jeugdwet")["soort"].to_list() == ["regime"]


def test_one_result_row_per_case_with_every_status_and_the_questions(tmp_path: Path) -> None:
    code, uitvoer, pad = _draai(tmp_path)
    assert code == 1  # some rows invalid; the output is complete all the same
    tabel = pl.read_csv(pad, infer_schema=False)
    assert tabel["rij"].to_list() == ["2", "3", "4", "6", "7"]  # the empty row 5 is no case
    assert tabel["casus"].to_list() == ["a", "b", "c", "d", "e"]
    eerste = tabel.row(0, named=True)
    advies = ENGINE.evaluate({"geboortedatum": "2008-05-01", "onderwijs": "geen", "hoogste_diploma": "vmbo",
                              "kwetsbaar": True, "vrijstellingen": [], "wensen": ["werk", "opleiding"]},
                             dt.date(2025, 6, 1), alles=True)
    for sectie in (advies.regimes, advies.routes, advies.maatwerk, advies.signalen, advies.beleid):
        for item in sectie:
            assert eerste[item.id] == item.status.value, item.id
    assert eerste["vragen"] == ";".join(v.feit for v in advies.vragen)
    assert eerste["fout"] is None
    assert "5 gevallen" in uitvoer and "3 beoordeeld, 2 ongeldig" in uitvoer


def test_the_batch_does_not_build_the_trace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the trace is never written by the batch: on the per-case path building it would be a
    # third of the explanation (the columnar path has no trace at all)
    gevraagd: list[bool] = []
    echt = Engine.evaluate

    def evaluate(self: Engine, *args: object, **kwargs: object) -> object:
        gevraagd.append(bool(kwargs.get("trace", True)))
        return echt(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Engine, "evaluate", evaluate)
    _draai(tmp_path, per_geval=True)
    assert gevraagd and not any(gevraagd)


def test_invalid_rows_name_row_field_and_reason_but_never_the_value(tmp_path: Path) -> None:
    _, uitvoer, pad = _draai(tmp_path)
    regels = [r for r in uitvoer.splitlines() if r.startswith("ongeldig")]
    assert any(r.startswith("ongeldig: rij 4: onderwijs: ongeldige waarde; toegestaan:") for r in regels)
    assert any("rij 4: kwetsbaar: verwacht true of false" in r for r in regels)
    assert any("rij 4: vrijstellingen: ongeldige waarde" in r for r in regels)
    assert any(r.startswith("ongeldig: rij 6: geboortedatum: ligt na de peildatum ") for r in regels)
    tabel = pl.read_csv(pad, infer_schema=False)
    for geheim in ("mbo'", "misschien", "lpw_99", "2030-05-01", "2001-01-01"):
        assert geheim not in uitvoer
        assert not any(geheim in (f or "") for f in tabel["fout"].to_list())
    # a valid row after an invalid one is evaluated
    assert tabel.filter(pl.col("casus") == "e")["jw.jeugdwet"].to_list() != [None]


def test_jeugdhulp_start_before_birth_names_its_column(tmp_path: Path) -> None:
    invoer = ("peildatum,geboortedatum,jeugdhulp.2.vorm,jeugdhulp.2.gestart_op\n"
              "2025-06-01,2010-01-01,begeleiding,2009-01-01\n")
    _, uitvoer, _ = _draai(tmp_path, invoer)
    assert "rij 2: jeugdhulp.2.gestart_op: ligt vóór de geboortedatum" in uitvoer
    assert "2009-01-01" not in uitvoer


@pytest.mark.parametrize(("invoer_suffix", "uit_suffix"), [
    (".csv", ".csv"), (".xlsx", ".csv"), (".jsonl", ".csv"), (".parquet", ".csv"),
    (".csv", ".xlsx"), (".csv", ".jsonl"), (".csv", ".parquet")])
def test_every_format_in_and_out(tmp_path: Path, invoer_suffix: str, uit_suffix: str) -> None:
    from regelruimte.populatie import schrijf

    bron = tmp_path / f"pop{invoer_suffix}"
    schrijf(12, 1, dt.date(2026, 2, 1), bron)
    uit = tmp_path / f"res{uit_suffix}"
    stil = Console(file=io.StringIO())
    assert voer_uit(bron, uit, Opdracht(REGELS, STANDAARD), processen=1, console=stil, engine=ENGINE) == 0
    tabel = {".csv": lambda p: pl.read_csv(p, infer_schema=False), ".xlsx": pl.read_excel,
             ".jsonl": pl.read_ndjson, ".parquet": pl.read_parquet}[uit_suffix](uit)
    assert tabel.height == 12
    assert tabel["casus"].to_list()[0] == "p000001"
    assert set(tabel["jw.jeugdwet"].to_list()) <= {"van_toepassing", "niet_van_toepassing", "onbepaald"}
    assert not list(tmp_path.glob(".*.deel"))


def test_jsonl_takes_nested_lists_and_reports_broken_lines(tmp_path: Path) -> None:
    regels = [
        {"casus": "x", "peildatum": "2025-06-01", "geboortedatum": "2008-05-01", "vrijstellingen": [],
         "jeugdhulp": [{"vorm": "verblijf", "gestart_op": "2020-01-01"}], "wensen": ["werk"]},
    ]
    invoer = json.dumps(regels[0]) + "\n{kapot\n\n[1, 2]\n"
    code, uitvoer, pad = _draai(tmp_path, invoer, "g.jsonl", "u.jsonl")
    assert code == 1
    assert "rij 2: geen geldige JSON" in uitvoer and "rij 4: geen JSON-object" in uitvoer
    rijen = [json.loads(r) for r in pad.read_text(encoding="utf-8").splitlines()]
    assert [r["rij"] for r in rijen] == [1, 2, 4]
    assert rijen[0]["jw.jeugdwet"] == "van_toepassing"


def test_the_wetdatum_moves_the_law_not_the_person(tmp_path: Path) -> None:
    invoer = "peildatum,geboortedatum,onderwijs,hoogste_diploma\n2025-12-31,2008-01-01,geen,vmbo\n"
    _, _, pad = _draai(tmp_path, invoer, "g.csv", "u.csv", dt.date(2026, 1, 1))
    rij = pl.read_csv(pad, infer_schema=False).row(0, named=True)
    assert rij["peildatum"] == "2025-12-31" and rij["wetdatum"] == "2026-01-01"
    assert rij["web.9.2.doorstroompunt"] is not None  # a 2026 route
    assert rij["lpw.kwalificatieplicht"] == "van_toepassing"  # still 17 on the peildatum


def test_unusable_files_get_a_clear_error(tmp_path: Path) -> None:
    code, uitvoer, _ = _draai(tmp_path, "geboortedatum,leeftijdd\n2008-01-01,3\n")
    assert code == 2 and "onbekende kolom 'leeftijdd' (bedoel je 'leeftijd'?)" in uitvoer
    kapot = tmp_path / "kapot.xlsx"
    kapot.write_bytes(b"PK\x03\x04 geen echt werkboek")
    resultaat = CliRunner().invoke(app, ["batch", str(kapot), "--uit", str(tmp_path / "u.csv")])
    assert resultaat.exit_code == 2 and "geen leesbaar xlsx-bestand" in resultaat.output
    resultaat = CliRunner().invoke(app, ["batch", str(tmp_path / "bestaat_niet.csv"), "--uit", str(tmp_path / "u.csv")])
    assert resultaat.exit_code == 2 and "bestaat niet" in resultaat.output
    code, uitvoer, _ = _draai(tmp_path, GEVALLEN, "g.csv", "g.csv")
    assert code == 2 and "het invoerbestand" in uitvoer
    code, uitvoer, _ = _draai(tmp_path, GEVALLEN, "g.csv", "geen_map/u.csv")
    assert code == 2 and "bestaat niet" in uitvoer
    (tmp_path / "latin1.csv").write_bytes("geboortedatum,gemeente\n2008-01-01,Súdwest-Fryslân\n".encode("latin-1"))
    resultaat = CliRunner().invoke(app, ["batch", str(tmp_path / "latin1.csv"), "--uit", str(tmp_path / "u.csv")])
    assert resultaat.exit_code == 2 and "UTF-8" in resultaat.output


def test_size_and_row_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from regelruimte import tabel

    pad = tmp_path / "g.csv"
    pad.write_text(GEVALLEN, encoding="utf-8")
    monkeypatch.setattr(tabel, "MAX_BESTAND_BYTES", 100)
    with pytest.raises(TabelFout, match="groter dan"):
        lees_invoer(pad)
    monkeypatch.setattr(tabel, "MAX_BESTAND_BYTES", 10**9)
    monkeypatch.setattr(tabel, "MAX_RIJEN", 3)
    with pytest.raises(TabelFout, match="meer dan 3 rijen"):
        lees_invoer(pad)


def test_no_cases_still_gives_the_columns(tmp_path: Path) -> None:
    code, _, pad = _draai(tmp_path, "geboortedatum,onderwijs\n")
    assert code == 0
    kop = pad.read_text(encoding="utf-8").strip().split(",")
    assert kop[:5] == ["rij", "casus", "peildatum", "wetdatum", "fout"] and kop[-1] == "vragen"
    assert "jw.jeugdwet" in kop


def test_dutch_excel_csv_with_semicolons_and_a_bom(tmp_path: Path) -> None:
    invoer = "\ufeffpeildatum;geboortedatum;wensen\n2025-06-01;2008-05-01;\"werk;opleiding\"\n"
    code, uitvoer, pad = _draai(tmp_path, invoer)
    assert code == 0, uitvoer
    assert pl.read_csv(pad, infer_schema=False)["fout"].to_list() == [None]


def test_interrupted_run_leaves_no_output(tmp_path: Path) -> None:
    invoer = tmp_path / "pop.csv"
    CliRunner().invoke(app, ["populatie", "--n", "450", "--peildatum", "2026-02-01", "--uit", str(invoer)])
    aantal = 0

    def onderbreek(engine: Engine, opdracht: Opdracht, blok: Blok) -> BlokUitkomst:
        nonlocal aantal
        aantal += 1
        if aantal == 2:
            raise KeyboardInterrupt
        return evalueer_blok(engine, opdracht, blok)

    uit = tmp_path / "res.parquet"
    with pytest.raises(KeyboardInterrupt):
        voer_uit(invoer, uit, Opdracht(REGELS, STANDAARD), processen=1, console=Console(file=io.StringIO()),
                 engine=ENGINE, evaluator=onderbreek)
    assert not uit.exists()
    assert list(tmp_path.iterdir()) == [invoer]


@pytest.mark.slow  # about 30 s: a real process with two workers, each compiling the rules
def test_ctrl_c_on_the_command_stops_the_workers_and_writes_nothing(tmp_path: Path) -> None:
    invoer = tmp_path / "pop.csv"
    CliRunner().invoke(app, ["populatie", "--n", "4000", "--peildatum", "2026-02-01", "--uit", str(invoer)])
    uit = tmp_path / "res.csv"
    proces = subprocess.Popen([sys.executable, "-m", "regelruimte.cli", "batch", str(invoer), "--uit", str(uit),
                               "-j", "2", "--backend", STANDAARD], stderr=subprocess.PIPE, text=True)
    tot = time.monotonic() + 60
    while not list(tmp_path.glob(".res.csv.*.deel")) and time.monotonic() < tot and proces.poll() is None:
        time.sleep(0.1)
    time.sleep(1.0)  # the workers are running their first chunks
    proces.send_signal(signal.SIGINT)
    _, fout = proces.communicate(timeout=60)
    assert proces.returncode == 130, fout
    assert "afgebroken" in fout and "Traceback" not in fout
    assert not uit.exists() and not list(tmp_path.glob(".*.deel"))


def test_parquet_results_keep_the_statuses_as_an_enum_whichever_path_ran(tmp_path: Path) -> None:
    """The statuses stay one byte each in a parquet file (a dictionary-encoded text column):
    the same file from the columnar and the per-case path, the same values as in csv."""
    from regelruimte.batch import STATUS

    _draai(tmp_path, uit="kolom.parquet")
    _draai(tmp_path, uit="geval.parquet", per_geval=True)
    _draai(tmp_path, uit="tekst.csv")
    kolom, geval = pl.read_parquet(tmp_path / "kolom.parquet"), pl.read_parquet(tmp_path / "geval.parquet")
    assert kolom["jw.jeugdwet"].dtype == STATUS
    assert kolom.equals(geval, null_equal=True)
    tekst = pl.read_csv(tmp_path / "tekst.csv", infer_schema=False)
    assert kolom["jw.jeugdwet"].cast(pl.String).to_list() == tekst["jw.jeugdwet"].to_list()


def test_an_enum_column_is_written_as_its_text_in_csv_jsonl_and_xlsx(tmp_path: Path) -> None:
    from regelruimte.batch import STATUS
    from regelruimte.tabel import Schrijver

    tekst = pl.DataFrame({"rij": [2, 3], "s": ["onbepaald", None]})
    for suffix, lees in ((".csv", lambda p: pl.read_csv(p, infer_schema=False)), (".jsonl", pl.read_ndjson),
                         (".xlsx", pl.read_excel)):
        with Schrijver(tmp_path / f"r{suffix}") as schrijver:
            schrijver.schrijf(tekst.with_columns(pl.col("s").cast(STATUS)))
        assert lees(tmp_path / f"r{suffix}")["s"].to_list() == ["onbepaald", None], suffix
