"""Render an advice as readable Dutch text for the caseworker (terminal).

Every view opens with the core (``advies.samenvatting``). ``kort`` stops there; the full
view follows with every section; ``details`` adds rule ids and field names for those who
maintain the rules (the caseworker's views show none). Wrapped lines keep their indent.
"""

from __future__ import annotations

from rich.console import Console, Group, RenderableType
from rich.markup import escape
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from .advies import (
    Advies,
    GrondslagVerwijzing,
    Item,
    KernItem,
    KernSignaal,
    Maatwerk,
    Route,
    Samenvatting,
    Signaal,
    Status,
)
from .gemeenten import gemeente_naam
from .samenvatting import vat_samen
from .woorden import BESLISSER, FINANCIER, aard_label, datum_nl

__all__ = ["opsomming", "print_advies", "tekst_advies"]

# Kept for callers that imported the tables from here.
_BESLISSER = BESLISSER
_FINANCIER = FINANCIER

_TEKEN = {
    Status.van_toepassing: ("✔", "green", "van toepassing"),
    Status.niet_van_toepassing: ("✘", "red", "niet van toepassing"),
    Status.onbepaald: ("?", "yellow", "onbepaald"),
}
#: after a question whose fact is now presumed (it comes last; the answer can overturn it)
_AANGENOMEN = " (nu aangenomen; het antwoord kan het vermoeden weerleggen)"
_SECTIENAAM = {"regimes": ("regime", "regimes"), "routes": ("route", "routes"),
               "maatwerk": ("maatwerkbevoegdheid", "maatwerkbevoegdheden"),
               "signalen": ("signaal", "signalen"), "beleid": ("beleidsregel", "beleidsregels")}


def _regel(inspring: int, *delen: str | tuple[str, str]) -> Padding:
    """One paragraph at ``inspring`` columns; its wrapped lines keep that indent."""
    return Padding(Text.assemble(*delen), (0, 0, 0, inspring))


def opsomming(inspring: int, teken: str | tuple[str, str], *delen: str | tuple[str, str]) -> Table:
    """A bulleted paragraph: wrapped lines align under the text, not under the bullet."""
    rooster = Table.grid(padding=0)
    rooster.add_column(width=inspring + len(teken if isinstance(teken, str) else teken[0]), no_wrap=True)
    rooster.add_column(ratio=1)
    rooster.add_row(Text.assemble(" " * inspring, teken), Text.assemble(*delen))
    return rooster


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


# --- the core ----------------------------------------------------------------------------


def _kernregel(k: KernItem, *, betaalt: bool = False, artikel: bool = False) -> Table:
    delen: list[str | tuple[str, str]] = [(k.titel, "bold")]
    wie = []
    if betaalt and k.financier_label:
        wie.append(f"betaalt: {k.financier_label}")
    if k.beslisser_label:
        wie.append(f"beslist: {k.beslisser_label}")
    if artikel and k.grondslag:
        wie.append(k.grondslag)
    if wie:
        delen.append((" — " + " · ".join(wie), "cyan"))
    if k.onzeker:
        delen.append((" (onzeker)", "magenta"))
    if k.vermoedens:
        delen.append((" (rust op een vermoeden)", "yellow"))
    return opsomming(2, ("✔ ", "bold green"), *delen)


def _kern(s: Samenvatting, aantal_vragen: int) -> list[RenderableType]:
    uit: list[RenderableType] = [Text("Wat geldt", style="bold underline")]
    if not s.regimes:
        uit.append(_regel(2, ("geen regime staat vast", "dim")))
    uit.extend(_kernregel(k, artikel=True) for k in s.regimes)
    if s.signalen:
        uit.append(Text("Wat nu te doen", style="bold underline"))
        for sig in s.signalen:
            uit.extend(_kernsignaal(sig))
    for titel, items, betaalt in (("Routes en wie betaalt", s.routes, True),
                                  ("Ruimte voor maatwerk en wie beslist", s.maatwerk, False),
                                  ("Gemeentelijk beleid", s.beleid, False)):
        if items:
            uit.append(Text(titel, style="bold underline"))
            uit.extend(_kernregel(k, betaalt=betaalt) for k in items)
    if s.nog_open:
        tellingen = [f"{n} {_SECTIENAAM[sectie][n != 1]}" for sectie, n in s.nog_open.items()]
        uit.append(_regel(2, ("Nog open: " + ", ".join(tellingen), "yellow")))
    uit.extend(_kernvragen(s, aantal_vragen))
    return uit


