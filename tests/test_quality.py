"""Lint and strict typing are part of the test run, so CI enforces them too."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(shutil.which("ruff") is None and not (Path(sys.executable).parent / "ruff").exists(),
                    reason="ruff not installed")
def test_ruff() -> None:
    ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    uit = subprocess.run([ruff, "check", "src", "tests", "bench"], cwd=ROOT, capture_output=True, text=True)
    assert uit.returncode == 0, uit.stdout


def test_mypy_strict() -> None:
    pytest.importorskip("mypy")
    uit = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True)
    assert uit.returncode == 0, uit.stdout


def _imports(module: Path) -> set[str]:
    """The regelruimte modules ``module`` imports (relative imports resolved)."""
    import ast

    pakket = module.relative_to(ROOT / "src").with_suffix("").parts[:-1]
    uit: set[str] = set()
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            basis = pakket[: len(pakket) - node.level + 1] if node.level else ()
            naam = ".".join([*basis, *(node.module.split(".") if node.module else [])])
            uit.update({naam, *(f"{naam}.{a.name}" for a in node.names)})
        elif isinstance(node, ast.Import):
            uit.update(a.name for a in node.names)
    return uit


@pytest.mark.parametrize(("module", "verboden"), [
    # The plan reports what it cannot run; the compiler places it (no import circle).
    ("backends/plan.py", ("regelruimte.compile", "regelruimte.compiler")),
    # The semantics is below every stage that uses it.
    ("semantics.py", ("regelruimte.backends", "regelruimte.compile", "regelruimte.compiler", "regelruimte.explain")),
    # The explanation re-evaluates through the semantics, not through a backend.
    ("explain.py", ("regelruimte.backends.reference", "regelruimte.backends.durable")),
])
def test_layers(module: str, verboden: tuple[str, ...]) -> None:
    geimporteerd = _imports(ROOT / "src" / "regelruimte" / module)
    assert not {m for m in geimporteerd if m.startswith(verboden)}, geimporteerd
