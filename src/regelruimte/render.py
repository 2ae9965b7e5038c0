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
        if g.rol in ("uitzondering", "vermoeden"):
            tekst = f"{g.rol}: {tekst}"
        if g.zekerheid != "V":
            tekst += f" [{g.zekerheid}]"
        delen.append(tekst)
    return "; ".join(delen)


def _item(item: Item, *, kort: bool = False) -> Text:
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
    if not kort:
        for toelichting in item.onzeker_toelichting:
            regel.append(f"\n    Onzeker: {toelichting}", style="magenta")
    return regel


def _sectie(titel: str, items: list[Item], leeg: str, *, kort: bool = False) -> Group:
    delen: list[Text] = [Text(titel, style="bold underline")]
    # Short view: what applies in full; what is open or does not apply, by title only.
    getoond = [i for i in items if i.status is Status.van_toepassing] if kort else items
    open_ = [i for i in items if i.status is Status.onbepaald] if kort else []
    niet = [i for i in items if i.status is Status.niet_van_toepassing] if kort else []
    if not items:
        delen.append(Text(f"  {leeg}", style="dim"))
    for item in getoond:
        delen.append(_item(item, kort=kort))
    if open_:
        delen.append(Text(f"  Nog open ({len(open_)}): " + "; ".join(i.titel for i in open_), style="yellow"))
    if niet:
        delen.append(Text(f"  Niet van toepassing ({len(niet)}): " + "; ".join(i.titel for i in niet),
                          style="red"))
    delen.append(Text(""))
    return Group(*delen)


def _samenvatting(advies: Advies) -> Group:
    o = advies.ontvangst
    gemeente = f" · gemeente {gemeente_naam(o.gemeente)} ({o.gemeente})" if o.gemeente else ""
    wet = f" · wet van {o.wetdatum.isoformat()}" if o.wetdatum else ""
    regels = [Text(f"Peildatum {o.peildatum.isoformat()}{wet}{gemeente}", style="bold")]
    for waarschuwing in o.waarschuwingen:
        regels.append(Text(f"Let op: {waarschuwing}", style="yellow"))
    for v in o.vermoedens:
        regels.append(Text(f"Aangenomen: {v.titel}. Tenzij {v.tenzij}.", style="yellow"))
    if o.streng:
        regels.append(Text("Streng: zonder vermoedens (wat het profiel niet geeft, blijft onbekend).",
                           style="yellow"))
    return Group(*regels)


_KORT_VRAGEN = 5  # questions shown in the short view: they come sorted by how much they settle


def print_advies(advies: Advies, console: Console | None = None, *, kort: bool = False) -> None:
    """Print the advice. ``kort``: what applies in full, the other items by title, and the
    questions that settle most; the full advice (and the JSON) keep everything."""
    console = console or Console()
    console.print(Panel(_samenvatting(advies), title="regelruimte — advies", expand=False))
    console.print(_sectie("Welke wet is van toepassing", list(advies.regimes), "geen regimes", kort=kort))
    console.print(_sectie("Routes en wie betaalt", list(advies.routes), "geen routes voor dit profiel",
                          kort=kort))
    console.print(_sectie("Ruimte voor maatwerk", list(advies.maatwerk), "geen maatwerkbevoegdheden relevant",
                          kort=kort))
    console.print(_sectie("Signalen: tussen twee wetten", list(advies.signalen), "geen signalen", kort=kort))
    if advies.beleid:
        console.print(_sectie("Gemeentelijk beleid", list(advies.beleid), "geen beleid van toepassing",
                              kort=kort))
    console.print(Text("Vragen die het advies kunnen beslissen", style="bold underline"))
    if not advies.vragen:
        console.print(Text("  geen: alle conclusies zijn bepaald", style="dim"))
    vragen = advies.vragen[:_KORT_VRAGEN] if kort else advies.vragen
    for i, vraag in enumerate(vragen, 1):
        console.print(Text(f"  {i}. {vraag.vraag}", style="bold"))
        if vraag.vermoeden:
            console.print(Text("     (nu aangenomen; het antwoord kan het vermoeden weerleggen)", style="dim"))
        if kort:
            console.print(Text(f"     ({vraag.feit}; beslist {len(vraag.beslist)} onderdelen)", style="dim"))
        else:
            console.print(Text(f"     ({vraag.feit}; beslist: {', '.join(vraag.beslist)})", style="dim"))
    if kort and len(advies.vragen) > len(vragen):
        console.print(Text(f"  … en nog {len(advies.vragen) - len(vragen)} vragen: zie het volledige "
                           "advies (zonder --kort).", style="dim"))
    o = advies.ontvangst
    console.print(Text(
        f"\nregelruimte {o.versie} · regels {o.regels_hash[:12]} · {o.backend} · periode {o.epoch}",
        style="dim"))


def tekst_advies(advies: Advies, breedte: int = 100, *, kort: bool = False) -> str:
    """The rendered advice as plain text (no colours)."""
    console = Console(width=breedte, color_system=None, force_terminal=False, highlight=False)
    with console.capture() as vangst:
        print_advies(advies, console, kort=kort)
    return vangst.get()


_ = escape  # rich markup is never interpreted: all text goes through Text()
