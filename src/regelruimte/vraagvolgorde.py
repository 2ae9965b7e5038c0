"""Questions in the order a caseworker would ask them: by what the answer would settle.

For each open question the engine is asked "what if" for every answer the field allows
(dates and numbers: a spread of plausible values), and each undecided item is scored by
where that answer leaves it: it would apply (2), it would not apply (1), it stays open (0).
The scores are averaged over the answers and compared section by section: regimes and
signals first, then routes, then maatwerk and policy; within a section, a question that
would settle nothing on its own (the item needs several facts) still goes before one that
cannot touch the section at all (the count of :func:`samenvatting.gewicht`). A question whose every possible answer
leaves everything open changes nothing and is dropped (only where the answers could all be
tried: yes/no and lists of values).

This is a front-end ordering on top of :meth:`Engine.regeluitkomsten`; it decides nothing
about the law. It costs one rule run per tried answer (about 1 ms each), so the terminal,
the page, the intake and the HTTP API use it, and ``Engine.evaluate`` keeps the cheaper
static order of :mod:`regelruimte.samenvatting`.
"""

from __future__ import annotations

import datetime as dt
import enum
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .advies import Advies, Status, Vraag
from .profile import CaseProfile, JeugdhulpVorm, ProfielFout, laad_profiel
from .samenvatting import gewicht, vat_samen

if typing.TYPE_CHECKING:
    from .engine import Engine

__all__ = ["Inschatting", "advies_met_volgorde", "antwoorden_voor", "schat_in", "veldtype"]

_SECTIES = ("regimes", "signalen", "routes", "maatwerk", "beleid")
_KLASSE = {"regimes": 0, "signalen": 0, "routes": 1, "maatwerk": 2, "beleid": 2}
_PUNTEN = {True: 2, False: 1, None: 0}
_LEEFTIJDEN = range(12, 28)


@dataclass(frozen=True)
class Inschatting:
    """What answering one question would settle, per class (regime/signal, route, maatwerk)."""

    vraag: Vraag
    score: tuple[float, float, float]
    uitputtend: bool  # every possible answer was tried

    @property
    def verandert_iets(self) -> bool:
        # a presumed fact's answer can overturn items already decided on the presumption,
        # which the score (open items only) does not see
        return any(self.score) or not self.uitputtend or self.vraag.vermoeden is not None


def veldtype(veld: str) -> tuple[Any, bool]:
    """The field's type without Optional and validators, and whether it is a list."""
    tp: Any = CaseProfile.model_fields[veld].annotation
    if isinstance(tp, types.UnionType) or typing.get_origin(tp) is typing.Union:
        tp = next(a for a in typing.get_args(tp) if a is not type(None))
    lijst = typing.get_origin(tp) is list
    if lijst:
        tp = typing.get_args(tp)[0]
    if typing.get_origin(tp) is typing.Annotated:  # a checked type such as profile.Datum
        tp = typing.get_args(tp)[0]
    return tp, lijst


def _jaren_terug(datum: dt.date, jaren: int) -> dt.date:
    try:
        return datum.replace(year=datum.year - jaren)
    except ValueError:  # 29 February
        return datum.replace(year=datum.year - jaren, day=28)


def antwoorden_voor(veld: str, profiel: CaseProfile, peildatum: dt.date) -> tuple[list[Any], bool]:
    """The answers to try for ``veld`` and whether they are all the possible ones."""
    if veld == "jeugdhulp":
        gestart = _jaren_terug(peildatum, 1)
        return [[]] + [[{"vorm": v.value, "gestart_op": gestart}] for v in JeugdhulpVorm], False
    tp, lijst = veldtype(veld)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        waarden = [w.value for w in tp]
        return ([[]] + [[w] for w in waarden], False) if lijst else (waarden, True)
    if tp is bool:
        return [True, False], True
    if tp is dt.date:
        return _datums(veld, profiel, peildatum), False
    if tp is int:
        return _getallen(veld), False
    return [], False


def _datums(veld: str, profiel: CaseProfile, peildatum: dt.date) -> list[dt.date]:
    if veld == "geboortedatum":
        if profiel.leeftijd is not None:
            jongste = _jaren_terug(peildatum, profiel.leeftijd)
            return [jongste - dt.timedelta(days=d) for d in (0, 60, 120, 180, 240, 300, 364)]
        return [_jaren_terug(peildatum, a) - dt.timedelta(days=180) for a in _LEEFTIJDEN]
    terug = [dt.timedelta(days=d) for d in (7, 60, 210, 420, 1100, 2900)]
    geboren = profiel.geboortedatum or dt.date.min
    return [peildatum - t for t in terug if peildatum - t >= geboren]


