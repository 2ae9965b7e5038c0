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


def test_doc_outputs_match_by_line_with_gaps() -> None:
    from tests.docs_voorbeelden import _past_op

    kreeg = ["kop", "a", "b", "regels 51c7 · durable", "staart"]
    assert _past_op(["kop", "…", "staart"], kreeg)
    assert _past_op(["kop", "a", "…", "regels … · durable", "staart"], kreeg)
    assert _past_op(["…", "b", "…"], kreeg)
    assert not _past_op(["kop", "…"], ["voor", *kreeg])  # anchored at the start
    assert not _past_op(["…", "a"], kreeg)  # and at the end
    assert not _past_op(["kop", "b", "…"], kreeg)  # lines without a gap between them are adjacent
    assert not _past_op(["kop", "a", "b", "regels 9999 · durable", "staart"], kreeg)
    assert _past_op(["x   [100%]", "=== FAILURES ==="], ["x [100%]", "=========== FAILURES ==========="])
