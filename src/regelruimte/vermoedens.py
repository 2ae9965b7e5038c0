"""Presumptions at run time: supply the presumed facts, then mark what rests on them.

Some facts are almost never true but block a conclusion for nearly everyone while unknown.
A declared presumption (rule language: ``vermoedens``; checked by
:mod:`regelruimte.compiler.presumptions`) takes such a fact to have a value, as a
caseworker would. Two steps, on either side of the backend and the explanation, so neither
needs to know about presumptions:

1. :func:`vermoed`: every presumption that holds on the peildatum, whose field the profile
   does not give and whose condition holds on the profile, supplies its value as an ordinary
   fact, marked as presumed (``Feiten.vermoed``). Both backends run on exactly these facts.
2. :func:`markeer`: an item whose reasoning (its trace) used a presumed fact gets the caveat
   (``Tenzij ...``) in its explanation, the presumption's id and basis, and the onzeker marker
   when that basis is not verified; the question for the presumed field is kept, after the
   others; the receipt names every presumption applied.

Adding facts only turns unknowns into knowns (Kleene logic is monotone, and no presumed field
is tested with ``bekend``), so every item decided without presumptions keeps its status, and
an item that is decided only thanks to a presumption has a presumed fact in its trace.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TypeVar

from . import ir
from .advies import Advies, GrondslagVerwijzing, Item, Status, ToegepastVermoeden, TraceRegel, TraceStap, Vraag
from .compiler import PresumptionDecl, RuleBase
from .encode import Feiten, veldfeit
from .explain import _uniek, _verwijzing, _vraagtekst
from .profile import CaseProfile
from .semantics import evaluate

__all__ = ["markeer", "vermoed"]

_SECTIES = ("regimes", "routes", "maatwerk", "signalen", "beleid")
ItemT = TypeVar("ItemT", bound=Item)


def _geen_verwijzing(naam: str) -> ir.Tri:
    raise AssertionError(f"een vermoeden leest geen regels ({naam}); de compiler weigert dat (RR323)")


def vermoed(vermoedens: Iterable[PresumptionDecl], feiten: Feiten) -> Feiten:
    """``feiten`` with the value of every presumption that applies; unchanged when none does.

    A presumption applies when it holds on the peildatum, the profile does not give its field,
    and its condition is true on the profile's own facts (unknown is not enough).
    """
    toegepast = [v for v in vermoedens
                 if v.fact is not None and v.feit not in feiten.per_naam and v.holds_on(feiten.peildatum)
                 and evaluate(v.als, feiten, _geen_verwijzing) is True]
    if not toegepast:
        return feiten
    nieuw = [veldfeit(v.feit, v.fact, v.spec.waarde) for v in toegepast if v.fact is not None]
    *voor, start = feiten.lijst
    assert start == {"k": "s"}, "het startfeit komt als laatste"
    return Feiten(feiten.peildatum, [*voor, *nieuw, start], {**feiten.per_naam, **{f["n"]: f for f in nieuw}},
                  feiten.elementen, {v.feit: v.id for v in toegepast})


def markeer(advies: Advies, bank: RuleBase, feiten: Feiten, *, streng: bool) -> Advies:
    """The advice with every conclusion that rests on a presumption marked (see the module)."""
    if streng:
        return advies.model_copy(update={"ontvangst": advies.ontvangst.model_copy(update={"streng": True})})
    if not feiten.vermoed:
        return advies
    per_id = {v.id: v for v in bank.vermoedens if v.id in feiten.vermoed.values()}
    trace, rust_op = _trace(advies.trace, feiten.vermoed)
    secties = {naam: [_item(item, rust_op.get(item.id, ()), per_id, feiten) for item in getattr(advies, naam)]
               for naam in _SECTIES}
    beslist: dict[str, list[str]] = defaultdict(list)
    for item_id, ids in rust_op.items():
        for vermoeden_id in ids:
            beslist[vermoeden_id].append(item_id)
    gebruikt = [_toegepast(per_id[i], beslist[i], feiten) for i in sorted(per_id)]
    ontvangst = advies.ontvangst.model_copy(update={"vermoedens": gebruikt})
    return advies.model_copy(update={**secties, "trace": trace, "vragen": _vragen(advies.vragen, gebruikt),
                                     "ontvangst": ontvangst})


def _trace(trace: Sequence[TraceStap], vermoed: dict[str, str]
           ) -> tuple[list[TraceStap], dict[str, list[str]]]:
    """The trace with each step naming the presumptions its facts came from; and per decided
    item, the presumptions its conclusion rests on."""
    uit: list[TraceStap] = []
    rust_op: dict[str, list[str]] = {}
    for stap in trace:
        regels: list[TraceRegel] = []
        alle: set[str] = set()
        for regel in stap.regels:
            ids = sorted({vermoed[f] for f in regel.feiten if f in vermoed})
            alle.update(ids)
            regels.append(regel.model_copy(update={"vermoedens": ids}) if ids else regel)
        if not alle:
            uit.append(stap)
            continue
        uit.append(stap.model_copy(update={"regels": regels, "vermoedens": sorted(alle)}))
        # an undecided item draws no conclusion, so nothing rests on a presumption there
        if stap.status is not Status.onbepaald:
            rust_op[stap.conclusie] = sorted(alle)
    return uit, rust_op


def _item(item: ItemT, ids: Iterable[str], per_id: dict[str, PresumptionDecl], feiten: Feiten) -> ItemT:
    """One item with the caveat, the presumptions and their basis added."""
    gebruikt = [per_id[i] for i in ids]
    if not gebruikt:
        return item
    tenzij = " ".join(f"Tenzij {v.spec.tenzij.strip().rstrip('.')}; dat is aangenomen, niet nagevraagd."
                      for v in gebruikt)
    grondslag = [*item.grondslag, *(c for v in gebruikt for c in _citaten(v, feiten))]
    twijfel = [f"Vermoeden '{v.spec.titel}': {v.spec.onzeker_toelichting}" for v in gebruikt
               if v.spec.onzeker and v.spec.onzeker_toelichting]
    return item.model_copy(update={
        "uitleg": f"{item.uitleg.rstrip()} {tenzij}", "vermoedens": [v.id for v in gebruikt],
        "grondslag": _uniek(grondslag), "onzeker": item.onzeker or bool(twijfel),
        "onzeker_toelichting": [*item.onzeker_toelichting, *twijfel]})


def _citaten(v: PresumptionDecl, feiten: Feiten) -> list[GrondslagVerwijzing]:
    return [_verwijzing(g, "vermoeden", feiten.peildatum) for g in v.grondslag]


def _toegepast(v: PresumptionDecl, beslist: list[str], feiten: Feiten) -> ToegepastVermoeden:
    waarde = v.spec.waarde
    assert not isinstance(waarde, dt.date), "een datum wordt niet vermoed (RR320)"
    return ToegepastVermoeden(
        id=v.id, titel=v.spec.titel, feit=v.feit, waarde=waarde, tenzij=v.spec.tenzij.strip(),
        toelichting=v.spec.toelichting.strip(), grondslag=_citaten(v, feiten), onzeker=v.spec.onzeker,
        beslist=sorted(beslist))


def _vragen(vragen: Sequence[Vraag], gebruikt: list[ToegepastVermoeden]) -> list[Vraag]:
    """The questions, then the question for each presumed field something rests on: it can
    overturn the presumption, so it is kept, but after every question the case really waits for
    (most items first, then the profile's field order)."""
    volgorde = list(CaseProfile.model_fields)
    extra = sorted((v for v in gebruikt if v.beslist),
                   key=lambda v: (-len(v.beslist), volgorde.index(v.feit) if v.feit in volgorde else 99))
    return [*vragen, *(Vraag(feit=v.feit, vraag=_vraagtekst(v.feit), beslist=v.beslist, vermoeden=v.id)
                       for v in extra)]
