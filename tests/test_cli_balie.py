"""The small things users asked for (issue 9): --version, a case from standard input, errors as
JSON with --json; and standard input is read within the profile reader's limits."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from regelruimte import __version__
from regelruimte.limits import PROFIEL

ROOT = Path(__file__).resolve().parents[1]


def _regelruimte(*args: str, invoer: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "regelruimte.cli", *args], input=invoer, capture_output=True,
                          cwd=ROOT, timeout=300)


def test_version() -> None:
    uit = _regelruimte("--version")
    assert uit.returncode == 0 and uit.stdout.decode().strip() == f"regelruimte {__version__}"


def test_a_case_from_standard_input_as_yaml_or_json_gives_the_same_advice() -> None:
    yaml_tekst = (ROOT / "voorbeelden" / "bergeijk-2021.yaml").read_bytes()
    uit_yaml = _regelruimte("advies", "-", "--json", invoer=yaml_tekst)
    assert uit_yaml.returncode == 0, uit_yaml.stderr.decode()
    advies = json.loads(uit_yaml.stdout)
    uit_bestand = json.loads(_regelruimte("advies", "voorbeelden/bergeijk-2021.yaml", "--json").stdout)
    assert advies["samenvatting"] == uit_bestand["samenvatting"]
    json_tekst = json.dumps({"peildatum": "2021-08-16", "leeftijd": 16, "onderwijs": "geen"}).encode()
    assert _regelruimte("advies", "-", "--kort", invoer=json_tekst).returncode == 0


def test_standard_input_over_the_profile_limit_is_refused_not_read() -> None:
    groot = b"gemeente: " + b"x" * (PROFIEL.max_bytes * 50)
    uit = _regelruimte("advies", "-", "--json", invoer=groot)
    assert uit.returncode == 2
    fout = json.loads(uit.stdout)
    assert fout["fout"] == "ongeldig_profiel" and "RR105" in fout["detail"]


def test_errors_are_json_with_the_fields_and_no_values() -> None:
    uit = _regelruimte("advies", "-", "--json", invoer=b'{"leeftijd": "zeventien", "geboortedatum": "2005-02-30"}')
    assert uit.returncode == 2 and not uit.stderr.strip()
    fout = json.loads(uit.stdout)
    assert fout["fout"] == "ongeldig_profiel"
    assert [v["veld"] for v in fout["velden"]] == ["geboortedatum", "leeftijd"]
    assert "zeventien" not in uit.stdout.decode() and "2005-02-30" not in uit.stdout.decode()
    for args, soort in ((["--peildatum", "2025-13-01"], "ongeldige_peildatum"),
                        (["--wetdatum", "2025-W01-1"], "ongeldige_wetdatum"),
                        (["--peildatum", "2001-01-01"], "buiten_dekking")):
        uit = _regelruimte("advies", "voorbeelden/bergeijk-2021.yaml", "--json", *args)
        assert uit.returncode == 2 and json.loads(uit.stdout)["fout"] == soort, args
