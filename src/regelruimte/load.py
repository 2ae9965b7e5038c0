"""Find rule files, read them with positions and validate them against the rule schema.

Output: every file that parsed and validated, plus a diagnostic for every problem in every
file (YAML syntax, duplicate keys, schema) — the loader never stops at the first error.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from . import spec
from .diagnostics import Diagnostic, suggestie
from .limits import REGELBESTAND
from .messages import kort
from .messages import reden as nl_reden
from .source import Bron, YamlPath, decodeer, lees_bestand, lees_yaml

__all__ = ["Geladen", "GeladenBestand", "laad_bestand", "laad_map", "regelbestanden"]

DEKKING = "dekking.yaml"
TEST_SUFFIX = ".test.yaml"


@dataclass
class GeladenBestand:
    bron: Bron
    bestand: spec.RegelBestand
    #: position of each rule of ``bestand.regels`` in the file's ``regels`` list (rules that
    #: failed validation are left out, so indexes can differ)
    indexen: list[int] = field(default_factory=list)
    open_term_indexen: list[int] = field(default_factory=list)
    #: the same for ``vermoedens`` and ``aan_te_tonen``
    vermoeden_indexen: list[int] = field(default_factory=list)
    aan_te_tonen_indexen: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.indexen:
            self.indexen = list(range(len(self.bestand.regels)))
        if not self.open_term_indexen:
            self.open_term_indexen = list(range(len(self.bestand.open_termen)))
        if not self.vermoeden_indexen:
            self.vermoeden_indexen = list(range(len(self.bestand.vermoedens)))
        if not self.aan_te_tonen_indexen:
            self.aan_te_tonen_indexen = list(range(len(self.bestand.aan_te_tonen)))


@dataclass
class Geladen:
    directory: Path
    bestanden: list[GeladenBestand] = field(default_factory=list)
    dekking: spec.Dekking | None = None
    dekking_bron: Bron | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    hash: str = ""
    #: ids and derived facts of rules that failed validation: references to them are not
    #: reported again as unknown
    kapotte_ids: set[str] = field(default_factory=set)
    kapotte_feiten: set[str] = field(default_factory=set)
    #: fact names tested by the conditions of a file with schema errors: a derived fact one
    #: of its broken rules may read is not reported as unread (RR340)
    kapot_gelezen: set[str] = field(default_factory=set)

    @property
    def map(self) -> Path:
        """Alias of :attr:`directory` (the name before the rename)."""
        return self.directory


def regelbestanden(map_: Path) -> list[Path]:
    """Rule files under ``map_``: ``**/*.yaml`` except scenario tests and dekking.yaml."""
    return sorted(
        p for p in map_.rglob("*.yaml")
        if not p.name.endswith(TEST_SUFFIX) and p.name != DEKKING and p.is_file()
    )


@cache
def _alle_veldnamen() -> list[str]:
    namen: set[str] = set()
    for model in (spec.RegelBestand, spec.Regel, spec.Grondslag, spec.OpenTerm,
                  spec.GemeenteRef, spec.Dekking, spec.DekkingMelding, spec.FeitTest, spec.RegelRef,
                  spec.ErIsSpec, spec.Vermoeden, spec.AanTeTonen):
        for naam, info in model.model_fields.items():
            namen.add(info.alias or naam)
    namen.update(("alle", "een_van", "niet", "er_is", "open_term"))
    return sorted(namen)


def _data_pad(data: Any, loc: tuple[int | str, ...]) -> YamlPath:
    """Strip the union tags pydantic puts in ``loc`` for conditions, to get a data path."""
    pad: list[str | int] = []
    huidig = data
    i = 0
    while i < len(loc):
        stap = loc[i]
        if pad and not isinstance(huidig, dict | list):
            break  # past a scalar: the rest names union branches (int, date), not data
        if (
            isinstance(huidig, dict)
            and isinstance(stap, str)
            and stap == spec._soort_conditie(huidig)
            and i + 1 < len(loc)
            and (loc[i + 1] in huidig or loc[i + 1] == stap)
        ):
            i += 1
            stap = loc[i]
        pad.append(stap)
        if isinstance(huidig, dict):
            huidig = huidig.get(stap)
        elif isinstance(huidig, list) and isinstance(stap, int) and stap < len(huidig):
            huidig = huidig[stap]
        else:
            huidig = None
        i += 1
    return tuple(pad)


_DATUM = re.compile(r"^\d{4}-\d{2}-\d{2}$")

_VORMEN = {
    spec.ID_PATROON: "geldig id (kleine letters, cijfers, '.', '_' of '-', bv. pw.13.2.c)",
    spec.FEIT_PATROON: "feitnaam (bv. leeftijd of onderwijs_verlaten_op.jaren_geleden)",
    r"^[a-z][a-z0-9_]*$": "naam van een afgeleid feit (kleine letters, cijfers en '_')",
    r"^[a-z]{1,2}$": "onderdeel (een kleine letter, bv. 'c')",
    r"^\d{1,2}°$": "sub-onderdeel (een nummer met °, bv. '1°')",
    r"^BWBR\d{7}$": "BWB-id (bv. BWBR0015703)",
    r"^GM\d{4}$": "CBS-gemeentecode (bv. GM0344)",
    r"^[0-9][0-9a-z.:]*$": "artikelnummer (bv. 13, 1.1, 4a of 1a:1; zet het tussen aanhalingstekens)",
}


def schema_diagnostics(bron: Bron, fout: ValidationError, velden: list[str] | None = None) -> list[Diagnostic]:
    """Map pydantic errors to positioned diagnostics with hints; ``velden`` are the field names
    to suggest for an unknown one (default: those of the rule language)."""
    uit: list[Diagnostic] = []
    gezien: set[YamlPath] = set()
    for err in fout.errors():
        pad = _data_pad(bron.data, tuple(err["loc"]))
        # A value that fails every branch of a union (a number or a date) gets one message.
        if err["type"] not in ("extra_forbidden", "missing") and pad in gezien:
            continue
        gezien.add(pad)
        if err["type"] == "extra_forbidden" and velden is not None:
            uit.append(_onbekend_veld(bron, pad, err, velden))
        else:
            uit.append(_PER_SOORT.get(err["type"], _anders)(bron, pad, err))
    return uit


_Fout = Any  # one entry of pydantic's ValidationError.errors()


def _onbekend_veld(bron: Bron, pad: YamlPath, err: _Fout, velden: list[str] | None = None) -> Diagnostic:
    naam = str(pad[-1]) if pad else "?"
    return bron.diag(pad, "RR201", f"onbekend veld '{naam}'" + suggestie(naam, velden or _alle_veldnamen()),
                     sleutel=True)


def _ontbreekt(bron: Bron, pad: YamlPath, err: _Fout) -> Diagnostic:
    naam = str(pad[-1]) if pad else "?"
    return bron.diag(pad[:-1], "RR202", f"verplicht veld '{naam}' ontbreekt")


def _conditie(bron: Bron, pad: YamlPath, err: _Fout) -> Diagnostic:
    invoer = err.get("input")
    sleutels = list(invoer) if isinstance(invoer, dict) else []
    if sleutels:
        tips = "".join(suggestie(str(s), list(spec._SLEUTELS)) for s in sleutels[:1])
        bericht = f"onbekende conditie met sleutel(s) {', '.join(map(str, sleutels))}{tips}"
    else:
        bericht = f"een conditie moet een mapping zijn, niet {kort(invoer)}"
    return bron.diag(pad, "RR204", bericht)


def _geen_getal(bron: Bron, pad: YamlPath, err: _Fout) -> Diagnostic:
    invoer = err.get("input")
    if isinstance(invoer, str) and _DATUM.match(invoer):
        return bron.diag(pad, "RR203", f"verwacht een datum, niet de tekst {kort(invoer)}",
                         "Schrijf datums zonder aanhalingstekens (vanaf: 2021-08-01).")
    return bron.diag(pad, "RR203", f"verwacht een geheel getal, niet {kort(invoer)}",
                     "Schrijf getallen zonder aanhalingstekens (vanaf: 18).")


def _geen_datum(bron: Bron, pad: YamlPath, err: _Fout) -> Diagnostic:
    return bron.diag(pad, "RR203", f"geen geldige datum: {kort(err.get('input'))}",
                     "Schrijf een bestaande datum als JJJJ-MM-DD (bv. 2015-02-28).")


def _geen_tekst(bron: Bron, pad: YamlPath, err: _Fout) -> Diagnostic:
    return bron.diag(pad, "RR203", f"verwacht tekst, niet {kort(err.get('input'))}")


def _geen_keuze(bron: Bron, pad: YamlPath, err: _Fout) -> Diagnostic:
    invoer = err.get("input")
    verwacht = str(err.get("ctx", {}).get("expected", "")).replace(" or ", ", ")
    opties = [o.strip(" '") for o in verwacht.replace(" or ", ",").split(",") if o.strip()]
    tip = suggestie(str(invoer), opties) if isinstance(invoer, str) else ""
    return bron.diag(pad, "RR203", f"ongeldige waarde {kort(invoer)}; toegestaan: {verwacht}{tip}")


def _waardefout(bron: Bron, pad: YamlPath, err: _Fout) -> Diagnostic:
    reden = str(err.get("ctx", {}).get("error", err["msg"]))
    return bron.diag(pad, "RR203", reden, "Pas de regel aan zoals de melding zegt; docs/rule-language.md "
                                          "beschrijft welke velden bij elkaar horen.")


def _geen_vorm(bron: Bron, pad: YamlPath, err: _Fout) -> Diagnostic:
    patroon = err.get("ctx", {}).get("pattern", "")
    vorm = _VORMEN.get(patroon, f"het patroon {patroon}")
    return bron.diag(pad, "RR203", f"waarde {kort(err.get('input'))} is geen {vorm}")


def _anders(bron: Bron, pad: YamlPath, err: _Fout) -> Diagnostic:
    return bron.diag(pad, "RR203", nl_reden(err, met_waarde=True))


#: pydantic error type -> the diagnostic that explains it
_PER_SOORT: dict[str, Callable[[Bron, YamlPath, _Fout], Diagnostic]] = {
    "extra_forbidden": _onbekend_veld,
    "missing": _ontbreekt,
    "conditie": _conditie,
    "int_type": _geen_getal,
    "int_parsing": _geen_getal,
    "date_from_datetime_parsing": _geen_datum,
    "date_parsing": _geen_datum,
    "date_type": _geen_datum,
    "string_type": _geen_tekst,
    "enum": _geen_keuze,
    "literal_error": _geen_keuze,
    "value_error": _waardefout,
    "string_pattern_mismatch": _geen_vorm,
}


def valideer(bron: Bron, model: type[BaseModel]) -> tuple[Any, list[Diagnostic]]:
    if not isinstance(bron.data, dict):
        return None, [bron.diag((), "RR103", "het bestand is leeg of geen mapping")]
    try:
        return model.model_validate(bron.data), []
    except ValidationError as fout:
        return None, schema_diagnostics(bron, fout)


def _gedeeltelijk(bron: Bron, geladen: Geladen) -> GeladenBestand | None:
    """Keep the valid rules of a file with schema errors, so their meaning is checked too."""
    data = bron.data
    regels = data.get("regels") if isinstance(data.get("regels"), list) else []
    termen = data.get("open_termen") if isinstance(data.get("open_termen"), list) else []
    try:
        kop = spec.RegelBestand.model_validate(
            {**data, "regels": [], "open_termen": [], "vermoedens": [], "aan_te_tonen": []})
    except ValidationError:
        return None
    goed: list[spec.Regel] = []
    indexen: list[int] = []
    for i, ruw in enumerate(regels):
        try:
            goed.append(spec.Regel.model_validate(ruw))
            indexen.append(i)
        except ValidationError:
            if isinstance(ruw, dict):
                if isinstance(ruw.get("id"), str):
                    geladen.kapotte_ids.add(ruw["id"])
                if isinstance(ruw.get("feit"), str):
                    geladen.kapotte_feiten.add(ruw["feit"])
    goede_termen: list[spec.OpenTerm] = []
    term_indexen: list[int] = []
    for i, ruw in enumerate(termen):
        try:
            goede_termen.append(spec.OpenTerm.model_validate(ruw))
            term_indexen.append(i)
        except ValidationError:
            if isinstance(ruw, dict) and isinstance(ruw.get("id"), str):
                geladen.kapotte_ids.add(ruw["id"])
    vermoedens, vermoeden_indexen = _geldige(data.get("vermoedens"), spec.Vermoeden, geladen)
    tonen, tonen_indexen = _geldige(data.get("aan_te_tonen"), spec.AanTeTonen, geladen)
    bestand = kop.model_copy(update={"regels": goed, "open_termen": goede_termen,
                                     "vermoedens": vermoedens, "aan_te_tonen": tonen})
    return GeladenBestand(bron, bestand, indexen or [], term_indexen or [],
                          vermoeden_indexen or [], tonen_indexen or [])


def _geldige(ruwe: Any, model: type[BaseModel], geladen: Geladen) -> tuple[list[Any], list[int]]:
    """The entries of a list in a file that validate, with their positions in that list; the
    id of one that does not is remembered, so references to it are not reported again."""
    goed: list[Any] = []
    indexen: list[int] = []
    for i, ruw in enumerate(ruwe if isinstance(ruwe, list) else []):
        try:
            goed.append(model.model_validate(ruw))
            indexen.append(i)
        except ValidationError:
            if isinstance(ruw, dict) and isinstance(ruw.get("id"), str):
                geladen.kapotte_ids.add(ruw["id"])
    return goed, indexen


def laad_map(map_: str | Path) -> Geladen:
    """Load every rule file under ``map_`` (and ``dekking.yaml`` at its root)."""
    map_ = Path(map_)
    geladen = Geladen(map_)
    digest = hashlib.sha256()
    if not map_.is_dir():
        geladen.diagnostics.append(
            Diagnostic(str(map_), 1, 1, "RR104", "regelmap bestaat niet of is geen map"))
        return geladen
    dekking_pad = map_ / DEKKING
    for pad in ([dekking_pad] if dekking_pad.exists() else []) + regelbestanden(map_):
        ruw, fouten = lees_bestand(pad, REGELBESTAND)
        geladen.diagnostics.extend(fouten)
        if ruw is None:
            continue
        digest.update(str(pad.relative_to(map_)).encode() + b"\0" + ruw + b"\0")
        laad_bestand(geladen, pad, ruw, dekking=pad == dekking_pad)
    if not dekking_pad.exists():
        geladen.diagnostics.append(Diagnostic(
            str(dekking_pad), 1, 1, "RR314",
            "dekking.yaml ontbreekt: zonder dekkingsperiode kan de engine niet weigeren "
            "te antwoorden voor data waarop de regels niet gelden"))
    geladen.hash = digest.hexdigest()
    return geladen


def laad_bestand(geladen: Geladen, pad: Path, ruw: bytes, *, dekking: bool = False) -> None:
    """Read, parse and validate one rule file (or ``dekking.yaml``) into ``geladen``."""
    tekst, fout = decodeer(str(pad), ruw)
    if tekst is None:
        geladen.diagnostics.extend([fout] if fout else [])
        return
    bron, leesfouten = lees_yaml(pad, tekst, REGELBESTAND)
    geladen.diagnostics.extend(leesfouten)
    if bron is None:
        _onleesbaar(tekst, geladen)
        return
    # A value the reader refused (a tag) is left out; the schema need not say so again.
    al_gemeld = {(d.line, d.column) for d in leesfouten}
    if dekking:
        model, fouten = valideer(bron, spec.Dekking)
        geladen.diagnostics.extend(d for d in fouten if (d.line, d.column) not in al_gemeld)
        geladen.dekking, geladen.dekking_bron = model, bron
        if model is not None:
            geladen.diagnostics.extend(_dekking_periode(bron, model))
        return
    _voeg_regelbestand_toe(bron, geladen, al_gemeld)


def _dekking_periode(bron: Bron, dekking: spec.Dekking) -> list[Diagnostic]:
    """Dates of dekking.yaml that contradict its ``vanaf`` (RR342): checked before the first
    peildatum would warn on every answer; a melding that ends before it is never shown."""
    uit: list[Diagnostic] = []
    if dekking.gecontroleerd_tot is not None and dekking.gecontroleerd_tot < dekking.vanaf:
        uit.append(bron.diag(("gecontroleerd_tot",), "RR342",
                             f"gecontroleerd_tot {dekking.gecontroleerd_tot} ligt vóór vanaf {dekking.vanaf}: elk "
                             "antwoord krijgt de waarschuwing dat de peildatum na de gecontroleerde wetsversie ligt"))
    for i, melding in enumerate(dekking.meldingen):
        if melding.tot_en_met is not None and melding.tot_en_met < dekking.vanaf:
            uit.append(bron.diag(("meldingen", i, "tot_en_met"), "RR342",
                                 f"melding eindigt op {melding.tot_en_met}, vóór vanaf {dekking.vanaf}: "
                                 "ze staat nooit in een ontvangst"))
    return uit


_ID_OF_FEIT = re.compile(r"(?:^|[\s{,\-])(id|feit)\s*:\s*['\"]?([a-z0-9][a-z0-9_.\-]*)", re.M)


def _onleesbaar(tekst: str, geladen: Geladen) -> None:
    """Note the ids and fact names a file that cannot be parsed seems to define.

    Without them every reference from another file to a rule in this one is reported as
    unknown too: one broken file would give dozens of errors elsewhere. A name picked up from
    a condition rather than a definition only mutes a message about that same name.
    """
    for soort, naam in _ID_OF_FEIT.findall(tekst):
        (geladen.kapotte_ids if soort == "id" else geladen.kapotte_feiten).add(naam)


def _feitnamen(data: Any) -> set[str]:
    """Every text after a ``feit:`` key anywhere in ``data`` (iteratively: data may be deep)."""
    namen: set[str] = set()
    te_doen = [data]
    while te_doen:
        huidig = te_doen.pop()
        if isinstance(huidig, dict):
            if isinstance(naam := huidig.get("feit"), str):
                namen.add(naam.partition(".")[0])
            te_doen.extend(huidig.values())
        elif isinstance(huidig, list):
            te_doen.extend(huidig)
    return namen


def _voeg_regelbestand_toe(bron: Bron, geladen: Geladen, al_gemeld: set[tuple[int, int]]) -> None:
    """Validate a rule file; keep its valid rules even when others in it are not."""
    model, fouten = valideer(bron, spec.RegelBestand)
    geladen.diagnostics.extend(d for d in fouten if (d.line, d.column) not in al_gemeld)
    if model is not None:
        geladen.bestanden.append(GeladenBestand(bron, model))
        return
    geladen.kapot_gelezen.update(_feitnamen(bron.data))
    if fouten and isinstance(bron.data, dict):
        gedeeltelijk = _gedeeltelijk(bron, geladen)
        if gedeeltelijk is not None:
            geladen.bestanden.append(gedeeltelijk)
