"""Wal-en-schip scan: search the profile space for young people the rules leave out.

The search space is read from the compiled rule base: for every fact a condition tests, the
boundary values of its comparisons (``leeftijd vanaf 18`` gives 17, 18 and 19; a date measure
gives the dates just before, on and after its limit; a choice list every value), and *unknown*.
Profiles are drawn from these values (seeded, so a scan can be repeated), evaluated with
:meth:`Engine.regeluitkomsten`, and checked for three kinds of finding:

``behoefte``
    a need (table :data:`BEHOEFTEN`) holds, and every regime, route and maatwerk item that
    concerns it (whose conditions read the need's facts) is *niet van toepassing*;
``plicht``
    a signal of the rule base fires (a duty or gap it names itself), and none of the routes
    or powers it names as bridges (``overbrugging``) applies or may apply; unless the signal
    is itself the action the law asks for (table :data:`ZELF_DE_HANDELING`): those are
    counted apart, not reported as gaps;
``verwijzing``
    an item is set aside by an exception resting on another law, and nothing of that law
    applies or may apply; *wederzijds* when that law's items in turn are set aside by an
    exception resting on the first law.

Each finding keeps the smallest example found: facts are left out one by one while the
finding stays. A finding that one of the rule base's own signals already flags is marked so.
The scan only reads the engine's outcomes; the needs are the scan's questions, not law.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from . import ir
from .engine import Engine
from .profile import CaseProfile, ProfielFout, laad_profiel
from .spec import Soort

__all__ = ["BEHOEFTEN", "ZELF_DE_HANDELING", "Behoefte", "Bevinding", "Scan", "scan", "zoekruimte"]

ZONDER_STARTKWALIFICATIE = ("geen", "vmbo", "praktijkonderwijs", "vso", "entree")
_NIET_REGULIER = ("geen", "pro", "vso", "entree")  # not in school, or in a school that leads to work


@dataclass(frozen=True)
class Behoefte:
    """A need of a young person, as profile facts: ``geldt`` says whether the profile has it;
    the items that concern it are those whose conditions read one of ``feiten``."""

    id: str
    omschrijving: str
    feiten: tuple[str, ...]
    geldt: Callable[[Mapping[str, Any], int | None], bool]


def _leeftijd_tussen(van: int, tot: int) -> Callable[[int | None], bool]:
    return lambda leeftijd: leeftijd is not None and van <= leeftijd < tot


BEHOEFTEN: tuple[Behoefte, ...] = (
    Behoefte("school_of_werk", "geen school en geen startkwalificatie (16-26)", ("onderwijs", "hoogste_diploma"),
             lambda p, a: _leeftijd_tussen(16, 27)(a) and p.get("onderwijs") == "geen"
             and p.get("hoogste_diploma") in ZONDER_STARTKWALIFICATIE),
    Behoefte("inkomen", "geen inkomen en niet terug te vallen op de ouders (18-26)",
             ("uitkering", "kan_terugvallen_op_ouders"),
             lambda p, a: _leeftijd_tussen(18, 27)(a) and p.get("uitkering") == "geen"
             and p.get("kan_terugvallen_op_ouders") is False),
    Behoefte("werk_met_beperking", "wil werken met een arbeidsbeperking, niet in regulier onderwijs (16-26)",
             ("arbeidsvermogen", "doelgroepregister"),
             lambda p, a: _leeftijd_tussen(16, 27)(a) and p.get("arbeidsvermogen") in ("verminderd", "alleen_beschut")
             and "werk" in (p.get("wensen") or ()) and p.get("onderwijs") in _NIET_REGULIER),
    Behoefte("hulp_na_18", "had of heeft jeugdhulp en is 18-22", ("jeugdhulp",),
             lambda p, a: _leeftijd_tussen(18, 23)(a) and bool(p.get("jeugdhulp"))),
    Behoefte("dagbesteding", "wil dagbesteding, niet in regulier onderwijs (16-26)", ("wensen", "arbeidsvermogen"),
             lambda p, a: _leeftijd_tussen(16, 27)(a) and "dagbesteding" in (p.get("wensen") or ())
             and p.get("onderwijs") in _NIET_REGULIER),
)

#: Signals that are themselves the action the law asks for, so that no open bridge is what
#: they are there for, not a gap: signal id -> why (Dutch, shown in the report). Each was
#: found by the scan and weighed against the law reference (docs/beleid.md, Findings); a
#: signal is added here one by one, never by kind, so a new signal is always looked at.
ZELF_DE_HANDELING: Mapping[str, str] = {
    "lpw.2.signaal.niet_ingeschreven":
        "de handeling is de melding bij de leerplichtambtenaar; onder 14 bestaat geen vervangende "
        "leerplicht (art. 3a, 3b) en is terug naar school de enige weg",
    "lpw.3b.signaal.instelling_zonder_toestemming":
        "de overbrugging is de toestemming van het college die het signaal mist; de handeling is de "
        "melding bij de leerplichtambtenaar of het verzoek om toestemming",
    "pw.7.3.a.signaal.27_jaar":
        "een waarschuwing vooraf: de overbruggingen (art. 7, art. 7a lid 7) gelden pas vanaf 27; "
        "de handeling is de overgang op tijd regelen",
}

_ITEMS = (Soort.regime, Soort.route, Soort.maatwerk, Soort.beleid)


# --- the search space -------------------------------------------------------------------


@dataclass
class Zoekruimte:
    """Candidate values per profile field (None = unknown), read from the rule base."""

    peildatum: dt.date
    velden: dict[str, list[Any]] = field(default_factory=dict)
    leeftijden: list[int] = field(default_factory=list)
    periodes: list[dict[str, Any]] = field(default_factory=list)


def _top_en_element(expr: ir.Expr, binnen: bool = False) -> Iterable[tuple[ir.Atom, bool]]:
    match expr:
        case ir.Atom():
            yield expr, binnen
        case ir.And(items) | ir.Or(items):
            for item in items:
                yield from _top_en_element(item, binnen)
        case ir.Not(item):
            yield from _top_en_element(item, binnen)
        case ir.Exists(_, cond):
            yield from _top_en_element(cond, True)
        case _:
            return


def _rond(waarde: int) -> list[int]:
    return [waarde - 1, waarde, waarde + 1]


def _datum_terug(peildatum: dt.date, maat: str, n: int) -> dt.date:
    dagen = {"j": 365.25, "m": 30.44, "km": 30.44, "w": 7, "d": 1}[maat] * n
    return peildatum - dt.timedelta(days=round(dagen))


def _grenzen(programma: ir.Programma, vocab: Any, peildatum: dt.date
             ) -> tuple[set[int], dict[str, set[dt.date]], dict[str, set[int]]]:
    """The boundary values of every comparison in the program: ages, dates per date field,
    numbers per number field."""
    leeftijden: set[int] = {12, 16, 17, 18, 21, 23, 26, 27}
    datums: dict[str, set[dt.date]] = {}
    getallen: dict[str, set[int]] = {}
    for regel in programma.regels:
        for atom, binnen in _top_en_element(regel.effectief):
            ft = vocab.feiten.get(atom.feit)
            if binnen or ft is None:
                continue
            if atom.feit in _LEEFTIJDEN and isinstance(atom.waarde, int):
                leeftijden.update(_rond(atom.waarde))
            elif ft.soort == "date":
                datums.setdefault(atom.feit, set()).update(_datums(atom, peildatum))
            elif ft.soort == "int" and isinstance(atom.waarde, int) and atom.feit in CaseProfile.model_fields:
                getallen.setdefault(atom.feit, set()).update(w for w in _rond(atom.waarde) if w >= 0)
    return leeftijden, datums, getallen


_LEEFTIJDEN = ("leeftijd", "leeftijd_einde_vorig_schooljaar", "leeftijd_einde_vorig_kwartaal")


def _datums(atom: ir.Atom, peildatum: dt.date) -> set[dt.date]:
    """Dates just before, on and after the limit of a date comparison or date measure."""
    if atom.prop in ("j", "m", "km", "w", "d") and isinstance(atom.waarde, int):
        return {_datum_terug(peildatum, atom.prop, w) for w in _rond(atom.waarde) if w >= 0}
    if isinstance(atom.waarde, str):
        grens = dt.date.fromisoformat(atom.waarde)
        return {grens - dt.timedelta(days=1), grens}
    return set()


def _kandidaten(ft: Any, naam: str, datums: dict[str, set[dt.date]], getallen: dict[str, set[int]],
                peildatum: dt.date) -> list[Any] | None:
    """The candidate values of one profile field (None: the field is not searched)."""
    if ft.soort == "bool":
        return [True, False]
    if ft.soort == "enum":
        return list(ft.waarden)
    if ft.soort == "set":
        return [[], *([w] for w in ft.waarden)]
    if ft.soort == "date" and naam in datums:
        return sorted(d for d in datums[naam] if d <= peildatum)
    if ft.soort == "int" and naam in getallen:
        return sorted(getallen[naam])
    return None


def zoekruimte(engine: Engine, peildatum: dt.date, wetdatum: dt.date | None = None) -> Zoekruimte:
    """The boundary values of every fact the rules of the epoch test."""
    vocab = engine.vocab
    leeftijden, datums, getallen = _grenzen(engine.bank.programma(wetdatum or peildatum), vocab, peildatum)
    ruimte = Zoekruimte(peildatum)
    overslaan = ("geboortedatum", "leeftijd", "gemeente", "jeugdhulp")
    for naam, ft in vocab.feiten.items():
        if naam in CaseProfile.model_fields and naam not in overslaan:
            waarden = _kandidaten(ft, naam, datums, getallen, peildatum)
            if waarden:
                ruimte.velden[naam] = waarden
    ruimte.velden["gemeente"] = sorted({v.gemeente for v in engine.bank.versies if v.gemeente} | {"GM0363"})
    ruimte.leeftijden = sorted(a for a in leeftijden if 10 <= a <= 30)
    ruimte.periodes = [{"vorm": vorm} for vorm in vocab.feiten["jeugdhulp"].item_velden["vorm"].waarden]
    return ruimte


def _plus_jaren(datum: dt.date, jaren: int) -> dt.date:
    try:
        return datum.replace(year=datum.year + jaren)
    except ValueError:
        return datum.replace(year=datum.year + jaren, day=28)


#: youngest plausible age per school (enrolment or the school left) and per diploma: the scan
#: looks for gaps among young people who could exist, not among a 13-year-old with a wo degree
_ONDERWIJS_LEEFTIJD = {"po": (4, 13), "vo": (11, 21), "pro": (11, 19), "vso": (11, 21), "entree": (15, 99),
                       "mbo_bol": (15, 99), "mbo_bbl": (15, 99), "vavo": (16, 99), "hbo_wo": (16, 99)}
_DIPLOMA_LEEFTIJD = {"vmbo": 15, "praktijkonderwijs": 16, "vso": 16, "entree": 16, "mbo2": 17, "mbo3": 18,
                     "mbo4": 18, "havo": 16, "vwo": 17, "hbo": 20, "wo": 21}


def _aannemelijk(naam: str, waarde: Any, leeftijd: int) -> bool:
    if naam in ("onderwijs", "vorig_onderwijs", "partner_onderwijs") and waarde in _ONDERWIJS_LEEFTIJD:
        van, tot = _ONDERWIJS_LEEFTIJD[waarde]
        return van <= leeftijd <= tot if naam == "onderwijs" else leeftijd >= van
    if naam == "hoogste_diploma":
        return leeftijd >= _DIPLOMA_LEEFTIJD.get(waarde, 0)
    if naam in ("uitkering", "heeft_partner", "kinderen", "melding_bijstand_op") and leeftijd < 16:
        return waarde in ("geen", False)
    if naam == "vrijstellingen" and ("lpw_3a" in waarde or "lpw_3b" in waarde):
        return leeftijd >= 14  # vervangende leerplicht: from the age of 14 at the earliest
    if naam == "vrijstellingen" and "lpw_15" in waarde:
        return leeftijd >= 16  # art. 15 exempts from the kwalificatieplicht
    return True


def trek(ruimte: Zoekruimte, rnd: random.Random, vast: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A plausible profile drawn from the candidate values; each field unknown with probability 1/3."""
    p = ruimte.peildatum
    leeftijd = rnd.choice(ruimte.leeftijden)
    geboren = _plus_jaren(p, -leeftijd) - dt.timedelta(days=rnd.choice((0, 1, 120, 250, 364)))
    profiel: dict[str, Any] = {"geboortedatum": geboren}
    for naam, waarden in ruimte.velden.items():
        if rnd.random() < 2 / 3:
            waarde = rnd.choice(waarden)
            if (isinstance(waarde, dt.date) and waarde < geboren) or not _aannemelijk(naam, waarde, leeftijd):
                continue
            profiel[naam] = waarde
    if rnd.random() < 2 / 3:
        periodes = []
        for _ in range(rnd.choice((0, 1, 1, 2))):
            periode = dict(rnd.choice(ruimte.periodes))
            begin = max(geboren, _plus_jaren(geboren, rnd.choice((10, 15, 17, 18, 20))))
            periode["gestart_op"] = min(begin, p)
            if rnd.random() < 0.5:
                einde = rnd.choice((_plus_jaren(geboren, 18), p - dt.timedelta(days=30)))
                periode["beeindigd_op"] = max(einde, periode["gestart_op"])
                if einde > p:
                    periode.pop("beeindigd_op")
            periodes.append(periode)
        profiel["jeugdhulp"] = periodes
    if profiel.get("heeft_partner") is False:
        for veld in [v for v in profiel if v.startswith("partner_")]:
            profiel.pop(veld)
    profiel.update(vast or {})
    return profiel