def _kernsignaal(sig: KernSignaal) -> list[RenderableType]:
    uit: list[RenderableType] = [opsomming(2, ("! ", "bold red"), (sig.titel, "bold"),
                                           (" (onzeker)", "magenta") if sig.onzeker else "",
                                           (" (rust op een vermoeden)", "yellow") if sig.vermoedens else "")]
    if sig.actie:
        uit.append(_regel(6, sig.actie))
    if sig.wie:
        uit.append(_regel(6, ("Wie: " + "; ".join(sig.wie), "cyan")))
    geldt = [k.titel for k in sig.overbrugging if k.status is Status.van_toepassing]
    mogelijk = len(sig.overbrugging) - len(geldt)
    if geldt or mogelijk:
        tekst = "Routes: " + "; ".join(geldt) if geldt else "Routes"
        if mogelijk:
            staat = "staat" if mogelijk == 1 else "staan"
            tekst += f"{'; en' if geldt else ':'} {mogelijk} die nog open {staat}"
        uit.append(_regel(6, (tekst, "dim")))
    return uit


def _kernvragen(s: Samenvatting, aantal_vragen: int) -> list[RenderableType]:
    if not s.vragen:
        return [] if s.nog_open else [_regel(2, ("Alle onderdelen zijn bepaald.", "dim"))]
    uit: list[RenderableType] = [Text("Vragen die het meest beslissen", style="bold underline")]
    for i, vraag in enumerate(s.vragen, 1):
        uit.append(opsomming(2, f"{i}. ", vraag.vraag, (_AANGENOMEN, "dim") if vraag.vermoeden else ""))
    if aantal_vragen > len(s.vragen):
        rest = aantal_vragen - len(s.vragen)
        uit.append(_regel(2, (f"… en nog {rest} {'vraag' if rest == 1 else 'vragen'}", "dim")))
    return uit


# --- the full view -----------------------------------------------------------------------


def _item(item: Item, advies: Advies, details: bool) -> list[RenderableType]:
    teken, kleur, woord = _TEKEN[item.status]
    kop: list[str | tuple[str, str]] = [(f"{teken} ", f"bold {kleur}"), (item.titel, "bold"), (f"  — {woord}", kleur)]
    if item.onzeker:
        kop.append(("  (onzeker)", "magenta"))
    if details:
        kop.append((f"  [{item.id}]", "dim"))
    uit: list[RenderableType] = [opsomming(0, kop[0], *kop[1:]), _regel(4, item.uitleg)]
    if isinstance(item, Route):
        uit.append(_regel(4, (f"Wie betaalt: {FINANCIER.get(item.financier, item.financier)}"
                              f" · Wie beslist: {BESLISSER.get(item.beslisser, item.beslisser)}", "cyan")))
    elif isinstance(item, Maatwerk):
        uit.append(_regel(4, (f"Wie beslist: {BESLISSER.get(item.beslisser, item.beslisser)}"
                              f" · Aard: {aard_label(item.aard)}", "cyan")))
    elif isinstance(item, Signaal) and item.wetten:
        tekst = f"Tussen: {' en '.join(item.wetten)}"
        if item.overbrugging:
            namen = [i if details or (gevonden := advies.item(i)) is None else gevonden.titel
                     for i in item.overbrugging]
            tekst += f" · Overbrugging: {'; '.join(namen)}"
        uit.append(_regel(4, (tekst, "cyan")))
    if item.grondslag:
        uit.append(_regel(4, (f"Grondslag: {_citaten(item.grondslag)}", "dim")))
    for toelichting in item.onzeker_toelichting:
        uit.append(_regel(4, (f"Onzeker: {toelichting}", "magenta")))
    return uit


def _sectie(titel: str, items: list[Item], leeg: str, advies: Advies, details: bool) -> Group:
    delen: list[RenderableType] = [Text(titel, style="bold underline")]
    if not items:
        delen.append(_regel(2, (leeg, "dim")))
    for item in items:
        delen.extend(_item(item, advies, details))
    delen.append(Text(""))
    return Group(*delen)


