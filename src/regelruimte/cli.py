"""Command line: ``regelruimte advies | check | regel | test | schema | serve | vraag``.

Exit codes: 0 success; 1 errors in rules or failing scenarios; 2 unusable input (invalid
case profile, peildatum outside the rule base's coverage, a missing file or folder).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
import warnings
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.text import Text

from .diagnostics import Ernst, RegelbankFout, render, zichtbaar

if TYPE_CHECKING:  # imported lazily at run time, so that the CLI starts fast
    from .compiler import RuleBase
    from .engine import Engine
    from .junit import Resultaat
    from .scenario import GeladenScenario

app = typer.Typer(
    name="regelruimte",
    help="Welke wet is van toepassing, wie betaalt en waar mag je afwijken? "
    "Een regelengine voor jongeren (12-27) in het sociaal domein.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_show_locals=False,  # a local may hold a case profile (personal data)
)

# Errors quote rule, scenario and profile text: never read it as rich markup ('[/]' in a rule
# would crash the output, '[t.twee]' would vanish as a style), and never wrap a line, so the
# 'path:line:col: CODE' header stays whole for editors whatever the terminal width.
err = Console(stderr=True, markup=False, emoji=False, highlight=False, soft_wrap=True)

RegelsOptie = Annotated[
    Path | None,
    typer.Option("--regels", "-r", help="Regelmap (standaard: de meegeleverde regels).",
                 file_okay=False, dir_okay=True),
]
BackendOptie = Annotated[
    str | None,
    typer.Option("--backend", help="auto (durable-rules waar het laadt, anders referentie), durable, "
                 "referentie (pure Python, het orakel) of snel (gegenereerde Python per periode). Standaard: de omgevingsvariabele REGELRUIMTE_BACKEND, anders auto."),
]
StrengOptie = Annotated[
    bool, typer.Option("--streng", help="Zonder vermoedens: wat het profiel niet geeft, blijft onbekend (het driewaardige antwoord).")
]


def _fout(tekst: str) -> None:
    """Print an error; the text may contain user input, so it is never read as markup."""
    regel = Text("fout: ", style="red")
    regel.append(zichtbaar(tekst))
    err.print(regel)


def _json_fout(soort: str, tekst: str, velden: list[tuple[str, str]] | None = None) -> None:
    """An error as JSON on stdout (with --json): the caller parses stdout, whatever happens."""
    uit: dict[str, object] = {"fout": soort, "detail": zichtbaar(tekst)}
    if velden is not None:
        uit["velden"] = [{"veld": veld, "reden": reden} for veld, reden in velden]
    sys.stdout.write(json.dumps(uit, ensure_ascii=False, indent=2) + "\n")


def _meld(as_json: bool, soort: str, tekst: str, velden: list[tuple[str, str]] | None = None) -> None:
    """An error for the terminal, or as JSON on stdout with --json."""
    if as_json:
        _json_fout(soort, tekst, velden)
    else:
        _fout(tekst)


def _stdin() -> bytes:
    """Standard input, read no further than a case profile may be long (the reader then
    refuses it as too large), so an endless pipe cannot fill the memory."""
    from .limits import PROFIEL

    return sys.stdin.buffer.read(PROFIEL.max_bytes + 1)


def _versie(waarde: bool) -> None:
    if waarde:
        from . import __version__

        sys.stdout.write(f"regelruimte {__version__}\n")
        raise typer.Exit()


#: whether commands take the compiled rules from the cache on disk (regelruimte --geen-cache: no)
_cache = True


@app.callback()
def _hoofd(
    versie: Annotated[bool, typer.Option("--version", help="Toon de versie en stop.", callback=_versie, is_eager=True)] = False,
    geen_cache: Annotated[bool, typer.Option(
        "--geen-cache", help="Lees en compileer de regels opnieuw, zonder de cache van gecompileerde regels "
        "(~/.cache/regelruimte; ook: REGELRUIMTE_CACHE=uit). Daar staan alleen regels, nooit een casus.")] = False,
) -> None:
    """Welke wet is van toepassing, wie betaalt en waar mag je afwijken?"""
    global _cache
    _cache = not geen_cache


def _datum(tekst: str | None, optie: str = "--peildatum", as_json: bool = False) -> dt.date | None:
    from .limits import MAX_PEILDATUM

    if tekst is None:
        return None
    veld = optie.removeprefix("--")
    # fromisoformat alone also reads 20250101 and 2025-W01-1 (a Monday in 2024)
    try:
        datum = dt.date.fromisoformat(tekst) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", tekst) else None
    except ValueError:
        datum = None
    if datum is None:
        _meld(as_json, f"ongeldige_{veld}", f"{optie} '{tekst}' is geen datum; gebruik JJJJ-MM-DD",
              [(veld, "geen datum; gebruik JJJJ-MM-DD")])
        raise typer.Exit(2)
    if datum > MAX_PEILDATUM:
        reden = f"ligt na {MAX_PEILDATUM.isoformat()}, de uiterste peildatum"
        _meld(as_json, f"ongeldige_{veld}", f"{optie} {tekst} {reden}", [(veld, reden)])
        raise typer.Exit(2)
    return datum


@cache
def _waarschuwing(tekst: str) -> None:
    """Once per process: ``regelruimte test`` may build an engine per rule directory."""
    regel = Text("waarschuwing: ", style="yellow")
    regel.append(tekst)
    err.print(regel, highlight=False)


def _engine(regels: Path | None, backend: str | None, as_json: bool = False):  # type: ignore[no-untyped-def]
    from .backends import BackendNietBeschikbaar, TerugvalWaarschuwing
    from .engine import Engine, standaard_regels

    if regels is not None and not regels.is_dir():
        bericht = f"regelmap '{regels}' bestaat niet of is geen map"
        _json_fout("geen_regelmap", bericht) if as_json else _fout(bericht)
        raise typer.Exit(2)
    try:
        # A fallback to the reference evaluator is said once, in Dutch, not as a Python warning.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", TerugvalWaarschuwing)
            engine = Engine.from_directory(regels or standaard_regels(), backend=backend, cache=_cache)
        if engine.terugval:
            _waarschuwing(engine.terugval)
        return engine
    except RegelbankFout as fout:
        if as_json:
            _json_fout("fouten_in_regels", str(fout))
        err.print(render(fout.diagnostics))
        err.print(Text(f"{len([d for d in fout.diagnostics if d.ernst is Ernst.fout])} fout(en) in de regels",
                       style="red"))
        raise typer.Exit(1) from None
    except (BackendNietBeschikbaar, ValueError, FileNotFoundError) as fout:
        _json_fout("engine_niet_beschikbaar", str(fout)) if as_json else _fout(str(fout))
        raise typer.Exit(2) from None


@app.command()
def advies(
    casus: Annotated[Path, typer.Argument(help="Casusprofiel (YAML of JSON); '-' leest van standaardinvoer.", exists=False)],
    as_json: Annotated[bool, typer.Option("--json", help="Geef het advies (en een fout) als JSON (het Advies-contract).")] = False,
    peildatum: Annotated[str | None, typer.Option("--peildatum", help="Peildatum JJJJ-MM-DD (standaard: die van het profiel, anders vandaag).")] = None,
    wetdatum: Annotated[str | None, typer.Option("--wetdatum", help="Pas de wet van deze datum toe (JJJJ-MM-DD); leeftijden en termijnen blijven die op de peildatum.")] = None,
    alles: Annotated[bool, typer.Option("--alles", help="Toon ook routes, maatwerk en signalen die niet van toepassing zijn.")] = False,
    kort: Annotated[bool, typer.Option("--kort", help="Alleen de kern: wat geldt, wat te doen, wie betaalt, wie beslist en de drie belangrijkste vragen.")] = False,
    details: Annotated[bool, typer.Option("--details", help="Het volledige advies met regel-ids en veldnamen (voor regelbeheerders).")] = False,
    regels: RegelsOptie = None,
    backend: BackendOptie = None,
    streng: StrengOptie = False,
) -> None:
    """Geef het advies voor één casus: eerst de kern, dan regimes, routes, maatwerk, signalen en vragen."""
    from .engine import BuitenDekking
    from .profile import ProfielFout, lees_profiel, lees_profiel_tekst
    from .render import print_advies
    from .vraagvolgorde import advies_met_volgorde

    datum = _datum(peildatum, as_json=as_json)
    wet = _datum(wetdatum, "--wetdatum", as_json)
    bron = "standaardinvoer" if str(casus) == "-" else str(casus)
    try:
        # With --peildatum the profile is checked against that date, not its own. A bad
        # profile is reported before the rules are loaded.
        if str(casus) == "-":
            profiel = lees_profiel_tekst(_stdin(), bron, samenhang=datum is None)
        else:
            profiel = lees_profiel(casus, samenhang=datum is None)
        engine = _engine(regels, backend, as_json)
        # The text view does not show the trace: only the JSON contract carries it.
        uitkomst = advies_met_volgorde(engine, profiel, datum, alles=alles, vermoedens=not streng, wetdatum=wet,
                                       trace=as_json)
    except ProfielFout as fout:
        if fout.bron is None:
            fout = ProfielFout(fout.details, bron)
        _meld(as_json, "ongeldig_profiel", str(fout), fout.fouten)
        raise typer.Exit(2) from None
    except BuitenDekking as fout:
        _meld(as_json, "buiten_dekking", str(fout))
        raise typer.Exit(2) from None
    if as_json:
        sys.stdout.write(uitkomst.model_dump_json(indent=2) + "\n")
    else:
        print_advies(uitkomst, Console(highlight=False), kort=kort, details=details)


@app.command()
def check(
    map_: Annotated[Path | None, typer.Argument(metavar="MAP", help="Regelmap (standaard: de meegeleverde regels).")] = None,
    geen_snippets: Annotated[bool, typer.Option("--kort", help="Zonder bronfragmenten.")] = False,
    regel_id: Annotated[str | None, typer.Option("--regel", metavar="ID", help="Toon ook hoe deze regel luidt op --op: zijn versies, wat elke versie wijzigt en de hele regel.")] = None,
    op: Annotated[str | None, typer.Option("--op", help="Datum JJJJ-MM-DD voor --regel (standaard: vandaag).")] = None,
) -> None:
    """Controleer regelbestanden: YAML, schema, betekenis en wat de engine veilig kan."""
    from .compile import compileer
    from .engine import standaard_regels
    from .load import laad_map, regelbestanden
    if op is not None and regel_id is None:
        _fout("--op hoort bij --regel: geef ook het id van de regel")
        raise typer.Exit(2)
    datum = _datum(op, "--op") or dt.date.today()
    map_ = map_ or standaard_regels()
    if not map_.is_dir():
        _fout(f"regelmap '{map_}' bestaat niet of is geen map")
        raise typer.Exit(2)
    geladen = laad_map(map_)
    bank, diags = compileer(geladen)
    fouten = [d for d in diags if d.ernst is Ernst.fout]
    if diags:
        print(render(diags, snippets=not geen_snippets))
    if regel_id is not None:
        _toon_regel(bank, regel_id, datum)
    aantal = len(regelbestanden(map_)) if map_.is_dir() else 0
    samenvatting = f"{aantal} bestand(en), {len(fouten)} fout(en), {len(diags) - len(fouten)} waarschuwing(en)"
    if fouten:
        err.print(Text.assemble(("✘", "red"), f" {samenvatting}"))
        raise typer.Exit(1)
    err.print(Text.assemble(("✔", "green"), f" {samenvatting}"))


def _toon_regel(bank: RuleBase | None, regel_id: str, datum: dt.date) -> None:
    """How a rule reads on a date, after the check; only a rule base without errors has one."""
    from .rule_view import describe

    if bank is None:
        _fout(f"regel '{regel_id}' is niet te tonen zolang de regels fouten hebben")
        return
    try:
        sys.stdout.write(describe(bank, regel_id, datum) + "\n")
    except KeyError as fout:
        _fout(str(fout.args[0]))
        raise typer.Exit(2) from None
    sys.stdout.flush()  # before the summary on stderr, in the order a reader expects


@app.command()
def test(
    paden: Annotated[list[Path] | None, typer.Argument(metavar="PAD", help="Scenariobestanden (*.test.yaml), scenariotabellen (.xlsx of .csv) of mappen (standaard: de meegeleverde regels).")] = None,
    junit: Annotated[Path | None, typer.Option("--junit", help="Schrijf de uitslag ook als JUnit XML (voor CI).")] = None,
    regels: Annotated[Path | None, typer.Option("--regels", "-r", help="Regelmap voor scenariotabellen (standaard: de map boven de tabel met dekking.yaml, anders de meegeleverde regels).", file_okay=False, dir_okay=True)] = None,
    backend: BackendOptie = None,
    streng: Annotated[bool, typer.Option("--streng", help="Draai elk scenario zonder vermoedens, ook als het scenario ze aanzet: toont welke scenario's op een vermoeden rusten.")] = False,
) -> None:
    """Draai scenariotests (*.test.yaml en scenariotabellen) en toon wat afwijkt."""
    from .junit import Resultaat, schrijf_junit
    from .scenario import ScenarioFout
    from .scenariotabel import laad

    if regels is not None and not regels.is_dir():
        _fout(f"regelmap '{regels}' bestaat niet of is geen map")
        raise typer.Exit(2)
    engines: dict[Path, Engine] = {}
    resultaten: list[Resultaat] = []
    for bestand in _scenariobestanden(paden):
        try:
            scenarios, map_ = laad(bestand, regels)
        except ScenarioFout as fout:
            _fout(f"{bestand}\n  {fout}")
            resultaten.append(Resultaat(str(bestand), 0, bestand.name, (str(fout),), 0.0, fout=str(fout)))
            continue
        if map_ not in engines:
            engines[map_] = _engine(map_, backend)
        resultaten.extend(_draai_scenarios(engines[map_], bestand, scenarios, streng=streng or None))
    if junit is not None:
        schrijf_junit(resultaten, junit)
    geslaagd = sum(1 for r in resultaten if not r.verschillen)
    err.print(f"{geslaagd} geslaagd, {len(resultaten) - geslaagd} mislukt"
              + (f"; JUnit: {junit}" if junit is not None else ""))
    if geslaagd < len(resultaten):
        raise typer.Exit(1)


def _scenariobestanden(paden: list[Path] | None) -> list[Path]:
    from .engine import standaard_regels

    bestanden: list[Path] = []
    for pad in paden or [standaard_regels()]:
        if not pad.exists():
            _fout(f"'{pad}' bestaat niet")
            raise typer.Exit(2)
        bestanden.extend(sorted(pad.rglob("*.test.yaml")) if pad.is_dir() else [pad])
    return bestanden


def _draai_scenarios(engine: Engine, bestand: Path, scenarios: list[GeladenScenario], *,
                     streng: bool | None = None) -> list[Resultaat]:
    """Run one file's scenarios; print each failure with its line (or table row)."""
    import time

    from .junit import Resultaat
    from .scenario import voer_uit
    from .scenariotabel import TABEL_SUFFIXEN

    resultaten: list[Resultaat] = []
    for geladen in scenarios:
        begin = time.perf_counter()
        verschillen = voer_uit(engine, geladen.scenario, streng=streng)
        resultaten.append(Resultaat(str(bestand), geladen.line, geladen.scenario.naam, tuple(verschillen),
                                    time.perf_counter() - begin))
        if verschillen:
            waar = f"rij {geladen.line}" if bestand.suffix.lower() in TABEL_SUFFIXEN else str(geladen.line)
            err.print(Text(zichtbaar(f"✘ {bestand}:{waar}: {geladen.scenario.naam}"), style="red"))
            for v in verschillen:
                err.print(zichtbaar(f"    {v}"))
    return resultaten


