"""The HTTP API fuzzed from its own published description (``/v1/openapi.json``, schemathesis).

Every operation gets requests that fit its description (positive) and, where it takes input,
requests that do not (negative). For each response: no 5xx; an answer within
:data:`ANTWOORDTIJD`; every 4xx a problem+json with its status, title and detail; the
``API-Version`` header; and schemathesis's own checks that the response matches what the
description promises (status codes, content types, the Advies schema, headers) and that
invalid input is refused. The default run is short (a few dozen requests, derandomized so a
failure repeats); ``-m slow`` runs ten times as many, with fresh random input.
"""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from regelruimte import Engine
from regelruimte.api import API_VERSIE, maak_app

from .backend import STANDAARD

#: The longest a single response may take, in seconds. An advice with the what-if question
#: order takes about 1 s here; the bound leaves room for a loaded machine, not for a hang.
ANTWOORDTIJD = 30.0

#: Requests per operation and kind of input in the default run (the advice costs most).
KORT = {"/adviezen": 8, "/regels": 6, "/regels/{regel_id}": 5, "/schemas": 2, "/schemas/{naam}": 5,
        "/gezondheid": 2}
OPERATIES = [("POST", "/adviezen"), ("GET", "/regels"), ("GET", "/regels/{regel_id}"), ("GET", "/schemas"),
             ("GET", "/schemas/{naam}"), ("GET", "/gezondheid")]
#: Nothing to make invalid: no input, or only a free-text name in the path (an unknown one is a 404).
ZONDER_INVOER = {"/schemas", "/gezondheid", "/schemas/{naam}"}
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
             response_headers_conformance, negative_data_rejection]


@pytest.fixture(scope="module")
def schema() -> Any:
    return schemathesis.openapi.from_asgi("/v1/openapi.json", maak_app(Engine.standaard(backend=STANDAARD)))


def _operatie(schema: Any, methode: str, pad: str) -> Any:
    for resultaat in schema.get_all_operations():
        operatie = resultaat.ok()
        if operatie.method.upper() == methode and operatie.path == pad:
            return operatie
    raise AssertionError(f"{methode} {pad} staat niet in openapi.json")


def _controleer(case: Any) -> None:
    begin = time.perf_counter()
    antwoord = case.call()
    duur = time.perf_counter() - begin
    assert duur < ANTWOORDTIJD, f"{case.method} {case.path}: {duur:.1f} s"
    assert antwoord.status_code < 500, antwoord.text[:500]
    assert antwoord.headers.get("api-version") == [API_VERSIE]
    if 400 <= antwoord.status_code < 500:
        assert antwoord.headers["content-type"] == ["application/problem+json"]
        probleem = json.loads(antwoord.content)
        assert probleem["status"] == antwoord.status_code and probleem["title"] and probleem["detail"]
    case.validate_response(antwoord, checks=CHECKS)


def _fuzz(schema: Any, methode: str, pad: str, modus: GenerationMode, aantal: int, *, herhaalbaar: bool) -> None:
    operatie = _operatie(schema, methode, pad)

    @settings(max_examples=aantal, deadline=None, database=None, derandomize=herhaalbaar,
              suppress_health_check=list(HealthCheck))
    @given(operatie.as_strategy(generation_mode=modus))
    def verzoek(case: Any) -> None:
        _controleer(case)

    verzoek()


def _gevallen() -> list[Any]:
    return [pytest.param(m, p, modus, id=f"{m} {p} {modus.value}") for m, p in OPERATIES
            for modus in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
            if modus is GenerationMode.POSITIVE or p not in ZONDER_INVOER]


def test_every_published_operation_is_fuzzed(schema: Any) -> None:
    gepubliceerd = {(r.ok().method.upper(), r.ok().path) for r in schema.get_all_operations()}
    assert gepubliceerd == set(OPERATIES)


@pytest.mark.parametrize(("methode", "pad", "modus"), _gevallen())
def test_fuzz_from_openapi(schema: Any, methode: str, pad: str, modus: GenerationMode) -> None:
    _fuzz(schema, methode, pad, modus, KORT[pad], herhaalbaar=True)


@pytest.mark.slow
@pytest.mark.parametrize(("methode", "pad", "modus"), _gevallen())
def test_fuzz_from_openapi_long(schema: Any, methode: str, pad: str, modus: GenerationMode) -> None:
    _fuzz(schema, methode, pad, modus, 10 * KORT[pad], herhaalbaar=False)
