"""regelruimte vergelijk on a hand-made population whose groups are known in advance."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from regelruimte.cli import app
from regelruimte.rapport import schrijf_html, schrijf_xlsx
from regelruimte.tabel import lees_invoer
from regelruimte.vergelijk import KantFout, lees_kant, samenvatting, vergelijk, werkmap

from .backend import STANDAARD

DEKKING = "vanaf: 2015-01-01\ntoelichting: test\n"
REGIME = """\
  - id: t.volwassen
    titel: Volwassenenregime
    soort: regime
    aard: moet
    als: {{feit: leeftijd, vanaf: {grens}}}
    uitleg: Geldt vanaf {grens} jaar.
    grondslag: [{{wet: PW, artikel: "16"}}]
"""
NIEUWE_ROUTE = """\
  - id: t.jeugdroute
    titel: Route voor wie nog geen 18 is
    soort: route
    aard: kan
    financier: gemeente
    beslisser: college
    geldig_vanaf: 2026-01-01
    als: {feit: leeftijd, tot: 18}
    uitleg: Een route voor jongeren onder 18, vanaf 2026.
    grondslag: [{wet: PW, artikel: "7"}]
"""
UTRECHT = """\
gemeente: {code: GM0344, naam: Utrecht}
bron: test
regels:
  - id: t.utrecht
    titel: Utrechts beleid voor volwassenen
    soort: beleid
    aard: praktijk
    beslisser: college
    verhouding_tot_wet: binnenwettelijk
    geldig_vanaf: 2015-01-01
    als: {regel: t.volwassen}
    uitleg: Utrecht regelt iets voor volwassenen.
    grondslag: [{bron: test}]
"""
# a new exception that holds for nobody here: it is in the cone of t.volwassen but made no difference
NIEMAND = """\
  - id: t.niemand
    titel: Uitzondering die hier niemand raakt
    soort: uitzondering
    aard: uitsluiting
    uitzondering_op: [t.volwassen]
    geldig_vanaf: 2026-01-01
    als: {feit: leeftijd, boven: 90}
    uitleg: Alleen boven de 90 jaar.
    grondslag: [{wet: PW, artikel: "13"}]