# --- findings ---------------------------------------------------------------------------


@dataclass
class Bevinding:
    soort: str  # behoefte, plicht, verwijzing, wederzijds
    sleutel: str  # the need, signal or item the finding is about
    omschrijving: str
    regels: list[str]
    voorbeeld: dict[str, Any]
    treffers: int = 1
    gesignaleerd: list[str] = field(default_factory=list)


@dataclass
class Scan:
    peildatum: dt.date
    wetdatum: dt.date | None
    profielen: int
    bevindingen: list[Bevinding]
    plichten_zonder_route: list[str]
    #: signals of ZELF_DE_HANDELING that fired without an open bridge: id -> hits
    handelingen: dict[str, int] = field(default_factory=dict)


class _Kenner:
    """What the rule base says about its items: section, law, what each reads, bridges."""

    def __init__(self, engine: Engine, datum: dt.date) -> None:
        self.programma = engine.bank.programma(datum)
        self.versies = engine.bank.versies_op(self.programma.vanaf)
        self.soort = {r.id: r.soort for r in self.programma.regels}
        self.kegels = {r.id: self._kegel(r.id) for r in self.programma.regels}
        self.leest = {r: {a.feit for k in kegel for a in ir.atomen(self.programma.regel(k).effectief)}
                      | {self.programma.regel(k).spec.feit or "" for k in kegel}
                      for r, kegel in self.kegels.items()}
        self.items = [r.id for r in self.programma.regels if r.soort in _ITEMS]
        self.signalen = [r.id for r in self.programma.regels if r.soort is Soort.signaal]

    def _kegel(self, regel_id: str) -> set[str]:
        gezien: set[str] = set()
        te_doen = [regel_id]
        while te_doen:
            huidig = te_doen.pop()
            if huidig in gezien:
                continue
            gezien.add(huidig)
            for naam in self.programma.regel(huidig).effectief_refs:
                soort, _, doel = naam.partition(":")
                te_doen.extend(self.programma.afgeleid.get(doel, ()) if soort == "f" else [doel])
        return gezien

    def wet(self, regel_id: str) -> str | None:
        versie = self.versies.get(regel_id)
        wetten = [g.wet for g in versie.grondslag if g.wet] if versie else []
        return wetten[0] if wetten else None

    def wijst_naar(self, uitzondering: str, eigen_wet: str) -> list[str]:
        """Regimes, routes and powers of other laws the exception itself refers to: where an
        exception that sets an item aside for another law sends the young person."""
        return [i for i in self.kegels[uitzondering]
                if i in self.soort and self.soort[i] in _ITEMS and (w := self.wet(i)) and w != eigen_wet]

    def betreft(self, feiten: Iterable[str]) -> list[str]:
        gevraagd = set(feiten)
        return [i for i in self.items if self.leest[i] & gevraagd]


