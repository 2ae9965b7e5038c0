"""Command line: ``regelruimte advies | check | test | schema``.

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
    str, typer.Option("--backend", help="durable (durable-rules), referentie (pure Python, het orakel) of snel (gegenereerde Python per periode).")
]


def _fout(tekst: str) -> None:
    """Print an error; the text may contain user input, so it is never read as markup."""
    regel = Text("fout: ", style="red")
    regel.append(tekst)
    err.print(regel, highlight=False)


def _datum(tekst: str | None) -> dt.date | None:
    if tekst is None:
        return None
    try:
        return dt.date.fromisoformat(tekst)
    except ValueError:
        _fout(f"--peildatum '{tekst}' is geen datum; gebruik JJJJ-MM-DD")
        raise typer.Exit(2) from None


def _engine(regels: Path | None, backend: str):  # type: ignore[no-untyped-def]
    from .backends import BackendNietBeschikbaar
    from .engine import Engine, standaard_regels

    if regels is not None and not regels.is_dir():
        _fout(f"regelmap '{regels}' bestaat niet of is geen map")
        raise typer.Exit(2)
    try:
        return Engine.from_directory(regels or standaard_regels(), backend=backend)
    except RegelbankFout as fout:
        err.print(render(fout.diagnostics))
        err.print(f"[red]{len([d for d in fout.diagnostics if d.ernst is Ernst.fout])} fout(en) in de regels[/]")
        raise typer.Exit(1) from None
    except (BackendNietBeschikbaar, ValueError, FileNotFoundError) as fout:
        _fout(str(fout))
        raise typer.Exit(2) from None


@app.command()
def advies(
    casus: Annotated[Path, typer.Argument(help="Casusprofiel (YAML of JSON).", exists=False)],
    as_json: Annotated[bool, typer.Option("--json", help="Geef het advies als JSON (het Advies-contract).")] = False,
    peildatum: Annotated[str | None, typer.Option("--peildatum", help="Peildatum JJJJ-MM-DD (standaard: die van het profiel, anders vandaag).")] = None,
    alles: Annotated[bool, typer.Option("--alles", help="Toon ook routes, maatwerk en signalen die niet van toepassing zijn.")] = False,
    kort: Annotated[bool, typer.Option("--kort", help="Beknopt: wat van toepassing is (met artikel), wat nog open is (alleen de titel) en de vijf belangrijkste vragen.")] = False,
    regels: RegelsOptie = None,
    backend: BackendOptie = "durable",
) -> None:
    """Geef het advies voor één casus: regimes, routes, maatwerk, signalen en vragen."""
    from .engine import BuitenDekking
    from .profile import ProfielFout, lees_profiel
    from .render import print_advies

    datum = _datum(peildatum)
    engine = _engine(regels, backend)
    try:
        # With --peildatum the profile is checked against that date, not its own.
        profiel = lees_profiel(casus, samenhang=datum is None)
        # The text view does not show the trace: only the JSON contract carries it.
        uitkomst = engine.evaluate(profiel, datum, alles=alles, trace=as_json)
    except ProfielFout as fout:
        if fout.bron is None:
            fout = ProfielFout(fout.fouten, str(casus))
        _fout(str(fout))
        raise typer.Exit(2) from None
    except BuitenDekking as fout:
        _fout(str(fout))
        raise typer.Exit(2) from None
    if as_json:
        sys.stdout.write(uitkomst.model_dump_json(indent=2) + "\n")
    else:
        print_advies(uitkomst, Console(highlight=False), kort=kort)


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
                err.print(Text(f"✘ {bestand}:{geladen.line}: {geladen.scenario.naam}", style="red"))
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


def main() -> None:
    app()


if __name__ == "__main__":
    main()
