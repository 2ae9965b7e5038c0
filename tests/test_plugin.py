"""The pytest plugin is installed with regelruimte in every environment, so it must stay out of
the way: it collects scenario files only in a project that asks for it
(``regelruimte_scenarios = true``). Each host project here is a separate folder with its own
pytest configuration, run in a separate pytest process, as another application would."""

from __future__ import annotations

import copy
import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]

REGEL = {"geldig_vanaf": "2015-01-01", "regels": [{
    "id": "t.meerderjarig", "titel": "Meerderjarig", "soort": "regime",
    "als": {"feit": "leeftijd", "vanaf": 18}, "grondslag": [{"wet": "PW", "artikel": "11"}],
    "aard": "moet", "uitleg": "Uitleg van de test."}]}
SCENARIOS = {"scenarios": [
    {"naam": "volwassen", "peildatum": "2025-06-01", "profiel": {"leeftijd": 19},
     "verwacht": {"t.meerderjarig": "van_toepassing"}},
    {"naam": "kind", "peildatum": "2025-06-01", "profiel": {"leeftijd": 9},
     "verwacht": {"t.meerderjarig": "niet_van_toepassing"}},
]}


def _pytest(map_: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args],
                          cwd=map_, capture_output=True, text=True, timeout=300)


def _gastproject(map_: Path, ini: str) -> None:
    (map_ / "pytest.ini").write_text(f"[pytest]\n{ini}", encoding="utf-8")
    (map_ / "test_eigen.py").write_text("def test_eigen():\n    assert True\n", encoding="utf-8")
    # The host application's own YAML fixture, which has nothing to do with regelruimte.
    (map_ / "x.test.yaml").write_text("request: {method: GET, path: /}\nexpect: {status: 200}\n",
                                      encoding="utf-8")


def test_another_project_is_left_alone(tmp_path: Path) -> None:
    _gastproject(tmp_path, "")
    uit = _pytest(tmp_path, "-q")
    assert uit.returncode == 0, uit.stdout + uit.stderr
    assert re.search(r"^1 passed", uit.stdout, re.M), uit.stdout
    assert "RR2" not in uit.stdout and "x.test.yaml" not in uit.stdout


def test_a_project_that_asks_gets_its_scenarios(tmp_path: Path) -> None:
    _gastproject(tmp_path, "regelruimte_scenarios = true\n")
    (tmp_path / "x.test.yaml").unlink()
    regels = tmp_path / "regels"
    regels.mkdir()
    (regels / "dekking.yaml").write_text("vanaf: 2015-01-01\ntoelichting: test\n", encoding="utf-8")
    (regels / "r.yaml").write_text(yaml.safe_dump(REGEL), encoding="utf-8")
    (regels / "r.test.yaml").write_text(yaml.safe_dump(SCENARIOS), encoding="utf-8")
    uit = _pytest(tmp_path, "-v")
    assert uit.returncode == 0, uit.stdout + uit.stderr
    assert "r.test.yaml::volwassen [referentie] PASSED" in uit.stdout
    assert "r.test.yaml::kind [referentie] PASSED" in uit.stdout
    # and a wrong expectation fails, naming the scenario
    fout = copy.deepcopy(SCENARIOS)
    fout["scenarios"][1]["verwacht"]["t.meerderjarig"] = "van_toepassing"
    (regels / "r.test.yaml").write_text(yaml.safe_dump(fout), encoding="utf-8")
    uit = _pytest(tmp_path, "-q", "regels")
    assert uit.returncode == 1 and "scenario 'kind'" in uit.stdout, uit.stdout


def test_the_option_also_works_from_the_command_line(tmp_path: Path) -> None:
    _gastproject(tmp_path, "")
    uit = _pytest(tmp_path, "-q", "-o", "regelruimte_scenarios=true", "x.test.yaml")
    assert uit.returncode != 0 and "RR202" in uit.stdout, uit.stdout  # asked for, so it is read


def test_this_project_collects_every_scenario_file() -> None:
    uit = _pytest(ROOT, "-o", "addopts=", "--collect-only", "-q", "rules")  # one process: a plain list
    assert uit.returncode == 0, uit.stdout + uit.stderr
    verzameld = {regel.split("::")[0] for regel in uit.stdout.splitlines() if "::" in regel}
    op_schijf = {str(p.relative_to(ROOT)) for p in (ROOT / "rules").rglob("*.test.yaml")}
    assert op_schijf and verzameld == op_schijf
