"""What makes the engine fast must not change what it says (issue "Fast enough for a whole country").

Each shortcut is held against the slow path it replaces: libyaml against the pure-Python
YAML parser, the compiled evaluator against the tree-walking one and durable-rules, the
lazy explanation against the full one.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from regelruimte import source

ROOT = Path(__file__).resolve().parents[1]


def _yaml_bestanden() -> list[Path]:
    return sorted(p for patroon in ("rules/**/*.yaml", "tests/broken/**/*.yaml", "voorbeelden/*.yaml")
                  for p in ROOT.glob(patroon))


@pytest.mark.skipif(source._CLoader is None, reason="PyYAML without libyaml")
def test_libyaml_gives_the_same_nodes_and_positions_as_pure_python(monkeypatch: pytest.MonkeyPatch) -> None:
    for pad in _yaml_bestanden():
        try:
            tekst = pad.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # RR104 before any parser runs
        snel = source.lees_yaml(pad, tekst)
        with monkeypatch.context() as m:
            m.setattr(source, "_CLoader", None)
            traag = source.lees_yaml(pad, tekst)
        assert [d.kop() for d in snel[1]] == [d.kop() for d in traag[1]], pad
        a, b = snel[0], traag[0]
        assert (a is None) == (b is None), pad
        if a is not None and b is not None:
            assert (a.data, a.posities, a.sleutel_posities) == (b.data, b.posities, b.sleutel_posities), pad


def test_a_yaml_error_reads_the_same_with_libyaml() -> None:
    # libyaml finds the problem; the pure-Python parser words it (RR101 in Dutch)
    bron, diags = source.lees_yaml("x.yaml", "regels:\n  - id: a\n   titel: b\n")
    assert bron is None and diags[0].code == "RR101" and "inspringing" in diags[0].message
    assert yaml.__with_libyaml__ is (source._CLoader is not None)
