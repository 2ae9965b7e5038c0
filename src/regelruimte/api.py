"""The HTTP API (FastAPI): ``regelruimte serve``.

Under ``/v1``: ``POST /adviezen`` (a case profile in, the Advies out), ``GET /regels``,
``GET /regels/{id}``, ``GET /schemas``, ``GET /schemas/{naam}``, ``GET /gezondheid`` and
``GET /openapi.json``; the caseworker's page (:mod:`regelruimte.web`) at ``/``.

Following the NL GOV API Design Rules where they apply: the ``API-Version`` header and the
security headers on every response; errors as ``application/problem+json`` (RFC 9457) with
status 400 for invalid input, naming every invalid field in ``invalidParams``; the OpenAPI
document at ``/v1/openapi.json``; Dutch, plural, kebab-case resource names.

Stateless and quiet: the rules compile once when the process starts; nothing about a case is
stored; the access log has method, path (never the query string), status and duration, never
a body. A request body over :data:`MAX_BODY` bytes (the profile reader's own limit) gets 413;
the body is read by the same bounded JSON reader as a profile file (depth, number length), and
an error names fields and reasons, never a value.
"""

from __future__ import annotations

import datetime as dt
import gc
import logging
import os
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from . import __version__
from .advies import Advies
from .engine import BuitenDekking, Engine, bevries_opgewarmd, standaard_regels
from .limits import MAX_PEILDATUM, PROFIEL
from .profile import CaseProfile, ProfielFout, lees_profiel_tekst, te_late_peildatum
from .schemas import alle_schemas, open_voor_uitbreiding
from .spec import Soort
from .vraagvolgorde import advies_met_volgorde
from .wetten import bron_url, juriconnect, wet_bij_naam

__all__ = ["API_VERSIE", "MAX_BODY", "maak_app", "start"]

#: The version of this HTTP contract (semver); the major is the /v1 in the path.
API_VERSIE = "1.0.0"
#: Largest accepted request body: that of a profile file (a profile is about 1 KB, 50 jeugdhulp
#: periods about 6 KB).
MAX_BODY = PROFIEL.max_bytes

log = logging.getLogger("regelruimte.api")

_DATUM = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PROBLEEM = "application/problem+json"
_BEVEILIGING = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Strict-Transport-Security": "max-age=31536000",
}
# The page loads its own scripts and styles only, never from elsewhere.
_CSP_PAGINA = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
               "frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
_CSP_API = "default-src 'none'; frame-ancestors 'none'"


# --- problems ----------------------------------------------------------------------------


class OngeldigVeld(BaseModel):
    name: str = Field(description="Het veld of de parameter (bv. jeugdhulp[0].gestart_op, query.peildatum).")
    reason: str = Field(description="Waarom de waarde niet klopt.")


