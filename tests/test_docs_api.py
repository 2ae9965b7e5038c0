"""Every curl example in docs/integratie.md runs against a real server and does what the page
says (2xx, or the documented problem)."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
from collections.abc import Iterator

import pytest

pytest.importorskip("fastapi")

from .server import ROOT, Server, draaiende_server

DOC = ROOT / "docs" / "integratie.md"


def voorbeelden() -> list[str]:
    tekst = DOC.read_text(encoding="utf-8")
    blokken = re.findall(r"```sh\n(.*?)```", tekst, re.S)
    uit = []
    for blok in blokken:
        for commando in blok.replace("\\\n", " ").splitlines():
            if commando.strip().startswith("curl"):
                uit.append(commando.strip())
    return uit


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with draaiende_server(tmp_path_factory.mktemp("docs")) as s:
        yield s


def test_the_page_has_examples() -> None:
    assert len(voorbeelden()) >= 7


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl niet geïnstalleerd")
@pytest.mark.parametrize("commando", voorbeelden())
def test_curl_example_runs(server: Server, commando: str) -> None:
    args = [a.replace("http://127.0.0.1:8000", server.basis) for a in shlex.split(commando)]
    uit = subprocess.run([*args, "-w", "\n%{http_code}"], capture_output=True, text=True, timeout=60, check=True)
    body, _, status = uit.stdout.rpartition("\n")
    if " -si " in f" {commando} ":
        assert "api-version: 1.0.0" in body.lower()
        return
    inhoud = json.loads(body)
    if "onderwijss" in commando or "2000-06-01" in commando:
        assert status == "400" and inhoud["invalidParams"]
        if "2000-06-01" in commando:
            assert "van 2015-01-01 tot en met" in inhoud["detail"]
        return
    assert status == "200", body[:500]
    if "wetdatum=" in commando:
        assert inhoud["ontvangst"]["wetdatum"] == "2027-01-01" and inhoud["ontvangst"]["peildatum"] == "2025-12-31"
    elif "streng=true" in commando:
        assert inhoud["ontvangst"]["streng"] is True and inhoud["ontvangst"]["vermoedens"] == []
    elif "/adviezen" in commando:
        actie = [s["actie"] for s in inhoud["samenvatting"]["signalen"]]
        assert "Meld het bij de leerplichtambtenaar." in actie
