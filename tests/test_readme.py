"""The README's "Use" section works as written after the set-up command."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def gebruik() -> list[str]:
    tekst = (ROOT / "README.md").read_text(encoding="utf-8")
    sectie = tekst.split("## Use", 1)[1]
    blok = re.search(r"```sh\n(.*?)```", sectie, re.S)
    assert blok is not None
    return [regel.split("  #")[0].strip() for regel in blok[1].splitlines() if regel.strip()]


# `serve` runs in tests/test_api.py; `test` runs every scenario, which pytest already does (rules/).
@pytest.mark.parametrize("commando", [c for c in gebruik() if not c.startswith(("regelruimte serve",
                                                                                "regelruimte test"))])
def test_use_command_runs(commando: str, tmp_path: Path) -> None:
    commando = commando.replace("-o schema", f"-o {tmp_path}")
    omgeving = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
                "COLUMNS": "100"}
    uit = subprocess.run(commando, shell=True, cwd=ROOT, env=omgeving, capture_output=True, text=True,
                         timeout=300, stdin=subprocess.DEVNULL)
    assert uit.returncode == 0, uit.stdout[-2000:] + uit.stderr[-2000:]
    assert uit.stdout.strip() or uit.stderr.strip()


def test_serve_is_in_use_and_tested_elsewhere() -> None:
    assert any(c.startswith("regelruimte serve") for c in gebruik())  # tests/test_api.py runs it
