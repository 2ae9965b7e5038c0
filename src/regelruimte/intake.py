"""``regelruimte vraag``: question by question in the terminal.

Asks only the facts that still change the advice, in the caseworker's order
(:mod:`regelruimte.vraagvolgorde`), offers the allowed answers, shows the core of the advice
after each answer and can save the completed profile. ``?`` (or Enter) passes a question
over, ``stop`` ends. No logic of law: the questions come from the advice.
"""

from __future__ import annotations

import datetime as dt
import enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from rich.console import Console
from rich.text import Text

from .advies import Vraag
from .engine import BuitenDekking
from .profile import CaseProfile, JeugdhulpVorm, ProfielFout, laad_profiel, lees_profiel
from .render import opsomming, print_advies
from .vraagvolgorde import advies_met_volgorde, veldtype
from .web.formulier import lees_datum
from .woorden import waarde_label

if TYPE_CHECKING:
    from .engine import Engine

__all__ = ["intake", "lees_antwoord"]

_OVERSLAAN = {"", "?", "weet niet", "onbekend"}
_STOP = {"stop", "q", "klaar"}


class _Stop(Exception):
    pass


def _opties(veld: str) -> list[str]:
    if veld == "jeugdhulp":
        return [v.value for v in JeugdhulpVorm]
    tp, _ = veldtype(veld)
    return [w.value for w in tp] if isinstance(tp, type) and issubclass(tp, enum.Enum) else []


def uitleg_antwoorden(veld: str) -> str:
    """How to answer ``veld``: the allowed answers, numbered where there is a list."""
    if veld == "jeugdhulp":
        genummerd = ", ".join(f"{i}={waarde_label('jeugdhulp.vorm', w)}" for i, w in enumerate(_opties(veld), 1))
        return f"nee (nooit jeugdhulp), of het nummer van de vorm: {genummerd}"
    tp, lijst = veldtype(veld)
    opties = _opties(veld)
    if opties:
        genummerd = ", ".join(f"{i}={waarde_label(veld, w)}" for i, w in enumerate(opties, 1))
        return f"{genummerd}" + ("; meer nummers met komma's, 0=geen" if lijst else "")
    if tp is bool:
        return "ja of nee"
    if tp is dt.date:
        return "een datum, dd-mm-jjjj"
    if tp is int:
        return "een getal"
    return "tekst"


def lees_antwoord(veld: str, tekst: str) -> Any:
    """The answer typed for ``veld`` as a profile value; ValueError with a Dutch reason."""
    tekst = tekst.strip()
    tp, lijst = veldtype(veld)
    opties = _opties(veld)

    def optie(stuk: str) -> str:
        stuk = stuk.strip()
        if stuk.isdigit() and 1 <= int(stuk) <= len(opties):
            return opties[int(stuk) - 1]
        if stuk in opties:
            return stuk
        raise ValueError(f"'{stuk}' is geen van de mogelijke antwoorden")

    if veld == "jeugdhulp":
        return [] if tekst.lower() in ("nee", "0", "geen") else [{"vorm": optie(tekst)}]
    if opties and lijst:
        return [] if tekst in ("0", "geen") else [optie(s) for s in tekst.split(",") if s.strip()]
    if opties:
        return optie(tekst)
    return _lees_enkel(tp, tekst)


def _lees_enkel(tp: Any, tekst: str) -> Any:
    """A yes/no, date, number or text answer."""
    if tp is bool:
        if tekst.lower() in ("ja", "j", "yes"):
            return True
        if tekst.lower() in ("nee", "n", "no"):
            return False
        raise ValueError("antwoord ja of nee")
    if tp is dt.date:
        return lees_datum(tekst)
    if tp is int:
        if not tekst.isdigit():
            raise ValueError("geef een geheel getal")
        return int(tekst)
    return tekst


def _vraag(console: Console, prompt: str) -> str:
    try:
        antwoord = console.input(prompt)
    except EOFError:
        raise _Stop from None
    if antwoord.strip().lower() in _STOP:
        raise _Stop
    return antwoord