def _vragen(advies: Advies, details: bool) -> list[RenderableType]:
    uit: list[RenderableType] = [Text("Alle vragen die het advies kunnen beslissen", style="bold underline")]
    if not advies.vragen:
        uit.append(_regel(2, ("geen: alle conclusies zijn bepaald", "dim")))
    for i, vraag in enumerate(advies.vragen, 1):
        uit.append(opsomming(2, f"{i}. ", (vraag.vraag, "bold"), (_AANGENOMEN, "dim") if vraag.vermoeden else ""))
        if details:
            uit.append(_regel(5, (f"({vraag.feit}; beslist: {', '.join(vraag.beslist)})", "dim")))
        else:
            titels = [item.titel for i in vraag.beslist if (item := advies.item(i)) is not None]
            uit.append(_regel(5, (f"beslist mee over: {'; '.join(titels)}", "dim")))
    return uit


def _kop(advies: Advies) -> Text:
    o = advies.ontvangst
    gemeente = f" · gemeente {o.gemeente_naam or gemeente_naam(o.gemeente)} ({o.gemeente})" if o.gemeente else ""
    wet = f" · wet van {datum_nl(o.wetdatum)}" if o.wetdatum else ""
    return Text(f"regelruimte — advies · peildatum {datum_nl(o.peildatum)}{wet}{gemeente}", style="bold reverse")


def _voorbehouden(advies: Advies) -> list[RenderableType]:
    """What the advice assumes: warnings, the presumptions applied, or that there are none."""
    o = advies.ontvangst
    uit: list[RenderableType] = [_regel(0, (f"Let op: {w}", "yellow")) for w in o.waarschuwingen]
    uit.extend(_regel(0, (f"Aangenomen: {v.titel}. Tenzij {v.tenzij}.", "yellow")) for v in o.vermoedens)
    if o.streng:
        uit.append(_regel(0, ("Streng: zonder vermoedens (wat het profiel niet geeft, blijft onbekend).", "yellow")))
    return uit


def _ontvangst(advies: Advies) -> Text:
    o = advies.ontvangst
    if o.periode_vanaf:
        periode = f"{datum_nl(o.periode_vanaf)} t/m {datum_nl(o.periode_tot) if o.periode_tot else 'heden'}"
    else:
        periode = o.epoch
    return Text(f"regelruimte {o.versie} · regels {o.regels_hash[:12]} · {o.backend} · regels geldig {periode}",
                style="dim")


def print_advies(advies: Advies, console: Console | None = None, *, kort: bool = False,
                 details: bool = False) -> None:
    """Print the advice, the core first. ``kort``: only the core; ``details``: the full advice
    with rule ids and field names."""
    console = console or Console()
    if advies.samenvatting is None:
        advies = vat_samen(advies)
    assert advies.samenvatting is not None
    console.print(_kop(advies))
    for regel in _voorbehouden(advies):
        console.print(regel)
    console.print(Group(*_kern(advies.samenvatting, len(advies.vragen))))
    if not kort:
        console.print(Text(""))
        console.print(Text("Het volledige advies", style="bold reverse"))
        for titel, items, leeg in (
            ("Welke wet is van toepassing", advies.regimes, "geen regimes"),
            ("Routes en wie betaalt", advies.routes, "geen routes voor dit profiel"),
            ("Ruimte voor maatwerk", advies.maatwerk, "geen maatwerkbevoegdheden relevant"),
            ("Signalen: tussen twee wetten", advies.signalen, "geen signalen"),
        ):
            console.print(_sectie(titel, list(items), leeg, advies, details))
        if advies.beleid:
            console.print(_sectie("Gemeentelijk beleid", list(advies.beleid), "", advies, details))
        console.print(Group(*_vragen(advies, details)))
    console.print(_ontvangst(advies))


def tekst_advies(advies: Advies, breedte: int = 100, *, kort: bool = False, details: bool = False) -> str:
    """The rendered advice as plain text (no colours)."""
    console = Console(width=breedte, color_system=None, force_terminal=False, highlight=False)
    with console.capture() as vangst:
        print_advies(advies, console, kort=kort, details=details)
    return vangst.get()


_ = escape  # rich markup is never interpreted: all text goes through Text()