@app.command()
def populatie(
    uit: Annotated[Path, typer.Option("--uit", "--out", "-o", help="Uitvoer: .csv, .xlsx, .jsonl of .parquet.")],
    n: Annotated[int, typer.Option("--n", min=1, max=2_000_000, help="Aantal jongeren.")] = 1000,
    seed: Annotated[int, typer.Option("--seed", help="Startwaarde: dezelfde seed en peildatum geven dezelfde jongeren.")] = 1,
    peildatum: Annotated[str | None, typer.Option("--peildatum", help="Peildatum JJJJ-MM-DD (standaard: vandaag).")] = None,
    gemeente: Annotated[str | None, typer.Option("--gemeente", help="Alle jongeren in deze gemeente (naam of CBS-code); standaard verspreid.")] = None,
) -> None:
    """Schrijf een synthetische populatie jongeren (12-27) met realistische aandelen (zie docs/populatie.md)."""
    from .gemeenten import gemeente_suggestie, normaliseer_gemeente
    from .populatie import schrijf
    from .tabel import TabelFout

    datum = _datum(peildatum) or dt.date.today()
    if gemeente is not None:
        try:
            normaliseer_gemeente(gemeente)
        except ValueError as fout:
            _fout(f"--gemeente: {fout}{gemeente_suggestie(gemeente)}")
            raise typer.Exit(2) from None
    try:
        schrijf(n, seed, datum, uit, gemeente, console=err)
    except (TabelFout, ValueError) as fout:
        _fout(str(fout))
        raise typer.Exit(2) from None


