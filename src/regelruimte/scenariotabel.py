"""Scenario tables: one scenario per row of a spreadsheet (xlsx or csv), for a policy officer.

Columns (see docs/beleid.md#scenariotabellen):

* ``naam`` and ``peildatum`` (required);
* profile fields in the flat form of the batch (``geboortedatum``, ``onderwijs``,
  ``jeugdhulp.0.vorm``, ``wensen`` as ``werk;opleiding``, ...);
* ``verwacht:<item id>``: the expected status (``van_toepassing``, ``niet_van_toepassing``,
  ``onbepaald`` or ``afwezig``; spaces allowed instead of underscores), empty = not checked;
* ``regel:<rule id>``: the expected outcome of any rule (``waar``, ``onwaar``, ``onbekend``);
* ``vragen`` / ``niet_vragen``: profile fields (``;``-separated) that must / must not be asked;
* ``fout``: ``BuitenDekking`` or ``ProfielFout`` when the row expects that error; ``notitie``.

Each row becomes a :class:`~regelruimte.scenario.Scenario` and runs exactly like a scenario
in a ``*.test.yaml`` file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .scenario import GeladenScenario, Scenario, ScenarioFout, lees_scenarios, regelmap_voor
from .tabel import RIJ, TabelFout, formaat, kolomfouten, naar_profielgegevens

__all__ = ["TABEL_SUFFIXEN", "laad", "lees_tabel"]

TABEL_SUFFIXEN = (".csv", ".xlsx")
VERWACHT = "verwacht:"
REGEL = "regel:"
_EIGEN = ("naam", "vragen", "niet_vragen", "fout", "notitie")


def _lijst(waarde: Any) -> list[str]:
    return [d.strip() for d in str(waarde or "").split(";") if d.strip()]


def _status(waarde: Any) -> str | None:
    tekst = str(waarde or "").strip().lower().replace(" ", "_")
    return tekst or None


def laad(bestand: Path, regels: Path | None) -> tuple[list[GeladenScenario], Path]:
    """The scenarios of a scenario file or table, and the rule directory they run against: a
    file's own (the nearest parent with dekking.yaml); for a table ``regels``, else the nearest
    parent with dekking.yaml, else the bundled rules."""
    if bestand.suffix.lower() not in TABEL_SUFFIXEN:
        return lees_scenarios(bestand), regelmap_voor(bestand)
    scenarios = lees_tabel(bestand)
    if regels is not None:
        return scenarios, regels
    try:
        return scenarios, regelmap_voor(bestand)
    except ScenarioFout:
        from .engine import standaard_regels

        return scenarios, standaard_regels()


def lees_tabel(pad: Path) -> list[GeladenScenario]:
    """Read a scenario table; :class:`ScenarioFout` lists every problem with its row."""
    if formaat(pad) not in ("csv", "xlsx"):
        raise ScenarioFout(f"{pad}: een scenariotabel is een .csv- of .xlsx-bestand")
    profielkolommen: list[str] = []
    fouten: list[str] = []
    try:
        # lees_invoer checks the profile columns; the scenario's own columns are read here
        tabel = _lees(pad, profielkolommen)
    except TabelFout as fout:
        raise ScenarioFout(str(fout)) from None
    for verplicht in ("naam", "peildatum"):
        if verplicht not in tabel.columns:
            fouten.append(f"{pad}: kolom '{verplicht}' ontbreekt")
    if fouten:
        raise ScenarioFout("\n".join(fouten))
    scenarios: list[GeladenScenario] = []
    for rij in tabel.iter_rows(named=True):
        nummer = rij[RIJ]
        profielrij = {k: rij[k] for k in profielkolommen}
        gegevens, rijfouten, _ = naar_profielgegevens(profielrij)
        gegevens.pop("peildatum", None)
        velden: dict[str, Any] = {
            "naam": rij.get("naam") or f"rij {nummer}",
            "peildatum": rij.get("peildatum"),
            "profiel": gegevens,
            "verwacht": {k[len(VERWACHT):]: s for k in tabel.columns
                         if k.startswith(VERWACHT) and (s := _status(rij[k])) is not None},
            "regels": {k[len(REGEL):]: s for k in tabel.columns
                       if k.startswith(REGEL) and (s := _status(rij[k])) is not None},
            "vragen": _lijst(rij.get("vragen")),
            "niet_vragen": _lijst(rij.get("niet_vragen")),
            "fout": (rij.get("fout") or "").strip() or None,
            "notitie": rij.get("notitie"),
        }
        try:
            scenario = Scenario.model_validate(velden)
        except ValidationError as fout:
            for err in fout.errors():
                kolom = ".".join(str(d) for d in err["loc"])
                kolom = kolom.replace("verwacht.", VERWACHT).replace("regels.", REGEL)
                fouten.append(f"{pad}: rij {nummer}: kolom '{kolom}': {_reden(err)}")
            continue
        fouten.extend(f"{pad}: rij {nummer}: {veld}: {reden}" for veld, reden in rijfouten)
        scenarios.append(GeladenScenario(scenario, pad, nummer))
    if fouten:
        raise ScenarioFout("\n".join(fouten))
    return scenarios


def _reden(err: Any) -> str:
    if err["type"] == "literal_error":
        return f"ongeldige waarde {err.get('input')!r}; toegestaan: {err['ctx']['expected']}"
    if err["type"] in ("date_parsing", "date_from_datetime_parsing", "date_type"):
        return f"geen geldige datum ({err.get('input')!r}); gebruik JJJJ-MM-DD"
    if err["type"] == "missing":
        return "ontbreekt"
    return str(err["msg"])


def _lees(pad: Path, profielkolommen: list[str]) -> Any:
    """The table with every column as text, the scenario columns set apart from the profile's."""
    import polars as pl

    from .tabel import _grootte, _lees_csv, _lees_xlsx

    _grootte(pad, formaat(pad))
    tabel = (_lees_csv if formaat(pad) == "csv" else _lees_xlsx)(pad)
    tabel = tabel.with_row_index(RIJ, offset=2).with_columns(pl.col(RIJ).cast(pl.Int64))
    eigen = [k for k in tabel.columns if k in _EIGEN or k.startswith((VERWACHT, REGEL)) or k == RIJ]
    profiel = [k for k in tabel.columns if k not in eigen]
    fouten = kolomfouten(profiel)
    if fouten:
        raise TabelFout(f"{pad}: " + "; ".join(fouten) + " (scenariokolommen: naam, peildatum, verwacht:<item>, "
                        "regel:<regel>, vragen, niet_vragen, fout, notitie)")
    profielkolommen.extend(profiel)
    leeg = pl.all_horizontal(pl.col([k for k in tabel.columns if k != RIJ]).is_null())
    return tabel.filter(~leeg)