def _uitkomst(engine: Engine, profiel: Mapping[str, Any], ruimte: Zoekruimte, wetdatum: dt.date | None
              ) -> dict[str, bool | None] | None:
    try:
        geldig = laad_profiel(dict(profiel), samenhang=False)
        return engine.regeluitkomsten(geldig, ruimte.peildatum, wetdatum=wetdatum)
    except ProfielFout:
        return None


def _leeftijd(profiel: Mapping[str, Any], peildatum: dt.date) -> int | None:
    from .profile import leeftijd_op

    geboren = profiel.get("geboortedatum")
    return leeftijd_op(geboren, peildatum) if isinstance(geboren, dt.date) else profiel.get("leeftijd")


_Vondst = tuple[str, str, str, list[str]]  # kind, key, description, rules involved


def _bevindingen(kenner: _Kenner, profiel: Mapping[str, Any], uit: Mapping[str, bool | None],
                 peildatum: dt.date, handelingen: Iterable[str] = ()) -> list[_Vondst]:
    """Every finding for one evaluated profile. Only for young people living in the
    Netherlands: the rules answer for them. A signal in ``handelingen`` without an open
    bridge is of the kind ``handeling`` (not a gap)."""
    if profiel.get("woont_in_nederland") is False:
        return []
    return [*_behoeften(kenner, profiel, uit, _leeftijd(profiel, peildatum)),
            *_plichten(kenner, uit, frozenset(handelingen)), *_verwijzingen(kenner, uit)]


