"""Render an advice as readable Dutch text for the caseworker (terminal or Markdown)."""

from __future__ import annotations

from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.text import Text

from .advies import Advies, GrondslagVerwijzing, Item, Maatwerk, Route, Signaal, Status
from .gemeenten import gemeente_naam

__all__ = ["print_advies", "tekst_advies"]

_TEKEN = {
    Status.van_toepassing: ("✔", "green", "van toepassing"),
    Status.niet_van_toepassing: ("✘", "red", "niet van toepassing"),
    Status.onbepaald: ("?", "yellow", "onbepaald"),
}
_BESLISSER = {
    "college": "het college van B&W", "gemeenteraad": "de gemeenteraad", "uwv": "UWV", "duo": "DUO",
    "leerplichtambtenaar": "de leerplichtambtenaar", "schoolleiding": "de schoolleiding",
    "bevoegd_gezag": "het bevoegd gezag van de school", "examencommissie": "de examencommissie",
    "inspectie": "de Inspectie van het onderwijs", "zorgverzekeraar": "de zorgverzekeraar",
    "ciz": "het CIZ", "zorgkantoor": "het zorgkantoor", "rechter": "de rechter",
    "gecertificeerde_instelling": "de gecertificeerde instelling", "sbb": "SBB",
    "werkgever": "de werkgever", "niemand": "niemand (volgt uit de wet)",
}
_FINANCIER = {
    "gemeente": "gemeente (eigen middelen)", "gemeente_buig": "gemeente (BUIG-budget van het Rijk)",
    "uwv": "UWV", "duo": "DUO", "school": "de school (onderwijsbekostiging)",
    "doorstroompunt": "Doorstroompunt/RMC-budget van de regio", "werkcentrum": "regionaal Werkcentrum-budget",
    "zorgverzekeraar": "de zorgverzekeraar (Zvw)", "wlz": "het zorgkantoor (Wlz)", "werkgever": "de werkgever",
    "ouders": "de ouders", "geen": "niemand (geen financiering)",
}
_AARD = {
    "moet": "plicht / recht", "moet_oordeel": "plicht, naar oordeel van de beslisser", "kan": "bevoegdheid (kan)",
    "uitsluiting": "uitsluitingsgrond", "van_rechtswege": "van rechtswege", "definitie": "definitie",
    "afspraak": "bestuurlijke afspraak", "praktijk": "praktijk zonder wettelijke grondslag",
}


def _citaten(grondslag: list[GrondslagVerwijzing]) -> str:
    delen = []
    for g in grondslag:
        tekst = g.citaat()
        if g.rol == "uitzondering":
            tekst = f"uitzondering: {tekst}"
        if g.zekerheid != "V":
            tekst += f" [{g.zekerheid}]"
        delen.append(tekst)
    return "; ".join(delen)


def _item(item: Item) -> Text:
    teken, kleur, woord = _TEKEN[item.status]
    regel = Text()
    regel.append(f"{teken} ", style=f"bold {kleur}")
    regel.append(item.titel, style="bold")
    regel.append(f"  — {woord}", style=kleur)
    if item.onzeker:
        regel.append("  (onzeker)", style="magenta")
    regel.append("\n    ")
    regel.append(item.uitleg)
    if isinstance(item, Route):
        regel.append(f"\n    Wie betaalt: {_FINANCIER.get(item.financier, item.financier)}"
                     f" · Wie beslist: {_BESLISSER.get(item.beslisser, item.beslisser)}", style="cyan")
    elif isinstance(item, Maatwerk):
        regel.append(f"\n    Wie beslist: {_BESLISSER.get(item.beslisser, item.beslisser)}"
                     f" · Aard: {_AARD.get(item.aard, item.aard)}", style="cyan")
    elif isinstance(item, Signaal) and item.wetten:
        regel.append(f"\n    Tussen: {' en '.join(item.wetten)}", style="cyan")
        if item.overbrugging:
            regel.append(f" · Overbrugging: {', '.join(item.overbrugging)}", style="cyan")
    if item.grondslag:
        regel.append(f"\n    Grondslag: {_citaten(item.grondslag)}", style="dim")
    for toelichting in item.onzeker_toelichting:
        regel.append(f"\n    Onzeker: {toelichting}", style="magenta")
    return regel


def _sectie(titel: str, items: list[Item], leeg: str) -> Group:
    delen: list[Text] = [Text(titel, style="bold underline")]
    if not items:
        delen.append(Text(f"  {leeg}", style="dim"))
    for item in items:
        delen.append(_item(item))
    delen.append(Text(""))
    return Group(*delen)


def _samenvatting(advies: Advies) -> Group:
    o = advies.ontvangst
    gemeente = f" · gemeente {gemeente_naam(o.gemeente)} ({o.gemeente})" if o.gemeente else ""
    regels = [Text(f"Peildatum {o.peildatum.isoformat()}{gemeente}", style="bold")]
    for waarschuwing in o.waarschuwingen:
        regels.append(Text(f"Let op: {waarschuwing}", style="yellow"))
    return Group(*regels)


def print_advies(advies: Advies, console: Console | None = None) -> None:
    console = console or Console()
    console.print(Panel(_samenvatting(advies), title="regelruimte — advies", expand=False))
    console.print(_sectie("Welke wet is van toepassing", list(advies.regimes), "geen regimes"))
    console.print(_sectie("Routes en wie betaalt", list(advies.routes), "geen routes voor dit profiel"))
    console.print(_sectie("Ruimte voor maatwerk", list(advies.maatwerk), "geen maatwerkbevoegdheden relevant"))
    console.print(_sectie("Signalen: tussen twee wetten", list(advies.signalen), "geen signalen"))
    if advies.beleid:
        console.print(_sectie("Gemeentelijk beleid", list(advies.beleid), ""))
    console.print(Text("Vragen die het advies kunnen beslissen", style="bold underline"))
    if not advies.vragen:
        console.print(Text("  geen: alle conclusies zijn bepaald", style="dim"))
    for i, vraag in enumerate(advies.vragen, 1):
        console.print(Text(f"  {i}. {vraag.vraag}", style="bold"))
        console.print(Text(f"     ({vraag.feit}; beslist: {', '.join(vraag.beslist)})", style="dim"))
    o = advies.ontvangst
    console.print(Text(
        f"\nregelruimte {o.versie} · regels {o.regels_hash[:12]} · {o.backend} · periode {o.epoch}",
        style="dim"))


def tekst_advies(advies: Advies, breedte: int = 100) -> str:
    """The rendered advice as plain text (no colours)."""
    console = Console(width=breedte, record=True, color_system=None, force_terminal=False)
    with console.capture():
        print_advies(advies, console)
    return console.export_text()


_ = escape  # rich markup is never interpreted: all text goes through Text()
