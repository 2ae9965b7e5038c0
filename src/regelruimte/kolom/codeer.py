"""The facts of many profiles as arrays: :mod:`regelruimte.encode`, a column at a time.

Each property of a fact (``leeftijd.v``, ``geboortedatum.km``, ``vrijstellingen.lpw_15``,
a list element's ``gestart_op__l``) becomes a :class:`Prop`: where it is known, and its value
there. What the per-case encoding leaves absent is unknown here; ages and date measures use
:mod:`regelruimte.kolom.datums`, which rounds as ``encode`` does.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from ..compiler import PresumptionDecl
from ..vocabulary import Vocabulaire
from . import datums
from .invoer import Bools, Ints, Profielen, Veld

__all__ = ["Element", "KolomFeiten", "Prop", "codeer", "vermoed"]

U8 = npt.NDArray[np.uint8]

_LEEFTIJDEN = ("leeftijd", "leeftijd_einde_vorig_schooljaar", "leeftijd_einde_vorig_kwartaal",
               "leeftijd_begin_kwartaal", "leeftijd_gisteren")


@dataclass
class Prop:
    """One property of one fact over the rows. ``soort``: ``getal`` (numbers, yes/no as 0/1),
    ``datum`` (day numbers; the per-case fact holds the ISO text) or ``tekst`` (indexes into
    ``woorden``)."""

    bekend: Bools
    waarde: Ints
    soort: str = "getal"
    woorden: tuple[str, ...] = ()

    def deel(self, rijen: Ints) -> Prop:
        return Prop(self.bekend[rijen], self.waarde[rijen], self.soort, self.woorden)


@dataclass
class Element:
    """One list element slot (a jeugdhulp column number) over the rows."""

    aanwezig: Bools
    props: dict[str, Prop]  # by element key: 'vorm', 'gestart_op__l', 'lopend', ...

    def deel(self, rijen: Ints) -> Element:
        return Element(self.aanwezig[rijen], {k: p.deel(rijen) for k, p in self.props.items()})


@dataclass
class KolomFeiten:
    """The encoded facts of the rows, as ``encode.Feiten`` of each row side by side."""

    n: int
    props: dict[tuple[str, str], Prop] = field(default_factory=dict)
    #: the fact is in ``Feiten.per_naam`` (given, computed or presumed)
    aanwezig: dict[str, Bools] = field(default_factory=dict)
    elementen: dict[str, list[Element]] = field(default_factory=dict)
    #: the profile field itself is given (the questions ask for fields that are not)
    gegeven: dict[str, Bools] = field(default_factory=dict)
    #: presumed field -> the rows where its presumption supplied it
    vermoed: dict[str, Bools] = field(default_factory=dict)

    def zet(self, naam: str, prop: str, waarde: Prop) -> None:
        self.props[(naam, prop)] = waarde
        self.aanwezig[naam] = waarde.bekend if naam not in self.aanwezig else self.aanwezig[naam] | waarde.bekend

    def deel(self, rijen: Ints) -> KolomFeiten:
        return KolomFeiten(
            len(rijen), {k: p.deel(rijen) for k, p in self.props.items()},
            {k: a[rijen] for k, a in self.aanwezig.items()},
            {k: [e.deel(rijen) for e in lijst] for k, lijst in self.elementen.items()},
            {k: g[rijen] for k, g in self.gegeven.items()}, {k: v[rijen] for k, v in self.vermoed.items()})


def _maten(veld: Veld, peildatum: Ints, geboren: Veld, zet: Callable[[str, Prop], None]) -> None:
    """A date and its measures (``encode.datummaten``)."""
    zet("v", Prop(veld.gegeven, veld.waarde, "datum"))
    for code, maat in datums.datummaten(veld.waarde, peildatum).items():
        zet(code, Prop(veld.gegeven, maat))
    zet("l", Prop(veld.gegeven & geboren.gegeven, datums.leeftijd_op(geboren.waarde, veld.waarde)))


def codeer(p: Profielen, vocab: Vocabulaire) -> KolomFeiten:
    """The facts of every row (rows marked per case get facts too; they are not used)."""
    f = KolomFeiten(p.n)
    geboren = p.velden["geboortedatum"]
    for naam, veld in p.velden.items():
        f.gegeven[naam] = veld.gegeven
    f.gegeven["jeugdhulp"] = p.lijst_gegeven
    for naam, ft in vocab.feiten.items():
        if naam in _LEEFTIJDEN or (naam not in p.velden and ft.soort != "records"):
            continue
        if ft.soort == "records":
            _lijst(f, naam, p, geboren)
            continue
        veld = p.velden[naam]
        if ft.soort == "date":
            _maten(veld, p.peildatum, geboren, functools.partial(f.zet, naam))
        elif ft.soort == "set":
            for i, woord in enumerate(ft.waarden):
                f.zet(naam, woord, Prop(veld.gegeven, (veld.waarde >> i) & 1))
        elif ft.soort == "enum":
            f.zet(naam, "v", Prop(veld.gegeven, veld.waarde, "tekst", ft.waarden))
        else:
            f.zet(naam, "v", Prop(veld.gegeven, veld.waarde))
    _leeftijden(f, p, geboren)
    gemeente = p.velden["gemeente"]
    f.zet("gemeente", "v", Prop(gemeente.gegeven, gemeente.waarde, "tekst", gemeente.woorden))
    return f


def _leeftijden(f: KolomFeiten, p: Profielen, geboren: Veld) -> None:
    """The computed kenmerken of ``encode.codeer``."""
    peil = p.peildatum
    opgegeven = p.velden["leeftijd"]
    g = geboren.gegeven
    f.zet("leeftijd", "v", Prop(g | opgegeven.gegeven,
                                np.where(g, datums.leeftijd_op(geboren.waarde, peil), opgegeven.waarde)))
    y, m, _ = datums.ymd(peil)
    schooljaar = datums.dagnummer(np.where(m >= 8, y, y - 1), np.full_like(y, 7), np.full_like(y, 31))
    begin_kwartaal = datums.dagnummer(y, 3 * ((m - 1) // 3) + 1, np.ones_like(y))
    f.zet("leeftijd_einde_vorig_schooljaar", "v", Prop(g, datums.leeftijd_op(geboren.waarde, schooljaar)))
    f.zet("leeftijd_einde_vorig_kwartaal", "v", Prop(g, datums.leeftijd_op(geboren.waarde, begin_kwartaal - 1)))
    f.zet("leeftijd_begin_kwartaal", "v",
          Prop(g, np.maximum(0, datums.leeftijd_op(geboren.waarde, begin_kwartaal))))
    f.zet("leeftijd_gisteren", "v", Prop(g, np.maximum(0, datums.leeftijd_op(geboren.waarde, peil - 1))))
    melding = p.velden["melding_bijstand_op"]
    tot = np.where(melding.gegeven, melding.waarde, peil)
    for naam, bron in (("onderwijs_verlaten_jaren_voor_melding", "onderwijs_verlaten_op"),
                       ("partner_onderwijs_verlaten_jaren_voor_melding", "partner_onderwijs_verlaten_op")):
        verlaten = p.velden[bron]
        f.zet(naam, "v", Prop(verlaten.gegeven, datums.jaren(verlaten.waarde, tot)))


def _lijst(f: KolomFeiten, naam: str, p: Profielen, geboren: Veld) -> None:
    """The list fact (``v``: the number of elements) and one :class:`Element` per column number."""
    aantal = np.zeros(p.n, dtype=np.int64)
    elementen: list[Element] = []
    for aanwezig, velden in p.periodes.values():
        aantal += aanwezig
        props: dict[str, Prop] = {}

        def zet(sleutel: str, prop: Prop, aanwezig: Bools = aanwezig, props: dict[str, Prop] = props) -> None:
            props[sleutel] = Prop(prop.bekend & aanwezig, prop.waarde, prop.soort, prop.woorden)

        for veld_naam, veld in velden.items():
            if veld_naam == "vorm":
                from ..profile import JeugdhulpVorm

                zet("vorm", Prop(veld.gegeven, veld.waarde, "tekst", tuple(v.value for v in JeugdhulpVorm)))
            else:
                _maten(veld, p.peildatum, geboren, functools.partial(_element_maat, zet, veld_naam))
        start, einde, hervat = velden["gestart_op"], velden["beeindigd_op"], velden["hervat_op"]
        peil = p.peildatum
        lopend = (~start.gegeven | (start.waarde <= peil)) & (
            ~einde.gegeven | (einde.waarde > peil) | (hervat.gegeven & (hervat.waarde <= peil)))
        zet("lopend", Prop(np.ones(p.n, dtype=np.bool_), lopend.astype(np.int64)))
        binnen = datums.sleutel(hervat.waarde) < datums.plus_maanden_sleutel(einde.waarde, 6)
        zet("hervat_binnen_half_jaar", Prop(hervat.gegeven & einde.gegeven, binnen.astype(np.int64)))
        elementen.append(Element(aanwezig, props))
    f.elementen[naam] = elementen
    f.zet(naam, "v", Prop(p.lijst_gegeven, aantal))


def _element_maat(zet: Callable[[str, Prop], None], veld: str, code: str, prop: Prop) -> None:
    """A list element carries a measure under ``<field>__<code>`` (semantics.element_key)."""
    zet(veld if code == "v" else f"{veld}__{code}", prop)


def vermoed(f: KolomFeiten, vermoedens: Iterable[PresumptionDecl], peildatum: Ints,
            waar: Callable[[PresumptionDecl], Bools]) -> None:
    """``vermoedens.vermoed`` for every row: a presumption applies where its field is not
    given, it holds on the row's peildatum, and its condition (``waar``) is true."""
    import datetime as dt

    from .invoer import dagnummer

    toegepast: list[tuple[PresumptionDecl, Bools]] = []
    for v in vermoedens:
        if v.fact is None:
            continue
        begin = dagnummer(v.vanaf) if v.vanaf > dt.date(1, 1, 1) else np.iinfo(np.int64).min
        eind = dagnummer(v.tot) if v.tot is not None else np.iinfo(np.int64).max
        geldt = (peildatum >= begin) & (peildatum <= eind)
        ontbreekt = ~f.aanwezig.get(v.feit, np.zeros(f.n, dtype=np.bool_))
        toegepast.append((v, ontbreekt & geldt & waar(v)))
    for v, rijen in toegepast:
        if not rijen.any():
            continue
        assert v.fact is not None
        f.vermoed[v.feit] = rijen
        waarde = v.spec.waarde
        if v.fact.soort == "set":
            gekozen = set(waarde) if isinstance(waarde, list) else set()
            for woord in v.fact.waarden:
                _vul(f, v.feit, woord, rijen, int(woord in gekozen))
        elif v.fact.soort == "enum":
            _vul(f, v.feit, "v", rijen, v.fact.waarden.index(str(waarde)))
        else:
            _vul(f, v.feit, "v", rijen, int(waarde))  # type: ignore[arg-type]


def _vul(f: KolomFeiten, naam: str, prop: str, rijen: Bools, waarde: int) -> None:
    oud = f.props.get((naam, prop))
    if oud is None:
        oud = Prop(np.zeros(f.n, dtype=np.bool_), np.zeros(f.n, dtype=np.int64))
    f.zet(naam, prop, Prop(oud.bekend | rijen, np.where(rijen, waarde, oud.waarde), oud.soort, oud.woorden))