def _behoeften(kenner: _Kenner, profiel: Mapping[str, Any], uit: Mapping[str, bool | None],
               leeftijd: int | None) -> list[_Vondst]:
    gevonden: list[_Vondst] = []
    for behoefte in BEHOEFTEN:
        if not behoefte.geldt(profiel, leeftijd):
            continue
        betrokken = [i for i in kenner.betreft(behoefte.feiten) if i in uit]
        if betrokken and all(uit[i] is False for i in betrokken):
            gevonden.append(("behoefte", behoefte.id, f"{behoefte.omschrijving}: geen regime, route of maatwerk",
                             betrokken))
    return gevonden


def _plichten(kenner: _Kenner, uit: Mapping[str, bool | None], handelingen: frozenset[str]) -> list[_Vondst]:
    gevonden: list[_Vondst] = []
    for signaal in kenner.signalen:
        if uit.get(signaal) is not True:
            continue
        bruggen = [b for b in kenner.programma.regel(signaal).spec.overbrugging if b in uit]
        if all(uit[b] is False for b in bruggen):
            soort = "handeling" if signaal in handelingen else "plicht"
            gevonden.append((soort, signaal, "signaal zonder open overbrugging", [signaal, *bruggen]))
    return gevonden


def _verwezen(kenner: _Kenner, uit: Mapping[str, bool | None]) -> dict[str, tuple[str, list[str]]]:
    """Per item set aside by an exception that refers to items of another law: that exception
    and those items."""
    verwezen: dict[str, tuple[str, list[str]]] = {}
    for item in kenner.items:
        eigen_wet = kenner.wet(item)
        if uit.get(item) is not False or eigen_wet is None:
            continue
        for uitzondering in kenner.programma.regel(item).uitzonderingen:
            naar = [i for i in kenner.wijst_naar(uitzondering, eigen_wet) if i in uit]
            if uit.get(uitzondering) is True and naar:
                verwezen[item] = (uitzondering, naar)
    return verwezen


