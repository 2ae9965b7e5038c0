"""The caseworker's page at ``/``, served by the same process as the API.

A plain HTML form (works without JavaScript; ``static/app.js`` only makes it smoother by
updating the advice in place), rendered with Jinja2 and styled with NL Design System CSS
from npm (``frontend/``, installed by ``npm ci``, served from this process, never a CDN).
The whole profile travels in the form: nothing about a case is kept between two posts.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from ..advies import Advies, Status
from ..engine import BuitenDekking
from ..profile import CaseProfile, ProfielFout, laad_profiel
from ..vraagvolgorde import advies_met_volgorde
from ..woorden import aard_label, datum_nl, waarde_label
from .formulier import BASIS, Veld, instellingen, lees_formulier, lees_instellingen, velden

if TYPE_CHECKING:
    from ..engine import Engine

__all__ = ["frontend_map", "voeg_pagina_toe"]

log = logging.getLogger("regelruimte.web")
_HIER = Path(__file__).resolve().parent
_OPEN_VRAGEN = 3  # questions shown as fields at once; the rest are folded
#: The only files served from node_modules, by the name the page uses.
_NLDS = {
    "componenten.css": "@utrecht/component-library-css/dist/index.css",
    "thema.css": "@nl-design-system-unstable/voorbeeld-design-tokens/dist/theme.css",
}
_EIGEN = {"app.css": "text/css", "app.js": "text/javascript"}


def frontend_map() -> Path:
    """Where ``npm ci`` put the NL Design System packages (``REGELRUIMTE_FRONTEND`` overrides)."""
    if omgeving := os.environ.get("REGELRUIMTE_FRONTEND"):
        return Path(omgeving)
    return _HIER.parents[2] / "frontend" / "node_modules"


def _omgeving() -> Environment:
    omgeving = Environment(loader=FileSystemLoader(_HIER / "templates"), autoescape=select_autoescape(["html"]),
                           trim_blocks=True, lstrip_blocks=True)
    omgeving.filters["datum"] = datum_nl
    omgeving.filters["aard"] = aard_label
    return omgeving


def voeg_pagina_toe(app: FastAPI, engine: Engine) -> None:
    omgeving = _omgeving()
    node = frontend_map()
    ontbreekt = [naam for naam, pad in _NLDS.items() if not (node / pad).is_file()]
    if ontbreekt:
        log.warning("NL Design System CSS ontbreekt (%s); draai 'npm ci' in frontend/. De pagina werkt, "
                    "maar zonder huisstijl.", ", ".join(ontbreekt))

    def pagina(status: int = 200, **inhoud: Any) -> HTMLResponse:
        html = omgeving.get_template("pagina.html").render(nlds=not ontbreekt, **inhoud)
        return HTMLResponse(html, status_code=status)

    @app.get("/", include_in_schema=False)
    def start() -> HTMLResponse:
        return pagina(velden=velden(BASIS, {}, {}, {}), vragen=[], meer_vragen=[], bekend=[], advies=None,
                      instellingen=instellingen(lees_instellingen({})[0], {}, {}))

    @app.post("/", include_in_schema=False)
    async def advies(request: Request) -> HTMLResponse:
        from starlette.concurrency import run_in_threadpool

        ruw = parse_qs((await request.body()).decode("utf-8", "replace"), keep_blank_values=True)
        return await run_in_threadpool(_behandel, engine, ruw, pagina)

    @app.get("/static/{naam}", include_in_schema=False)
    def eigen(naam: str) -> Response:
        if naam not in _EIGEN:
            return Response(status_code=404)
        return FileResponse(_HIER / "static" / naam, media_type=_EIGEN[naam])

    @app.get("/static/nlds/{naam}", include_in_schema=False)
    def nlds(naam: str) -> Response:
        pad = node / _NLDS[naam] if naam in _NLDS else None
        if pad is None or not pad.is_file():
            return Response(status_code=404)
        return FileResponse(pad, media_type="text/css")


def _behandel(engine: Engine, ruw: dict[str, list[str]], pagina: Callable[..., HTMLResponse]) -> HTMLResponse:
    gegevens, fouten = lees_formulier(ruw)
    hoe, fouten_hoe = lees_instellingen(ruw)
    fouten.update(fouten_hoe)
    advies: Advies | None = None
    if not fouten:
        try:
            profiel = laad_profiel(gegevens, samenhang=False)
            advies = advies_met_volgorde(engine, profiel, gegevens.get("peildatum"), vermoedens=not hoe.streng,
                                         wetdatum=hoe.wetdatum)
        except ProfielFout as fout:
            for veld, reden in fout.fouten:
                fouten.setdefault(veld.split("[")[0].split(".")[0] or "peildatum", reden)
        except BuitenDekking as fout:
            fouten["wetdatum" if fout.wat == "Wetdatum" else "peildatum"] = str(fout)
    open_ = [v.feit for v in advies.vragen] if advies else []
    bekend = [n for n in CaseProfile.model_fields if n not in BASIS and n not in open_[:_OPEN_VRAGEN]
              and (n in gegevens or n in fouten)]
    vragen = velden(open_[:_OPEN_VRAGEN], gegevens, ruw, fouten)
    meer_vragen = velden([n for n in open_[_OPEN_VRAGEN:] if n not in bekend], gegevens, ruw, fouten)
    if advies:
        _aangenomen([*vragen, *meer_vragen], advies)
    return pagina(
        status=400 if fouten else 200,
        velden=velden(BASIS, gegevens, ruw, fouten),
        vragen=vragen,
        meer_vragen=meer_vragen,
        bekend=velden(bekend, gegevens, ruw, fouten),
        fouten=[(naam, reden) for naam, reden in fouten.items()],
        instellingen=instellingen(hoe, ruw, fouten),
        advies=advies, sporen=_waaromlijst(engine, advies) if advies else {},
        status_teken={Status.van_toepassing: "✔", Status.niet_van_toepassing: "✘", Status.onbepaald: "?"},
        vraag_van={v.feit: v.vraag for v in advies.vragen} if advies else {},
        veldlabel={v.naam: v.label for v in [*velden(CaseProfile.model_fields, {}, {}, {}),
                                             *instellingen(hoe, {}, {})]})


def _aangenomen(vragen: list[Veld], advies: Advies) -> None:
    """A question about a presumed fact says what is presumed now (it comes last)."""
    vermoed = {v.feit: v for v in advies.ontvangst.vermoedens}
    for veld in vragen:
        if (v := vermoed.get(veld.naam)) is not None:
            veld.hint = f"Nu aangenomen: {v.titel}. Uw antwoord kan dat weerleggen."


_WAARDE = {"waar": "geldt", "onwaar": "geldt niet", "onbekend": "nog onbekend"}


def _waaromlijst(engine: Engine, advies: Advies) -> dict[str, list[str]]:
    """Per conclusion, its trace in words: each rule it rests on, whether it holds, and why."""
    peildatum = advies.ontvangst.peildatum
    uit: dict[str, list[str]] = {}
    for stap in advies.trace:
        regels = []
        for r in stap.regels:
            versie = engine.bank.versie(r.regel, peildatum)
            titel = versie.spec.titel if versie else r.regel
            feiten = "; ".join(f"{_feitlabel(naam)}: {_feitwaarde(naam, w)}" for naam, w in r.feiten.items())
            regels.append(f"{titel} — {_WAARDE.get(r.waarde, r.waarde)}" + (f" (want {feiten})" if feiten else ""))
        uit[stap.conclusie] = regels
    return uit


def _feitlabel(naam: str) -> str:
    basis = naam.split("[")[0].split(".")[0]
    info = CaseProfile.model_fields.get(basis)
    if info is not None and info.description and naam == basis:
        return info.description.split("(")[0].rstrip(" .?").lower()
    return naam.replace("_", " ").replace(".", ", ")


def _feitwaarde(naam: str, waarde: object) -> str:
    if waarde is None:
        return "nog niet bekend"
    if isinstance(waarde, str) and len(waarde) == 10 and waarde[4] == "-":
        try:
            return datum_nl(dt.date.fromisoformat(waarde))
        except ValueError:
            return waarde
    return waarde_label(naam.split("[")[0].split(".")[0], waarde)


_ = Veld  # re-exported for the templates' type hints