def _vraag_jeugdhulp_data(console: Console, periode: dict[str, Any]) -> None:
    for sleutel, tekst in (("gestart_op", "Gestart op (dd-mm-jjjj, Enter = onbekend): "),
                           ("beeindigd_op", "Beëindigd op (dd-mm-jjjj, Enter = loopt nog): ")):
        while True:
            antwoord = _vraag(console, tekst).strip()
            if not antwoord:
                break
            try:
                periode[sleutel] = lees_datum(antwoord)
                break
            except ValueError as fout:
                console.print(Text(f"  {fout}", style="red"))


def intake(engine: Engine, casus: Path | None, opslaan: Path | None, console: Console | None = None,
           *, vermoedens: bool = True) -> int:
    """Run the intake; returns the exit code. ``vermoedens=False``: without presumptions (--streng)."""
    console = console or Console(highlight=False)
    gegevens: dict[str, Any] = {}
    if casus is not None:
        try:
            gegevens = lees_profiel(casus, samenhang=False).model_dump(exclude_none=True)
        except ProfielFout as fout:
            console.print(Text(f"fout: {fout}", style="red"))
            return 2
    overgeslagen: set[str] = set()
    try:
        _vraag_peildatum(console, gegevens)
        while True:
            try:
                advies = advies_met_volgorde(engine, laad_profiel(gegevens, samenhang=False), vermoedens=vermoedens)
            except (ProfielFout, BuitenDekking) as fout:
                console.print(Text(f"fout: {fout}", style="red"))
                return 2
            print_advies(advies, console, kort=True)
            vraag = next((v for v in advies.vragen if v.feit not in overgeslagen), None)
            if vraag is None:
                console.print(Text("Geen vragen meer die het advies kunnen veranderen.", style="bold"))
                break
            _beantwoord(console, gegevens, vraag, overgeslagen)
    except _Stop:
        console.print(Text("Gestopt.", style="dim"))
    if opslaan is not None:
        profiel = CaseProfile.model_validate(gegevens)
        opslaan.write_text(yaml.safe_dump(profiel.model_dump(mode="json", exclude_none=True), allow_unicode=True,
                                          sort_keys=False), encoding="utf-8")
        console.print(Text(f"Profiel opgeslagen in {opslaan}", style="green"))
    return 0


def _vraag_peildatum(console: Console, gegevens: dict[str, Any]) -> None:
    while "peildatum" not in gegevens:
        antwoord = _vraag(console, "Peildatum (dd-mm-jjjj, Enter = vandaag): ").strip()
        try:
            gegevens["peildatum"] = lees_datum(antwoord) if antwoord else dt.date.today()
        except ValueError as fout:
            console.print(Text(f"  {fout}", style="red"))


def _beantwoord(console: Console, gegevens: dict[str, Any], vraag: Vraag, overgeslagen: set[str]) -> None:
    """Ask one question until it has a valid answer (into ``gegevens``) or is skipped."""
    console.print()
    console.print(opsomming(0, ("Vraag: ", "bold"), (vraag.vraag, "bold")))
    if vraag.vermoeden:
        console.print(Text("  (nu aangenomen; uw antwoord kan dat weerleggen)", style="dim"))
    console.print(opsomming(2, ("Antwoord: ", "cyan"),
                            (f"{uitleg_antwoorden(vraag.feit)}  (? = weet niet, stop = klaar)", "cyan")))
    while True:
        tekst = _vraag(console, "> ")
        if tekst.strip().lower() in _OVERSLAAN:
            overgeslagen.add(vraag.feit)
            return
        try:
            waarde = lees_antwoord(vraag.feit, tekst)
            laad_profiel({**gegevens, vraag.feit: waarde}, samenhang=True).met_peildatum(gegevens["peildatum"])
        except (ValueError, ProfielFout) as fout:
            reden = fout.fouten[0][1] if isinstance(fout, ProfielFout) else str(fout)
            console.print(Text(f"  {reden}; probeer opnieuw", style="red"))
            continue
        if vraag.feit == "jeugdhulp" and waarde:
            _vraag_jeugdhulp_data(console, waarde[0])
        gegevens[vraag.feit] = waarde
        return
