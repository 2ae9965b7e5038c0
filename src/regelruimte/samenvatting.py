"""The answer first: the core of an advice, readable labels, and the questions in order.

Works from a finished :class:`~regelruimte.advies.Advies` alone (``Engine.evaluate`` calls
it after the explanation), so every front end (terminal, page, API, intake) shows the same
core. It adds fields and orders the questions; it decides nothing about the law.

* **Labels**: ``beslisser_label`` / ``financier_label`` next to the codes, the rule period
  (``ontvangst.epoch``) as dates, the gemeente's name.
* **Questions** are ordered by what an answer can settle: a regime or signal weighs more
  than a route, a route more than maatwerk or policy; only then by how many. (The intake's
  what-if ranking, :mod:`regelruimte.vraagvolgorde`, refines this with the answers' effect.)
* **Samenvatting**: the regimes, signals (with what to do and who acts), routes (who pays),
  maatwerk (who decides) that apply, the three questions that matter most, and how much is
  still open.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from .advies import (
    Advies,
    Beleid,
    Item,
    KernItem,
    KernSignaal,
    Maatwerk,
    Ontvangst,
    Regime,
    Route,
    Samenvatting,
    Signaal,
    Status,
    Vraag,
    afgeleid,
)
from .gemeenten import gemeente_naam
from .woorden import BESLISSER, beslisser_label, financier_label

__all__ = ["KERN_VRAGEN", "gewicht", "rangschik_statisch", "vat_samen"]

KERN_VRAGEN = 3  # questions in the core

#: What an answer settles, by section: a regime or signal weighs most (see module doc).
_KLASSE = {"regimes": 0, "signalen": 0, "routes": 1, "maatwerk": 2, "beleid": 2}

_I = TypeVar("_I", bound=Item)


def vat_samen(advies: Advies, vragen: Sequence[Vraag] | None = None) -> Advies:
    """``advies`` with labels, its questions ordered (``vragen`` when given, already ordered)
    and its ``samenvatting``."""
    # one copy of the advice: an advice from Engine.evaluate has its labels already (the
    # explanation adds them), so the items are copied only where one is missing
    advies = advies.model_copy(update={
        "regimes": _gelabeld(advies.regimes), "routes": _gelabeld(advies.routes),
        "maatwerk": _gelabeld(advies.maatwerk), "beleid": _gelabeld(advies.beleid),
        "ontvangst": _ontvangst(advies.ontvangst),
        "vragen": list(vragen) if vragen is not None else rangschik_statisch(advies),
    })
    return advies.model_copy(update={"samenvatting": _kern(advies)})


# --- labels ------------------------------------------------------------------------------


def _gelabeld(items: Iterable[_I]) -> list[_I]:
    uit: list[_I] = []
    for item in items:
        extra: dict[str, Any] = {}
        # a missing code has no label: then there is nothing to add
        if isinstance(item, Regime | Route | Maatwerk | Beleid) and item.beslisser_label is None \
                and item.beslisser is not None:
            extra["beslisser_label"] = beslisser_label(item.beslisser)
        if isinstance(item, Route) and item.financier_label is None:
            extra["financier_label"] = financier_label(item.financier)
        uit.append(item.model_copy(update=extra) if extra else item)
    return uit


_EPOCH = re.compile(r"^(\d{4}-\d{2}-\d{2}) t/m (\d{4}-\d{2}-\d{2}|open)$")


def _ontvangst(o: Ontvangst) -> Ontvangst:
    extra: dict[str, Any] = {}
    if o.gemeente and o.gemeente_naam is None:
        extra["gemeente_naam"] = gemeente_naam(o.gemeente)
    if (gevonden := _EPOCH.match(o.epoch)) and o.periode_vanaf is None:
        vanaf = dt.date.fromisoformat(gevonden[1])
        extra["periode_vanaf"] = None if vanaf == dt.date.min else vanaf
        extra["periode_tot"] = None if gevonden[2] == "open" else dt.date.fromisoformat(gevonden[2])
    # copy only when something changes (the explanation fills these in already)
    nieuw = {k: v for k, v in extra.items() if getattr(o, k) != v}
    return o.model_copy(update=nieuw) if nieuw else o


# --- questions ---------------------------------------------------------------------------


def _secties(advies: Advies) -> dict[str, str]:
    """Item id → section name."""
    return {item.id: naam for naam in _KLASSE for item in getattr(advies, naam)}


def gewicht(advies: Advies, vraag: Vraag) -> tuple[int, int, int]:
    """How many regimes/signals, routes and maatwerk/policy items the answer can settle."""
    return _gewicht(_secties(advies), vraag)


def _gewicht(secties: dict[str, str], vraag: Vraag) -> tuple[int, int, int]:
    telling = [0, 0, 0]
    for item_id in vraag.beslist:
        if item_id in secties:
            telling[_KLASSE[secties[item_id]]] += 1
    return telling[0], telling[1], telling[2]


def rangschik_statisch(advies: Advies) -> list[Vraag]:
    """The questions by class first (regime/signal > route > maatwerk), then by number; a
    question about a presumed fact after every other (the case does not wait for it)."""
    secties = _secties(advies)  # once, not per question
    sleutels = {id(v): (v.vermoeden is not None, tuple(-n for n in _gewicht(secties, v)), i)
                for i, v in enumerate(advies.vragen)}
    return sorted(advies.vragen, key=lambda v: sleutels[id(v)])


# --- the core ----------------------------------------------------------------------------


def _eerste_grondslag(item: Item) -> tuple[str | None, str | None]:
    for g in item.grondslag:
        if g.rol == "grondslag":
            return g.citaat() or None, g.url
    return None, None


def _kern_item(item: Item) -> KernItem:
    bewaard = afgeleid(item)  # an item many advice objects share: its core line once
    if bewaard is None:
        return _maak_kern_item(item)
    gevonden = bewaard.get("kern")
    if gevonden is None:
        gevonden = bewaard["kern"] = _maak_kern_item(item)
    return gevonden


def _maak_kern_item(item: Item) -> KernItem:
    citaat, url = _eerste_grondslag(item)
    return KernItem._bouw(
        id=item.id, titel=item.titel, status=item.status,
        beslisser_label=getattr(item, "beslisser_label", None), financier_label=getattr(item, "financier_label", None),
        grondslag=citaat, url=url, onzeker=item.onzeker, vermoedens=item.vermoedens)


# Imperative verbs that open the "what to do" part of a signal's explanation.
_DOE = ("meld", "regel", "doe", "kijk", "bespreek", "begin", "vraag", "zoek", "schakel", "zorg", "overleg",
        "verwijs", "neem", "leg", "laat", "start", "check", "controleer")
_ZIN = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-Ý])")
_DEEL = re.compile(r"(?:^|[:;]\s+|,\s+en\s+)(" + "|".join(_DOE) + r")\b", re.IGNORECASE)
#: Who a signal's action names, as words in the text → their label.
_ACTOREN = {"leerplichtambtenaar": BESLISSER["leerplichtambtenaar"], "college": BESLISSER["college"],
            "uwv": "UWV", "ciz": "het CIZ", "zorgverzekeraar": "de zorgverzekeraar", "huisarts": "de huisarts",
            "ouders": "de ouders", "zorgkantoor": "het zorgkantoor", "gemeente": "de gemeente"}


def actie_uit(uitleg: str) -> str | None:
    """The sentences of an explanation that say what to do (imperative), from the verb on."""
    delen: list[str] = []
    for zin in _ZIN.split(uitleg.strip()):
        gevonden = _DEEL.search(zin)
        if gevonden:
            deel = zin[gevonden.start(1):].strip()
            delen.append(deel[0].upper() + deel[1:])
    return " ".join(delen) or None


def _wie(actie: str | None, overbrugging: list[KernItem]) -> list[str]:
    wie: list[str] = []
    tekst = (actie or "").lower()
    for woord, label in _ACTOREN.items():
        if re.search(rf"\b{woord}\b", tekst) and label not in wie:
            wie.append(label)
    for item in overbrugging:
        if item.beslisser_label and item.beslisser_label not in wie:
            wie.append(item.beslisser_label)
    return wie


def _kern_signaal(signaal: Signaal, advies: Advies) -> KernSignaal:
    overbrugging = [_kern_item(item) for i in signaal.overbrugging
                    if (item := advies.item(i)) is not None and item.status is not Status.niet_van_toepassing]
    # what applies first, then what may
    overbrugging.sort(key=lambda k: k.status is not Status.van_toepassing)
    actie = actie_uit(signaal.uitleg)
    citaat, url = _eerste_grondslag(signaal)
    return KernSignaal._bouw(id=signaal.id, titel=signaal.titel, actie=actie, wie=_wie(actie, overbrugging),
                             overbrugging=overbrugging, grondslag=citaat, url=url, onzeker=signaal.onzeker,
                             vermoedens=signaal.vermoedens)


def _geldt(items: Iterable[Item]) -> list[Item]:
    return [i for i in items if i.status is Status.van_toepassing]


def _kern(advies: Advies) -> Samenvatting:
    return Samenvatting._bouw(
        regimes=[_kern_item(i) for i in _geldt(advies.regimes)],
        signalen=[_kern_signaal(i, advies) for i in advies.signalen if i.status is Status.van_toepassing],
        routes=[_kern_item(i) for i in _geldt(advies.routes)],
        maatwerk=[_kern_item(i) for i in _geldt(advies.maatwerk)],
        beleid=[_kern_item(i) for i in _geldt(advies.beleid)],
        vragen=list(advies.vragen[:KERN_VRAGEN]),
        nog_open={naam: n for naam in _KLASSE
                  if (n := sum(1 for i in getattr(advies, naam) if i.status is Status.onbepaald))})