def _getallen(veld: str) -> list[int]:
    if veld == "leeftijd":
        return list(_LEEFTIJDEN)
    if veld == "schooljaren_gevolgd":
        return list(range(6, 15))
    if veld == "partner_leeftijd":
        return [17, 18, 21, 23, 27, 30]
    return [0, 1, 5, 10]


def _onbepaald(advies: Advies) -> dict[str, int]:
    """Undecided item id → its class."""
    return {i.id: _KLASSE[s] for s in _SECTIES for i in getattr(advies, s) if i.status is Status.onbepaald}


def schat_in(engine: Engine, profiel: CaseProfile, peildatum: dt.date, advies: Advies, *,
             vermoedens: bool | None = None, wetdatum: dt.date | None = None) -> list[Inschatting]:
    """What each of the advice's questions would settle, best first; a question about a
    presumed fact (``Vraag.vermoeden``) after every other, whatever its score: the case does
    not wait for it, its answer can only overturn the presumption."""
    open_ = _onbepaald(advies)
    basis = profiel.model_dump(exclude_none=True)
    uit: list[tuple[tuple[float, ...], int, Inschatting]] = []
    for volgnummer, vraag in enumerate(advies.vragen):
        antwoorden, uitputtend = antwoorden_voor(vraag.feit, profiel, peildatum)
        totaal = [0.0, 0.0, 0.0]
        geprobeerd = 0
        for antwoord in antwoorden:
            uitkomsten = _wat_als(engine, basis, vraag.feit, antwoord, peildatum, vermoedens, wetdatum)
            if uitkomsten is None:
                continue
            geprobeerd += 1
            for item_id, klasse in open_.items():
                totaal[klasse] += _PUNTEN[uitkomsten.get(item_id)]
        if geprobeerd:
            score = (totaal[0] / geprobeerd, totaal[1] / geprobeerd, totaal[2] / geprobeerd)
        else:  # nothing could be tried (free text, or no valid answer): rank by what it may settle
            score = (0.0, 0.0, 0.0)
            uitputtend = False
        inschatting = Inschatting(vraag, score, uitputtend and geprobeerd == len(antwoorden))
        aantal = gewicht(advies, vraag)
        sleutel = (float(vraag.vermoeden is not None),
                   *(x for klasse in range(3) for x in (-score[klasse], -aantal[klasse])))
        uit.append((sleutel, volgnummer, inschatting))
    return [i for _, _, i in sorted(uit, key=lambda t: (t[0], t[1]))]


def _wat_als(engine: Engine, basis: Mapping[str, Any], veld: str, antwoord: Any, peildatum: dt.date,
             vermoedens: bool | None, wetdatum: dt.date | None) -> dict[str, bool | None] | None:
    try:
        return engine.regeluitkomsten(laad_profiel({**basis, veld: antwoord}, samenhang=False), peildatum,
                                      vermoedens=vermoedens, wetdatum=wetdatum)
    except (ProfielFout, ValueError):
        return None  # an answer that contradicts the profile is not a possible answer


def advies_met_volgorde(engine: Engine, profiel: CaseProfile | Mapping[str, Any],
                        peildatum: dt.date | None = None, *, alles: bool = False,
                        vermoedens: bool | None = None, wetdatum: dt.date | None = None,
                        trace: bool = True) -> Advies:
    """The advice with its questions in the caseworker's order (what-if ranking) and the core
    rebuilt on that order. Questions that cannot change anything are left out. ``vermoedens``,
    ``wetdatum`` and ``trace`` as in :meth:`Engine.evaluate`."""
    if not isinstance(profiel, CaseProfile):
        profiel = laad_profiel(dict(profiel), samenhang=False)
    advies = engine.evaluate(profiel, peildatum, alles=alles, vermoedens=vermoedens, wetdatum=wetdatum,
                             trace=trace)
    datum = advies.ontvangst.peildatum
    inschattingen = schat_in(engine, profiel, datum, advies, vermoedens=vermoedens, wetdatum=wetdatum)
    return vat_samen(advies, [i.vraag for i in inschattingen if i.verandert_iets])