@app.command()
def batch(
    invoer: Annotated[Path, typer.Argument(metavar="GEVALLEN", help="Casusprofielen, één per rij: .csv, .xlsx, .jsonl of .parquet (zie docs/beleid.md).")],
    uit: Annotated[Path, typer.Option("--uit", "--out", "-o", help="Resultaten: .csv, .xlsx, .jsonl of .parquet.")],
    peildatum: Annotated[str | None, typer.Option("--peildatum", help="Peildatum voor elk geval (standaard: die in de rij, anders vandaag).")] = None,
    wetdatum: Annotated[str | None, typer.Option("--wetdatum", help="Pas de wet van deze datum toe; leeftijden en termijnen blijven die op de peildatum.")] = None,
    processen: Annotated[int | None, typer.Option("--processen", "-j", min=1, help="Hoeveel delen tegelijk: draden in één proces op de kolomsgewijze weg, processen met --per-geval (standaard: elke kern).")] = None,
    per_geval: Annotated[bool, typer.Option("--per-geval", help="Beoordeel elk geval afzonderlijk met de backend (Engine.evaluate) in plaats van kolomsgewijs; trager, dezelfde uitkomst.")] = False,
    regels: RegelsOptie = None,
    backend: BackendOptie = None,
) -> None:
    """Beoordeel een tabel met gevallen: per rij de status van elk item en de open vragen."""
    import os

    # polars' allocator (jemalloc) keeps freed pages ten seconds by default; the batch frees a
    # chunk's columns several times a second, so return them after a quarter of a second: about
    # 50 MB less at the peak for a little system time (read when polars is first imported, just
    # below; a setting of the user's own is kept)
    os.environ.setdefault("_RJEM_MALLOC_CONF", "dirty_decay_ms:250,muzzy_decay_ms:0")
    from .batch import Opdracht, voer_uit
    from .engine import standaard_regels
    from .tabel import TabelFout

    opdracht = Opdracht(str(regels or standaard_regels()), backend, _datum(peildatum), _datum(wetdatum, "--wetdatum"),
                        cache=_cache)
    try:
        # the input is read first, so a bad file is reported before the rules are compiled
        code = voer_uit(invoer, uit, opdracht, processen=processen, console=err,
                        engine=lambda: _engine(regels, backend), per_geval=per_geval)
    except (TabelFout, ValueError) as fout:
        _fout(str(fout))
        raise typer.Exit(2) from None
    except KeyboardInterrupt:
        _fout(f"afgebroken; {uit} is niet geschreven")
        raise typer.Exit(130) from None
    raise typer.Exit(code)