def _verwijzingen(kenner: _Kenner, uit: Mapping[str, bool | None]) -> list[_Vondst]:
    gevonden: list[_Vondst] = []
    verwezen = _verwezen(kenner, uit)
    for item, (uitzondering, naar) in verwezen.items():
        if any(uit[i] is not False for i in naar):
            continue
        wetten = sorted({kenner.wet(i) or "" for i in naar})
        terug = [i for i in naar if i in verwezen and item in verwezen[i][1]]
        soort = "wederzijds" if terug else "verwijzing"
        gevonden.append((soort, item, f"opzij gezet door {uitzondering} ten gunste van {', '.join(wetten)}, "
                                      "maar daarvan geldt niets", [item, uitzondering, *naar]))
    return gevonden


def _verklein(engine: Engine, kenner: _Kenner, ruimte: Zoekruimte, wetdatum: dt.date | None,
              profiel: dict[str, Any], sleutel: tuple[str, str]) -> dict[str, Any]:
    # only gaps are made smaller; a handeling is never one (see scan)
    """Leave out facts one by one while the finding stays (greedy, deterministic order)."""
    huidig = dict(profiel)
    for naam in sorted(huidig, key=lambda n: (n == "geboortedatum", n)):
        poging = {k: v for k, v in huidig.items() if k != naam}
        uit = _uitkomst(engine, poging, ruimte, wetdatum)
        if uit is not None and any((s, k) == sleutel for s, k, _, _ in _bevindingen(kenner, poging, uit,
                                                                                      ruimte.peildatum)):
            huidig = poging
    return huidig


