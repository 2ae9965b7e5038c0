"""The documentation keeps up with the code: every error code has its section."""

from __future__ import annotations

import re
from pathlib import Path

from regelruimte.diagnostics import CODES

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_every_error_code_is_documented_with_its_title() -> None:
    koppen = dict(re.findall(r"^## (RR\d{3}) — (.+)$", (DOCS / "errors.md").read_text(encoding="utf-8"), re.M))
    assert {code: c.titel for code, c in CODES.items()} == koppen


def test_docs_link_to_existing_files() -> None:
    for doc in DOCS.glob("*.md"):
        for doel in re.findall(r"\]\(([^)#:]+\.(?:md|yaml|py))(?:#[^)]*)?\)", doc.read_text(encoding="utf-8")):
            assert (doc.parent / doel).exists(), f"{doc.name} verwijst naar {doel}, dat niet bestaat"