@app.command()
def vergelijk(
    invoer: Annotated[Path, typer.Argument(metavar="GEVALLEN", help="Casusprofielen, één per rij: .csv, .xlsx, .jsonl of .parquet.")],
    basis: Annotated[str, typer.Option("--basis", help="Regelmap, wetdatum (2025-12-31) of MAP@DATUM; met ,+BESTAND een gemeentebestand erbij, met ,-PAD een bestand eruit.")],
    variant: Annotated[str, typer.Option("--variant", help="Als --basis: de versie om mee te vergelijken.")],
    html: Annotated[Path | None, typer.Option("--html", help="Schrijf een rapport met grafieken (één HTML-bestand).")] = None,
    xlsx: Annotated[Path | None, typer.Option("--xlsx", help="Schrijf dezelfde tabellen als xlsx.")] = None,
    peildatum: Annotated[str | None, typer.Option("--peildatum", help="Peildatum voor elk geval (standaard: die in de rij, anders vandaag).")] = None,
    processen: Annotated[int | None, typer.Option("--processen", "-j", min=1, help="Aantal processen (standaard: elke kern).")] = None,
    regels: RegelsOptie = None,
    backend: BackendOptie = None,
) -> None:
    """Vergelijk twee versies van wet of beleid over dezelfde jongeren: wat verandert er, voor wie en door welke regels?"""
    from . import vergelijk as module
    from .engine import standaard_regels
    from .tabel import TabelFout

    datum = _datum(peildatum)
    try:
        module.voer_uit(invoer, basis, variant, standaard=regels or standaard_regels(), backend=backend,
                        peildatum=datum, processen=processen, html_pad=html, xlsx_pad=xlsx, console=err)
    except RegelbankFout as fout:
        err.print(render(fout.diagnostics))
        _fout("fouten in de regels van --basis of --variant")
        raise typer.Exit(1) from None
    except (TabelFout, ValueError) as fout:
        _fout(str(fout))
        raise typer.Exit(2) from None
    except KeyboardInterrupt:
        _fout("afgebroken; er is niets geschreven")
        raise typer.Exit(130) from None