def scan(engine: Engine, peildatum: dt.date, *, wetdatum: dt.date | None = None, aantal: int = 5000,
         seed: int = 1, stap: Callable[[int], None] | None = None,
         zelf_de_handeling: Iterable[str] = ZELF_DE_HANDELING) -> Scan:
    """Draw ``aantal`` profiles (half of them with a need fixed) and collect the findings.
    Signals in ``zelf_de_handeling`` are counted in ``Scan.handelingen``, not reported."""
    ruimte = zoekruimte(engine, peildatum, wetdatum)
    kenner = _Kenner(engine, wetdatum or peildatum)
    rnd = random.Random(f"regelruimte-hiaten:{seed}")
    vastgezet: list[dict[str, Any]] = [  # the needs' own facts, so that every need is tried often
        {"onderwijs": "geen", "hoogste_diploma": "vmbo"},
        {"uitkering": "geen", "kan_terugvallen_op_ouders": False},
        {"arbeidsvermogen": "verminderd", "wensen": ["werk"], "onderwijs": "geen"},
        {"wensen": ["dagbesteding"], "onderwijs": "geen"},
        {"jeugdhulp": [{"vorm": "verblijf", "gestart_op": peildatum - dt.timedelta(days=900)}]},
    ]
    gevonden: dict[tuple[str, str], Bevinding] = {}
    handelingen = frozenset(zelf_de_handeling)
    geteld: Counter[str] = Counter()
    for nummer in range(aantal):
        vast = vastgezet[nummer % len(vastgezet)] if nummer % 2 else None
        profiel = trek(ruimte, rnd, vast)
        uit = _uitkomst(engine, profiel, ruimte, wetdatum)
        if stap:
            stap(1)
        if uit is None:
            continue
        for soort, sleutel, omschrijving, regels in _bevindingen(kenner, profiel, uit, peildatum, handelingen):
            if soort == "handeling":
                geteld[sleutel] += 1
                continue
            bekend = gevonden.get((soort, sleutel))
            if bekend is not None:
                bekend.treffers += 1
                continue
            klein = _verklein(engine, kenner, ruimte, wetdatum, profiel, (soort, sleutel))
            klein_uit = _uitkomst(engine, klein, ruimte, wetdatum) or uit
            signalen = [s for s in kenner.signalen if klein_uit.get(s) is True and s != sleutel]
            gevonden[(soort, sleutel)] = Bevinding(soort, sleutel, omschrijving, regels, klein,
                                                   gesignaleerd=signalen)
    # duties no route or power refers to at all (a structural finding, independent of cases)
    plichten = [r.id for r in kenner.programma.regels if r.soort is Soort.regime
                and r.spec.aard.value == "moet"
                and not any(r.id in kenner.kegels[i] for i in kenner.items
                            if kenner.soort[i] in (Soort.route, Soort.maatwerk))]
    volgorde = {"wederzijds": 0, "behoefte": 1, "plicht": 2, "verwijzing": 3}
    bevindingen = sorted(gevonden.values(), key=lambda b: (volgorde[b.soort], bool(b.gesignaleerd), b.sleutel))
    return Scan(peildatum, wetdatum, aantal, bevindingen, plichten, dict(sorted(geteld.items())))


def als_yaml(profiel: Mapping[str, Any], peildatum: dt.date) -> str:
    """A finding's example as a case profile file (``regelruimte advies`` reads it)."""
    import yaml

    def gewoon(waarde: Any) -> Any:
        if isinstance(waarde, list):
            return [gewoon(w) for w in waarde]
        if isinstance(waarde, dict):
            return {k: gewoon(v) for k, v in waarde.items()}
        return waarde

    gegevens = {"peildatum": peildatum, **{k: gewoon(v) for k, v in sorted(profiel.items())}}
    return str(yaml.safe_dump(gegevens, allow_unicode=True, sort_keys=False, default_flow_style=None))


