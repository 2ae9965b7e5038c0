"""The cache of compiled rule bases on disk (regelruimte.regelcache), and gc.freeze in the
long-running processes.

A hit skips reading and compiling; any change to any rule file is a miss; a corrupt, foreign
or unsafe cache file is never used; the cache can be switched off; and what a user sees
(advice, warnings, errors with their file:line:col) is the same with and without it.
"""

from __future__ import annotations

import asyncio
import gc
import os
import pickle
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from regelruimte import Engine, regelcache
from regelruimte.cli import app
from regelruimte.diagnostics import RegelbankFout
from regelruimte.engine import standaard_regels

DEKKING = "vanaf: 2015-01-01\ntoelichting: test\n"
REGEL = """geldig_vanaf: 2015-01-01
regels:
  - id: t.een
    titel: Een regel
    soort: regime
    aard: moet
    uitleg: Een uitleg van de regel.
    grondslag: [{wet: PW, artikel: "16"}]
    als: {feit: leeftijd, vanaf: 18}
    geldig_tot: 2030-12-31
"""
GEMEENTE = """geldig_vanaf: 2015-01-01
regels:
  - id: t.twee
    titel: Nog een regel
    soort: regime
    aard: moet
    uitleg: Nog een uitleg.
    grondslag: [{wet: PW, artikel: "11"}]
    als: {feit: leeftijd, vanaf: 21}
"""
PROFIEL = {"geboortedatum": "2001-03-04", "peildatum": "2024-05-06"}


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    plek = tmp_path / "cache"
    monkeypatch.setenv("REGELRUIMTE_CACHE_DIR", str(plek))
    monkeypatch.delenv("REGELRUIMTE_CACHE", raising=False)
    return plek


@pytest.fixture
def regels(tmp_path: Path) -> Path:
    map_ = tmp_path / "regels"
    (map_ / "gemeenten").mkdir(parents=True)
    (map_ / "dekking.yaml").write_text(DEKKING, encoding="utf-8")
    (map_ / "regels.yaml").write_text(REGEL, encoding="utf-8")
    (map_ / "gemeenten" / "twee.yaml").write_text(GEMEENTE, encoding="utf-8")
    return map_


@pytest.fixture
def compilaties(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Path]]:
    """Every rule directory the engine really reads and compiles (a cache hit reads none)."""
    from regelruimte import engine as engine_module

    gelezen: list[Path] = []
    echt = engine_module.laad_map

    def tellend(pad: Path) -> object:
        gelezen.append(Path(pad))
        return echt(pad)

    monkeypatch.setattr(engine_module, "laad_map", tellend)
    yield gelezen


def _bestanden(plek: Path) -> list[Path]:
    return sorted(plek.glob("*" + regelcache.ACHTERVOEGSEL)) if plek.exists() else []


def _advies_json(engine: Engine) -> str:
    return engine.evaluate(PROFIEL).model_dump_json(exclude={"ontvangst"})


def test_a_hit_reads_no_rule_file_and_answers_the_same(cache: Path, regels: Path, compilaties: list[Path]) -> None:
    eerste = Engine.from_directory(regels, backend="referentie", cache=True)
    assert compilaties == [regels]
    assert len(_bestanden(cache)) == 1
    assert cache.stat().st_mode & 0o777 == 0o700
    assert _bestanden(cache)[0].stat().st_mode & 0o777 == 0o600

    tweede = Engine.from_directory(regels, backend="referentie", cache=True)
    assert compilaties == [regels], "the second engine compiled again instead of using the cache"
    assert tweede.bank.hash == eerste.bank.hash
    assert _advies_json(tweede) == _advies_json(eerste)
    # the warning (RR332, the old spelling geldig_tot) with its position, from the cache
    assert [str(d) for d in tweede.waarschuwingen] == [str(d) for d in eerste.waarschuwingen]
    assert [d.code for d in tweede.waarschuwingen] == ["RR332"]


def test_the_bundled_rules_from_the_cache_give_the_same_advice(cache: Path) -> None:
    zonder = Engine.from_directory(standaard_regels(), backend="snel")
    Engine.from_directory(standaard_regels(), backend="snel", cache=True)
    met = Engine.from_directory(standaard_regels(), backend="snel", cache=True)
    assert len(_bestanden(cache)) == 1
    profiel = {"geboortedatum": "2007-05-10", "onderwijs": "geen", "hoogste_diploma": "vmbo",
               "gemeente": "Utrecht", "peildatum": "2025-05-09"}
    assert met.evaluate(profiel).model_dump_json(exclude={"ontvangst"}) == \
        zonder.evaluate(profiel).model_dump_json(exclude={"ontvangst"})
    assert [str(d) for d in met.waarschuwingen] == [str(d) for d in zonder.waarschuwingen]