@app.command()
def hiaten(
    peildatum: Annotated[str | None, typer.Option("--peildatum", help="Peildatum JJJJ-MM-DD (standaard: vandaag).")] = None,
    wetdatum: Annotated[str | None, typer.Option("--wetdatum", help="Pas de wet van deze datum toe (standaard: de peildatum).")] = None,
    aantal: Annotated[int, typer.Option("--aantal", min=1, max=1_000_000, help="Aantal profielen in de steekproef.")] = 5000,
    seed: Annotated[int, typer.Option("--seed", help="Startwaarde van de steekproef (dezelfde seed, dezelfde bevindingen).")] = 1,
    voorbeelden: Annotated[Path | None, typer.Option("--voorbeelden", help="Schrijf het kleinste voorbeeld van elke bevinding als casusprofiel in deze map.")] = None,
    regels: RegelsOptie = None,
    backend: BackendOptie = None,
) -> None:
    """Wal-en-schipscan: zoek jongeren voor wie een behoefte geen regime of route heeft, een signaal geen open overbrugging, of een andere wet die niet geldt."""
    from .hiaten import voer_uit

    datum = _datum(peildatum) or dt.date.today()
    wet = _datum(wetdatum, "--wetdatum")
    engine = _engine(regels, backend)
    from .engine import BuitenDekking

    try:
        voer_uit(engine, datum, wetdatum=wet, aantal=aantal, seed=seed, voorbeelden=voorbeelden, console=err)
    except BuitenDekking as fout:
        _fout(str(fout))
        raise typer.Exit(2) from None


