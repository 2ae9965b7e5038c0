"""A real `regelruimte serve` process on loopback for the API and page tests."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    basis: str
    proces: subprocess.Popen[str]
    log: Path
    antwoorden: list[Any] = field(default_factory=list)

    def vraag(self, methode: str, pad: str, body: bytes | None = None,
              headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
        verzoek = urllib.request.Request(self.basis + pad, data=body, method=methode, headers=headers or {})
        try:
            with urllib.request.urlopen(verzoek, timeout=30) as antwoord:
                return antwoord.status, {k.lower(): v for k, v in antwoord.headers.items()}, antwoord.read()
        except urllib.error.HTTPError as fout:
            return fout.code, {k.lower(): v for k, v in fout.headers.items()}, fout.read()

    def json(self, methode: str, pad: str, gegevens: Any = None) -> tuple[int, dict[str, str], Any]:
        body = None if gegevens is None else json.dumps(gegevens, default=str).encode()
        status, headers, inhoud = self.vraag(methode, pad, body, {"Content-Type": "application/json"})
        return status, headers, json.loads(inhoud) if inhoud else None


@contextmanager
def draaiende_server(tmp: Path, *, workers: int = 1) -> Iterator[Server]:
    poort = vrije_poort()
    log = tmp / f"server-{poort}.log"
    omgeving = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with log.open("w") as uit:
        proces = subprocess.Popen(
            [sys.executable, "-m", "regelruimte.cli", "serve", "--port", str(poort), "--workers", str(workers)],
            stdout=uit, stderr=subprocess.STDOUT, text=True, cwd=ROOT, env=omgeving)
    server = Server(f"http://127.0.0.1:{poort}", proces, log)
    try:
        eind = time.monotonic() + 60
        while True:
            try:
                if server.vraag("GET", "/v1/gezondheid")[0] == 200:
                    break
            except (urllib.error.URLError, ConnectionError):
                pass
            if proces.poll() is not None or time.monotonic() > eind:
                raise RuntimeError(f"server kwam niet op:\n{log.read_text()}")
            time.sleep(0.2)
        yield server
    finally:
        proces.terminate()
        try:
            proces.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proces.kill()