def _wijzig_regel(map_: Path) -> None:
    (map_ / "regels.yaml").write_text(REGEL.replace("vanaf: 18", "vanaf: 19"), encoding="utf-8")


def _wijzig_gemeente(map_: Path) -> None:
    with (map_ / "gemeenten" / "twee.yaml").open("a", encoding="utf-8") as bestand:
        bestand.write("# alleen een opmerking erbij\n")


def _wijzig_dekking(map_: Path) -> None:
    (map_ / "dekking.yaml").write_text(DEKKING.replace("test", "test 2"), encoding="utf-8")


def _nieuw_bestand(map_: Path) -> None:
    (map_ / "gemeenten" / "drie.yaml").write_text(GEMEENTE.replace("t.twee", "t.drie"), encoding="utf-8")


def _hernoem(map_: Path) -> None:
    (map_ / "gemeenten" / "twee.yaml").rename(map_ / "gemeenten" / "andere-naam.yaml")


@pytest.mark.parametrize("wijziging", [_wijzig_regel, _wijzig_gemeente, _wijzig_dekking, _nieuw_bestand, _hernoem])
def test_any_change_to_the_rule_files_is_a_miss(cache: Path, regels: Path, compilaties: list[Path],
                                               wijziging: Callable[[Path], None]) -> None:
    voor = Engine.from_directory(regels, backend="referentie", cache=True)
    wijziging(regels)
    na = Engine.from_directory(regels, backend="referentie", cache=True)
    assert compilaties == [regels, regels]
    assert na.bank.hash != voor.bank.hash
    assert len(_bestanden(cache)) == 2
    Engine.from_directory(regels, backend="referentie", cache=True)
    assert len(compilaties) == 2, "the changed rules were not cached"


def test_the_directory_as_given_and_the_limit_check_are_part_of_the_key(cache: Path, regels: Path,
                                                                          compilaties: list[Path]) -> None:
    Engine.from_directory(regels, backend="referentie", cache=True)
    # the same bytes under another name: diagnostics would name other files
    kopie = regels.parent / "kopie"
    shutil.copytree(regels, kopie)
    Engine.from_directory(kopie, backend="referentie", cache=True)
    # compiled with durable-rules' limits checked (RR4xx) is another rule base than without
    Engine.from_directory(regels, backend="durable", cache=True)
    assert compilaties == [regels, kopie, regels]
    assert len(_bestanden(cache)) == 3


def _vul(cache: Path, regels: Path) -> Path:
    Engine.from_directory(regels, backend="referentie", cache=True)
    [bestand] = _bestanden(cache)
    return bestand