@app.command()
def schema(
    uitvoer: Annotated[Path | None, typer.Option("--uitvoer", "-o", help="Schrijf de schema's naar deze map in plaats van stdout.")] = None,
) -> None:
    """Druk de JSON Schema's af: casusprofiel, advies, regelbestand, dekking en scenario's."""
    from .schemas import alle_schemas

    schemas = alle_schemas()
    if uitvoer is None:
        sys.stdout.write(json.dumps(schemas, indent=2, ensure_ascii=False) + "\n")
        return
    uitvoer.mkdir(parents=True, exist_ok=True)
    for naam, inhoud in schemas.items():
        (uitvoer / f"{naam}.schema.json").write_text(
            json.dumps(inhoud, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        err.print(f"geschreven: {uitvoer / f'{naam}.schema.json'}")


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Adres om op te luisteren.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Poort.")] = 8000,
    workers: Annotated[int | None, typer.Option("--workers", help="Aantal werkprocessen, elk met de regels in eigen geheugen (150-250 MB op durable-rules); standaard: elke kern. Eén is genoeg voor één balie.", min=1)] = None,
    regels: RegelsOptie = None,
) -> None:
    """Start de HTTP API (/v1) en de pagina voor de klantmanager (/)."""
    from .proces import beschikbare_kernen

    try:
        from .api import start
    except ImportError as fout:
        _fout(f"de webonderdelen ontbreken ({fout.name}); installeer regelruimte[web]")
        raise typer.Exit(2) from None
    if regels is not None and not regels.is_dir():
        _fout(f"regelmap '{regels}' bestaat niet of is geen map")
        raise typer.Exit(2)
    start(host, port, workers or beschikbare_kernen(), regels)


@app.command()
def vraag(
    casus: Annotated[Path | None, typer.Argument(help="Casusprofiel om mee te beginnen (YAML of JSON); leeg: een nieuwe casus.")] = None,
    opslaan: Annotated[Path | None, typer.Option("--opslaan", help="Schrijf het aangevulde profiel naar dit bestand (YAML).")] = None,
    regels: RegelsOptie = None,
    backend: BackendOptie = None,
    streng: StrengOptie = False,
) -> None:
    """Vraag stap voor stap alleen wat het advies nog verandert, met na elk antwoord de kern."""
    from .intake import intake

    engine = _engine(regels, backend)
    raise typer.Exit(intake(engine, casus, opslaan, vermoedens=not streng))


def main() -> None:
    app()


if __name__ == "__main__":
    main()