_SOORTEN = {"wederzijds": "Twee regimes wijzen naar elkaar", "behoefte": "Behoefte zonder regime of route",
            "plicht": "Signaal (plicht of gat) zonder open overbrugging",
            "verwijzing": "Opzij gezet ten gunste van een andere wet die niet geldt"}


def rapport(uitkomst: Scan) -> list[str]:
    """The scan as lines of text (terminal and docs)."""
    wet = f", wet van {uitkomst.wetdatum}" if uitkomst.wetdatum else ""
    regels = [f"Wal-en-schipscan op peildatum {uitkomst.peildatum}{wet}: {uitkomst.profielen} profielen uit de "
              f"grenswaarden van de regels; {len(uitkomst.bevindingen)} bevinding(en).", ""]
    for soort, titel in _SOORTEN.items():
        eigen = [b for b in uitkomst.bevindingen if b.soort == soort]
        regels.append(f"{titel}: {len(eigen)}")
        for b in eigen:
            signaal = f"; al gesignaleerd door {', '.join(b.gesignaleerd)}" if b.gesignaleerd else ""
            regels.append(f"  - {b.sleutel}: {b.omschrijving} ({b.treffers}x in de steekproef{signaal})")
            regels.append(f"    regels: {', '.join(b.regels[:6])}" + (f" (en nog {len(b.regels) - 6})"
                                                                       if len(b.regels) > 6 else ""))
            regels.append("    kleinste voorbeeld: " + ", ".join(f"{k}={_toon(v)}" for k, v in b.voorbeeld.items()))
        regels.append("")
    if uitkomst.handelingen:
        regels.append("Signalen die zelf de handeling zijn (geen gat, niet als bevinding geteld):")
        for sleutel, treffers in uitkomst.handelingen.items():
            regels.append(f"  - {sleutel} ({treffers}x): {ZELF_DE_HANDELING.get(sleutel, 'opgegeven bij de scan')}")
        regels.append("")
    if uitkomst.plichten_zonder_route:
        regels.append("Plichten (regime, aard moet) waar geen route of maatwerk naar verwijst: "
                      + ", ".join(uitkomst.plichten_zonder_route))
    regels.append("Twee regimes die via hun uitzonderingen naar elkaar verwijzen, weigert de compiler al "
                  "(kringverwijzing, RR304); de scan zoekt ze daarom in de uitkomsten.")
    return regels


def _toon(waarde: Any) -> str:
    if isinstance(waarde, list):
        return "[" + ", ".join(_toon(w) for w in waarde) + "]"
    if isinstance(waarde, dict):
        return "{" + ", ".join(f"{k}: {_toon(v)}" for k, v in waarde.items()) + "}"
    if isinstance(waarde, bool):
        return "true" if waarde else "false"
    return str(waarde)


def voer_uit(engine: Engine, peildatum: dt.date, *, wetdatum: dt.date | None, aantal: int, seed: int,
             voorbeelden: Any, console: Any) -> Scan:
    """``regelruimte hiaten``: scan, print, and write each finding's example as a profile file."""
    from pathlib import Path

    from .voortgang import voortgang

    with voortgang(aantal, "Zoeken", console) as stap:
        uitkomst = scan(engine, peildatum, wetdatum=wetdatum, aantal=aantal, seed=seed, stap=stap)
    for regel in rapport(uitkomst):
        console.print(regel, highlight=False, markup=False, soft_wrap=True)
    if voorbeelden is not None:
        map_ = Path(voorbeelden)
        map_.mkdir(parents=True, exist_ok=True)
        for b in uitkomst.bevindingen:
            (map_ / f"{b.soort}-{b.sleutel}.yaml").write_text(
                f"# {b.omschrijving}\n# regels: {', '.join(b.regels)}\n" + als_yaml(b.voorbeeld, peildatum),
                encoding="utf-8")
        console.print(f"voorbeelden geschreven naar {map_} (regelruimte advies {map_}/<bestand>.yaml)",
                      highlight=False, markup=False)
    return uitkomst