class Probleem(BaseModel):
    """An error (RFC 9457 problem details)."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    instance: str | None = None
    invalidParams: list[OngeldigVeld] | None = Field(
        default=None, description="Bij status 400: elk ongeldig veld met de reden.")


def probleem(status: int, titel: str, detail: str, *, instance: str | None = None,
             velden: list[tuple[str, str]] | None = None) -> JSONResponse:
    inhoud: dict[str, Any] = {"type": "about:blank", "title": titel, "status": status, "detail": detail}
    if instance:
        inhoud["instance"] = instance
    if velden is not None:
        inhoud["invalidParams"] = [{"name": naam or "(profiel)", "reason": reden} for naam, reden in velden]
    return JSONResponse(inhoud, status_code=status, media_type=_PROBLEEM)


class _Ongeldig(Exception):
    """Invalid input found by the API itself (not the profile model)."""

    def __init__(self, detail: str, velden: list[tuple[str, str]]) -> None:
        super().__init__(detail)
        self.detail = detail
        self.velden = velden


_FOUTEN: dict[int | str, dict[str, Any]] = {
    400: {"description": "Ongeldige invoer: elk ongeldig veld staat in invalidParams.", "model": Probleem,
          "content": {_PROBLEEM: {}}},
    413: {"description": f"De body is groter dan {MAX_BODY} bytes.", "model": Probleem, "content": {_PROBLEEM: {}}},
    500: {"description": "Onverwachte fout (zonder details).", "model": Probleem, "content": {_PROBLEEM: {}}},
}


# --- middleware --------------------------------------------------------------------------

_Scope = MutableMapping[str, Any]
_Bericht = MutableMapping[str, Any]
_Ontvang = Callable[[], Awaitable[_Bericht]]
_Stuur = Callable[[_Bericht], Awaitable[None]]
_ASGI = Callable[[_Scope, _Ontvang, _Stuur], Awaitable[None]]


class _TeGroot(Exception):
    pass


class Poort:
    """ASGI middleware: body limit (413), version and security headers, a quiet access log."""

    def __init__(self, app: _ASGI) -> None:
        self.app = app

    async def __call__(self, scope: _Scope, receive: _Ontvang, send: _Stuur) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        begin = time.perf_counter()
        status = 500
        pad: str = scope.get("path", "")
        gestart = False

        async def stuur(bericht: _Bericht) -> None:
            nonlocal status, gestart
            if bericht["type"] == "http.response.start":
                gestart = True
                status = bericht["status"]
                bericht = {**bericht, "headers": _koppen(bericht.get("headers", []), pad)}
            await send(bericht)

        try:
            lengte = _content_length(scope)
            if lengte is not None and lengte > MAX_BODY:
                raise _TeGroot
            await self.app(scope, _begrensd(receive), stuur)
        except _TeGroot:
            if not gestart:
                await _stuur_antwoord(probleem(413, "Body te groot",
                                               f"De body mag hoogstens {MAX_BODY} bytes zijn."), scope, receive, stuur)
        except Exception as fout:  # never a traceback with case data in a log, never details to the client
            log.error("onverwachte fout in %s %s: %s", scope.get("method", "-"), pad, type(fout).__name__)
            if not gestart:
                await _stuur_antwoord(probleem(500, "Interne fout",
                                               "Er ging iets mis bij het verwerken; er is niets bewaard."),
                                      scope, receive, stuur)
        finally:
            # Method, path and status only: no query string (it may hold a date of birth), no body.
            log.info("%s %s %d %.1f ms", scope.get("method", "-"), pad, status, (time.perf_counter() - begin) * 1000)


def _koppen(headers: list[tuple[bytes, bytes]], pad: str) -> list[tuple[bytes, bytes]]:
    """The response headers with the version, the content security policy and the security
    headers; the published descriptions may be read from any origin."""
    uit = [(k, v) for k, v in headers if k.lower() not in (b"api-version", b"content-security-policy")]
    uit.append((b"api-version", API_VERSIE.encode()))
    uit.append((b"content-security-policy", (_CSP_API if pad.startswith("/v1") else _CSP_PAGINA).encode()))
    for naam, waarde in _BEVEILIGING.items():
        if not any(k.lower() == naam.lower().encode() for k, _ in uit):
            uit.append((naam.lower().encode(), waarde.encode()))
    if pad == "/v1/openapi.json" or pad.startswith("/v1/schemas"):
        uit.append((b"access-control-allow-origin", b"*"))
    return uit


def _content_length(scope: _Scope) -> int | None:
    for naam, waarde in scope.get("headers", []):
        if naam.lower() == b"content-length":
            try:
                return int(waarde)
            except ValueError:
                return None
    return None


def _begrensd(receive: _Ontvang) -> _Ontvang:
    gelezen = 0

    async def ontvang() -> _Bericht:
        nonlocal gelezen
        bericht = await receive()
        if bericht["type"] == "http.request":
            gelezen += len(bericht.get("body", b""))
            if gelezen > MAX_BODY:
                raise _TeGroot
        return bericht

    return ontvang


async def _stuur_antwoord(antwoord: Response, scope: _Scope, receive: _Ontvang, send: _Stuur) -> None:
    await antwoord(scope, receive, send)


# --- input -------------------------------------------------------------------------------


class _BuitenDekking(Exception):
    """A date outside the period the rules answer for (``query.peildatum`` and the like)."""

    def __init__(self, veld: str, reden: str) -> None:
        super().__init__(reden)
        self.veld = veld
        self.reden = reden


def _dekking(engine: Engine) -> str:
    return f"van {engine.bank.dekking.vanaf.isoformat()} tot en met {MAX_PEILDATUM.isoformat()}"


def _lees_datum(tekst: str | None, naam: str) -> dt.date | None:
    if tekst is None:
        return None
    try:
        if not _DATUM.match(tekst):
            raise ValueError
        datum = dt.date.fromisoformat(tekst)
    except ValueError:
        raise _Ongeldig(f"{naam} is geen geldige datum; gebruik JJJJ-MM-DD.",
                        [(f"query.{naam}", "geen geldige datum; gebruik JJJJ-MM-DD")]) from None
    if datum > MAX_PEILDATUM:
        raise _BuitenDekking(f"query.{naam}", f"ligt na {MAX_PEILDATUM.isoformat()}, de uiterste datum")
    return datum


def _lees_profiel(body: bytes, datum: dt.date | None) -> CaseProfile:
    """The body as a case profile, through the bounded JSON reader of profile files."""
    if not body.strip():
        raise _Ongeldig("De body is leeg; stuur een casusprofiel als JSON-object.",
                        [("body", "leeg; verwacht een JSON-object")])
    # With a peildatum in the query the profile is checked against that date, not its own.
    return lees_profiel_tekst(body, "body", samenhang=datum is None, als_json=True)


# --- rules -------------------------------------------------------------------------------


class Verwijzing(BaseModel):
    wet: str | None = None
    bwb: str | None = None
    artikel: str | None = None
    lid: int | None = None
    onderdeel: str | None = None
    sub: str | None = None
    begrip: str | None = None
    bron: str | None = None
    zekerheid: str
    url: str | None = None


class RegelUit(BaseModel):
    """One version of a rule: what it concludes, its legal basis and when it holds."""

    id: str
    titel: str
    soort: str
    aard: str
    geldig_vanaf: dt.date | None = Field(description="Eerste dag waarop deze versie geldt (leeg: vanaf altijd).")
    geldig_tot: dt.date | None = Field(description="Laatste dag waarop deze versie geldt (leeg: nog steeds).")
    grondslag: list[Verwijzing]
    beslisser: str | None = None
    financier: str | None = None
    gemeente: str | None = None
    onzeker: bool = False
    onzeker_toelichting: str | None = None
    uitleg: str


def _verwijzingen(versie: Any, peildatum: dt.date | None) -> list[Verwijzing]:
    uit = []
    for g in versie.grondslag:
        url = (juriconnect(g.bwb, g.artikel, g.lid, g.onderdeel, peildatum) if g.artikel and g.bwb
               else bron_url(g.bron) if g.bron else None)
        uit.append(Verwijzing(wet=g.wet, bwb=g.bwb, artikel=g.artikel, lid=g.lid, onderdeel=g.onderdeel, sub=g.sub,
                              begrip=g.begrip, bron=g.bron, zekerheid=g.zekerheid.value, url=url))
    return uit


def _regel_uit(versie: Any, peildatum: dt.date | None) -> RegelUit:
    s = versie.spec
    return RegelUit(
        id=s.id, titel=s.titel, soort=s.soort.value, aard=s.aard.value,
        geldig_vanaf=None if versie.vanaf == dt.date.min else versie.vanaf,
        geldig_tot=None if versie.tot in (None, dt.date.max) else versie.tot,
        grondslag=_verwijzingen(versie, peildatum), beslisser=s.beslisser.value if s.beslisser else None,
        financier=s.financier.value if s.financier else None, gemeente=versie.gemeente, onzeker=s.onzeker,
        onzeker_toelichting=s.onzeker_toelichting, uitleg=s.uitleg)


def _past_bij_wet(versie: Any, wet: str) -> bool:
    gezocht = wet_bij_naam(wet)
    for g in versie.grondslag:
        if gezocht is not None and g.bwb == gezocht.bwb:
            return True
        if g.wet and g.wet.strip().lower() == wet.strip().lower():
            return True
    return False


# --- the app -----------------------------------------------------------------------------


@asynccontextmanager
async def _levensloop(app: FastAPI) -> AsyncIterator[None]:
    """The service lives long and its rules never change: once it is up, the garbage collector
    stops walking them (gc.freeze); they go back in view when the app stops."""
    bevries_opgewarmd()
    yield
    gc.unfreeze()


def maak_app(engine: Engine | None = None) -> FastAPI:
    """The app; without ``engine`` the bundled rules (or ``REGELRUIMTE_REGELS``) are compiled
    now, once, before the first request."""
    engine = engine or Engine.from_directory(standaard_regels())
    app = FastAPI(
        lifespan=_levensloop,
        title="regelruimte", version=API_VERSIE, openapi_url=None, docs_url=None, redoc_url=None,
        description="Welke wet is van toepassing op een jongere (12-27), wie betaalt en waar mag je afwijken? "
                    "Stuur een casusprofiel, krijg het advies met de artikelen. Er wordt niets bewaard of gelogd "
                    "over een casus.",
        contact={"name": "regelruimte", "url": "https://regelruimte.nl"},
    )
    app.state.engine = engine
    _routes(app, engine)
    _foutafhandeling(app)
    try:
        from .web import voeg_pagina_toe
    except ImportError:  # pragma: no cover - the web extra (jinja2) is not installed
        pass
    else:
        voeg_pagina_toe(app, engine)
    app.add_middleware(Poort)
    return app


def _routes(app: FastAPI, engine: Engine) -> None:
    _adviesroute(app, engine)
    _regelroutes(app, engine)
    _overige_routes(app, engine)
    document = _openapi(app)

    @app.get("/v1/openapi.json", include_in_schema=False)
    def openapi() -> JSONResponse:
        return JSONResponse(document)


def _adviesroute(app: FastAPI, engine: Engine) -> None:

    @app.post("/v1/adviezen", tags=["adviezen"], summary="Advies voor een casusprofiel",
              response_model=None, responses={200: {"description": "Het advies (Advies-contract).",
                                                    "content": {"application/json": {
                                                        "schema": {"$ref": "#/components/schemas/Advies"}}}},
                                              **_FOUTEN},
              openapi_extra={"requestBody": {"required": True, "content": {"application/json": {
                  "schema": {"$ref": "#/components/schemas/CaseProfile"}}}}})
    async def adviezen(request: Request,
                       peildatum: Annotated[str | None, Query(description="JJJJ-MM-DD; gaat voor het veld peildatum "
                                                                       "in het profiel (standaard: vandaag).")] = None,
                       wetdatum: Annotated[str | None, Query(description="JJJJ-MM-DD: pas de wet van deze datum toe; "
                                                                      "leeftijden en termijnen blijven die op de peildatum "
                                                                      "(standaard: de peildatum).")] = None,
                       streng: Annotated[bool, Query(description="Zonder vermoedens: wat het profiel niet geeft, blijft "
                                                                 "onbekend.")] = False,
                       alles: Annotated[bool, Query(description="Toon ook wat niet van toepassing is.")] = False) -> Response:
        datum = _lees_datum(peildatum, "peildatum")
        wet = _lees_datum(wetdatum, "wetdatum")
        profiel = _lees_profiel(await request.body(), datum)
        from starlette.concurrency import run_in_threadpool

        try:
            advies: Advies = await run_in_threadpool(_adviseer, engine, profiel, datum, wet, streng, alles)
        except BuitenDekking as fout:
            veld = "query.wetdatum" if wet else "query.peildatum" if datum else "peildatum"
            raise _BuitenDekking(veld, f"ligt vóór {fout.vanaf.isoformat()}, het begin van de dekking") from None
        return Response(advies.model_dump_json(), media_type="application/json")


def _regelroutes(app: FastAPI, engine: Engine) -> None:
    @app.get("/v1/regels", tags=["regels"], summary="De regels met grondslag en geldigheid",
             response_model=list[RegelUit], responses={400: _FOUTEN[400]})
    def regels(peildatum: Annotated[str | None, Query(description="Alleen de versies die op deze datum gelden.")] = None,
               wet: Annotated[str | None, Query(description="Naam, afkorting of BWB-id van een wet (Jeugdwet, PW).")] = None,
               soort: Annotated[Soort | None, Query(description="regime, route, maatwerk, signaal, ...")] = None
               ) -> list[RegelUit]:
        datum = _lees_datum(peildatum, "peildatum")
        uit = []
        for versie in engine.bank.versies:
            if datum is not None and not versie.geldt_op(datum):
                continue
            if soort is not None and versie.spec.soort is not soort:
                continue
            if wet is not None and not _past_bij_wet(versie, wet):
                continue
            uit.append(_regel_uit(versie, datum))
        return uit

    @app.get("/v1/regels/{regel_id}", tags=["regels"], summary="Eén regel: al zijn versies",
             response_model=list[RegelUit], responses={400: _FOUTEN[400], 404: {"model": Probleem}})
    def regel(regel_id: str, peildatum: Annotated[str | None, Query(description="Alleen de versie op deze datum.")] = None
              ) -> list[RegelUit] | Response:
        datum = _lees_datum(peildatum, "peildatum")
        versies = [v for v in engine.bank.versies if v.id == regel_id and (datum is None or v.geldt_op(datum))]
        if not versies:
            return probleem(404, "Regel niet gevonden",
                            f"Er is geen regel met dit id{' op deze peildatum' if datum else ''}.")
        return [_regel_uit(v, datum) for v in versies]


def _overige_routes(app: FastAPI, engine: Engine) -> None:
    schemas = alle_schemas()

    @app.get("/v1/schemas", tags=["schemas"], summary="De namen van de JSON Schemas")
    def schema_namen() -> dict[str, list[str]]:
        return {"schemas": sorted(schemas)}

    @app.get("/v1/schemas/{naam}", tags=["schemas"], summary="Eén JSON Schema (casusprofiel, advies, ...)",
             responses={404: {"model": Probleem}})
    def schema(naam: str) -> Response:
        if naam not in schemas:
            return probleem(404, "Schema niet gevonden", f"Bekende schemas: {', '.join(sorted(schemas))}.")
        return JSONResponse(schemas[naam], media_type="application/schema+json")

    @app.get("/v1/gezondheid", tags=["gezondheid"], summary="Draait de dienst, en op welke regels?")
    def gezondheid() -> dict[str, Any]:
        d = engine.bank.dekking
        return {"status": "ok", "versie": __version__, "api_versie": API_VERSIE, "regels_hash": engine.bank.hash,
                "backend": engine.backend.naam,
                "dekking": {"vanaf": d.vanaf.isoformat(),
                            "gecontroleerd_tot": d.gecontroleerd_tot.isoformat() if d.gecontroleerd_tot else None}}


def _adviseer(engine: Engine, profiel: CaseProfile, datum: dt.date | None, wet: dt.date | None, streng: bool,
              alles: bool) -> Advies:
    return advies_met_volgorde(engine, profiel, datum, alles=alles, vermoedens=not streng, wetdatum=wet)


def _foutafhandeling(app: FastAPI) -> None:
    engine: Engine = app.state.engine

    @app.exception_handler(ProfielFout)
    async def profielfout(request: Request, fout: ProfielFout) -> Response:
        # Field names and reasons only (ProfielFout.details): a refused value is personal data.
        velden = [(d.veld or "body", d.reden) for d in fout.details]
        if any(d.veld == "peildatum" and d.reden == te_late_peildatum() for d in fout.details):
            return _buiten_dekking_probleem(engine, "peildatum", te_late_peildatum())
        return probleem(400, "Ongeldig casusprofiel",
                        "Ongeldige velden: " + ", ".join(v or "(profiel)" for v, _ in velden) + ".",
                        velden=velden)

    @app.exception_handler(_BuitenDekking)
    async def buiten_dekking(request: Request, fout: _BuitenDekking) -> Response:
        return _buiten_dekking_probleem(engine, fout.veld, fout.reden)

    @app.exception_handler(_Ongeldig)
    async def ongeldig(request: Request, fout: _Ongeldig) -> Response:
        return probleem(400, "Ongeldige invoer", fout.detail, velden=fout.velden)

    @app.exception_handler(RequestValidationError)
    async def validatie(request: Request, fout: RequestValidationError) -> Response:
        velden = [(".".join(str(d) for d in e["loc"]), _reden(e)) for e in fout.errors()]
        return probleem(400, "Ongeldige invoer", "Ongeldige parameters: " + ", ".join(v for v, _ in velden) + ".",
                        velden=velden)

    @app.exception_handler(StarletteHTTPException)
    async def http_fout(request: Request, fout: StarletteHTTPException) -> Response:
        titels = {404: "Niet gevonden", 405: "Methode niet toegestaan"}
        antwoord = probleem(fout.status_code, titels.get(fout.status_code, "Fout"),
                            "Deze URL of methode bestaat niet." if fout.status_code in titels else "Fout.")
        if fout.headers:
            antwoord.headers.update(fout.headers)
        return antwoord


def _buiten_dekking_probleem(engine: Engine, veld: str, reden: str) -> Response:
    naam = veld.removeprefix("query.")
    return probleem(400, "Datum buiten de dekking",
                    f"De {naam} valt buiten de dekking van de regelbank: de regels geven antwoord "
                    f"{_dekking(engine)}.", velden=[(veld, reden)])


def _reden(fout: Any) -> str:
    soort = fout.get("type", "")
    if soort == "enum":
        return f"ongeldige waarde; toegestaan: {fout.get('ctx', {}).get('expected', '')}"
    if soort.startswith("bool"):
        return "verwacht true of false"
    return "ongeldige waarde"


def _openapi(app: FastAPI) -> dict[str, Any]:
    """The OpenAPI document with the servers entry /v1, and the profile and advice schemas
    as components (the advice open to fields added later)."""
    from fastapi.openapi.utils import get_openapi

    document = get_openapi(title=app.title, version=app.version, description=app.description,
                           routes=app.routes, contact=app.contact)
    document["servers"] = [{"url": "/v1"}]
    document["paths"] = {pad.removeprefix("/v1"): inhoud for pad, inhoud in document["paths"].items()
                         if pad.startswith("/v1")}
    componenten = document.setdefault("components", {}).setdefault("schemas", {})
    for model, open_ in ((CaseProfile, False), (Advies, True)):
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
        if open_:
            schema = open_voor_uitbreiding(schema)
        componenten.update(schema.pop("$defs", {}))
        componenten[model.__name__] = schema
    for inhoud in document["paths"].values():
        for operatie in inhoud.values():
            _verfijn(operatie)
    return document


def _verfijn(operatie: dict[str, Any]) -> None:
    """What FastAPI cannot say by itself: every response carries the version header (ADR
    /core/version-header); every error is a problem+json (and only that); the dates in the
    query are dates (read by the API itself, for errors in Dutch)."""
    for status, antwoord in operatie.get("responses", {}).items():
        antwoord.setdefault("headers", {})["API-Version"] = {
            "description": "Volledige versie van de API (semver).", "schema": {"type": "string"}}
        if status[0] in "45":
            antwoord["content"] = {_PROBLEEM: {"schema": {"$ref": "#/components/schemas/Probleem"}}}
    for parameter in operatie.get("parameters", []):
        if parameter["name"] in ("peildatum", "wetdatum"):
            parameter["schema"] = {"type": "string", "format": "date", "title": parameter["name"].capitalize()}


def start(host: str, port: int, workers: int, regels: Path | None = None) -> None:
    """Run the API and the page with uvicorn (``regelruimte serve``)."""
    import uvicorn

    if regels is not None:
        os.environ["REGELRUIMTE_REGELS"] = str(regels)  # the workers compile the same rules
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    uvicorn.run("regelruimte.api:maak_app", factory=True, host=host, port=port, workers=workers,
                access_log=False, log_level="info", server_header=False, date_header=True)