"""
# ages on the peildatum 2025-12-31: 16, 17 (turns 18 on 2026-01-01), 18, 19, 20, 21, 22; one invalid row
GEVALLEN = """\
casus,peildatum,geboortedatum,gemeente,onderwijs
z16,2025-12-31,2009-06-01,Utrecht,vo
z17,2025-12-31,2008-01-01,Utrecht,vo
z18,2025-12-31,2007-06-01,Utrecht,mbo_bol
z19,2025-12-31,2006-06-01,Bergeijk,geen
z20,2025-12-31,2005-06-01,Bergeijk,geen
z21,2025-12-31,2004-06-01,Utrecht,hbo_wo
z22,2025-12-31,2003-06-01,Bergeijk,
kapot,2025-12-31,2003-06-01,Nergenshuizen,
"""


def _map(pad: Path, inhoud: str, utrecht: bool = False) -> Path:
    pad.mkdir()
    (pad / "dekking.yaml").write_text(DEKKING, encoding="utf-8")
    (pad / "wet.yaml").write_text("geldig_vanaf: 2015-01-01\nregels:\n" + inhoud, encoding="utf-8")
    if utrecht:
        (pad / "gemeenten").mkdir()
        (pad / "gemeenten" / "utrecht.yaml").write_text(UTRECHT, encoding="utf-8")
    return pad


@pytest.fixture
def mappen(tmp_path: Path) -> dict[str, Path]:
    # 'wet': the age limit moves from 18 to 21 on 2026-01-01, and a new route starts then
    wet = REGIME.format(grens=18).replace("    grondslag:", "    geldig_tot: 2025-12-31\n    grondslag:", 1)
    wet += REGIME.format(grens=21).replace("    grondslag:", "    geldig_vanaf: 2026-01-01\n    grondslag:", 1)
    return {
        "a": _map(tmp_path / "a", REGIME.format(grens=18), utrecht=True),
        "b": _map(tmp_path / "b", REGIME.format(grens=21)),
        "wet": _map(tmp_path / "wet", wet + NIEUWE_ROUTE + NIEMAND),
        "gevallen": _gevallen(tmp_path),
    }


def _gevallen(tmp_path: Path) -> Path:
    pad = tmp_path / "gevallen.csv"
    pad.write_text(GEVALLEN, encoding="utf-8")
    return pad


def _groepen(basis: str, variant: str, mappen: dict[str, Path]) -> dict[tuple[str, str | None, str | None], list[str]]:
    with werkmap() as map_:
        uitkomst = vergelijk(lees_invoer(mappen["gevallen"]), lees_kant(basis, mappen["a"], map_),
                             lees_kant(variant, mappen["a"], map_), backend=STANDAARD, processen=1)
    assert uitkomst.gevallen == 8 and uitkomst.ongeldig == 1
    return {(g.item, g.van, g.naar): g.voorbeelden if g.aantal <= 3 else [str(g.aantal)]
            for g in uitkomst.veranderingen}


def test_law_date_moves_the_law_and_keeps_the_ages(mappen: dict[str, Path]) -> None:
    wet = mappen["wet"]
    groepen = _groepen(f"{wet}@2025-12-31", f"{wet}@2026-01-01", mappen)
    assert groepen == {
        ("t.volwassen", "van_toepassing", "niet_van_toepassing"): ["z18", "z19", "z20"],
        # z17 turns 18 on 2026-01-01 but stays 17: same person, other law
        ("t.jeugdroute", None, "van_toepassing"): ["z16", "z17"],
    }


def test_a_new_rule_that_holds_for_nobody_made_no_difference(mappen: dict[str, Path]) -> None:
    wet = mappen["wet"]
    with werkmap() as map_:
        uitkomst = vergelijk(lees_invoer(mappen["gevallen"]), lees_kant(f"{wet}@2025-12-31", wet, map_),
                             lees_kant(f"{wet}@2026-01-01", wet, map_), backend=STANDAARD, processen=1)
    groep = next(g for g in uitkomst.veranderingen if g.item == "t.volwassen")
    assert groep.regels == ["t.volwassen (andere versie vanaf 2026-01-01; waar → onwaar)"]


def test_rule_folders_and_the_rules_that_made_the_difference(mappen: dict[str, Path]) -> None:
    with werkmap() as map_:
        uitkomst = vergelijk(lees_invoer(mappen["gevallen"]), lees_kant(str(mappen["a"]), mappen["a"], map_),
                             lees_kant(str(mappen["b"]), mappen["a"], map_), backend=STANDAARD, processen=1)
    groepen = {(g.item, g.van, g.naar): g for g in uitkomst.veranderingen}
    volwassen = groepen[("t.volwassen", "van_toepassing", "niet_van_toepassing")]
    assert volwassen.voorbeelden == ["z18", "z19", "z20"] and volwassen.aantal == 3
    assert volwassen.regels and volwassen.regels[0].startswith("t.volwassen (andere versie")
    # the Utrecht policy exists only in folder a: gone for the adults in Utrecht (z18, z21)
    assert groepen[("t.utrecht", "van_toepassing", None)].voorbeelden == ["z18", "z21"]
    tekst = "\n".join(samenvatting(uitkomst))
    assert "3 gevallen: Volwassenenregime (t.volwassen): niet meer van toepassing" in tekst
    assert uitkomst.veranderd == 4 and uitkomst.veranderd_beslist == 4  # z18-z20, and z21 (Utrecht only)
    assert uitkomst.per_leeftijd.filter(pl.col("leeftijd") == "19")["veranderd"].to_list() == [1]


def test_with_and_without_a_gemeente_file(mappen: dict[str, Path], tmp_path: Path) -> None:
    a = mappen["a"]
    zonder = _groepen(str(a), f"{a},-gemeenten/utrecht.yaml", mappen)
    assert zonder == {("t.utrecht", "van_toepassing", None): ["z18", "z21"]}
    b = mappen["b"]
    extra = tmp_path / "concept-utrecht.yaml"
    extra.write_text(UTRECHT, encoding="utf-8")
    met = _groepen(f"{b}", f"{b},+{extra}", mappen)
    assert met == {("t.utrecht", None, "van_toepassing"): ["z21"]}


def test_bad_sides_are_refused(mappen: dict[str, Path]) -> None:
    with werkmap() as map_:
        for tekst, melding in (("2025-13-01", "geen datum"), ("/bestaat/niet", "geen regelmap"),
                               (f"{mappen['a']},+x.yaml", "bestaat niet"), (f"{mappen['a']},-y.yaml", "staat niet"),
                               (f"{mappen['a']},z.yaml", "begint niet met")):
            with pytest.raises(KantFout, match=melding):
                lees_kant(tekst, mappen["a"], map_)


def test_reports_html_and_xlsx(mappen: dict[str, Path], tmp_path: Path) -> None:
    wet = mappen["wet"]
    with werkmap() as map_:
        uitkomst = vergelijk(lees_invoer(mappen["gevallen"]), lees_kant(f"{wet}@2025-12-31", wet, map_),
                             lees_kant(f"{wet}@2026-01-01", wet, map_), backend=STANDAARD, processen=1)
    schrijf_html(uitkomst, tmp_path / "r.html")
    schrijf_xlsx(uitkomst, tmp_path / "r.xlsx")
    pagina = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert pagina.count("<svg") == 3 and "<script" not in pagina and 'src="http' not in pagina
    assert "Volwassenenregime" in pagina and "niet meer van toepassing" in pagina
    bladen = pl.read_excel(tmp_path / "r.xlsx", sheet_id=0)
    assert set(bladen) == {"veranderingen", "per_leeftijd", "per_onderwijs", "per_geval"}
    assert bladen["veranderingen"]["aantal"].to_list() == [3, 2]
    assert sorted(bladen["per_geval"]["casus"].to_list()) == ["z16", "z17", "z18", "z19", "z20"]


def test_command_line_summary(mappen: dict[str, Path], tmp_path: Path) -> None:
    wet = mappen["wet"]
    resultaat = CliRunner().invoke(app, ["vergelijk", str(mappen["gevallen"]), "--regels", str(wet),
                                         "--basis", "2025-12-31", "--variant", "2026-01-01", "-j", "1",
                                         "--backend", STANDAARD, "--html", str(tmp_path / "r.html")])
    assert resultaat.exit_code == 0, resultaat.output
    assert "7 vergeleken (1 ongeldig)" in resultaat.output
    assert "3 gevallen: Volwassenenregime (t.volwassen): niet meer van toepassing" in resultaat.output
    assert "bijvoorbeeld: z18, z19, z20" in resultaat.output
    assert (tmp_path / "r.html").is_file()
    fout = CliRunner().invoke(app, ["vergelijk", str(mappen["gevallen"]), "--basis", "x", "--variant", "2026-01-01"])
    assert fout.exit_code == 2 and "geen regelmap" in fout.output


def test_the_report_renders_with_its_charts_in_a_browser(mappen: dict[str, Path], tmp_path: Path) -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("chromium is niet geïnstalleerd (apt-get install -y chromium): de weergave is niet gecontroleerd")
    wet = mappen["wet"]
    with werkmap() as map_:
        uitkomst = vergelijk(lees_invoer(mappen["gevallen"]), lees_kant(f"{wet}@2025-12-31", wet, map_),
                             lees_kant(f"{wet}@2026-01-01", wet, map_), backend=STANDAARD, processen=1)
    pagina = tmp_path / "r.html"
    schrijf_html(uitkomst, pagina)
    vlaggen = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={tmp_path / 'p'}"]
    dom = subprocess.run([*vlaggen, "--dump-dom", pagina.as_uri()], capture_output=True, text=True, timeout=120).stdout
    # the browser parsed the page: three charts, each with its drawn shapes and text
    assert dom.count("<svg") == 3 and dom.count("<path") > 20 and "Volwassenenregime" in dom
    schermafdruk = tmp_path / "r.png"
    subprocess.run([*vlaggen, "--window-size=1200,2400", f"--screenshot={schermafdruk}", pagina.as_uri()],
                   capture_output=True, timeout=120)
    import matplotlib.image

    pixels = matplotlib.image.imread(schermafdruk)[:, :, :3]
    # the bars are drawn in #01689b, a colour the page itself does not use
    balk = (abs(pixels[:, :, 0] - 0x01 / 255) < 0.03) & (abs(pixels[:, :, 1] - 0x68 / 255) < 0.03) & (
        abs(pixels[:, :, 2] - 0x9B / 255) < 0.03)
    assert balk.sum() > 5_000, balk.sum()


def test_one_pool_serves_both_sides_with_the_same_results(mappen: dict[str, Path], tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    # 450 cases: three chunks, so two worker processes really share the work
    kop, *rijen = [r for r in GEVALLEN.splitlines() if r and not r.startswith("kapot")]
    veel = tmp_path / "veel.csv"
    veel.write_text("\n".join([kop, *(f"g{n}," + rijen[n % len(rijen)].split(",", 1)[1] for n in range(450))]),
                    encoding="utf-8")
    import regelruimte.batch

    pools: list[int] = []
    echte_pool = regelruimte.batch.ProcessPoolExecutor

    def tel(*args: object, **kwargs: object) -> object:
        pools.append(1)
        return echte_pool(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(regelruimte.batch, "ProcessPoolExecutor", tel)
    monkeypatch.setattr("regelruimte.kolom.KOLOM_BLOKGROOTTE", 200)  # columnar chunks are 10,000 rows
    wet, a = mappen["wet"], mappen["a"]

    def vergelijking(processen: int) -> list[tuple[str, str | None, str | None, list[int], list[str]]]:
        with werkmap() as map_:
            uitkomst = vergelijk(lees_invoer(veel), lees_kant(f"{wet}@2025-12-31", a, map_),
                                 lees_kant(str(a), a, map_), backend=STANDAARD, processen=processen)
        return [(g.item, g.van, g.naar, g.rijen, g.regels) for g in uitkomst.veranderingen]

    twee = vergelijking(2)
    assert len(pools) == 1  # one pool for both sides, not one per side
    assert twee == vergelijking(1) and twee