@pytest.mark.parametrize("bederf", [
    lambda data: data[: len(data) // 2],  # cut off
    lambda data: data[:-10] + bytes(10),  # damaged (the checksum no longer fits)
    lambda data: b"regelruimte-regelbank 0\n" + data[len(regelcache.KOP):],  # an older layout
    lambda data: b"",
])
def test_a_corrupt_cache_file_is_ignored_and_replaced(cache: Path, regels: Path, compilaties: list[Path],
                                                      bederf: Callable[[bytes], bytes]) -> None:
    bestand = _vul(cache, regels)
    goed = bestand.read_bytes()
    bestand.write_bytes(bederf(goed))
    engine = Engine.from_directory(regels, backend="referentie", cache=True)
    assert compilaties == [regels, regels]
    assert engine.bank.hash
    assert bestand.read_bytes()[: len(regelcache.KOP)] == regelcache.KOP
    Engine.from_directory(regels, backend="referentie", cache=True)
    assert len(compilaties) == 2, "the replaced cache file was not used"


def _schrijf_gif(bestand: Path, naam: str, gevolg: Path) -> None:
    """A cache file with a valid header and checksum whose pickle would run a command."""

    class Gif:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return os.system, (f"touch {gevolg}",)

    data = pickle.dumps((naam, Gif(), []))
    import hashlib

    bestand.write_bytes(regelcache.KOP + hashlib.sha256(data).digest() + data)


def test_a_cache_file_that_would_run_code_is_refused(cache: Path, regels: Path, compilaties: list[Path],
                                                     tmp_path: Path) -> None:
    bestand = _vul(cache, regels)
    gevolg = tmp_path / "uitgevoerd"
    _schrijf_gif(bestand, bestand.name.removesuffix(regelcache.ACHTERVOEGSEL), gevolg)
    Engine.from_directory(regels, backend="referentie", cache=True)
    assert not gevolg.exists()
    assert compilaties == [regels, regels]


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX rights")
@pytest.mark.parametrize("wat", ["map", "bestand"])
def test_a_cache_others_could_write_is_not_read(cache: Path, regels: Path, compilaties: list[Path], wat: str) -> None:
    bestand = _vul(cache, regels)
    if wat == "map":
        cache.chmod(0o777)
    else:
        bestand.chmod(0o666)
    Engine.from_directory(regels, backend="referentie", cache=True)
    assert compilaties == [regels, regels]


def test_a_symlinked_cache_file_is_not_followed(cache: Path, regels: Path, compilaties: list[Path],
                                                tmp_path: Path) -> None:
    bestand = _vul(cache, regels)
    elders = tmp_path / "elders"
    shutil.move(bestand, elders)
    bestand.symlink_to(elders)
    Engine.from_directory(regels, backend="referentie", cache=True)
    assert compilaties == [regels, regels]


def test_switched_off_nothing_is_read_or_written(cache: Path, regels: Path, compilaties: list[Path],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    Engine.from_directory(regels, backend="referentie")  # the library's default: no cache
    assert not _bestanden(cache)
    monkeypatch.setenv("REGELRUIMTE_CACHE", "uit")
    Engine.from_directory(regels, backend="referentie", cache=True)
    assert not _bestanden(cache)
    monkeypatch.delenv("REGELRUIMTE_CACHE")
    runner = CliRunner()
    uit = runner.invoke(app, ["--geen-cache", "check", str(regels)])
    assert uit.exit_code == 0, uit.output
    assert not _bestanden(cache)
    assert compilaties == [regels, regels]


def test_the_command_line_uses_the_cache_unless_told_not_to(cache: Path, regels: Path, tmp_path: Path,
                                                            compilaties: list[Path]) -> None:
    profiel = tmp_path / "profiel.yaml"
    profiel.write_text("geboortedatum: 2001-03-04\npeildatum: 2024-05-06\n", encoding="utf-8")
    runner = CliRunner()
    opdracht = ["advies", str(profiel), "--regels", str(regels), "--backend", "referentie"]
    eerste = runner.invoke(app, opdracht)
    tweede = runner.invoke(app, opdracht)
    derde = runner.invoke(app, ["--geen-cache", *opdracht])
    assert eerste.exit_code == tweede.exit_code == derde.exit_code == 0, eerste.output
    assert eerste.output == tweede.output == derde.output
    assert len(_bestanden(cache)) == 1
    assert compilaties == [regels, regels], "the second command compiled again, or --geen-cache did not"


def test_errors_are_the_same_with_and_without_cache_and_never_cached(cache: Path, regels: Path) -> None:
    (regels / "gemeenten" / "twee.yaml").write_text(GEMEENTE.replace("feit: leeftijd", "feit: leeftyd"),
                                                    encoding="utf-8")
    meldingen = []
    for gebruik in (False, True, True):
        with pytest.raises(RegelbankFout) as fout:
            Engine.from_directory(regels, backend="referentie", cache=gebruik)
        meldingen.append([f"{Path(d.file).name}:{d.line}:{d.column}: {d.code} {d.message}"
                          for d in fout.value.diagnostics])
    assert meldingen[0] == meldingen[1] == meldingen[2]
    assert any("twee.yaml:9:" in m and "RR301" in m for m in meldingen[0]), meldingen[0]
    assert not _bestanden(cache)
    runner = CliRunner()
    profiel = regels.parent / "p.yaml"
    profiel.write_text("leeftijd: 20\n", encoding="utf-8")
    met = runner.invoke(app, ["advies", str(profiel), "--regels", str(regels)])
    zonder = runner.invoke(app, ["--geen-cache", "advies", str(profiel), "--regels", str(regels)])
    assert met.exit_code == zonder.exit_code == 1
    assert met.output == zonder.output
    assert not _bestanden(cache)


def test_a_cached_rule_base_for_another_backend_is_still_checked_for_durable(
        cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The RR4xx refusal holds whatever the cache holds: a rule base past durable-rules'
    limits, cached for the snel backend, is refused by a durable engine."""
    map_ = Path(__file__).parent / "broken" / "rr403_tests"
    Engine.from_directory(map_, backend="snel", cache=True)
    Engine.from_directory(map_, backend="snel", cache=True)
    assert len(_bestanden(cache)) == 1
    for gebruik in (True, False):
        with pytest.raises(RegelbankFout) as fout:
            Engine.from_directory(map_, backend="durable", cache=gebruik)
        assert any(d.code == "RR403" for d in fout.value.diagnostics)


def test_the_cache_keeps_a_bounded_number_of_files(cache: Path, regels: Path) -> None:
    for i in range(regelcache.MAX_BESTANDEN + 3):
        (regels / "dekking.yaml").write_text(DEKKING.replace("test", f"test {i}"), encoding="utf-8")
        Engine.from_directory(regels, backend="referentie", cache=True)
    assert len(_bestanden(cache)) == regelcache.MAX_BESTANDEN


# --- gc.freeze in the long-running processes ---------------------------------------------


@pytest.fixture
def ontdooid() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_the_http_service_freezes_its_objects_once_started(ontdooid: None) -> None:
    """The app's lifespan, run as uvicorn runs it on start and stop."""
    pytest.importorskip("fastapi")
    from regelruimte.api import maak_app

    app_ = maak_app(Engine.standaard(backend="snel"))
    tijdens: list[int] = []

    async def leef() -> None:
        async with app_.router.lifespan_context(app_):
            tijdens.append(gc.get_freeze_count())

    assert gc.get_freeze_count() == 0
    asyncio.run(leef())
    assert tijdens[0] > 0
    assert gc.get_freeze_count() == 0  # back in view when the app stops


def test_a_batch_worker_freezes_once_its_engine_is_built(ontdooid: None, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("polars")
    from regelruimte import batch

    monkeypatch.setattr(batch, "_ENGINES", {})
    opdracht = batch.Opdracht(str(standaard_regels()), "snel")
    gezien: list[int] = []

    def evaluator(engine: Engine, opdracht_: batch.Opdracht, blok: batch.Blok) -> batch.BlokUitkomst:
        gezien.append(gc.get_freeze_count())
        return None  # type: ignore[return-value]

    batch._werk(evaluator, opdracht, None)  # type: ignore[arg-type]
    assert gezien[0] > 0


def test_the_unpickler_builds_no_class_outside_a_rule_base(cache: Path, regels: Path, compilaties: list[Path],
                                                             tmp_path: Path) -> None:
    """A regelruimte class that would act when constructed (a table writer) is refused too."""
    import hashlib

    from regelruimte.engine import Engine as EngineKlasse

    bestand = _vul(cache, regels)
    data = pickle.dumps((bestand.name.removesuffix(regelcache.ACHTERVOEGSEL), EngineKlasse, []))
    bestand.write_bytes(regelcache.KOP + hashlib.sha256(data).digest() + data)
    assert regelcache.lees(cache, bestand.name.removesuffix(regelcache.ACHTERVOEGSEL)) is None
    Engine.from_directory(regels, backend="referentie", cache=True)
    assert compilaties == [regels, regels]


# --- what the advice path imports ----------------------------------------------------------


def test_the_advice_command_imports_no_web_batch_or_plotting_library(tmp_path: Path) -> None:
    """`regelruimte advies` starts fast partly because it imports only what it uses, and with
    its rules from the cache it never builds the rule-language validator."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from regelruimte.cli import main\n"
        "sys.argv = ['regelruimte', 'advies', 'voorbeelden/utrecht-2019.yaml', '--backend', 'snel']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "from regelruimte import spec\n"
        "zwaar = ['polars', 'numpy', 'fastapi', 'starlette', 'uvicorn', 'matplotlib', 'jinja2', 'xlsxwriter']\n"
        "print('GELADEN', [m for m in zwaar if m in sys.modules], spec.Regel.__pydantic_complete__, file=sys.stderr)\n"
    )
    omgeving = {**os.environ, "REGELRUIMTE_CACHE_DIR": str(tmp_path / "cache")}
    root = Path(__file__).resolve().parents[1]
    uitslagen = [subprocess.run([sys.executable, "-c", script], cwd=root, env=omgeving, capture_output=True,
                                text=True, timeout=120) for _ in range(2)]
    regels = [next(r for r in u.stderr.splitlines() if r.startswith("GELADEN")) for u in uitslagen]
    assert regels[0] == "GELADEN [] True"  # compiled: the validator was needed
    assert regels[1] == "GELADEN [] False"  # from the cache: it was not
