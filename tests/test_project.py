"""The project's own metadata agrees with itself and with the standards it claims.

``publiccode.yml`` is checked against the rules of the publiccode.yml standard (core 0.4:
mandatory keys, allowed values, lengths), and the version appears as written in
``regelruimte.__version__``, the one place it is kept.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path
from typing import Any

import yaml

import regelruimte

ROOT = Path(__file__).resolve().parents[1]

# From the standard's controlled vocabularies (categories-list, scope-list) and core schema.
CATEGORIEEN = {
    "business-process-management", "compliance-management", "data-analytics", "digital-citizenship",
    "document-management", "knowledge-management", "workflow-management",
}
SCOPES = {
    "agriculture", "culture", "defence", "education", "emergency-services", "employment", "energy",
    "environment", "finance-and-economic-development", "foreign-affairs", "government", "healthcare",
    "infrastructures", "justice", "local-authorities", "manufacturing", "research", "science-and-technology",
    "security", "society", "sport", "tourism", "transportation", "welfare",
}
STATUS = {"concept", "development", "beta", "stable", "obsolete"}
SOORTEN = {"standalone/mobile", "standalone/iot", "standalone/desktop", "standalone/web", "standalone/backend",
           "standalone/other", "addon", "library", "configurationFiles"}
ONDERHOUD = {"internal", "contract", "community", "none"}


def _publiccode() -> dict[str, Any]:
    # Read as text first: YAML 1.1 would turn an unquoted date into a date object.
    gegevens = yaml.safe_load((ROOT / "publiccode.yml").read_text(encoding="utf-8"))
    assert isinstance(gegevens, dict)
    return gegevens


def test_publiccode_has_the_mandatory_keys_with_allowed_values() -> None:
    pc = _publiccode()
    for sleutel in ("publiccodeYmlVersion", "name", "url", "platforms", "categories", "developmentStatus",
                    "softwareType", "description", "legal", "maintenance", "localisation"):
        assert sleutel in pc, sleutel
    assert pc["publiccodeYmlVersion"] == "0.4"
    assert re.fullmatch(r"https://\S+", pc["url"])
    assert pc["platforms"] and set(pc["categories"]) <= CATEGORIEEN
    assert pc["developmentStatus"] in STATUS and pc["softwareType"] in SOORTEN
    assert set(pc["intendedAudience"]["scope"]) <= SCOPES
    assert pc["intendedAudience"]["countries"] == ["nl"]
    assert pc["legal"]["license"] == "EUPL-1.2"
    onderhoud = pc["maintenance"]
    assert onderhoud["type"] in ONDERHOUD
    if onderhoud["type"] in ("internal", "community"):
        assert onderhoud["contacts"] and all(c.get("name") for c in onderhoud["contacts"])
    if onderhoud["type"] == "contract":
        assert onderhoud["contractors"] and all(c.get("name") and c.get("until") for c in onderhoud["contractors"])
    assert isinstance(pc["localisation"]["localisationReady"], bool)
    assert pc["localisation"]["availableLanguages"]


def test_publiccode_describes_the_software_in_dutch_and_english() -> None:
    beschrijving = _publiccode()["description"]
    assert set(beschrijving) == {"nl", "en"}
    for taal, tekst in beschrijving.items():
        assert len(tekst["shortDescription"]) <= 150, taal
        assert 500 <= len(tekst["longDescription"]) <= 10000, taal
        assert tekst["features"] and all(len(f) <= 100 for f in tekst["features"]), taal


def test_the_version_is_written_once_and_followed_everywhere() -> None:
    versie = regelruimte.__version__
    pc = _publiccode()
    assert pc["softwareVersion"] == versie
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    koppen = re.findall(r"^## (.+)$", changelog, re.M)
    assert koppen[0] == "Unreleased", "new changes go under 'Unreleased', on top"
    uitgaven = [re.fullmatch(r"(\d+\.\d+\.\d+) — (\d{4}-\d{2}-\d{2})", kop) for kop in koppen[1:]]
    assert all(uitgaven), koppen
    nummers = [tuple(int(d) for d in u[1].split(".")) for u in uitgaven if u]
    assert nummers == sorted(nummers, reverse=True), "newest release first"
    nieuwste = uitgaven[0]
    assert nieuwste is not None and nieuwste[1] == versie
    assert dt.date.fromisoformat(pc["releaseDate"]) == dt.date.fromisoformat(nieuwste[2])
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "version" not in project and "version" in project["dynamic"]


def test_the_licence_is_the_eupl_and_the_readme_names_it() -> None:
    licentie = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert licentie.lstrip().startswith("EUROPEAN UNION PUBLIC LICENCE v. 1.2")
    assert "Compatible Licences" in licentie and "EUPL v. 1.2 only" in licentie
    assert "EUPL-1.2" in (ROOT / "README.md").read_text(encoding="utf-8")
