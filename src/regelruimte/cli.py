"""Command line: ``regelruimte advies | check | test | schema | serve | vraag``.

Exit codes: 0 success; 1 errors in rules or failing scenarios; 2 unusable input (invalid
case profile, peildatum outside the rule base's coverage, a missing file or folder).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.text import Text

from .diagnostics import Ernst, RegelbankFout, render

app = typer.Typer(
    name="regelruimte",
    help="Welke wet is van toepassing, wie betaalt en waar mag je afwijken? "
    "Een regelengine voor jongeren (12-27) in het sociaal domein.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)

err = Console(stderr=True)

RegelsOptie = Annotated[
    Path | None,
    typer.Option("--regels", "-r", help="Regelmap (standaard: de meegeleverde regels).",
                 file_okay=False, dir_okay=True),
]
BackendOptie = Annotated[
    str, typer.Option("--backend", help="durable (durable-rules) of referentie (pure Python).")
]


def _fout(tekst: str) -> None:
    """Print an error; the text may contain user input, so it is never read as markup."""
    regel = Text("fout: ", style="red")
    regel.append(tekst)
    err.print(regel, highlight=False)


def _json_fout(soort: str, tekst: str, velden: list[tuple[str, str]] | None = None) -> None:
    """An error as JSON on stdout (with --json): the caller parses stdout, whatever happens."""
    uit: dict[str, object] = {"fout": soort, "detail": tekst}
    if velden is not None:
        uit["velden"] = [{"veld": veld, "reden": reden} for veld, reden in velden]
    sys.stdout.write(json.dumps(uit, ensure_ascii=False, indent=2) + "\n")


def _versie(waarde: bool) -> None:
    if waarde:
        from . import __version__

        sys.stdout.write(f"regelruimte {__version__}\n")
        raise typer.Exit()


@app.callback()
def _hoofd(
    versie: Annotated[bool, typer.Option("--version", help="Toon de versie en stop.", callback=_versie, is_eager=True)] = False,
) -> None:
    """Welke wet is van toepassing, wie betaalt en waar mag je afwijken?"""


def _datum(tekst: str | None, as_json: bool = False) -> dt.date | None:
    if tekst is None:
        return None
    try:
        return dt.date.fromisoformat(tekst)
    except ValueError:
        bericht = f"--peildatum '{tekst}' is geen datum; gebruik JJJJ-MM-DD"
        _json_fout("ongeldige_peildatum", bericht, [("peildatum", "geen datum; gebruik JJJJ-MM-DD")]) if as_json \
            else _fout(bericht)
        raise typer.Exit(2) from None


def _engine(regels: Path | None, backend: str, as_json: bool = False):  # type: ignore[no-untyped-def]
    from .backends import BackendNietBeschikbaar
    from .engine import Engine, standaard_regels

    if regels is not None and not regels.is_dir():
        bericht = f"regelmap '{regels}' bestaat niet of is geen map"
        _json_fout("geen_regelmap", bericht) if as_json else _fout(bericht)
        raise typer.Exit(2)
    try:
        return Engine.from_directory(regels or standaard_regels(), backend=backend)
    except RegelbankFout as fout:
        if as_json:
            _json_fout("fouten_in_regels", str(fout))
        err.print(render(fout.diagnostics))
        err.print(f"[red]{len([d for d in fout.diagnostics if d.ernst is Ernst.fout])} fout(en) in de regels[/]")
        raise typer.Exit(1) from None
    except (BackendNietBeschikbaar, ValueError, FileNotFoundError) as fout:
        _json_fout("engine_niet_beschikbaar", str(fout)) if as_json else _fout(str(fout))
        raise typer.Exit(2) from None


@app.command()
def advies(
    casus: Annotated[Path, typer.Argument(help="Casusprofiel (YAML of JSON); '-' leest van standaardinvoer.", exists=False)],
    as_json: Annotated[bool, typer.Option("--json", help="Geef het advies (en een fout) als JSON (het Advies-contract).")] = False,
    peildatum: Annotated[str | None, typer.Option("--peildatum", help="Peildatum JJJJ-MM-DD (standaard: die van het profiel, anders vandaag).")] = None,
    alles: Annotated[bool, typer.Option("--alles", help="Toon ook routes, maatwerk en signalen die niet van toepassing zijn.")] = False,
    kort: Annotated[bool, typer.Option("--kort", help="Alleen de kern: wat geldt, wat te doen, wie betaalt, wie beslist en de drie belangrijkste vragen.")] = False,
    details: Annotated[bool, typer.Option("--details", help="Het volledige advies met regel-ids en veldnamen (voor regelbeheerders).")] = False,
    regels: RegelsOptie = None,
    backend: BackendOptie = "durable",
) -> None:
    """Geef het advies voor één casus: eerst de kern, dan regimes, routes, maatwerk, signalen en vragen."""
    from .engine import BuitenDekking
    from .profile import ProfielFout, lees_profiel, lees_profiel_tekst
    from .render import print_advies
    from .vraagvolgorde import advies_met_volgorde

    datum = _datum(peildatum, as_json)
    engine = _engine(regels, backend, as_json)
    bron = "standaardinvoer" if str(casus) == "-" else str(casus)
    try:
        # With --peildatum the profile is checked against that date, not its own.
        if str(casus) == "-":
            profiel = lees_profiel_tekst(sys.stdin.read(), bron, samenhang=datum is None)
        else:
            profiel = lees_profiel(casus, samenhang=datum is None)
        uitkomst = advies_met_volgorde(engine, profiel, datum, alles=alles)
    except ProfielFout as fout:
        if fout.bron is None:
            fout = ProfielFout(fout.fouten, bron)
        if as_json:
            _json_fout("ongeldig_profiel", str(fout), fout.fouten)
        else:
            _fout(str(fout))
        raise typer.Exit(2) from None
    except BuitenDekking as fout:
        if as_json:
            _json_fout("buiten_dekking", str(fout))
        else:
            _fout(str(fout))
        raise typer.Exit(2) from None
    if as_json:
        sys.stdout.write(uitkomst.model_dump_json(indent=2) + "\n")
    else:
        print_advies(uitkomst, Console(highlight=False), kort=kort, details=details)


@app.command()
def check(
    map_: Annotated[Path | None, typer.Argument(metavar="MAP", help="Regelmap (standaard: de meegeleverde regels).")] = None,
    geen_snippets: Annotated[bool, typer.Option("--kort", help="Zonder bronfragmenten.")] = False,
) -> None:
    """Controleer regelbestanden: YAML, schema, betekenis en wat de engine veilig kan."""
    from .compile import compileer
    from .engine import standaard_regels
    from .load import laad_map, regelbestanden

    map_ = map_ or standaard_regels()
    if not map_.is_dir():
        _fout(f"regelmap '{map_}' bestaat niet of is geen map")
        raise typer.Exit(2)
    geladen = laad_map(map_)
    _, diags = compileer(geladen)
    fouten = [d for d in diags if d.ernst is Ernst.fout]
    if diags:
        print(render(diags, snippets=not geen_snippets))
    aantal = len(regelbestanden(map_)) if map_.is_dir() else 0
    samenvatting = f"{aantal} bestand(en), {len(fouten)} fout(en), {len(diags) - len(fouten)} waarschuwing(en)"
    if fouten:
        err.print(f"[red]✘[/] {samenvatting}")
        raise typer.Exit(1)
    err.print(f"[green]✔[/] {samenvatting}")


@app.command()
def test(
    paden: Annotated[list[Path] | None, typer.Argument(metavar="PAD", help="Scenariobestanden of mappen (standaard: de meegeleverde regels).")] = None,
    backend: BackendOptie = "durable",
) -> None:
    """Draai YAML-scenariotests (*.test.yaml) en toon wat afwijkt."""
    from .engine import Engine, standaard_regels
    from .scenario import ScenarioFout, lees_scenarios, regelmap_voor, voer_uit

    bestanden: list[Path] = []
    for pad in paden or [standaard_regels()]:
        if not pad.exists():
            _fout(f"'{pad}' bestaat niet")
            raise typer.Exit(2)
        bestanden.extend(sorted(pad.rglob("*.test.yaml")) if pad.is_dir() else [pad])
    engines: dict[Path, Engine] = {}
    geslaagd = mislukt = 0
    for bestand in bestanden:
        try:
            scenarios = lees_scenarios(bestand)
            map_ = regelmap_voor(bestand)
        except ScenarioFout as fout:
            _fout(f"{bestand}\n  {fout}")
            mislukt += 1
            continue
        if map_ not in engines:
            engines[map_] = _engine(map_, backend)
        for geladen in scenarios:
            verschillen = voer_uit(engines[map_], geladen.scenario)
            if verschillen:
                mislukt += 1
                err.print(Text(f"✘ {bestand}:{geladen.regel}: {geladen.scenario.naam}", style="red"))
                for v in verschillen:
                    err.print(f"    {v}", highlight=False)
            else:
                geslaagd += 1
    err.print(f"{geslaagd} geslaagd, {mislukt} mislukt")
    if mislukt:
        raise typer.Exit(1)


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
    workers: Annotated[int, typer.Option("--workers", help="Aantal werkprocessen (elk compileert de regels één keer).", min=1)] = 1,
    regels: RegelsOptie = None,
) -> None:
    """Start de HTTP API (/v1) en de pagina voor de klantmanager (/)."""
    try:
        from .api import start
    except ImportError as fout:
        _fout(f"de webonderdelen ontbreken ({fout.name}); installeer regelruimte[web]")
        raise typer.Exit(2) from None
    if regels is not None and not regels.is_dir():
        _fout(f"regelmap '{regels}' bestaat niet of is geen map")
        raise typer.Exit(2)
    start(host, port, workers, regels)


@app.command()
def vraag(
    casus: Annotated[Path | None, typer.Argument(help="Casusprofiel om mee te beginnen (YAML of JSON); leeg: een nieuwe casus.")] = None,
    opslaan: Annotated[Path | None, typer.Option("--opslaan", help="Schrijf het aangevulde profiel naar dit bestand (YAML).")] = None,
    regels: RegelsOptie = None,
    backend: BackendOptie = "durable",
) -> None:
    """Vraag stap voor stap alleen wat het advies nog verandert, met na elk antwoord de kern."""
    from .intake import intake

    engine = _engine(regels, backend)
    raise typer.Exit(intake(engine, casus, opslaan))


def main() -> None:
    app()


if __name__ == "__main__":
    main()
