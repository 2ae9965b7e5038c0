"""The HTTP API over a real `regelruimte serve` process on loopback."""

from __future__ import annotations

import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

pytest.importorskip("fastapi")

from regelruimte import lees_profiel
from regelruimte.api import API_VERSIE, MAX_BODY

from .server import ROOT, Server, draaiende_server

VERHALEN = ["bergeijk-2021", "utrecht-2019", "yulius-2020", "schiedam-2018"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with draaiende_server(tmp_path_factory.mktemp("api")) as s:
        yield s


def _profiel(verhaal: str) -> dict[str, object]:
    return json.loads(lees_profiel(ROOT / "voorbeelden" / f"{verhaal}.yaml").model_dump_json(exclude_none=True))


def test_good_input_gives_the_advice_with_the_core_first(server: Server) -> None:
    status, headers, advies = server.json("POST", "/v1/adviezen", _profiel("bergeijk-2021"))
    assert status == 200
    assert headers["content-type"] == "application/json"
    assert headers["api-version"] == API_VERSIE
    assert next(iter(advies)) == "samenvatting"
    assert "lpw.4a.signaal.niet_ingeschreven" in [s["id"] for s in advies["samenvatting"]["signalen"]]
    assert advies["ontvangst"]["peildatum"] == "2021-08-16"


def test_peildatum_as_query_goes_before_the_field(server: Server) -> None:
    status, _, advies = server.json("POST", "/v1/adviezen?peildatum=2026-03-01", {"leeftijd": 17, "onderwijs": "geen"})
    assert status == 200 and advies["ontvangst"]["peildatum"] == "2026-03-01"


@pytest.mark.parametrize(("gegevens", "velden"), [
    ({"leeftijd": "zeventien"}, ["leeftijd"]),                               # wrong type
    ({"leeftijdd": 17}, ["leeftijdd"]),                                      # unknown field
    ({"geboortedatum": "2005-02-30"}, ["geboortedatum"]),                    # impossible date
    ({"onderwijs": "mbo", "jeugdhulp": [{"vorm": "x"}]}, ["onderwijs", "jeugdhulp[0].vorm"]),  # all at once
    ([1, 2], ["body"]),                                                      # not an object
])
def test_bad_input_is_a_400_problem_naming_every_field(server: Server, gegevens: object, velden: list[str]) -> None:
    status, headers, probleem = server.json("POST", "/v1/adviezen", gegevens)
    assert status == 400
    assert headers["content-type"] == "application/problem+json"
    assert headers["api-version"] == API_VERSIE
    assert {"status", "title", "detail"} <= set(probleem) and probleem["status"] == 400
    assert [p["name"] for p in probleem["invalidParams"]] == velden


def test_broken_json_and_bad_query_are_400(server: Server) -> None:
    for body in (b"{", b"", b"[" * 5000 + b"]" * 5000, b"1" * 5000):
        status, headers, _inhoud = server.vraag("POST", "/v1/adviezen", body, {"Content-Type": "application/json"})
        assert status == 400 and headers["content-type"] == "application/problem+json", body[:20]
    status, _, probleem = server.json("POST", "/v1/adviezen?peildatum=20250101", {"leeftijd": 17})
    assert status == 400 and probleem["invalidParams"][0]["name"] == "query.peildatum"


def test_body_over_the_limit_is_413(server: Server) -> None:
    groot = json.dumps({"gemeente": "x" * (MAX_BODY + 10)}).encode()
    status, headers, inhoud = server.vraag("POST", "/v1/adviezen", groot, {"Content-Type": "application/json"})
    assert status == 413
    assert headers["content-type"] == "application/problem+json" and headers["api-version"] == API_VERSIE
    assert str(MAX_BODY) in json.loads(inhoud)["detail"]


def test_uncovered_peildatum_says_the_period_covered(server: Server) -> None:
    status, _, probleem = server.json("POST", "/v1/adviezen", {"peildatum": "2000-06-01", "leeftijd": 19})
    assert status == 400
    assert "van 2015-01-01 tot en met 9000-12-31" in probleem["detail"]
    assert probleem["invalidParams"][0]["name"] == "peildatum"


@pytest.mark.parametrize(("pad", "gegevens", "veld"), [
    ("/v1/adviezen?peildatum=2000-06-01", {"leeftijd": 19}, "query.peildatum"),
    ("/v1/adviezen?wetdatum=2010-01-01", {"leeftijd": 19, "peildatum": "2026-01-01"}, "query.wetdatum"),
    ("/v1/adviezen?peildatum=9999-12-31", {"leeftijd": 19}, "query.peildatum"),
    ("/v1/adviezen?wetdatum=9999-12-31", {"leeftijd": 19}, "query.wetdatum"),
    ("/v1/adviezen", {"leeftijd": 19, "peildatum": "9999-12-31"}, "peildatum"),
])
def test_every_date_outside_the_coverage_is_a_400_naming_the_period(server: Server, pad: str, gegevens: object,
                                                                     veld: str) -> None:
    status, headers, probleem = server.json("POST", pad, gegevens)
    assert status == 400 and headers["content-type"] == "application/problem+json"
    assert "van 2015-01-01 tot en met 9000-12-31" in probleem["detail"]
    assert [p["name"] for p in probleem["invalidParams"]] == [veld]
    assert "9999" not in json.dumps(probleem) and "2010-01-01" not in json.dumps(probleem)


def test_wetdatum_and_streng_reach_the_engine(server: Server) -> None:
    casus27 = {"geboortedatum": "1999-03-10", "jeugdhulp": [], "peildatum": "2026-06-01"}
    _, _, mild = server.json("POST", "/v1/adviezen", casus27)
    _, _, streng = server.json("POST", "/v1/adviezen?streng=true", casus27)
    assert mild["ontvangst"]["vermoedens"] and not mild["ontvangst"]["streng"]
    assert streng["ontvangst"]["streng"] and not streng["ontvangst"]["vermoedens"]
    # the question about the presumed fact comes after every other
    vragen = mild["vragen"]
    assert any(v["vermoeden"] for v in vragen)
    assert [v["vermoeden"] is not None for v in vragen] == sorted(v["vermoeden"] is not None for v in vragen)
    status, _, later = server.json("POST", "/v1/adviezen?wetdatum=2027-01-01",
                                   {"leeftijd": 17, "onderwijs": "geen", "peildatum": "2025-12-31"})
    assert status == 200
    assert later["ontvangst"]["peildatum"] == "2025-12-31" and later["ontvangst"]["wetdatum"] == "2027-01-01"


def test_the_page_takes_wetdatum_and_streng(server: Server) -> None:
    from urllib.parse import urlencode

    def post(**velden: str) -> tuple[int, str]:
        formulier = {"peildatum": "01-06-2026", "geboortedatum": "10-03-1999", "jeugdhulp": "__geen__", **velden}
        status, _, html = server.vraag("POST", "/", urlencode(formulier).encode(),
                                       {"Content-Type": "application/x-www-form-urlencoded"})
        return status, html.decode()

    status, mild = post()
    assert status == 200 and "Aangenomen: Niet berecht" in mild and "Nu aangenomen" in mild
    status, streng = post(streng="ja")
    assert status == 200 and "Streng: zonder vermoedens" in streng and "Aangenomen:" not in streng
    status, later = post(wetdatum="01-01-2027")
    assert status == 200 and "wet van 01-01-2027" in later
    status, te_vroeg = post(wetdatum="01-01-2010")
    assert status == 400 and 'id="f-wetdatum-fout"' in te_vroeg


def test_eight_concurrent_clients_get_the_sequential_answers(server: Server) -> None:
    profielen = [_profiel(v) for v in VERHALEN] * 4
    sequentieel = [server.json("POST", "/v1/adviezen", p)[2] for p in profielen]
    with ThreadPoolExecutor(max_workers=8) as pool:
        parallel = list(pool.map(lambda p: server.json("POST", "/v1/adviezen", p)[2], profielen))
    assert parallel == sequentieel
    assert len({json.dumps(a, sort_keys=True) for a in sequentieel}) == len(VERHALEN)


def test_rules_with_basis_and_validity(server: Server) -> None:
    status, _, regels = server.json("GET", "/v1/regels?peildatum=2025-01-01&wet=Jeugdwet&soort=regime")
    assert status == 200 and [r["id"] for r in regels] == ["jw.jeugdwet"]
    assert regels[0]["grondslag"][0]["url"].endswith("&g=2025-01-01&z=2025-01-01")
    status, _, alle = server.json("GET", "/v1/regels")
    assert status == 200 and len(alle) > 100
    status, _, versies = server.json("GET", "/v1/regels/lpw.4a.signaal.niet_ingeschreven")
    assert status == 200 and len(versies) >= 2 and all("geldig_vanaf" in v for v in versies)
    status, headers, _probleem = server.json("GET", "/v1/regels/bestaat.niet")
    assert status == 404 and headers["content-type"] == "application/problem+json"
    assert server.json("GET", "/v1/regels?soort=regiem")[0] == 400


def test_schemas_openapi_and_health(server: Server) -> None:
    status, headers, namen = server.json("GET", "/v1/schemas")
    assert status == 200 and "advies" in namen["schemas"]
    status, _, schema = server.json("GET", "/v1/schemas/advies")
    assert status == 200 and "additionalProperties\": false" not in json.dumps(schema)
    status, headers, document = server.json("GET", "/v1/openapi.json")
    assert status == 200 and headers["access-control-allow-origin"] == "*"
    assert document["servers"] == [{"url": "/v1"}] and document["info"]["version"] == API_VERSIE
    assert set(document["paths"]) == {"/adviezen", "/regels", "/regels/{regel_id}", "/schemas", "/schemas/{naam}",
                                      "/gezondheid"}
    assert '"additionalProperties": false' not in json.dumps(document["components"]["schemas"]["Advies"])
    for pad in document["paths"]:
        assert pad == pad.lower() and not pad.endswith("/")
    assert "400" in document["paths"]["/adviezen"]["post"]["responses"]
    status, _, gezond = server.json("GET", "/v1/gezondheid")
    assert status == 200 and gezond["status"] == "ok" and gezond["dekking"]["vanaf"] == "2015-01-01"


def test_every_response_has_the_version_and_security_headers(server: Server) -> None:
    for methode, pad in (("GET", "/v1/gezondheid"), ("GET", "/v1/bestaat-niet"), ("DELETE", "/v1/adviezen"),
                         ("GET", "/"), ("GET", "/v1/regels/x")):
        status, headers, _ = server.vraag(methode, pad)
        assert headers["api-version"] == API_VERSIE, pad
        assert headers["cache-control"] == "no-store" and headers["x-content-type-options"] == "nosniff"
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        if status >= 400:
            assert headers["content-type"] == "application/problem+json", pad


def test_nothing_about_a_case_reaches_the_log(server: Server) -> None:
    geheim = {"geboortedatum": "2004-07-19", "gemeente": "Bergeijk", "onderwijs": "geen"}
    server.json("POST", "/v1/adviezen?peildatum=2021-09-13", geheim)
    server.json("POST", "/v1/adviezen", {"geboortedatum": "2004-07-32"})
    server.vraag("POST", "/", b"geboortedatum=19-07-2004&gemeente=Bergeijk",
                 {"Content-Type": "application/x-www-form-urlencoded"})
    log = server.log.read_text()
    assert "POST /v1/adviezen 200" in log and "POST / " in log
    for waarde in ("2004-07-19", "2021-09-13", "2004-07-32", "19-07-2004", "Bergeijk", "peildatum="):
        assert waarde not in log


def test_rules_compile_once_per_worker(tmp_path: Path) -> None:
    with draaiende_server(tmp_path, workers=2) as s:
        antwoorden = {s.json("GET", "/v1/gezondheid")[2]["regels_hash"] for _ in range(6)}
        assert len(antwoorden) == 1
        profiel = {"leeftijd": 17, "onderwijs": "geen", "peildatum": "2025-01-01"}
        assert s.json("POST", "/v1/adviezen", profiel)[0] == 200


@pytest.mark.parametrize(("opties", "verwacht"), [([], None), (["--workers", "1"], 1), (["--workers", "3"], 3)])
def test_serve_starts_a_worker_per_core_unless_told(monkeypatch: pytest.MonkeyPatch, opties: list[str],
                                                   verwacht: int | None) -> None:
    # durable-rules holds the GIL, so only processes use more cores (issue 11)
    from typer.testing import CliRunner

    import regelruimte.api as api
    from regelruimte.cli import app
    from regelruimte.proces import beschikbare_kernen

    gestart: list[int] = []
    monkeypatch.setattr(api, "start", lambda host, port, workers, regels: gestart.append(workers))
    uit = CliRunner().invoke(app, ["serve", *opties])
    assert uit.exit_code == 0, uit.output
    assert gestart == [verwacht or beschikbare_kernen()]
